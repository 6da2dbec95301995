// The block device under the buffer cache and the log: one disk, read and
// written a block (BSIZE bytes) at a time. Each machine's disk driver
// implements it (kernel/riscv/virtio_disk.c: virtio-mmio).
#ifndef COWOS_DISK_H
#define COWOS_DISK_H
#include "types.h"

struct buf;

// Find and set up the disk. Hart 0, once, at boot; panics if there is none.
void   diskinit(void);

// Read (write=0) or write (write=1) block b->blockno of the disk into or
// from b->data, and return when done. Sleeps; caller holds b->lock.
void   diskrw(struct buf *b, int write);

// The disk's size in bytes.
uint64 disksize(void);

#endif
