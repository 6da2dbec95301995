// fuzz: attacks the kernel with random system calls from several processes
// at once; then no page may have leaked and no child changed its parent.
//
// usage: fuzz [-p NPROC] [-t TICKS] [-m] [-v] SEED COUNT
//
// Prints the seed first, then forks NPROC workers (4 by default) that make
// COUNT system calls between them, each driven by its own PRNG derived from
// SEED (and each child a worker forks by a PRNG derived from its parent's).
// Arguments are random and adversarial: kernel, unmapped, guard-page,
// read-only, COW-shared and lazy addresses; huge and negative lengths;
// closed and out-of-range fds; long, missing and ".."-laden paths; garbage
// system-call numbers. Every call in kernel/syscall.h is made. Besides
// single calls there are small scenarios: a stream through a pipe between
// a process and its child (each sleeping for the other, sometimes killed
// half-way), a private file written and read back at random offsets, a
// child that execs a tiny program fuzz wrote, a child whose heap climbs
// to TRAPFRAME, and children that die of faults (guard page, text, kernel
// addresses, illegal instructions, ...).
//
// Staying safe, so that the shell and the disk survive a run:
//  - Everything happens under /fz.SEED, made fresh and removed at the end.
//    Worker k works in /fz.SEED/wK. Paths are built from a vocabulary
//    (fz0..fz7, two names of DIRSIZ characters or more, ".", "..", empty
//    components), so a path can climb to "/" but can only ever name a file
//    fuzz made (/fz3, say), never a real program. Destructive calls
//    (unlink, link, mkdir, mknod, open with O_CREATE or O_TRUNC) always end
//    in a vocabulary name.
//  - A worker keeps the console as fd RESFD only for its FAILED lines and
//    closes fds 0..2; the fd numbers it fuzzes are 0..RESFD-1 and garbage,
//    so random bytes never reach the console. mknod never makes a console
//    device.
//  - Each process keeps a model of its descriptors and pipes and never makes
//    a call that would block for good (a read of an empty pipe whose write
//    end it holds itself, a write to a full one). Children close inherited
//    pipe ends first and make at most KIDBUDGET calls; pause is short;
//    kill is aimed only at fuzz's own children, at pids above every worker
//    (fuzz's descendants: nothing else forks during a run), and at pids
//    that do not exist; never at init or the shell. Only children exec, and only files fuzz wrote:
//    random bytes, crafted ELF headers with no executable segment (the
//    image faults at once), and a program of nine instructions that exits.
//    A worker makes only exec calls that fail before anything is loaded.
//  - Heap growth is bounded (EAGERMAX pages allocated, TOUCHMAX pages of
//    lazy memory touched), so fuzz does not run the machine out of memory.
//  - A watchdog child ends the run with a FAILED line if the workers have
//    not finished after TICKS clock ticks.
//  - -m (memory) lets children run the machine out of memory: then any
//    process may be killed by a COW or lazy fault, and a copyout into a
//    COW or lazy page may fail, so those are not failures (the main
//    process takes private copies of its pages first and cannot be
//    killed; tools/fuzz.py checks that a killed worker died for want of
//    memory).
//
// Checks, each a line "fuzz: FAILED ..." and exit status 1:
//  - the return value of each call where the model knows it (a closed fd
//    gives -1, open and dup return the lowest free fd, sbrk returns the old
//    break, bytes come out of a pipe in the order they went in, a store to
//    read-only memory fails and changes nothing, new heap pages are zero,
//    kill of a pid that does not exist fails, ...);
//  - isolation: the main process's canary pages, shared copy-on-write with
//    every worker and scribbled on by them (by stores and by the kernel's
//    copyout), keep exactly what the main process wrote, before and after
//    forking; each worker's private canary pages survive its children;
//  - no leak: once every process is gone, free pages equal the baseline
//    taken before the first fork;
//  - bytes read back from the private file and from pipes are the bytes
//    written; the exec'd program exits with the status its arguments give;
//  - a worker killed by the kernel, a hang (watchdog).
// -v: each worker prints how many of its calls of each kind succeeded.
// On success the last line is "fuzz: OK N syscalls, P procs, seed S".
#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/fcntl.h"
#include "kernel/param.h"
#include "kernel/fs.h"
#include "kernel/memlayout.h"
#include "kernel/syscall.h"
#include "kernel/memstat.h"
#include "kernel/pmap.h"
#include "kernel/elf.h"
#include "user/user.h"

#define MAXWORKERS 16
#define RESFD (NOFILE - 1)     // a fuzzing process's console fd; never fuzzed
#define NCANARY 8              // the main process's canary pages
#define NSCRATCH 4             // of which workers scribble on the first NSCRATCH
                               // and keep the rest as their own canary
#define JUNKSZ (3 * PGSIZE)    // scratch buffer for the kernel to fill
#define MAXKIDS 3              // unreaped children a process may have
#define MAXDEPTH 2             // workers are depth 0; their children fork once more
#define KIDBUDGET 12           // most calls one child makes
#define EAGERMAX 64            // pages of eagerly grown heap a process may hold
#define LAZYMAX (1L << 30)     // bytes of heap a process may have above its base
#define TOUCHMAX 256           // heap pages touched before the heap is shrunk back
#define MAXTOUCH 70            // most heap pages one call can touch (a whole file)
#define FAILSTATUS (-77)       // exit status of a process that printed FAILED
#define PLAYSHORT (-78)        // exit status of op_pipeplay's child if the stream broke
#define PIPESZ 512             // kernel/pipe.c's PIPESIZE
#define SETTLE_TICKS 3000      // how long to wait for orphans to go (returns early)
#define CONSOLE_MAJOR 1        // kernel/file.h's CONSOLE: never mknod'ed

#define NELEM(a) ((int)(sizeof(a) / sizeof((a)[0])))

// ---------------------------------------------------------------------
// Configuration, set by the main process before it forks.

static uint64 seed;
static int nworkers = 4;
static int oommode;             // -m: children run the machine out of memory
static int maxpid;              // highest pid of a worker or the watchdog
static char topdir[32];         // "/fz.SEED"
static char failpath[40];       // "/fz.SEED.fail": someone printed FAILED
static char *canary;            // NCANARY pages in the main process's heap
static uintptr guard;           // the guard page below the stack
static uint64 totalpages;       // frames the kernel manages
static int outfd = 1;           // where this process prints

static char junk[JUNKSZ] __attribute__((aligned(PGSIZE)));
extern char end[];              // user.ld: the end of data and bss

static const char *vocab[] = {
  "fz0", "fz1", "fz2", "fz3", "fz4", "fz5", "fz6", "fz7",
  "fzlongname_abcdefghijklmnopq",   // longer than DIRSIZ: truncated
  "fz3456789abcde",                 // exactly DIRSIZ
};
#define NSHORT 8

// ---------------------------------------------------------------------
// The model of one fuzzing process (each has its own copy after fork).

enum { K_NONE, K_FILE, K_DIR, K_DEV, K_PIPER, K_PIPEW };

struct fdm {
  char kind;      // K_*
  char rd, wr;    // opened for reading, writing
  char pipe;      // index in pipes[] for K_PIPER, K_PIPEW
};

struct pipem {
  int rends, wends;   // our descriptors for each end
  int avail;          // bytes in the pipe (only we read and write it)
  int clean;          // every byte written came from the stream below
  uint64 wpos, rpos;  // stream positions written and read
  uint64 salt;
};

static struct fdm fds[NOFILE];
static struct pipem pipes[NOFILE];

static struct {
  int worker, depth, pid;
  long made;              // system calls made by this process
  long left;              // calls still to make (reaped children's taken out)
  long kidcalls;          // calls reported by reaped children
  int kids[MAXKIDS], nkids;   // pids of children not known to be reaped
  int live;               // children not reaped (< nkids: some unknown one was)
  int gone[8], ngone;     // reaped pids, which no longer exist
  uintptr base, cur;      // the heap: start and current break
  uintptr lazylo, lazyhi; // the last lazily grown region
  int eager, touched;     // pages grown eagerly, pages touched
  uint lastup;            // last uptime() seen
  uint64 privsalt;        // a worker's: salt of its private canary pages
  char mydir[40];         // the worker's directory
  int cwdsafe;            // the cwd is one that no one removes
} me;

static uint64 rs;   // PRNG state

#define FPMAX (24 * BSIZE)   // op_fileplay's file: past the direct blocks
static uchar fpmodel[FPMAX];  // what op_fileplay's file holds
static long fpsize = -1;      // its size (-1: not made yet by this process)

// ---------------------------------------------------------------------
// Randomness: xorshift64*, seeded through splitmix64's finalizer.

