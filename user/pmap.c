// pmap [-v] [PID]: print the user address space of process PID (by
// default, pmap's own) from the pmap() system call (kernel/pmap.h): one
// line per run of pages in the same state (with -v, one line per page):
// start and end virtual address, pages, permissions (r w x u), the
// frame's reference count (page tables that map it) and marks (cow:
// copy-on-write, a store copies the page or its table; lazy: below the
// size but not backed yet; "sharedpt N": the leaf page table is shared by
// a fork, N processes hold it now). Then a summary: pages private (count
// 1 in a table no other process holds), shared read-only, COW-shared,
// lazy, and page-table pages: every table this process reaches, a shared
// leaf table included (so it counts in each process that shares it), and
// how many of them are shared leaf tables. Exits 1, with a message, if no
// process has that pid.
#include "kernel/types.h"
#include "kernel/memlayout.h"
#include "kernel/pmap.h"
#include "user/user.h"

static struct pmapent recs[PMAP_MAXREC];

// Page counts for the summary line.
struct tally {
  uint64 private, sharedro, cowshared, lazy;
};

// Print v in decimal, right-aligned in width characters.
static void
pad(uint64 v, int width)
{
  int digits = 1;
  for(uint64 x = v; x >= 10; x /= 10)
    digits++;
  for(; width > digits; width--)
    printf(" ");
  printf("%lu", (unsigned long)v);
}

// Print a user virtual address in hex with as many digits as the highest
// one (TRAPFRAME - 1) has, so that columns line up.
static void
addr(uint64 va)
{
  int width = 1;
  for(uint64 x = TRAPFRAME - 1; x >= 16; x >>= 4)
    width++;
  char s[17];
  for(int i = width - 1; i >= 0; i--, va >>= 4)
    s[i] = "0123456789abcdef"[va & 15];
  s[width] = 0;
  printf("0x%s", s);
}

// One output line: npages pages from va in the state of e.
static void
line(uint64 va, uint64 npages, struct pmapent *e)
{
  addr(va);
  printf(" ");
  addr(va + npages * PGSIZE);
  pad(npages, 8);
  if(e->flags & PMAP_LAZY){
    printf(" ----      lazy\n");
    return;
  }
  printf(" %c%c%c%c", e->flags & PMAP_R ? 'r' : '-', e->flags & PMAP_W ? 'w' : '-',
         e->flags & PMAP_X ? 'x' : '-', e->flags & PMAP_U ? 'u' : '-');
  pad(e->ref, 5);
  printf("%s", e->flags & PMAP_COW ? " cow" : "");
  if(e->flags & PMAP_PTSHARED)
    printf(" sharedpt %d", e->ptref);
  printf("\n");
}

// Count e's pages into t.
static void
count(struct tally *t, struct pmapent *e)
{
  if(e->flags & PMAP_LAZY)
    t->lazy += e->npages;
  else if(e->ref <= 1 && e->ptref <= 1)
    t->private += e->npages;
  else if(e->flags & PMAP_COW)
    t->cowshared += e->npages;
  else
    t->sharedro += e->npages;
}

// Print process pid's map, one line per run (verbose: per page). Returns
// 0, -1 if there is no such process, or -2 if it went away while being
// read (it exited).
static int
show(int pid, int verbose)
{
  struct tally t = { 0, 0, 0, 0 };
  uint64 va = 0;
  int header = 0;

  for(;;){
    int n = pmap(pid, va, recs, PMAP_MAXREC);
    if(n <= 0)
      return header ? -2 : -1;
    for(int i = 0; i < n; i++){
      struct pmapent *e = &recs[i];
      if(!header){
        printf("pid %d\nstart        end            pages perm  ref\n", pid);
        header = 1;
      }
      if(e->flags & PMAP_END){
        printf("pid %d: %lu pages below ", pid, (unsigned long)(e->va / PGSIZE));
        addr(e->va);
        printf(": %lu private, %lu shared read-only, %lu COW-shared, %lu lazy; "
               "%lu page-table pages (%d shared)\n", (unsigned long)t.private,
               (unsigned long)t.sharedro, (unsigned long)t.cowshared, (unsigned long)t.lazy,
               (unsigned long)e->npages, e->ptref);
        return 0;
      }
      if(verbose){
        for(uint64 k = 0; k < e->npages; k++)
          line(e->va + k * PGSIZE, 1, e);
      } else {
        line(e->va, e->npages, e);
      }
      count(&t, e);
      va = e->va + e->npages * PGSIZE;
    }
  }
}

int
main(int argc, char *argv[])
{
  int verbose = 0;
  int pid = getpid();
  int i = 1;

  if(i < argc && strcmp(argv[i], "-v") == 0){
    verbose = 1;
    i++;
  }
  if(i < argc){
    for(char *s = argv[i]; *s; s++){
      if(*s < '0' || *s > '9'){
        fprintf(2, "usage: pmap [-v] [PID]\n");
        exit(1);
      }
    }
    pid = atoi(argv[i++]);
  }
  if(i < argc){
    fprintf(2, "usage: pmap [-v] [PID]\n");
    exit(1);
  }
  int r = show(pid, verbose);
  if(r < 0){
    fprintf(2, r == -1 ? "pmap: no process %d\n" : "pmap: process %d exited\n", pid);
    exit(1);
  }
  exit(0);
}
