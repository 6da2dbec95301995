// The DEBUG build's checker of frames and page tables (`make DEBUG=1`;
// the hooks are in kernel/vmcheck.h). After every fork, exit, wait, exec
// and sbrk, and when a program asks (vmdebug()), it compares every frame
// of RAM with every user page table:
//  - a frame that user PTEs map (below USERTOP) has as many references
//    as distinct leaf tables map it: a table fork shared counts once;
//  - a leaf table has as many references as upper entries point to it;
//    a private entry (no PTE_SHARED) points to one with exactly one; a
//    shared entry the hardware does not write-protect (RISC-V's opened
//    entry) points to a table without a writable PTE;
//  - a frame no user PTE maps is free (count 0, on the free lists once)
//    or the kernel's own (count 1: page-table pages, kernel stacks, trap
//    frames, pipes, exec's argument pages and new image); the free lists
//    (global, and each hart's cache and zeroed pool) hold nfreepages()
//    frames. kput() and kalloc() keep a bit per free frame
//    (VMCHECK_FREED, VMCHECK_TAKEN) and panic on a frame put there twice
//    or taken without being put there; a check a program asks for also
//    walks the lists themselves (too slow for every event: it touches
//    every free page);
//  - no writable PTE maps a frame counted above 1, none is both writable
//    and COW-marked, and no page exec mapped read-only (text, read-only
//    data) is COW-marked or writable.
// A broken invariant panics after one line naming the rule, the frame
// (physical), the count found and expected, and one user PTE mapping it.
//
// After a COW fault (a user store or copyout()) it checks only the page
// the fault changed: every frame some process maps at that address, and
// the frame the fault copied from, has as many references as distinct
// leaf tables map it there (fork shares a frame at the same address in
// every sharer, and nothing else shares one), or is free if none does.
// cowtest makes tens of thousands of COW faults: a whole check each would
// be too slow, and the next fork, exit, exec or sbrk checks everything.
//
// Read-only by design: exec tells the checker the ranges it mapped
// without PTE_W in each page table (VMCHECK_RO), fork copies them
// (VMCHECK_FORK), uvmfree() forgets them (VMCHECK_FORGET). The PTE alone
// cannot tell: a COW page is read-only too, a segment may be writable and
// executable, and i386 has no execute bit.
//
// One state on several harts, which change page tables, counts and free
// lists without a global lock. Each event the checker must see whole is a
// section (VMBEGIN/VMEND), one per event: kalloc(), kzalloc(), kput(),
// kfree(); kfork()'s uvmcopy(); vmfault(); growproc(); freeproc(); exec's
// switch of tables; allocproc(). krefinc() and krefdec() are always
// inside one. A section may sleep, as the normal build may: it counts as
// one event in progress from its outermost VMBEGIN to its VMEND, nesting
// per process. A check runs only while no event is in progress, and no
// event begins while it runs (begincheck(): each side stores its flag,
// fences, then loads the other's). A check never waits for an event: it
// is deferred, and the last event to end runs it (vmend()); the check
// itself never sleeps and takes only checklock and kmem.lock, so nothing
// waits in a circle. The normal build has none of this: the hooks are empty.
#ifdef DEBUG
#include "types.h"
#include "param.h"
#include "machine.h"
#include "spinlock.h"
#include "proc.h"
#include "kalloc.h"
#include "vm.h"
#include "pmap.h"
#include "string.h"
#include "printf.h"
#include "syscallarg.h"
#include "vmcheck.h"


#define ONFREELIST 0xffff    // nmap[] of a frame on the free list
#define NRO 4                // read-only ranges kept per page table
#define NROTABLE (2 * NPROC) // page tables: every process's, and an exec's new one

// Events and checks (this file's first comment).
static struct spinlock checklock;   // one checker at a time; guards deferred
static int checking;                // a check runs: no event may begin
static int inside;                  // events in progress (outermost sections)
static int hartdepth[NCPU];         // nesting of sections outside any process
static const char *deferred;        // a check asked for while events were in progress

static uint64 nchecks;              // checks since boot
static const char *checkwhen;       // what the running check comes after
static ushort nmap[NFRAME];         // per frame: user PTEs mapping it, or ONFREELIST
static uint freebit[(NFRAME + 31) / 32]; // per frame: on a free list (kput, kalloc)
static int nframes;                 // frames from kfirstframe to PHYSTOP