static uint64
mix64(uint64 x)
{
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

static uint64
rnd(void)
{
  rs ^= rs >> 12;
  rs ^= rs << 25;
  rs ^= rs >> 27;
  return rs * 0x2545f4914f6cdd1dULL;
}

static uint64
below(uint64 n)
{
  return n ? rnd() % n : 0;
}

static int
chance(int pct)
{
  return below(100) < (uint64)pct;
}

static void
reseed(uint64 s)
{
  rs = mix64(s);
  if(rs == 0)
    rs = 1;
}

// ---------------------------------------------------------------------
// Small helpers.

static int verbose;       // -v: each worker prints what its calls returned
static int curop;         // index in ops[] of the operation running
static long opcalls[32], opok[32];

// Count one system call made by this process, and whether it succeeded.
static long
sysret(long r)
{
  me.made++;
  me.left--;
  opcalls[curop]++;
  if(r >= 0)
    opok[curop]++;
  return r;
}
#define SYS(e) sysret((long)(e))

static void
putnum(char *s, int *n, uint64 x)
{
  char tmp[24];
  int i = 0;
  do {
    tmp[i++] = '0' + x % 10;
    x /= 10;
  } while(x);
  while(i > 0)
    s[(*n)++] = tmp[--i];
  s[*n] = 0;
}

static void
putstr(char *s, int *n, const char *t)
{
  while(*t)
    s[(*n)++] = *t++;
  s[*n] = 0;
}

// The word fillpage() stores at index j of canary page i under salt.
static uint64
cword(uint64 salt, int i, int j)
{
  return (salt * 0x9e3779b97f4a7c15ULL) ^ ((uint64)i << 40) ^ (uint64)j;
}

static void
fillpage(int i, uint64 salt)
{
  uint64 *w = (uint64*)(canary + (uint64)i * PGSIZE);
  for(int j = 0; j < PGSIZE / 8; j++)
    w[j] = cword(salt, i, j);
}

// Returns -1 if canary page i holds what fillpage(i, salt) stored, else
// the index of the first word that differs.
static int
badword(int i, uint64 salt)
{
  uint64 *w = (uint64*)(canary + (uint64)i * PGSIZE);
  for(int j = 0; j < PGSIZE / 8; j++)
    if(w[j] != cword(salt, i, j))
      return j;
  return -1;
}

// Leave a file that the main process finds, then exit: a FAILED line has
// been printed.
static void __attribute__((noreturn))
failexit(void)
{
  int fd = open(failpath, O_CREATE | O_WRONLY);
  if(fd < 0){
    close(RESFD - 1);
    fd = open(failpath, O_CREATE | O_WRONLY);
  }
  if(fd >= 0)
    close(fd);
  exit(FAILSTATUS);
}

#define FAIL(fmt, ...) do { \
    fprintf(outfd, "fuzz: FAILED seed %llu worker %d depth %d pid %d call %ld: " fmt "\n", \
            (unsigned long long)seed, me.worker, me.depth, me.pid, me.made, ##__VA_ARGS__); \
    failexit(); \
  } while(0)

// ---------------------------------------------------------------------
// The descriptor model.

static int
isopen(int fd)
{
  return fd >= 0 && fd < RESFD && fds[fd].kind != K_NONE;
}

static int
lowestfree(int skip)
{
  for(int i = 0; i < RESFD; i++)
    if(fds[i].kind == K_NONE && i != skip)
      return i;
  return -1;
}

static void
fdset(int fd, int kind, int rd, int wr, int pipe)
{
  fds[fd].kind = kind;
  fds[fd].rd = rd;
  fds[fd].wr = wr;
  fds[fd].pipe = pipe;
  if(kind == K_PIPER)
    pipes[pipe].rends++;
  if(kind == K_PIPEW)
    pipes[pipe].wends++;
}

static void
fdclear(int fd)
{
  if(fds[fd].kind == K_PIPER)
    pipes[(int)fds[fd].pipe].rends--;
  if(fds[fd].kind == K_PIPEW)
    pipes[(int)fds[fd].pipe].wends--;
  fds[fd].kind = K_NONE;
}

// A descriptor for a call: usually an open one, else any number, closed,
// negative or out of range. Never RESFD.
static int
pickfd(void)
{
  int open[NOFILE], n = 0;
  for(int i = 0; i < RESFD; i++)
    if(fds[i].kind != K_NONE)
      open[n++] = i;
  if(n > 0 && chance(85))
    return open[below(n)];
  switch(below(6)){
  case 0: return -1 - (int)below(3);
  case 1: return NOFILE + (int)below(8);
  case 2: return (int)(0x80000000u + below(100));
  case 3: return 1000000 + (int)below(1000);
  default: return (int)below(RESFD);
  }
}

// ---------------------------------------------------------------------
// Addresses and lengths.

enum { A_JUNK, A_SCRATCH, A_HEAP, A_LAZY, A_BREAK, A_UNMAPPED, A_GUARD, A_TEXT,
       A_RODATA, A_KERNEL, A_TOP, A_LOW, A_STACK, A_DATA, NACLASS };

struct uaddr {
  uintptr a;
  int cls;
  long room;    // bytes from a the kernel may store into; -1: any number
                // (nothing of ours lies beyond, or the first byte is bad)
  long valid;   // bytes from a certainly accessible the way asked
  int bad;      // the first byte is certainly not accessible
  int ro;       // readable but not writable: must never change
};

// Where registers have 32 bits, a system call sees a number's or an
// address's low 32 bits: WIDE(a64, a32) is a64 on a 64-bit machine and a
// 32-bit stand-in for it (as far out of range) on a 32-bit one.
#define WIDE(a64, a32) (sizeof(uintptr) == 8 ? (a64) : (a32))

// Pick an address for the kernel to store into (store) or read from.
static void
pickaddr(int store, struct uaddr *u)
{
  // The three that would become 0 have 32-bit stand-ins (WIDE).
  static const uint64 top[] = {
    TRAPFRAME, TRAPFRAME + 8, TRAMPOLINE, TRAMPOLINE + 100, MAXVA - 1, MAXVA - 8,
    MAXVA, MAXVA + PGSIZE, ~0ULL, ~0ULL - 7, WIDE(1ULL << 63, 0x80000000ULL),
    0xffffffff80000000ULL, (uint64)-PGSIZE, WIDE(1ULL << 38, 0xc0000000ULL),
    WIDE(0x100000000ULL, 0xfffff000ULL),
  };

  for(;;){
    u->cls = below(NACLASS);
    u->room = -1;
    u->valid = 0;
    u->bad = 0;
    u->ro = 0;
    switch(u->cls){
    case A_JUNK: {
      uint64 off = chance(40) ? 0 : below(JUNKSZ);
      u->a = (uintptr)junk + off;
      u->room = u->valid = JUNKSZ - off;
      return;
    }
    case A_SCRATCH: {
      // A worker leaves its private canary pages alone; its children
      // scribble on every page.
      long n = (me.depth == 0 ? NSCRATCH : NCANARY) * (long)PGSIZE;
      uint64 off = below(n);
      u->a = (uintptr)canary + off;
      u->room = u->valid = n - off;
      return;
    }
    case A_HEAP:
      if(me.cur <= me.base)
        continue;
      u->a = me.base + below(me.cur - me.base);
      u->valid = me.cur - u->a;
      return;
    case A_LAZY:
      if(me.lazyhi <= me.lazylo)
        continue;
      u->a = me.lazylo + below(me.lazyhi - me.lazylo);
      u->valid = me.cur - u->a;
      return;
    case A_BREAK: {
      if(me.cur <= me.base)
        continue;
      uint64 n = me.cur - me.base < 64 ? me.cur - me.base : 64;
      uint64 back = 1 + below(n);
      u->a = me.cur - back;
      u->valid = back;
      return;
    }
    case A_UNMAPPED:
      u->a = PGROUNDUP(me.cur) + PGSIZE * below(1024) + below(PGSIZE);
      u->bad = 1;
      return;
    case A_GUARD:
      u->a = guard + below(PGSIZE);
      u->bad = 1;
      return;
    case A_TEXT:
      u->a = (uintptr)rnd + below(32);
      u->ro = 1;
      break;
    case A_RODATA:
      u->a = (uintptr)vocab[below(NELEM(vocab))];
      u->ro = 1;
      break;
    case A_LOW:
      u->a = chance(50) ? 0 : below(PGSIZE - 64);
      u->ro = 1;
      break;
    case A_KERNEL:
      u->a = chance(30) ? KERNBASE : KERNBASE + below(PHYSTOP - KERNBASE);
      u->bad = 1;
      return;
    case A_TOP:
      u->a = top[below(NELEM(top))];
      // Where user memory reaches MAXVA (i386), a heap grown to the top
      // (op_highheap) makes MAXVA - 8 and MAXVA - 1 ours: not bad.
      if(u->a < me.cur)
        continue;
      u->bad = 1;
      return;
    case A_STACK:
      if(store)
        continue;
      u->a = r_sp();
      u->valid = PGROUNDUP(u->a) - u->a;
      return;
    case A_DATA:
      if(store)
        continue;
      u->a = (uintptr)&me;
      u->valid = sizeof(me);
      return;
    }
    // Read-only memory: readable, not writable.
    if(store)
      u->bad = 1;
    else
      u->valid = 16;
    return;
  }
}

static long
picklen(void)
{
  switch(below(12)){
  case 0: return 0;
  case 1: return 1 + below(8);
  case 2: case 3: case 4: return 1 + below(512);
  case 5: return PGSIZE - 1 + below(3);
  case 6: return 1 + below(3 * PGSIZE);
  case 7: return 0x7fffffff;
  case 8: return 1L << (12 + below(19));
  case 9:
    switch(below(4)){
    case 0: return -1;
    case 1: return -0x7fffffffL - 1;
    case 2: return -1 - (long)below(5000);
    default: return -(long)(1L << below(31));
    }
  default: return 1 + below(64);
  }
}

// Note that a call may touch up to len bytes at u (lazy pages get
// allocated, eager ones get copied); the heap is shrunk back when too much
// of it may be in use.
static void
touching(struct uaddr *u, long len)
{
  if(u->cls == A_HEAP || u->cls == A_LAZY || u->cls == A_BREAK){
    long pages = len <= 0 ? 1 : len / PGSIZE + 2;
    me.touched += pages < MAXTOUCH ? pages : MAXTOUCH;
  }
}

// ---------------------------------------------------------------------
// Paths.

static char pathbuf[MAXPATH * 2];

// Start pathbuf (n bytes long) with where a path starts: "/", "/fz.SEED/",
// "/fz.SEED/wK/", or nothing (the current directory), all directories
// that no one removes.
static void
pathstart(int *n)
{
  switch(below(8)){
  case 4:
    putstr(pathbuf, n, "/");
    break;
  case 5:
    putstr(pathbuf, n, topdir);
    putstr(pathbuf, n, "/");
    break;
  case 6:
    putstr(pathbuf, n, topdir);
    putstr(pathbuf, n, "/w");
    putnum(pathbuf, n, below(nworkers));
    putstr(pathbuf, n, "/");
    break;
  default:
    break;   // relative to the current directory
  }
}

// A path for a call. destructive: it must name a file fuzz made, so its
// last component is a vocabulary name.
static char*
mkpath(int destructive)
{
  int n = 0;
  const char *comp[6];
  int ncomp = 0;

  pathbuf[0] = 0;
  if(!destructive && chance(4)){
    struct uaddr u;
    pickaddr(0, &u);
    if(u.cls != A_STACK && u.cls != A_DATA)
      return (char*)u.a;
  }
  if(chance(2)){
    // Longer than MAXPATH: refused whole.
    while(n < MAXPATH + 8)
      putstr(pathbuf, &n, "fz0/");
    return pathbuf;
  }
  if(chance(2) && me.cur - me.base >= 4 && (me.cur % PGSIZE) == 0){
    // A name that runs into the unmapped page above the break.
    char *s = (char*)me.cur - 3;
    s[0] = 'f'; s[1] = 'z'; s[2] = '0' + below(NSHORT);
    me.touched++;
    return s;
  }

  if(chance(35)){
    // The plain case, so that names meet often.
    putstr(pathbuf, &n, vocab[below(NSHORT)]);
    return pathbuf;
  }
  pathstart(&n);
  // A leading run of "." and "..": these climb only through directories
  // that no one removes (the current one, /fz.SEED/wK, /fz.SEED, /).
  for(int k = below(4); k > 0 && chance(60); k--)
    comp[ncomp++] = chance(75) ? ".." : ".";
  for(int k = below(4); k > 0 && ncomp < NELEM(comp); k--){
    int c = below(20);
    if(c < 12)
      comp[ncomp++] = vocab[below(NSHORT)];
    else if(c < 14)
      comp[ncomp++] = vocab[NSHORT + below(2)];
    else if(c < 16)
      comp[ncomp++] = ".";
    else if(c < 18)
      comp[ncomp++] = "";
    else
      comp[ncomp++] = "..";   // may climb out of a directory being removed
  }
  if(destructive || ncomp == 0){
    // Make the last component a vocabulary name.
    if(ncomp == NELEM(comp))
      ncomp--;
    comp[ncomp++] = vocab[chance(90) ? below(NSHORT) : NSHORT + below(2)];
  }
  for(int i = 0; i < ncomp; i++){
    if(i > 0)
      putstr(pathbuf, &n, chance(90) ? "/" : "//");
    putstr(pathbuf, &n, comp[i]);
  }
  if(chance(5))
    putstr(pathbuf, &n, "/");
  return pathbuf;
}

// ---------------------------------------------------------------------
// The canaries.

// A worker's own canary pages must survive whatever its children did.
static void
checkpriv(void)
{
  if(me.depth != 0)
    return;
  for(int i = NSCRATCH; i < NCANARY; i++){
    int j = badword(i, me.privsalt + i);
    if(j >= 0)
      FAIL("isolation: worker's private canary page %d word %d changed by a child "
           "(0x%llx, expected 0x%llx)", i, j,
           (unsigned long long)((uint64*)(canary + (uint64)i * PGSIZE))[j],
           (unsigned long long)cword(me.privsalt + i, i, j));
  }
}

static void
newprivsalt(void)
{
  me.privsalt = rnd();
  for(int i = NSCRATCH; i < NCANARY; i++)
    fillpage(i, me.privsalt + i);
}

// Stores and loads from user mode, between system calls: COW breaks on
// the canary pages, lazy and eager heap pages.
static void
touch(void)
{
  switch(below(5)){
  case 0: {
    long n = (me.depth == 0 ? NSCRATCH : NCANARY) * (long)PGSIZE;
    *(uint64*)(canary + (below(n) & ~7)) = rnd();
    break;
  }
  case 1:
    if(me.cur > me.base){
      ((volatile char*)me.base)[below(me.cur - me.base)] = (char)rnd();
      me.touched++;
    }
    break;
  case 2:
    if(me.lazyhi > me.lazylo){
      (void)((volatile char*)me.lazylo)[below(me.lazyhi - me.lazylo)];
      me.touched++;
    }
    break;
  case 3:
    if(me.depth == 0)
      newprivsalt();
    break;
  case 4: {
    // An atomic store (AMO, or LR/SC) to a COW or lazy page.
    long n = (me.depth == 0 ? NSCRATCH : NCANARY) * (long)PGSIZE;
    uint64 *w = (uint64*)(canary + (below(n) & ~7));
    if(me.lazyhi > me.lazylo && chance(30)){
      w = (uint64*)(uintptr)((me.lazylo + below(me.lazyhi - me.lazylo)) & ~7);
      me.touched++;
    }
    // gcc's __sync builtins: one AMO or LR/SC loop on RISC-V, lock
    // xadd/cmpxchg8b on i386 (its __atomic ones would call libatomic).
    if(chance(50))
      __sync_fetch_and_add(w, 1);
    else
      __sync_val_compare_and_swap(w, *w, rnd());
    break;
  }
  }
}

// ---------------------------------------------------------------------
// The calls.

// Shrink the heap back to its base (sbrk takes an int: a step at a time).
static void
shrinkall(void)
{
  while(me.cur > me.base){
    long n = me.cur - me.base < (1L << 30) ? me.cur - me.base : (1L << 30);
    long old = SYS(sys_sbrk(-(int)n, chance(50) ? SBRK_EAGER : SBRK_LAZY));
    if(old != (long)me.cur)
      FAIL("sbrk(-%ld) returned 0x%lx, expected the old break 0x%lx", n, old, me.cur);
    me.cur -= n;
  }
  me.lazylo = me.lazyhi = 0;
  me.eager = me.touched = 0;
}

// A child's heap climbs, lazily, to the very top of user memory
// (TRAPFRAME), and touches pages there: page tables shared with the
// trampoline's, fork and exit of a 256 GiB address space.
static void
op_highheap(void)
{
  const long step = 0x7ffff000;
  uintptr lo = me.cur;

  while(me.cur + step <= TRAPFRAME){
    long old = SYS(sys_sbrk(step, SBRK_LAZY));
    if(old != (long)me.cur)
      FAIL("sbrklazy(0x%lx) at 0x%lx returned 0x%lx", step, me.cur, old);
    me.cur += step;
  }
  long n = TRAPFRAME - me.cur;
  long old = SYS(sys_sbrk(n, SBRK_LAZY));
  if(old != (long)me.cur)
    FAIL("sbrklazy(0x%lx) at 0x%lx returned 0x%lx", n, me.cur, old);
  me.cur += n;
  old = SYS(sys_sbrk(chance(50) ? 1 : PGSIZE, chance(50) ? SBRK_LAZY : SBRK_EAGER));
  if(old != -1)
    FAIL("sbrk beyond TRAPFRAME returned 0x%lx", old);
  me.lazylo = lo;
  me.lazyhi = me.cur;
  // The last page below the trap frame, and a few others.
  *(volatile uint64*)(TRAPFRAME - 8) = rnd();
  (void)*(volatile char*)(TRAPFRAME - PGSIZE - 1);
  (void)*(volatile char*)(uintptr)(lo + below(me.cur - lo));
  me.touched += 8;
}

static void
op_sbrk(void)
{
  long n, old;
  int how = SBRK_EAGER;

  switch(below(8)){
  case 0:
    n = 0;
    how = chance(50) ? SBRK_EAGER : (int)rnd();
    break;
  case 1: case 2:
    n = chance(60) ? PGSIZE * (1 + (long)below(8)) : 1 + (long)below(3 * PGSIZE);
    if(me.eager + n / PGSIZE + 1 > EAGERMAX || me.cur + n - me.base > LAZYMAX){
      shrinkall();
      return;
    }
    break;
  case 3: case 4: {
    static const long sizes[] = { PGSIZE, 10 * PGSIZE, 1 << 20, 1 << 24, 1 << 28, 1 << 30,
                                  12345, 3 * PGSIZE + 1 };
    n = sizes[below(NELEM(sizes))];
    if(me.cur + n - me.base > LAZYMAX){
      shrinkall();
      return;
    }
    how = SBRK_LAZY;
    break;
  }
  case 5: case 6:
    n = -(long)below(me.cur - me.base + 1 < 0x7fffffff ? me.cur - me.base + 1 : 0x7fffffff);
    how = chance(50) ? SBRK_EAGER : SBRK_LAZY;
    break;
  default:
    shrinkall();
    return;
  }
  old = SYS(sys_sbrk((int)n, how));
  if(old == -1 && n > 0)
    return;   // out of memory: allowed
  if(old != (long)me.cur)
    FAIL("sbrk(%ld, %d) returned 0x%lx, expected the old break 0x%lx", n, how, old, me.cur);
  if(n > 0 && how == SBRK_LAZY){
    me.lazylo = me.cur;
    me.lazyhi = me.cur + n;
  } else if(n > 0){
    me.eager += n / PGSIZE + 1;
  }
  if(n > 0 && PGROUNDUP(me.cur) < me.cur + n){
    // New pages are zero: nothing of another process shows through. (The
    // rest of the page the old break was in is ours from before.)
    uintptr lo = PGROUNDUP(me.cur), hi = me.cur + n;
    uintptr at[3] = { lo, (hi - 8) & ~7, (lo + below(hi - lo)) & ~7 };
    for(int i = 0; i < 3; i++)
      if(at[i] >= lo && *(uint64*)at[i] != 0)
        FAIL("new heap memory at 0x%lx is not zero (0x%llx), sbrk(%ld, %d)",
             at[i], (unsigned long long)*(uint64*)at[i], n, how);
    me.touched += 3;
  }
  me.cur += n;
  if(me.lazyhi > me.cur)
    me.lazyhi = me.cur;
  if(me.lazylo >= me.lazyhi)
    me.lazylo = me.lazyhi = 0;
  if(me.cur == me.base)
    me.eager = me.touched = 0;
  // A shrink leaves fewer pages behind than it may have touched; only a
  // shrink to the base resets the count.
}

static char elfpath[MAXPATH * 2];   // the last file craftelf() wrote

// Write an ELF executable that exec may or may not accept (the header is
// the whole file); if it does, its segments are never executable, so the
// image faults at its first instruction. Offsets stay below 4 GiB.
static void
craftelf(int fd, const char *path)
{
  struct elfhdr *eh = (struct elfhdr*)junk;
  struct proghdr *ph = (struct proghdr*)(junk + 64);
  int n = 64 + 2 * sizeof(*ph);

  if(path != pathbuf)
    return;
  strcpy(elfpath, path);

  memset(junk, 0, n);
  eh->magic = chance(95) ? ELF_MAGIC : (uint)rnd();
  eh->elf[ELF_CLASS_BYTE] = ELF_CLASS_VALUE;   // this machine's class and number
  eh->machine = ELF_MACHINE;
  eh->entry = chance(50) ? below(3 * PGSIZE) : rnd();
  eh->phoff = chance(85) ? 64 : below(1L << 20);
  eh->phentsize = chance(95) ? sizeof(*ph) : below(100);
  eh->phnum = chance(80) ? 1 + below(2) : (chance(50) ? 0 : 0xffff);
  for(int i = 0; i < 2; i++){
    ph[i].type = chance(90) ? ELF_PROG_LOAD : below(8);
    ph[i].flags = chance(50) ? ELF_PROG_FLAG_READ : ELF_PROG_FLAG_READ | ELF_PROG_FLAG_WRITE;
    ph[i].off = chance(80) ? 0 : below(1L << 20);
    ph[i].vaddr = chance(70) ? i * 2 * PGSIZE : (chance(50) ? below(1L << 20) : rnd());
    ph[i].filesz = chance(70) ? below(n + 1) : below(2 * PGSIZE);
    ph[i].memsz = chance(80) ? ph[i].filesz + below(4 * PGSIZE) : below(PGSIZE);
    if(chance(5)){
      // Past TRAPFRAME, or wrapping around: refused before any allocation
      // (never a size that would take all of memory for a moment).
      ph[i].memsz = chance(50) ? TRAPFRAME - ph[i].vaddr + PGSIZE : ~0ULL - PGSIZE;
    }
  }
  SYS(write(fd, junk, n));
}

static void
op_open(void)
{
  static const int modes[] = {
    O_RDONLY, O_RDONLY, O_WRONLY, O_RDWR, O_CREATE | O_RDWR, O_CREATE | O_WRONLY,
    O_CREATE | O_TRUNC | O_RDWR, O_TRUNC | O_WRONLY, O_CREATE, O_RDONLY | O_TRUNC,
  };
  static struct stat st;
  int mode = chance(8) ? (int)rnd() : modes[below(NELEM(modes))];
  char *path = mkpath((mode & (O_CREATE | O_TRUNC)) != 0);
  int want = lowestfree(-1);

  int fd = SYS(open(path, mode));
  if(fd < 0)
    return;
  if(fd != want)
    FAIL("open returned fd %d, but the lowest free one is %d", fd, want);
  memset(&st, 0xa5, sizeof(st));
  if(SYS(fstat(fd, &st)) != 0)
    FAIL("fstat of fd %d, just opened, failed", fd);
  int kind = st.type == T_DIR ? K_DIR : st.type == T_FILE ? K_FILE :
             st.type == T_DEVICE ? K_DEV : -1;
  if(kind < 0)
    FAIL("fstat of fd %d gave type %d", fd, st.type);
  int rd = !(mode & O_WRONLY);
  int wr = (mode & O_WRONLY) || (mode & O_RDWR);
  if(kind == K_DIR && wr)
    FAIL("a directory was opened for writing (mode 0x%x)", mode);
  fdset(fd, kind, rd, wr, 0);
  if(kind == K_FILE && wr && (mode & O_TRUNC) && chance(30))
    craftelf(fd, path);
}

static void
op_close(void)
{
  int fd = pickfd();
  long r = SYS(close(fd));
  if(isopen(fd)){
    if(r != 0)
      FAIL("close(%d) of an open fd returned %ld", fd, r);
    fdclear(fd);
  } else if(r != -1){
    FAIL("close(%d) of a closed fd returned %ld", fd, r);
  }
}

static void
op_dup(void)
{
  int fd = pickfd();
  int want = isopen(fd) ? lowestfree(-1) : -1;
  long r = SYS(dup(fd));
  if(r != want)
    FAIL("dup(%d) returned %ld, expected %d", fd, r, want);
  if(r >= 0)
    fdset(r, fds[fd].kind, fds[fd].rd, fds[fd].wr, fds[fd].pipe);
}

static uchar
streambyte(struct pipem *p, uint64 pos)
{
  return (uchar)(mix64(p->salt + pos / 8) >> (8 * (pos % 8)));
}

static void
op_read(void)
{
  int fd = pickfd();
  struct uaddr u;
  long len = picklen();
  uchar before[16];

  pickaddr(1, &u);
  if(u.room >= 0 && len > u.room)
    len = u.room;
  struct fdm *m = isopen(fd) ? &fds[fd] : 0;
  struct pipem *p = m && m->kind == K_PIPER ? &pipes[(int)m->pipe] : 0;
  if(p && p->avail == 0 && p->wends > 0 && len != 0)
    return;   // would sleep for good: the write end is ours
  if(u.ro)
    memmove(before, (void*)u.a, sizeof(before));
  touching(&u, len);

  long r = SYS(read(fd, (void*)u.a, (int)len));
  if((!m || !m->rd || len < 0 || m->kind == K_DEV) && r != -1)
    FAIL("read(%d, 0x%lx, %ld) returned %ld, expected -1", fd, u.a, len, r);
  if(len >= 0 && r > len)
    FAIL("read(%d, 0x%lx, %ld) returned %ld, more than asked", fd, u.a, len, r);
  if((u.bad || u.ro) && len > 0 && r > 0)
    FAIL("read(%d) stored %ld bytes at 0x%lx (class %d), which is not writable",
         fd, r, u.a, u.cls);
  if(u.ro && memcmp(before, (void*)u.a, sizeof(before)) != 0)
    FAIL("read(%d) changed read-only memory at 0x%lx", fd, u.a);
  if(!p)
    return;
  if(r > p->avail)
    FAIL("read %ld bytes from a pipe holding %d", r, p->avail);
  if(len >= 0 && u.valid >= len && !oommode){
    long want = len < p->avail ? len : p->avail;
    if(r != want)
      FAIL("read(%d, 0x%lx, %ld) from a pipe holding %d returned %ld", fd, u.a, len,
           p->avail, r);
  }
  if(r <= 0)
    return;
  if(p->clean && u.valid >= r){
    for(long i = 0; i < r; i++){
      uchar want = streambyte(p, p->rpos + i);
      uchar got = ((uchar*)u.a)[i];
      if(got != want)
        FAIL("pipe byte %ld read as 0x%x, written as 0x%x", (long)(p->rpos + i), got, want);
    }
  }
  p->avail -= r;
  p->rpos += r;
}

static void
op_write(void)
{
  int fd = pickfd();
  struct uaddr u;
  long len = picklen();

  pickaddr(0, &u);
  struct fdm *m = isopen(fd) ? &fds[fd] : 0;
  struct pipem *p = m && m->kind == K_PIPEW ? &pipes[(int)m->pipe] : 0;
  int streamed = 0;   // the len bytes at u.a are the pipe's stream
  if(m && m->kind == K_FILE && len > 2048 && !chance(8))
    len = below(2048);   // keep the disk from filling up at once
  if(p && p->rends > 0){
    long space = PIPESZ - p->avail;
    if(len > space){
      // A write that fills the pipe sleeps until we read: only one that
      // fails on its first byte may be longer than the room left.
      if(space == 0 || !u.bad)
        len = space;
    }
    if(len > 0 && u.cls == A_JUNK && u.valid >= len){
      for(long i = 0; i < len; i++)
        ((uchar*)u.a)[i] = streambyte(p, p->wpos + i);
      streamed = 1;
    }
  }
  touching(&u, len);

  long r = SYS(write(fd, (void*)u.a, (int)len));
  if((!m || !m->wr || len < 0 || m->kind == K_DEV) && r != -1)
    FAIL("write(%d, 0x%lx, %ld) returned %ld, expected -1", fd, u.a, len, r);
  if(len >= 0 && r > len)
    FAIL("write(%d, 0x%lx, %ld) returned %ld, more than asked", fd, u.a, len, r);
  if(m && m->wr && u.bad && len > 0 && r != -1)
    FAIL("write(%d) from bad address 0x%lx returned %ld", fd, u.a, r);
  if(!p)
    return;
  if(p->rends > 0 && len >= 0 && u.valid >= len && r != len && !oommode)
    FAIL("write(%d, 0x%lx, %ld) to a pipe with room %d returned %ld", fd, u.a, len,
         PIPESZ - p->avail, r);
  if(r <= 0)
    return;
  // Anything else (other memory, or junk's last bytes and what follows
  // it) is not the stream, even where the kernel could read it all.
  if(!streamed)
    p->clean = 0;
  p->avail += r;
  p->wpos += r;
  if(p->avail > PIPESZ)
    FAIL("a pipe took %d bytes, more than it holds", p->avail);
}

static void
op_pipe(void)
{
  struct uaddr u;
  int i;

  pickaddr(1, &u);
  if(u.room >= 0 && u.room < 8){
    u.a = (uintptr)junk;
    u.valid = u.room = JUNKSZ;
    u.cls = A_JUNK;
  }
  touching(&u, 8);
  int want0 = lowestfree(-1);
  int want1 = want0 < 0 ? -1 : lowestfree(want0);
  long r = SYS(pipe((int*)u.a));
  if(r != 0){
    if(r != -1)
      FAIL("pipe returned %ld", r);
    return;
  }
  if(u.bad || u.ro)
    FAIL("pipe stored its fds at 0x%lx (class %d), which is not writable", u.a, u.cls);
  int f0 = ((int*)u.a)[0], f1 = ((int*)u.a)[1];
  if(f0 != want0 || f1 != want1)
    FAIL("pipe gave fds %d %d, expected %d %d", f0, f1, want0, want1);
  for(i = 0; i < NOFILE; i++)
    if(pipes[i].rends == 0 && pipes[i].wends == 0)
      break;
  memset(&pipes[i], 0, sizeof(pipes[i]));
  pipes[i].clean = 1;
  pipes[i].salt = rnd();
  fdset(f0, K_PIPER, 1, 0, i);
  fdset(f1, K_PIPEW, 0, 1, i);
}

// Pick an address for the kernel to store a struct of size bytes into:
// one with room for only part of it is replaced by the junk buffer (a
// partial store there is legal, and the model could not check it).
static void
pickstructaddr(struct uaddr *u, int size)
{
  pickaddr(1, u);
  if(u->room >= 0 && u->room < size){
    u->a = (uintptr)junk;
    u->valid = u->room = JUNKSZ;
    u->cls = A_JUNK;
    u->ro = u->bad = 0;
  }
  touching(u, size);
}

static void
op_fstat(void)
{
  int fd = pickfd();
  struct uaddr u;

  pickstructaddr(&u, sizeof(struct stat));
  long r = SYS(fstat(fd, (struct stat*)u.a));
  struct fdm *m = isopen(fd) ? &fds[fd] : 0;
  int pipe = m && (m->kind == K_PIPER || m->kind == K_PIPEW);
  if((!m || pipe || u.bad) && r != -1)
    FAIL("fstat(%d, 0x%lx) returned %ld, expected -1", fd, u.a, r);
  if(m && !pipe && u.valid >= (long)sizeof(struct stat)){
    if(r != 0 && !oommode)
      FAIL("fstat(%d, 0x%lx) failed", fd, u.a);
    if(r != 0)
      return;
    struct stat *st = (struct stat*)u.a;
    int want = m->kind == K_DIR ? T_DIR : m->kind == K_FILE ? T_FILE : T_DEVICE;
    if(st->type != want)
      FAIL("fstat(%d) says type %d, the fd was opened as type %d", fd, st->type, want);
  }
}

static void
op_link(void)
{
  static char old[MAXPATH * 2];
  char *p = mkpath(1);
  if(p == pathbuf){
    strcpy(old, p);
    p = old;
  }
  SYS(link(p, mkpath(1)));
}

static void
op_unlink(void)
{
  SYS(unlink(mkpath(1)));
}

static void
op_mkdir(void)
{
  SYS(mkdir(mkpath(1)));
}

static void
op_mknod(void)
{
  static const short majors[] = { 0, 2, 3, 9, NDEV, -1, 100, 32767, -32768 };
  short major = chance(80) ? majors[below(NELEM(majors))] : (short)rnd();
  if(major == CONSOLE_MAJOR)
    major = 0;
  SYS(mknod(mkpath(1), major, (short)rnd()));
}

// chdir to dir, which no one removes: it fails only while the kernel's
// table of in-memory inodes (NINODE) is full, so try again for a while.
static void
safechdir(char *dir)
{
  for(int i = 0; SYS(chdir(dir)) != 0; i++){
    if(i == 500)
      FAIL("chdir(%s) keeps failing", dir);
    pause(1);
  }
  me.cwdsafe = 1;
}

static void
op_chdir(void)
{
  static char where[48];
  int n = 0;

  if(chance(50)){
    // Directories no one removes: each must work.
    switch(below(5)){
    case 0: putstr(where, &n, me.mydir); break;
    case 1: putstr(where, &n, topdir); break;
    case 2: putstr(where, &n, "/"); break;
    case 3:
      putstr(where, &n, topdir);
      putstr(where, &n, "/w");
      putnum(where, &n, below(nworkers));
      break;
    default:
      // "." is safe only if the cwd is; else it may be removed already.
      if(!me.cwdsafe){
        SYS(chdir("."));
        return;
      }
      putstr(where, &n, ".");
      break;
    }
    safechdir(where);
    return;
  }
  // The new cwd may be removed by another process: lookups in it must
  // then fail, never panic.
  if(SYS(chdir(mkpath(0))) == 0)
    me.cwdsafe = 0;
}

static void
op_memstat(void)
{
  struct uaddr u;

  pickstructaddr(&u, sizeof(struct memstat));
  long r = SYS(memstat((struct memstat*)u.a));
  if(u.bad && r != -1)
    FAIL("memstat(0x%lx) returned %ld, expected -1", u.a, r);
  if(u.valid >= (long)sizeof(struct memstat)){
    struct memstat *ms = (struct memstat*)u.a;
    if(r != 0 && !oommode)
      FAIL("memstat(0x%lx) failed", u.a);
    if(r != 0)
      return;
    if(ms->freepages > ms->totalpages || ms->totalpages != totalpages)
      FAIL("memstat: %llu free of %llu pages (%llu at start)", (unsigned long long)ms->freepages,
           (unsigned long long)ms->totalpages, (unsigned long long)totalpages);
    // One snapshot (kalloc.c takes kmem.lock): every frame not free was
    // allocated and not yet freed.
    if(ms->totalpages - ms->freepages != ms->allocs - ms->frees)
      FAIL("memstat: %llu of %llu pages in use, but %llu allocated and %llu freed",
           (unsigned long long)(ms->totalpages - ms->freepages), (unsigned long long)ms->totalpages,
           (unsigned long long)ms->allocs, (unsigned long long)ms->frees);
  }
}

// pmap() of this process, of a neighbour (parent, siblings, children: the
// pids next to ours, which may be running, exiting or gone) or of a
// garbage pid, from a random address into a random buffer. The records
// that come back must describe an address space.
static void
op_pmap(void)
{
  struct uaddr u;
  int n = below(4);
  int pid = me.pid;

  pickstructaddr(&u, n * sizeof(struct pmapent));
  if(chance(40))
    pid = me.pid - 3 + below(7);
  else if(chance(20))
    pid = (int)rnd();
  // pmap takes a pointer-sized address: a random one is as wide.
  uintptr va = chance(50) ? (uintptr)rnd() : (chance(50) ? 0 : me.base) + below(64) * PGSIZE;
  long r = SYS(pmap(pid, va, (struct pmapent*)u.a, n));
  if(r < -1 || r > n)
    FAIL("pmap(%d, 0x%lx, 0x%lx, %d) returned %ld", pid, (unsigned long)va, (unsigned long)u.a, n, r);
  if(u.bad && n > 0 && r != -1)
    FAIL("pmap stored records at 0x%lx (class %d), which is not writable", (unsigned long)u.a, u.cls);
  if(pid == me.pid && n > 0 && u.valid >= n * (long)sizeof(struct pmapent) && r < 1 &&
     !oommode)
    FAIL("pmap(%d, 0x%lx, 0x%lx, %d) of itself returned %ld", pid, (unsigned long)va, (unsigned long)u.a, n, r);
  if(r <= 0 || u.valid < r * (long)sizeof(struct pmapent))
    return;
  struct pmapent *e = (struct pmapent*)u.a;
  uint64 next = PGROUNDDOWN(va);
  for(int i = 0; i < r; i++){
    int end = e[i].flags & PMAP_END;
    if(e[i].va != next && !(end && e[i].va < next))
      FAIL("pmap record %d at va 0x%lx, expected 0x%lx", i, (unsigned long)e[i].va, (unsigned long)next);
    if((end && i != r - 1) || (!end && e[i].npages == 0) ||
       (e[i].flags & PMAP_LAZY ? e[i].ref != 0 : !end && e[i].ref < 1))
      FAIL("pmap record %d: va 0x%lx pages %lu flags 0x%x ref %d", i, (unsigned long)e[i].va, (unsigned long)e[i].npages,
           e[i].flags, e[i].ref);
    next = e[i].va + e[i].npages * PGSIZE;
  }
}

static void
op_misc(void)
{
  long r;

  switch(below(4)){
  case 0: {
    static const int ticks[] = { 0, 1, 2, -1, -2147483647 - 1 };
    r = SYS(pause(ticks[below(NELEM(ticks))]));
    if(r != 0)
      FAIL("pause returned %ld", r);
    break;
  }
  case 1:
    r = SYS(uptime());
    if((uint)r < me.lastup)
      FAIL("uptime went back from %u to %u", me.lastup, (uint)r);
    me.lastup = r;
    break;
  case 2:
    r = SYS(getpid());
    if(r != me.pid)
      FAIL("getpid returned %ld, expected %d", r, me.pid);
    break;
  default:
    r = SYS(getNumFreePages());
    if(r < 0 || r > (long)totalpages)
      FAIL("getNumFreePages returned %ld of %llu", r, (unsigned long long)totalpages);
    break;
  }
}

// System calls by number, with garbage where the kernel must ignore it.
static void
op_raw(void)
{
  static const uint64 nums[] = {
    0, SYS_vmdebug + 1, SYS_vmdebug + 2, 31, 64, 255, 1000, 0x7fffffff, 0xffffffff,
    WIDE((1ULL << 32) | SYS_getpid, 0x80000000ULL | SYS_getpid),
    WIDE((1ULL << 32) | SYS_fork, 0x80000000ULL | SYS_fork), ~0ULL, 1ULL << 63, -(uint64)SYS_exit,
  };
  uint64 hi = rnd() & ~0xffffffffULL;
  long r;

  switch(below(10)){
  case 8: case 9: {
    // Every other register full of garbage across a call (a sleep in
    // pause(1) switches to other processes): all must come back.
    static const uint64 safe[] = {
      SYS_getpid, SYS_uptime, SYS_pause, SYS_pause, SYS_getNumFreePages, SYS_sbrk, 1000,
    };
    uint64 num = safe[below(NELEM(safe))];
    r = SYS(regcheck(num, num == SYS_pause ? below(2) : 0, rnd()));
    if(r != 0)
      FAIL("%ld registers changed across system call %llu", r, (unsigned long long)num);
    break;
  }
  case 0:
    r = SYS(rawsys(nums[below(NELEM(nums))], rnd(), rnd(), rnd(), rnd(), rnd(), rnd()));
    if(r != -1)
      FAIL("unknown system call returned %ld", r);
    break;
  case 1:
    r = SYS(rawsys(SYS_getpid, rnd(), rnd(), rnd(), rnd(), rnd(), rnd()));
    if(r != me.pid)
      FAIL("raw getpid returned %ld, expected %d", r, me.pid);
    break;
  case 2:
    r = SYS(rawsys(SYS_getNumFreePages, rnd(), rnd(), rnd(), rnd(), rnd(), rnd()));
    if(r < 0 || r > (long)totalpages)
      FAIL("raw getNumFreePages returned %ld", r);
    break;
  case 3:
    // The break moves by the low 32 bits only: 0.
    r = SYS(rawsys(SYS_sbrk, hi, rnd(), rnd(), 0, 0, 0));
    if(r != (long)me.cur)
      FAIL("sbrk(0x%llx) returned 0x%lx, expected the break 0x%lx", (unsigned long long)hi, r, me.cur);
    break;
  case 4: {
    int fd = pickfd();
    r = SYS(rawsys(SYS_close, hi | (uint)fd, rnd(), 0, 0, 0, 0));
    if(isopen(fd)){
      if(r != 0)
        FAIL("close(0x%llx) of open fd %d returned %ld", (unsigned long long)(hi | (uint)fd), fd, r);
      fdclear(fd);
    } else if(r != -1){
      FAIL("close(0x%llx) of closed fd %d returned %ld", (unsigned long long)(hi | (uint)fd), fd, r);
    }
    break;
  }
  case 5:
    r = SYS(rawsys(SYS_kill, hi | (0x40000000u + below(1 << 20)), rnd(), 0, 0, 0, 0));
    if(r != -1)
      FAIL("kill of a pid that does not exist returned %ld", r);
    break;
  case 6:
    r = SYS(rawsys(SYS_pause, hi | below(2), rnd(), 0, 0, 0, 0));
    if(r != 0)
      FAIL("pause(0x%llx) returned %ld", (unsigned long long)hi, r);
    break;
  default:
    r = SYS(rawsys(SYS_uptime, rnd(), rnd(), rnd(), rnd(), rnd(), rnd()));
    if((uint)r < me.lastup)
      FAIL("uptime went back from %u to %u", me.lastup, (uint)r);
    me.lastup = r;
    break;
  }
}

// Account for a reaped child's exit status.
static void
reaped(int pid, int havest, int st)
{
  int i;
  for(i = 0; i < me.nkids && me.kids[i] != pid; i++)
    ;
  if(i == me.nkids)
    FAIL("wait returned %d, not a child (children: %d)", pid, me.nkids);
  me.kids[i] = me.kids[--me.nkids];
  me.live--;
  me.gone[me.ngone++ % NELEM(me.gone)] = pid;
  if(havest && st >= 0){
    // The child's calls count against our share, once we know them.
    me.kidcalls += st;
    me.left -= st;
  }
  if(me.live == 0)
    me.nkids = 0;
  checkpriv();
}

static void
op_wait(void)
{
  struct uaddr u;
  int usebuf = chance(75);

  u.a = 0;
  u.valid = 0;
  u.bad = 0;
  if(usebuf){
    pickaddr(1, &u);
    if(u.room >= 0 && u.room < 4){
      u.a = (uintptr)junk;
      u.valid = u.room = JUNKSZ;
      u.bad = 0;
    }
    if(u.a == 0)
      u.bad = 0;   // wait(0): no status wanted
    touching(&u, 4);
  }
  long r = SYS(wait((int*)u.a));
  if(me.live == 0){
    if(r != -1)
      FAIL("wait with no children returned %ld", r);
    return;
  }
  if(r > 0){
    if(u.bad)
      FAIL("wait stored a status at 0x%lx, which is not writable", u.a);
    reaped(r, u.a && u.valid >= 4, u.a && u.valid >= 4 ? *(int*)u.a : 0);
    return;
  }
  if(r != -1 || !u.a || (u.valid >= 4 && !oommode))
    FAIL("wait(0x%lx) returned %ld with %d children", u.a, r, me.live);
  // A bad address: some child was reaped, but we do not know which.
  me.live--;
  if(me.live == 0)
    me.nkids = 0;
  checkpriv();
}

static void
op_kill(void)
{
  int pid, want = -1;   // 2: either answer is right

  switch(below(10)){
  case 0: case 1: case 2: case 3:
    if(me.nkids == 0)
      return;
    pid = me.kids[below(me.nkids)];
    want = me.live == me.nkids ? 0 : 2;   // alive or a zombie until we reap it
    break;
  case 4:
    if(me.ngone == 0)
      return;
    pid = me.gone[below(me.ngone < NELEM(me.gone) ? me.ngone : NELEM(me.gone))];
    break;
  case 5: case 6: {
    static const int pids[] = { 0, -1, -2147483647 - 1, 2147483647, -100 };
    pid = pids[below(NELEM(pids))];
    break;
  }
  case 7:
    pid = 0x40000000 + below(1 << 20);
    break;
  case 8:
    if(me.depth > 0 && chance(25)){
      pid = me.pid;   // ourselves: we die on the way back to user space
      want = 0;
    } else {
      pid = 0x7ffffff0;
    }
    break;
  default:
    // Someone among fuzz's descendants (or no one yet).
    pid = maxpid + 1 + below(64);
    want = 2;
    break;
  }
  long r = SYS(kill(pid));
  if(want != 2 && r != want)
    FAIL("kill(%d) returned %ld, expected %d", pid, r, want);
}

static char *argvbuf[MAXARG + 4];
static const char longarg[] =
  "fz-a-long-argument-fz-a-long-argument-fz-a-long-argument-fz-a-long-argument-"
  "fz-a-long-argument-fz-a-long-argument-fz-a-long-argument-fz-a-long-argument-";

static void
op_exec(void)
{
  struct uaddr u;
  char *path;
  char **av = argvbuf;
  int i, v = below(10);

  // A worker only makes calls that fail before anything is loaded.
  if(me.depth == 0 && v >= 6)
    v = below(6);
  path = mkpath(0);
  argvbuf[0] = "fz";
  argvbuf[1] = "x";
  argvbuf[2] = 0;
  switch(v){
  case 0:
    // argv itself is a bad pointer.
    do
      pickaddr(0, &u);
    while(!u.bad);
    av = (char**)u.a;
    break;
  case 1:
    // An argument is a bad pointer.
    do
      pickaddr(0, &u);
    while(!u.bad);
    argvbuf[1] = (char*)u.a;
    break;
  case 2:
    // Too many arguments: no null pointer within MAXARG entries.
    for(i = 0; i < MAXARG + 2; i++)
      argvbuf[i] = "fz";
    break;
  case 3:
    // An argument longer than a page.
    memset(junk, 'z', PGSIZE + 16);
    argvbuf[1] = junk;
    break;
  case 4:
    path = chance(50) ? "fzmissing" : "/fz.no/such";
    break;
  case 5:
    path = chance(50) ? "." : topdir;   // a directory is no executable
    break;
  case 6:
    av = 0;   // a null argv: refused, never read from address 0 (text)
    break;
  case 7:
    for(i = 0; i < MAXARG - 1; i++)
      argvbuf[i] = (char*)longarg;   // too big for the stack page
    argvbuf[i] = 0;
    break;
  default:
    // Plain: succeeds on a crafted ELF, whose image then faults.
    if(elfpath[0] && chance(60))
      path = elfpath;
    break;
  }
  long r = SYS(exec(path, av));
  if(r != -1)
    FAIL("exec returned %ld", r);
}

static void fuzzloop(void);

// The program op_goodexec writes into a file and execs: it exits with
// status argc * 256 + argv[argc-1][0], so its parent can tell that exec
// passed the arguments right. Machine code: user/lib/ARCH/fuzzarch.S.
extern const char fuzz_goodprog[], fuzz_goodprog_end[];
void fuzz_fault(int n, uint64 addr);
_Static_assert(SYS_exit == 2, "fuzz_goodprog hard-codes SYS_exit");

static int goodmade;   // this process wrote its good program
#define GOODFAIL (-79) // exit status of op_goodexec's child when exec failed

// Returns 1 if exec can push argv (argc strings) on its one stack page,
// computed as kexec's pushargs() does.
static int
argsfit(char **argv, int argc)
{
  long sp = USERSTACK * PGSIZE;
  for(int i = 0; i < argc; i++){
    sp -= strlen(argv[i]) + 1;
    sp -= sp % 16;
    if(sp < 0)
      return 0;
  }
  sp -= (argc + 1) * sizeof(uint64);
  sp -= sp % 16;
  return sp >= 0;
}

// Write the good program, as an ELF file with one R+X segment, to path.
// Returns 0, or -1 if that failed (no fd, inode or block free).
static int
writegoodprog(const char *path)
{
  struct elfhdr *eh = (struct elfhdr*)junk;
  struct proghdr *ph = (struct proghdr*)(junk + sizeof(*eh));
  int code = sizeof(*eh) + sizeof(*ph), len = fuzz_goodprog_end - fuzz_goodprog;

  memset(junk, 0, code);
  eh->magic = ELF_MAGIC;
  eh->elf[ELF_CLASS_BYTE] = ELF_CLASS_VALUE;
  eh->machine = ELF_MACHINE;
  eh->entry = code;
  eh->phoff = sizeof(*eh);
  eh->phentsize = sizeof(*ph);
  eh->phnum = 1;
  ph->type = ELF_PROG_LOAD;
  ph->flags = ELF_PROG_FLAG_READ | ELF_PROG_FLAG_EXEC;
  ph->filesz = code + len;
  ph->memsz = code + len + below(3 * PGSIZE);
  memmove(junk + code, fuzz_goodprog, len);
  int fd = SYS(open(path, O_CREATE | O_TRUNC | O_WRONLY));
  if(fd < 0)
    return -1;
  long r = SYS(write(fd, junk, code + len));
  SYS(close(fd));
  return r == code + len ? 0 : -1;
}

// A child execs a real (tiny) program that fuzz wrote, with random
// arguments, and must exit with the status that proves it got them; or,
// if they cannot fit on its stack, exec must fail.
static void
op_goodexec(void)
{
  static char path[64];
  static char args[MAXARG][2];
  int n = 0;

  if(me.depth >= MAXDEPTH || me.nkids >= MAXKIDS || me.left < 4)
    return;
  putstr(path, &n, me.mydir);
  putstr(path, &n, "/fzx.");
  putnum(path, &n, me.pid);
  if(!goodmade && writegoodprog(path) != 0)
    return;
  goodmade = 1;
  int argc = 1 + below(MAXARG - 1);
  for(int i = 0; i < argc; i++){
    args[i][0] = 'a' + below(26);
    argvbuf[i] = chance(90) ? args[i] : (char*)longarg;
  }
  argvbuf[argc] = 0;
  int fits = argsfit(argvbuf, argc);
  int want = fits ? argc * 256 + (uchar)argvbuf[argc - 1][0] : GOODFAIL;
  int lazy = chance(20);
  long pid = SYS(fork());
  if(pid < 0)
    return;
  if(pid == 0){
    if(lazy)
      sbrklazy(1 << 30);   // exec must free a big, sparse address space
    // exec also fails for want of a free in-memory inode (NINODE) or of
    // memory: try again for a while before giving up.
    for(int i = 0; i < (fits ? 50 : 1); i++){
      exec(path, argvbuf);
      pause(1);
    }
    exit(GOODFAIL);
  }
  me.kids[me.nkids++] = pid;
  me.live++;
  for(;;){
    int st = -2;
    long r = SYS(wait(&st));
    if(r < 0)
      FAIL("wait lost the exec child %ld", pid);
    if(r != pid){
      reaped(r, 1, st);
      continue;
    }
    reaped(r, 0, 0);
    me.kidcalls += 2;
    // Killed (by another worker aiming at fuzz's descendants) is allowed;
    // with -m, so is an exec that found no memory.
    if(st != want && st != -1 && !(oommode && st == GOODFAIL))
      FAIL("exec of a program with %d arguments (%s fit): child exit status %d, "
           "expected %d", argc, fits ? "they" : "they do not", st, want);
    return;
  }
}

// Kill our children and reap every one, checking the canary after each.
static void
reapall(void)
{
  int st;
  for(int i = 0; i < me.nkids; i++)
    SYS(kill(me.kids[i]));
  while(me.live > 0){
    st = -2;
    long r = SYS(wait(&st));
    if(r < 0)
      FAIL("wait found no child, %d expected", me.live);
    reaped(r, 1, st);
  }
}

static void __attribute__((noreturn))
kidexit(void)
{
  if(chance(60))
    reapall();   // else they become orphans, which init reaps
  me.made++;
  exit(me.made + me.kidcalls);
}

// Start life as a child: a model of our own, and no pipes of our
// parent's (using them could block it or us).
static void
kidinit(uint64 kseed, long budget)
{
  me.depth++;
  me.made = 0;
  me.left = budget;
  me.kidcalls = 0;
  me.nkids = me.live = me.ngone = 0;
  fpsize = -1;   // our parent's files are not ours
  goodmade = 0;
  reseed(kseed);
  me.pid = SYS(getpid());
  for(int fd = 0; fd < RESFD; fd++){
    if(fds[fd].kind == K_PIPER || fds[fd].kind == K_PIPEW){
      if(SYS(close(fd)) != 0)
        FAIL("close(%d) of an inherited pipe failed", fd);
      fdclear(fd);
    }
  }
}

// The child side of op_fork: a short life of random calls.
static void __attribute__((noreturn))
kidrun(uint64 kseed, long budget)
{
  kidinit(kseed, budget);
  fuzzloop();
  kidexit();
}

// Byte pos of the stream that op_pipeplay sends under salt.
static uchar
playbyte(uint64 salt, uint64 pos)
{
  return (uchar)(mix64(salt + pos / 8) >> (8 * (pos % 8)));
}

// Send total bytes of the stream into fd, in chunks of random sizes from
// random places (bad ones fail and are tried again). Returns the bytes
// sent: fewer if the read end went away.
static long
playsend(int fd, uint64 salt, long total)
{
  long sent = 0;
  while(sent < total){
    struct uaddr u;
    long n = 1 + below(chance(20) ? 3 * PIPESZ : 64);
    if(n > total - sent)
      n = total - sent;
    pickaddr(0, &u);
    if(!u.bad || chance(70)){
      u.a = (uintptr)junk + below(PGSIZE);
      u.bad = 0;
      for(long i = 0; i < n; i++)
        ((uchar*)u.a)[i] = playbyte(salt, sent + i);
    }
    long r = SYS(write(fd, (void*)u.a, n));
    if(u.bad && r != -1)
      FAIL("pipe write from bad address 0x%lx returned %ld", u.a, r);
    if(u.bad)
      continue;
    if(r <= 0)
      return sent;   // no reader
    if(r > n)
      FAIL("pipe write of %ld bytes returned %ld", n, r);
    sent += r;
    if(r < n)
      return sent;   // the reader went away during the write
  }
  return sent;
}

// Read fd to end of file, in chunks of random sizes into random places,
// checking the stream. Kills pid once after about killat bytes (if
// killat >= 0). Returns the bytes received.
static long
playrecv(int fd, uint64 salt, long killat, int pid)
{
  long got = 0;
  for(;;){
    struct uaddr u;
    long n = 1 + below(chance(20) ? 3 * PIPESZ : 64);
    pickaddr(1, &u);
    if(u.room >= 0 && n > u.room)
      n = u.room;
    if(u.cls == A_HEAP || u.cls == A_LAZY || u.cls == A_BREAK){
      if(me.touched > TOUCHMAX)
        continue;
      touching(&u, n);
    }
    if(killat >= 0 && got >= killat){
      SYS(kill(pid));
      killat = -1;
    }
    long r = SYS(read(fd, (void*)u.a, n));
    if(u.bad || u.ro){
      if(r > 0)
        FAIL("pipe read stored %ld bytes at 0x%lx, which is not writable", r, u.a);
      continue;
    }
    if(r == 0)
      return got;
    if(r < 0 && u.valid >= n && !oommode)
      FAIL("pipe read into 0x%lx (class %d) failed", u.a, u.cls);
    if(r < 0)
      continue;
    if(r > n)
      FAIL("pipe read of %ld bytes returned %ld", n, r);
    if(u.valid >= r)
      for(long i = 0; i < r; i++)
        if(((uchar*)u.a)[i] != playbyte(salt, got + i))
          FAIL("pipe byte %ld arrived as 0x%x, sent as 0x%x", got + i,
               ((uchar*)u.a)[i], playbyte(salt, got + i));
    got += r;
  }
}

// Traffic through a pipe between us and a child, in either direction,
// larger than the pipe: each side sleeps for the other. Sometimes we kill
// the child half-way. The stream arrives whole and in order, or (after
// a kill) a prefix of it does.
static void
op_pipeplay(void)
{
  static int pfd[2];
  if(me.depth >= MAXDEPTH || me.nkids >= MAXKIDS || me.left < 16)
    return;
  int want0 = lowestfree(-1), want1 = want0 < 0 ? -1 : lowestfree(want0);
  if(want1 < 0)
    return;
  if(SYS(pipe(pfd)) != 0)
    return;
  if(pfd[0] != want0 || pfd[1] != want1)
    FAIL("pipe gave fds %d %d, expected %d %d", pfd[0], pfd[1], want0, want1);
  long total = 1 + below(chance(30) ? 16 * PIPESZ : 2 * PIPESZ);
  int kidwrites = chance(50), killit = chance(20);
  uint64 salt = rnd(), kseed = rnd();
  long pid = SYS(fork());
  if(pid < 0){
    SYS(close(pfd[0]));
    SYS(close(pfd[1]));
    return;
  }
  if(pid == 0){
    // The child's exit status says whether all of the stream went through.
    long n;
    kidinit(kseed, 0);
    if(kidwrites){
      SYS(close(pfd[0]));
      n = playsend(pfd[1], salt, total);
    } else {
      SYS(close(pfd[1]));
      n = playrecv(pfd[0], salt, -1, 0);
    }
    me.made++;
    exit(n == total ? me.made : PLAYSHORT);
  }
  me.kids[me.nkids++] = pid;
  me.live++;
  long n;
  if(kidwrites){
    SYS(close(pfd[1]));
    n = playrecv(pfd[0], salt, killit ? (long)below(total) : -1, pid);
    SYS(close(pfd[0]));
  } else {
    SYS(close(pfd[0]));
    if(killit)
      SYS(kill(pid));
    n = playsend(pfd[1], salt, total);
    SYS(close(pfd[1]));
  }
  if(n > total)
    FAIL("%ld bytes of a %ld-byte stream went through a pipe", n, total);
  // Unless someone killed the child (we, or another worker aiming at
  // fuzz's descendants), the whole stream went through.
  for(;;){
    int st = -2;
    long r = SYS(wait(&st));
    if(r < 0)
      FAIL("wait lost the pipe child %ld", pid);
    reaped(r, 1, st);
    if(r != pid)
      continue;
    if(!killit && st != -1 && (st == PLAYSHORT || n != total))
      FAIL("only %ld bytes of a %ld-byte stream went through a pipe (child %s, status %d)",
           n, total, kidwrites ? "writing" : "reading", st);
    return;
  }
}

static void
op_fork(void)
{
  if(me.depth >= MAXDEPTH || me.nkids >= MAXKIDS || me.left < 3)
    return;
  long budget = 1 + below(me.left - 1 < KIDBUDGET ? me.left - 1 : KIDBUDGET);
  uint64 kseed = rnd();
  long pid = SYS(fork());
  if(pid == 0)
    kidrun(kseed, budget);
  if(pid < 0){
    if(pid != -1)
      FAIL("fork returned %ld", pid);
    return;
  }
  me.kids[me.nkids++] = pid;
  me.live++;
  // Our copy of the private canary changes after the fork too.
  if(me.depth == 0 && chance(30))
    newprivsalt();
}

// Faults that must kill: a child dies of one now and then.
static void
op_suicide(void)
{
  int n = below(12);
  switch(n){
  case 0: *(volatile char*)guard = 1; break;
  case 1: (void)*(volatile char*)(guard + 8); break;
  case 2: *(volatile char*)(uintptr)rnd = 1; break;
  case 3: (void)*(volatile char*)(KERNBASE + 64); break;
  case 4: (void)*(volatile char*)(PGROUNDUP(me.cur) + 5 * PGSIZE); break;
  case 5:
    if(PTE_X != 0)
      ((void (*)(void))(uintptr)junk)();   // data is not executable
    else
      (void)*(volatile char*)(KERNBASE + 128);   // no execute bit (i386)
    break;
  default:
    // Six instructions a user may not execute (user/lib/ARCH/fuzzarch.S);
    // the last may use the misaligned address.
    fuzz_fault(n - 6, (uintptr)junk + 1);
    break;
  }
  FAIL("survived a fault (case)");
}


// Bytes of a private file (/fz.SEED/wK/fz.PID, a name no other process
// makes) written and read back at random offsets, lengths and alignments,
// through random memory (COW, lazy), and checked against a copy kept in
// memory.
static void
op_fileplay(void)
{
  static char path[64];
  int n = 0, fd;
  long off = 0;

  putstr(path, &n, me.mydir);
  putstr(path, &n, "/fz.");
  putnum(path, &n, me.pid);
  if(fpsize < 0 || chance(5)){
    fd = SYS(open(path, O_CREATE | O_TRUNC | O_RDWR));
    fpsize = fd < 0 ? -1 : 0;
  } else {
    fd = SYS(open(path, O_RDWR));
  }
  if(fd < 0)
    return;   // out of fds, inodes or disk
  if(fd != lowestfree(-1))
    FAIL("open returned fd %d, but the lowest free one is %d", fd, lowestfree(-1));
  for(int k = 1 + below(6); k > 0; k--){
    struct uaddr u;
    long len = chance(20) ? below(3 * BSIZE + 100) : below(300);
    if(chance(50) && off < fpsize){
      // Read, into memory of a random kind, and compare.
      pickaddr(1, &u);
      if(u.bad || u.ro || u.valid < len || (u.room >= 0 && u.room < len) ||
         ((u.cls == A_HEAP || u.cls == A_LAZY || u.cls == A_BREAK) && me.touched > TOUCHMAX)){
        u.a = (uintptr)junk + below(PGSIZE);
        u.cls = A_JUNK;
      }
      touching(&u, len);
      long r = SYS(read(fd, (void*)u.a, len));
      long want = fpsize - off < len ? fpsize - off : len;
      if(r < 0 && oommode)
        break;
      if(r != want)
        FAIL("read(%d, 0x%lx, %ld) at offset %ld of a %ld-byte file returned %ld",
             fd, u.a, len, off, fpsize, r);
      for(long i = 0; i < r; i++)
        if(((uchar*)u.a)[i] != fpmodel[off + i])
          FAIL("file byte %ld read as 0x%x, written as 0x%x (read of %ld at 0x%lx)",
               off + i, ((uchar*)u.a)[i], fpmodel[off + i], len, u.a);
      off += r;
    } else {
      // Write (never beyond FPMAX), from junk.
      if(off + len > FPMAX)
        len = FPMAX - off;
      uchar *src = (uchar*)junk + below(PGSIZE);
      uchar b = rnd();
      for(long i = 0; i < len; i++)
        src[i] = b + i * 7;
      long r = SYS(write(fd, src, len));
      if(r != len){
        if(r > len)
          FAIL("write(%d, 0x%lx, %ld) returned %ld", fd, (uintptr)src, len, r);
        fpsize = -1;   // the disk is full: start again next time
        break;
      }
      memmove(fpmodel + off, src, len);
      off += len;
      if(off > fpsize)
        fpsize = off;
    }
  }
  if(SYS(close(fd)) != 0)
    FAIL("close(%d) failed", fd);
}

// A call that must succeed, except that a path lookup fails while the
// kernel's table of in-memory inodes (NINODE) or of open files (NFILE) is
// full: try again for a while. Returns what the last try returned.
#define MUST(e) ({ long _r; int _i = 0; \
    while((_r = SYS(e)) < 0 && _i++ < 200) \
      pause(1); \
    _r; })

