// usertests: cowos' regression suite. The test names are xv6's, for
// familiarity; the tests are ours. Each test runs in its own child process
// and must give back every physical page it took.
//   usertests          run every test
//   usertests -q       leave out the slow ones
//   usertests NAME...  run the named tests
// Each test prints one line, "test NAME: OK" or "test NAME: FAILED why";
// the run ends with "ALL TESTS PASSED" or "SOME TESTS FAILED".
#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/fcntl.h"
#include "kernel/fs.h"
#include "kernel/param.h"
#include "kernel/memlayout.h"
#include "kernel/syscall.h"
#include "kernel/elf.h"
#include "user/user.h"
#include "user/testlib.h"

#define BUFSZ ((MAXOPBLOCKS + 2) * BSIZE)   // scratch buffer, bytes
#define FDS_USED 4            // descriptors a test starts with: 0, 1, 2, reason pipe
#define EAT_CHUNK (1 << 20)   // bytes per sbrk() when eating all memory
#define SETTLE_TICKS 1000     // how long to wait for init to reap orphans (10 s; returns early)
#define REASON_BYTES 160      // longest failure reason printed

static char buf[BUFSZ];
static int reasonfd = -1;     // write end of the reason pipe (in a test)
extern char end[];            // user.ld: end of data+bss

// ---------------------------------------------------------------------
// Failing. A test (or any process it forks) fails by writing its reason
// to the reason pipe and exiting 1; the driver prints the first reason.

static void failexit(void) __attribute__((noreturn));

static void
failexit(void)
{
  fprintf(reasonfd, "\n");
  exit(1);
}

#define FAIL(...) do { fprintf(reasonfd, __VA_ARGS__); failexit(); } while(0)

// ---------------------------------------------------------------------
// Helpers.

static int
xfork(void)
{
  int pid = fork();
  if(pid < 0)
    FAIL("fork failed");
  return pid;
}

// Wait for a child (pid, or any if pid is 0). Returns its exit status.
static int
xwait(int pid)
{
  int st = 12345;
  int r = wait(&st);
  if(r < 0)
    FAIL("wait found no child");
  if(pid > 0 && r != pid)
    FAIL("wait returned pid %d, expected %d", r, pid);
  return st;
}

static int
xopen(const char *path, int mode)
{
  int fd = open(path, mode);
  if(fd < 0)
    FAIL("open %s failed", path);
  return fd;
}

static void
xpipe(int *fds)
{
  if(pipe(fds) < 0)
    FAIL("pipe failed");
}

// Create (or truncate) path holding n bytes from p.
static void
writefile(const char *path, const void *p, int n)
{
  int fd = xopen(path, O_CREATE | O_TRUNC | O_WRONLY);
  if(write(fd, p, n) != n)
    FAIL("write of %d bytes to %s failed", n, path);
  close(fd);
}

// Decimal digits of n >= 0 into s. Returns s.
static char*
itoa(int n, char *s)
{
  char tmp[12];
  int i = 0, j = 0;
  do {
    tmp[i++] = '0' + n % 10;
    n /= 10;
  } while(n > 0);
  while(i > 0)
    s[j++] = tmp[--i];
  s[j] = 0;
  return s;
}

// prefix followed by the decimal n, into dst. Returns dst.
static char*
mkname(char *dst, const char *prefix, int n)
{
  int len = strlen(prefix);
  memmove(dst, prefix, len);
  itoa(n, dst + len);
  return dst;
}

// Store to the stack, so that the caller's stack page is private (a COW
// copy made now, while there is memory for it).
static void
touchstack(void)
{
  volatile char c[16];
  c[0] = 1;
  (void)c[0];
}

// fork(), where the parent's stack page is made private before the child
// runs. For tests whose child eats all memory: the parent's wait() must
// not then need a COW copy to store the status.
static int
forksync(void)
{
  int fds[2];
  char c = 0;

  xpipe(fds);
  int pid = xfork();
  if(pid == 0){
    if(read(fds[0], &c, 1) != 1)
      exit(1);
    close(fds[0]);
    close(fds[1]);
    return 0;
  }
  touchstack();
  write(fds[1], "g", 1);
  close(fds[0]);
  close(fds[1]);
  return pid;
}

// forkwait() (user/lib/ARCH/rawsys.S): fork(); the child exits 0 at once
// and the parent reaps it with wait(0), with no store to memory by either
// in between: this works with no free page at all (a store to a shared
// page would need a COW copy). Returns the child's pid, or -1 if fork
// failed.

// Raw system call with number num and no arguments.
static long
rawsyscall(long num)
{
  return rawsys(num, 0, 0, 0, 0, 0, 0);
}

// Grow the heap by npages page-aligned pages, allocated now.
static char*
grow(int npages)
{
  uint64 top = (uintptr)sbrk(0);
  if(top % PGSIZE != 0 && sbrk(PGSIZE - top % PGSIZE) == SBRK_ERROR)
    FAIL("sbrk to align the break failed");
  char *p = sbrk(npages * PGSIZE);
  if(p == SBRK_ERROR)
    FAIL("sbrk of %d pages failed", npages);
  return p;
}

// Page-align the break. Returns it.
static char*
alignbrk(void)
{
  uint64 top = (uintptr)sbrk(0);
  if(top % PGSIZE != 0 && sbrk(PGSIZE - top % PGSIZE) == SBRK_ERROR)
    FAIL("sbrk to align the break failed");
  return sbrk(0);
}

// Grow the heap eagerly until sbrk fails, leaving (almost) no free page.
// Returns the number of bytes added.
static uint64
eatmem(void)
{
  uint64 n = 0;
  while(sbrk(EAT_CHUNK) != SBRK_ERROR)
    n += EAT_CHUNK;
  while(sbrk(PGSIZE) != SBRK_ERROR)
    n += PGSIZE;
  return n;
}

// Give back n bytes from the top of the heap.
static void
shrink(uint64 n)
{
  while(n > 0){
    int k = n > EAT_CHUNK ? EAT_CHUNK : n;
    if(sbrk(-k) == SBRK_ERROR)
      FAIL("sbrk(-%d) failed", k);
    n -= k;
  }
}

// Hide a value from the optimizer (so that a store to address 0 stays a
// store instead of becoming a trap instruction).
static uintptr
opaque(uintptr a)
{
  asm volatile("" : "+r"(a));
  return a;
}

static void
load(uintptr a)
{
  (void)*(volatile char*)opaque(a);
}

static void
store(uintptr a)
{
  *(volatile char*)opaque(a) = 42;
}

// Store a byte's own value back: harmless where the store is allowed.
static void
restore(uintptr a)
{
  volatile char *p = (volatile char*)opaque(a);
  *p = *p;
}

// Run fn(a) in a child. Returns the child's exit status (-1 if killed).
static int
runchild(void (*fn)(uintptr), uintptr a)
{
  int pid = xfork();
  if(pid == 0){
    fn(a);
    exit(0);
  }
  return xwait(pid);
}

// fn(a) must kill the process that runs it.
static void
mustkill(void (*fn)(uintptr), uintptr a, const char *what)
{
  int st = runchild(fn, a);
  if(st != -1)
    FAIL("%s at %p did not kill the process (status %d)", what, (void*)a, st);
}

// The first page above data+bss: the stack's guard page.
static uintptr
guardpage(void)
{
  return PGROUNDUP((uintptr)end);
}

#define NBAD 11

// Fill a[] with user addresses no system call may read or write.
// Returns how many.
static int
badaddrs(uintptr *a)
{
  int n = 0;
  a[n++] = KERNBASE;
  a[n++] = KERNBASE + 0x12345;
  a[n++] = PHYSTOP - 8;
  a[n++] = MAXVA;
  a[n++] = MAXVA + PGSIZE;
  a[n++] = (uintptr)1 << (8 * sizeof(uintptr) - 1);   // the top bit of a pointer
  a[n++] = ~(uintptr)0 - 7;
  a[n++] = TRAPFRAME;
  a[n++] = TRAMPOLINE;
  a[n++] = guardpage();
  a[n++] = PGROUNDUP((uintptr)sbrk(0)) + 4 * PGSIZE;   // unmapped
  return n;
}

// ---------------------------------------------------------------------
// User pointers.

// write() from addresses the process may not read returns -1, for a
// file, a pipe and the console, and transfers nothing.
static void
t_copyin(void)
{
  uintptr bad[NBAD];
  int n = badaddrs(bad);
  int fds[2];
  struct stat st;

  unlink("copyin1");
  int fd = xopen("copyin1", O_CREATE | O_WRONLY);
  xpipe(fds);
  for(int i = 0; i < n; i++){
    int r;
    if((r = write(fd, (void*)bad[i], 8192)) != -1)
      FAIL("write(file, %p, 8192) returned %d", (void*)bad[i], r);
    if((r = write(fd, (void*)bad[i], 1)) != -1)
      FAIL("write(file, %p, 1) returned %d", (void*)bad[i], r);
    if((r = write(fds[1], (void*)bad[i], 8192)) != -1)
      FAIL("write(pipe, %p, 8192) returned %d", (void*)bad[i], r);
    if((r = write(1, (void*)bad[i], 10)) != -1)
      FAIL("write(console, %p, 10) returned %d", (void*)bad[i], r);
  }
  if(fstat(fd, &st) < 0 || st.size != 0)
    FAIL("the file grew to %d bytes", (int)st.size);
  close(fds[0]);
  if(write(fds[1], "x", 1) != -1)
    FAIL("write to a pipe with no reader succeeded");
  close(fds[1]);
  close(fd);
  unlink("copyin1");
}

// read(), fstat() and pipe() into addresses the process may not write
// (including text and rodata) return -1, consume nothing, and leave no
// descriptor behind.
static void
t_copyout(void)
{
  uintptr bad[NBAD + 3];
  int n = badaddrs(bad);
  int fds[2];
  char magic[4];

  bad[n++] = 0;
  bad[n++] = (uintptr)t_copyout;
  bad[n++] = (uintptr)"a string in rodata";

  int probe = dup(0);
  close(probe);
  int fd = xopen("/usertests", O_RDONLY);
  xpipe(fds);
  if(write(fds[1], "ok!!", 4) != 4)
    FAIL("write to pipe");
  for(int i = 0; i < n; i++){
    void *a = (void*)bad[i];
    int r;
    if((r = read(fd, a, 8192)) != -1)
      FAIL("read(file, %p, 8192) returned %d", a, r);
    if((r = read(fds[0], a, 4)) != -1)
      FAIL("read(pipe, %p, 4) returned %d", a, r);
    if((r = fstat(fd, a)) != -1)
      FAIL("fstat(fd, %p) returned %d", a, r);
    if((r = pipe(a)) != -1)
      FAIL("pipe(%p) returned %d", a, r);
  }
  if(read(fd, magic, 4) != 4 || magic[0] != 0x7f || magic[1] != 'E')
    FAIL("failed reads moved the file offset");
  if(read(fds[0], magic, 4) != 4 || memcmp(magic, "ok!!", 4) != 0)
    FAIL("failed reads consumed pipe data");
  close(fd);
  close(fds[0]);
  close(fds[1]);
  int probe2 = dup(0);
  close(probe2);
  if(probe2 != probe)
    FAIL("failed calls left a descriptor open (next fd %d, expected %d)", probe2, probe);
}

// Every call that takes a path returns -1 for a path pointer the process
// may not read.
static void
t_copyinstr1(void)
{
  uintptr bad[NBAD];
  int n = badaddrs(bad);
  char *argv[] = { "echo", 0 };

  for(int i = 0; i < n; i++){
    char *a = (char*)bad[i];
    if(open(a, O_CREATE | O_WRONLY) != -1)
      FAIL("open(%p) did not fail", a);
    if(unlink(a) != -1 || mkdir(a) != -1 || chdir(a) != -1)
      FAIL("unlink/mkdir/chdir(%p) did not fail", a);
    if(link(a, "copyinstr1") != -1 || link("/usertests", a) != -1)
      FAIL("link with %p did not fail", a);
    if(mknod(a, 1, 0) != -1)
      FAIL("mknod(%p) did not fail", a);
    if(exec(a, argv) != -1)
      FAIL("exec(%p) did not fail", a);
  }
}

static char longstr[PGSIZE + 1000];

// Paths without a NUL in MAXPATH bytes and exec arguments without one in
// a page are refused; a path of MAXPATH-1 bytes is fine.
static void
t_copyinstr2(void)
{
  char *argv[3] = { "usertests", longstr, 0 };

  memset(longstr, 'x', MAXPATH);
  longstr[MAXPATH] = 0;
  if(open(longstr, O_CREATE | O_WRONLY) != -1)
    FAIL("open of a %d-byte path succeeded", MAXPATH);
  if(mkdir(longstr) != -1 || unlink(longstr) != -1 || chdir(longstr) != -1)
    FAIL("mkdir/unlink/chdir of a %d-byte path succeeded", MAXPATH);
  if(link("/usertests", longstr) != -1 || link(longstr, "copyinstr2") != -1)
    FAIL("link with a %d-byte path succeeded", MAXPATH);
  if(exec(longstr, argv) != -1)
    FAIL("exec of a %d-byte path succeeded", MAXPATH);

  longstr[MAXPATH - 1] = 0;
  int fd = open(longstr, O_CREATE | O_WRONLY);
  if(fd < 0)
    FAIL("open of a %d-byte path failed", MAXPATH - 1);
  close(fd);
  if(open("xxxxxxxxxxxxxx", O_RDONLY) < 0)
    FAIL("the long name was not cut to DIRSIZ");
  if(unlink(longstr) != 0)
    FAIL("unlink of a %d-byte path failed", MAXPATH - 1);

  memset(longstr, 'y', sizeof(longstr) - 1);
  longstr[sizeof(longstr) - 1] = 0;
  if(exec("/usertests", argv) != -1)
    FAIL("exec with a %d-byte argument succeeded", (int)sizeof(longstr) - 1);
  longstr[PGSIZE - 1] = 0;
  if(exec("/usertests", argv) != -1)
    FAIL("exec with a %d-byte argument succeeded", PGSIZE - 1);
}

// Strings that run off the end of the heap, or into the guard page, are
// refused with -1, and the process lives on.
static void
t_copyinstr3(void)
{
  char *p = grow(1);
  char *strs[2];
  int nstr = 0;

  strs[nstr++] = p + PGSIZE - 40;
  memset(p + PGSIZE - 40, 'x', 40);
  // The end of bss, up to the guard page, if there is room that no
  // variable uses.
  if(guardpage() - (uintptr)end >= 40){
    strs[nstr++] = (char*)guardpage() - 40;
    memset((char*)guardpage() - 40, 'y', 40);
  }
  for(int i = 0; i < nstr; i++){
    char *s = strs[i];
    char *argv[] = { "usertests", s, 0 };
    if(open(s, O_CREATE | O_WRONLY) != -1 || unlink(s) != -1)
      FAIL("open/unlink of an unterminated string at %p succeeded", s);
    if(mkdir(s) != -1 || chdir(s) != -1)
      FAIL("mkdir/chdir of an unterminated string at %p succeeded", s);
    if(link("/usertests", s) != -1 || link(s, "copyinstr3") != -1)
      FAIL("link of an unterminated string at %p succeeded", s);
    if(exec(s, argv) != -1 || exec("/usertests", argv) != -1)
      FAIL("exec with an unterminated string at %p succeeded", s);
  }
  // An argv array whose null entry would be past the end of memory.
  char **av = (char**)(p + PGSIZE - sizeof(char*));
  av[0] = "usertests";
  if(exec("/usertests", av) != -1)
    FAIL("exec with argv running off the end of memory succeeded");
}

