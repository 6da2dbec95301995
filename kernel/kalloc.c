// Physical page allocator: 4096-byte frames from the end of the kernel to
// PHYSTOP, named by kernel virtual address, each with a reference count so
// that copy-on-write sharers can hold one frame and it is freed at its
// last reference.
#include "types.h"
#include "param.h"
#include "machine.h"
#include "spinlock.h"
#include "kalloc.h"
#include "string.h"
#include "printf.h"
#include "memstat.h"
#include "vmcheck.h"

extern char end[];   // first address after the kernel; from kernel.ld

// Frames of RAM the reference counts cover: as many as the machine's
// largest PHYSTOP allows (PHYSTOP itself may be set at boot).
#define NFRAME ((PHYSTOP_MAX - KERNBASE) / PGSIZE)

struct run {
  struct run *next;
};

// The global free list. Each hart also keeps frames of its own (struct
// kcache), so that kalloc() and kfree() usually take no lock.
static struct {
  struct spinlock lock;
  struct run *freelist;
  uintptr nfree;         // frames on freelist (pointer-sized: loads are atomic)
} kmem;

#define KCMAX   64   // frames a hart's cache holds at most
#define KCBATCH 32   // frames moved at once between a cache and kmem
#define KZMAX   16   // zeroed frames a hart's pool holds at most

// A hart's own free frames: a cache of frames with undefined contents and
// a pool of zeroed frames for page-table pages (kzalloc()). A frame in
// either is free: its count is 0, and it is counted in nfreepages(). The
// owner touches them with interrupts off, between own() and unown(), and
// takes no lock. A hart short of memory (ksteal()) empties another hart's
// lists under kmem.lock: it raises steal, and waits until the owner is
// not inside own()...unown(); an owner that sees steal raised waits until
// the thief is done. Each side stores its flag, then fences, then loads
// the other's (Dekker's handshake), so that at most one is inside.
struct kcache {
  volatile int busy;     // the owner is between own() and unown()
  volatile int steal;    // a thief is taking this hart's frames
  struct run *free;      // cached frames
  struct run *zero;      // zeroed frames; the first word (the link) is not
  int nfree, nzero;
  uint64 allocs, frees;  // memstat counts of this hart's fast paths
} __attribute__((aligned(64)));
static struct kcache kcache[NCPU];

// See kalloc.h. One count per frame up to PHYSTOP_MAX, in a section of
// its own (".bss.kref") that the machine's linker script puts last, past
// end, where nothing is loaded: kinit() uses the counts of the frames the
// machine has and frees the rest of the section with the other frames,
// so the array costs only the RAM it covers.
int kref[NFRAME] __attribute__((section(".bss.kref")));

// See kalloc.h: the first frame kinit() freed, past the counts in use.
char *kfirstframe;

struct memstat memstats;
static uint64 totalpages;   // frames kinit() put on the free list

static int*
refof(void *pa)
{
  uintptr a = (uintptr)pa;
  if(a % PGSIZE != 0 || a < (uintptr)kfirstframe || a >= PHYSTOP)
    panic("kalloc: bad physical address");
  return KREF(a);
}

// Put every frame between the end of the kernel and PHYSTOP on the free
// list. Hart 0, once, before any other allocation.
void
kinit(void)
{
  initlock(&kmem.lock, "kmem");
  // The kernel, then the counts of the frames that exist (kref is last).
  if((char*)kref < end)
    panic("kinit: kref must follow the kernel");
  kfirstframe = (char*)PGROUNDUP((uintptr)&kref[(PHYSTOP - KERNBASE) / PGSIZE]);
  for(char *p = kfirstframe; p + PGSIZE <= (char*)PHYSTOP; p += PGSIZE){
    struct run *r = (struct run*)p;
    r->next = kmem.freelist;
    kmem.freelist = r;
    kmem.nfree++;
    VMCHECK_FREED(r);
    totalpages++;
  }
}

