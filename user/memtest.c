// memtest: tests of user memory: sbrk and sbrklazy, free-page accounting
// (with the allocator's per-hart caches), system calls given bad
// pointers, and accesses that must kill a process.
// `memtest NAME...` runs some cases.
#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/fcntl.h"
#include "kernel/memlayout.h"
#include "kernel/memstat.h"
#include "user/user.h"
#include "user/testlib.h"

// sbrk(n) returns the old break and gives n bytes of zeroed, writable
// memory; sbrk(-n) gives them back.
static int
test_sbrk(void)
{
  enum { N = 10 };
  int free0 = getNumFreePages();
  char *b0 = sbrk(0);
  char *p = sbrk(N * PGSIZE);
  if(p == SBRK_ERROR)
    return fail("sbrk returned SBRK_ERROR");
  if(p != b0)
    return fail("sbrk did not return the old break");
  if(sbrk(0) != b0 + N * PGSIZE)
    return fail("break did not move by n bytes");
  int free1 = getNumFreePages();
  // N pages, and one level-0 page table if the heap crossed into a new
  // 2 MiB region.
  if(free0 - free1 < N || free0 - free1 > N + 1)
    return failn("pages taken by sbrk(10 pages)", N, free0 - free1);
  for(int i = 0; i < N * PGSIZE; i++)
    if(p[i] != 0)
      return fail("new memory is not zeroed");
  memset(p, 0xee, N * PGSIZE);
  if(sbrk(-N * PGSIZE) != b0 + N * PGSIZE)
    return fail("sbrk(-n) did not return the old break");
  if(sbrk(0) != b0)
    return fail("break did not move back");
  int free2 = getNumFreePages();
  if(free2 - free1 < N || free2 - free1 > N + 1)
    return failn("pages given back by sbrk(-10 pages)", N, free2 - free1);
  // Grow again: the new memory is zeroed, not the old contents.
  p = sbrk(PGSIZE);
  if(p == SBRK_ERROR || p[0] != 0 || p[PGSIZE - 1] != 0)
    return fail("memory grown again is not zeroed");
  sbrk(-PGSIZE);
  return 0;
}

// A sbrk larger than free memory fails with SBRK_ERROR, leaves the break
// where it was and leaks nothing but page-table pages.
static int
test_sbrkfail(void)
{
  int free0 = getNumFreePages();
  char *b0 = sbrk(0);
  int want = free0 + 1000;
  if(want > 0x7fffffff / PGSIZE)         // sbrk takes an int
    want = 0x7fffffff / PGSIZE;
  if(want <= free0)
    return 0;                            // > 2 GiB free: cannot ask for more
  char *p = sbrk(want * PGSIZE);
  char *b1 = sbrk(0);
  int free1 = getNumFreePages();
  if(p != SBRK_ERROR){
    sbrk(-want * PGSIZE);
    return fail("sbrk of more than free memory succeeded");
  }
  if(b1 != b0)
    return fail("failed sbrk moved the break");
  if(free0 - free1 > want / 512 + 2)
    return failn("pages lost by a failed sbrk, at most", want / 512 + 2, free0 - free1);
  return 0;
}

// sbrklazy allocates nothing; each page touched (load or store) costs one
// page; shrinking gives back only what was touched.
static int
test_lazy(void)
{
  enum { N = 100 };
  int free0 = getNumFreePages();
  char *p = sbrklazy(N * PGSIZE);
  if(p == SBRK_ERROR)
    return fail("sbrklazy");
  int free1 = getNumFreePages();
  if(free1 != free0)
    return failn("pages taken by sbrklazy(100 pages)", 0, free0 - free1);
  // The first and last pages bring in the page-table pages.
  p[0] = 1;
  p[(N - 1) * PGSIZE] = 1;
  int free2 = getNumFreePages();
  for(int i = 10; i < 20; i++)
    p[i * PGSIZE + 5] = i;
  int free3 = getNumFreePages();
  if(free2 - free3 != 10)
    return failn("pages taken by writing 10 lazy pages", 10, free2 - free3);
  if(p[50 * PGSIZE + 123] != 0)
    return fail("untouched lazy page does not read as zero");
  int free4 = getNumFreePages();
  if(free3 - free4 != 1)
    return failn("pages taken by reading a lazy page", 1, free3 - free4);
  for(int i = 10; i < 20; i++)
    if(p[i * PGSIZE + 5] != i)
      return fail("lazy page lost its contents");
  sbrk(-N * PGSIZE);
  int free5 = getNumFreePages();
  if(free5 - free4 < 13 || free5 - free4 > 15)
    return failn("pages given back by shrinking (13 touched)", 13, free5 - free4);
  return 0;
}