// The type, link count and inode number of path, by open and fstat.
// Returns 0, or -1 if it cannot be opened.
static int
statpath(const char *path, struct stat *st)
{
  int fd = SYS(open(path, O_RDONLY));
  if(fd < 0)
    return -1;
  if(fd != lowestfree(-1))
    FAIL("open returned fd %d, but the lowest free one is %d", fd, lowestfree(-1));
  long r = SYS(fstat(fd, st));
  SYS(close(fd));
  if(r != 0)
    FAIL("fstat of %s, just opened, failed", path);
  return 0;
}

// statpath() for a path that exists: retries while tables are full.
static void
muststat(const char *path, struct stat *st)
{
  for(int i = 0; statpath(path, st) != 0; i++){
    if(i == 200)
      FAIL("cannot open %s, which exists", path);
    pause(1);
  }
}

// A private directory (/fz.SEED/wK/fzd.PID, which no other process can
// name) with a subdirectory and a file with two names; link counts,
// inode numbers and which calls must fail are all known exactly.
static void
op_dirplay(void)
{
  static char d[64], sub[72], f[72], g[72];
  static struct stat st, st2;
  int n = 0, fd;

  putstr(d, &n, me.mydir);
  putstr(d, &n, "/fzd.");
  putnum(d, &n, me.pid);
  n = 0; putstr(sub, &n, d); putstr(sub, &n, "/sub");
  n = 0; putstr(f, &n, d); putstr(f, &n, "/f");
  n = 0; putstr(g, &n, d); putstr(g, &n, "/g");
  if(lowestfree(-1) < 0)
    return;   // statpath() needs a descriptor
  if(SYS(mkdir(d)) != 0)
    return;   // no free inode or block (or a table is full)
  muststat(d, &st);
  if(st.type != T_DIR || st.nlink != 1)
    FAIL("new directory %s: type %d, %d links", d, st.type, st.nlink);
  int hassub = SYS(mkdir(sub)) == 0, hasf = 0, hasg = 0;
  if(hassub){
    muststat(d, &st);
    if(st.nlink != 2)
      FAIL("a directory with one subdirectory has %d links, expected 2", st.nlink);
  }
  if((fd = SYS(open(f, O_CREATE | O_WRONLY))) >= 0){
    hasf = 1;
    SYS(close(fd));
    hasg = SYS(link(f, g)) == 0;
  }
  if(hasg){
    muststat(f, &st);
    muststat(g, &st2);
    if(st.nlink != 2 || st2.nlink != 2 || st.ino != st2.ino || st.type != T_FILE)
      FAIL("a file with two names: links %d and %d, inodes %d and %d",
           st.nlink, st2.nlink, st.ino, st2.ino);
    if(SYS(link(f, g)) != -1 || SYS(link(d, g)) != -1 || SYS(link(sub, f)) != -1)
      FAIL("link to an existing name, or of a directory, succeeded");
  }
  if((hassub || hasf) && SYS(unlink(d)) != -1)
    FAIL("unlink of a directory that is not empty succeeded");
  if(SYS(mkdir(d)) != -1 || (hasf && SYS(mkdir(f)) != -1))
    FAIL("mkdir of a name that exists succeeded");
  if(hasg){
    char *gone = chance(50) ? f : g, *kept = gone == f ? g : f;
    if(MUST(unlink(gone)) != 0)
      FAIL("unlink of %s failed", gone);
    muststat(kept, &st);
    if(st.nlink != 1)
      FAIL("a file with one name left has %d links", st.nlink);
    if(statpath(gone, &st) == 0)
      FAIL("%s still opens after unlink", gone);
    if(MUST(unlink(kept)) != 0)
      FAIL("unlink of %s failed", kept);
  } else if(hasf && MUST(unlink(f)) != 0){
    FAIL("unlink of %s failed", f);
  }
  if(hasf && statpath(f, &st) == 0)
    FAIL("%s still opens after unlink of all its names", f);
  if(hassub){
    if(MUST(unlink(sub)) != 0)
      FAIL("unlink of an empty subdirectory failed");
    muststat(d, &st);
    if(st.nlink != 1)
      FAIL("a directory whose subdirectory went has %d links, expected 1", st.nlink);
  }
  if(MUST(unlink(d)) != 0)
    FAIL("unlink of an empty directory failed");
  if(statpath(d, &st) == 0)
    FAIL("directory %s still opens after unlink", d);
}

