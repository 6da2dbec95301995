// pmaptest: checks the pmap() system call (kernel/pmap.h) and the pmap
// program: what a fork shares, what a write makes private, lazy pages,
// text, reading in pieces, processes that run, exit or do not exist.
// Each case prints "test NAME: OK" or "test NAME: FAILED why";
// `pmaptest NAME...` runs some.
#include "kernel/types.h"
#include "kernel/memlayout.h"
#include "kernel/pmap.h"
#include "user/user.h"
#include "user/testlib.h"

#define HEAPPAGES 8     // pages of the heap the fork cases share
#define WRITTEN   3     // the one of them the child writes
#define NOPID 999999    // a pid no process has (pids count from 1)

// The flags a case compares: everything but PMAP_END.
#define STATE (PMAP_R | PMAP_W | PMAP_X | PMAP_U | PMAP_COW | PMAP_LAZY)

static struct pmapent recs[PMAP_MAXREC];

// A page-aligned heap of npages pages, each written (backed, private).
// Returns its first byte, or 0.
static char*
heap(int npages)
{
  uint64 brk = (uintptr)sbrk(0);
  if(brk % PGSIZE != 0 && sbrk(PGSIZE - brk % PGSIZE) == SBRK_ERROR)
    return 0;
  char *p = sbrk(npages * PGSIZE);
  if(p == SBRK_ERROR)
    return 0;
  for(int i = 0; i < npages; i++)
    p[i * PGSIZE] = i;
  return p;
}

// Fail unless record e is a run of npages pages from va in state flags
// (compared under STATE) with reference count ref. what names it.
static int
expect(const char *what, struct pmapent *e, uint64 va, uint64 npages, uint flags, int ref)
{
  if(e->va != va || e->npages != npages || (e->flags & (STATE | PMAP_END)) != flags ||
     e->ref != ref){
    printf("test %s: FAILED %s: run va 0x%lx pages %lu flags 0x%x ref %d, "
           "expected va 0x%lx pages %lu flags 0x%x ref %d\n", testname, what, (unsigned long)e->va,
           (unsigned long)e->npages, e->flags, e->ref, (unsigned long)va, (unsigned long)npages,
           flags, ref);
    return -1;
  }
  return 0;
}

// Read process pid's records from va into recs, all in one call. Returns
// how many, or fails (-1) if the call fails or there are more than want.
static int
records(int pid, uint64 va, int want)
{
  int n = pmap(pid, va, recs, PMAP_MAXREC);
  if(n < 0)
    return failn("pmap returned", want, n);
  if(n != want){
    printf("test %s: FAILED pmap(%d, 0x%lx) gave %d records, expected %d:\n", testname,
           pid, (unsigned long)va, n, want);
    for(int i = 0; i < n; i++)
      printf("  va 0x%lx pages %lu flags 0x%x ref %d\n", (unsigned long)recs[i].va,
             (unsigned long)recs[i].npages,
             recs[i].flags, recs[i].ref);
    return -1;
  }
  return n;
}

// A forked child that reports it is ready on its own pipe, then waits
// for orders from the parent: 'w' (write page WRITTEN of the heap p and
// report again) or end of file (exit).
struct child {
  int pid;
  int ready;   // read end: one byte per finished order
  int go;      // write end: orders
};

// Fork a child (struct child above) that shares the heap p. Returns 0,
// or -1 (no child).
static int
forkchild(char *p, struct child *c)
{
  int rp[2], gp[2];
  if(pipe(rp) < 0 || pipe(gp) < 0)
    return fail("pipe");
  c->pid = fork();
  if(c->pid < 0)
    return fail("fork");
  if(c->pid == 0){
    close(rp[0]);
    close(gp[1]);
    char o = 'r';
    write(rp[1], &o, 1);
    while(read(gp[0], &o, 1) == 1){
      if(o == 'w')
        p[WRITTEN * PGSIZE] = 'w';
      write(rp[1], &o, 1);
    }
    exit(0);
  }
  close(rp[1]);
  close(gp[0]);
  c->ready = rp[0];
  c->go = gp[1];
  char o;
  if(read(c->ready, &o, 1) != 1)
    return fail("child did not start");
  return 0;
}

// Give the child order o and wait until it has carried it out. Returns
// 0, or -1.
static int
order(struct child *c, char o)
{
  if(write(c->go, &o, 1) != 1 || read(c->ready, &o, 1) != 1)
    return fail("child did not answer");
  return 0;
}