// Memory given back with sbrk(-n) cannot be read or written by the
// kernel on the process's behalf.
static void
t_rwsbrk(void)
{
  alignbrk();
  char *a = sbrk(2 * PGSIZE);
  if(a == SBRK_ERROR)
    FAIL("sbrk failed");
  if(sbrk(-2 * PGSIZE) == SBRK_ERROR)
    FAIL("sbrk(-) failed");
  unlink("rwsbrk");
  int fd = xopen("rwsbrk", O_CREATE | O_WRONLY);
  int r = write(fd, a + PGSIZE, 1024);
  if(r != -1)
    FAIL("write from freed memory returned %d", r);
  close(fd);
  fd = xopen("/usertests", O_RDONLY);
  if((r = read(fd, a + PGSIZE, 10)) != -1)
    FAIL("read into freed memory returned %d", r);
  // The same for lazily allocated memory, touched or not.
  char *b = sbrklazy(2 * PGSIZE);
  if(b == SBRK_ERROR)
    FAIL("sbrklazy failed");
  b[0] = 1;
  if(sbrk(-2 * PGSIZE) == SBRK_ERROR)
    FAIL("sbrk(-) failed");
  if((r = read(fd, b, 10)) != -1 || (r = read(fd, b + PGSIZE, 10)) != -1)
    FAIL("read into freed lazy memory returned %d", r);
  close(fd);
  unlink("rwsbrk");
}

// exec with bad pointers in or for argv fails, again and again, and
// frees whatever it had copied (the leak check).
static void
t_badarg(void)
{
  for(int i = 0; i < 50; i++){
    char *argv[4] = { "echo", "ok", (char*)(KERNBASE + i * 64), 0 };
    if(exec("/echo", argv) != -1)
      FAIL("exec with argv[2] = %p succeeded", argv[2]);
    argv[2] = (char*)(MAXVA + i);
    if(exec("/echo", argv) != -1)
      FAIL("exec with argv[2] = %p succeeded", argv[2]);
    if(exec("/echo", (char**)(TRAPFRAME + i * 8)) != -1)
      FAIL("exec with argv at TRAPFRAME succeeded");
    if(exec("/echo", (char**)(~0UL - i)) != -1)
      FAIL("exec with argv at the top of the address space succeeded");
  }
}

// Whether the kernel reads (write() from a) or writes (pipe() into a)
// user address a: the child running them exits 0 if it does, 1 if not.
static void kwrite(uintptr a);
static void kpipe(uintptr a);

// Across text, data, bss, guard page, stack, heap and beyond: the kernel
// reads user memory exactly where the process can load, and writes it
// exactly where the process can store.
static void
t_validatetest(void)
{
  static int datavar = 1;
  char *heap = grow(2);
  uintptr pages[] = {
    0, (uintptr)t_validatetest, (uintptr)"rodata", (uintptr)&datavar, (uintptr)buf,
    (uintptr)end - 1, guardpage(), guardpage() + PGSIZE, (uintptr)heap,
    (uintptr)heap + PGSIZE, (uintptr)heap + 2 * PGSIZE, TRAPFRAME, TRAMPOLINE, KERNBASE,
  };
  int npages = sizeof(pages) / sizeof(pages[0]);

  for(int i = 0; i < npages; i++){
    uintptr a = PGROUNDDOWN(pages[i]);
    int canload = runchild(load, a) == 0;
    int canstore = runchild(restore, a) == 0;
    int kread = runchild(kwrite, a) == 0;
    int kstore = runchild(kpipe, a) == 0;
    if(canload != kread)
      FAIL("page %p: user load %s but write() from it %s", (void*)a,
           canload ? "works" : "kills", kread ? "works" : "fails");
    if(canstore != kstore)
      FAIL("page %p: user store %s but pipe() into it %s", (void*)a,
           canstore ? "works" : "kills", kstore ? "works" : "fails");
    if(a < PGROUNDDOWN((uintptr)&datavar) && (canstore || !canload))
      FAIL("text page %p: load %d store %d", (void*)a, canload, canstore);
    if(a == guardpage() && (canload || canstore))
      FAIL("the guard page %p is accessible", (void*)a);
  }
  // And link() survives any address as a path.
  for(uintptr p = 0; p <= (uintptr)sbrk(0) + 4 * PGSIZE; p += PGSIZE)
    if(link("nosuchfile", (char*)p) != -1)
      FAIL("link(\"nosuchfile\", %p) succeeded", (void*)p);
}

static void
kwrite(uintptr a)
{
  int fds[2];
  if(pipe(fds) < 0)
    exit(2);
  exit(write(fds[1], (void*)a, 1) == 1 ? 0 : 1);
}

static void
kpipe(uintptr a)
{
  exit(pipe((int*)a) == 0 ? 0 : 1);
}

// Negative counts and buffers that end at the break.
static void
t_argptest(void)
{
  grow(1);
  char *top = sbrk(0);
  int fd = xopen("/usertests", O_RDONLY);
  int r;
  if((r = read(fd, top - 1, -1)) != -1)
    FAIL("read with count -1 returned %d", r);
  if((r = read(fd, top - 1, 1)) != 1)
    FAIL("read into the last byte of memory returned %d", r);
  if((r = read(fd, top - 1, 2)) == 2)
    FAIL("read of 2 bytes into the last byte of memory returned 2");
  close(fd);
  unlink("argptest");
  fd = xopen("argptest", O_CREATE | O_WRONLY);
  if((r = write(fd, buf, -1)) != -1)
    FAIL("write with count -1 returned %d", r);
  if((r = write(fd, top - 1, 2)) == 2)
    FAIL("write of 2 bytes from the last byte of memory returned 2");
  close(fd);
  unlink("argptest");
}

#define ARGLEN_FIT 48      // bytes per argument: 29 of them fit on the stack
#define ARGLEN_BIG 200     // bytes per argument: 29 of them do not
static char argspace[MAXARG][ARGLEN_BIG + 1];
static char *bigargv[MAXARG + 2];

// Point bigargv at "usertests" "-args" and nargs strings of len 'a's.
static void
setargs(int nargs, int len)
{
  bigargv[0] = "usertests";
  bigargv[1] = "-args";
  for(int i = 0; i < nargs; i++){
    memset(argspace[i], 'a', len);
    argspace[i][len] = 0;
    bigargv[2 + i] = argspace[i];
  }
  bigargv[2 + nargs] = 0;
}

// exec with MAXARG-1 arguments works and passes them all; one argument
// too many, or arguments that overflow the stack page, fail with -1
// and leave the caller intact.
static void
t_bigargtest(void)
{
  char *p = grow(1);
  fill(p, 1, 0xb1);

  setargs(MAXARG - 3, ARGLEN_FIT);
  int pid = xfork();
  if(pid == 0){
    exec("/usertests", bigargv);
    FAIL("exec with %d arguments failed", MAXARG - 1);
  }
  int st = xwait(pid);
  if(st != MAXARG - 1)
    FAIL("exec with %d arguments: the program saw %d", MAXARG - 1, st);

  setargs(MAXARG - 2, 1);
  if(exec("/usertests", bigargv) != -1)
    FAIL("exec with %d arguments succeeded", MAXARG);
  setargs(MAXARG - 3, ARGLEN_BIG);
  if(exec("/usertests", bigargv) != -1)
    FAIL("exec with %d arguments of %d bytes succeeded", MAXARG - 1, ARGLEN_BIG);
  if(badpages(p, 1, 0xb1) != 0)
    FAIL("a failed exec changed the caller's memory");
}

// ---------------------------------------------------------------------
// Files.

static void
expectread(int fd, const char *want, int n, const char *what)
{
  char got[32];
  int r = read(fd, got, sizeof(got));
  if(r != n || memcmp(got, want, n) != 0)
    FAIL("%s: read returned %d bytes, expected %d", what, r, n);
}

// O_TRUNC through one descriptor is seen through another open one.
static void
t_truncate1(void)
{
  unlink("truncfile");
  writefile("truncfile", "abcd", 4);
  int fd2 = xopen("truncfile", O_RDONLY);
  expectread(fd2, "abcd", 4, "before truncation");
  int fd1 = xopen("truncfile", O_WRONLY | O_TRUNC);
  int fd3 = xopen("truncfile", O_RDONLY);
  expectread(fd3, "", 0, "truncated file");
  expectread(fd2, "", 0, "old descriptor after truncation");
  if(write(fd1, "abcdef", 6) != 6)
    FAIL("write after truncation");
  expectread(fd3, "abcdef", 6, "new data");
  expectread(fd2, "ef", 2, "new data at the old offset");
  close(fd1);
  close(fd2);
  close(fd3);
  unlink("truncfile");
}

// A write at an offset beyond the end of a file truncated under it fails.
static void
t_truncate2(void)
{
  unlink("truncfile");
  int fd1 = xopen("truncfile", O_CREATE | O_TRUNC | O_WRONLY);
  if(write(fd1, "abcd", 4) != 4)
    FAIL("write");
  int fd2 = xopen("truncfile", O_TRUNC | O_WRONLY);
  int r = write(fd1, "x", 1);
  if(r != -1)
    FAIL("write past the end of a truncated file returned %d", r);
  if(write(fd2, "y", 1) != 1)
    FAIL("write at offset 0 failed");
  close(fd1);
  close(fd2);
  struct stat st;
  if(stat("truncfile", &st) < 0 || st.size != 1)
    FAIL("size %d, expected 1", (int)st.size);
  unlink("truncfile");
}

// Two processes truncate, write and read one file at once; reads only
// ever see bytes that were written.
static void
t_truncate3(void)
{
  writefile("truncfile", "", 0);
  int pid = xfork();
  if(pid == 0){
    char b[32];
    for(int i = 0; i < 60; i++){
      int fd = open("truncfile", O_WRONLY);
      if(fd < 0)
        FAIL("child: open for writing");
      if(write(fd, "1234567890", 10) != 10)
        FAIL("child: write");
      close(fd);
      fd = open("truncfile", O_RDONLY);
      if(fd < 0)
        FAIL("child: open for reading");
      int n = read(fd, b, sizeof(b));
      close(fd);
      if(n < 0 || n > 10)
        FAIL("child: read %d bytes from a file never longer than 10", n);
      for(int j = 0; j < n; j++)
        if(strchr("1234567890xyz", b[j]) == 0)
          FAIL("child: read a byte that was never written (%d)", b[j]);
    }
    exit(0);
  }
  for(int i = 0; i < 100; i++){
    int fd = open("truncfile", O_CREATE | O_WRONLY | O_TRUNC);
    if(fd < 0)
      FAIL("open with O_TRUNC");
    if(write(fd, "xyz", 3) != 3)
      FAIL("write");
    close(fd);
  }
  if(xwait(pid) != 0)
    FAIL("child failed");
  unlink("truncfile");
}

// Opening a directory for writing fails even while it is being unlinked.
static void
t_openiputtest(void)
{
  if(mkdir("oidir") != 0)
    FAIL("mkdir oidir");
  int pid = xfork();
  if(pid == 0){
    int fd = open("oidir", O_RDWR);
    exit(fd < 0 ? 0 : 1);
  }
  pause(1);
  if(unlink("oidir") != 0)
    FAIL("unlink oidir");
  if(xwait(pid) != 0)
    FAIL("a directory was opened for writing");
}

// A process whose current directory was unlinked exits; the directory's
// inode is freed then.
static void
t_exitiputtest(void)
{
  struct stat st;
  if(mkdir("iputdir") != 0)
    FAIL("mkdir");
  int pid = xfork();
  if(pid == 0){
    if(chdir("iputdir") != 0)
      FAIL("child: chdir");
    if(unlink("../iputdir") != 0)
      FAIL("child: unlink ../iputdir");
    exit(0);
  }
  if(xwait(pid) != 0)
    FAIL("child failed");
  if(stat("iputdir", &st) == 0)
    FAIL("iputdir still exists");
  if(mkdir("iputdir") != 0 || unlink("iputdir") != 0)
    FAIL("could not make iputdir again");
}

// Leaving a current directory that was unlinked frees it.
static void
t_iputtest(void)
{
  struct stat st;
  if(mkdir("iputdir") != 0)
    FAIL("mkdir");
  if(chdir("iputdir") != 0)
    FAIL("chdir iputdir");
  if(unlink("../iputdir") != 0)
    FAIL("unlink ../iputdir");
  if(chdir("..") == 0)
    FAIL("chdir .. from an unlinked directory succeeded");
  if(chdir("/") != 0)
    FAIL("chdir /");
  if(stat("iputdir", &st) == 0)
    FAIL("iputdir still exists");
}

// open: existing files, missing files, directories (read-only only).
static void
t_opentest(void)
{
  int fd = open("/echo", O_RDONLY);
  if(fd < 0)
    FAIL("open /echo");
  close(fd);
  // Course tests read the text file README at the root, as on xv6.
  fd = open("/README", O_RDONLY);
  if(fd < 0 || read(fd, buf, 16) != 16)
    FAIL("no /README with text in it");
  close(fd);
  if(open("doesnotexist", O_RDONLY) >= 0)
    FAIL("open of a missing file succeeded");
  if(open("/", O_WRONLY) >= 0 || open("/", O_RDWR) >= 0)
    FAIL("open of / for writing succeeded");
  if((fd = open("/", O_RDONLY)) < 0)
    FAIL("open of / for reading failed");
  close(fd);
  if(open("/echo/x", O_RDONLY) >= 0 || open("/echo/x", O_CREATE | O_RDWR) >= 0)
    FAIL("a file was used as a directory");
  if(open("/", O_CREATE | O_RDWR) >= 0)
    FAIL("open(\"/\", O_CREATE) succeeded");
}

// Many small writes, read back.
static void
t_writetest(void)
{
  unlink("small");
  int fd = xopen("small", O_CREATE | O_RDWR);
  for(int i = 0; i < 100; i++){
    if(write(fd, "aaaaaaaaaa", 10) != 10 || write(fd, "bbbbbbbbbb", 10) != 10)
      FAIL("write %d", i);
  }
  close(fd);
  fd = xopen("small", O_RDONLY);
  if(read(fd, buf, 2000) != 2000)
    FAIL("read back");
  for(int i = 0; i < 2000; i++)
    if(buf[i] != (i % 20 < 10 ? 'a' : 'b'))
      FAIL("byte %d wrong", i);
  if(read(fd, buf, 10) != 0)
    FAIL("no end of file");
  close(fd);
  if(unlink("small") != 0)
    FAIL("unlink");
}

// A file of MAXFILE blocks; one more byte cannot be written.
static void
t_writebig(void)
{
  unlink("big");
  int fd = xopen("big", O_CREATE | O_RDWR);
  for(int i = 0; i < MAXFILE; i++){
    ((int*)buf)[0] = i;
    if(write(fd, buf, BSIZE) != BSIZE)
      FAIL("write of block %d failed", i);
  }
  int r = write(fd, buf, 1);
  if(r != -1)
    FAIL("write past MAXFILE returned %d", r);
  close(fd);
  fd = xopen("big", O_RDONLY);
  for(int i = 0; i < MAXFILE; i++){
    if(read(fd, buf, BSIZE) != BSIZE)
      FAIL("read of block %d failed", i);
    if(((int*)buf)[0] != i)
      FAIL("block %d holds %d", i, ((int*)buf)[0]);
  }
  if(read(fd, buf, BSIZE) != 0)
    FAIL("no end of file after MAXFILE blocks");
  close(fd);
  if(unlink("big") != 0)
    FAIL("unlink");
}

#define NCREATE 52

// Create and delete many files.
static void
t_createtest(void)
{
  char name[8];
  for(int i = 0; i < NCREATE; i++){
    int fd = open(mkname(name, "a", i), O_CREATE | O_RDWR);
    if(fd < 0)
      FAIL("create %s", name);
    close(fd);
  }
  for(int i = 0; i < NCREATE; i++)
    if(unlink(mkname(name, "a", i)) != 0)
      FAIL("unlink %s", name);
}