// What exec mapped read-only in each page table, by its root.
static struct rorange {
  pagetable_t pagetable;            // 0: entry unused
  int n;
  uint64 start[NRO], end[NRO];      // user virtual addresses, [start, end)
} ro[NROTABLE];
static struct spinlock rolock;

// One user PTE, for reports.
struct where {
  int pid;
  uint64 va;
  pte_t pte;
};

// Print the banner line and set up the locks. Hart 0, once, at boot,
// after kinit() (the frames are [kfirstframe, PHYSTOP)).
void
vmcheckinit(void)
{
  initlock(&checklock, "vmcheck");
  initlock(&rolock, "vmcheckro");
  nframes = ((char*)PHYSTOP - kfirstframe) / PGSIZE;
  printf("cowos: DEBUG build: frame and page-table checks on\n");
}

// The caller's nesting of sections: its process's (a process may sleep
// inside one and wake on another hart), or outside any process (boot),
// this hart's.
static int*
depthof(void)
{
  push_off();
  struct proc *p = myproc();
  int *d = p ? &p->vmdepth : &hartdepth[cpuid()];
  pop_off();
  return d;
}

// Enter a section (kernel/vmcheck.h): at the outermost level, wait while
// a check runs (a check never sleeps and waits for nobody, so this wait
// is short), then count this event as in progress.
void
vmbegin(void)
{
  int *d = depthof();
  if((*d)++ > 0)
    return;
  for(;;){
    while(atomic_load_acquire(&checking))
      ;
    atomic_fetch_add(&inside, 1);   // a full barrier: before the load below
    if(atomic_load_acquire(&checking) == 0)
      return;
    // A check began in between: let it end first.
    atomic_fetch_add(&inside, -1);
  }
}

static void checkcow(uint64 va, void *frame);
static int check(const char *when, int walk);

// Leave a section entered with vmbegin(). Leaving the outermost one
// checks the COW fault made inside it, if any, and runs a check that was
// deferred while events were in progress, if this was the last.
void
vmend(void)
{
  int *d = depthof();
  if(--*d > 0)
    return;
  int last = atomic_fetch_add(&inside, -1) == 1;
  struct proc *p = myproc();
  if(p && p->vmcowframe){
    void *frame = p->vmcowframe;
    p->vmcowframe = 0;
    checkcow(p->vmcowva, frame);
  }
  const char *when = atomic_load_acquire(&deferred);
  if(last && when)
    check(when, 0);
}

// A COW fault at user virtual address va on frame (kernel virtual), in a
// section of the current process: check that page when its outermost
// section ends (checkcow()).
void
vmcheckcow(uint64 va, void *frame)
{
  struct proc *p = myproc();
  if(p == 0 || p->vmdepth == 0)
    panic("vmcheckcow: not in a section");
  p->vmcowframe = frame;
  p->vmcowva = va;
}

// Whether frame (kernel virtual) is one the allocator manages.
static int
managed(void *frame)
{
  char *f = frame;
  return (uintptr)f % PGSIZE == 0 && f >= kfirstframe && f < (char*)PHYSTOP;
}

// The number of managed frame frame, from 0. Usable from kinit() on
// (kfirstframe is set before kinit() frees the first frame).
static int
frameindex(void *frame)
{
  return ((char*)frame - kfirstframe) / PGSIZE;
}

static ushort*
nmapof(void *frame)
{
  return &nmap[frameindex(frame)];
}

// Whether frame number i is on the free list, as kalloc() and kput()
// said (vmcheckfreed(), vmchecktaken()).
static int
isfree(int i)
{
  return (freebit[i / 32] >> (i % 32)) & 1;
}

// kput() has put frame (kernel virtual) on a free list, inside a section.
// Panics if it was free already. Atomic: harts free frames without a
// common lock, and a word holds the bits of 32 frames.
void
vmcheckfreed(void *frame)
{
  int i = frameindex(frame);
  uint old = atomic_fetch_or(&freebit[i / 32], 1u << (i % 32));
  if((old >> (i % 32)) & 1){
    printf("vmcheck: frame 0x%llx put on the free list twice\n", V2P(frame));
    panic("vmcheck");
  }
}