// A big file under a vocabulary name (so anyone may remove it): up to
// MAXFILE blocks, or until the disk is full. The disk runs full now and
// then, and everyone's writes, creates and mkdirs find no free block.
static void
op_fill(void)
{
  int fd = SYS(open(mkpath(1), O_CREATE | O_TRUNC | O_WRONLY));
  if(fd < 0)
    return;
  if(fd != lowestfree(-1))
    FAIL("open returned fd %d, but the lowest free one is %d", fd, lowestfree(-1));
  long total = 0, want = chance(50) ? MAXFILE * BSIZE : below(MAXFILE * BSIZE);
  while(total < want){
    long n = want - total < JUNKSZ ? want - total : JUNKSZ;
    long r = SYS(write(fd, junk, n));
    if(r < 0 || r > n)
      break;
    total += r;
    if(r < n)
      break;   // the disk is full, or the file at MAXFILE
  }
  SYS(close(fd));
}

// -m: a child runs the machine out of memory, for a moment or while it
// makes a few calls (fork, COW and lazy faults, copyout, pipe, exec all
// find no free page). Anyone may be killed meanwhile by a COW or lazy
// fault, workers included: with -m that is no failure (see the top).
static void
op_oom(void)
{
  static void (*const starved[])(void) = {
    op_fork, op_pipe, op_read, op_write, op_exec, op_open, op_sbrk, touch, op_fstat, op_wait,
  };
  long old;

  if(!oommode)
    return;
  if(chance(40)){
    old = SYS(sys_sbrk(0x7fffffff, SBRK_EAGER));
    if(old == -1)
      return;
    if(old != (long)me.cur)
      FAIL("sbrk(0x7fffffff) returned 0x%lx, expected 0x%lx", old, me.cur);
    me.cur += 0x7fffffff;
    shrinkall();
    return;
  }
  for(long chunk = 1L << 24; chunk >= PGSIZE; ){
    old = SYS(sys_sbrk(chunk, SBRK_EAGER));
    if(old == -1){
      chunk /= 2;
      continue;
    }
    if(old != (long)me.cur)
      FAIL("sbrk(0x%lx) returned 0x%lx, expected 0x%lx", chunk, old, me.cur);
    me.cur += chunk;
    me.eager += chunk / PGSIZE;
  }
  for(int k = 1 + below(6); k > 0; k--)
    starved[below(NELEM(starved))]();
  if(chance(50))
    shrinkall();
}