// Let the child exit and reap it. Returns its exit status.
static int
endchild(struct child *c)
{
  close(c->go);
  close(c->ready);
  return waitstatus();
}

// The end of a case with a child and a heap: let the child exit, reap
// it, give back the heap. Returns -1 if the case failed already (r < 0)
// or the child did not exit with status 0, else 0.
static int
finish(struct child *c, int r)
{
  int st = endchild(c);
  sbrk(-(HEAPPAGES * PGSIZE));
  if(r < 0)
    return -1;
  if(st != 0)
    return failn("child's exit status", 0, st);
  return 0;
}

// The caller's heap: one private, writable run, then the end of memory.
static int
test_self(void)
{
  char *p = heap(HEAPPAGES);
  if(p == 0)
    return fail("sbrk");
  uint64 top = (uintptr)p + HEAPPAGES * PGSIZE;
  if(records(getpid(), (uintptr)p, 2) < 0 ||
     expect("heap", &recs[0], (uintptr)p, HEAPPAGES, PMAP_R | PMAP_W | PMAP_U, 1) < 0)
    return -1;
  if(recs[1].flags != PMAP_END || recs[1].va != top || recs[1].ref != 0)
    return fail("no end record at the top of the heap");
  // The root and the tables down to the heap's leaf table: at least
  // PTLEVELS pages (RISC-V adds those of the trap frame at the top).
  if(recs[1].npages < PTLEVELS)
    return failn("page-table pages", PTLEVELS, recs[1].npages);
  sbrk(-(HEAPPAGES * PGSIZE));
  return 0;
}

// After a fork, parent and child map every heap page copy-on-write, each
// frame with two references.
static int
test_fork(void)
{
  char *p = heap(HEAPPAGES);
  struct child c;
  if(p == 0)
    return fail("sbrk");
  if(forkchild(p, &c) < 0)
    return -1;
  int r = 0;
  int who[2] = { c.pid, getpid() };
  for(int i = 0; i < 2 && r == 0; i++){
    r = records(who[i], (uintptr)p, 2);
    if(r >= 0)
      r = expect(i == 0 ? "child's heap" : "parent's heap", &recs[0], (uintptr)p, HEAPPAGES,
                 PMAP_R | PMAP_U | PMAP_COW, 2);
  }
  return finish(&c, r);
}

// The child writes one shared page: it gets a private copy (count 1,
// writable); the parent keeps the old frame, now with count 1 and still
// marked, until its own write takes it back without a copy.
static int
test_write(void)
{
  char *p = heap(HEAPPAGES);
  struct child c;
  uint64 a = (uintptr)p, w = a + WRITTEN * PGSIZE;
  uint cow = PMAP_R | PMAP_U | PMAP_COW;
  if(p == 0)
    return fail("sbrk");
  if(forkchild(p, &c) < 0)
    return -1;
  int r = order(&c, 'w');
  if(r == 0 && (r = records(c.pid, a, 4)) >= 0)
    r = expect("child's pages below", &recs[0], a, WRITTEN, cow, 2) |
        expect("child's written page", &recs[1], w, 1, PMAP_R | PMAP_W | PMAP_U, 1) |
        expect("child's pages above", &recs[2], w + PGSIZE, HEAPPAGES - WRITTEN - 1, cow, 2);
  if(r >= 0 && (r = records(getpid(), a, 4)) >= 0)
    r = expect("parent's pages below", &recs[0], a, WRITTEN, cow, 2) |
        expect("parent's old frame", &recs[1], w, 1, cow, 1) |
        expect("parent's pages above", &recs[2], w + PGSIZE, HEAPPAGES - WRITTEN - 1, cow, 2);
  if(r >= 0){
    p[WRITTEN * PGSIZE] = 'p';
    if((r = records(getpid(), w, 3)) >= 0)
      r = expect("parent's page after its write", &recs[0], w, 1, PMAP_R | PMAP_W | PMAP_U, 1);
  }
  return finish(&c, r);
}

// Fail unless record e covers npages pages from va with the page-table
// state ptshared (PMAP_PTSHARED or 0) and table count ptref, besides the
// run's state (expect()). what names it.
static int
expectpt(const char *what, struct pmapent *e, uint64 va, uint64 npages, uint flags, int ref,
         uint ptshared, int ptref)
{
  if(expect(what, e, va, npages, flags, ref) < 0)
    return -1;
  if((e->flags & PMAP_PTSHARED) != ptshared || e->ptref != ptref){
    printf("test %s: FAILED %s: table %s, count %d; expected %s, count %d\n", testname, what,
           e->flags & PMAP_PTSHARED ? "shared" : "private", e->ptref,
           ptshared ? "shared" : "private", ptref);
    return -1;
  }
  return 0;
}