// mkdir, chdir, unlink of directories.
static void
t_dirtest(void)
{
  if(mkdir("dir0") != 0)
    FAIL("mkdir");
  if(mkdir("dir0") != -1)
    FAIL("mkdir of an existing name succeeded");
  if(mkdir("nosuchdir/dir1") != -1)
    FAIL("mkdir in a missing directory succeeded");
  if(chdir("dir0") != 0)
    FAIL("chdir dir0");
  writefile("f", "x", 1);
  if(chdir("..") != 0)
    FAIL("chdir ..");
  if(unlink("dir0") != -1)
    FAIL("unlink of a non-empty directory succeeded");
  if(unlink("dir0/f") != 0 || unlink("dir0") != 0)
    FAIL("unlink");
  if(chdir("dir0") != -1)
    FAIL("chdir to a removed directory succeeded");
}

// Parent and child write through one shared descriptor; no write is
// lost and the offset is shared.
static void
t_sharedfd(void)
{
  char b[10];
  unlink("sharedfd");
  int fd = xopen("sharedfd", O_CREATE | O_RDWR);
  int pid = xfork();
  memset(b, pid == 0 ? 'c' : 'p', sizeof(b));
  for(int i = 0; i < 100; i++)
    if(write(fd, b, sizeof(b)) != sizeof(b))
      FAIL("write");
  if(pid == 0)
    exit(0);
  if(xwait(pid) != 0)
    FAIL("child failed");
  close(fd);
  fd = xopen("sharedfd", O_RDONLY);
  int nc = 0, np = 0, n;
  while((n = read(fd, b, sizeof(b))) > 0){
    for(int i = 0; i < n; i++){
      if(b[i] == 'c')
        nc++;
      else if(b[i] == 'p')
        np++;
    }
  }
  close(fd);
  unlink("sharedfd");
  if(nc != 1000 || np != 1000)
    FAIL("%d bytes from the child, %d from the parent, expected 1000 each", nc, np);
}

// Four processes write four files at once.
static void
t_fourfiles(void)
{
  char name[8];
  for(int c = 0; c < 4; c++){
    mkname(name, "f", c);
    unlink(name);
    if(xfork() == 0){
      int fd = xopen(name, O_CREATE | O_RDWR);
      memset(buf, '0' + c, 512);
      for(int i = 0; i < 12; i++)
        if(write(fd, buf, 500) != 500)
          FAIL("child %d: write", c);
      exit(0);
    }
  }
  for(int c = 0; c < 4; c++)
    if(xwait(0) != 0)
      FAIL("a child failed");
  for(int c = 0; c < 4; c++){
    int fd = xopen(mkname(name, "f", c), O_RDONLY);
    int total = 0, n;
    while((n = read(fd, buf, BUFSZ)) > 0){
      for(int i = 0; i < n; i++)
        if(buf[i] != '0' + c)
          FAIL("%s holds a byte of another file", name);
      total += n;
    }
    close(fd);
    if(total != 12 * 500)
      FAIL("%s has %d bytes", name, total);
    unlink(name);
  }
}

#define NCD 20

// Four processes create and delete files at once; exactly the files that
// should survive do.
static void
t_createdelete(void)
{
  char name[3] = { 0, 0, 0 };
  for(int c = 0; c < 4; c++){
    if(xfork() == 0){
      name[0] = 'p' + c;
      for(int i = 0; i < NCD; i++){
        name[1] = '0' + i;
        int fd = open(name, O_CREATE | O_RDWR);
        if(fd < 0)
          FAIL("create %s", name);
        close(fd);
        if(i > 0 && i % 2 == 0){
          name[1] = '0' + i / 2;
          if(unlink(name) < 0)
            FAIL("unlink %s", name);
        }
      }
      exit(0);
    }
  }
  for(int c = 0; c < 4; c++)
    if(xwait(0) != 0)
      FAIL("a child failed");
  for(int c = 0; c < 4; c++){
    name[0] = 'p' + c;
    for(int i = 0; i < NCD; i++){
      name[1] = '0' + i;
      int fd = open(name, O_RDONLY);
      int want = i == 0 || i >= NCD / 2;
      if(want && fd < 0)
        FAIL("%s is missing", name);
      if(!want && fd >= 0)
        FAIL("%s should have been deleted", name);
      if(fd >= 0)
        close(fd);
      unlink(name);
    }
  }
}

// An unlinked open file stays readable and writable, separate from a new
// file of the same name.
static void
t_unlinkread(void)
{
  writefile("unlinkread", "hello", 5);
  int fd = xopen("unlinkread", O_RDWR);
  if(unlink("unlinkread") != 0)
    FAIL("unlink");
  writefile("unlinkread", "yyy", 3);
  expectread(fd, "hello", 5, "unlinked file");
  if(write(fd, buf, 10) != 10)
    FAIL("write to an unlinked file");
  close(fd);
  fd = xopen("unlinkread", O_RDONLY);
  expectread(fd, "yyy", 3, "new file");
  close(fd);
  unlink("unlinkread");
}

// link: a second name for a file, counted in nlink; no links to missing
// files, to existing names or to directories.
static void
t_linktest(void)
{
  struct stat st;
  unlink("lf1");
  unlink("lf2");
  writefile("lf1", "hello", 5);
  if(link("lf1", "lf2") != 0)
    FAIL("link lf1 lf2");
  if(stat("lf1", &st) < 0 || st.nlink != 2)
    FAIL("nlink %d after link, expected 2", st.nlink);
  if(unlink("lf1") != 0)
    FAIL("unlink lf1");
  if(open("lf1", O_RDONLY) >= 0)
    FAIL("unlinked lf1 still opens");
  int fd = xopen("lf2", O_RDONLY);
  expectread(fd, "hello", 5, "lf2");
  if(fstat(fd, &st) < 0 || st.nlink != 1)
    FAIL("nlink %d after unlink, expected 1", st.nlink);
  close(fd);
  if(link("lf2", "lf2") != -1)
    FAIL("link onto an existing name succeeded");
  if(unlink("lf2") != 0)
    FAIL("unlink lf2");
  if(link("lf2", "lf1") != -1)
    FAIL("link of a missing file succeeded");
  if(link(".", "lf1") != -1)
    FAIL("link of a directory succeeded");
}

#define NCONC 40

// Two processes create and link the same names at once, then unlink them
// at once: the directory holds every name exactly once, then none.
static void
t_concreate(void)
{
  char name[3] = { 'C', 0, 0 };
  char seen[NCONC];
  struct dirent de;

  if(mkdir("concdir") != 0 || chdir("concdir") != 0)
    FAIL("mkdir/chdir concdir");
  for(int i = 0; i < NCONC; i++){
    name[1] = '0' + i;
    int pid = xfork();
    if((pid != 0 && i % 3 == 1) || (pid == 0 && i % 5 == 1)){
      link("C0", name);
    } else {
      int fd = open(name, O_CREATE | O_RDWR);
      if(fd < 0)
        FAIL("create %s", name);
      close(fd);
    }
    if(pid == 0)
      exit(0);
    if(xwait(pid) != 0)
      FAIL("child failed");
  }
  memset(seen, 0, sizeof(seen));
  int fd = xopen(".", O_RDONLY), n = 0;
  while(read(fd, &de, sizeof(de)) == sizeof(de)){
    if(de.inum == 0 || de.name[0] == '.')
      continue;
    int i = de.name[1] - '0';
    if(de.name[0] != 'C' || de.name[2] != 0 || i < 0 || i >= NCONC)
      FAIL("stray name %s", de.name);
    if(seen[i])
      FAIL("name %s appears twice", de.name);
    seen[i] = 1;
    n++;
  }
  close(fd);
  if(n != NCONC)
    FAIL("%d names, expected %d", n, NCONC);
  for(int i = 0; i < NCONC; i++){
    name[1] = '0' + i;
    int pid = xfork();
    if((i % 3 == 0 && pid == 0) || (i % 3 == 1 && pid != 0)){
      close(open(name, O_RDONLY));
      close(open(name, O_RDONLY));
    } else {
      unlink(name);
      unlink(name);
    }
    if(pid == 0)
      exit(0);
    if(xwait(pid) != 0)
      FAIL("child failed");
  }
  for(int i = 0; i < NCONC; i++){
    name[1] = '0' + i;
    unlink(name);
  }
  if(chdir("..") != 0)
    FAIL("chdir ..");
  if(unlink("concdir") != 0)
    FAIL("concdir is not empty");
}

// Two processes race create, link and unlink on one name; the link
// count of the target comes out right.
static void
t_linkunlink(void)
{
  struct stat st;
  unlink("lux");
  writefile("lutarget", "t", 1);
  int pid = xfork();
  uint x = pid ? 1 : 97;
  for(int i = 0; i < 100; i++){
    x = x * 1103515245 + 12345;
    switch((x >> 16) % 3){
    case 0:
      close(open("lux", O_RDWR | O_CREATE));
      break;
    case 1:
      link("lutarget", "lux");
      break;
    default:
      unlink("lux");
      break;
    }
  }
  if(pid == 0)
    exit(0);
  if(xwait(pid) != 0)
    FAIL("child failed");
  unlink("lux");
  if(stat("lutarget", &st) < 0 || st.nlink != 1)
    FAIL("target has %d links, expected 1", st.nlink);
  unlink("lutarget");
}

static void
mustfail(int r, const char *what)
{
  if(r != -1)
    FAIL("%s returned %d, expected -1", what, r);
}

static void
mustwork(int r, const char *what)
{
  if(r < 0)
    FAIL("%s failed", what);
}

// Nested directories, relative paths with "..", and every way of using a
// file as a directory.
static void
t_subdir(void)
{
  struct stat st0, st1;
  int fd;

  stat("/", &st0);
  unlink("ff");
  mustwork(mkdir("dd"), "mkdir dd");
  writefile("dd/ff", "ff", 2);
  mustfail(unlink("dd"), "unlink of non-empty dd");
  mustwork(mkdir("/dd/dd"), "mkdir /dd/dd");
  writefile("dd/dd/ff", "FF", 2);
  fd = xopen("dd/dd/../ff", O_RDONLY);
  expectread(fd, "ff", 2, "dd/dd/../ff");
  close(fd);
  mustwork(link("dd/dd/ff", "dd/dd/ffff"), "link dd/dd/ff dd/dd/ffff");
  mustwork(unlink("dd/dd/ff"), "unlink dd/dd/ff");
  mustfail(open("dd/dd/ff", O_RDONLY), "open of unlinked dd/dd/ff");
  mustwork(chdir("dd"), "chdir dd");
  mustwork(chdir("dd/../../dd"), "chdir dd/../../dd");
  mustwork(chdir("dd/../../../dd"), "chdir dd/../../../dd");
  mustwork(chdir("./.."), "chdir ./..");
  fd = xopen("dd/dd/ffff", O_RDONLY);
  expectread(fd, "FF", 2, "dd/dd/ffff");
  close(fd);
  mustfail(open("dd/ff/ff", O_CREATE | O_RDWR), "create dd/ff/ff");
  mustfail(open("dd/xx/ff", O_CREATE | O_RDWR), "create dd/xx/ff");
  mustfail(open("dd", O_CREATE), "create dd");
  mustfail(open("dd", O_RDWR), "open dd O_RDWR");
  mustfail(open("dd", O_WRONLY), "open dd O_WRONLY");
  mustfail(link("dd/ff/ff", "dd/dd/xx"), "link dd/ff/ff");
  mustfail(link("dd/xx/ff", "dd/dd/xx"), "link dd/xx/ff");
  mustfail(link("dd/ff", "dd/dd/ffff"), "link onto dd/dd/ffff");
  mustfail(mkdir("dd/ff/ff"), "mkdir dd/ff/ff");
  mustfail(mkdir("dd/xx/ff"), "mkdir dd/xx/ff");
  mustfail(mkdir("dd/dd/ffff"), "mkdir dd/dd/ffff");
  mustfail(unlink("dd/xx/ff"), "unlink dd/xx/ff");
  mustfail(unlink("dd/ff/ff"), "unlink dd/ff/ff");
  mustfail(chdir("dd/ff"), "chdir dd/ff");
  mustfail(chdir("dd/xx"), "chdir dd/xx");
  mustwork(unlink("dd/dd/ffff"), "unlink dd/dd/ffff");
  mustwork(unlink("dd/ff"), "unlink dd/ff");
  mustfail(unlink("dd"), "unlink of dd holding dd/dd");
  mustwork(unlink("dd/dd"), "unlink dd/dd");
  mustwork(unlink("dd"), "unlink dd");
  stat("/", &st1);
  if(st1.nlink != st0.nlink)
    FAIL("/ has %d links, had %d", st1.nlink, st0.nlink);
}

// Writes of many sizes, up to several transactions' worth.
static void
t_bigwrite(void)
{
  unlink("bigwrite");
  for(int sz = 499; sz < BUFSZ; sz += 471){
    int fd = xopen("bigwrite", O_CREATE | O_RDWR);
    for(int i = 0; i < 2; i++){
      int r = write(fd, buf, sz);
      if(r != sz)
        FAIL("write(%d) returned %d", sz, r);
    }
    close(fd);
    unlink("bigwrite");
  }
}

// Writes of 600 bytes read back in 300-byte pieces.
static void
t_bigfile(void)
{
  enum { N = 20, SZ = 600 };
  unlink("bigfile");
  int fd = xopen("bigfile", O_CREATE | O_RDWR);
  for(int i = 0; i < N; i++){
    memset(buf, i, SZ);
    if(write(fd, buf, SZ) != SZ)
      FAIL("write %d", i);
  }
  close(fd);
  fd = xopen("bigfile", O_RDONLY);
  int total = 0;
  for(int i = 0; ; i++){
    int r = read(fd, buf, SZ / 2);
    if(r == 0)
      break;
    if(r != SZ / 2)
      FAIL("read returned %d", r);
    if(buf[0] != i / 2 || buf[SZ / 2 - 1] != i / 2)
      FAIL("piece %d holds the wrong bytes", i);
    total += r;
  }
  close(fd);
  if(total != N * SZ)
    FAIL("read %d bytes, expected %d", total, N * SZ);
  unlink("bigfile");
}

// Names of DIRSIZ bytes, and longer ones that are cut to DIRSIZ.
static void
t_fourteen(void)
{
  mustwork(mkdir("12345678901234"), "mkdir 12345678901234");
  mustwork(mkdir("12345678901234/123456789012345"), "mkdir 12345678901234/123456789012345");
  int fd = open("123456789012345/123456789012345/123456789012345", O_CREATE);
  mustwork(fd, "create 123456789012345/123456789012345/123456789012345");
  close(fd);
  fd = open("12345678901234/12345678901234/12345678901234", O_RDONLY);
  mustwork(fd, "open 12345678901234/12345678901234/12345678901234");
  close(fd);
  mustfail(mkdir("12345678901234/12345678901234"), "mkdir of an existing cut name");
  mustfail(mkdir("123456789012345/12345678901234"), "mkdir of an existing cut name");
  mustwork(unlink("123456789012345/12345678901234/12345678901234"), "unlink the file");
  mustwork(unlink("12345678901234/12345678901234"), "unlink the inner directory");
  mustwork(unlink("12345678901234"), "unlink the outer directory");
}

// "." and ".." cannot be unlinked.
static void
t_rmdot(void)
{
  mustwork(mkdir("dots"), "mkdir dots");
  mustwork(chdir("dots"), "chdir dots");
  mustfail(unlink("."), "unlink .");
  mustfail(unlink(".."), "unlink ..");
  mustwork(chdir("/"), "chdir /");
  mustfail(unlink("dots/."), "unlink dots/.");
  mustfail(unlink("dots/.."), "unlink dots/..");
  mustwork(unlink("dots"), "unlink dots");
}