struct op {
  void (*fn)(void);
  int weight;
  int kidonly;
  const char *name;
};

static const struct op ops[] = {
  { op_open, 90, 0, "open" },
  { op_close, 70, 0, "close" },
  { op_dup, 30, 0, "dup" },
  { op_read, 120, 0, "read" },
  { op_write, 120, 0, "write" },
  { op_pipe, 40, 0, "pipe" },
  { op_fstat, 35, 0, "fstat" },
  { op_link, 30, 0, "link" },
  { op_unlink, 60, 0, "unlink" },
  { op_mkdir, 40, 0, "mkdir" },
  { op_mknod, 10, 0, "mknod" },
  { op_chdir, 25, 0, "chdir" },
  { op_fork, 40, 0, "fork" },
  { op_wait, 35, 0, "wait" },
  { op_kill, 25, 0, "kill" },
  { op_exec, 25, 0, "exec" },
  { op_sbrk, 50, 0, "sbrk" },
  { op_memstat, 15, 0, "memstat" },
  { op_pmap, 10, 0, "pmap" },
  { op_misc, 25, 0, "misc" },
  { op_raw, 20, 0, "raw" },
  { kidexit, 4, 1, "kidexit" },
  { op_suicide, 4, 1, "suicide" },
  { op_oom, 3, 1, "oom" },
  { op_fileplay, 30, 0, "fileplay" },
  { op_goodexec, 8, 0, "goodexec" },
  { op_fill, 2, 0, "fill" },
  { op_dirplay, 6, 0, "dirplay" },
  { op_pipeplay, 12, 0, "pipeplay" },
  { op_highheap, 2, 1, "highheap" },
};