// Enter this hart's cache c: interrupts must be off. Waits while a thief
// empties it.
static inline struct kcache*
own(void)
{
  struct kcache *c = &kcache[cpuid()];
  for(;;){
    c->busy = 1;
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    if(c->steal == 0)
      return c;
    c->busy = 0;
    while(c->steal)
      ;
  }
}

static inline void
unown(struct kcache *c)
{
  __atomic_store_n(&c->busy, 0, __ATOMIC_RELEASE);
}

// Move up to n frames from the list *from (length *nfrom) to the front of
// *to (length *nto). Returns how many moved.
static int
movefree(struct run **from, int *nfrom, struct run **to, int *nto, int n)
{
  int moved = 0;
  while(moved < n && *from){
    struct run *r = *from;
    *from = r->next;
    r->next = *to;
    *to = r;
    moved++;
  }
  *nfrom -= moved;
  *nto += moved;
  return moved;
}

// Stop hart i's cache and pool from changing: raise its steal flag and
// wait until its owner is outside own()...unown(). kmem.lock must be
// held (so there is one thief at a time). thaw(i) lets the owner go on.
static void
freeze(int i)
{
  struct kcache *c = &kcache[i];
  c->steal = 1;
  __atomic_thread_fence(__ATOMIC_SEQ_CST);
  while(__atomic_load_n(&c->busy, __ATOMIC_ACQUIRE))
    ;
}

static void
thaw(int i)
{
  __atomic_store_n(&kcache[i].steal, 0, __ATOMIC_RELEASE);
}

// Take every free frame of hart i's cache and pool onto the global list.
// kmem.lock must be held.
static void
ksteal(int i)
{
  struct kcache *c = &kcache[i];
  int n = 0;

  freeze(i);
  // The global list counts in uintptr; move through an int.
  movefree(&c->free, &c->nfree, &kmem.freelist, &n, KCMAX * 2);
  movefree(&c->zero, &c->nzero, &kmem.freelist, &n, KZMAX * 2);
  kmem.nfree += n;
  thaw(i);
}

// Move up to n frames from the global list into this hart's cache. With
// steal (kalloc()'s slow path, the cache being empty), first empty the
// other harts' caches and pools onto the global list if it is empty, so
// that kalloc() fails only when no frame is free anywhere, and at last
// take one frame of this hart's own pool of zeroed frames. Interrupts
// are off. Takes kmem.lock, and holds it while frames move, so that
// kcounts() never sees a frame on its way between two lists: own() inside
// it cannot wait, since only a holder of kmem.lock raises steal.
static void
krefill(int n, int steal)
{
  int got = 0;

  acquire(&kmem.lock);
  if(steal && kmem.freelist == 0)
    for(int i = 0; i < NCPU; i++)
      if(i != cpuid())
        ksteal(i);
  struct kcache *c = own();
  movefree(&kmem.freelist, &got, &c->free, &c->nfree, n);
  kmem.nfree += got;   // got is minus the frames moved
  if(steal && c->nfree == 0)
    movefree(&c->zero, &c->nzero, &c->free, &c->nfree, 1);
  unown(c);
  release(&kmem.lock);
}

// Give n frames of this hart's cache back to the global list. Interrupts
// are off. Takes kmem.lock (as krefill() does).
static void
kspill(int n)
{
  int got = 0;

  acquire(&kmem.lock);
  struct kcache *c = own();
  movefree(&c->free, &c->nfree, &kmem.freelist, &got, n);
  kmem.nfree += got;
  unown(c);
  release(&kmem.lock);
}

// Drop one reference to the frame pa (page-aligned, from kalloc()); at the
// last reference the frame goes back on the free list. This is the only
// way a frame is freed. Takes no lock in the common case (kmem.lock when
// this hart's cache is full). Panics on a bad address or a frame that is
// already free: both are kernel bugs.
void
kfree(void *pa)
{
  krefdec(pa);
}