// A heap of one whole leaf page table (fork shares it, kernel/vm.c): after
// the fork both processes see it as shared (PMAP_PTSHARED, count 2), its
// writable pages as copy-on-write, not writable (a store faults). The
// child's write gives it its own table (count 1, private; every frame now
// mapped by two tables) and its own page; the parent's table stays
// marked, now with count 1, and the parent's first write takes it back
// without a copy.
static int
test_ptshared(void)
{
  uint64 brk = (uintptr)sbrk(0);
  uint64 a = (brk + LEAFSPAN - 1) & ~(uint64)(LEAFSPAN - 1), w = a + WRITTEN * PGSIZE;
  uint cow = PMAP_R | PMAP_U | PMAP_COW, rw = PMAP_R | PMAP_W | PMAP_U;
  struct child c;
  if(sbrklazy(a - brk) == SBRK_ERROR)
    return fail("sbrk");
  char *p = heap(PTENTRIES);
  if(p != (char*)(uintptr)a)
    return fail("sbrk");
  int r = forkchild(p, &c);
  if(r < 0)
    return -1;
  int who[2] = { c.pid, getpid() };
  for(int i = 0; i < 2 && r >= 0; i++)
    if((r = records(who[i], a, 2)) >= 0)
      r = expectpt(i == 0 ? "child's heap" : "parent's heap", &recs[0], a, PTENTRIES, cow, 1,
                   PMAP_PTSHARED, 2);
  if(r >= 0)
    r = order(&c, 'w');
  if(r >= 0 && (r = records(c.pid, a, 4)) >= 0)
    r = expectpt("child's pages below", &recs[0], a, WRITTEN, cow, 2, 0, 1) |
        expectpt("child's written page", &recs[1], w, 1, rw, 1, 0, 1) |
        expectpt("child's pages above", &recs[2], w + PGSIZE, PTENTRIES - WRITTEN - 1, cow, 2,
                 0, 1);
  if(r >= 0 && (r = records(getpid(), a, 4)) >= 0)
    r = expectpt("parent's pages below", &recs[0], a, WRITTEN, cow, 2, PMAP_PTSHARED, 1) |
        expectpt("parent's old frame", &recs[1], w, 1, cow, 1, PMAP_PTSHARED, 1) |
        expectpt("parent's pages above", &recs[2], w + PGSIZE, PTENTRIES - WRITTEN - 1, cow, 2,
                 PMAP_PTSHARED, 1);
  if(r >= 0){
    p[WRITTEN * PGSIZE] = 'p';
    if((r = records(getpid(), w, 3)) >= 0)
      r = expectpt("parent's page after its write", &recs[0], w, 1, rw, 1, 0, 1);
  }
  int st = endchild(&c);
  sbrk(-(int)((uintptr)sbrk(0) - brk));
  if(r < 0)
    return -1;
  if(st != 0)
    return failn("child's exit status", 0, st);
  return 0;
}

// Run the pmap program with argument arg, its standard output and error
// into out (max bytes, NUL-terminated). Returns its exit status, or -1000
// if it could not be started.
static int
runpmap(char *arg, char *out, int max)
{
  int fds[2];
  if(pipe(fds) < 0)
    return -1000;
  int pid = fork();
  if(pid < 0)
    return -1000;
  if(pid == 0){
    close(1);
    close(2);
    dup(fds[1]);
    dup(fds[1]);
    close(fds[0]);
    close(fds[1]);
    char *argv[] = { "pmap", arg, 0 };
    exec("pmap", argv);
    exit(100);
  }
  close(fds[1]);
  int n = readn(fds[0], out, max - 1);
  // Whatever does not fit is read and dropped, so the program can end.
  char drop[64];
  while(read(fds[0], drop, sizeof(drop)) > 0)
    ;
  close(fds[0]);
  out[n < 0 ? 0 : n] = 0;
  return waitstatus();
}