// kalloc() has taken frame off a free list, inside a section. Panics if
// kput() never put it there (a list is corrupt). Atomic, as above.
void
vmchecktaken(void *frame)
{
  int i = managed(frame) ? frameindex(frame) : -1;
  if(i < 0 || ((atomic_fetch_and(&freebit[i / 32], ~(1u << (i % 32))) >> (i % 32)) & 1) == 0){
    printf("vmcheck: kalloc took 0x%llx off the free list, which kput never put there\n",
           V2P(frame));
    panic("vmcheck");
  }
}

// The read-only ranges of pagetable, or 0. Caller holds rolock or is
// the checker.
static struct rorange*
rofind(pagetable_t pagetable)
{
  for(int i = 0; i < NROTABLE; i++)
    if(ro[i].pagetable == pagetable)
      return &ro[i];
  return 0;
}

// Record that exec mapped user virtual addresses [va, end) of its new
// pagetable with permissions perm (PTE bits): without PTE_W, they are
// read-only by design. Keeps NRO ranges per table; beyond, the others go
// unchecked. Takes rolock.
void
vmcheckro(pagetable_t pagetable, uint64 va, uint64 end, int perm)
{
  if(perm & PTE_W)
    return;
  vmbegin();
  acquire(&rolock);
  struct rorange *r = rofind(pagetable);
  if(r == 0 && (r = rofind(0)) != 0){
    r->pagetable = pagetable;
    r->n = 0;
  }
  if(r != 0 && r->n < NRO){
    r->start[r->n] = va;
    r->end[r->n] = PGROUNDUP(end);
    r->n++;
  }
  release(&rolock);
  vmend();
}

// A fork gave page table new a copy of old: the same pages are
// read-only by design. Takes rolock.
void
vmcheckfork(pagetable_t old, pagetable_t new)
{
  vmbegin();
  acquire(&rolock);
  struct rorange *from = rofind(old), *to;
  if(from != 0 && (to = rofind(0)) != 0){
    *to = *from;
    to->pagetable = new;
  }
  release(&rolock);
  vmend();
}

// Page table pagetable is being freed: forget its read-only ranges (its
// page may become another table). Takes rolock.
void
vmcheckforget(pagetable_t pagetable)
{
  vmbegin();
  acquire(&rolock);
  struct rorange *r = rofind(pagetable);
  if(r != 0)
    r->pagetable = 0;
  release(&rolock);
  vmend();
}

// Whether user virtual address va lies in one of r's ranges.
static int
readonly(struct rorange *r, uint64 va)
{
  for(int i = 0; r != 0 && i < r->n; i++)
    if(va >= r->start[i] && va < r->end[i])
      return 1;
  return 0;
}

// Counting the distinct leaf tables that map one frame (mappings()).
#define NSEEN 64
struct search {
  void *frame;
  struct proc *p;
  int n;
  struct where first;
  pagetable_t seen[NSEEN];   // leaf tables visited, to visit each once
  int nseen;
};

// A table of a search's walk: go into a leaf table only the first time
// (up to NSEEN of them; beyond, a shared one may count twice).
static int
searchtable(uint64 va, pte_t e, pagetable_t t, int level, int shared, void *arg)
{
  struct search *s = arg;
  if(level > 0)
    return 1;
  for(int i = 0; i < s->nseen; i++)
    if(s->seen[i] == t)
      return 0;
  if(s->nseen < NSEEN)
    s->seen[s->nseen++] = t;
  return 1;
}

static void
searchleaf(uint64 va, pte_t pte, int shared, void *arg)
{
  struct search *s = arg;
  if(va >= USERTOP || P2V(PTE2PA(pte)) != s->frame)
    return;
  if(s->n++ == 0){
    s->first.pid = s->p->pid;
    s->first.va = va;
    s->first.pte = pte;
  }
}

// The number of distinct leaf tables, in every process's table, that map
// frame; the first PTE found goes to *w.
static int
mappings(void *frame, struct where *w)
{
  static struct search s;   // the checker's lock is held: one at a time
  struct vmvisitor v = { searchleaf, searchtable, &s };
  s.frame = frame;
  s.n = 0;
  s.nseen = 0;
  for(int i = 0; i < NPROC; i++){
    s.p = procslot(i);
    if(s.p->pagetable)
      vmvisit(s.p->pagetable, 0, MAXVA, &v);
  }
  *w = s.first;
  return s.n;
}

