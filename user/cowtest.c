// cowtest: checks that fork() is copy-on-write. Each case prints
// "test NAME: OK" or "test NAME: FAILED why"; `cowtest NAME...` runs some.
#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/fcntl.h"
#include "kernel/memlayout.h"
#include "kernel/pmap.h"
#include "kernel/elf.h"
#include "user/user.h"
#include "user/testlib.h"

// Pages in one level-0 page table: a heap of n pages needs about
// n / PTES_PER_TABLE page-table pages besides the pages themselves.
#define PTES_PER_TABLE 512

// sbrk() takes an int: the heap moves at most this many pages at a time.
#define SBRK_CHUNK 65536

// Address of page i of the region at p.
static char*
page(char *p, int i)
{
  return p + (long)i * PGSIZE;
}

// Give back npages pages from the top of the heap.
static void
shrink(int npages)
{
  while(npages > 0){
    int k = npages < SBRK_CHUNK ? npages : SBRK_CHUNK;
    sbrk(-k * PGSIZE);
    npages -= k;
  }
}

// Grow the heap by npages (> 0) pages, allocated now. Returns the first
// new byte, or 0 (heap unchanged) if there is not enough memory.
static char*
grow(int npages)
{
  char *first = sbrk(0);
  for(int done = 0; done < npages; ){
    int k = npages - done < SBRK_CHUNK ? npages - done : SBRK_CHUNK;
    if(sbrk(k * PGSIZE) == SBRK_ERROR){
      shrink(done);
      return 0;
    }
    done += k;
  }
  return first;
}

// A checksum of every byte of n pages at p.
static uint64
checksum(char *p, int n)
{
  uint64 h = 1469598103934665603ULL;
  uint64 *w = (uint64*)p;
  for(long i = 0; i < (long)n * PGSIZE / 8; i++)
    h = (h ^ w[i]) * 1099511628211ULL;
  return h;
}

// Make sure the caller's stack page is private (a COW copy made now, not
// in the middle of a measurement) by storing to it.
static void
touchstack(void)
{
  volatile char c[16];
  c[0] = 1;
  (void)c[0];
}

// A process holding more than half of the free memory forks, twice in a
// row; the child reads everything; wait() gives every page back.
static int
test_simple(void)
{
  for(int round = 0; round < 2; round++){
    int free0 = getNumFreePages();
    int n = free0 / 10 * 6;
    char *p = grow(n);
    if(p == 0)
      return failn("sbrk of 60% of free pages", n, -1);
    fill(p, n, 0x51);
    int before = getNumFreePages();
    int pid = fork();
    if(pid < 0){
      shrink(n);
      printf("test %s: FAILED fork returned -1 while holding %d of %d free pages\n",
             testname, n, free0);
      return -1;
    }
    if(pid == 0)
      exit(badpages(p, n, 0x51) == 0 ? 0 : 1);
    int st = waitstatus();
    int after = getNumFreePages();
    int bad = badpages(p, n, 0x51);
    shrink(n);
    if(st != 0)
      return failn("child saw wrong contents: status", 0, st);
    if(bad)
      return failn("parent pages damaged", 0, bad);
    if(after != before)
      return failn("free pages after wait", before, after);
  }
  return 0;
}

// Pages written by one of the three writers of test_three: check it still
// sees the original, write its own value, give the others time, check
// again. Returns 0 if it saw only what it should.
static int
three_writer(char *p, int n, int me)
{
  if(badpages(p, n, 0x3000))
    return 1;
  fill(p, n, 0x3000 + 1 + me);
  pause(2);
  if(badpages(p, n, 0x3000 + 1 + me))
    return 2;
  fill(p, n, 0x3100 + me);
  pause(1);
  if(badpages(p, n, 0x3100 + me))
    return 3;
  return 0;
}

// Three processes (parent, child, grandchild) write the same shared pages
// at once; each sees its own contents, and the copies are freed.
static int
test_three(void)
{
  int n = getNumFreePages() / 5;
  char *p = grow(n);
  if(p == 0)
    return failn("sbrk", n, -1);
  fill(p, n, 0x3000);
  int before = getNumFreePages();
  int pid = fork();
  if(pid < 0){
    shrink(n);
    return fail("fork");
  }
  if(pid == 0){
    int pid2 = fork();
    if(pid2 < 0)
      exit(10);
    int r = three_writer(p, n, pid2 == 0 ? 2 : 1);
    if(pid2 > 0){
      int st = waitstatus();
      if(st != 0)
        r = 20 + st;
    }
    exit(r);
  }
  int mine = three_writer(p, n, 0);
  int st = waitstatus();
  int after = getNumFreePages();
  shrink(n);
  if(mine != 0)
    return failn("parent saw another process's writes: step", 0, mine);
  if(st != 0)
    return failn("child/grandchild status (1..3: its own check, 2x: grandchild)", 0, st);
  if(after != before)
    return failn("free pages after all exited", before, after);
  return 0;
}

#define XFER_OFF   100    // where transfers start in the 2-page buffer, bytes
#define XFER_BYTES 6000   // crosses the page boundary

static char gbuf[64];            // a data-segment page for test_piperead

// Returns the byte the source of a transfer holds at offset i.
static char
xferbyte(int i)
{
  return 'a' + (i * 7) % 26;
}

// Returns 0 if the 2-page buffer p holds the transferred bytes at
// XFER_OFF and 'P' elsewhere.
static int
xfercheck(char *p)
{
  for(int i = 0; i < 2*PGSIZE; i++){
    int off = i - XFER_OFF;
    char want = (off >= 0 && off < XFER_BYTES) ? xferbyte(off) : 'P';
    if(p[i] != want)
      return -1;
  }
  return 0;
}

// The child read()s from a pipe into a heap buffer and a global that it
// shares copy-on-write with the parent: the kernel's copyout must break
// COW, so the child sees the data and the parent's copy is unchanged.
static int
test_piperead(void)
{
  char *p = grow(2);
  char *src = grow(2);
  int fds[2];
  if(p == 0 || src == 0)
    return fail("sbrk");
  memset(p, 'P', 2*PGSIZE);
  for(int i = 0; i < XFER_BYTES; i++)
    src[i] = xferbyte(i);
  memset(gbuf, 'G', sizeof(gbuf));
  if(pipe(fds) < 0)
    return fail("pipe");
  int before = getNumFreePages();
  int pid = fork();
  if(pid < 0)
    return fail("fork");
  if(pid == 0){
    close(fds[1]);
    if(readn(fds[0], p + XFER_OFF, XFER_BYTES) != XFER_BYTES)
      exit(1);
    if(readn(fds[0], gbuf, sizeof(gbuf)) != sizeof(gbuf))
      exit(2);
    if(xfercheck(p) < 0)
      exit(3);
    if(gbuf[0] != 'z' || gbuf[sizeof(gbuf)-1] != 'z')
      exit(4);
    exit(0);
  }
  close(fds[0]);
  int w = write(fds[1], src, XFER_BYTES);
  memset(src, 'z', sizeof(gbuf));
  int w2 = write(fds[1], src, sizeof(gbuf));
  int st = waitstatus();
  int after = getNumFreePages();   // before the pipe itself is freed
  close(fds[1]);
  int pok = 1, gok = 1;
  for(int i = 0; i < 2*PGSIZE; i++)
    if(p[i] != 'P')
      pok = 0;
  for(int i = 0; i < sizeof(gbuf); i++)
    if(gbuf[i] != 'G')
      gok = 0;
  shrink(4);
  if(w != XFER_BYTES || w2 != sizeof(gbuf))
    return fail("write to pipe");
  if(st != 0)
    return failn("child (1,2: read failed, 3: heap, 4: global wrong)", 0, st);
  if(!pok)
    return fail("parent's heap buffer changed by the child's read()");
  if(!gok)
    return fail("parent's global changed by the child's read()");
  if(after != before)
    return failn("free pages after wait", before, after);
  return 0;
}