// A pid that no process has: the call fails, and the program says so on
// its standard error and exits 1. One that exists: both work.
static int
test_nopid(void)
{
  static char out[2048];
  char mine[16];
  int me = getpid();

  int bad[] = { NOPID, 0, -1 };
  for(int i = 0; i < NELEM(bad); i++)
    if(pmap(bad[i], 0, recs, PMAP_MAXREC) != -1 || pmap(bad[i], 0, recs, 0) != -1)
      return failn("pmap of a pid no process has", -1, bad[i]);
  if(pmap(me, 0, recs, 0) != 0)
    return fail("pmap(getpid(), 0, buf, 0) did not return 0");

  int st = runpmap("999999", out, sizeof(out));
  if(st != 1)
    return failn("pmap 999999: exit status", 1, st);
  if(strcmp(out, "pmap: no process 999999\n") != 0){
    printf("test %s: FAILED pmap 999999 said '%s'\n", testname, out);
    return -1;
  }

  int i = sizeof(mine) - 1;
  mine[i] = 0;
  for(int v = me; v > 0 || i == sizeof(mine) - 1; v /= 10)
    mine[--i] = '0' + v % 10;
  st = runpmap(mine + i, out, sizeof(out));
  if(st != 0)
    return failn("pmap of the test's own pid: exit status", 0, st);
  if(strchr(out, '\n') == 0 || out[0] != 'p'){
    printf("test %s: FAILED pmap %s said '%s'\n", testname, mine + i, out);
    return -1;
  }
  return 0;
}

// Pages grown with sbrklazy are lazy, with no frame, until touched.
static int
test_lazy(void)
{
  char *p = heap(0);
  if(p == 0 || sbrklazy(HEAPPAGES * PGSIZE) == SBRK_ERROR)
    return fail("sbrklazy");
  uint64 a = (uintptr)p, t = a + WRITTEN * PGSIZE;
  int r = records(getpid(), a, 2);
  if(r >= 0)
    r = expect("lazy heap", &recs[0], a, HEAPPAGES, PMAP_LAZY, 0);
  if(r >= 0){
    p[WRITTEN * PGSIZE] = 1;
    if((r = records(getpid(), a, 4)) >= 0)
      r = expect("lazy below", &recs[0], a, WRITTEN, PMAP_LAZY, 0) |
          expect("touched", &recs[1], t, 1, PMAP_R | PMAP_W | PMAP_U, 1) |
          expect("lazy above", &recs[2], t + PGSIZE, HEAPPAGES - WRITTEN - 1, PMAP_LAZY, 0);
  }
  sbrk(-(HEAPPAGES * PGSIZE));
  return r < 0 ? -1 : 0;
}

// Text is read-only and executable; a fork shares it as it is, not
// copy-on-write, so that its count goes up and it stays unmarked.
static int
test_text(void)
{
  uint64 text = PGROUNDDOWN((uintptr)test_text);
  // Executable where the machine has an execute bit (not i386 without PAE).
  uint rx = PMAP_R | PMAP_U | (PTE_X ? PMAP_X : 0);
  if(pmap(getpid(), text, recs, 1) != 1)
    return fail("pmap of the text");
  if((recs[0].flags & STATE) != rx || recs[0].ref != 1)
    return failn("text's flags before fork", rx, recs[0].flags);
  struct child c;
  if(forkchild(heap(0), &c) < 0)
    return -1;
  int r = 0;
  if(pmap(c.pid, text, recs, 1) != 1)
    r = fail("pmap of the child's text");
  else if((recs[0].flags & STATE) != rx)
    r = failn("child's text flags", rx, recs[0].flags);
  else if(recs[0].ref != 2)
    r = failn("child's text count", 2, recs[0].ref);
  endchild(&c);
  return r;
}

// Store to every user page that is copy-on-write (shared by an earlier
// case's fork, or still marked since), so that the caller's own stores
// change no page's state from now on.
static void
settle(void)
{
  uint64 va = 0;
  int n;
  while((n = pmap(getpid(), va, recs, PMAP_MAXREC)) > 0){
    for(int i = 0; i < n && !(recs[i].flags & PMAP_END); i++){
      if((recs[i].flags & (PMAP_COW | PMAP_U)) == (PMAP_COW | PMAP_U))
        for(uint64 k = 0; k < recs[i].npages; k++){
          volatile char *b = (char*)(uintptr)(recs[i].va + k * PGSIZE);
          *b = *b;
        }
      va = recs[i].va + recs[i].npages * PGSIZE;
    }
    if(recs[n - 1].flags & PMAP_END)
      break;
  }
}