// A broken invariant: why, about frame (kernel virtual). Print the frame
// (physical), its count, the count expected (-1: the user PTEs that map
// it, or 1 for a kernel frame if none does) and one user PTE that maps it
// (w, or the first found), then panic. Holds the checker's lock.
static void
violation(const char *why, void *frame, int expected, struct where *w)
{
  struct where found;
  int n = mappings(frame, &found);
  if(expected < 0)
    expected = n > 0 ? n : 1;
  if(w == 0 && n > 0)
    w = &found;
  int count = managed(frame) ? krefcount(frame) : -1;
  if(w)
    printf("vmcheck: after %s: %s: frame 0x%llx count found %d expected %d; "
           "pid %d va 0x%llx pte 0x%llx\n", checkwhen, why, V2P(frame), count, expected,
           w->pid, w->va, (uint64)w->pte);
  else
    printf("vmcheck: after %s: %s: frame 0x%llx count found %d expected %d; "
           "no user PTE maps it\n", checkwhen, why, V2P(frame), count, expected);
  panic("vmcheck");
}

// Walk the free lists themselves (kfreelist()): mark each frame on them in
// nmap[], checking it is managed, marked free, listed once, and that each
// list's length is its count; check()'s frame scan then finds a frame
// marked free that no list holds. Touches every free page (milliseconds
// under QEMU): only checks a program asks for do it. Checker's lock held.
static void
walkfree(void)
{
  for(int i = 0; i < KFREELISTS; i++){
    uint64 n, listed = 0;
    for(char *f = kfreelist(i, &n); f; f = KFREENEXT(f), listed++){
      if(!managed(f))
        violation("the free list holds an address the allocator does not manage", f, 0, 0);
      ushort *m = nmapof(f);
      if(!isfree(frameindex(f)))
        violation("a frame on the free list is not marked free", f, 0, 0);
      if(*m == ONFREELIST)
        violation("a frame is on the free list twice", f, 0, 0);
      *m = ONFREELIST;
    }
    if(listed != n){
      printf("vmcheck: after %s: %llu frames on free list %d, but its count is %llu\n",
             checkwhen, listed, i, n);
      panic("vmcheck");
    }
  }
}

// The process whose table the check is walking, and its read-only ranges.
struct walk {
  struct proc *p;
  struct rorange *ro;
};

// The rules a user PTE pte at va, mapping frame, in a table whose
// read-only ranges are ro, must keep: 0, or the rule it breaks.
static const char*
pterule(uint64 va, pte_t pte, void *frame, struct rorange *ro)
{
  if(!managed(frame))
    return "a user PTE maps memory the allocator does not manage";
  if(isfree(frameindex(frame)))
    return "a user PTE maps a free frame";
  if((pte & PTE_W) && (pte & PTE_COW))
    return "a PTE is both writable and COW-marked";
  if((pte & PTE_W) && krefcount(frame) > 1)
    return "a writable PTE maps a frame with more than one reference";
  if((pte & (PTE_W | PTE_COW)) && readonly(ro, va))
    return "a page exec mapped read-only is writable or COW-marked";
  return 0;
}

// vmvisit() calls this for every leaf PTE: check it, and count the user
// ones per frame.
static void
checkleaf(uint64 va, pte_t pte, int shared, void *arg)
{
  struct walk *c = arg;
  if(va >= USERTOP)
    return;   // above user memory (RISC-V's trap frame and trampoline): the kernel's
  void *frame = PTE2KVA(pte);
  const char *why = pterule(va, pte, frame, c->ro);
  if(why){
    struct where w = { c->p->pid, va, pte };
    violation(why, frame, -1, &w);
  }
  ushort *m = nmapof(frame);
  if(*m < ONFREELIST - 1)
    (*m)++;
}

