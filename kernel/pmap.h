// The pmap() system call (kernel/pmap.c), shared by the kernel and user
// programs (user/pmap.c): a process's user address space as runs of
// pages in the same state. The records are the same on every machine:
// their flags are not PTE bits, and no record holds a physical or kernel
// address, only user virtual addresses and counts.
//
// int pmap(int pid, uint64 va, struct pmapent *buf, int n)
//
// Describe the user memory of process pid (any process, the caller's own
// included) from user virtual address va (rounded down to a page) up to
// the process's size: store in buf up to n records (and at most
// PMAP_MAXREC in one call) in ascending order of va. Each record but the
// last is a run of consecutive pages in one state: the same PMAP_R, W, X,
// U, COW and LAZY flags and the same reference count. Once the walk
// reaches the process's size, a PMAP_END record closes the address
// space. To read the rest, call again from the end of the last record
// (va + npages * PGSIZE) until a PMAP_END record comes back.
//
// Returns the number of records stored (0 only when n is 0, which asks
// whether pid exists), or -1 if no process has that pid, n is negative,
// or buf is not writable. Each call describes one moment: the process
// does not run while the kernel reads its page table. Two calls may see
// two moments, so that two records that meet may have the same state.
// A reference count is the number of page tables that map the frame
// right now: other sharers may copy or exit at any time.
#ifndef COWOS_PMAP_H
#define COWOS_PMAP_H
#include "types.h"

struct pmapent {
  uint64 va;       // first page, a user virtual address (bytes, page-aligned)
  uint64 npages;   // pages in the run; in a PMAP_END record, see below
  uint   flags;    // PMAP_* below
  int    ref;      // each page's frame: how many page tables map it (0: lazy)
};

#define PMAP_R     0x01   // readable
#define PMAP_W     0x02   // writable now
#define PMAP_X     0x04   // executable
#define PMAP_U     0x08   // user-accessible (clear on the stack's guard page)
#define PMAP_COW   0x10   // copy-on-write: shared by a fork, the first store copies
#define PMAP_LAZY  0x20   // below the size but not backed yet (no page): ref 0
// The last record: va is the top of user memory (the process's size
// rounded up to a page), npages the page-table pages of the whole address
// space (its root, and the tables that map the trap frame, included),
// ref 0.
#define PMAP_END   0x40

#define PMAP_MAXREC 32    // most records one call stores

#ifdef KERNEL
#include "machine.h"
// Visit every page-table page of pagetable and every valid leaf PTE
// (kernel/pmap.c).
uint64 ptvisit(pagetable_t pagetable, void (*leaf)(uint64 va, pte_t pte, void *arg), void *arg);
#endif

#endif