// Reading the whole address space one record per call gives the records
// that one call gives (nothing changes in between).
static int
test_pieces(void)
{
  static struct pmapent all[PMAP_MAXREC];
  char *p = heap(2);
  if(p == 0 || sbrklazy(2 * PGSIZE) == SBRK_ERROR)
    return fail("sbrk");
  settle();
  int n = pmap(getpid(), 0, all, PMAP_MAXREC);
  if(n < 2 || n == PMAP_MAXREC || all[n - 1].flags != PMAP_END)
    return failn("records in one call (the last one PMAP_END)", 3, n);
  uint64 va = 0;
  for(int i = 0; i < n; i++){
    if(pmap(getpid(), va, recs, 1) != 1)
      return failn("pmap of one record: record", i, -1);
    if(expect("one record per call", &recs[0], all[i].va, all[i].npages, all[i].flags,
              all[i].ref) < 0)
      return -1;
    va = recs[0].va + recs[0].npages * PGSIZE;
  }
  sbrk(-(4 * PGSIZE));
  return 0;
}

// Bad arguments get -1; n == 0 asks only whether the process exists; a
// va at or past the top gets the end record alone.
static int
test_badargs(void)
{
  int me = getpid();
  if(pmap(me, 0, recs, -1) != -1)
    return fail("n = -1 accepted");
  if(pmap(me, 0, (struct pmapent*)KERNBASE, 1) != -1)
    return fail("a kernel address accepted as the buffer");
  if(pmap(me, 0, (struct pmapent*)PGROUNDDOWN((uintptr)test_badargs), 1) != -1)
    return fail("text accepted as the buffer");
  if(pmap(me, 0, (struct pmapent*)(TRAPFRAME - 8), 1) != -1)
    return fail("TRAPFRAME accepted as the buffer");
  if(pmap(me, 0, 0, 0) != 0)
    return fail("n = 0 for the caller did not return 0");
  uint64 top = PGROUNDUP((uintptr)sbrk(0));
  uint64 past[] = { top, top + 1, top + 100 * PGSIZE, MAXVA, ~0UL };
  for(int i = 0; i < NELEM(past); i++){
    if(pmap(me, past[i], recs, PMAP_MAXREC) != 1)
      return fail("more than one record at or past the top");
    if(recs[0].flags != PMAP_END || recs[0].va != top)
      return failn("the end record at or past the top: va", top, recs[0].va);
  }
  return 0;
}

// An exited child that is not yet reaped still has its memory; once
// reaped, its pid is gone.
static int
test_zombie(void)
{
  int fds[2];
  if(pipe(fds) < 0)
    return fail("pipe");
  int pid = fork();
  if(pid < 0)
    return fail("fork");
  if(pid == 0)
    exit(0);
  // The child has closed its files, so it is exiting, once a read of a
  // pipe only it held open ends. It keeps its memory until it is reaped.
  close(fds[1]);
  char c;
  read(fds[0], &c, 1);
  close(fds[0]);
  int n = pmap(pid, 0, recs, PMAP_MAXREC);
  int st = waitstatus();
  if(n < 2 || recs[n - 1].flags != PMAP_END)
    return failn("records of an exited child (the last one PMAP_END)", 2, n);
  if(st != 0)
    return failn("child's exit status", 0, st);
  if(pmap(pid, 0, recs, PMAP_MAXREC) != -1)
    return fail("a reaped child's pid still answers");
  return 0;
}

// A child that keeps running (on another hart, if there is one) can be
// read as well: pmap waits for it to leave its hart.
static int
test_running(void)
{
  char *p = heap(HEAPPAGES);
  if(p == 0)
    return fail("sbrk");
  int pid = fork();
  if(pid < 0)
    return fail("fork");
  if(pid == 0){
    for(volatile int spin = 0; ; spin++)
      ;
  }
  int r = 0;
  for(int i = 0; i < 10 && r == 0; i++){
    if(pmap(pid, (uintptr)p, recs, 2) != 2)
      r = fail("pmap of a running child");
    else
      r = expect("running child's heap", &recs[0], (uintptr)p, HEAPPAGES,
                 PMAP_R | PMAP_U | PMAP_COW, 2);
  }
  kill(pid);
  waitstatus();
  sbrk(-(HEAPPAGES * PGSIZE));
  return r;
}

static const struct testcase cases[] = {
  { "self", test_self },
  { "fork", test_fork },
  { "write", test_write },
  { "ptshared", test_ptshared },
  { "nopid", test_nopid },
  { "lazy", test_lazy },
  { "text", test_text },
  { "pieces", test_pieces },
  { "badargs", test_badargs },
  { "zombie", test_zombie },
  { "running", test_running },
};

int
main(int argc, char **argv)
{
  return runtests(cases, NELEM(cases), argc, argv, "ALL PMAP TESTS PASSED",
                  "SOME PMAP TESTS FAILED");
}