// Put frame r, whose count has just dropped to zero, in this hart's cache
// (zero = 0) or, if zero and there is room, in its pool of zeroed frames.
// Interrupts are off.
static void
kput(struct run *r, int zero)
{
  struct kcache *c = own();
  VMCHECK_FREED(r);
  c->frees++;
  if(zero && c->nzero < KZMAX){
    r->next = c->zero;
    c->zero = r;
    c->nzero++;
    unown(c);
    return;
  }
  r->next = c->free;
  c->free = r;
  int full = ++c->nfree > KCMAX;
  unown(c);
  if(full)
    kspill(KCBATCH);
}

// kfree()'s slow path (krefdec() in kalloc.h): pa's count has just dropped to zero
// or below. At zero, put the frame in this hart's cache; below zero, it
// was already free. Takes no lock in the common case. Panics on a bad
// address or a frame that was already free: both are kernel bugs.
void
kfree_last(void *pa)
{
  if(*refof(pa) < 0)
    panic("kfree: frame already free");
  int on = intr_save();
  kput(pa, 0);
  intr_restore(on);
}

#ifdef DEBUG
// The DEBUG build checks that a frame bound for or taken from a pool of
// zeroed frames is zero (but for the link word, skip = 1). Panics if not.
static void
zerocheck(void *pa, int skip, char *why)
{
  uint64 *w = pa;
  for(int i = skip; i < PGSIZE / sizeof(uint64); i++)
    if(w[i] != 0){
      printf("kalloc: frame 0x%llx word %d is 0x%llx\n", V2P(pa), i, w[i]);
      panic(why);
    }
}
#endif

// Drop one reference to the page-table page pa, which must be all zero
// (every entry cleared); at the last reference it goes to this hart's
// pool of zeroed frames, for kzalloc(), or to its cache if the pool is
// full. Takes no lock in the common case. Panics as kfree() does.
void
kfreezero(void *pa)
{
  VMBEGIN();
  if(atomic_fetch_add(refof(pa), -1) <= 1)
    kfreezero_last(pa);
  VMEND();
}

// kfreezero()'s second half, for a caller that dropped the last
// reference to the page-table page pa itself (its count is now 0) and
// then cleared it (vm.c's tableput()): pa, all zero, goes to this hart's
// pool of zeroed frames, or to its cache if the pool is full. Takes no
// lock in the common case. Panics on a frame that was already free.
void
kfreezero_last(void *pa)
{
  if(*refof(pa) < 0)
    panic("kfree: frame already free");
#ifdef DEBUG
  zerocheck(pa, 0, "kfreezero: page not zero");
#endif
  int on = intr_save();
  kput(pa, 1);
  intr_restore(on);
}

// Take a frame from this hart's cache (zero = 0) or zeroed pool (zero =
// 1), or 0 if that list is empty. Interrupts are off.
static struct run*
kget(int zero)
{
  struct kcache *c = own();
  struct run *r;
  if(zero){
    if((r = c->zero) != 0){
      c->zero = r->next;
      c->nzero--;
    }
  } else if((r = c->free) != 0){
    c->free = r->next;
    c->nfree--;
  }
  if(r){
    c->allocs++;
    VMCHECK_TAKEN(r);
  }
  unown(c);
  return r;
}

// Allocate one 4096-byte frame with a reference count of 1. Returns its
// kernel virtual address (P2V of the physical), or 0 if no frame is free
// on any hart. The contents are not cleared. Takes no lock in the common
// case (kmem.lock when this hart's cache is empty).
void*
kalloc(void)
{
  VMBEGIN();
  int on = intr_save();
  struct run *r = kget(0);
  if(r == 0){
    krefill(KCBATCH, 1);
    r = kget(0);
  }
  intr_restore(on);
  if(r)
    __atomic_store_n(refof(r), 1, __ATOMIC_RELEASE);
  VMEND();
  return r;
}