// A removed directory is dead: after "cd a/b; unlink b; unlink a", ".."
// names a freed inode, and looking it (or anything) up through b must
// fail, not panic the kernel.
static void
t_rmdirdotdot(void)
{
  mustwork(mkdir("/rmdd"), "mkdir /rmdd");
  mustwork(mkdir("/rmdd/b"), "mkdir /rmdd/b");
  mustwork(chdir("/rmdd/b"), "chdir /rmdd/b");
  mustwork(unlink("/rmdd/b"), "unlink /rmdd/b (the cwd)");
  mustwork(unlink("/rmdd"), "unlink /rmdd");
  mustfail(chdir(".."), "chdir .. in a removed directory");
  mustfail(open("..", O_RDONLY), "open .. in a removed directory");
  mustfail(open("../usertests", O_RDONLY), "open ../usertests in a removed directory");
  mustfail(chdir("."), "chdir . in a removed directory");
  mustwork(chdir("/"), "chdir /");
  mustfail(chdir("/rmdd"), "chdir to the removed /rmdd");
}

// Nothing can be created in a directory that was removed while it was the
// cwd: such a name could never be reached, and its inode never freed.
static void
t_rmcwdcreate(void)
{
  writefile("/rmcwdf", "x", 1);
  mustwork(mkdir("/rmcwd"), "mkdir /rmcwd");
  mustwork(chdir("/rmcwd"), "chdir /rmcwd");
  mustwork(unlink("/rmcwd"), "unlink /rmcwd (the cwd)");
  mustfail(open("f", O_CREATE | O_RDWR), "create in a removed cwd");
  mustfail(mkdir("d"), "mkdir in a removed cwd");
  mustfail(mknod("n", 1, 0), "mknod in a removed cwd");
  mustfail(link("/rmcwdf", "l"), "link into a removed cwd");
  mustfail(open("f", O_RDONLY), "open in a removed cwd");
  mustwork(chdir("/"), "chdir /");
  struct stat st;
  if(stat("/rmcwdf", &st) < 0 || st.nlink != 1)
    FAIL("/rmcwdf has %d links, expected 1", st.nlink);
  mustwork(unlink("/rmcwdf"), "unlink /rmcwdf");
}

#define LINKDIRS 64   // directories that share the links in linkmax
#define LINKERS 8     // processes that make (or remove) them at once

// Worker w of linkmax: give /lmf its share of the links in directories
// /lmdN (N = w, w + LINKERS, ...), or with undo remove them and the
// directories. Runs in a child; fails it on any refusal.
static void
linkwork(int w, int undo)
{
  char dir[16], path[32];
  int per = (MAXNLINK - 1 + LINKDIRS - 1) / LINKDIRS;

  for(int d = w; d < LINKDIRS; d += LINKERS){
    mkname(dir, "/lmd", d);
    for(int i = 0; i < per && d * per + i < MAXNLINK - 1; i++){
      memmove(path, dir, strlen(dir));
      mkname(path + strlen(dir), "/l", i);
      if(undo ? unlink(path) : link("/lmf", path))
        FAIL("%s %s failed", undo ? "unlink" : "link", path);
    }
    if(undo && unlink(dir) != 0)
      FAIL("unlink %s failed", dir);
  }
}

// Run linkwork(w, undo) in LINKERS children at once and wait for them.
static void
linkworkers(int undo)
{
  for(int w = 0; w < LINKERS; w++){
    if(xfork() == 0){
      linkwork(w, undo);
      exit(0);
    }
  }
  for(int w = 0; w < LINKERS; w++)
    if(xwait(0) != 0)
      FAIL("a %s child failed", undo ? "unlinking" : "linking");
}

// A file takes links up to MAXNLINK (the largest count its 16-bit nlink
// holds) and no more; removing them all leaves it intact. The links are
// spread over LINKDIRS directories. Slow (minutes): `make check` checks
// the limit itself on a prepared disk (tools/check.py, disk/linkmax).
static void
t_linkmax(void)
{
  char dir[16];
  struct stat st;

  writefile("/lmf", "link me", 7);
  for(int d = 0; d < LINKDIRS; d++)
    mustwork(mkdir(mkname(dir, "/lmd", d)), "mkdir /lmdN");
  linkworkers(0);
  if(stat("/lmf", &st) < 0 || st.nlink != MAXNLINK)
    FAIL("nlink is %d, expected %d", st.nlink, MAXNLINK);
  mustfail(link("/lmf", "/lmextra"), "link beyond MAXNLINK");
  if(stat("/lmf", &st) < 0 || st.nlink != MAXNLINK)
    FAIL("a refused link changed nlink to %d", st.nlink);
  linkworkers(1);
  int fd = xopen("/lmf", O_RDONLY);
  if(fstat(fd, &st) < 0 || st.nlink != 1 || read(fd, buf, 8) != 7)
    FAIL("after unlinking, nlink %d", st.nlink);
  close(fd);
  mustwork(unlink("/lmf"), "unlink /lmf");
}

// fstat copies a whole struct stat to user space: its padding must hold
// zeros, not bytes of kernel stack.
static void
t_fstatpad(void)
{
  struct stat st;
  int fds[3] = { 0, -1, -1 };
  char *b = (char*)&st;
  int pad0 = (char*)&st.nlink - b + sizeof(st.nlink);
  int pad1 = (char*)&st.size - b;

  if(pad0 == pad1)
    return;   // no padding on this machine (i386 aligns uint64 to 4): nothing to leak
  fds[1] = xopen("/", O_RDONLY);
  fds[2] = xopen("/usertests", O_RDONLY);
  for(int round = 0; round < 12; round++){
    for(int i = 0; i < 3; i++){
      // Leave busy bytes on the kernel stack first, each round from
      // another system call.
      char *argv[] = { "nonesuch", 0 };
      int p[2];
      switch(round % 6){
      case 0: read(fds[2], buf, sizeof(buf)); break;
      case 1: open("/nonesuch/deeper/still", O_RDONLY); break;
      case 2: exec("/nonesuch", argv); break;
      case 3: link("/usertests", "/nonesuch/x"); break;
      case 4: if(pipe(p) == 0){ close(p[0]); close(p[1]); } break;
      case 5: write(1, "", 0); break;
      }
      memset(&st, 0xa5, sizeof(st));
      if(fstat(fds[i], &st) < 0)
        FAIL("fstat of fd %d", fds[i]);
      for(int j = pad0; j < pad1; j++)
        if(b[j] != 0)
          FAIL("padding byte %d of struct stat is 0x%x", j, b[j] & 0xff);
    }
  }
  close(fds[1]);
  close(fds[2]);
}

// A file is not a directory; a directory is not writable.
static void
t_dirfile(void)
{
  writefile("dirfile", "", 0);
  mustfail(chdir("dirfile"), "chdir dirfile");
  mustfail(open("dirfile/xx", O_RDONLY), "open dirfile/xx");
  mustfail(open("dirfile/xx", O_CREATE), "create dirfile/xx");
  mustfail(mkdir("dirfile/xx"), "mkdir dirfile/xx");
  mustfail(unlink("dirfile/xx"), "unlink dirfile/xx");
  mustfail(link("/usertests", "dirfile/xx"), "link to dirfile/xx");
  mustwork(unlink("dirfile"), "unlink dirfile");
  mustfail(open(".", O_RDWR), "open . O_RDWR");
  int fd = xopen(".", O_RDONLY);
  mustfail(write(fd, "x", 1), "write to a directory");
  close(fd);
}

// The error paths of mkdir, link, open and unlink drop every inode
// reference they take: NINODE+1 rounds would otherwise fill the table.
static void
t_iref(void)
{
  for(int i = 0; i < NINODE + 1; i++){
    if(mkdir("irefd") != 0)
      FAIL("mkdir irefd (round %d)", i);
    if(chdir("irefd") != 0)
      FAIL("chdir irefd (round %d)", i);
    mustfail(mkdir(""), "mkdir(\"\")");
    mustfail(link("/usertests", ""), "link to \"\"");
    mustfail(open("", O_CREATE), "create \"\"");
    mustfail(unlink(""), "unlink(\"\")");
    mustfail(link(".", "dd"), "link of .");
    mustfail(open("nosuch/xx", O_CREATE), "create nosuch/xx");
    int fd = open("xx", O_CREATE);
    if(fd < 0)
      FAIL("create xx (round %d)", i);
    close(fd);
    mustfail(open("xx/yy", O_CREATE), "create xx/yy");
    mustwork(link("xx", "yy"), "link xx yy");
    mustwork(unlink("xx"), "unlink xx");
    mustwork(unlink("yy"), "unlink yy");
  }
  for(int i = 0; i < NINODE + 1; i++){
    if(chdir("..") != 0 || unlink("irefd") != 0)
      FAIL("removing irefd (level %d)", i);
  }
}

// Descriptors: NOFILE per process, lowest first, dup shares the offset.
static void
t_nofile(void)
{
  int fds[NOFILE], n = 0, fd, p[2];
  while((fd = open("/usertests", O_RDONLY)) >= 0){
    if(n >= NOFILE)
      FAIL("more than NOFILE descriptors");
    fds[n++] = fd;
  }
  if(n != NOFILE - FDS_USED)
    FAIL("opened %d files, expected %d", n, NOFILE - FDS_USED);
  mustfail(dup(0), "dup with no free descriptor");
  mustfail(pipe(p), "pipe with no free descriptor");
  close(fds[3]);
  mustfail(pipe(p), "pipe with one free descriptor");
  if((fd = open("/usertests", O_RDONLY)) != fds[3])
    FAIL("open returned %d, expected the free %d", fd, fds[3]);
  for(int i = 0; i < n; i++)
    close(fds[i]);

  unlink("nofile");
  fd = xopen("nofile", O_CREATE | O_RDWR);
  write(fd, "abc", 3);
  int d = dup(fd);
  if(d < 0)
    FAIL("dup");
  write(d, "def", 3);
  close(fd);
  if(write(d, "g", 1) != 1)
    FAIL("write through a dup after closing the original");
  close(d);
  fd = xopen("nofile", O_RDONLY);
  expectread(fd, "abcdefg", 7, "nofile");
  close(fd);
  unlink("nofile");
}

// Bad descriptors and descriptors opened for the other direction.
static void
t_badfd(void)
{
  int bad[] = { -1, NOFILE, 1000, 10, FDS_USED - 1 };
  struct stat st;
  for(int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++){
    int fd = bad[i];
    if(read(fd, buf, 1) != -1 || write(fd, "x", 1) != -1 || fstat(fd, &st) != -1 ||
       dup(fd) != -1 || close(fd) != -1)
      FAIL("descriptor %d accepted", fd);
  }
  unlink("badfd");
  int fd = xopen("badfd", O_CREATE | O_WRONLY);
  mustfail(read(fd, buf, 1), "read from a write-only descriptor");
  close(fd);
  fd = xopen("badfd", O_RDONLY);
  mustfail(write(fd, "x", 1), "write to a read-only descriptor");
  close(fd);
  unlink("badfd");
}

// fstat of devices, directories, files, pipes.
static void
t_fstattest(void)
{
  struct stat st, st2;
  int p[2];
  if(fstat(0, &st) < 0 || st.type != T_DEVICE)
    FAIL("console is not a device");
  int fd = xopen("/", O_RDONLY);
  if(fstat(fd, &st) < 0 || st.type != T_DIR || st.ino != 1)
    FAIL("/ is type %d inode %d", st.type, st.ino);
  close(fd);
  writefile("fstatf", "0123456789", 10);
  fd = xopen("fstatf", O_RDONLY);
  if(fstat(fd, &st) < 0 || st.type != T_FILE || st.size != 10 || st.nlink != 1)
    FAIL("file: type %d size %d nlink %d", st.type, (int)st.size, st.nlink);
  if(stat("fstatf", &st2) < 0 || st2.ino != st.ino)
    FAIL("stat and fstat disagree");
  close(fd);
  unlink("fstatf");
  xpipe(p);
  mustfail(fstat(p[0], &st), "fstat of a pipe");
  close(p[0]);
  close(p[1]);
}

// Device files: a console made with mknod works; a bad major does not.
static void
t_mknodtest(void)
{
  struct stat st;
  unlink("mkcons");
  unlink("mkbad");
  mustwork(mknod("mkcons", 1, 0), "mknod mkcons");
  int fd = xopen("mkcons", O_RDWR);
  if(fstat(fd, &st) < 0 || st.type != T_DEVICE)
    FAIL("mkcons is not a device");
  if(write(fd, "", 0) != 0)
    FAIL("empty write to the console");
  close(fd);
  mustfail(mknod("mkcons", 1, 0), "mknod of an existing name");
  mustwork(mknod("mkbad", 99, 0), "mknod mkbad");
  mustfail(open("mkbad", O_RDWR), "open of a device with major 99");
  mustwork(unlink("mkcons"), "unlink mkcons");
  mustwork(unlink("mkbad"), "unlink mkbad");
}

#define NFT 10

// Several processes fill the system's open-file table: open and pipe
// then fail with -1, and everything works once they exit.
static void
t_filetable(void)
{
  int sync[2], rel[2], total = 0, full = 0;
  writefile("ftfile", "", 0);
  xpipe(sync);
  xpipe(rel);
  for(int c = 0; c < NFT; c++){
    if(xfork() == 0){
      int n = 0, p[2];
      close(sync[0]);
      close(rel[1]);
      while(open("ftfile", O_RDONLY) >= 0)
        n++;
      char msg = n;
      // Below NOFILE: the table itself is full, so pipe must fail.
      if(n < NOFILE - FDS_USED - 2 && pipe(p) == 0)
        msg = 100;
      write(sync[1], &msg, 1);
      read(rel[0], &msg, 1);
      exit(0);
    }
  }
  close(sync[1]);
  close(rel[0]);
  for(int c = 0; c < NFT; c++){
    char msg;
    if(read(sync[0], &msg, 1) != 1)
      FAIL("a child died");
    if(msg == 100)
      FAIL("pipe succeeded with the file table full");
    if(msg < NOFILE - FDS_USED - 2)
      full = 1;
    total += msg;
  }
  if(!full)
    FAIL("%d files open and the table never filled", total);
  if(total < NFILE - 20 || total >= NFILE)
    FAIL("%d files open at once, NFILE is %d", total, NFILE);
  mustfail(open("ftfile", O_RDONLY), "open with the file table full");
  close(rel[1]);
  for(int c = 0; c < NFT; c++)
    if(xwait(0) != 0)
      FAIL("a child failed");
  int fd = xopen("ftfile", O_RDONLY);
  close(fd);
  close(sync[0]);
  unlink("ftfile");
}

#define NIT 7           // processes
#define IT_PER 8        // distinct files each opens (plus one re-open,
                        // within the 10 free descriptors it has)

// Several processes fill the in-memory inode table: open fails with -1
// (but an inode already in the table still opens), and everything
// works once they exit.
static void
t_inodetable(void)
{
  char name[8];
  int sync[2], rel[2], total = 0;
  for(int i = 0; i <= NIT * IT_PER; i++)
    writefile(mkname(name, "it", i), "", 0);
  xpipe(sync);
  xpipe(rel);
  for(int c = 0; c < NIT; c++){
    if(xfork() == 0){
      int n = 0;
      char msg;
      close(sync[0]);
      close(rel[1]);
      while(n < IT_PER && open(mkname(name, "it", c * IT_PER + n), O_RDONLY) >= 0)
        n++;
      msg = n;
      if(n > 0 && open(mkname(name, "it", c * IT_PER), O_RDONLY) < 0)
        msg = 100;
      write(sync[1], &msg, 1);
      read(rel[0], &msg, 1);
      exit(0);
    }
  }
  close(sync[1]);
  close(rel[0]);
  for(int c = 0; c < NIT; c++){
    char msg;
    if(read(sync[0], &msg, 1) != 1)
      FAIL("a child died");
    if(msg == 100)
      FAIL("a file whose inode is in the table did not open");
    total += msg;
  }
  if(total >= NIT * IT_PER || total < NINODE - 10)
    FAIL("%d distinct files open at once, NINODE is %d", total, NINODE);
  mustfail(open(mkname(name, "it", NIT * IT_PER), O_RDONLY), "open with the inode table full");
  close(rel[1]);
  for(int c = 0; c < NIT; c++)
    if(xwait(0) != 0)
      FAIL("a child failed");
  close(sync[0]);
  for(int i = 0; i <= NIT * IT_PER; i++)
    if(unlink(mkname(name, "it", i)) != 0)
      FAIL("unlink %s", name);
}

