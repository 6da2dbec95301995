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
// U, COW, LAZY and PTSHARED flags, the same reference count and the same
// count of their leaf page table. Once the walk
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
// right now: other sharers may copy or exit at any time. fork shares
// leaf page tables whole (kernel/vm.c): processes that share one leaf
// table count as one page table for the frames it maps, and the table's
// own count (ptref) says how many processes share it.
#ifndef COWOS_PMAP_H
#define COWOS_PMAP_H
#include "types.h"

struct pmapent {
  uint64 va;       // first page, a user virtual address (bytes, page-aligned)
  uint64 npages;   // pages in the run; in a PMAP_END record, see below
  uint   flags;    // PMAP_* below
  int    ref;      // each page's frame: how many page tables map it (0: lazy)
  int    ptref;    // the pages' leaf page table: how many processes share it (0: lazy)
  int    unused;   // 0
};

#define PMAP_R     0x01   // readable
#define PMAP_W     0x02   // writable now: a store succeeds without a fault
#define PMAP_X     0x04   // executable
#define PMAP_U     0x08   // user-accessible (clear on the stack's guard page)
#define PMAP_COW   0x10   // copy-on-write: a store faults and copies the page, or its
                          // shared leaf table (unless this process holds the last
                          // reference: then it takes it back without a copy)
#define PMAP_LAZY  0x20   // below the size but not backed yet (no page): ref 0
// The last record: va is the top of user memory (the process's size
// rounded up to a page), npages the page-table pages of the whole address
// space (its root, and the tables that map the trap frame, included; a
// shared leaf table counts in every process that shares it), ptref how
// many of them are leaf tables marked shared, ref 0.
#define PMAP_END   0x40
// The pages' leaf table is marked shared by a fork (and ptref > 1: other
// processes map it now): the first store or new page in its range gives
// this process its own copy (or takes it back if ptref is 1).
#define PMAP_PTSHARED 0x80

#define PMAP_MAXREC 32    // most records one call stores

#endif
