// vmcheck: drive the DEBUG kernel's frame and page-table checker
// (kernel/vmcheck.h; make DEBUG=1).
//   vmcheck              check now; prints how many checks ran since boot.
//   vmcheck break [WHEN] break the reference count of one frame on
//                        purpose, then do WHEN, whose check must panic
//                        and name "after WHEN": now (the default: check
//                        at once), fork, exec, sbrk, exit or cow (a COW
//                        fault). It first prints the pid and the virtual
//                        address of the page whose frame it breaks, for
//                        tools/check.py to find in the panic line.
//   vmcheck sleep        a child sleeps 20 clock ticks inside a section of
//                        the checker (an event that sleeps, as a fault
//                        reading a disk would) while this process forks,
//                        exits children, faults and asks for checks: none
//                        may wait for the sleeper or panic, and a check
//                        asked for meanwhile must run once it wakes.
//                        Prints "vmcheck: sleep: OK, N checks" or FAILED.
//   vmcheck mark WHAT    set the COW mark on one PTE as it is, then check:
//                        on a heap page (heap: writable and marked) or on
//                        text (text: a read-only page marked). The check
//                        must panic. It first prints the pid and address.
//   vmcheck textwrite    make the kernel store one byte into its own text
//                        (VMDEBUG_TEXTWRITE), which is mapped read-only:
//                        the kernel must take a page fault and panic. The
//                        kernel prints the address; tools/check.py finds
//                        it in the fault line.
//   vmcheck rodatawrite  the same with a byte of the kernel's read-only
//                        data.
// In a kernel without the checker it says so and exits 1.
#include "kernel/types.h"
#include "kernel/memlayout.h"
#include "kernel/vmcheck.h"
#include "user/user.h"

#define NPAGES 3   // heap pages, page-aligned or not: page 0's frame is broken

static void
usage(void)
{
  fprintf(2, "usage: vmcheck [break [now|fork|exec|sbrk|exit|cow] | mark heap|text | sleep | textwrite | rodatawrite]\n");
  exit(2);
}

// Make a pipe into fds, or exit saying why.
static void
xpipe(int fds[2])
{
  if(pipe(fds) < 0){
    fprintf(2, "vmcheck: pipe failed\n");
    exit(1);
  }
}

// Fork a child that runs: returns 0 in the child, and in the parent the
// child's pid once the child is running. Exits if fork fails.
static int
forkrunning(void)
{
  int ready[2];
  char c;
  xpipe(ready);
  int pid = fork();
  if(pid < 0){
    fprintf(2, "vmcheck: fork failed\n");
    exit(1);
  }
  if(pid == 0)
    write(ready[1], "r", 1);
  else
    read(ready[0], &c, 1);
  close(ready[0]);
  close(ready[1]);
  return pid;
}

// A child that shares the heap and then waits, for good, in read(): it
// does nothing more that could run a check. Returns once it waits.
static void
sleeper(void)
{
  int never[2];
  char c;
  xpipe(never);
  if(forkrunning() == 0){
    read(never[0], &c, 1);
    exit(0);
  }
}

// Break the count of the frame of the page at p, after saying which, and
// check that the kernel took it.
static void
breakcount(char *p, const char *when)
{
  printf("vmcheck: breaking the count of pid %d va %p, then %s\n", getpid(), p, when);
  if(vmdebug(VMDEBUG_BREAK, (uintptr)p) != 0){
    fprintf(2, "vmcheck: vmdebug(VMDEBUG_BREAK) failed\n");
    exit(1);
  }
}