// ---------------------------------------------------------------------
// Processes.

// exec runs a program with arguments and keeps the open files.
static void
t_exectest(void)
{
  unlink("echo-ok");
  int pid = xfork();
  if(pid == 0){
    close(1);
    int fd = open("echo-ok", O_CREATE | O_WRONLY);
    if(fd != 1)
      FAIL("open returned %d, expected 1", fd);
    char *argv[] = { "echo", "OK", 0 };
    exec("/echo", argv);
    FAIL("exec /echo failed");
  }
  int st = xwait(pid);
  if(st != 0)
    FAIL("echo exited with %d", st);
  int fd = xopen("echo-ok", O_RDONLY);
  expectread(fd, "OK\n", 3, "echo's output");
  close(fd);
  unlink("echo-ok");
}

// Data through a pipe, in order, read with growing sizes.
static void
t_pipe1(void)
{
  enum { N = 5, SZ = 1033 };
  int fds[2], seq = 0;
  xpipe(fds);
  int pid = xfork();
  if(pid == 0){
    close(fds[0]);
    for(int n = 0; n < N; n++){
      for(int i = 0; i < SZ; i++)
        buf[i] = seq++;
      if(write(fds[1], buf, SZ) != SZ)
        FAIL("child: write");
    }
    exit(0);
  }
  close(fds[1]);
  int total = 0, cc = 1, n;
  while((n = read(fds[0], buf, cc)) > 0){
    for(int i = 0; i < n; i++)
      if((buf[i] & 0xff) != (seq++ & 0xff))
        FAIL("byte %d out of order", total + i);
    total += n;
    cc = cc * 2 > BUFSZ ? BUFSZ : cc * 2;
  }
  close(fds[0]);
  if(total != N * SZ)
    FAIL("read %d bytes, expected %d", total, N * SZ);
  if(xwait(pid) != 0)
    FAIL("child failed");
}

// A killed process exits with status -1, whether it spins in user mode
// or makes system calls.
static void
t_killstatus(void)
{
  for(int i = 0; i < 20; i++){
    int pid = xfork();
    if(pid == 0){
      if(i % 2)
        for(;;)
          getpid();
      for(;;)
        ;
    }
    pause(1);
    if(kill(pid) != 0)
      FAIL("kill");
    int st = xwait(pid);
    if(st != -1)
      FAIL("killed child exited with %d", st);
  }
}

// More spinning processes than harts: the timer still lets the parent
// run, and kill stops them all.
static void
t_preempt(void)
{
  enum { N = NCPU + 1 };
  int pids[N], fds[2];
  char c;
  xpipe(fds);
  for(int i = 0; i < N; i++){
    pids[i] = xfork();
    if(pids[i] == 0){
      close(fds[0]);
      write(fds[1], "x", 1);
      for(;;)
        ;
    }
  }
  close(fds[1]);
  for(int i = 0; i < N; i++)
    if(read(fds[0], &c, 1) != 1)
      FAIL("spinner %d did not start", i);
  close(fds[0]);
  for(int i = 0; i < N; i++)
    kill(pids[i]);
  for(int i = 0; i < N; i++)
    if(xwait(0) != -1)
      FAIL("a killed spinner did not exit with -1");
}

// kill wakes a process sleeping in pause, in a pipe read, in a pipe
// write and in wait; each exits with -1 promptly.
static void
t_killsleep(void)
{
  int fds[2], gp[2];
  for(int how = 0; how < 4; how++){
    xpipe(fds);
    xpipe(gp);
    int t0 = uptime();
    int pid = xfork();
    if(pid == 0){
      char c;
      if(how == 0)
        pause(100000);
      else if(how == 1)
        read(fds[0], &c, 1);
      else if(how == 2)
        for(;;)
          write(fds[1], buf, BUFSZ);
      else {
        int g = fork();
        if(g == 0){
          pause(100000);
          exit(0);
        }
        write(gp[1], &g, sizeof(g));
        wait(0);
      }
      exit(0);
    }
    pause(3);
    kill(pid);
    int st = xwait(pid);
    if(st != -1)
      FAIL("child sleeping (%d) exited with %d after kill", how, st);
    if(how == 3){
      int g;
      if(read(gp[0], &g, sizeof(g)) != sizeof(g) || kill(g) != 0)
        FAIL("could not kill the grandchild");
    }
    if(uptime() - t0 > 500)
      FAIL("kill took %d ticks", uptime() - t0);
    close(fds[0]);
    close(fds[1]);
    close(gp[0]);
    close(gp[1]);
  }
}

// kill of a pid that does not exist fails.
static void
t_killbad(void)
{
  mustfail(kill(-1), "kill(-1)");
  mustfail(kill(0), "kill(0)");
  mustfail(kill(1 << 30), "kill(1<<30)");
  int pid = xfork();
  if(pid == 0)
    exit(0);
  xwait(pid);
  mustfail(kill(pid), "kill of a reaped child");
}

// exit status through wait; wait with no children.
static void
t_exitwait(void)
{
  for(int i = 0; i < 100; i++){
    int pid = xfork();
    if(pid == 0)
      exit(i);
    int st = xwait(pid);
    if(st != i)
      FAIL("child exited with %d, wait said %d", i, st);
  }
  mustfail(wait(0), "wait with no children");
}

// wait with a status address it cannot write returns -1, and still
// reaps the child.
static void
t_waitbad(void)
{
  uintptr bad[] = { KERNBASE, MAXVA, 8, (uintptr)t_waitbad, guardpage() };
  for(int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++){
    int pid = xfork();
    if(pid == 0)
      exit(5);
    int r = wait((int*)bad[i]);
    if(r != -1)
      FAIL("wait(%p) returned %d", (void*)bad[i], r);
    mustfail(wait(0), "second wait");
  }
}

// The children of an exiting process go to init, not to its parent.
static void
t_reparent(void)
{
  for(int i = 0; i < 10; i++){
    int fds[2];
    char c;
    xpipe(fds);
    int pid = xfork();
    if(pid == 0){
      int g = fork();
      if(g == 0){
        close(fds[1]);
        read(fds[0], &c, 1);
        exit(0);
      }
      exit(g < 0 ? 1 : 0);
    }
    close(fds[0]);
    if(xwait(pid) != 0)
      FAIL("child could not fork");
    if(wait(0) != -1)
      FAIL("wait returned a grandchild");
    close(fds[1]);
  }
}

// Many quick generations of fork-fork-exit: reparenting under load.
static void
t_reparent2(void)
{
  for(int i = 0; i < 200; i++){
    int pid = xfork();
    if(pid == 0){
      // The table may be full of orphans init has not reaped yet (on a
      // loaded host): wait for init, but not forever.
      for(int tries = 0; fork() < 0; tries++){
        if(tries == 100)
          exit(1);
        pause(1);
      }
      exit(0);
    }
    if(xwait(pid) != 0)
      FAIL("child could not fork for a second: orphans not reaped?");
  }
}

static void
t_twochildren(void)
{
  for(int i = 0; i < 100; i++){
    int p1 = xfork();
    if(p1 == 0)
      exit(0);
    int p2 = xfork();
    if(p2 == 0)
      exit(0);
    if(xwait(0) != 0 || xwait(0) != 0)
      FAIL("child failed");
  }
}

// Two processes fork and reap at once.
static void
t_forkfork(void)
{
  for(int c = 0; c < 2; c++){
    if(xfork() == 0){
      for(int i = 0; i < 100; i++){
        int pid = fork();
        if(pid < 0)
          FAIL("fork %d failed", i);
        if(pid == 0)
          exit(0);
        if(xwait(pid) != 0)
          exit(1);
      }
      exit(0);
    }
  }
  for(int c = 0; c < 2; c++)
    if(xwait(0) != 0)
      FAIL("child failed");
}

// Every process forks as fast as it can until the table is full; then all
// stop. Nothing breaks, and everything is reclaimed.
static void
t_forkforkfork(void)
{
  int alive[2];
  char c;
  unlink("stopforking");
  xpipe(alive);
  int pid = xfork();
  if(pid == 0){
    close(alive[0]);
    for(;;){
      int fd = open("stopforking", O_RDONLY);
      if(fd >= 0)
        exit(0);
      if(fork() < 0)
        close(open("stopforking", O_CREATE | O_RDWR));
    }
  }
  close(alive[1]);
  pause(20);
  close(open("stopforking", O_CREATE | O_RDWR));
  xwait(pid);
  // Every descendant holds alive[1]: end of file means all have exited.
  if(read(alive[0], &c, 1) != 0)
    FAIL("read from alive pipe");
  close(alive[0]);
  unlink("stopforking");
}

#define MEM_CHUNK 20001   // bytes per malloc: more than umalloc's least
                          // heap growth, so no fragment is left behind
                          // (with small chunks its free list grows long)

// malloc until memory runs out, free everything, malloc again.
static void
t_mem(void)
{
  void *m1 = 0, *m2;
  int n = 0;
  while((m2 = malloc(MEM_CHUNK)) != 0){
    *(void**)m2 = m1;
    m1 = m2;
    n++;
  }
  if(n < 1000)
    FAIL("only %d mallocs of %d bytes succeeded", n, MEM_CHUNK);
  while(m1){
    m2 = *(void**)m1;
    free(m1);
    m1 = m2;
  }
  m1 = malloc(20 * 1024);
  if(m1 == 0)
    FAIL("malloc after freeing everything failed");
  free(m1);
}

// fork until the process table is full: fork then fails with -1, and
// every child is reaped.
static void
t_forktest(void)
{
  int n;
  for(n = 0; n < NPROC + 5; n++){
    int pid = fork();
    if(pid < 0)
      break;
    if(pid == 0)
      exit(0);
  }
  if(n == NPROC + 5)
    FAIL("fork never failed");
  if(n < NPROC / 2 || n >= NPROC)
    FAIL("%d forks succeeded, NPROC is %d", n, NPROC);
  for(int i = 0; i < n; i++)
    if(wait(0) < 0)
      FAIL("wait %d of %d failed", i, n);
  mustfail(wait(0), "wait with no children left");
}

// The first occurrence of word in s, or 0.
static char*
findstr(char *s, const char *word)
{
  int n = strlen(word);
  for(; *s; s++)
    if(memcmp(s, word, n) == 0)
      return s;
  return 0;
}

// /init, run as an ordinary process, with the process table full: its
// fork of a shell fails, and it must wait and try again, not exit (as pid
// 1, exiting panics the kernel). Its console is a file in a directory of
// our own, where "sh" is /true, so what it prints can be read back.
static void
t_initretry(void)
{
  int go[2], hold[2], n = 0;
  char c = 0;

  mustwork(mkdir("/initt"), "mkdir /initt");
  writefile("/initt/console", "", 0);
  mustwork(link("/true", "/initt/sh"), "link /true /initt/sh");
  xpipe(go);
  xpipe(hold);
  int initpid = xfork();
  if(initpid == 0){
    read(go[0], &c, 1);
    for(int fd = 0; fd < NOFILE; fd++)
      close(fd);
    chdir("/initt");
    char *argv[] = { "init", 0 };
    exec("/init", argv);
    exit(2);
  }
  // Fill the process table with children that wait on hold.
  for(;;){
    int pid = fork();
    if(pid < 0)
      break;
    if(pid == 0){
      close(hold[1]);
      read(hold[0], &c, 1);
      exit(0);
    }
    n++;
  }
  close(hold[0]);
  write(go[1], "g", 1);
  pause(30);            // init forks, fails, and keeps trying
  // Free the table: init's next try must succeed. It must still be alive.
  close(hold[1]);
  for(int i = 0; i < n; i++){
    int st = 12345;
    if(wait(&st) == initpid)
      FAIL("init exited (status %d) when its fork failed", st);
  }
  pause(30);
  kill(initpid);
  if(xwait(initpid) != -1)
    FAIL("init ended on its own");
  int fd = xopen("/initt/console", O_RDONLY);
  int got = readn(fd, buf, sizeof(buf) - 1);
  close(fd);
  buf[got < 0 ? 0 : got] = 0;
  char *f = findstr(buf, "init: fork failed");
  if(f == 0)
    FAIL("init did not report its failed fork");
  if(findstr(f, "init: starting sh") == 0)
    FAIL("init did not start a shell once fork worked again");
  unlink("/initt/sh");
  unlink("/initt/console");
  mustwork(unlink("/initt"), "unlink /initt");
}

// pause sleeps at least as many ticks as asked; uptime moves.
static void
t_pausetest(void)
{
  int t0 = uptime();
  if(pause(5) != 0)
    FAIL("pause returned nonzero");
  int t1 = uptime();
  if(t1 - t0 < 5 || t1 - t0 > 500)
    FAIL("pause(5) took %d ticks", t1 - t0);
  if(pause(0) != 0 || pause(-5) != 0)
    FAIL("pause(0) or pause(-5) failed");
}

// Unknown system call numbers return -1.
static void
t_badsyscall(void)
{
  long nums[] = { 0, 99, 1000, 1 << 20, -1 };
  for(int i = 0; i < sizeof(nums) / sizeof(nums[0]); i++){
    long r = rawsyscall(nums[i]);
    if(r != -1)
      FAIL("system call %ld returned %ld", nums[i], r);
  }
}

// Pipe ends: end of file once the writers close; writing with no reader
// fails; a pipe's page is freed once both ends close (leak check).
static void
t_pipeends(void)
{
  int fds[2];
  char c;
  for(int i = 0; i < 20; i++){
    xpipe(fds);
    if(write(fds[1], "ab", 2) != 2)
      FAIL("write");
    close(fds[1]);
    if(read(fds[0], &c, 1) != 1 || read(fds[0], &c, 1) != 1 || c != 'b')
      FAIL("read");
    if(read(fds[0], &c, 1) != 0)
      FAIL("no end of file");
    close(fds[0]);
    xpipe(fds);
    close(fds[0]);
    mustfail(write(fds[1], "x", 1), "write to a pipe with no reader");
    close(fds[1]);
  }
}

// A read of 0 bytes from an empty pipe whose write end is open returns 0
// at once (it slept until data came: forever, if the reader holds the
// write end itself). Found by fuzz.
static void
t_pipezeroread(void)
{
  int fds[2], go[2];
  char c;
  xpipe(fds);
  xpipe(go);
  int pid = xfork();
  if(pid == 0){
    close(go[0]);
    write(go[1], "r", 1);
    exit(read(fds[0], &c, 0) == 0 ? 0 : 2);
  }
  close(go[1]);
  if(read(go[0], &c, 1) != 1)
    FAIL("child did not start");
  close(go[0]);
  pause(20);    // 200 ms: plenty for a read that does not sleep
  kill(pid);    // ends the read if it sleeps; no effect once it exited
  int st = xwait(pid);
  close(fds[0]);
  close(fds[1]);
  if(st == -1)
    FAIL("read of 0 bytes from an empty pipe slept");
  if(st != 0)
    FAIL("read of 0 bytes from an empty pipe did not return 0");
}