// The kernel itself may touch lazy pages: read() into one, write() and
// fstat() from and into untouched ones.
static int
test_lazysyscall(void)
{
  enum { N = 8 };
  int fds[2];
  char *p = sbrklazy(N * PGSIZE);
  if(p == SBRK_ERROR)
    return fail("sbrklazy");
  if(pipe(fds) < 0)
    return fail("pipe");
  int w = write(fds[1], "lazy!", 5);
  int r = read(fds[0], p + 2 * PGSIZE - 2, 5);   // straddles two pages
  if(w != 5 || r != 5 || memcmp(p + 2 * PGSIZE - 2, "lazy!", 5) != 0)
    return fail("read() into untouched lazy pages");
  w = write(fds[1], p + 4 * PGSIZE, 100);        // from an untouched page
  char buf[100];
  r = read(fds[0], buf, 100);
  int zero = 1;
  for(int i = 0; i < 100; i++)
    if(buf[i] != 0)
      zero = 0;
  if(w != 100 || r != 100 || !zero)
    return fail("write() from an untouched lazy page did not send zeros");
  struct stat *st = (struct stat*)(p + 6 * PGSIZE);
  if(fstat(1, st) != 0 || st->type != T_DEVICE)   // the console
    return fail("fstat() into an untouched lazy page");
  close(fds[0]);
  close(fds[1]);
  sbrk(-N * PGSIZE);
  return 0;
}

// An address in the guard page below the stack.
static char*
guardpage(void)
{
  return (char*)(PGROUNDDOWN(r_sp()) - PGSIZE + 16);
}

// An address above the break, not mapped.
static char*
abovebreak(void)
{
  return (char*)PGROUNDUP((uintptr)sbrk(0)) + 16 * PGSIZE;
}

// What badbuffer() tries with a buffer.
#define READ_FILE  1
#define READ_PIPE  2
#define WRITE_FILE 4
#define WRITE_PIPE 8
#define ALL_IO     (READ_FILE | READ_PIPE | WRITE_FILE | WRITE_PIPE)

// Try read() of a file and of a pipe into the 10 bytes at p and write()
// of them to a file and to a pipe, as chosen by the flags in how.
// Returns 0 if each returned -1; else prints a FAILED line and returns -1.
static int
badbuffer(char *p, const char *what, int how)
{
  int fds[2];
  int rf = -1, rp = -1, wf = -1, wp = -1;
  int fd = open("memtest.tmp", O_CREATE | O_RDWR);
  if(fd < 0 || pipe(fds) < 0)
    return fail("open/pipe");
  write(fd, "0123456789", 10);
  close(fd);
  fd = open("memtest.tmp", O_RDWR);
  write(fds[1], "0123456789", 10);
  if(how & READ_FILE)
    rf = read(fd, p, 10);
  if(how & READ_PIPE)
    rp = read(fds[0], p, 10);
  if(how & WRITE_FILE)
    wf = write(fd, p, 10);
  if(how & WRITE_PIPE)
    wp = write(fds[1], p, 10);
  close(fd);
  close(fds[0]);
  close(fds[1]);
  unlink("memtest.tmp");
  if(rf != -1 || rp != -1 || wf != -1 || wp != -1){
    printf("test %s: FAILED %s: read file %d, read pipe %d, write file %d, "
           "write pipe %d (all should be -1)\n", testname, what, rf, rp, wf, wp);
    return -1;
  }
  return 0;
}

