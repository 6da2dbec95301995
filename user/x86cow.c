// x86cow: the test of xv6 for x86's "Copy-on-Write Fork" assignment,
// written with its API (getNumFreePages()): a parent with a heap of N
// pages forks and counts the free pages. fork costs far fewer than N
// (page tables and a few private pages, no copy of the heap); reading
// the shared heap costs nothing; the child's write to each page copies
// that page, and the two never see each other's writes; when the child
// exits its frames come back; after that the parent, the last sharer,
// writes its pages without a copy. Prints the counts, and
// "test NAME: OK" or "test NAME: FAILED why" per case (cowos' harness,
// user/testlib.h, which also fills pages and checks them); `x86cow
// NAME...` runs some.
#include "types.h"
#include "stat.h"
#include "user.h"
#include "mmu.h"
#include "user/testlib.h"

#define N     64   // pages of heap
#define SLACK  8   // free pages a count may be off by (stack pages, tables)

char *heap;        // N pages from sbrk

// fork() shares the heap: it costs fewer than N/2 free pages, however
// large the heap (an eager copy costs N and more); the parent's reads of
// every page while the child lives cost nothing.
int
forkcost(void)
{
  int p[2], pid, before, after, afterread, n;
  char c;

  fill(heap, N, 1000);
  if(pipe(p) != 0)
    return fail("pipe");
  before = getNumFreePages();
  pid = fork();
  if(pid < 0)
    return fail("fork");
  if(pid == 0){
    // Stay alive, sharing the heap, until the parent closes the pipe.
    close(p[1]);
    read(p[0], &c, 1);
    exit();
  }
  close(p[0]);
  after = getNumFreePages();
  n = badpages(heap, N, 1000);   // reads every page
  afterread = getNumFreePages();
  close(p[1]);
  wait();
  printf(1, "x86cow: %d free before fork, %d after fork (%d pages for a heap of %d), "
         "%d after reading the heap\n", before, after, before - after, N, afterread);
  if(n != 0)
    return failn("parent's pages changed by fork", 0, n);
  if(after <= before - N / 2)
    return failn("pages fork took, at most", N / 2, before - after);
  if(afterread < after - SLACK)
    return failn("pages reading the shared heap took", 0, after - afterread);
  return 0;
}

// The child writes every page: each write copies one page (its free
// count drops by about N), the parent still sees its own data; then the
// parent writes every page, without a copy (the child's copies left the
// old frames to it alone), and the child still sees its own data.
int
childwrite(void)
{
  int tochild[2], toparent[2], pid, drop, p0, p1, n;
  int c0, c1;
  char ok;

  fill(heap, N, 2000);
  if(pipe(tochild) != 0 || pipe(toparent) != 0)
    return fail("pipe");
  pid = fork();
  if(pid < 0)
    return fail("fork");
  if(pid == 0){
    close(tochild[1]);
    close(toparent[0]);
    c0 = getNumFreePages();
    fill(heap, N, 3000);
    c1 = getNumFreePages();
    drop = c0 - c1;
    write(toparent[1], &drop, sizeof(drop));
    read(tochild[0], &ok, 1);   // the parent has written its pages
    ok = badpages(heap, N, 3000) == 0 ? 'y' : 'n';
    write(toparent[1], &ok, 1);
    exit();
  }
  close(tochild[0]);
  close(toparent[1]);
  n = read(toparent[0], &drop, sizeof(drop));
  if(n != sizeof(drop))
    return fail("no count from the child");
  printf(1, "x86cow: the child's writes to %d pages took %d free pages\n", N, drop);
  if(drop < N - SLACK || drop > N + SLACK)
    return failn("pages the child's writes took", N, drop);
  if((n = badpages(heap, N, 2000)) != 0)
    return failn("parent's pages the child's writes changed", 0, n);
  p0 = getNumFreePages();
  fill(heap, N, 4000);
  p1 = getNumFreePages();
  write(tochild[1], "w", 1);
  n = read(toparent[0], &ok, 1);
  close(tochild[1]);
  close(toparent[0]);
  wait();
  printf(1, "x86cow: then the parent's writes to %d pages took %d\n", N, p0 - p1);
  if(n != 1 || ok != 'y')
    return fail("the parent's writes changed the child's pages");
  if(p0 - p1 > SLACK)
    return failn("pages the parent's writes took after the child's copies", 0, p0 - p1);
  if((n = badpages(heap, N, 4000)) != 0)
    return failn("parent's pages not as it wrote them", 0, n);
  return 0;
}

// A child that wrote every page exits: all its frames, the copies and
// what fork took, come back.
int
exitfree(void)
{
  int pid, before, after, done, n;

  fill(heap, N, 5000);
  before = getNumFreePages();
  pid = fork();
  if(pid < 0)
    return fail("fork");
  if(pid == 0){
    fill(heap, N, 6000);
    exit();
  }
  after = getNumFreePages();
  if(wait() != pid)
    return fail("wait");
  done = getNumFreePages();
  printf(1, "x86cow: %d free before fork, %d after fork, %d after the writing child exited\n",
         before, after, done);
  if(done < before - SLACK)
    return failn("pages lost to a child that exited", 0, before - done);
  if(done > before + SLACK)
    return failn("pages gained", 0, done - before);
  if((n = badpages(heap, N, 5000)) != 0)
    return failn("parent's pages the child's writes changed", 0, n);
  return 0;
}

// The child exits without writing: the parent is the last sharer of
// every page, and its writes reuse the frames (no free page per write).
int
lastsharer(void)
{
  int pid, f0, f1, n;

  fill(heap, N, 7000);
  pid = fork();
  if(pid < 0)
    return fail("fork");
  if(pid == 0)
    exit();
  if(wait() != pid)
    return fail("wait");
  f0 = getNumFreePages();
  fill(heap, N, 8000);
  f1 = getNumFreePages();
  printf(1, "x86cow: the last sharer's writes to %d pages took %d free pages\n", N, f0 - f1);
  if(f0 - f1 > SLACK)
    return failn("pages the last sharer's writes took", 0, f0 - f1);
  if((n = badpages(heap, N, 8000)) != 0)
    return failn("pages not as written", 0, n);
  return 0;
}

struct testcase tests[] = {
  { "fork", forkcost },
  { "childwrite", childwrite },
  { "exit", exitfree },
  { "lastsharer", lastsharer },
};

int
main(int argc, char *argv[])
{
  char *brk;

  // A heap of N whole pages, from a page boundary.
  brk = sbrk(0);
  sbrk(PGROUNDUP((uintptr)brk) - (uintptr)brk);
  heap = sbrk(N * PGSIZE);
  if(heap == (char*)-1){
    printf(1, "x86cow: sbrk failed\n");
    exit();
  }
  runtests(tests, NELEM(tests), argc, argv, "ALL TESTS PASSED", "SOME TESTS FAILED");
  exit();
}
