// Physical page allocator: 4096-byte frames from the end of the kernel to
// PHYSTOP, named by kernel virtual address, each with a reference count so
// that copy-on-write sharers can hold one frame and it is freed at its
// last reference.
#include "types.h"
#include "param.h"
#include "machine.h"
#include "arch.h"
#include "spinlock.h"
#include "kalloc.h"
#include "string.h"
#include "printf.h"
#include "memstat.h"
#include "vmcheck.h"

extern char end[];   // first address after the kernel; from kernel.ld

struct run {
  struct run *next;
};

// The global free list. Each hart also keeps frames of its own (struct
// kcache), so that kalloc() and kput() usually take no lock.
static struct {
  struct spinlock lock;
  struct run *freelist;
  int nfree;             // frames on freelist
} kmem;

#define KCMAX   64   // frames a hart's cache holds at most
#define KCBATCH 32   // frames moved at once between a cache and kmem
#define KZMAX   16   // zeroed frames a hart's pool holds at most

// A hart's own free frames: a cache of frames with undefined contents and
// a pool of zeroed frames for page-table pages (kzalloc()). A frame in
// either is free: its count is 0, and nfreepages() counts it.
//
// The owner uses them without a lock, with interrupts off, between own()
// and unown(). Another hart may need them too: kalloc() on a hart whose
// cache and the global list are empty takes every other hart's frames
// (ksteal()), and kcounts() reads every hart's lengths. Such a visitor
// holds kmem.lock (so there is one at a time) and keeps the owner out
// with a handshake of two flags: the owner raises busy, fences, and goes
// in only if steal is down; the visitor raises steal, fences, and goes in
// only once busy is down (freeze(), thaw()). Each side stores its own
// flag before it loads the other's, so at most one side is in. An owner
// that finds steal raised lowers busy and waits for the visitor. The
// owner never waits inside own()...unown(), and the visitor takes the
// lock before it freezes anyone, so nobody waits in a circle. memtest's
// steal case makes harts run out of frames together to exercise it.
struct kcache {
  volatile int busy;     // the owner is between own() and unown()
  volatile int steal;    // a visitor holds this hart's lists
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

// A kernel bug about the frame whose count is *ref (kalloc.h's inline
// functions, which pass the count so that their fast paths need not keep
// the frame's address): print the frame and why, and panic.
void
krefpanic(int *ref, const char *why)
{
  uintptr frame = KERNBASE + (uintptr)(ref - kref) * PGSIZE;
  printf("kalloc: frame %p: %s\n", (void*)frame, why);
  panic("kalloc: bad frame");
}

// Put every frame between the end of the kernel and PHYSTOP on the free
// list, but those of the RAM disk image (ramdiskpa, kernel/arch.h, to the
// page): the kernel holds them for good, with the count of a frame
// kalloc() returned (1, no user PTE maps it; the DEBUG build's checker
// expects that of every frame not free). Hart 0, once, before any other
// allocation.
void
kinit(void)
{
  initlock(&kmem.lock, "kmem");
  // The kernel, then the counts of the frames that exist (kref is last).
  if((char*)kref < end)
    panic("kinit: kref must follow the kernel");
  kfirstframe = (char*)PGROUNDUP((uintptr)&kref[(PHYSTOP - KERNBASE) / PGSIZE]);
  // No loader zeroes kref (it is past the kernel's image): every count 0.
  memset(kref, 0, (char*)&kref[(PHYSTOP - KERNBASE) / PGSIZE] - (char*)kref);
  uint64 rdlo = PGROUNDDOWN(ramdiskpa);
  uint64 rdhi = ramdisklen ? PGROUNDUP(ramdiskpa + ramdisklen) : rdlo;
  for(char *p = kfirstframe; p + PGSIZE <= (char*)PHYSTOP; p += PGSIZE){
    if(V2P(p) >= rdlo && V2P(p) < rdhi){
      *krefp(p) = 1;
      continue;
    }
    struct run *r = (struct run*)p;
    r->next = kmem.freelist;
    kmem.freelist = r;
    kmem.nfree++;
    VMCHECK_FREED(r);
    totalpages++;
  }
}

// Enter this hart's lists (the handshake above): interrupts must be off.
// Waits while a visitor holds them.
static inline struct kcache*
own(void)
{
  struct kcache *c = &kcache[cpuid()];
  for(;;){
    c->busy = 1;
    atomic_fence();
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
  atomic_store_release(&c->busy, 0);
}

// Stop hart i's lists from changing (the handshake above): raise its
// steal flag and wait until its owner is outside own()...unown().
// kmem.lock must be held. thaw(i) lets the owner go on.
static void
freeze(int i)
{
  struct kcache *c = &kcache[i];
  c->steal = 1;
  atomic_fence();
  while(atomic_load_acquire(&c->busy))
    ;
}

static void
thaw(int i)
{
  atomic_store_release(&kcache[i].steal, 0);
}

// Move up to n frames from the front of list *from, of length *nfrom, to
// the front of *to, of length *nto, and adjust both lengths.
static void
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
}

// Take every frame of hart i's cache and pool onto the global list.
// kmem.lock must be held.
static void
ksteal(int i)
{
  struct kcache *c = &kcache[i];
  freeze(i);
  movefree(&c->free, &c->nfree, &kmem.freelist, &kmem.nfree, c->nfree);
  movefree(&c->zero, &c->nzero, &kmem.freelist, &kmem.nfree, c->nzero);
  thaw(i);
}

static struct run *kget(int zeroed);

// kalloc()'s slow path, this hart's cache being empty: move KCBATCH
// frames from the global list into it and take one (0 if none is free
// anywhere). If the global list is empty too, first take every other
// hart's frames (ksteal()), and if that finds none, the last resort is
// one frame of this hart's own pool of zeroed frames. Interrupts are off.
// Takes kmem.lock and holds it while frames move, so that kcounts() never
// sees a frame between two lists, and until the frame is taken: let go
// before, and another hart short of memory could take the whole batch
// back (ksteal()), so that kalloc() would fail while that hart holds free
// frames (memtest's steal case caught it).
static struct run*
krefill(void)
{
  acquire(&kmem.lock);
  if(kmem.freelist == 0)
    for(int i = 0; i < NCPU; i++)
      if(i != cpuid())
        ksteal(i);
  struct kcache *c = own();
  movefree(&kmem.freelist, &kmem.nfree, &c->free, &c->nfree, KCBATCH);
  if(c->nfree == 0)
    movefree(&c->zero, &c->nzero, &c->free, &c->nfree, 1);
  unown(c);
  struct run *r = kget(0);
  release(&kmem.lock);
  return r;
}

// Give KCBATCH frames of this hart's cache back to the global list.
// Interrupts are off. Takes kmem.lock (as krefill() does).
static void
kspill(void)
{
  acquire(&kmem.lock);
  struct kcache *c = own();
  movefree(&c->free, &c->nfree, &kmem.freelist, &kmem.nfree, KCBATCH);
  unown(c);
  release(&kmem.lock);
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

// Put the frame pa, whose last reference the caller dropped (krefdec()
// returned 1), on this hart's free list: with KPUT_ZEROED (pa is all
// zero: an emptied page-table page) in its pool of zeroed frames if there
// is room, for kzalloc(); else in its cache. The one way a frame becomes
// free. Takes no lock in the common case (kmem.lock when the cache is
// full). Panics if pa's count is not 0.
void
kput(void *pa, int zeroed)
{
  VMBEGIN();
  if(krefcount(pa) != 0)
    krefpanic(krefp(pa), "kput of a frame still referenced");
#ifdef DEBUG
  if(zeroed)
    zerocheck(pa, 0, "kput: page-table page not zero");
#endif
  struct run *r = pa;
  int on = intr_save();
  struct kcache *c = own();
  VMCHECK_FREED(r);
  c->frees++;
  if(zeroed && c->nzero < KZMAX){
    r->next = c->zero;
    c->zero = r;
    c->nzero++;
    unown(c);
  } else {
    r->next = c->free;
    c->free = r;
    int full = ++c->nfree > KCMAX;
    unown(c);
    if(full)
      kspill();
  }
  intr_restore(on);
  VMEND();
}

// Drop the caller's reference to the frame pa (from kalloc()), freeing
// it if that was the last: krefdec(), then kput() at the last. Takes no
// lock in the common case. Panics if pa is already free.
void
kfree(void *pa)
{
  VMBEGIN();
  if(krefdec(pa))
    kput(pa, 0);
  VMEND();
}

// Take a frame from this hart's cache (zeroed 0) or zeroed pool (zeroed
// 1), or 0 if that list is empty. Interrupts are off.
static struct run*
kget(int zeroed)
{
  struct kcache *c = own();
  struct run *r;
  if(zeroed){
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
  if(r == 0)
    r = krefill();
  intr_restore(on);
  if(r)
    atomic_store_release(krefp(r), 1);
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
    atomic_store_release(krefp(r), 1);
  } else if((r = kalloc()) != 0){
    memset(r, 0, PGSIZE);
  }
  VMEND();
  return r;
}

// One moment's counts, all harts' together: free frames (global list,
// caches, pools) in *nfree, and unless 0, frames handed out and freed in
// *allocs and *frees. Every hart's lists are frozen while read (the
// handshake above) and no frame is between two lists under kmem.lock, so
// in use = total - free = allocs - frees however busy the harts are.
// Takes kmem.lock and waits for each hart to leave its lists.
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
// in every hart's cache and pool (getNumFreePages()). Exact, even while
// other harts allocate and free: it briefly stops every hart's cache
// (kcounts()), so it costs O(harts), not O(1). Takes kmem.lock.
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
// For the DEBUG build's checker: the first frame of free list i (0 if
// none) and in *n its length: 0 the global list, 1..NCPU the harts'
// caches, NCPU+1..2*NCPU their zeroed pools (KFREELISTS); KFREENEXT links
// them. Stable while the caller holds the checker's lock (every change is
// a section). Takes kmem.lock.
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