// System calls given bad buffers (kernel address, at or above MAXVA,
// TRAPFRAME, unmapped, the guard page, crossing the break) return -1.
static int
test_badptr(void)
{
  char *brk = sbrk(PGSIZE) + PGSIZE;     // the last mapped page ends here
  if(brk == SBRK_ERROR + PGSIZE)
    return fail("sbrk");
  // Each failing badbuffer() prints its own FAILED line: stop at the first.
  if(badbuffer((char*)KERNBASE, "kernel address", ALL_IO) ||
     badbuffer((char*)(KERNBASE + 0x100000), "kernel address + 1 MiB", ALL_IO) ||
     badbuffer((char*)MAXVA, "MAXVA", ALL_IO) ||
     badbuffer((char*)(MAXVA - 4), "MAXVA - 4", ALL_IO) ||
     badbuffer((char*)0xffffffffffff0000L, "sign-extended high address", ALL_IO) ||
     badbuffer((char*)TRAPFRAME, "TRAPFRAME", ALL_IO) ||
     badbuffer((char*)TRAMPOLINE, "TRAMPOLINE", ALL_IO) ||
     badbuffer(abovebreak(), "above the break", ALL_IO) ||
     badbuffer(guardpage(), "guard page", ALL_IO) ||
     // A pipe may take the bytes before the break; a file read or write
     // of one block fails as a whole.
     badbuffer(brk - 5, "crossing the break", READ_FILE | WRITE_FILE))
    return -1;

  if(pipe((int*)KERNBASE) != -1)
    return fail("pipe() into a kernel address");
  if(pipe((int*)(brk - 4)) != -1)
    return fail("pipe() into an array crossing the break");
  if(fstat(1, (struct stat*)KERNBASE) != -1)
    return fail("fstat() into a kernel address");
  if(fstat(1, (struct stat*)MAXVA) != -1)
    return fail("fstat() at MAXVA");
  if(open((char*)KERNBASE, O_RDONLY) != -1)
    return fail("open() of a kernel-address path");
  if(open((char*)MAXVA, O_RDONLY) != -1)
    return fail("open() of a path at MAXVA");
  memcpy(brk - 3, "abc", 3);             // no NUL before the break
  if(open(brk - 3, O_CREATE | O_RDWR) != -1)
    return fail("open() of a path that runs past the break");
  if(unlink("abc") == 0)
    return fail("open() of a path that runs past the break created a file");
  if(mkdir((char*)KERNBASE) != -1 || unlink((char*)KERNBASE) != -1 ||
     chdir((char*)KERNBASE) != -1 || link((char*)KERNBASE, "x") != -1)
    return fail("path system calls given a kernel address");

  int pid = fork();
  if(pid < 0)
    return fail("fork");
  if(pid == 0)
    exit(0);
  int w = wait((int*)KERNBASE);
  int w2 = wait(0);       // reap the child whichever way the first went
  if(w != -1)
    return failn("wait() storing the status at a kernel address", -1, w);
  if(w2 != pid && w2 != -1)
    return failn("second wait", pid, w2);
  sbrk(-PGSIZE);
  return 0;
}

// read() into the program's own text fails and changes nothing.
static int
test_readtext(void)
{
  char *text = (char*)(uintptr)test_readtext;
  uint64 before = *(uint64*)text;
  int r = badbuffer(text, "text page", READ_FILE | READ_PIPE);
  if(*(uint64*)text != before)
    return fail("text changed");
  int fds[2];
  if(pipe((int*)(uintptr)test_readtext) != -1)
    return fail("pipe() into text");
  if(pipe(fds) == 0){
    close(fds[0]);
    close(fds[1]);
  }
  return r;
}

