// The block device of kernel/disk.h: the machine's disk if it has one,
// else a RAM disk. The RAM disk is the image of a file system that the
// boot loader left in RAM (i386: the first Multiboot module; the machine
// says where, kernel/arch.h's ramdiskpa and ramdisklen). kinit() gave
// none of its frames to the allocator, and the kernel reaches it through
// the direct map (P2V). Blocks are copied to and from it with memmove:
// nothing is saved anywhere else, so what is written is lost at
// power-off.
#include "types.h"
#include "param.h"
#include "machine.h"
#include "arch.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "fs.h"
#include "buf.h"
#include "disk.h"
#include "string.h"
#include "printf.h"

static int useram;   // 1: the RAM disk serves the block device
static char *ram;    // its first byte (a kernel address)

// See disk.h. Prints one line for the RAM disk, none for the machine's.
void
diskinit(void)
{
  if(hwdiskinit())
    return;
  if(ramdisklen == 0)
    panic("diskinit: no disk, and no RAM disk image from the boot loader");
  // In kernel addresses: RAM is [KERNBASE, PHYSTOP) on every machine.
  ram = P2V(ramdiskpa);
  if((uintptr)ram < KERNBASE || (uintptr)ram + ramdisklen > PHYSTOP || ramdisklen < BSIZE)
    panic("diskinit: RAM disk image outside the kernel's RAM, or empty");
  useram = 1;
  printf("cowos: RAM disk, %d KiB from the boot loader: "
         "writes are lost at power-off\n", (int)(ramdisklen >> 10));
}

// See disk.h. The RAM disk's copy takes no lock: a block has one buffer
// at a time (the buffer cache's, or for the log's area the log's own),
// whose owner the caller is, and different blocks do not overlap.
void
diskrw(struct buf *b, int write)
{
  if(!useram){
    hwdiskrw(b, write);
    return;
  }
  if((uint64)b->blockno * BSIZE + BSIZE > ramdisklen)
    panic("ramdisk: block beyond the disk");
  char *p = ram + (uint64)b->blockno * BSIZE;
  if(write)
    memmove(p, b->data, BSIZE);
  else
    memmove(b->data, p, BSIZE);
}

// See disk.h. The RAM disk's size is its image's, rounded down to a block.
uint64
disksize(void)
{
  if(!useram)
    return hwdisksize();
  return ramdisklen / BSIZE * BSIZE;
}
