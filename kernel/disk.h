// The block device under the buffer cache and the log: one disk, read and
// written a block (BSIZE bytes) at a time. kernel/disk.c implements it
// over the machine's disk controller if it has a disk, else over a RAM
// disk: an image of the file system that the boot loader left in RAM.
#ifndef COWOS_DISK_H
#define COWOS_DISK_H
#include "types.h"

struct buf;

// Find and set up the disk: the machine's (hwdiskinit()), else the RAM
// disk (ramdiskpa, kernel/arch.h), saying so on the console. Hart 0,
// once, at boot, after kinit(); panics if there is neither.
void   diskinit(void);

// Read (write=0) or write (write=1) block b->blockno of the disk into or
// from b->data, and return when done. May sleep; caller holds b->lock.
// Panics on a block past the disk's end (the file system asks for none).
void   diskrw(struct buf *b, int write);

// The disk's size in bytes.
uint64 disksize(void);

// The machine's disk driver (kernel/riscv/virtio_disk.c: virtio-mmio;
// kernel/i386/ide.c: the primary IDE channel's master).
//
// Look for the disk and set it up: 1 if there is one, 0 if the machine
// has none (no controller, or no drive on it), without waiting long for
// an absent device. Hart 0, once, at boot; panics on a disk that is
// there but unusable.
int    hwdiskinit(void);
// diskrw() and disksize() for that disk, after hwdiskinit() returned 1.
void   hwdiskrw(struct buf *b, int write);
uint64 hwdisksize(void);

#endif