// vmvisit() calls this for every upper entry e that points to a table t
// at level: count the entries per table, and check a leaf table's entry.
// Returns whether to walk t: a leaf table only at its first entry, so
// that its PTEs count once.
static int
checktable(uint64 va, pte_t e, pagetable_t t, int level, int shared, void *arg)
{
  struct walk *c = arg;
  struct where w = { c->p->pid, va, e };
  if(!managed(t) || isfree(frameindex(t)))
    violation("an upper entry points to a free or unmanaged page-table page", t, -1, &w);
  ushort *m = nmapof(t);
  if(*m < ONFREELIST - 1)
    (*m)++;
  if(level > 0)
    return 1;
  if(!shared && krefcount(t) > 1)
    violation("a private entry points to a leaf table with more than one reference", t, -1, &w);
  if(shared && !pte_wprotects(e)){
    for(int i = 0; i < PTENTRIES; i++)
      if(t[i] & PTE_W)
        violation("an opened shared entry's table has a writable PTE", t, -1, &w);
  }
  return *m == 1;
}

// Begin a check that comes after when, if no event is in progress (none
// can begin until endcheck()): returns 1. Else defer it, for the last
// event to end (vmend()), and return 0: never wait for an event, which may
// sleep. Takes checklock, held until endcheck().
static int
begincheck(const char *when)
{
  acquire(&checklock);
  atomic_store_relaxed(&checking, 1);
  atomic_fence();   // the store before the load of inside
  if(atomic_load_acquire(&inside) != 0){
    atomic_store_release(&checking, 0);
    atomic_store_release(&deferred, when);
    release(&checklock);
    return 0;
  }
  atomic_store_relaxed(&deferred, 0);
  checkwhen = when;
  nchecks++;
  return 1;
}

static void
endcheck(void)
{
  atomic_store_release(&checking, 0);
  release(&checklock);
}

// Check every frame against every user page table (this file's first
// comment), or defer the check if events are in progress (begincheck());
// panic on the first broken invariant. With walk, walk the free lists
// themselves too (walkfree()). Takes checklock, then kmem.lock
// (kfreelist()). Returns 1 if it checked, 0 if it deferred.
static int
check(const char *when, int walk)
{
  if(!begincheck(when))
    return 0;
  char *first = kfirstframe;
  memset(nmap, 0, nframes * sizeof(nmap[0]));
  if(walk)
    walkfree();
  uint64 nfree = nfreepages();

  for(int i = 0; i < NPROC; i++){
    struct walk c = { procslot(i), 0 };
    pagetable_t pagetable = c.p->pagetable;
    if(pagetable == 0)
      continue;
    c.ro = rofind(pagetable);
    struct vmvisitor v = { checkleaf, checktable, &c };
    vmvisit(pagetable, 0, MAXVA, &v);
  }

  // Every frame: free (count 0), the kernel's (count 1, no user PTE or
  // upper entry maps it), or as many references as distinct leaf tables
  // map it (a page) or upper entries point to it (a page table).
  uint64 marked = 0;
  for(int i = 0; i < nframes; i++){
    char *f = first + (uint64)i * PGSIZE;
    int free = isfree(i), m = nmap[i], count = krefcount(f);
    marked += free;
    if(walk && free != (m == ONFREELIST))
      violation("a frame marked free is not on the free list", f, 0, 0);
    if(free ? count == 0 : m == 0 ? count == 1 : count == m)
      continue;
    if(free)
      violation("a frame on the free list has references", f, 0, 0);
    if(m == 0 && count == 0)
      violation("a frame with no references is not on the free list", f, 1, 0);
    if(m == 0)
      violation("a frame no user PTE maps has more than the kernel's one reference", f, 1, 0);
    violation("the count is not the number of leaf tables or entries that map the frame", f, m, 0);
  }
  if(marked != nfree){
    printf("vmcheck: after %s: %llu frames marked free, but the free count is %llu\n",
           when, marked, nfree);
    panic("vmcheck");
  }

  endcheck();
  return 1;
}

// One page of one process, as vmvisit() finds it (checkcow()): its PTE
// and the leaf table that holds it.
struct onepage {
  pte_t pte;              // 0: no valid PTE
  pagetable_t table;
};

static int
onetable(uint64 va, pte_t e, pagetable_t t, int level, int shared, void *arg)
{
  if(level == 0)
    ((struct onepage*)arg)->table = t;
  return 1;
}

static void
oneleaf(uint64 va, pte_t pte, int shared, void *arg)
{
  ((struct onepage*)arg)->pte = pte;
}