static void
fuzzloop(void)
{
  int total = 0;
  for(int i = 0; i < NELEM(ops); i++)
    total += ops[i].weight;
  while(me.left > 0){
    if(me.touched > TOUCHMAX)
      shrinkall();
    if(chance(10))
      touch();
    int w = below(total), i;
    for(i = 0; w >= ops[i].weight; i++)
      w -= ops[i].weight;
    if(ops[i].kidonly && me.depth == 0)
      continue;
    curop = i;
    ops[i].fn();
  }
}

// ---------------------------------------------------------------------
// The main process.

// A worker: k's share of the calls.
static void __attribute__((noreturn))
worker(int k, long quota, int startfd)
{
  int n = 0;

  me.worker = k;
  me.depth = 0;
  reseed(seed ^ mix64(k + 1));
  maxpid = 0;   // a store first: the read below then needs no COW copy
  if(read(startfd, &maxpid, sizeof(maxpid)) != sizeof(maxpid)){
    printf("fuzz: FAILED worker %d got no start signal\n", k);
    failexit();
  }
  close(startfd);
  // The console moves to RESFD; every other fd is free for fuzzing.
  for(;;){
    int d = dup(1);
    if(d == RESFD)
      break;
    if(d < 0){
      printf("fuzz: FAILED worker %d cannot dup the console\n", k);
      failexit();
    }
  }
  for(int fd = 0; fd < RESFD; fd++)
    close(fd);
  outfd = RESFD;
  putstr(me.mydir, &n, topdir);
  putstr(me.mydir, &n, "/w");
  putnum(me.mydir, &n, k);
  me.pid = getpid();
  safechdir(me.mydir);
  me.base = me.cur = (uintptr)sbrk(0);
  me.lastup = uptime();
  newprivsalt();
  me.left = quota;
  fuzzloop();
  curop = NELEM(ops);   // counted apart: the calls that end the run
  reapall();
  checkpriv();
  if(verbose){
    fprintf(outfd, "fuzz: worker %d: %ld calls, %ld by children;", k, me.made, me.kidcalls);
    for(int i = 0; i < NELEM(ops); i++)
      if(opcalls[i])
        fprintf(outfd, " %s %ld/%ld", ops[i].name, opok[i], opcalls[i]);
    fprintf(outfd, " end %ld/%ld", opok[NELEM(ops)], opcalls[NELEM(ops)]);
    fprintf(outfd, "\n");
  }
  exit(me.made + me.kidcalls);
}

