// cowtest: checks that fork() is copy-on-write. Each case prints
// "test NAME: OK" or "test NAME: FAILED why"; `cowtest NAME...` runs some.
#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/fcntl.h"
#include "kernel/memlayout.h"
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
};

// Run the cases named in argv (all if none). Returns 0 if all passed, else 1.
int
main(int argc, char **argv)
{
  return runtests(tests, NELEM(tests), argc, argv,
                  "ALL COW TESTS PASSED", "SOME COW TESTS FAILED");
}