// The same with a file: read() from a file into a COW page in the child.
static int
test_fileread(void)
{
  const char *name = "cowtest.tmp";
  char *p = grow(2);
  char *src = grow(2);
  if(p == 0 || src == 0)
    return fail("sbrk");
  memset(p, 'P', 2*PGSIZE);
  for(int i = 0; i < XFER_BYTES; i++)
    src[i] = xferbyte(i);
  int fd = open(name, O_CREATE | O_TRUNC | O_WRONLY);
  if(fd < 0)
    return fail("create cowtest.tmp");
  int w = write(fd, src, XFER_BYTES);
  close(fd);
  if(w != XFER_BYTES){
    unlink(name);
    return fail("write cowtest.tmp");
  }
  int pid = fork();
  if(pid < 0)
    return fail("fork");
  if(pid == 0){
    int fd = open(name, O_RDONLY);
    if(fd < 0)
      exit(1);
    if(readn(fd, p + XFER_OFF, XFER_BYTES) != XFER_BYTES)
      exit(2);
    exit(xfercheck(p) == 0 ? 0 : 3);
  }
  int st = waitstatus();
  unlink(name);
  int pok = 1;
  for(int i = 0; i < 2*PGSIZE; i++)
    if(p[i] != 'P')
      pok = 0;
  shrink(4);
  if(st != 0)
    return failn("child (1: open, 2: read, 3: contents)", 0, st);
  if(!pok)
    return fail("parent's buffer changed by the child's read()");
  return 0;
}

// System calls that write results into user memory (fstat, pipe, wait)
// aimed at a COW page in the parent; the child still sees the old page.
static int
test_copyout(void)
{
  char *h = grow(1);
  int sync[2];
  if(h == 0)
    return fail("sbrk");
  memset(h, 0x5a, PGSIZE);
  if(pipe(sync) < 0)
    return fail("pipe");
  int pid = fork();
  if(pid < 0)
    return fail("fork");
  if(pid == 0){
    char c;
    close(sync[1]);
    if(read(sync[0], &c, 1) != 1)
      exit(1);
    for(int i = 0; i < PGSIZE; i++)
      if(h[i] != 0x5a)
        exit(2);
    exit(0);
  }
  close(sync[0]);
  struct stat *st = (struct stat*)h;
  int *fds = (int*)(h + 256);
  int r1 = fstat(1, st);                 // the console; pipes do not fstat
  int r2 = pipe(fds);
  int ok = (r1 == 0 && st->type != 0 && r2 == 0 && fds[0] > 2 && fds[1] > 2);
  if(r2 == 0){
    close(fds[0]);
    close(fds[1]);
  }
  write(sync[1], "g", 1);
  close(sync[1]);
  int *status = (int*)(h + 512);
  int w = wait(status);
  int cst = *status;
  shrink(1);
  if(!ok)
    return fail("fstat/pipe into a COW page did not store their results");
  if(w != pid)
    return failn("wait into a COW page: pid", pid, w);
  if(cst != 0)
    return failn("child saw the parent's stores (1: sync, 2: page changed)", 0, cst);
  return 0;
}

// Writes after fork are private in both directions.
static int
test_isolation(void)
{
  char *p = grow(4);
  int a[2], b[2];
  if(p == 0)
    return fail("sbrk");
  fill(p, 4, 0xA);
  if(pipe(a) < 0 || pipe(b) < 0)
    return fail("pipe");
  int pid = fork();
  if(pid < 0)
    return fail("fork");
  if(pid == 0){
    char c;
    if(read(a[0], &c, 1) != 1)      // the parent has written 0xB
      exit(1);
    if(badpages(p, 4, 0xA))
      exit(2);
    fill(p, 4, 0xC);
    write(b[1], "c", 1);
    exit(badpages(p, 4, 0xC) ? 3 : 0);
  }
  char c;
  fill(p, 4, 0xB);
  write(a[1], "p", 1);
  read(b[0], &c, 1);              // the child has written 0xC
  int bad = badpages(p, 4, 0xB);
  int st = waitstatus();
  close(a[0]); close(a[1]); close(b[0]); close(b[1]);
  shrink(4);
  if(st != 0)
    return failn("child (2: saw parent's write, 3: lost its own)", 0, st);
  if(bad)
    return failn("parent saw the child's write: pages", 0, bad);
  return 0;
}

#define STORM_KIDS      12   // children of the test process
#define STORM_GRANDKIDS 3    // children of each child
#define STORM_PAGES     32   // pages in each of regions A and B
#define STORM_ROUNDS    2

// One storm process: region a must keep checksum sum; region b is
// rewritten with its own pattern several times. Returns 0 if all was seen
// as expected.
static int
storm_worker(char *a, char *b, uint64 sum)
{
  uint64 salt = 0x5700 + getpid();
  for(int i = 0; i < 4; i++){
    if(checksum(a, STORM_PAGES) != sum)
      return 1;
    fill(b, STORM_PAGES, salt + i);
    if(i & 1)
      pause(1);
    if(badpages(b, STORM_PAGES, salt + i))
      return 2;
  }
  return 0;
}

// A storm child: fork its own children, work, reap them.
static void
storm_child(char *a, char *b, uint64 sum)
{
  int n = 0, r = 0;
  for(int g = 0; g < STORM_GRANDKIDS; g++){
    int pid = fork();
    if(pid < 0){
      r = 4;
      break;
    }
    if(pid == 0)
      exit(storm_worker(a, b, sum));
    n++;
  }
  int mine = storm_worker(a, b, sum);
  if(mine)
    r = mine;
  while(n-- > 0){
    int st = waitstatus();
    if(st != 0)
      r = 10 + st;
  }
  exit(r);
}

