// Memory counters reported by the memstat() system call, shared by the
// kernel (kernel/kalloc.c, cow.c, vm.c) and user programs. Every counter
// counts since boot, in 4096-byte pages or in events.
#ifndef COWOS_MEMSTAT_H
#define COWOS_MEMSTAT_H
#include "types.h"

struct memstat {
  uint64 freepages;     // free frames right now (= getNumFreePages())
  uint64 totalpages;    // frames the allocator manages
  uint64 allocs;        // frames handed out by kalloc()
  uint64 frees;         // frames returned to the free list
  uint64 cowfaults;     // stores (user or copyout) to COW pages
  uint64 cowcopies;     // ... that copied the page
  uint64 cowreuses;     // ... that reused it: the last sharer
  uint64 lazyfaults;    // pages allocated at first touch (sbrklazy)
  uint64 forkshared;    // pages fork mapped into a child without a copy
};

#ifdef KERNEL
#include "machine.h"
// The kernel's counters (kernel/kalloc.c). freepages and totalpages are
// filled in by memstat_read(); the others are bumped where they happen,
// with the machine's atomic 64-bit add.
extern struct memstat memstats;
#define MEMSTAT_ADD(field, n) atomic_add64(&memstats.field, (n))
void memstat_read(struct memstat *st);
#endif

#endif