// Allocate one zeroed 4096-byte frame (for a page-table page) with a
// reference count of 1: from this hart's pool of zeroed frames if it has
// one, else kalloc() and clear it. Returns its kernel virtual address, or
// 0 if no frame is free. Locks as kalloc().
void*
kzalloc(void)
{
  VMBEGIN();
  int on = intr_save();
  struct run *r = kget(1);
  intr_restore(on);
  if(r){
#ifdef DEBUG
    zerocheck(r, 1, "kzalloc: pool frame written while free");
#endif
    r->next = 0;   // the one word of a pool frame that is not zero
    __atomic_store_n(refof(r), 1, __ATOMIC_RELEASE);
  } else if((r = kalloc()) != 0){
    memset(r, 0, PGSIZE);
  }
  VMEND();
  return r;
}

// The number of references to the frame at physical address pa, right
// now. Only meaningful as 1 ("mine alone") to a caller that holds one of
// the references: no one else can then add one.
int
krefcount(void *pa)
{
  return __atomic_load_n(refof(pa), __ATOMIC_ACQUIRE);
}

// One moment's counts of the allocator, all harts' together: the free
// frames (on the global list and in every hart's cache and pool) in
// *nfree, and if allocs and frees are not 0, the frames kalloc() handed
// out and the frames freed. Every hart's cache is frozen while they are
// read (freeze()), and no frame is on its way between two lists while
// kmem.lock is held, so the three agree: frames in use = total - free =
// allocs - frees, however busy the other harts are. Takes kmem.lock and
// waits for each hart to leave its cache.
static void
kcounts(uint64 *nfree, uint64 *allocs, uint64 *frees)
{
  acquire(&kmem.lock);
  uint64 n = kmem.nfree, a = 0, f = 0;
  for(int i = 0; i < NCPU; i++){
    freeze(i);
    n += kcache[i].nfree + kcache[i].nzero;
    a += kcache[i].allocs;
    f += kcache[i].frees;
  }
  for(int i = 0; i < NCPU; i++)
    thaw(i);
  release(&kmem.lock);
  *nfree = n;
  if(allocs)
    *allocs = a;
  if(frees)
    *frees = f;
}

// The number of free 4096-byte frames right now: on the global list and
// in every hart's cache and pool. Exact, even while other harts allocate
// and free. Takes kmem.lock (kcounts()).
uint64
nfreepages(void)
{
  uint64 n;
  kcounts(&n, 0, 0);
  return n;
}

// Fill *st with a snapshot of the memory counters: freepages, allocs and
// frees are of one moment and agree with each other (kcounts()); the
// fault counters are each as of their own moment. Takes kmem.lock.
void
memstat_read(struct memstat *st)
{
  *st = memstats;
  kcounts(&st->freepages, &st->allocs, &st->frees);
  st->totalpages = totalpages;
}

#ifdef DEBUG
// For the DEBUG build's checker (kernel/vmcheck.c): the first frame of
// free list i (kernel virtual; 0 if none), and in *n its length: list 0 is
// the global one, 1..NCPU each hart's cache, NCPU+1..2*NCPU each hart's
// pool of zeroed frames (KFREELISTS in all). Each free frame's first word
// points to the next (KFREENEXT in kalloc.h). The lists stay as they are
// only while the caller holds the checker's lock, since every change to
// them is a section. Takes kmem.lock.
void*
kfreelist(int i, uint64 *n)
{
  struct run *r;
  acquire(&kmem.lock);
  if(i == 0){
    r = kmem.freelist;
    *n = kmem.nfree;
  } else if(i <= NCPU){
    r = kcache[i - 1].free;
    *n = kcache[i - 1].nfree;
  } else {
    r = kcache[i - 1 - NCPU].zero;
    *n = kcache[i - 1 - NCPU].nzero;
  }
  release(&kmem.lock);
  return r;
}
#endif