// The bad accesses a child makes in test_kills.
// The address goes through a volatile so that the compiler cannot see a
// constant (0, say) and put a trap instruction in place of the access.
static void load(uintptr va) { volatile uintptr a = va; (void)*(volatile char*)a; }
static void store(uintptr va) { volatile uintptr a = va; *(volatile char*)a = 1; }
static void guardload(void) { load((uintptr)guardpage()); }
static void guardstore(void) { store((uintptr)guardpage()); }
static void breakload(void) { load((uintptr)abovebreak()); }
static void breakstore(void) { store((uintptr)abovebreak()); }
static void store0(void) { store(0); }
static void trapframeload(void) { load(TRAPFRAME); }
static void trapframestore(void) { store(TRAPFRAME); }
static void trampolineload(void) { load(TRAMPOLINE); }
static void kernelload(void) { load(KERNBASE); }
static void kernelstore(void) { store(KERNBASE + 0x200000); }
static void maxvaload(void) { load(MAXVA); }
static void highload(void) { load(~(uintptr)0xff); }
static void textstore(void) { store((uintptr)textstore); }

static void
runat(uintptr va)
{
  volatile uintptr a = va;
  void (*f)(void) = (void (*)(void))a;
  f();
}

static void trampolinerun(void) { runat(TRAMPOLINE); }
static void unmappedrun(void) { runat((uintptr)abovebreak()); }

// Jump to a "ret" instruction stored in the heap, which is not executable.
static void
heaprun(void)
{
  uint32 *code = (uint32*)sbrk(PGSIZE);
  code[0] = 0x00008067;    // jalr x0, 0(ra): return
  runat((uintptr)code);
}

// Recurse until the stack runs into the guard page.
static int
deep(int n)
{
  volatile char frame[256];
  frame[0] = n;
  if(n > 1000000)
    return 0;
  return deep(n + 1) + frame[0];
}

static void overflow(void) { deep(0); }

// The six instructions a user program may not execute, each machine's
// own (user/lib/ARCH/fuzzarch.S: on RISC-V ebreak, an illegal word, a
// floating-point instruction, reading the cycle counter, sret and a
// misaligned atomic; on i386 int3, ud2, an x87 instruction, rdpmc, hlt
// and lgdt). The kernel saves no floating-point registers, so the FPU
// must stay off for user programs whatever the firmware left it.
void fuzz_fault(int n, uint64 addr);
static char faultjunk[16];
static void forbidden0(void) { fuzz_fault(0, (uintptr)faultjunk + 1); }
static void forbidden1(void) { fuzz_fault(1, (uintptr)faultjunk + 1); }
static void forbidden2(void) { fuzz_fault(2, (uintptr)faultjunk + 1); }
static void forbidden3(void) { fuzz_fault(3, (uintptr)faultjunk + 1); }
static void forbidden4(void) { fuzz_fault(4, (uintptr)faultjunk + 1); }
static void forbidden5(void) { fuzz_fault(5, (uintptr)faultjunk + 1); }

static struct badaccess {
  const char *what;
  void (*fn)(void);
} badaccesses[] = {
  { "load from the guard page", guardload },
  { "store to the guard page", guardstore },
  { "load above the break", breakload },
  { "store above the break", breakstore },
  { "store to address 0", store0 },
  { "load from TRAPFRAME", trapframeload },
  { "store to TRAPFRAME", trapframestore },
  { "load from TRAMPOLINE", trampolineload },
  { "load from a kernel address", kernelload },
  { "store to a kernel address", kernelstore },
  { "load from MAXVA", maxvaload },
  { "load from a sign-extended high address", highload },
  { "store to text", textstore },
  { "jump to TRAMPOLINE", trampolinerun },
  { "jump above the break", unmappedrun },
  { "jump into the heap", heaprun },
  { "stack overflow into the guard page", overflow },
  { "forbidden instruction 0 (ebreak, int3)", forbidden0 },
  { "forbidden instruction 1 (illegal, ud2)", forbidden1 },
  { "forbidden instruction 2 (floating point, x87)", forbidden2 },
  { "forbidden instruction 3 (cycle counter, rdpmc)", forbidden3 },
  { "forbidden instruction 4 (sret, hlt)", forbidden4 },
  { "forbidden instruction 5 (misaligned atomic, lgdt)", forbidden5 },
};

