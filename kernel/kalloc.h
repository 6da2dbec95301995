// Physical page allocator with a reference count per frame
// (kernel/kalloc.c). Frames are named by their kernel virtual address
// (what kalloc() returns; P2V of the physical address).
#ifndef COWOS_KALLOC_H
#define COWOS_KALLOC_H
#include "types.h"
#include "param.h"
#include "machine.h"
#include "printf.h"
#include "vmcheck.h"

void   kinit(void);
void  *kalloc(void);
void   kfree(void *pa);
void   kfree_last(void *pa);
void   kfreezero_last(void *pa);
void  *kzalloc(void);
void   kfreezero(void *pa);
int    krefcount(void *pa);
uint64 nfreepages(void);
#ifdef DEBUG
#define KFREELISTS (1 + 2 * NCPU)   // kfreelist(): the global list, caches, pools
void  *kfreelist(int i, uint64 *n);
#define KFREENEXT(pa) (*(void**)(pa))   // the free frame after free frame pa
#endif

// Reference count of each frame of RAM, indexed by (pa - KERNBASE) /
// PGSIZE. Owned by kalloc.c; only the two per-page fast paths below touch
// it from outside. Updated only atomically, never under a lock: a count
// is 0 exactly while its frame is on the free list. (In the DEBUG build
// each update is a section of kernel/vmcheck.h, so that its checker sees
// no count half-way.)
// The first frame the allocator manages, set by kinit(): the frames are
// [kfirstframe, PHYSTOP), after the kernel and the counts in use.
extern char *kfirstframe;

extern int kref[];
#define KREF(pa) (&kref[((uintptr)(pa) >> PGSHIFT) - (KERNBASE >> PGSHIFT)])

// Add a reference to the allocated frame pa: one more page table maps it
// (fork's uvmcopy). Atomic; takes no lock. Inline because fork calls it
// once per shared page.
static inline void
krefinc(void *pa)
{
  VMBEGIN();
  if(atomic_fetch_add(KREF(pa), 1) <= 0)
    panic("krefinc: frame is free");
  VMEND();
}

// Drop one reference to the frame pa, freeing it at the last: what kfree()
// does, inline for the loops that drop one reference per page (exit's
// uvmunmap). Acquire-release, so whoever frees the frame sees every
// sharer's writes. Takes no lock in the common case (kfree_last()).
static inline void
krefdec(void *pa)
{
  VMBEGIN();
  if(atomic_fetch_add(KREF(pa), -1) > 1){
    VMEND();
    return;
  }
  kfree_last(pa);
  VMEND();
}

#endif