// Many processes fork and write at once on all harts; the parent's
// memory is intact afterwards and nothing leaks.
static int
test_storm(void)
{
  char *a = grow(STORM_PAGES);
  char *b = grow(STORM_PAGES);
  if(a == 0 || b == 0)
    return fail("sbrk");
  for(int i = 0; i < STORM_PAGES * PGSIZE / 8; i++)
    ((uint64*)a)[i] = tag(i, 0xabc);
  fill(b, STORM_PAGES, 0xb0);
  uint64 sum = checksum(a, STORM_PAGES);
  int before = getNumFreePages();
  int r = 0;
  for(int round = 0; round < STORM_ROUNDS && r == 0; round++){
    int n = 0;
    for(int k = 0; k < STORM_KIDS; k++){
      int pid = fork();
      if(pid < 0){
        r = fail("fork");
        break;
      }
      if(pid == 0)
        storm_child(a, b, sum);
      n++;
    }
    fill(b, STORM_PAGES, 0xb1 + round);
    int bad = 0;
    while(n-- > 0){
      int st = waitstatus();
      if(st != 0)
        bad = st;
    }
    if(r == 0 && bad != 0)
      r = failn("a child or grandchild (1: A changed, 2: B lost, 4: fork, 1x: grandchild)", 0, bad);
    if(r == 0 && checksum(a, STORM_PAGES) != sum)
      r = fail("parent's region A changed");
    if(r == 0 && badpages(b, STORM_PAGES, 0xb1 + round))
      r = fail("parent's region B lost its writes");
  }
  int after = getNumFreePages();
  shrink(2 * STORM_PAGES);
  if(r == 0 && after != before)
    return failn("free pages after the storm", before, after);
  return r;
}

#define COUNT_BIG   2048   // heap pages of the "big" process
#define COUNT_WRITE 100    // pages the child writes

// Returns the pages consumed by a fork whose child is parked (its stack
// already private), measured while the child is alive; -1 on error.
static int
forkcost(void)
{
  int ready[2], go[2];
  char c;
  if(pipe(ready) < 0 || pipe(go) < 0)
    return -1;
  int before = getNumFreePages();
  int pid = fork();
  if(pid < 0)
    return -1;
  if(pid == 0){
    touchstack();
    write(ready[1], "r", 1);
    read(go[0], &c, 1);
    exit(0);
  }
  read(ready[0], &c, 1);
  int after = getNumFreePages();
  write(go[1], "g", 1);
  waitstatus();
  close(ready[0]); close(ready[1]); close(go[0]); close(go[1]);
  return before - after;
}

// A child that writes (or only reads) COUNT_WRITE pages of p; exits with
// the number of pages that consumed.
static void
countchild(char *p, int dowrite)
{
  volatile uint64 sink = 0;
  touchstack();
  int before = getNumFreePages();
  for(int i = 0; i < COUNT_WRITE; i++){
    if(dowrite)
      p[i*PGSIZE + 8] = 1;
    else
      sink += p[i*PGSIZE + 8];
  }
  int after = getNumFreePages();
  exit(before - after);
}

// getNumFreePages() shows fork allocating no user pages (its cost does not
// grow with the heap beyond page-table pages) and a write allocating
// exactly one page per page written.
static int
test_counts(void)
{
  int small = forkcost();
  char *p = grow(COUNT_BIG);
  if(p == 0)
    return fail("sbrk");
  fill(p, COUNT_BIG, 0xc0);
  int big = forkcost();
  if(small < 0 || big < 0){
    shrink(COUNT_BIG);
    return fail("fork or pipe");
  }
  // The child of the big process needs about COUNT_BIG/512 more level-0
  // page-table pages, and perhaps one more where the heap crosses a
  // 2 MiB boundary; an eager fork would cost COUNT_BIG more pages.
  int extra = big - small;
  int limit = COUNT_BIG / PTES_PER_TABLE + 2;
  if(extra < 0 || extra > limit){
    shrink(COUNT_BIG);
    printf("test %s: FAILED fork of a %d-page heap cost %d pages, of a small one %d "
           "(allowed difference 0..%d)\n", testname, COUNT_BIG, big, small, limit);
    return -1;
  }
  int before = getNumFreePages();
  int pid = fork();
  if(pid == 0)
    countchild(p, 1);
  int wrote = waitstatus();
  pid = fork();
  if(pid == 0)
    countchild(p, 0);
  int readcost = waitstatus();
  int after = getNumFreePages();
  int bad = badpages(p, COUNT_BIG, 0xc0);
  shrink(COUNT_BIG);
  if(pid < 0)
    return fail("fork");
  if(wrote != COUNT_WRITE)
    return failn("pages consumed by the child's writes", COUNT_WRITE, wrote);
  if(readcost != 0)
    return failn("pages consumed by the child's reads", 0, readcost);
  if(bad)
    return failn("parent pages changed by the child: pages", 0, bad);
  if(after != before)
    return failn("free pages after the children exited", before, after);
  return 0;
}

#define REUSE_PAGES 256

// The last process holding a COW page writes it in place: after the child
// has exited, the parent's writes allocate nothing.
static int
test_reuse(void)
{
  char *p = grow(REUSE_PAGES);
  if(p == 0)
    return fail("sbrk");
  fill(p, REUSE_PAGES, 0x77);
  for(int round = 0; round < 2; round++){
    int pid = fork();
    if(pid < 0){
      shrink(REUSE_PAGES);
      return fail("fork");
    }
    if(pid == 0){
      if(round == 1)         // copy half the pages before exiting
        fill(p, REUSE_PAGES / 2, 0x99);
      exit(0);
    }
    int st = waitstatus();
    int before = getNumFreePages();
    fill(p, REUSE_PAGES, 0x78 + round);
    int after = getNumFreePages();
    if(st != 0){
      shrink(REUSE_PAGES);
      return failn("child status", 0, st);
    }
    if(after != before){
      shrink(REUSE_PAGES);
      printf("test %s: FAILED round %d: writing %d pages no longer shared "
             "took %d pages (expected 0)\n", testname, round, REUSE_PAGES, before - after);
      return -1;
    }
  }
  shrink(REUSE_PAGES);
  return 0;
}

// Grow the heap until no memory is left (page-table pages need some too,
// hence the halving). Returns the pages still free, which is then tiny.
static int
eatmemory(void)
{
  for(int k = getNumFreePages(); k > 0; ){
    if(grow(k) == 0)
      k /= 2;
    else
      k = getNumFreePages();
  }
  return getNumFreePages();
}

// The child of test_reusefull. Exit status: 0 as expected, 3 contents
// wrong, 4 sbrk, 5 fork, 6 grandchild, 7 could not exhaust memory.
static void
reusefull_child(void)
{
  char *p = grow(REUSE_PAGES);
  if(p == 0)
    exit(4);
  fill(p, REUSE_PAGES, 0x55);
  int pid = fork();
  if(pid < 0)
    exit(5);
  if(pid == 0)
    exit(0);
  if(waitstatus() != 0)
    exit(6);
  int left = eatmemory();
  if(left >= REUSE_PAGES / 2)
    exit(7);
  fill(p, REUSE_PAGES, 0x56);   // COW-marked, one reference each
  exit(badpages(p, REUSE_PAGES, 0x56) ? 3 : 0);
}

// Reuse, made visible: with no free memory at all, the last sharer can
// still write its COW-marked pages, since no copy is needed. (A copy
// followed by freeing the original would leave the free count unchanged,
// which test_reuse alone cannot tell from reuse.)
static int
test_reusefull(void)
{
  int before = getNumFreePages();
  int pid = fork();
  if(pid < 0)
    return fail("fork");
  if(pid == 0)
    reusefull_child();
  int st = waitstatus();
  int after = getNumFreePages();
  if(st == -1)
    return fail("child killed writing its unshared COW pages with no memory free "
                "(the kernel copied instead of reusing)");
  if(st != 0)
    return failn("child (3: contents, 4: sbrk, 5: fork, 6: grandchild, "
                 "7: memory not exhausted)", 0, st);
  if(after != before)
    return failn("free pages after the child exited", before, after);
  return 0;
}