// exec of things that are not programs fails and leaves the caller
// intact: a missing file, a directory, text, a truncated ELF, an ELF
// with a bad header.
static void
t_execbad(void)
{
  char *argv[] = { "x", 0 };
  char *p = grow(4);
  fill(p, 4, 0xeb);
  mustfail(exec("/nosuchprogram", argv), "exec of a missing file");
  mustfail(exec("/", argv), "exec of a directory");
  writefile("notelf", "#!/bin/sh\necho hi\n", 18);
  mustfail(exec("notelf", argv), "exec of a text file");
  int fd = xopen("/echo", O_RDONLY);
  int n = read(fd, buf, BUFSZ);
  close(fd);
  if(n < PGSIZE + 200)
    FAIL("/echo is only %d bytes", n);
  // The text segment starts at file offset PGSIZE: every length here
  // cuts it short.
  for(int len = 64; len < PGSIZE + 200; len += len / 2 + 100){
    writefile("truncelf", buf, len);
    mustfail(exec("truncelf", argv), "exec of a truncated ELF");
  }
  ((struct elfhdr*)buf)->phentsize = 7;
  writefile("truncelf", buf, n);
  mustfail(exec("truncelf", argv), "exec of an ELF with a bad phentsize");
  if(badpages(p, 4, 0xeb) != 0)
    FAIL("a failed exec changed the caller's memory");
  unlink("notelf");
  unlink("truncelf");
}

#define EXEC_FAILED 77   // exit status of a child whose exec failed

// Exec path in a child. Returns 1 if exec failed there (the child then
// exits EXEC_FAILED), 0 if it ran the program.
static int
execfails(char *path)
{
  char *argv[] = { "x", 0 };
  int pid = xfork();
  if(pid == 0){
    exec(path, argv);
    exit(EXEC_FAILED);
  }
  return xwait(pid) == EXEC_FAILED;
}

// ELF file offsets are 64-bit: one 4 GiB beyond a valid offset is past the
// end of the file, and exec must refuse it, not cut it to 32 bits. (An
// ELF32 machine's offsets are 32 bits: nothing to cut, nothing to test.)
#define GIB4 ((uint64)1 << 32)
static void
t_execoff(void)
{
  int fd = xopen("/true", O_RDONLY);
  int n = read(fd, buf, BUFSZ);
  close(fd);
  if(n <= 0 || n == BUFSZ)
    FAIL("/true is %d bytes: does not fit the buffer", n);
  struct elfhdr *eh = (struct elfhdr*)buf;
  struct proghdr *ph = (struct proghdr*)(buf + eh->phoff);
  if(sizeof(eh->phoff) < 8)
    return;

  writefile("offelf", buf, n);
  if(execfails("offelf"))
    FAIL("exec of an unchanged copy of /true failed");
  eh->phoff += GIB4;
  writefile("offelf", buf, n);
  if(!execfails("offelf"))
    FAIL("exec with e_phoff + 4 GiB ran the program");
  eh->phoff -= GIB4;
  for(int i = 0; i < eh->phnum; i++, ph++){
    if(ph->type != ELF_PROG_LOAD || ph->filesz == 0)
      continue;
    ph->off += GIB4;
    writefile("offelf", buf, n);
    if(!execfails("offelf"))
      FAIL("exec with p_offset + 4 GiB in segment %d ran the program", i);
    ph->off -= GIB4;
    ph->filesz += GIB4;
    ph->memsz += GIB4;
    writefile("offelf", buf, n);
    if(!execfails("offelf"))
      FAIL("exec with p_filesz + 4 GiB in segment %d ran the program", i);
    ph->filesz -= GIB4;
    ph->memsz -= GIB4;
  }
  unlink("offelf");
}

// ---------------------------------------------------------------------
// Memory.

// sbrk: a huge request fails, byte-sized steps return the old break,
// a child sees the parent's heap, new memory is zero.
static void
t_sbrkbasic(void)
{
  char *a = sbrk(0);
  if(sbrk(0x7ffff000) != SBRK_ERROR)
    FAIL("sbrk of 2 GiB succeeded");
  if(sbrk(0) != a)
    FAIL("a failed sbrk moved the break");
  for(int i = 0; i < 5000; i++){
    char *b = sbrk(1);
    if(b != a)
      FAIL("sbrk(1) returned %p, expected %p", b, a);
    *b = 1;
    a = b + 1;
  }
  int pid = xfork();
  if(pid == 0){
    if(sbrk(1) != a || sbrk(1) != a + 1)
      FAIL("child: sbrk");
    for(char *q = a - 5000; q < a; q++)
      if(*q != 1)
        FAIL("child: heap byte differs");
    exit(0);
  }
  if(xwait(pid) != 0)
    FAIL("child failed");
  char *c = sbrk(3 * PGSIZE);
  if(c != a)
    FAIL("sbrk after the child returned %p, expected %p", c, a);
  for(int i = 0; i < 3 * PGSIZE; i++)
    if(c[i] != 0)
      FAIL("new heap byte %d is not zero", i);
  if(sbrk(-3 * PGSIZE - 5000) != a + 3 * PGSIZE || sbrk(0) != a - 5000)
    FAIL("shrinking");
}

#define SBRKMUCH_BYTES (64 * 1024 * 1024)

// Grow to 64 MiB (or, with less RAM, by half of the free pages) in one
// sbrk and back; a page given back is gone, and comes back zeroed.
static void
t_sbrkmuch(void)
{
  char *a = alignbrk();
  uint64 amt = SBRKMUCH_BYTES - (uintptr)a;
  uint64 half = (uint64)getNumFreePages() / 2 * PGSIZE;
  if(amt > half)
    amt = half;
  char *p = sbrk(amt);
  if(p != a)
    FAIL("sbrk of %d bytes failed", (int)amt);
  for(char *q = a; q < a + amt; q += PGSIZE)
    *q = 1;
  char *last = a + amt - 1;
  *last = 99;
  if(sbrk(-PGSIZE) != a + amt || sbrk(0) != a + amt - PGSIZE)
    FAIL("sbrk(-PGSIZE)");
  mustkill(load, (uintptr)last, "load from a page given back");
  if(sbrk(PGSIZE) != a + amt - PGSIZE)
    FAIL("sbrk(PGSIZE) after shrinking");
  if(*last != 0)
    FAIL("a page given back and grown again holds old data");
  if(sbrk(-amt) != a + amt || sbrk(0) != a)
    FAIL("shrinking back");
}

// Loads from kernel memory kill.
static void
t_kernmem(void)
{
  for(uintptr a = KERNBASE; a < KERNBASE + 2000000; a += 400000)
    mustkill(load, a, "load from kernel memory");
  mustkill(load, PHYSTOP - 1, "load from kernel memory");
}

// Stores at MAXVA and above kill.
static void
t_MAXVAplus(void)
{
  for(uintptr a = MAXVA; a != 0; a <<= 1)
    mustkill(store, a, "store above MAXVA");
}

// Out of memory: sbrk fails, and so do pipe, fork, exec and read into a
// lazy page, with -1, while the process lives on; freeing memory makes
// them work again; a lazy page touched with no memory kills.
static void
t_sbrkfail(void)
{
  int pipes[NOFILE][2], npipes = 0, fds[2];
  char *argv[] = { "echo", 0 };

  touchstack();
  char *lazy = sbrklazy(PGSIZE);
  uint64 got = eatmem();
  if(got < 1024 * 1024)
    FAIL("could only grow %d bytes", (int)got);
  // A few pages can be left that sbrk cannot use (it also needed a page
  // table page); take them with pipes.
  while(getNumFreePages() > 0 && npipes < (NOFILE - FDS_USED) / 2 && pipe(pipes[npipes]) == 0)
    npipes++;
  int left = getNumFreePages();
  if(left != 0)
    FAIL("%d pages still free after sbrk failed", left);
  mustfail(pipe(fds), "pipe with no free memory");
  mustfail(fork(), "fork with no free memory");
  mustfail(exec("/echo", argv), "exec with no free memory");
  int fd = xopen("/usertests", O_RDONLY);
  mustfail(read(fd, lazy, 16), "read into a lazy page with no free memory");
  close(fd);
  for(int i = 0; i < npipes; i++){
    close(pipes[i][0]);
    close(pipes[i][1]);
  }
  shrink(got);
  int pid = xfork();
  if(pid == 0)
    exit(0);
  if(xwait(pid) != 0)
    FAIL("fork after freeing memory");

  pid = forksync();
  if(pid == 0){
    char *l = sbrklazy(PGSIZE);
    eatmem();
    *l = 1;
    FAIL("touching a lazy page with no free memory did not kill");
  }
  if(xwait(pid) != -1)
    FAIL("lazy fault with no memory did not kill");
}

// Memory from sbrk and sbrklazy works as a system call argument.
static void
t_sbrkarg(void)
{
  char *a = grow(1);
  int p[2];
  memset(a, 'a', PGSIZE);
  unlink("sbrkarg");
  int fd = xopen("sbrkarg", O_CREATE | O_RDWR);
  if(write(fd, a, PGSIZE) != PGSIZE)
    FAIL("write from sbrk'd memory");
  close(fd);
  if(pipe((int*)a) != 0)
    FAIL("pipe into sbrk'd memory");
  close(((int*)a)[0]);
  close(((int*)a)[1]);
  char *b = sbrklazy(3 * PGSIZE);
  if(b == SBRK_ERROR)
    FAIL("sbrklazy");
  fd = xopen("sbrkarg", O_CREATE | O_TRUNC | O_RDWR);
  if(write(fd, b, 3 * PGSIZE) != 3 * PGSIZE)
    FAIL("write from untouched lazy memory");
  close(fd);
  fd = xopen("sbrkarg", O_RDONLY);
  if(read(fd, buf, 3 * PGSIZE) != 3 * PGSIZE)
    FAIL("read back");
  for(int i = 0; i < 3 * PGSIZE; i++)
    if(buf[i] != 0)
      FAIL("untouched lazy memory was not zero");
  close(fd);
  if(pipe(p) != 0)
    FAIL("pipe");
  if(pipe((int*)(b + PGSIZE)) != 0)
    FAIL("pipe into lazy memory");
  close(p[0]);
  close(p[1]);
  close(((int*)(b + PGSIZE))[0]);
  close(((int*)(b + PGSIZE))[1]);
  unlink("sbrkarg");
}

// volatile: the compiler would otherwise know the array is all zero and
// fold the test away.
static volatile char uninit[10000];

// Uninitialized data starts zeroed.
static void
t_bsstest(void)
{
  for(int i = 0; i < sizeof(uninit); i++)
    if(uninit[i] != 0)
      FAIL("bss byte %d is %d", i, uninit[i]);
}

static int
recurse(int n)
{
  volatile char pad[256];
  pad[0] = n;
  if(n == 0)
    return pad[0];
  return recurse(n - 1) + pad[0];
}

static void
overflow(uintptr depth)
{
  recurse(depth);
}

// The guard page below the stack: loads, stores and runaway recursion
// kill.
static void
t_stacktest(void)
{
  uintptr guard = PGROUNDDOWN(r_sp()) - USERSTACK * PGSIZE;
  if(guard + USERSTACK * PGSIZE < guardpage() + PGSIZE || guard != guardpage())
    FAIL("the stack is not just above the guard page (sp %p, end %p)", (void*)r_sp(), end);
  mustkill(load, guard + PGSIZE - 8, "load from the guard page");
  mustkill(store, guard + 16, "store to the guard page");
  mustkill(overflow, 100, "stack overflow");
}

// Stores to text, rodata, address 0, TRAMPOLINE, TRAPFRAME kill.
static void
t_nowrite(void)
{
  uintptr addrs[] = { 0, (uintptr)t_nowrite, (uintptr)"rodata", TRAPFRAME, TRAMPOLINE,
                     MAXVA - 1, KERNBASE };
  for(int i = 0; i < sizeof(addrs) / sizeof(addrs[0]); i++)
    mustkill(store, addrs[i], "store");
}

// A wild address (0xeaeb0b5b00002f5e; 0xeaeb2f5e where pointers have 32
// bits) as any argument just fails.
static void
t_pgbug(void)
{
  char *wild = (char*)(uintptr)(sizeof(uintptr) == 8 ? 0xeaeb0b5b00002f5eULL : 0xeaeb2f5eULL);
  char *argv[] = { "echo", 0 };
  mustfail(exec(wild, argv), "exec of a wild path");
  mustfail(exec("/echo", (char**)wild), "exec with a wild argv");
  mustfail(write(1, wild, 1), "write from a wild address");
  mustfail(pipe((int*)wild), "pipe into a wild address");
  mustfail(open(wild, O_RDONLY), "open of a wild path");
}

static void
shrinkall(uintptr unused)
{
  sbrk(-(int)(uintptr)sbrk(0));
}

static void
shrinkto3500(uintptr unused)
{
  sbrk(-((int)(uintptr)sbrk(0) - 3500));
}

static void
shrinkstack(uintptr unused)
{
  volatile char x[8];
  sbrk(-((int)(uintptr)sbrk(0) - (int)guardpage()));
  x[0] = 1;
  (void)x[0];
}

// Shrinking away the text or the stack kills the process (on its next
// instruction or stack access) rather than the kernel; shrinking below 0
// leaves the break where it is and returns it (xv6's answer, which a
// course's lazy_copy test checks with sbrk(-(sbrk(0) + 1))).
static void
t_sbrkbugs(void)
{
  mustkill(shrinkall, 0, "sbrk(-size)");
  mustkill(shrinkto3500, 0, "shrinking to 3500 bytes");
  mustkill(shrinkstack, 0, "shrinking away the stack");
  char *a = sbrk(0);
  if(sbrk(-((int)(uintptr)a + 1)) != a)
    FAIL("sbrk below 0 did not return the old break");
  if(sbrk(-((int)(uintptr)a + PGSIZE)) != a)
    FAIL("sbrk a page below 0 did not return the old break");
  if(sbrk((int)0x80000000) != a)
    FAIL("sbrk(INT_MIN) did not return the old break");
  if(sbrklazy(-((int)(uintptr)a + 1)) != a)
    FAIL("sbrklazy below 0 did not return the old break");
  if(sbrk(0) != a)
    FAIL("a shrink below 0 moved the break");
  a[-1] = 1;   // still mapped
}

// The last bytes below an unaligned break work as a path.
static void
t_sbrklast(void)
{
  alignbrk();
  sbrk(PGSIZE);
  sbrk(10);
  sbrk(-20);
  char *top = sbrk(0);
  char *p = top - 64;
  p[0] = 'x';
  p[1] = 0;
  int fd = open(p, O_CREATE | O_RDWR);
  if(fd < 0)
    FAIL("create with a path at the end of memory");
  write(fd, p, 1);
  close(fd);
  fd = xopen(p, O_RDWR);
  p[0] = 0;
  read(fd, p, 1);
  close(fd);
  if(p[0] != 'x')
    FAIL("read back %d", p[0]);
  unlink("x");
}

// sbrk(0x80000004) is a shrink below 0: as on xv6, the break stays and
// the old break is returned. A lazy break 1 GiB up works at its last byte
// and goes away.
static void
t_sbrk8000(void)
{
  grow(1);
  char *a = sbrk(0);
  if(sbrk((int)0x80000004) != a)
    FAIL("sbrk(0x80000004) did not return the old break");
  if(sbrk(0) != a)
    FAIL("the break moved");
  a[-1]++;
  char *l = sbrklazy(1 << 30);
  if(l == SBRK_ERROR)
    FAIL("sbrklazy(1 GiB) failed");
  l[(1 << 30) - 1] = 7;
  if(l[(1 << 30) - 1] != 7)
    FAIL("last byte of a 1 GiB lazy heap");
  if(sbrk(-(1 << 30)) == SBRK_ERROR || sbrk(0) != a)
    FAIL("shrinking the lazy heap");
  mustkill(load, (uintptr)l + (1 << 30) - 1, "load from a freed lazy page");
}