static int nremoved;   // names cleanup() removed

// Empty the current directory, recursively. depth bounds the recursion.
static void
rmall(int depth)
{
  static struct dirent de;
  char name[DIRSIZ + 1];

  for(int pass = 0; pass < 1000; pass++){
    int fd = open(".", O_RDONLY), again = 0;
    if(fd < 0)
      return;
    while(read(fd, &de, sizeof(de)) == sizeof(de)){
      if(de.inum == 0)
        continue;
      memmove(name, de.name, DIRSIZ);
      name[DIRSIZ] = 0;
      if(strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
        continue;
      if(unlink(name) == 0){
        nremoved++;
        continue;
      }
      // A directory that is not empty.
      close(fd);
      fd = -1;
      if(depth < 24 && chdir(name) == 0){
        rmall(depth + 1);
        chdir("..");
      }
      again = unlink(name) == 0;
      nremoved += again;
      break;
    }
    if(fd >= 0)
      close(fd);
    if(!again)
      return;
  }
}

// Remove directory tree dir (an absolute path) and come back to "/".
static void
rmtree(char *dir)
{
  if(unlink(dir) == 0)
    return;
  if(chdir(dir) == 0){
    rmall(0);
    chdir("/");
    unlink(dir);
  }
}

// Remove what fuzz made: its directory, the failure mark, and any
// vocabulary name in "/".
static void
cleanup(void)
{
  static char path[DIRSIZ + 2];
  static struct dirent de;

  chdir("/");
  rmtree(topdir);
  unlink(failpath);
  int fd = open("/", O_RDONLY);
  if(fd < 0)
    return;
  while(read(fd, &de, sizeof(de)) == sizeof(de)){
    if(de.inum == 0)
      continue;
    for(int i = 0; i < NELEM(vocab); i++){
      if(strlen(vocab[i]) < DIRSIZ ? strcmp(de.name, vocab[i]) == 0 :
         memcmp(de.name, vocab[i], DIRSIZ) == 0){
        path[0] = '/';
        memmove(path + 1, de.name, DIRSIZ);
        path[DIRSIZ + 1] = 0;
        rmtree(path);
      }
    }
  }
  close(fd);
}

static uint64 mainsalt[NCANARY];
static int failures;

// Check every canary page of the main process.
static void
checkcanary(const char *when)
{
  for(int i = 0; i < NCANARY; i++){
    int j = badword(i, mainsalt[i]);
    if(j >= 0){
      printf("fuzz: FAILED isolation: canary page %d word %d changed %s "
             "(0x%llx, expected 0x%llx)\n", i, j, when,
             (unsigned long long)((uint64*)(canary + (uint64)i * PGSIZE))[j],
             (unsigned long long)cword(mainsalt[i], i, j));
      failures++;
      mainsalt[i] = 0;
      fillpage(i, 0);
    }
  }
}

static long
parsenum(const char *s)
{
  long n = 0;
  if(*s < '0' || *s > '9')
    return -1;
  for(; *s >= '0' && *s <= '9'; s++)
    n = n * 10 + (*s - '0');
  return *s ? -1 : n;
}

static void
usage(void)
{
  printf("usage: fuzz [-p NPROC] [-t TICKS] [-m] [-v] SEED COUNT\n");
  exit(2);
}

// Parse the command line into the configuration; returns COUNT and sets
// *limit (watchdog ticks).
static long
parseargs(int argc, char *argv[], long *limit)
{
  int i;

  *limit = -1;
  for(i = 1; i < argc && argv[i][0] == '-'; i++){
    if(strcmp(argv[i], "-v") == 0)
      verbose = 1;
    else if(strcmp(argv[i], "-m") == 0)
      oommode = 1;
    else if(strcmp(argv[i], "-p") == 0 && i + 1 < argc)
      nworkers = parsenum(argv[++i]);
    else if(strcmp(argv[i], "-t") == 0 && i + 1 < argc)
      *limit = parsenum(argv[++i]);
    else
      usage();
  }
  if(argc - i != 2 || nworkers < 1 || nworkers > MAXWORKERS)
    usage();
  seed = parsenum(argv[i]);
  long count = parsenum(argv[i + 1]);
  if((long)seed < 0 || count < 0)
    usage();
  if(*limit < 0)
    *limit = 6000 + count / 4;   // ticks; generous (see tools/fuzz.py)
  return count;
}

// Make /fz.SEED and the workers' directories (after removing what an
// interrupted run may have left), and the canary pages, filled.
static void
setup(void)
{
  int n = 0;

  putstr(topdir, &n, "/fz.");
  putnum(topdir, &n, seed);
  n = 0;
  putstr(failpath, &n, topdir);
  putstr(failpath, &n, ".fail");
  guard = PGROUNDDOWN(r_sp()) - PGSIZE;
  reseed(seed);

  cleanup();
  if(mkdir(topdir) != 0){
    printf("fuzz: FAILED cannot make %s\n", topdir);
    exit(1);
  }
  for(int k = 0; k < nworkers; k++){
    char dir[48];
    n = 0;
    putstr(dir, &n, topdir);
    putstr(dir, &n, "/w");
    putnum(dir, &n, k);
    if(mkdir(dir) != 0){
      printf("fuzz: FAILED cannot make %s\n", dir);
      exit(1);
    }
  }

  // The canary pages, page-aligned, in the heap.
  uintptr brk = (uintptr)sbrk(0);
  if(sbrk(PGROUNDUP(brk) - brk + NCANARY * PGSIZE) == SBRK_ERROR){
    printf("fuzz: FAILED no memory for the canary\n");
    exit(1);
  }
  canary = (char*)PGROUNDUP(brk);
  for(int i = 0; i < NCANARY; i++){
    mainsalt[i] = rnd();
    fillpage(i, mainsalt[i]);
  }
  struct memstat ms;
  memstat(&ms);
  totalpages = ms.totalpages;
}

static int pids[MAXWORKERS];   // the workers; 0 once reaped
static int dog;                // the watchdog

// Fork the watchdog (which exits after limit ticks) and the workers, then
// let the workers go. They all wait for the start signal first, so that
// the process table still has room for all of them.
static void
startworkers(long count, long limit)
{
  int start[2];

  if(pipe(start) != 0){
    printf("fuzz: FAILED pipe\n");
    exit(1);
  }
  dog = fork();
  if(dog == 0){
    close(start[0]);
    close(start[1]);
    pause(limit);
    exit(0);
  }
  for(int k = 0; k < nworkers; k++){
    pids[k] = fork();
    if(pids[k] == 0){
      close(start[1]);
      worker(k, count / nworkers + (k < count % nworkers), start[0]);
    }
    if(pids[k] < 0){
      printf("fuzz: FAILED fork of worker %d\n", k);
      exit(1);
    }
    // The main process's copy changes after the fork: the worker must
    // keep seeing the old one, and we the new one.
    mainsalt[k % NCANARY] = rnd();
    fillpage(k % NCANARY, mainsalt[k % NCANARY]);
  }
  // No more forks: take private copies of every page we may still write
  // now, while memory is plentiful, so that a COW fault can never kill us
  // (with -m, memory runs out now and then): data and bss, the stack
  // page, the canary (not the guard page between).
  for(uintptr a = PGROUNDDOWN((uintptr)&outfd); a < PGROUNDUP((uintptr)end); a += PGSIZE)
    __atomic_fetch_add((volatile int*)a, 0, __ATOMIC_RELAXED);
  __atomic_fetch_add((volatile int*)PGROUNDDOWN(r_sp()), 0, __ATOMIC_RELAXED);
  for(int i = 0; i < NCANARY; i++)
    __atomic_fetch_add((volatile int*)(canary + (uint64)i * PGSIZE), 0, __ATOMIC_RELAXED);
  maxpid = dog;
  for(int k = 0; k < nworkers; k++)
    if(pids[k] > maxpid)
      maxpid = pids[k];
  int msg[MAXWORKERS];
  for(int k = 0; k < nworkers; k++)
    msg[k] = maxpid;
  write(start[1], msg, nworkers * sizeof(int));
  close(start[0]);
  close(start[1]);
}

// Reap the workers, checking the canary after each. Returns the calls
// they made. If the watchdog goes first, kill them and exit: a hang.
static long
collect(long limit)
{
  long made = 0;
  int i, st;

  for(int nlive = nworkers; nlive > 0; ){
    st = -2;
    int pid = wait(&st);
    if(pid == dog){
      printf("fuzz: FAILED hang: %d of %d workers still running after %ld ticks "
             "(seed %llu)\n", nlive, nworkers, limit, (unsigned long long)seed);
      for(int k = 0; k < nworkers; k++)
        if(pids[k] > 0)
          kill(pids[k]);
      exit(1);
    }
    for(i = 0; i < nworkers && pids[i] != pid; i++)
      ;
    if(i == nworkers){
      printf("fuzz: FAILED wait returned %d, not a worker\n", pid);
      exit(1);
    }
    pids[i] = 0;
    nlive--;
    if(st == -1 && oommode){
      // tools/fuzz.py checks that the kernel killed it for want of memory.
      printf("fuzz: worker %d (pid %d) killed\n", i, pid);
    } else if(st == -1){
      printf("fuzz: FAILED worker %d (pid %d) was killed (seed %llu)\n", i, pid, (unsigned long long)seed);
      failures++;
    } else if(st == FAILSTATUS){
      failures++;   // it printed why
    } else if(st < 0){
      printf("fuzz: FAILED worker %d exited with status %d\n", i, st);
      failures++;
    } else {
      made += st;
    }
    checkcanary("while workers ran");
  }
  kill(dog);
  wait(0);
  return made;
}

// fuzz [-p NPROC] [-t TICKS] [-m] [-v] SEED COUNT: see the top of
// this file. Exits 0 if every check passed, 1 if one failed, 2 on a usage
// error.
int
main(int argc, char *argv[])
{
  long limit, count = parseargs(argc, argv, &limit);

  printf("fuzz: seed %llu, %ld syscalls, %d procs%s\n", (unsigned long long)seed, count, nworkers,
         oommode ? ", out of memory" : "");
  setup();
  // The baseline: what must be free again once every process is gone.
  int before = getNumFreePages();
  uint t0 = uptime();
  startworkers(count, limit);
  long made = collect(limit);
  uint t1 = uptime();
  checkcanary("after the workers exited");

  // Orphans (children of children that exited first) go to init; wait
  // until they have all gone.
  int after = getNumFreePages();
  for(int i = 0; i < SETTLE_TICKS && after != before; i++){
    pause(1);
    after = getNumFreePages();
  }
  int fd = open(failpath, O_RDONLY);
  if(fd >= 0){
    close(fd);
    if(failures == 0)
      printf("fuzz: FAILED a child failed a check (see above)\n");
    failures++;
  }
  nremoved = 0;
  cleanup();
  checkcanary("at the end");
  if(verbose)
    printf("fuzz: cleanup removed %d names\n", nremoved);

  long ticks = (t1 - t0) ? (t1 - t0) : 1;
  printf("fuzz: %ld syscalls in %u ticks (%ld/s); free pages %d before, %d after: "
         "leaked %d\n", made, t1 - t0, made * 100 / ticks, before, after, before - after);
  if(after != before){
    printf("fuzz: FAILED leak: %d pages free before, %d after (%d %s)\n", before, after,
           before > after ? before - after : after - before,
           before > after ? "leaked" : "more free");
    failures++;
  }
  if(failures){
    printf("fuzz: FAILED %d check(s), seed %llu\n", failures, (unsigned long long)seed);
    exit(1);
  }
  printf("fuzz: OK %ld syscalls, %d procs, seed %llu\n", made, nworkers, (unsigned long long)seed);
  exit(0);
}