// How test_forkoom's child exits when something went wrong. A status
// >= 1 is the count of failed forks (all well), which can be in the
// thousands with gigabytes of RAM; -1 is killed, -2 is waitstatus()'s
// "no child".
#define FORKOOM_LEAK  (-10)   // a fork that failed leaked pages
#define FORKOOM_FIRST (-11)   // the first fork already worked
#define FORKOOM_NEVER (-12)   // no fork worked
#define FORKOOM_SBRK  (-13)   // sbrklazy failed

// The child of test_forkoom: with memory exhausted (and a lazy hole in its
// heap), fork until it works, giving back one page after each failure, so
// that fork fails at every allocation it makes. It gives up after twice
// the pages a fork of its size can need (forkpages(), which grows with
// the RAM it ate), plus a margin. Exit status: the number of failed forks
// (1 up), or one of FORKOOM_*.
static void
forkoom_child(void)
{
  char *lazy = sbrklazy(64 * PGSIZE);
  if(lazy == SBRK_ERROR)
    exit(FORKOOM_SBRK);
  for(int i = 0; i < 64; i += 2)
    *page(lazy, i) = 1;
  eatmemory();
  int maxtries = 2 * forkpages((uintptr)sbrk(0)) + 64;
  int fails = 0;
  for(int tries = 0; tries < maxtries; tries++){
    int before = getNumFreePages();
    // forkwait() (user/lib/ARCH/rawsys.S) forks, and the child exits and
    // the parent waits for it without a store to memory (a call on i386
    // would store its arguments): our stack stays shared until the child
    // is gone, then is ours alone, so no copy is needed with no memory.
    int pid = forkwait();
    if(pid > 0)
      exit(fails > 0 ? fails : FORKOOM_FIRST);
    if(getNumFreePages() != before)
      exit(FORKOOM_LEAK);
    fails++;
    shrink(1);
  }
  exit(FORKOOM_NEVER);
}

// A fork that runs out of memory half-way returns -1, undoes what it did
// and leaks nothing, whichever allocation failed.
static int
test_forkoom(void)
{
  int before = getNumFreePages();
  int pid = fork();
  if(pid < 0)
    return fail("fork");
  if(pid == 0)
    forkoom_child();
  int st = waitstatus();
  int after = getNumFreePages();
  if(st == -1)
    return fail("the child was killed");
  if(st == FORKOOM_LEAK)
    return fail("a fork that failed for want of memory leaked pages");
  if(st == FORKOOM_FIRST)
    return fail("the first fork, with no memory free, worked (or wait lost its child)");
  if(st == FORKOOM_NEVER)
    return fail("fork never worked, giving back twice the pages it should need");
  if(st == FORKOOM_SBRK)
    return fail("sbrklazy");
  if(st < 1)
    return failn("child status (number of failed forks)", 1, st);
  if(after != before)
    return failn("free pages after the child exited", before, after);
  return 0;
}

static const char literal[] = "read-only by design";

static void
writetext(void)
{
  *(volatile uint32*)(uintptr)writetext = 0;
}

static void
writerodata(void)
{
  ((volatile char*)literal)[0] = 'X';
}

// The child of a child writes text: fork must not have made text COW in
// either process.
static void
forkthenwritetext(void)
{
  int pid = fork();
  if(pid < 0)
    exit(5);
  if(pid == 0)
    writetext();
  int st = waitstatus();
  if(st != -1)
    exit(6);
  writetext();
}

static void
readintotext(void)
{
  int fds[2];
  if(pipe(fds) < 0)
    exit(7);
  write(fds[1], "xxxx", 4);
  int n = read(fds[0], (char*)(uintptr)readintotext, 4);
  exit(n == -1 ? 0 : 8);
}

// Pages that are read-only by design (text, read-only data) are shared
// as they are, never copy-on-write: writing them kills the writer, and
// the kernel's copyout refuses them.
static int
test_readonly(void)
{
  uint32 text0 = *(uint32*)(uintptr)writetext;
  uint32 text1 = *(uint32*)(uintptr)readintotext;
  int st;
  if((st = inchild(writetext)) != -1)
    return failn("child writing its text: status", -1, st);
  if((st = inchild(writerodata)) != -1)
    return failn("child writing a string literal: status", -1, st);
  if((st = inchild(forkthenwritetext)) != -1)
    return failn("parent writing text after fork: status (6: its child survived)", -1, st);
  if((st = inchild(readintotext)) != 0)
    return failn("read() into text (8: it did not return -1)", 0, st);
  if(*(uint32*)(uintptr)writetext != text0 || *(uint32*)(uintptr)readintotext != text1)
    return fail("parent's text changed");
  if(literal[0] != 'r')
    return fail("parent's read-only data changed");
  return 0;
}

// A child holding 3/4 of free memory forks; a grandchild that then writes
// everything must run out of memory. round 0: the grandchild writes alone
// and must be killed, then the child writes all its pages in place.
// round 1: both write at once and at least one is killed.
// Exit status: 0 as expected, 1 both survived, 2 fork failed (allowed),
// 3 contents wrong, 4 sbrk failed.
static void
oomchild(int round)
{
  int n = getNumFreePages() / 4 * 3;
  char *p = grow(n);
  if(p == 0)
    exit(4);
  fill(p, n, 0x00);
  int go[2];
  if(pipe(go) < 0)
    exit(4);
  int pid = fork();
  if(pid < 0)
    exit(2);
  if(pid == 0){
    char c;
    read(go[0], &c, 1);
    fill(p, n, 0x01);
    exit(0);
  }
  // Our stack page gets its own copy now, while memory is plentiful:
  // the grandchild is about to use it all.
  touchstack();
  write(go[1], "g", 1);
  if(round == 1)
    fill(p, n, 0x02);
  int st = waitstatus();
  if(st != -1)
    exit(1);
  if(round == 0){
    if(badpages(p, n, 0x00))
      exit(3);
    fill(p, n, 0x02);
  }
  exit(badpages(p, n, 0x02) ? 3 : 0);
}

// Returns the number of free pages once it equals want, or after about
// SETTLE_TICKS ticks: an orphaned grandchild is reaped by init, not by us,
// and on a loaded host it may still be writing for seconds (a tick is
// 10 ms of host time without -icount). Returns at once when it is done.
#define SETTLE_TICKS 3000
static int
settle(int want)
{
  int n = getNumFreePages();
  for(int i = 0; i < SETTLE_TICKS && n != want; i++){
    pause(1);
    n = getNumFreePages();
  }
  return n;
}

