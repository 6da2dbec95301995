// The harness of the in-guest test programs (user/testlib.h): runs the
// cases asked for, prints "test NAME: OK" or "test NAME: FAILED why" for
// each and a closing line, and helps cases fork, wait and read, and fill
// pages with a pattern and check it.
#include "kernel/types.h"
#include "kernel/memlayout.h"
#include "user/user.h"
#include "user/testlib.h"

const char *testname;   // name of the running case, for fail()

// Print the FAILED line for the running case. Returns -1, so that a case
// can `return fail(...)`.
int
fail(const char *why)
{
  printf("test %s: FAILED %s\n", testname, why);
  return -1;
}

// Like fail(), with two numbers: what was expected and what was seen.
// Returns -1.
int
failn(const char *why, long expected, long got)
{
  printf("test %s: FAILED %s (expected %ld, got %ld)\n", testname, why, expected, got);
  return -1;
}

// Returns 1 if case name was asked for on the command line (or none was).
static int
wanted(const char *name, int argc, char **argv)
{
  if(argc < 2)
    return 1;
  for(int i = 1; i < argc; i++)
    if(strcmp(argv[i], name) == 0)
      return 1;
  return 0;
}

// Run, in order, those of the n cases in t that are named in argv[1..]
// (all of them if argc < 2), setting testname for each and printing
// "test NAME: OK" for each that passes. Then print passline if every case
// run passed, else failline. Returns the exit status: 0 if all passed,
// else 1.
int
runtests(const struct testcase *t, int n, int argc, char **argv,
         const char *passline, const char *failline)
{
  int failed = 0;
  for(int i = 0; i < n; i++){
    if(!wanted(t[i].name, argc, argv))
      continue;
    testname = t[i].name;
    if(t[i].fn() == 0)
      printf("test %s: OK\n", testname);
    else
      failed++;
  }
  if(failed){
    printf("%s\n", failline);
    return 1;
  }
  printf("%s\n", passline);
  return 0;
}

// Wait for one child. Returns its exit status (-1 if it was killed), or
// -2 if there was no child to wait for.
int
waitstatus(void)
{
  int st = -2;
  if(wait(&st) < 0)
    return -2;
  return st;
}

// Run fn in a child, which exits with status 0 if fn returns, and wait
// for it. Returns the child's exit status (-1 if it was killed), or
// INCHILD_NOFORK if fork failed, or INCHILD_NOWAIT if wait() did not
// return this child.
int
inchild(void (*fn)(void))
{
  int pid = fork();
  if(pid < 0)
    return INCHILD_NOFORK;
  if(pid == 0){
    fn();
    exit(0);
  }
  int st;
  if(wait(&st) != pid)
    return INCHILD_NOWAIT;
  return st;
}

// Read from fd into buf until n bytes have come, read() reports end of
// file, or it fails. Returns the number of bytes read (n only if all came).
int
readn(int fd, void *buf, int n)
{
  char *p = buf;
  int got = 0;
  while(got < n){
    int r = read(fd, p + got, n - got);
    if(r <= 0)
      break;
    got += r;
  }
  return got;
}

// The word stored at the start and end of page i of a region, under salt.
uint64
tag(int i, uint64 salt)
{
  return ((uint64)i * 0x9E3779B97F4A7C15ULL) ^ salt;
}

// Store tag(i, salt) in the first and last word of each of n pages at p.
void
fill(char *p, int n, uint64 salt)
{
  for(int i = 0; i < n; i++){
    char *pg = p + (uint64)i * PGSIZE;
    *(uint64*)pg = tag(i, salt);
    *(uint64*)(pg + PGSIZE - 8) = tag(i, salt);
  }
}

// Returns the number of the n pages at p whose first or last word differs
// from what fill(p, n, salt) stored.
int
badpages(char *p, int n, uint64 salt)
{
  int bad = 0;
  for(int i = 0; i < n; i++){
    char *pg = p + (uint64)i * PGSIZE;
    if(*(uint64*)pg != tag(i, salt) || *(uint64*)(pg + PGSIZE - 8) != tag(i, salt))
      bad++;
  }
  return bad;
}

#define PTES_PER_TABLE 512    // PTEs in one page-table page
#define FORK_FIXED_PAGES 8    // fork's pages that do not depend on the size (4) and a margin

// An upper bound on the physical pages a copy-on-write fork() of a
// process of sz bytes (its break) takes while the child lives, with none
// of its pages written yet: one leaf page table per 2 MiB of the address
// space (PTES_PER_TABLE pages), one level-1 table per 1 GiB, and a few
// pages that do not depend on sz (the trap frame, the root table, the
// two tables that map the trampoline and the trap frame), with a margin.
// It grows with the heap, so tests that fork a process holding all of
// RAM use it instead of a count that fits one RAM size.
int
forkpages(uint64 sz)
{
  uint64 leafspan = (uint64)PTES_PER_TABLE * PGSIZE;
  return sz / leafspan + 1 + sz / (leafspan * PTES_PER_TABLE) + 1 + FORK_FIXED_PAGES;
}