// vmcheck sleep (the usage above).
static void
sleepcase(void)
{
  int pid = forkrunning();
  if(pid == 0)
    exit(vmdebug(VMDEBUG_SLEEP, 20) == 0 ? 0 : 1);
  pause(2);   // the child is asleep in its section by now
  uint before = uptime();
  long n0 = vmdebug(VMDEBUG_CHECK, 0);
  char *p = sbrk(PGSIZE);
  for(int i = 0; i < 3; i++){
    if(fork() == 0){
      p[0] = i;   // a COW fault, whose check is deferred too
      exit(0);
    }
  }
  // This check waits (off the hart) until the sleeper's section ends.
  long n1 = vmdebug(VMDEBUG_CHECK, 0);
  uint waited = uptime() - before;
  int status = -1, st;
  for(int i = 0; i < 4; i++)
    if(wait(&st) == pid)
      status = st;
  if(n0 <= 0 || n1 <= n0 || status != 0){
    printf("vmcheck: sleep: FAILED checks %ld then %ld, sleeper's status %d\n", n0, n1, status);
    exit(1);
  }
  printf("vmcheck: sleep: OK, %ld checks (the last waited %d ticks for the sleeper)\n",
         n1, waited);
  exit(0);
}

int
main(int argc, char *argv[])
{
  long n = vmdebug(VMDEBUG_CHECK, 0);
  if(n < 0){
    fprintf(2, "vmcheck: this kernel has no checker (build it with make DEBUG=1)\n");
    exit(1);
  }
  if(argc == 1){
    printf("vmcheck: consistent, %ld checks since boot\n", n);
    exit(0);
  }
  if(argc == 2 && strcmp(argv[1], "sleep") == 0)
    sleepcase();
  int ro = argc == 2 && strcmp(argv[1], "rodatawrite") == 0;
  if(ro || (argc == 2 && strcmp(argv[1], "textwrite") == 0)){
    int r = vmdebug(VMDEBUG_TEXTWRITE, ro);
    printf("vmcheck: %s: FAILED the kernel stored into its own %s (vmdebug returned %d)\n",
           argv[1], ro ? "read-only data" : "text", r);
    exit(1);
  }
  if(argc > 3 || (strcmp(argv[1], "break") != 0 && strcmp(argv[1], "mark") != 0))
    usage();
  const char *when = argc == 3 ? argv[2] : "now";

  char *p = sbrk(NPAGES * PGSIZE);
  if(p == SBRK_ERROR){
    fprintf(2, "vmcheck: sbrk failed\n");
    exit(1);
  }
  p += PGSIZE - (uintptr)p % PGSIZE;
  p[0] = 1;
  char *args[] = { "true", 0 };

  if(strcmp(argv[1], "mark") == 0){
    if(strcmp(when, "text") == 0)
      p = (char*)PGROUNDDOWN((uintptr)main);
    else if(strcmp(when, "heap") != 0)
      usage();
    printf("vmcheck: marking pid %d va %p copy-on-write, then now\n", getpid(), p);
    if(vmdebug(VMDEBUG_MARK, (uintptr)p) != 0){
      fprintf(2, "vmcheck: vmdebug(VMDEBUG_MARK) failed\n");
      exit(1);
    }
    vmdebug(VMDEBUG_CHECK, 0);
    printf("vmcheck: FAILED the check missed a COW mark on %s\n", when);
    exit(1);
  }

  if(strcmp(when, "now") == 0){
    breakcount(p, when);
    vmdebug(VMDEBUG_CHECK, 0);
  } else if(strcmp(when, "fork") == 0){
    breakcount(p, when);
    fork();
  } else if(strcmp(when, "exec") == 0){
    // The frame must outlive this image: a child shares it.
    sleeper();
    breakcount(p, when);
    exec("true", args);
  } else if(strcmp(when, "sbrk") == 0){
    breakcount(p, when);
    sbrk(PGSIZE);
  } else if(strcmp(when, "exit") == 0){
    breakcount(p, when);
    exit(0);
  } else if(strcmp(when, "cow") == 0){
    sleeper();
    breakcount(p, when);
    p[0] = 2;   // a COW fault on the broken frame
  } else {
    usage();
  }
  printf("vmcheck: FAILED the check after %s missed a broken count\n", when);
  exit(1);
}
