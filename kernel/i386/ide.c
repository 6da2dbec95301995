// Driver for the disk on the PC's primary IDE channel (the master
// device), by programmed I/O with interrupts: one request at a time, a
// block of BSIZE bytes as BSIZE/512 sectors by LBA28: the machine's disk
// driver of kernel/disk.h (hwdiskinit(), ...). Facts: ATA/ATAPI-6 (T13/1410D):
// 7.x the command block registers at 0x1F0-0x1F7 (data, error, sector
// count, LBA 0-7, 8-15, 16-23, device/LBA 24-27, status/command) and the
// device control register at 0x3F6; 8.x READ SECTORS (0x20), WRITE SECTORS
// (0x30), IDENTIFY DEVICE (0xEC: words 60-61, the LBA28 sector count);
// 9.5-9.6 the PIO data-in and data-out protocols (an interrupt for
// every sector; for a write, the first sector goes out on DRQ, without
// one). The primary channel interrupts on ISA IRQ 14. The status
// register of a device that is not there reads 0 on QEMU's PC (its
// hw/ide/core.c, ide_ioport_read()), and 0xFF where no controller
// answers at all (the ISA bus floats high).
#include "types.h"
#include "param.h"
#include "machine.h"
#include "x86.h"
#include "pc.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "printf.h"
#include "proc.h"
#include "fs.h"
#include "buf.h"
#include "disk.h"

#define IDE_DATA    0x1F0
#define IDE_COUNT   0x1F2
#define IDE_LBA0    0x1F3
#define IDE_LBA1    0x1F4
#define IDE_LBA2    0x1F5
#define IDE_DEVICE  0x1F6
#define  DEV_LBA_MASTER 0xE0   // LBA addressing, device 0
#define IDE_STATUS  0x1F7      // read
#define IDE_COMMAND 0x1F7      // write
#define IDE_CONTROL 0x3F6      // write: bit 1 (nIEN) 0 = interrupts on

#define ST_BSY  0x80
#define ST_DRDY 0x40
#define ST_DF   0x20
#define ST_DRQ  0x08
#define ST_ERR  0x01

#define CMD_READ     0x20
#define CMD_WRITE    0x30
#define CMD_IDENTIFY 0xEC

#define SECTOR_BYTES 512
#define SECTORS_PER_BLOCK (BSIZE / SECTOR_BYTES)

static struct {
  struct spinlock lock;
  struct buf *cur;     // the request in progress, or 0
  int write;           // ... is a write
  int done;            // sectors of it transferred
  uint64 sectors;      // the disk's size, from IDENTIFY
} ide;

// Wait until the device is not busy; returns the status.
static int
idewait(void)
{
  int s;
  while((s = inb(IDE_STATUS)) & ST_BSY)
    ;
  return s;
}

// Select the master and wait until it is ready; panic if it reports an
// error (a disk fault is not something a user program can cause).
static void
idecheck(const char *what)
{
  int s = idewait();
  if(s & (ST_ERR | ST_DF)){
    printf("ide: %s: status 0x%x\n", what, s);
    panic("ide: disk error");
  }
}

// Find the disk, learn its size, turn its interrupts on. CPU 0, once,
// at boot. Returns 0 if there is no disk on the primary channel's master
// (status 0 or 0xFF after IDENTIFY: nothing is waited for), 1 when it is
// ready; panics if it reports an error.
int
hwdiskinit(void)
{
  ushort id[256];
  int s;

  initlock(&ide.lock, "ide");
  outb(IDE_CONTROL, 0);
  outb(IDE_DEVICE, DEV_LBA_MASTER);
  outb(IDE_COMMAND, CMD_IDENTIFY);
  s = inb(IDE_STATUS);
  if(s == 0 || s == 0xFF)
    return 0;
  idecheck("identify");
  if((inb(IDE_STATUS) & ST_DRQ) == 0)
    panic("ide: identify returned no data");
  insl(IDE_DATA, id, sizeof(id) / 4);
  ide.sectors = id[60] | ((uint32)id[61] << 16);
  return 1;
}

// The disk's size in bytes.
uint64
hwdisksize(void)
{
  return ide.sectors * SECTOR_BYTES;
}

// Issue the command for ide.cur: READ or WRITE SECTORS of its block, and
// for a write, the first sector. ide.lock held.
static void
idestart(void)
{
  struct buf *b = ide.cur;
  uint32 lba = b->blockno * SECTORS_PER_BLOCK;

  idewait();
  outb(IDE_COUNT, SECTORS_PER_BLOCK);
  outb(IDE_LBA0, lba);
  outb(IDE_LBA1, lba >> 8);
  outb(IDE_LBA2, lba >> 16);
  outb(IDE_DEVICE, DEV_LBA_MASTER | ((lba >> 24) & 0x0F));
  outb(IDE_COMMAND, ide.write ? CMD_WRITE : CMD_READ);
  if(ide.write){
    idecheck("write");
    outsl(IDE_DATA, b->data, SECTOR_BYTES / 4);
  }
}

// Read (write=0) or write (write=1) block b->blockno into or from
// b->data, and return when done. Sleeps, first until no other request is
// in progress; caller holds b->lock. Panics on a block past the disk's
// end (the file system never asks for one).
void
hwdiskrw(struct buf *b, int write)
{
  if((uint64)(b->blockno + 1) * SECTORS_PER_BLOCK > ide.sectors)
    panic("ide: block beyond the disk");
  acquire(&ide.lock);
  while(ide.cur)
    sleep(&ide, &ide.lock);
  ide.cur = b;
  ide.write = write;
  ide.done = 0;
  b->disk = 1;
  idestart();
  while(b->disk)
    sleep(b, &ide.lock);
  ide.cur = 0;
  wakeup(&ide);
  release(&ide.lock);
}

// The disk interrupted: a sector of the current request has been read
// (take it from the data port) or written (send the next one, if any).
// When the whole block is done, wake hwdiskrw(). Interrupt context.
void
ideintr(void)
{
  acquire(&ide.lock);
  struct buf *b = ide.cur;
  if(b == 0 || b->disk == 0){
    inb(IDE_STATUS);   // acknowledge: nothing was asked
    release(&ide.lock);
    return;
  }
  idecheck(ide.write ? "write" : "read");
  if(!ide.write)
    insl(IDE_DATA, b->data + ide.done * SECTOR_BYTES, SECTOR_BYTES / 4);
  ide.done++;
  if(ide.done < SECTORS_PER_BLOCK){
    if(ide.write)
      outsl(IDE_DATA, b->data + ide.done * SECTOR_BYTES, SECTOR_BYTES / 4);
  } else {
    b->disk = 0;
    wakeup(b);
  }
  release(&ide.lock);
}
