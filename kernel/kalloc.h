// Physical page allocator with a reference count per frame
// (kernel/kalloc.c). Frames are named by their kernel virtual address
// (what kalloc() returns; P2V of the physical address).
//
// A frame's count is the number of references to it: 1 from kalloc(),
// one more for each further page table that maps it (krefinc()), 0 while
// it is free. Letting go of a reference is always the same two steps:
// krefdec() drops it and says whether it was the last; if it was, the
// frame is the caller's alone, and kput() puts it back on a free list.
// kfree(pa) is the two together, for a frame held by one reference.
#ifndef COWOS_KALLOC_H
#define COWOS_KALLOC_H
#include "types.h"
#include "param.h"
#include "machine.h"
#include "printf.h"

void   kinit(void);
void  *kalloc(void);
void  *kzalloc(void);
void   kput(void *pa, int zeroed);
void   kfree(void *pa);
uint64 nfreepages(void);
void   krefpanic(int *ref, const char *why) __attribute__((noreturn));
#ifdef DEBUG
#define KFREELISTS (1 + 2 * NCPU)   // kfreelist(): the global list, caches, pools
void  *kfreelist(int i, uint64 *n);
#define KFREENEXT(pa) (*(void**)(pa))   // the free frame after free frame pa
#endif

// kput()'s second argument: the frame is all zero (an emptied page-table
// page), so it may serve kzalloc() without being cleared again.
#define KPUT_ZEROED 1

// Frames of RAM the reference counts cover: as many as the machine's
// largest PHYSTOP allows (PHYSTOP itself may be set at boot).
#define NFRAME ((PHYSTOP_MAX - KERNBASE) / PGSIZE)

// The counts, one per frame of RAM up to PHYSTOP_MAX, indexed by
// (pa - KERNBASE) / PGSIZE. Only kalloc.c and the inline functions below
// touch them, always atomically and never under a lock.
extern int kref[];
extern char *kfirstframe;   // the first frame kalloc manages (kinit())

// The count of frame pa. The DEBUG build checks that pa is a frame the
// allocator manages (a page-aligned address in [kfirstframe, PHYSTOP));
// the normal build trusts its callers, which hold a reference or found pa
// in a PTE.
static inline int*
krefp(void *pa)
{
#ifdef DEBUG
  uintptr a = (uintptr)pa;
  if(a % PGSIZE != 0 || a < (uintptr)kfirstframe || a >= PHYSTOP){
    printf("kalloc: %p is not a frame of the allocator\n", pa);
    panic("krefp");
  }
#endif
  return &kref[((uintptr)pa >> PGSHIFT) - (KERNBASE >> PGSHIFT)];
}

// Add a reference to the allocated frame pa: one more page table maps it
// (fork). Atomic; takes no lock. Panics if the frame is free.
static inline void
krefinc(void *pa)
{
  int *ref = krefp(pa);
  if(atomic_fetch_add(ref, 1) <= 0)
    krefpanic(ref, "krefinc of a free frame");
}

// Drop one reference to the frame pa. Returns 1 if it was the last: the
// frame (count 0) is then the caller's, to kput() or reuse; else 0.
// Acquire-release, so that whoever gets the last reference sees every
// other sharer's stores to the frame. Atomic; takes no lock. Panics if
// the frame was already free.
static inline int
krefdec(void *pa)
{
  int *ref = krefp(pa);
  int old = atomic_fetch_add(ref, -1);
  if(old > 1)
    return 0;
  if(old < 1)
    krefpanic(ref, "kfree of a free frame");
  return 1;
}

// The number of references to frame pa right now. Only a count of 1
// read by the holder of a reference is stable (nobody else holds one, so
// nobody else can add one); kernel/cow.c says why that is enough.
static inline int
krefcount(void *pa)
{
  return atomic_load_acquire(krefp(pa));
}

#endif