static int
test_oom(void)
{
  int before = getNumFreePages();
  for(int round = 0; round < 2; round++){
    int pid = fork();
    if(pid < 0)
      return fail("fork");
    if(pid == 0)
      oomchild(round);
    int st = waitstatus();
    int after = settle(before);
    if(st == 1 || st == 3 || st == 4 || (round == 0 && st == -1) || st < -1){
      printf("test %s: FAILED round %d: child status %d (1: nobody ran out of memory, "
             "3: contents wrong, 4: sbrk, -1: killed)\n", testname, round, st);
      return -1;
    }
    if(after != before)
      return failn("free pages after the memory hogs exited", before, after);
  }
  return 0;
}

// A sbrklazy region, partly touched, is forked: the child may touch new
// pages and write the touched ones; the parent's pages are unchanged.
static int
test_lazyfork(void)
{
  enum { N = 64 };
  char *p = sbrklazy(N * PGSIZE);
  if(p == SBRK_ERROR)
    return fail("sbrklazy");
  fill(p, N / 2, 0x1a);
  int pid = fork();
  if(pid < 0)
    return fail("fork");
  if(pid == 0){
    if(badpages(p, N / 2, 0x1a))
      exit(1);
    fill(p, N, 0x1b);
    exit(badpages(p, N, 0x1b) ? 2 : 0);
  }
  int st = waitstatus();
  int bad = badpages(p, N / 2, 0x1a);
  int before = getNumFreePages();
  int zero = 1;
  for(int i = N / 2; i < N; i++)
    if(*(uint64*)(p + i*PGSIZE) != 0)
      zero = 0;
  int after = getNumFreePages();
  shrink(N);
  if(st != 0)
    return failn("child (1: wrong contents, 2: lost its writes)", 0, st);
  if(bad)
    return failn("parent's touched pages changed", 0, bad);
  if(!zero)
    return fail("parent's untouched lazy pages are not zero");
  if(before - after != N / 2)
    return failn("pages allocated by reading untouched lazy pages", N / 2, before - after);
  return 0;
}

// Page-table sharing (the pt* cases). fork shares whole leaf page
// tables (LEAFSPAN bytes of address space each, kernel/ARCH/machine.h)
// with the child, except the ones holding the stack and the pc; the first
// store or new page in a shared table's range gives the writer its own
// copy of the table (one page-table page), then the page is copied as
// usual. These cases place their heap on a leaf-table boundary, above the
// stack, so that fork shares all of it.

#define PT_BIG     (16 * 1024 * 1024 / PGSIZE)   // pages of the large heap: 16 MiB
#define PT_TABLES  2                             // leaf tables of the other cases' heaps
#define PT_PAGES   (PT_TABLES * PTENTRIES)       // ... and their pages

// A heap region of npages pages starting at the next leaf-table boundary
// (the gap below it is lazy: no pages, no tables), each page filled with
// salt. Returns its start, or 0 (heap unchanged). Give it back with
// ptfree().
static char*
ptheap(int npages, uint64 salt)
{
  uint64 brk = (uintptr)sbrk(0);
  uint64 start = (brk + LEAFSPAN - 1) & ~(uint64)(LEAFSPAN - 1);
  if(start > brk && sbrklazy(start - brk) == SBRK_ERROR)
    return 0;
  char *p = grow(npages);
  if(p == 0){
    sbrk(-(int)(start - brk));
    return 0;
  }
  fill(p, npages, salt);
  return p;
}

// Give back the region of npages pages at p made by ptheap() and the gap
// below it: the break goes back to where it was before ptheap().
static void
ptfree(char *p, int npages, uint64 oldbrk)
{
  shrink(npages);
  uint64 brk = (uintptr)sbrk(0);
  if(brk > oldbrk)
    sbrk(-(int)(brk - oldbrk));
}

// The end of a pt* case whose other checks passed: 0 if the free page
// count is back at free0, its start figure, else fail.
static int
freeback(int free0)
{
  int n = getNumFreePages();
  return n == free0 ? 0 : failn("free pages at the end", free0, n);
}

// The pages the child of test_ptshare uses for its stores: two pages in
// the middle of the heap, in one leaf table. Exit status: pages the
// first store cost * 10 + pages the second cost, or 99 if the stores
// did not read back.
static void
ptshare_child(char *p)
{
  touchstack();
  char *a = page(p, PT_BIG / 2), *b = page(p, PT_BIG / 2 + 1);
  int f0 = getNumFreePages();
  *(volatile uint64*)a = 0xc1;
  int f1 = getNumFreePages();
  *(volatile uint64*)b = 0xc2;
  int f2 = getNumFreePages();
  if(*(uint64*)a != 0xc1 || *(uint64*)b != 0xc2)
    exit(99);
  exit((f0 - f1) * 10 + (f1 - f2));
}

// A fork of a large process (16 MiB heap, every page written) allocates
// no leaf page-table pages: it costs what a fork of a small one costs.
// The child's first store to the heap costs exactly one page-table page
// (its copy of the shared table) and one page; a second store in the same
// table one page. The parent's data is intact, and every frame comes back.
static int
test_ptshare(void)
{
  int free0 = getNumFreePages();
  uint64 brk = (uintptr)sbrk(0);
  int small = forkcost();
  char *p = ptheap(PT_BIG, 0x5a);
  if(p == 0)
    return fail("sbrk");
  int big = forkcost();
  int r = 0;
  if(small < 0 || big < 0)
    r = fail("fork or pipe");
  else if(big != small){
    printf("test %s: FAILED fork of a %d-page heap cost %d pages, of a small one %d "
           "(leaf page tables copied, not shared)\n", testname, PT_BIG, big, small);
    r = -1;
  }
  int pid = r ? -1 : fork();
  if(pid == 0)
    ptshare_child(p);
  if(r == 0 && pid < 0)
    r = fail("fork");
  int st = r ? 0 : waitstatus();
  if(r == 0 && st != 21)
    r = failn("child's two stores cost (pages, as 10 * first + second; 99: lost)", 21, st);
  if(r == 0 && badpages(p, PT_BIG, 0x5a))
    r = fail("the parent's heap changed");
  ptfree(p, PT_BIG, brk);
  return r ? r : freeback(free0);
}

// The child of test_ptread: read the whole shared heap (which costs no
// page), tell the parent, wait until it has written everything, read
// again. Exit status: 0, 1 contents wrong at first, 2 the reads cost
// pages, 3 the parent's writes showed through.
static void
ptread_child(char *p, int ready, int go)
{
  char c;
  touchstack();
  int f0 = getNumFreePages();
  int bad = badpages(p, PT_PAGES, 0x71);
  int f1 = getNumFreePages();
  write(ready, "r", 1);
  read(go, &c, 1);
  if(bad)
    exit(1);
  if(f0 != f1)
    exit(2);
  exit(badpages(p, PT_PAGES, 0x71) ? 3 : 0);
}