// The check after a COW fault at user virtual address va on frame old
// (this file's first comment), when the fault's section ends (vmend()); a
// whole check instead, deferred, if other events are in progress.
static void
checkcow(uint64 va, void *old)
{
  // Static: the checker's lock is held, and a kernel stack has no room.
  static struct where w[NPROC];
  static pagetable_t table[NPROC];
  static void *frame[NPROC];
  static struct rorange *ro[NPROC];
  int n = 0, oldmapped = 0;

  if(!begincheck("COW fault"))
    return;
  for(int i = 0; i < NPROC; i++){
    struct proc *p = procslot(i);
    if(p->pagetable == 0)
      continue;
    struct onepage one = { 0, 0 };
    struct vmvisitor v = { oneleaf, onetable, &one };
    vmvisit(p->pagetable, va, va + PGSIZE, &v);
    if(one.pte == 0)
      continue;
    w[n].pid = p->pid;
    w[n].va = va;
    w[n].pte = one.pte;
    table[n] = one.table;
    frame[n] = PTE2KVA(one.pte);
    ro[n] = rofind(p->pagetable);
    oldmapped |= frame[n] == old;
    n++;
  }
  for(int i = 0; i < n; i++){
    // Processes that share a leaf table share the PTE: count it once.
    int maps = 0;
    for(int j = 0; j < n; j++){
      int first = 1;
      for(int k = 0; k < j; k++)
        first &= table[k] != table[j];
      maps += frame[j] == frame[i] && first;
    }
    const char *why = pterule(va, w[i].pte, frame[i], ro[i]);
    if(why == 0 && krefcount(frame[i]) != maps)
      why = "the count is not the number of leaf tables that map the frame";
    if(why)
      violation(why, frame[i], maps, &w[i]);
  }
  // Nobody maps the old frame at va any more: it must be free, unless it
  // has been freed and allocated again since (then it is someone else's).
  if(!oldmapped && krefcount(old) == 0 && !isfree(frameindex(old)))
    violation("the frame a COW fault left is not on the free list", old, 0, 0);
  endcheck();
}

// Check every frame and user PTE now, or as soon as no event is in
// progress (kernel/vmcheck.h): when names what the check comes after, for
// the report. Panics on a broken invariant. Takes checklock.
void
vmcheck(const char *when)
{
  check(when, 0);
}

// vmdebug(op, va): the DEBUG build's system call; kernel/vmcheck.h has
// the contract. VMDEBUG_BREAK and VMDEBUG_MARK change the count or the
// PTE inside a section; VMDEBUG_TEXTWRITE stores into this function's
// code or a const array and is expected to panic.
uint64
sys_vmdebug(void)
{
  int op;
  uint64 va;
  struct proc *p = myproc();

  argint(0, &op);
  argaddr(1, &va);
  if(op == VMDEBUG_CHECK){
    // Wait, giving up the hart, until no event is in progress.
    while(!check("vmdebug", 1))
      yield();
    return nchecks;
  }
  if(op == VMDEBUG_SLEEP){
    // An event that sleeps (va clock ticks), as a fault that reads a
    // disk would: the checks meanwhile are deferred, nothing waits.
    vmbegin();
    acquire(&tickslock);
    uint t0 = ticks;
    while(ticks - t0 < (uint)va && !killed(p))
      sleep(&ticks, &tickslock);
    release(&tickslock);
    vmend();
    return 0;
  }
  if(op == VMDEBUG_TEXTWRITE){
    static const char rodata[] = "read-only";
    if(va > 1)
      return -1;
    // The byte's own value, through a volatile pointer: the compiler
    // keeps the store, and should it go through nothing has changed.
    volatile char *b = va == 0 ? (volatile char*)(uintptr)sys_vmdebug : (volatile char*)rodata;
    printf("vmdebug: pid %d stores into kernel %s at %p\n", p->pid,
           va == 0 ? "text" : "read-only data", b);
    *b = *b;
    return 0;
  }
  if((op != VMDEBUG_BREAK && op != VMDEBUG_MARK) || va >= p->sz)
    return -1;
  int r = -1;
  vmbegin();
  if(op == VMDEBUG_BREAK){
    uint64 pa = walkaddr(p->pagetable, va);
    if(pa != 0){
      krefinc(P2V(pa));
      r = 0;
    }
  } else {
    pte_t *pte = walk(p->pagetable, va, 0);
    if(pte != 0 && (*pte & PTE_V) && (*pte & PTE_U)){
      *pte |= PTE_COW;
      r = 0;
    }
  }
  vmend();
  return r;
}

#endif
