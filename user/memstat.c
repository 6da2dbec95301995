// memstat: print the kernel's memory counters (the memstat() system call),
// one "name value  explanation" line each. Counters count since boot;
// run it before and after a program to see what that program did.
#include "kernel/types.h"
#include "kernel/memstat.h"
#include "user/user.h"

#define WHAT_COLUMN 22   // where the explanations start, in characters

// Print one counter: its name, its value and what it counts.
static void
show(const char *name, uint64 value, const char *what)
{
  int width = strlen(name) + 1;
  for(uint64 v = value; ; v /= 10){
    width++;
    if(v < 10)
      break;
  }
  printf("%s %llu", name, (unsigned long long)value);
  for(; width < WHAT_COLUMN; width++)
    printf(" ");
  printf(" %s\n", what);
}

int
main(int argc, char *argv[])
{
  struct memstat m;

  if(memstat(&m) != 0){
    fprintf(2, "memstat: the memstat system call failed\n");
    exit(1);
  }
  show("freepages", m.freepages, "frames free now (4096 bytes each)");
  show("totalpages", m.totalpages, "frames the allocator manages");
  show("allocs", m.allocs, "frames handed out by kalloc");
  show("frees", m.frees, "frames returned to the free list");
  show("cowfaults", m.cowfaults, "stores to copy-on-write pages");
  show("cowcopies", m.cowcopies, "... that copied the page");
  show("cowreuses", m.cowreuses, "... that reused it (last sharer)");
  show("lazyfaults", m.lazyfaults, "pages allocated at first touch (sbrklazy)");
  show("forkshared", m.forkshared, "pages fork shared with a child, uncopied");
  exit(0);
}