// A child only reads the shared tables (on RISC-V this opens them: their
// entries were sealed, and the first load faults), then the parent
// writes every page while the child still maps them: each table is
// copied once (the child holds it too) and each page once. The child
// still sees the old data; every frame comes back.
static int
test_ptread(void)
{
  int free0 = getNumFreePages();
  uint64 brk = (uintptr)sbrk(0);
  int ready[2], go[2];
  char c;
  char *p = ptheap(PT_PAGES, 0x71);
  if(p == 0)
    return fail("sbrk");
  if(pipe(ready) < 0 || pipe(go) < 0)
    return fail("pipe");
  touchstack();
  int pid = fork();
  if(pid < 0)
    return fail("fork");
  if(pid == 0)
    ptread_child(p, ready[1], go[0]);
  read(ready[0], &c, 1);
  int f0 = getNumFreePages();
  fill(p, PT_PAGES, 0x72);
  int cost = f0 - getNumFreePages();
  write(go[1], "g", 1);
  int st = waitstatus();
  close(ready[0]); close(ready[1]); close(go[0]); close(go[1]);
  int bad = badpages(p, PT_PAGES, 0x72);
  ptfree(p, PT_PAGES, brk);
  if(st != 0)
    return failn("child (1: contents, 2: reads cost pages, 3: saw the parent's writes)", 0, st);
  if(cost != PT_PAGES + PT_TABLES)
    return failn("pages the parent's writes to shared tables cost (pages + tables)",
                 PT_PAGES + PT_TABLES, cost);
  if(bad)
    return fail("the parent lost its writes");
  return freeback(free0);
}

// sbrk in a child shrinks into a shared table: the table above the new
// break is dropped whole (no frame freed, nothing copied), the one the
// break lies in is copied (one page-table page). The child keeps the
// pages below, the parent all of its own; once the child is gone the
// parent writes everything in place.
static int
test_ptsbrk(void)
{
  int free0 = getNumFreePages();
  uint64 brk = (uintptr)sbrk(0);
  char *p = ptheap(PT_PAGES, 0x91);
  if(p == 0)
    return fail("sbrk");
  int keep = PTENTRIES / 2;   // the child's new break: half-way into the first table
  int pid = fork();
  if(pid < 0)
    return fail("fork");
  if(pid == 0){
    touchstack();
    int f0 = getNumFreePages();
    if(sbrk(-(PT_PAGES - keep) * PGSIZE) == SBRK_ERROR)
      exit(1);
    int f1 = getNumFreePages();
    if(f0 - f1 != 1)
      exit(10 + f0 - f1);   // >= 10: the shrink's cost + 10
    if(badpages(p, keep, 0x91))
      exit(2);
    fill(p, keep, 0x92);
    exit(badpages(p, keep, 0x92) ? 3 : 0);
  }
  int st = waitstatus();
  int bad = badpages(p, PT_PAGES, 0x91);
  int f0 = getNumFreePages();
  fill(p, PT_PAGES, 0x93);
  int cost = f0 - getNumFreePages();
  ptfree(p, PT_PAGES, brk);
  if(st != 0)
    return failn("child (10 + pages its shrink cost, expected 11; 1: sbrk, 2: lost its pages, "
                 "3: lost its writes)", 0, st);
  if(bad)
    return fail("the parent's pages changed");
  if(cost != 0)
    return failn("pages the parent's writes cost once alone", 0, cost);
  return freeback(free0);
}

// One of test_ptgrand's writers: say ready, wait for the go, store to
// page i, report what it cost (one byte), wait for the end (EOF), check.
// Returns 0, or 1 if the contents were wrong.
static int
ptgrand_store(char *p, int i, int res, int go, int end)
{
  char c;
  touchstack();
  write(res, "r", 1);
  read(go, &c, 1);
  int f0 = getNumFreePages();
  *(volatile uint64*)page(p, i) = 0x600 + i;
  c = f0 - getNumFreePages();
  write(res, &c, 1);
  read(end, &c, 1);
  for(int k = 0; k < PTENTRIES; k++){
    uint64 want = k == i ? 0x600 + i : tag(k, 0xa1);
    if(*(uint64*)page(p, k) != want)
      return 1;
  }
  return 0;
}

// A table shared three ways (a fork of a fork): the grandchild's store
// copies the table and the page (2 pages), the child's too (2: the parent
// still holds the table), the parent's only the page (it holds the last
// reference to the table; the page's frame is mapped by three tables).
// Each sees its own store and the original elsewhere.
static int
test_ptgrand(void)
{
  int free0 = getNumFreePages();
  uint64 brk = (uintptr)sbrk(0);
  int res[2], gog[2], goc[2], end[2];
  char c, cg = -1, cc = -1;
  char *p = ptheap(PTENTRIES, 0xa1);
  if(p == 0)
    return fail("sbrk");
  if(pipe(res) < 0 || pipe(gog) < 0 || pipe(goc) < 0 || pipe(end) < 0)
    return fail("pipe");
  int pid = fork();
  if(pid < 0)
    return fail("fork");
  if(pid == 0){
    close(end[1]);
    int g = fork();
    if(g < 0)
      exit(5);
    if(g == 0)
      exit(ptgrand_store(p, 0, res[1], gog[0], end[0]));
    int st = ptgrand_store(p, 1, res[1], goc[0], end[0]);
    int gst = waitstatus();
    exit(st ? st : gst ? 10 + gst : 0);
  }
  touchstack();
  read(res[0], &c, 1);
  read(res[0], &c, 1);
  write(gog[1], "g", 1);
  read(res[0], &cg, 1);
  write(goc[1], "g", 1);
  read(res[0], &cc, 1);
  int f0 = getNumFreePages();
  *(volatile uint64*)page(p, 2) = 0x602;
  int cp = f0 - getNumFreePages();
  close(end[1]);
  int st = waitstatus();
  close(end[0]); close(res[0]); close(res[1]); close(gog[0]); close(gog[1]);
  close(goc[0]); close(goc[1]);
  int bad = 0;
  for(int k = 0; k < PTENTRIES; k++)
    bad |= *(uint64*)page(p, k) != (k == 2 ? 0x602 : tag(k, 0xa1));
  ptfree(p, PTENTRIES, brk);
  if(st != 0)
    return failn("child (1: contents, 5: fork, 1x: grandchild)", 0, st);
  if(cg != 2 || cc != 2 || cp != 1){
    printf("test %s: FAILED stores cost grandchild %d, child %d, parent %d pages "
           "(expected 2, 2, 1)\n", testname, cg, cc, cp);
    return -1;
  }
  if(bad)
    return fail("the parent's pages are wrong");
  return freeback(free0);
}

static char ptsrc[XFER_BYTES];   // test_ptpipe's source, in the data segment

// The kernel's copyout (a pipe read()) into a shared table's range gives
// the reader its own table and pages: one table and the two pages the
// transfer crosses. The parent's pages stay as they were.
static int
test_ptpipe(void)
{
  int free0 = getNumFreePages();
  uint64 brk = (uintptr)sbrk(0);
  int fds[2];
  char *p = ptheap(PT_PAGES, 0xb1);
  if(p == 0)
    return fail("sbrk");
  char *dst = page(p, PTENTRIES + 3) + XFER_OFF;   // in the second table
  for(int i = 0; i < XFER_BYTES; i++)
    ptsrc[i] = xferbyte(i);
  if(pipe(fds) < 0)
    return fail("pipe");
  int pid = fork();
  if(pid < 0)
    return fail("fork");
  if(pid == 0){
    close(fds[1]);
    touchstack();
    int f0 = getNumFreePages();
    if(readn(fds[0], dst, XFER_BYTES) != XFER_BYTES)
      exit(50);
    int cost = f0 - getNumFreePages();
    for(int i = 0; i < XFER_BYTES; i++)
      if(dst[i] != xferbyte(i))
        exit(51);
    exit(cost);
  }
  close(fds[0]);
  int w = write(fds[1], ptsrc, XFER_BYTES);
  close(fds[1]);
  int st = waitstatus();
  int bad = badpages(p, PT_PAGES, 0xb1);
  ptfree(p, PT_PAGES, brk);
  if(w != XFER_BYTES)
    return fail("write to the pipe");
  if(st != 3)
    return failn("pages the child's read() cost (a table and two pages; 50: read, "
                 "51: contents)", 3, st);
  if(bad)
    return fail("the parent's pages changed");
  return freeback(free0);
}