// Each bad access, made by a child, kills the child with status -1 and
// nothing else; the memory of the killed children comes back.
static int
test_kills(void)
{
  int before = getNumFreePages();
  for(int i = 0; i < NELEM(badaccesses); i++){
    int st = inchild(badaccesses[i].fn);
    if(st == INCHILD_NOFORK)
      return fail("fork");
    if(st == INCHILD_NOWAIT)
      return fail("wait");
    if(st != -1){
      printf("test %s: FAILED %s: child status %d (expected -1)\n",
             testname, badaccesses[i].what, st);
      return -1;
    }
  }
  int after = getNumFreePages();
  if(after != before)
    return failn("free pages after the killed children", before, after);
  return 0;
}

#define KL_LINES 300    // most lines the writer prints in killlines
#define KL_WIDTH 200    // bytes per line, newline not counted
#define KL_KILLS 20     // children killed meanwhile

// Print up to KL_LINES lines of KL_WIDTH 'x's, each with one write().
static void
xlines(void)
{
  static char line[KL_WIDTH + 1];
  memset(line, 'x', KL_WIDTH);
  line[KL_WIDTH] = '\n';
  for(int i = 0; i < KL_LINES; i++)
    write(1, line, sizeof(line));
}

// The kernel's kill lines and a user's long lines printed at the same
// time never mix: check.py then finds every kill line whole and every
// line of 'x's KL_WIDTH long (each write goes out as one unit).
static int
test_killlines(void)
{
  int writer = fork();
  if(writer < 0)
    return fail("fork");
  if(writer == 0){
    xlines();
    exit(0);
  }
  // Kill children while the writer writes, then stop the writer.
  int wst = -2, st, w;
  for(int i = 0; i < KL_KILLS; i++){
    int pid = fork();
    if(pid < 0)
      return fail("fork");
    if(pid == 0){
      store0();
      exit(0);
    }
    while((w = wait(&st)) != pid){
      if(w < 0)
        return fail("wait");
      wst = st;   // the writer finished
    }
    if(st != -1)
      return failn("status of a child storing to address 0", -1, st);
    pause(1);
  }
  if(wst == -2){
    kill(writer);
    if(wait(&wst) != writer)
      return fail("wait for the writer");
  }
  if(wst != 0 && wst != -1)
    return failn("writer's status", 0, wst);
  return 0;
}

static void load0(void) { load(0); }

// Reading address 0 is fine: it is the start of the text.
static int
test_load0(void)
{
  int st = inchild(load0);
  if(st == INCHILD_NOFORK)
    return fail("fork");
  if(st != 0)
    return failn("child that read address 0: status", 0, st);
  return 0;
}

#define STEAL_KIDS   4    // children of test_steal, on as many harts as there are
#define STEAL_KEEPER 0    // the child that gives frames back in round 2
#define STEAL_THIEF  1    // the child that must then take them
#define STEAL_WARM   48   // pages each child allocates and frees first
#define STEAL_HELD   48   // pages the keeper gives back: they fit in its hart's cache
#define STEAL_CHUNK  64   // pages a filling child asks for at once while many are free
#define STEAL_SLOW   1024 // free pages below which it asks for one at a time
#define STEAL_TICKS  200  // ticks (2 s) round 2's children wait for each other at most
// Frames one failed sbrk of a page can leave free: uvmalloc() gives back
// the page and a page-table page made for it whose child table could not
// be had (RISC-V's level-1 table).
#define STEAL_LEFT   2
// Free frames allowed while memory is full: what each child's failed sbrk
// left, and the keeper's page and table of round 2 in flight. Frames
// stranded in another hart's cache (up to 64 and 16 zeroed per hart)
// would be many more.
#define STEAL_BOUND  (STEAL_LEFT * (STEAL_KIDS + 1))
// Pages the thief must get in round 2: the keeper's, less the tables its
// own heap needs and the keeper's page and table in flight.
#define STEAL_GOT    (STEAL_HELD - 2 * STEAL_LEFT)