#define LAZY_CHUNK (1 << 30)             // bytes per sbrklazy() (it takes an int)
#define LAZY_STRIDE 1024                 // pages between touches
#define GIB (1UL << 30)                  // bytes one level-1 page table maps

// Bytes for t_lazy_alloc to reserve: more than all of RAM, where the user
// address space has room for that above the break (i386's is 2 GiB: with
// more RAM, as much as fits).
static uint64
lazybytes(void)
{
  uint64 want = PHYSTOP - KERNBASE + 64 * 1024 * 1024;
  uint64 room = PGROUNDDOWN(TRAPFRAME - PGROUNDUP((uintptr)sbrk(0)));
  return want < room ? want : room;
}

// sbrklazy of more than RAM (in several calls with 2 GiB or more)
// allocates nothing; each touch allocates its page (and page-table
// pages); untouched pages read zero.
static void
t_lazy_alloc(void)
{
  alignbrk();
  uint64 bytes = lazybytes();
  int f0 = getNumFreePages();
  char *p = sbrk(0);
  for(uint64 done = 0; done < bytes; done += LAZY_CHUNK){
    int k = bytes - done < LAZY_CHUNK ? bytes - done : LAZY_CHUNK;
    if(sbrklazy(k) != p + done)
      FAIL("sbrklazy of %d MiB failed at %d MiB", (int)(bytes >> 20), (int)(done >> 20));
  }
  if(getNumFreePages() != f0)
    FAIL("sbrklazy allocated %d pages", f0 - getNumFreePages());
  int n = 0;
  for(uint64 off = 0; off < bytes; off += LAZY_STRIDE * PGSIZE, n++)
    *(int*)(p + off) = n;
  // Each touch takes its page and a leaf page table (the touches are
  // more than 2 MiB apart); one level-1 table per GiB besides.
  int used = f0 - getNumFreePages();
  if(used < n || used > 2 * n + bytes / GIB + 4)
    FAIL("touching %d lazy pages used %d pages", n, used);
  n = 0;
  for(uint64 off = 0; off < bytes; off += LAZY_STRIDE * PGSIZE, n++)
    if(*(int*)(p + off) != n || *(int*)(p + off + PGSIZE) != 0)
      FAIL("lazy page %d holds the wrong value", n);
  int f1 = getNumFreePages();
  shrink(bytes);
  if(getNumFreePages() - f1 < 2 * n)
    FAIL("shrinking freed only %d pages", getNumFreePages() - f1);
  mustkill(load, (uintptr)p, "load from a shrunk lazy heap");
}

// Lazy pages, touched or not, are gone after sbrk shrinks over them.
static void
t_lazy_unmap(void)
{
  enum { N = 64 };
  char *p = alignbrk();
  if(sbrklazy(N * PGSIZE) == SBRK_ERROR)
    FAIL("sbrklazy");
  for(int i = 0; i < N; i += 2)
    p[i * PGSIZE] = i;
  if(sbrk(-N * PGSIZE) == SBRK_ERROR)
    FAIL("shrink");
  for(int i = 0; i < N; i += 13){
    mustkill(store, (uintptr)p + i * PGSIZE, "store to a shrunk lazy page");
    mustkill(load, (uintptr)p + (i + 1) * PGSIZE, "load from a shrunk lazy page");
  }
  int fd = xopen("/usertests", O_RDONLY);
  mustfail(read(fd, p, 10), "read into a shrunk lazy page");
  close(fd);
}

// The kernel fills and reads lazy pages (read, write, pipe), and fork
// shares them correctly, touched or not.
static void
t_lazy_copy(void)
{
  enum { N = 3 };
  int fds[2];
  char *p = alignbrk();
  if(sbrklazy(N * PGSIZE) == SBRK_ERROR)
    FAIL("sbrklazy");
  int fd = xopen("/usertests", O_RDONLY);
  if(read(fd, p, N * PGSIZE) != N * PGSIZE)
    FAIL("read into lazy pages");
  close(fd);
  fd = xopen("/usertests", O_RDONLY);
  if(read(fd, buf, N * PGSIZE) != N * PGSIZE)
    FAIL("read into buf");
  close(fd);
  if(memcmp(p, buf, N * PGSIZE) != 0)
    FAIL("lazy pages hold different bytes than the file");

  char *q = sbrklazy(2 * PGSIZE);
  unlink("lazycopy");
  fd = xopen("lazycopy", O_CREATE | O_RDWR);
  if(write(fd, q, 2 * PGSIZE) != 2 * PGSIZE)
    FAIL("write from untouched lazy pages");
  close(fd);
  unlink("lazycopy");

  xpipe(fds);
  write(fds[1], "lazy", 4);
  char *r = sbrklazy(PGSIZE);
  if(read(fds[0], r, 4) != 4 || memcmp(r, "lazy", 4) != 0)
    FAIL("pipe read into a lazy page");
  close(fds[0]);
  close(fds[1]);

  char *s = sbrklazy(8 * PGSIZE);
  s[0] = 1;
  int pid = xfork();
  if(pid == 0){
    if(s[0] != 1 || s[3 * PGSIZE] != 0)
      FAIL("child sees the wrong lazy contents");
    s[3 * PGSIZE] = 5;
    s[0] = 2;
    exit(0);
  }
  if(xwait(pid) != 0)
    FAIL("child failed");
  if(s[0] != 1 || s[3 * PGSIZE] != 0)
    FAIL("the child's stores reached the parent's lazy pages");
}

// ---------------------------------------------------------------------
// Copy-on-write, beyond cowtest.

// fork with memory all but gone fails with -1 or succeeds, never panics,
// and never leaks; with enough memory back it succeeds.
static void
t_cowforkoom(void)
{
  touchstack();
  uint64 got = eatmem();
  // Give back, 8 pages at a time, up to twice what a fork of this size
  // needs: that grows with the RAM eaten.
  int tries = (2 * forkpages((uintptr)sbrk(0)) + 64) / 8;
  int nok = 0, nfail = 0;
  for(int i = 0; i < tries && nok < 3; i++){
    int before = getNumFreePages();
    int pid = forkwait();
    int after = getNumFreePages();
    if(after != before)
      FAIL("fork%s with %d free pages: %d pages lost", pid < 0 ? " (failed)" : "",
           before, before - after);
    if(pid < 0)
      nfail++;
    else
      nok++;
    if(sbrk(-8 * PGSIZE) == SBRK_ERROR)
      FAIL("shrink");
    got -= 8 * PGSIZE;
  }
  if(nfail == 0)
    FAIL("fork never failed with no free memory");
  if(nok == 0)
    FAIL("fork never succeeded after freeing %d pages", tries * 8);
  shrink(got);
}

#define COWOOM_PAGES 1024

// A COW fault with no free page kills only the faulting child; the
// parent's pages are intact.
static void
t_cowfaultoom(void)
{
  char *p = grow(COWOOM_PAGES);
  fill(p, COWOOM_PAGES, 0xc0);
  int pid = forksync();
  if(pid == 0){
    touchstack();
    eatmem();
    for(int i = 0; i < COWOOM_PAGES; i++)
      p[(uint64)i * PGSIZE] = 1;
    FAIL("COW stores with no free memory did not kill the child");
  }
  int st = xwait(pid);
  if(st != -1)
    FAIL("child exited with %d, expected to be killed", st);
  int bad = badpages(p, COWOOM_PAGES, 0xc0);
  if(bad != 0)
    FAIL("%d of the parent's pages changed", bad);
}

#define COWEXEC_PAGES 2000

// exec after fork drops the child's shared references: the parent then
// owns every page alone, and writing them copies nothing.
static void
t_cowexec(void)
{
  char *p = grow(COWEXEC_PAGES);
  int down[2], up[2];
  char rfd[12], wfd[12], c;
  fill(p, COWEXEC_PAGES, 0xce);
  xpipe(down);
  xpipe(up);
  int pid = xfork();
  if(pid == 0){
    char *argv[] = { "usertests", "-cowexec", itoa(down[0], rfd), itoa(up[1], wfd), 0 };
    close(down[1]);
    close(up[0]);
    exec("/usertests", argv);
    FAIL("exec failed");
  }
  close(down[0]);
  close(up[1]);
  if(read(up[0], &c, 1) != 1)
    FAIL("the exec'd child did not start");
  touchstack();
  int f0 = getNumFreePages();
  fill(p, COWEXEC_PAGES, 0xec);
  int f1 = getNumFreePages();
  close(down[1]);
  close(up[0]);
  if(xwait(pid) != 0)
    FAIL("exec'd child failed");
  if(f0 - f1 > 4)
    FAIL("after the child's exec, writing %d pages cost %d pages", COWEXEC_PAGES, f0 - f1);
  if(badpages(p, COWEXEC_PAGES, 0xec) != 0)
    FAIL("pages lost their data");
}

#define COWSBRK_PAGES 1000

// sbrk shrinking over COW pages drops only the child's references (and
// costs at most a copy of one shared page table): the parent keeps its
// data, regrown pages are zero, and once the child is gone the parent
// writes without copying.
static void
t_cowsbrk(void)
{
  enum { N = COWSBRK_PAGES, H = COWSBRK_PAGES / 2 };
  char *p = grow(N);
  fill(p, N, 0x5b);
  int pid = xfork();
  if(pid == 0){
    touchstack();
    int f0 = getNumFreePages();
    if(sbrk(-H * PGSIZE) == SBRK_ERROR)
      FAIL("child: shrink");
    int f1 = getNumFreePages();
    // No frame the parent maps is freed; the leaf page table the new
    // break lies in may be shared (fork shares leaf tables), and then
    // the child needs its own copy of it: one page, no more.
    if(f1 > f0)
      FAIL("shrinking shared pages freed %d frames the parent still maps", f1 - f0);
    if(f0 - f1 > 1)
      FAIL("shrinking shared pages cost %d pages (at most one page-table page)", f0 - f1);
    mustkill(load, (uintptr)p + (N - 1) * (uint64)PGSIZE, "load from shrunk shared pages");
    if(badpages(p, H, 0x5b) != 0)
      FAIL("child: the bottom half changed");
    if(sbrk(H * PGSIZE) != p + (uint64)H * PGSIZE)
      FAIL("child: regrow");
    for(int i = H; i < N; i++)
      if(*(uint64*)(p + (uint64)i * PGSIZE) != 0 ||
         *(uint64*)(p + (uint64)i * PGSIZE + PGSIZE - 8) != 0)
        FAIL("child: regrown page %d holds the parent's data", i);
    fill(p, N, 0x77);
    exit(0);
  }
  if(xwait(pid) != 0)
    FAIL("child failed");
  if(badpages(p, N, 0x5b) != 0)
    FAIL("the parent's pages changed");
  touchstack();
  int f0 = getNumFreePages();
  fill(p, N, 0x11);
  if(f0 - getNumFreePages() > 4)
    FAIL("with the child gone, writing cost %d pages", f0 - getNumFreePages());
}

#define NREADERS 8
#define COWREAD_PAGES 3

// Many children at once read() a file, and a pipe, into pages they share
// copy-on-write with the parent; each gets its data, the parent keeps its.
static void
t_cowreadmany(void)
{
  enum { N = COWREAD_PAGES };
  int fds[2];
  char *p = grow(N);
  for(int i = 0; i < N * PGSIZE; i++)
    buf[i] = i * 7 + 3;
  writefile("cowread", buf, N * PGSIZE);
  fill(p, N, 0xbead);
  xpipe(fds);
  for(int c = 0; c < NREADERS; c++){
    if(xfork() == 0){
      close(fds[1]);
      int fd = xopen("cowread", O_RDONLY);
      if(read(fd, p, N * PGSIZE) != N * PGSIZE)
        FAIL("child %d: read", c);
      close(fd);
      for(int i = 0; i < N * PGSIZE; i++)
        if(p[i] != (char)(i * 7 + 3))
          FAIL("child %d: byte %d read wrong", c, i);
      if(read(fds[0], p + PGSIZE + 100, 1) != 1 || p[PGSIZE + 100] != 'z')
        FAIL("child %d: pipe read", c);
      exit(0);
    }
  }
  close(fds[0]);
  for(int c = 0; c < NREADERS; c++)
    write(fds[1], "z", 1);
  close(fds[1]);
  int nbad = 0;
  for(int c = 0; c < NREADERS; c++)
    if(xwait(0) != 0)
      nbad++;
  if(nbad)
    FAIL("%d readers failed", nbad);
  if(badpages(p, N, 0xbead) != 0)
    FAIL("the parent's pages changed");
  unlink("cowread");
}

static const char rostring[] = "read-only data that no call may change";

// The kernel never writes a read-only page (text, rodata) through read(),
// a pipe, fstat or pipe(), before or after fork; a user store there kills.
static void
rocheck(void)
{
  int fds[2];
  char *text = (char*)t_validatetest;
  char *ro = (char*)rostring;
  int fd = xopen("/usertests", O_RDONLY);
  mustfail(read(fd, text, 16), "read into text");
  mustfail(read(fd, ro, 16), "read into rodata");
  mustfail(fstat(fd, (struct stat*)ro), "fstat into rodata");
  close(fd);
  xpipe(fds);
  write(fds[1], "xxxx", 4);
  mustfail(read(fds[0], text, 4), "pipe read into text");
  mustfail(read(fds[0], ro, 4), "pipe read into rodata");
  mustfail(pipe((int*)ro), "pipe() into rodata");
  close(fds[0]);
  close(fds[1]);
  mustkill(store, (uintptr)ro, "store to rodata");
  mustkill(store, (uintptr)text, "store to text");
}

static void
t_cowreadonly(void)
{
  char save[16];
  memmove(save, t_validatetest, sizeof(save));
  rocheck();
  int pid = xfork();
  if(pid == 0){
    rocheck();
    exit(0);
  }
  if(xwait(pid) != 0)
    FAIL("child failed");
  if(memcmp(save, t_validatetest, sizeof(save)) != 0)
    FAIL("text changed");
  if(strcmp(rostring, "read-only data that no call may change") != 0)
    FAIL("rodata changed");
}

#define STORM_ROUNDS 40
#define STORM_PAGES 16
static uint64 stormword[NCPU];

// A fork storm on all harts: NCPU processes fork and reap at once while
// parents and children write shared pages; everyone sees only its own
// stores.
static void
t_forkstorm(void)
{
  char *p = grow(STORM_PAGES);
  fill(p, STORM_PAGES, 0x5707);
  for(int c = 0; c < NCPU; c++){
    if(xfork() == 0){
      stormword[c] = c + 1;
      for(int r = 0; r < STORM_ROUNDS; r++){
        int pid = fork();
        if(pid < 0)
          FAIL("storm %d: fork failed", c);
        if(pid == 0){
          if(stormword[c] != c + 1 || badpages(p, STORM_PAGES, 0x5707) != 0)
            exit(1);
          *(uint64*)(p + (r % STORM_PAGES) * PGSIZE) = 0;
          stormword[c] = 0;
          exit(0);
        }
        *(uint64*)(p + ((r + 1) % STORM_PAGES) * PGSIZE + 8) = r;
        int st;
        if(wait(&st) != pid || st != 0)
          FAIL("storm %d: grandchild saw wrong memory", c);
      }
      if(stormword[c] != c + 1 || badpages(p, STORM_PAGES, 0x5707) != 0)
        FAIL("storm %d: a grandchild's store reached its parent", c);
      exit(0);
    }
  }
  for(int c = 0; c < NCPU; c++)
    if(xwait(0) != 0)
      FAIL("a storm process failed");
  for(int c = 0; c < NCPU; c++)
    if(stormword[c] != 0)
      FAIL("a child's store reached the parent");
  if(badpages(p, STORM_PAGES, 0x5707) != 0)
    FAIL("the parent's pages changed");
}

// ---------------------------------------------------------------------
// Slow.

#define NBIGDIR 500