// Whether process pid's npages pages at p are one run in leaf tables that
// fork shared between two processes (pmap: PMAP_PTSHARED, ptref 2).
static int
ptshared(int pid, char *p, int npages)
{
  struct pmapent e;
  if(pmap(pid, (uintptr)p, &e, 1) != 1)
    return 0;
  return e.va == (uintptr)p && e.npages >= npages && (e.flags & PMAP_PTSHARED) && e.ptref == 2;
}

// How test_ptexit's process C ends its round: exit with the pages its
// writes to the whole heap cost (0 expected: the other sharer is gone),
// or 90 if its contents were wrong first.
static void
ptexit_write(char *p)
{
  if(badpages(p, PT_PAGES, 0xd1))
    exit(90);
  touchstack();
  int f0 = getNumFreePages();
  fill(p, PT_PAGES, 0xd2);
  exit(f0 - getNumFreePages());
}

// One round of test_ptexit, in a child C of the test process, which makes
// the heap and forks G. round 0: G exits first, C writes. 1: C exits
// first, G (an orphan) writes and reports through res. 2: C kills G (which
// is reading the heap in a loop), then writes. go: where G of round 1
// waits until C has been reaped. Exit status: the pages the writes cost,
// 80 if the fork did not share the tables, 81 sbrk or fork failed.
static void
ptexit_round(int round, int res, int go)
{
  char *p = ptheap(PT_PAGES, 0xd1);
  int sync[2];
  if(p == 0 || pipe(sync) < 0)
    exit(81);
  int pid = fork();
  if(pid < 0)
    exit(81);
  if(pid == 0){
    char c;
    if(round == 0)
      exit(0);
    if(round == 2){
      write(sync[1], "r", 1);
      for(;;)
        badpages(p, PT_PAGES, 0xd1);
    }
    read(go, &c, 1);        // C is gone and reaped
    touchstack();
    int f0 = getNumFreePages();
    fill(p, PT_PAGES, 0xd2);
    c = f0 - getNumFreePages();
    write(res, &c, 1);
    exit(0);
  }
  if(round == 0){
    waitstatus();
    ptexit_write(p);
  }
  if(!ptshared(pid, p, PT_PAGES))
    exit(80);
  if(round == 1)
    exit(0);
  char c;
  read(sync[0], &c, 1);
  kill(pid);
  waitstatus();
  ptexit_write(p);
}

// Exit in either order, and a kill, while two processes share leaf
// tables: the one left holds the last reference to each table and page
// and writes them all in place; every frame comes back.
static int
test_ptexit(void)
{
  int free0 = getNumFreePages();
  for(int round = 0; round < 3; round++){
    int res[2], go[2];
    char c = -1;
    if(pipe(res) < 0 || pipe(go) < 0)
      return fail("pipe");
    int pid = fork();
    if(pid < 0)
      return fail("fork");
    if(pid == 0)
      ptexit_round(round, res[1], go[0]);
    int st = waitstatus();
    write(go[1], "g", 1);
    close(res[1]);
    if(round == 1 && st == 0){
      read(res[0], &c, 1);   // from the orphan, once it has written
      st = c;
    }
    close(res[0]); close(go[0]); close(go[1]);
    int after = settle(free0);
    if(st != 0){
      printf("test %s: FAILED round %d (0: child exits first, 1: parent first, 2: kill): "
             "%d (pages the survivor's writes cost; 80: tables not shared, 81: sbrk/fork, "
             "90: contents)\n", testname, round, st);
      return -1;
    }
    if(after != free0)
      return failn("free pages after the round", free0, after);
  }
  return 0;
}

// exec from a child whose argument strings lie in tables it shares with
// its parent (the kernel reads them through a sealed entry on RISC-V,
// then drops the child's references with its old image). The parent then
// holds the last reference to everything and writes in place.
static int
test_ptexec(void)
{
  int free0 = getNumFreePages();
  uint64 brk = (uintptr)sbrk(0);
  int go[2];
  char *p = ptheap(PT_PAGES, 0xe1);
  if(p == 0)
    return fail("sbrk");
  char *arg0 = page(p, PTENTRIES + 7) + 64, *arg1 = arg0 + 16;
  char **argv = (char**)(page(p, PTENTRIES + 9) + 64);
  strcpy(arg0, "true");
  strcpy(arg1, "ptexec");
  argv[0] = arg0;
  argv[1] = arg1;
  argv[2] = 0;
  if(pipe(go) < 0)
    return fail("pipe");
  int pid = fork();
  if(pid < 0)
    return fail("fork");
  if(pid == 0){
    char c;
    close(go[1]);
    read(go[0], &c, 1);
    exec("/true", argv);
    exit(77);
  }
  close(go[0]);
  int shared = ptshared(pid, p, PTENTRIES);
  close(go[1]);
  int st = waitstatus();
  touchstack();
  int f0 = getNumFreePages();
  fill(p, PT_PAGES, 0xe2);
  int cost = f0 - getNumFreePages();
  int bad = badpages(p, PT_PAGES, 0xe2);
  ptfree(p, PT_PAGES, brk);
  if(!shared)
    return fail("pmap does not show the child's heap in shared leaf tables");
  if(st != 0)
    return failn("exec'd child (77: exec failed)", 0, st);
  if(cost != 0)
    return failn("pages the parent's writes cost once alone", 0, cost);
  if(bad)
    return fail("the parent lost its writes");
  return freeback(free0);
}

// A lazy heap that reaches the last root entry below USERTOP (RISC-V:
// the gigabyte that also holds the trap frame), one page touched there,
// forked: the child's exit and the parent's shrink free the shared table
// there (a size that does not end on a table boundary), and every frame
// comes back, page tables included (a shrink frees the tables it
// empties).
static int
test_pttop(void)
{
  int free0 = getNumFreePages();
  uint64 brk = (uintptr)sbrk(0);
  uint64 want = (TRAPFRAME - 3 * LEAFSPAN) & ~(uint64)(PGSIZE - 1);
  while((uintptr)sbrk(0) < want){
    uint64 n = want - (uintptr)sbrk(0);
    if(n > 0x40000000)
      n = 0x40000000;
    if(sbrklazy(n) == SBRK_ERROR)
      break;
  }
  uint64 top = (uintptr)sbrk(0);
  int r = 0;
  if(top < want)
    r = fail("sbrklazy up to the top");
  else {
    *(volatile char*)(uintptr)(top - 5 * PGSIZE) = 1;
    int pid = fork();
    if(pid == 0)
      exit(*(volatile char*)(uintptr)(top - 5 * PGSIZE) == 1 ? 0 : 1);
    if(pid < 0 || waitstatus() != 0)
      r = fail("fork, or the child's read at the top");
  }
  while((uintptr)sbrk(0) > brk){
    uint64 n = (uintptr)sbrk(0) - brk;
    sbrk(-(int)(n > 0x40000000 ? 0x40000000 : n));
  }
  return r ? r : freeback(free0);
}