// What a child of test_steal tells its parent after each step.
#define STEP_READY 1    // warmed up
#define STEP_FULL  2    // round 1: sbrk failed
#define STEP_THIEF 3    // round 2: the thief's sbrk failed
#define STEP_KEPT  4    // round 2: the keeper's frames are gone, or it gave up
struct stealrep {
  int step;             // STEP_*
  int id;               // which child
  int err;              // the warm-up's sbrk failed
  int pages;            // pages its last sbrk loop got
  uint64 freeatfail;    // memstat's freepages just after that loop's sbrk failed
  int chunkfails;       // sbrks of STEAL_CHUNK pages that failed (and gave them back)
  int bad;              // memstat readings where allocs - frees != totalpages - freepages
  uint64 inuse, used;   // the first of them: allocs - frees, totalpages - freepages
};

// Read memstat() into *m, counting in r a reading whose frames in use by
// its counts (allocs - frees) are not totalpages - freepages.
static void
stealcount(struct memstat *m, struct stealrep *r)
{
  if(memstat(m) != 0){
    memset(m, 0, sizeof(*m));
    m->totalpages = 1;     // a failed memstat() reads as a mismatch
  }
  if(m->allocs - m->frees != m->totalpages - m->freepages){
    if(r->bad++ == 0){
      r->inuse = m->allocs - m->frees;
      r->used = m->totalpages - m->freepages;
    }
  }
}

// Grow the heap, eagerly, until sbrk of one page fails: STEAL_CHUNK
// pages at a time while more than STEAL_SLOW are free (the DEBUG kernel
// checks every frame after each sbrk: fewer of them), then one page at a
// time. memstat() is read before each sbrk and at once after the last:
// the pages got go in r->pages, the frames free when the last sbrk failed
// in r->freeatfail.
static void
stealfill(struct stealrep *r, struct memstat *m)
{
  r->pages = 0;
  for(;;){
    stealcount(m, r);
    int k = m->freepages > STEAL_SLOW ? STEAL_CHUNK : 1;
    if(sbrk(k * PGSIZE) != SBRK_ERROR)
      r->pages += k;
    else if(k > 1)
      r->chunkfails++;
    else
      break;
  }
  stealcount(m, r);
  r->freeatfail = m->freepages;
}

// A child of test_steal: id, reporting on rep, started and ended by go,
// and cmd (or -1) its round-2 command. While memory is full it stores
// only to its stack page, made its own before (a copy-on-write fault
// would then find no frame and kill it), and frees nothing until told.
static void
stealchild(int id, int rep, int go, int cmd)
{
  struct stealrep r;
  struct memstat m;
  char c;

  memset(&r, 0, sizeof(r));
  r.id = id;
  stealcount(&m, &r);
  // Frames freed now stay in this hart's cache; the keeper also keeps
  // STEAL_HELD pages to give back in round 2 whatever round 1 gives it.
  if(sbrk(STEAL_WARM * PGSIZE) == SBRK_ERROR || sbrk(-STEAL_WARM * PGSIZE) == SBRK_ERROR ||
     (id == STEAL_KEEPER && sbrk(STEAL_HELD * PGSIZE) == SBRK_ERROR))
    r.err = 1;
  r.step = STEP_READY;
  write(rep, &r, sizeof(r));
  if(r.err || read(go, &c, 1) != 1)
    exit(0);

  // Round 1: every child fills memory at once.
  stealfill(&r, &m);
  r.step = STEP_FULL;
  write(rep, &r, sizeof(r));

  // Round 2 (the parent sends the free pages it saw, base): the keeper
  // waits until the thief is running, gives STEAL_HELD pages back to the
  // cache of its hart and stays there, using that cache, until they are
  // gone; the thief, running at the same moment and so on another hart
  // (if there is one), then fills memory again: it gets them only by
  // taking them from the keeper's cache. The thief says it is running by
  // giving back a page, which the keeper sees in the free count.
  int base;
  if(cmd >= 0 && read(cmd, &base, sizeof(base)) == sizeof(base)){
    int t0 = uptime();
    if(id == STEAL_KEEPER){
      while(getNumFreePages() <= base && uptime() - t0 < STEAL_TICKS)
        ;
      sbrk(-STEAL_HELD * PGSIZE);
      while(getNumFreePages() > STEAL_BOUND && uptime() - t0 < 2 * STEAL_TICKS)
        if(sbrk(PGSIZE) != SBRK_ERROR)
          sbrk(-PGSIZE);
      r.step = STEP_KEPT;
    } else {
      sbrk(-PGSIZE);
      // Wait until the keeper's pages are all free: it frees them in one
      // sbrk, but one at a time, and a thief that started half-way could
      // outrun it and find none free for a moment (it failed so on 8 harts).
      while(getNumFreePages() <= base + STEAL_GOT && uptime() - t0 < STEAL_TICKS)
        ;
      stealfill(&r, &m);
      r.step = STEP_THIEF;
    }
    write(rep, &r, sizeof(r));
  }
  read(go, &c, 1);   // end of file: the parent is done
  exit(0);
}