// A directory of 500 names (links to one file), then none.
static void
t_bigdir(void)
{
  char name[4];
  unlink("bd");
  writefile("bd", "", 0);
  if(mkdir("bigdir") != 0 || chdir("bigdir") != 0)
    FAIL("mkdir/chdir bigdir");
  for(int i = 0; i < NBIGDIR; i++){
    name[0] = 'x';
    name[1] = '0' + i / 64;
    name[2] = '0' + i % 64;
    name[3] = 0;
    if(link("../bd", name) != 0)
      FAIL("link %d failed", i);
  }
  struct stat st;
  if(stat("../bd", &st) < 0 || st.nlink != NBIGDIR + 1)
    FAIL("bd has %d links, expected %d", st.nlink, NBIGDIR + 1);
  for(int i = 0; i < NBIGDIR; i++){
    name[0] = 'x';
    name[1] = '0' + i / 64;
    name[2] = '0' + i % 64;
    name[3] = 0;
    if(unlink(name) != 0)
      FAIL("unlink %d failed", i);
  }
  if(chdir("..") != 0 || unlink("bigdir") != 0 || unlink("bd") != 0)
    FAIL("cleanup");
}

// Four processes write and delete files over and over.
static void
t_manywrites(void)
{
  char name[8];
  for(int c = 0; c < 4; c++){
    if(xfork() == 0){
      mkname(name, "mw", c);
      for(int r = 0; r < 30; r++){
        int fd = open(name, O_CREATE | O_RDWR);
        if(fd < 0)
          FAIL("child %d: create", c);
        for(int i = 0; i < 12; i++)
          if(write(fd, buf, BSIZE) != BSIZE)
            FAIL("child %d round %d: write %d", c, r, i);
        close(fd);
        if(unlink(name) != 0)
          FAIL("child %d: unlink", c);
      }
      exit(0);
    }
  }
  for(int c = 0; c < 4; c++)
    if(xwait(0) != 0)
      FAIL("a child failed");
}

// Fill the disk with files named prefix0, prefix1, ..., each up to MAXFILE
// blocks, until a write comes up short. Returns the number of blocks
// written and the number of files in *nfiles.
static int
filldisk(const char *prefix, int *nfiles)
{
  char name[16];
  int blocks = 0, f = 0;
  for(;;){
    int fd = open(mkname(name, prefix, f), O_CREATE | O_WRONLY);
    if(fd < 0)
      FAIL("create %s", name);
    f++;
    int i;
    for(i = 0; i < MAXFILE; i++){
      if(write(fd, buf, BSIZE) != BSIZE)
        break;
      blocks++;
    }
    close(fd);
    if(i < MAXFILE)
      break;
  }
  *nfiles = f;
  return blocks;
}

static void
emptydisk(const char *prefix, int nfiles)
{
  char name[16];
  for(int f = 0; f < nfiles; f++)
    if(unlink(mkname(name, prefix, f)) != 0)
      FAIL("unlink %s", name);
}

// Writes from a bad address do not lose disk blocks.
static void
t_badwrite(void)
{
  int nf;
  int before = filldisk("bw", &nf);
  emptydisk("bw", nf);
  for(int i = 0; i < 300; i++){
    int fd = xopen("junk", O_CREATE | O_WRONLY);
    write(fd, (char*)0xffffffffffUL, 1);
    write(fd, (char*)KERNBASE, BSIZE);
    close(fd);
    unlink("junk");
  }
  int fd = xopen("junk", O_CREATE | O_WRONLY);
  if(write(fd, "x", 1) != 1)
    FAIL("write after bad writes");
  close(fd);
  unlink("junk");
  int after = filldisk("bw", &nf);
  emptydisk("bw", nf);
  if(after != before)
    FAIL("%d blocks free before, %d after", before, after);
}

// exec with memory all but gone fails cleanly or succeeds.
static void
t_execout(void)
{
  for(int avail = 0; avail < 15; avail++){
    int pid = forksync();
    if(pid == 0){
      touchstack();
      eatmem();
      if(avail > 0)
        sbrk(-avail * PGSIZE);
      close(1);
      char *argv[] = { "echo", "x", 0 };
      exec("/echo", argv);
      exit(0);
    }
    int st = xwait(pid);
    if(st != 0)
      FAIL("exec with %d pages free: child exited with %d", avail, st);
  }
}

// A full disk: writes and mkdir fail, files can still be created and
// removed, and every block comes back.
static void
t_diskfull(void)
{
  int nf, nf2;
  int blocks = filldisk("df", &nf);
  if(blocks < 500)
    FAIL("only %d blocks fit on the disk", blocks);
  int fd = xopen("dfextra", O_CREATE | O_RDWR);
  mustfail(write(fd, buf, BSIZE), "write on a full disk");
  close(fd);
  mustfail(mkdir("dfdir"), "mkdir on a full disk");
  mustwork(unlink("dfextra"), "unlink dfextra");
  emptydisk("df", nf);
  int blocks2 = filldisk("df", &nf2);
  emptydisk("df", nf2);
  if(blocks2 != blocks)
    FAIL("%d blocks fit the first time, %d the second", blocks, blocks2);
}

#define MAXINODES 300

// Create files until the inodes run out; remove them; the same number
// fits again.
static void
t_outofinodes(void)
{
  char name[8];
  int count[2];
  for(int round = 0; round < 2; round++){
    int n;
    for(n = 0; n < MAXINODES; n++){
      int fd = open(mkname(name, "oi", n), O_CREATE | O_RDWR);
      if(fd < 0)
        break;
      close(fd);
    }
    if(n == MAXINODES || n < 100)
      FAIL("round %d: %d files created", round + 1, n);
    count[round] = n;
    for(int i = 0; i < n; i++)
      if(unlink(mkname(name, "oi", i)) != 0)
        FAIL("unlink %s", name);
  }
  if(count[0] != count[1])
    FAIL("%d inodes the first time, %d the second", count[0], count[1]);
}

// ---------------------------------------------------------------------
// The driver.

struct test {
  void (*fn)(void);
  char *name;
  int slow;
};

static struct test tests[] = {
  // user pointers
  { t_copyin, "copyin", 0 },
  { t_copyout, "copyout", 0 },
  { t_copyinstr1, "copyinstr1", 0 },
  { t_copyinstr2, "copyinstr2", 0 },
  { t_copyinstr3, "copyinstr3", 0 },
  { t_rwsbrk, "rwsbrk", 0 },
  { t_badarg, "badarg", 0 },
  { t_validatetest, "validatetest", 0 },
  { t_argptest, "argptest", 0 },
  { t_bigargtest, "bigargtest", 0 },
  // files
  { t_truncate1, "truncate1", 0 },
  { t_truncate2, "truncate2", 0 },
  { t_truncate3, "truncate3", 0 },
  { t_openiputtest, "openiputtest", 0 },
  { t_exitiputtest, "exitiputtest", 0 },
  { t_iputtest, "iputtest", 0 },
  { t_execoff, "execoff", 0 },
  { t_initretry, "initretry", 0 },
  { t_rmdirdotdot, "rmdirdotdot", 0 },
  { t_rmcwdcreate, "rmcwdcreate", 0 },
  { t_fstatpad, "fstatpad", 0 },
  { t_opentest, "opentest", 0 },
  { t_writetest, "writetest", 0 },
  { t_writebig, "writebig", 0 },
  { t_createtest, "createtest", 0 },
  { t_dirtest, "dirtest", 0 },
  { t_sharedfd, "sharedfd", 0 },
  { t_fourfiles, "fourfiles", 0 },
  { t_createdelete, "createdelete", 0 },
  { t_unlinkread, "unlinkread", 0 },
  { t_linktest, "linktest", 0 },
  { t_concreate, "concreate", 0 },
  { t_linkunlink, "linkunlink", 0 },
  { t_subdir, "subdir", 0 },
  { t_bigwrite, "bigwrite", 0 },
  { t_bigfile, "bigfile", 0 },
  { t_fourteen, "fourteen", 0 },
  { t_rmdot, "rmdot", 0 },
  { t_dirfile, "dirfile", 0 },
  { t_iref, "iref", 0 },
  { t_nofile, "nofile", 0 },
  { t_badfd, "badfd", 0 },
  { t_fstattest, "fstattest", 0 },
  { t_mknodtest, "mknodtest", 0 },
  { t_filetable, "filetable", 0 },
  { t_inodetable, "inodetable", 0 },
  // processes
  { t_exectest, "exectest", 0 },
  { t_execbad, "execbad", 0 },
  { t_pipe1, "pipe1", 0 },
  { t_pipeends, "pipeends", 0 },
  { t_pipezeroread, "pipezeroread", 0 },
  { t_killstatus, "killstatus", 0 },
  { t_killsleep, "killsleep", 0 },
  { t_killbad, "killbad", 0 },
  { t_preempt, "preempt", 0 },
  { t_exitwait, "exitwait", 0 },
  { t_waitbad, "waitbad", 0 },
  { t_reparent, "reparent", 0 },
  { t_twochildren, "twochildren", 0 },
  { t_forkfork, "forkfork", 0 },
  { t_forkforkfork, "forkforkfork", 0 },
  { t_reparent2, "reparent2", 0 },
  { t_mem, "mem", 0 },
  { t_forktest, "forktest", 0 },
  { t_pausetest, "pausetest", 0 },
  { t_badsyscall, "badsyscall", 0 },
  // memory
  { t_sbrkbasic, "sbrkbasic", 0 },
  { t_sbrkmuch, "sbrkmuch", 0 },
  { t_kernmem, "kernmem", 0 },
  { t_MAXVAplus, "MAXVAplus", 0 },
  { t_sbrkfail, "sbrkfail", 0 },
  { t_sbrkarg, "sbrkarg", 0 },
  { t_bsstest, "bsstest", 0 },
  { t_stacktest, "stacktest", 0 },
  { t_nowrite, "nowrite", 0 },
  { t_pgbug, "pgbug", 0 },
  { t_sbrkbugs, "sbrkbugs", 0 },
  { t_sbrklast, "sbrklast", 0 },
  { t_sbrk8000, "sbrk8000", 0 },
  { t_lazy_alloc, "lazy_alloc", 0 },
  { t_lazy_unmap, "lazy_unmap", 0 },
  { t_lazy_copy, "lazy_copy", 0 },
  // copy-on-write
  { t_cowforkoom, "cowforkoom", 0 },
  { t_cowfaultoom, "cowfaultoom", 0 },
  { t_cowexec, "cowexec", 0 },
  { t_cowsbrk, "cowsbrk", 0 },
  { t_cowreadmany, "cowreadmany", 0 },
  { t_cowreadonly, "cowreadonly", 0 },
  { t_forkstorm, "forkstorm", 0 },
  // slow
  { t_bigdir, "bigdir", 1 },
  { t_manywrites, "manywrites", 1 },
  { t_badwrite, "badwrite", 1 },
  { t_execout, "execout", 1 },
  { t_diskfull, "diskfull", 1 },
  { t_outofinodes, "outofinodes", 1 },
  { t_linkmax, "linkmax", 1 },
};

#define NTESTS (sizeof(tests) / sizeof(tests[0]))

// Wait (a second at most) for the free page count to come back to
// before: orphans of a test are reaped by init, a little later.
static int
settle(int before)
{
  int after = getNumFreePages();
  for(int i = 0; after != before && i < SETTLE_TICKS; i++){
    pause(1);
    after = getNumFreePages();
  }
  return after;
}

// Run test t in a child process and print its one line. The child waits
// for a go-ahead, so that the driver's stack page is private (copied
// while memory is plentiful) before a test can eat all memory.
// Returns 1 if the test passed.
static int
runtest(struct test *t)
{
  int rfds[2], gfds[2], st = 0, n = 0, r;
  char why[REASON_BYTES + 1], junk[32];

  int before = getNumFreePages();
  if(pipe(rfds) < 0 || pipe(gfds) < 0){
    printf("test %s: FAILED usertests could not make a pipe\n", t->name);
    exit(1);
  }
  int pid = fork();
  if(pid < 0){
    printf("test %s: FAILED usertests could not fork\n", t->name);
    exit(1);
  }
  if(pid == 0){
    char c;
    close(rfds[0]);
    close(gfds[1]);
    if(read(gfds[0], &c, 1) != 1)
      exit(1);
    close(gfds[0]);
    reasonfd = rfds[1];
    t->fn();
    exit(0);
  }
  touchstack();
  close(rfds[1]);
  close(gfds[0]);
  write(gfds[1], "g", 1);
  close(gfds[1]);
  // The reason pipe reaches end of file when the test and everything it
  // forked have exited.
  while((r = read(rfds[0], n < REASON_BYTES ? why + n : junk,
                  n < REASON_BYTES ? REASON_BYTES - n : sizeof(junk))) > 0){
    if(n < REASON_BYTES)
      n += r;
  }
  close(rfds[0]);
  int w = wait(&st);
  why[n] = 0;
  for(int i = 0; i < n; i++)
    if(why[i] == '\n')
      why[i] = 0;
  int after = settle(before);

  if(w != pid)
    printf("test %s: FAILED wait returned %d, expected %d\n", t->name, w, pid);
  else if(n > 0)
    printf("test %s: FAILED %s\n", t->name, why);
  else if(st != 0)
    printf("test %s: FAILED test process exited with status %d\n", t->name, st);
  else if(after < before)
    printf("test %s: FAILED leaked %d pages\n", t->name, before - after);
  else if(after > before)
    printf("test %s: FAILED %d more pages free after the test\n", t->name, after - before);
  else {
    printf("test %s: OK\n", t->name);
    return 1;
  }
  return 0;
}

// usertests -args A B...: exec'd by bigargtest. Exits with argc if every
// argument after "-args" equals the first of them.
static int
helper_args(int argc, char *argv[])
{
  for(int i = 3; i < argc; i++)
    if(strcmp(argv[i], argv[2]) != 0)
      return 99;
  return argc;
}

// usertests -cowexec RFD WFD: exec'd by cowexec. Says it is running by
// writing a byte to WFD, then waits for end of file on RFD.
static int
helper_cowexec(int argc, char *argv[])
{
  char c;
  if(argc != 4)
    return 1;
  write(atoi(argv[3]), "r", 1);
  while(read(atoi(argv[2]), &c, 1) > 0)
    ;
  return 0;
}

static struct test*
findtest(const char *name)
{
  for(int i = 0; i < NTESTS; i++)
    if(strcmp(tests[i].name, name) == 0)
      return &tests[i];
  return 0;
}

int
main(int argc, char *argv[])
{
  int quick = 0, nnames = 0, nrun = 0, nfail = 0;

  if(argc >= 2 && strcmp(argv[1], "-args") == 0)
    return helper_args(argc, argv);
  if(argc >= 2 && strcmp(argv[1], "-cowexec") == 0)
    return helper_cowexec(argc, argv);

  for(int i = 1; i < argc; i++){
    if(strcmp(argv[i], "-q") == 0){
      quick = 1;
    } else if(findtest(argv[i]) == 0){
      printf("usertests: no test named %s\n", argv[i]);
      printf("usage: usertests [-q] [NAME...]\n");
      exit(1);
    } else {
      nnames++;
    }
  }

  printf("usertests starting\n");
  for(int i = 0; i < NTESTS; i++){
    struct test *t = &tests[i];
    int run = !(quick && t->slow);
    if(nnames > 0){
      run = 0;
      for(int j = 1; j < argc; j++)
        if(strcmp(argv[j], t->name) == 0)
          run = 1;
    }
    if(!run)
      continue;
    nrun++;
    if(!runtest(t))
      nfail++;
  }
  printf("usertests: %d tests, %d failed\n", nrun, nfail);
  if(nfail > 0){
    printf("SOME TESTS FAILED\n");
    exit(1);
  }
  printf("ALL TESTS PASSED\n");
  exit(0);
}
