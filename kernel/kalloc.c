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

static struct {
  struct spinlock lock;
  struct run *freelist;
  uintptr nfree;         // frames on freelist (pointer-sized: loads are atomic)
} kmem;

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
    *refof(p) = 1;
    kfree(p);
    totalpages++;
  }
  memstats.frees = 0;
}

// Drop one reference to the frame pa (page-aligned, from kalloc()); at the
// last reference the frame goes back on the free list. This is the only
// way a frame is freed. Takes kmem.lock only to free. Panics on a bad
// address or a frame that is already free: both are kernel bugs.
void
kfree(void *pa)
{
  krefdec(pa);
}

// kfree()'s slow path (krefdec() in kalloc.h): pa's count has just dropped to zero
// or below. At zero, put the frame on the free list; below zero, it was
// already free. Takes kmem.lock. Panics on a bad address or a frame that
// was already free: both are kernel bugs.
void
kfree_last(void *pa)
{
  if(*refof(pa) < 0)
    panic("kfree: frame already free");

  struct run *r = pa;
  acquire(&kmem.lock);
  r->next = kmem.freelist;
  kmem.freelist = r;
  kmem.nfree++;
  memstats.frees++;
  VMCHECK_FREED(r);
  release(&kmem.lock);
}

// Allocate one 4096-byte frame with a reference count of 1. Returns its
// kernel virtual address (P2V of the physical), or 0 if memory is exhausted. The
// contents are not cleared. Takes kmem.lock.
void*
kalloc(void)
{
  VMBEGIN();
  acquire(&kmem.lock);
  struct run *r = kmem.freelist;
  if(r){
    kmem.freelist = r->next;
    kmem.nfree--;
    memstats.allocs++;
    VMCHECK_TAKEN(r);
  }
  release(&kmem.lock);

  if(r)
    __atomic_store_n(refof(r), 1, __ATOMIC_RELEASE);
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

// The number of free 4096-byte frames, in O(1).
uint64
nfreepages(void)
{
  return __atomic_load_n(&kmem.nfree, __ATOMIC_RELAXED);
}

// Fill *st with a snapshot of the memory counters. Takes kmem.lock so
// that freepages, allocs and frees agree with each other.
void
memstat_read(struct memstat *st)
{
  acquire(&kmem.lock);
  *st = memstats;
  st->freepages = kmem.nfree;
  release(&kmem.lock);
  st->totalpages = totalpages;
}

#ifdef DEBUG
// For the DEBUG build's checker (kernel/vmcheck.c): the first frame on
// the free list (kernel virtual; 0 if none), and in *nfree the free count.
// Each free frame's first word points to the next (KFREENEXT in
// kalloc.h). Takes kmem.lock; the list stays as it is only while the
// caller holds the checker's lock, since every change to it is a section.
void*
kfreelist(uint64 *nfree)
{
  acquire(&kmem.lock);
  struct run *r = kmem.freelist;
  *nfree = kmem.nfree;
  release(&kmem.lock);
  return r;
}
#endif