// The first thing test_steal found wrong, kept on the stack until every
// child is gone: printing, or storing to a global, while memory is full
// could need a frame.
struct stealfail {
  const char *why;
  long want, got;
};

static void
stealnote(struct stealfail *f, const char *why, long want, long got)
{
  if(f->why == 0){
    f->why = why;
    f->want = want;
    f->got = got;
  }
}

// Check a child's report r: of step step, and memstat's counts agreed
// at every reading.
static void
stealcheck(struct stealfail *f, struct stealrep *r, int step)
{
  if(r->step != step)
    stealnote(f, "report from a child (step)", step, r->step);
  else if(r->bad)
    stealnote(f, "a child's memstat(): allocs - frees (want totalpages - freepages)",
              r->used, r->inuse);
}

// memstat() in the parent: its counts agree.
static void
stealidentity(struct stealfail *f)
{
  struct memstat m;
  if(memstat(&m) != 0)
    stealnote(f, "memstat", 0, -1);
  else if(m.allocs - m.frees != m.totalpages - m.freepages)
    stealnote(f, "memstat(): allocs - frees (want totalpages - freepages)",
              m.totalpages - m.freepages, m.allocs - m.frees);
}

// Harts run out of frames together, and kalloc() fails only when no frame
// is free on any hart: a hart whose cache and the global list are empty
// takes the other harts' cached frames (ksteal()) while their owners are
// busy with them, which is what the busy/steal handshake in kalloc.c is
// for; and memstat() counts every cache exactly all along (allocs - frees
// = totalpages - freepages at every reading). Round 1: STEAL_KIDS
// children, each with frames in its hart's cache, fill memory at once
// until sbrk fails; each reads memstat() at once, when hardly a page may
// be free (a kalloc() that failed while another hart held frames, stranded
// or just refilled, shows here), and so may it once all have stopped (the
// parent looks). Round 2 strands frames in one hart's cache for certain:
// the keeper frees some and keeps its hart busy allocating and freeing,
// while the thief, running at the same time and so on another hart, must
// take them from that cache. Without stealing, round 2's thief gets none
// of them (and round 1 often leaves some). With one hart it degenerates:
// nothing needs stealing.
static int
test_steal(void)
{
  struct stealfail f;
  struct stealrep r;
  int rep[2], go[2], keep[2], thief[2], n, st, free1 = 0, chunkfails = 0;
  uint64 maxfree = 0;
  char bytes[STEAL_KIDS];

  int free0 = getNumFreePages();
  if(pipe(rep) < 0 || pipe(go) < 0 || pipe(keep) < 0 || pipe(thief) < 0)
    return fail("pipe");
  for(n = 0; n < STEAL_KIDS; n++){
    int pid = fork();
    if(pid < 0)
      break;
    if(pid == 0){
      close(rep[0]);
      close(go[1]);
      close(keep[1]);
      close(thief[1]);
      stealchild(n, rep[1], go[0],
                 n == STEAL_KEEPER ? keep[0] : n == STEAL_THIEF ? thief[0] : -1);
    }
  }
  close(rep[1]);
  close(go[0]);
  close(keep[0]);
  close(thief[0]);
  // Our stack page becomes ours again now, while frames are plentiful.
  memset(&f, 0, sizeof(f));
  memset(&r, 0, sizeof(r));
  memset(bytes, 'g', sizeof(bytes));
  if(n < STEAL_KIDS)
    stealnote(&f, "children forked", STEAL_KIDS, n);

  for(int i = 0; i < n && f.why == 0; i++){
    if(readn(rep[0], &r, sizeof(r)) != sizeof(r))
      stealnote(&f, "a child's report", sizeof(r), 0);
    else if(r.step != STEP_READY || r.err)
      stealnote(&f, "a child's warm-up (step; 0: its sbrk failed)", STEP_READY, r.err ? 0 : r.step);
  }

  // Round 1. Until the children exit, we store to nothing but our stack.
  if(f.why == 0 && write(go[1], bytes, n) != n)
    stealnote(&f, "write", n, -1);
  for(int i = 0; i < n && f.why == 0; i++){
    if(readn(rep[0], &r, sizeof(r)) != sizeof(r)){
      stealnote(&f, "a child's report", sizeof(r), 0);
    } else {
      stealcheck(&f, &r, STEP_FULL);
      if(r.freeatfail > maxfree)
        maxfree = r.freeatfail;
      chunkfails += r.chunkfails;
    }
  }
  // A failed sbrk of a chunk gives pages back, perhaps after another
  // child's last sbrk failed: what that child saw counts if none did.
  if(f.why == 0 && chunkfails == 0 && maxfree > STEAL_BOUND)
    stealnote(&f, "free pages when a child's sbrk failed, at most", STEAL_BOUND, maxfree);
  if(f.why == 0){
    free1 = getNumFreePages();
    if(free1 > STEAL_BOUND)
      stealnote(&f, "free pages with every child out of memory, at most", STEAL_BOUND, free1);
    stealidentity(&f);
  }

  // Round 2.
  if(f.why == 0 && (write(thief[1], &free1, sizeof(free1)) != sizeof(free1) ||
                    write(keep[1], &free1, sizeof(free1)) != sizeof(free1)))
    stealnote(&f, "write", sizeof(free1), -1);
  for(int i = 0; i < 2 && f.why == 0; i++){
    if(readn(rep[0], &r, sizeof(r)) != sizeof(r))
      stealnote(&f, "a child's report", sizeof(r), 0);
    else if(r.step == STEP_THIEF){
      if(r.pages < STEAL_GOT)
        stealnote(&f, "pages the thief got from the keeper's hart's cache, at least",
                  STEAL_GOT, r.pages);
      else if(r.freeatfail > STEAL_BOUND)
        stealnote(&f, "free pages when the thief's sbrk failed, at most",
                  STEAL_BOUND, r.freeatfail);
      stealcheck(&f, &r, STEP_THIEF);
    } else if(r.step != STEP_KEPT)
      stealnote(&f, "report from a child (step)", STEP_KEPT, r.step);
  }
  if(f.why == 0){
    int free2 = getNumFreePages();
    if(free2 > STEAL_BOUND)
      stealnote(&f, "free pages with the thief out of memory, at most", STEAL_BOUND, free2);
    stealidentity(&f);
  }

  // End of file on every pipe a child may wait on: they all exit.
  close(go[1]);
  close(keep[1]);
  close(thief[1]);
  for(int i = 0; i < n; i++)
    if((st = waitstatus()) != 0)
      stealnote(&f, "a child's status (-1: killed)", 0, st);
  close(rep[0]);
  int free3 = getNumFreePages();
  if(free3 != free0)
    stealnote(&f, "free pages after the children exited", free0, free3);
  stealidentity(&f);
  if(f.why)
    return failn(f.why, f.want, f.got);
  return 0;
}

static const struct testcase tests[] = {
  { "sbrk",        test_sbrk },
  { "sbrkfail",    test_sbrkfail },
  { "lazy",        test_lazy },
  { "lazysyscall", test_lazysyscall },
  { "badptr",      test_badptr },
  { "readtext",    test_readtext },
  { "kills",       test_kills },
  { "killlines",   test_killlines },
  { "load0",       test_load0 },
  { "steal",       test_steal },
};

// Run the cases named in argv (all if none). Returns 0 if all passed, else 1.
int
main(int argc, char **argv)
{
  return runtests(tests, NELEM(tests), argc, argv,
                  "ALL TESTS PASSED", "SOME TESTS FAILED");
}