#if ELF_MACHINE == EM_RISCV
// test_ptfetch's program, RISC-V instructions (words, little-endian) for
// address 0. It copies its last 9 words (the blob) to 0x200000, the
// start of the second leaf table, and forks. The child jumps there: its
// entry for that table is sealed, so the fetch faults and the kernel must
// open it. The blob reads one byte from fd 0 and exits with 42. The
// parent waits and exits with the child's status.
static const uint32 ptfetch_code[] = {
  0x00000297, 0x05c28293,  // la t0, blob
  0x00200337,              // lui t1, 0x200         (0x200000)
  0x00900393,              // li t2, 9              (blob words)
  0x0002ae03, 0x01c32023,  // 1: lw t3, 0(t0); sw t3, 0(t1)
  0x00428293, 0x00430313,  // addi t0, t0, 4; addi t1, t1, 4
  0xfff38393, 0xfe0396e3,  // addi t2, t2, -1; bnez t2, 1b
  0x0000100f,              // fence.i
  0x00100893, 0x00000073,  // li a7, SYS_fork; ecall
  0x02050063,              // beqz a0, 2f
  0xff010113, 0x00010513,  // addi sp, sp, -16; mv a0, sp
  0x00300893, 0x00000073,  // li a7, SYS_wait; ecall
  0x00012503,              // lw a0, 0(sp)
  0x00200893, 0x00000073,  // li a7, SYS_exit; ecall
  0x002002b7, 0x00028067,  // 2: lui t0, 0x200; jr t0
  // blob:
  0xff010113, 0x00000513,  // addi sp, sp, -16; li a0, 0
  0x00010593, 0x00100613,  // mv a1, sp; li a2, 1
  0x00500893, 0x00000073,  // li a7, SYS_read; ecall
  0x02a00513,              // li a0, 42
  0x00200893, 0x00000073,  // li a7, SYS_exit; ecall
};

// Write test_ptfetch's program to file name: one loadable segment at 0,
// readable, writable and executable, of two leaf tables (so that the
// stack and the pc lie in other tables than the blob's copy). Returns 0,
// or -1 if the file could not be written.
static int
ptfetch_write(const char *name)
{
  struct elfhdr eh;
  struct proghdr ph;
  memset(&eh, 0, sizeof(eh));
  memset(&ph, 0, sizeof(ph));
  eh.magic = ELF_MAGIC;
  eh.elf[ELF_CLASS_BYTE] = ELF_CLASS_VALUE;
  eh.elf[1] = 1;   // little-endian
  eh.elf[2] = 1;   // ELF version
  eh.type = 2;     // an executable
  eh.machine = ELF_MACHINE;
  eh.version = 1;
  eh.phoff = sizeof(eh);
  eh.ehsize = sizeof(eh);
  eh.phentsize = sizeof(ph);
  eh.phnum = 1;
  ph.type = ELF_PROG_LOAD;
  ph.flags = ELF_PROG_FLAG_READ | ELF_PROG_FLAG_WRITE | ELF_PROG_FLAG_EXEC;
  ph.off = sizeof(eh) + sizeof(ph);
  ph.filesz = sizeof(ptfetch_code);
  ph.memsz = 2 * LEAFSPAN;
  ph.align = PGSIZE;
  int fd = open(name, O_CREATE | O_TRUNC | O_WRONLY);
  if(fd < 0)
    return -1;
  int ok = write(fd, &eh, sizeof(eh)) == sizeof(eh) && write(fd, &ph, sizeof(ph)) == sizeof(ph) &&
           write(fd, ptfetch_code, sizeof(ptfetch_code)) == sizeof(ptfetch_code);
  close(fd);
  return ok ? 0 : -1;
}

// An instruction fetch through a sealed table (RISC-V): a process runs
// code in a leaf table it shares with its parent, which no fetch could
// reach before the kernel opens the entry. pmap must show the table
// shared while the child waits; the child must exit 42, not be killed.
static int
test_ptfetch(void)
{
  const char *name = "ptfetch.tmp";
  int fds[2];
  struct pmapent e;
  if(ptfetch_write(name) < 0)
    return fail("write ptfetch.tmp");
  if(pipe(fds) < 0)
    return fail("pipe");
  int pid = fork();
  if(pid < 0)
    return fail("fork");
  if(pid == 0){
    char *argv[] = { (char*)name, 0 };
    close(0);
    dup(fds[0]);
    close(fds[0]);
    close(fds[1]);
    exec(name, argv);
    exit(77);
  }
  close(fds[0]);
  int shared = 0;
  for(int i = 0; i < 500 && !shared; i++){
    shared = pmap(pid, LEAFSPAN, &e, 1) == 1 && e.va == LEAFSPAN &&
             (e.flags & PMAP_PTSHARED) && e.ptref == 2 && (e.flags & PMAP_X);
    if(!shared)
      pause(1);
  }
  write(fds[1], "g", 1);
  close(fds[1]);
  int st = waitstatus();
  unlink(name);
  if(!shared)
    return fail("pmap never showed the program's second leaf table shared by its fork");
  if(st != 42)
    return failn("status of the program whose child ran code in a sealed table "
                 "(-1: killed, 77: exec failed)", 42, st);
  return 0;
}
#endif

static const struct testcase tests[] = {
  { "simple",    test_simple },
  { "three",     test_three },
  { "piperead",  test_piperead },
  { "fileread",  test_fileread },
  { "copyout",   test_copyout },
  { "isolation", test_isolation },
  { "storm",     test_storm },
  { "counts",    test_counts },
  { "reuse",     test_reuse },
  { "reusefull", test_reusefull },
  { "readonly",  test_readonly },
  { "oom",       test_oom },
  { "forkoom",   test_forkoom },
  { "lazyfork",  test_lazyfork },
  { "ptshare",   test_ptshare },
  { "ptread",    test_ptread },
  { "ptsbrk",    test_ptsbrk },
  { "ptgrand",   test_ptgrand },
  { "ptpipe",    test_ptpipe },
  { "ptexit",    test_ptexit },
  { "ptexec",    test_ptexec },
  { "pttop",     test_pttop },
#if ELF_MACHINE == EM_RISCV
  { "ptfetch",   test_ptfetch },
#endif
};

// Run the cases named in argv (all if none). Returns 0 if all passed, else 1.
int
main(int argc, char **argv)
{
  return runtests(tests, NELEM(tests), argc, argv,
                  "ALL COW TESTS PASSED", "SOME COW TESTS FAILED");
}
