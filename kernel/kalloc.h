// Physical page allocator with a reference count per page (kernel/kalloc.c).
#ifndef COWOS_KALLOC_H
#define COWOS_KALLOC_H
#include "types.h"
#include "riscv.h"
#include "memlayout.h"
#include "printf.h"

void   kinit(void);
void  *kalloc(void);
void   kfree_last(void *pa);
int    krefcount(void *pa);
uint64 nfreepages(void);

// Reference count of each frame of RAM, indexed by (pa - KERNBASE) /
// PGSIZE. Owned by kalloc.c; only the two fast paths below touch it from
// outside. Updated only with atomic instructions (amoadd.w), never under
// a lock: a count is 0 exactly while its frame is on the free list.
extern int kref[];
#define KREF(pa) (&kref[((uint64)(pa) >> PGSHIFT) - (KERNBASE >> PGSHIFT)])

// Add a reference to the allocated frame at physical address pa: one
// more page table maps it (fork's uvmcopy). Atomic; takes no lock.
// Inline because fork calls it once per shared page.
static inline void
krefinc(void *pa)
{
  if(__atomic_fetch_add(KREF(pa), 1, __ATOMIC_RELAXED) <= 0)
    panic("krefinc: frame is free");
}

// Drop one reference to the frame at physical address pa (page-aligned,
// from kalloc()). At the last reference the frame goes back on the free
// list (kfree_last(), which takes kmem.lock). This is the only way a
// frame is freed. Inline because exit calls it once per page.
// Acquire-release: whoever frees the frame sees every sharer's writes.
static inline void
kfree(void *pa)
{
  int old;
  // amoadd.w.aqrl: one instruction that is both acquire and release
  // (RVWMO, privileged spec's A extension); gcc would add a fence.
  asm volatile("amoadd.w.aqrl %0, %2, (%1)"
               : "=r"(old) : "r"(KREF(pa)), "r"(-1) : "memory");
  if(old > 1)
    return;
  kfree_last(pa);
}

#endif
