// Driver for a virtio-mmio block device (modern interface, version 2):
// the first, by address, of the device tree's virtio-mmio slots
// (board.virtio, fdt.c) that holds one; QEMU's virt has eight slots.
// One split virtqueue; every request is a chain of three descriptors:
// header, data block, status byte.
//
// References: virtio spec v1.1, 2.6 (split virtqueues), 3.1.1 (driver
// initialization), 4.2.2 (MMIO register layout), 5.2 (block device).
// It is the machine's disk driver of kernel/disk.h (hwdiskinit(), ...).
#include "types.h"
#include "param.h"
#include "board.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "printf.h"
#include "string.h"
#include "kalloc.h"
#include "proc.h"
#include "fs.h"
#include "buf.h"
#include "disk.h"

// MMIO registers, byte offsets from the slot's base (spec 4.2.2, table 4.1).
#define VIO_MAGIC          0x000   // reads "virt"
#define VIO_VERSION        0x004   // 2 for the modern interface
#define VIO_DEVICE_ID      0x008   // 2 for a block device
#define VIO_DEV_FEAT       0x010
#define VIO_DEV_FEAT_SEL   0x014
#define VIO_DRV_FEAT       0x020
#define VIO_DRV_FEAT_SEL   0x024
#define VIO_QUEUE_SEL      0x030
#define VIO_QUEUE_NUM_MAX  0x034
#define VIO_QUEUE_NUM      0x038
#define VIO_QUEUE_READY    0x044
#define VIO_QUEUE_NOTIFY   0x050
#define VIO_INTR_STATUS    0x060
#define VIO_INTR_ACK       0x064
#define VIO_STATUS         0x070
#define VIO_QUEUE_DESC_LO  0x080
#define VIO_QUEUE_DESC_HI  0x084
#define VIO_QUEUE_DRV_LO   0x090   // available ring
#define VIO_QUEUE_DRV_HI   0x094
#define VIO_QUEUE_DEV_LO   0x0a0   // used ring
#define VIO_QUEUE_DEV_HI   0x0a4
#define VIO_CONFIG_GEN     0x0fc
#define VIO_CONFIG         0x100   // block config: capacity (u64, sectors) first

#define VIO_MAGIC_VALUE    0x74726976
#define VIO_BLOCK_DEVICE   2

// Device status bits (spec 2.1).
#define STAT_ACKNOWLEDGE   1
#define STAT_DRIVER        2
#define STAT_DRIVER_OK     4
#define STAT_FEATURES_OK   8

// Feature bits we refuse (spec 5.2.3 and 6).
#define FEAT_BLK_RO          5
#define FEAT_BLK_SCSI        7
#define FEAT_BLK_CONFIG_WCE 11
#define FEAT_BLK_MQ         12
#define FEAT_ANY_LAYOUT     27
#define FEAT_INDIRECT_DESC  28
#define FEAT_EVENT_IDX      29
// Feature we require: bit 32, the first bit of the high feature word.
#define FEAT_VERSION_1      32

// Descriptor flags (spec 2.6.5).
#define DESC_F_NEXT   1   // chain continues at .next
#define DESC_F_WRITE  2   // device writes this buffer

// Block request types and status (spec 5.2.6).
#define BLK_T_IN      0   // read from disk
#define BLK_T_OUT     1   // write to disk
#define BLK_S_OK      0

#define SECTOR_BYTES  512
#define SECTORS_PER_BLOCK (BSIZE / SECTOR_BYTES)

#define VQ_SIZE 8         // descriptors in our queue
#define DESC_PER_REQ 3    // header, data, status

struct vq_desc {
  uint64 addr;    // physical address
  uint32 len;     // bytes
  uint16 flags;
  uint16 next;
};

struct vq_avail {
  uint16 flags;
  uint16 idx;                // where the driver puts the next entry
  uint16 ring[VQ_SIZE];      // head descriptor indices
  uint16 used_event;         // unused (no EVENT_IDX)
};

struct vq_used_elem {
  uint32 id;    // head of the finished chain
  uint32 len;   // bytes written by the device
};

struct vq_used {
  uint16 flags;
  uint16 idx;                // where the device puts the next entry
  struct vq_used_elem ring[VQ_SIZE];
  uint16 avail_event;
};

// Request header, read by the device (spec 5.2.6).
struct blk_req_hdr {
  uint32 type;
  uint32 reserved;
  uint64 sector;
};

static struct {
  struct spinlock lock;      // protects everything below
  volatile struct vq_desc *desc;    // one page each, shared with the device
  volatile struct vq_avail *avail;
  volatile struct vq_used *used;
  char is_free[VQ_SIZE];     // descriptor i is not part of a chain
  uint16 used_seen;          // used->idx value we have processed up to
  uint64 capacity;           // device size, sectors
  uint64 base;               // the slot's registers (physical = kernel address)
  int irq;                   // its PLIC interrupt; 0: no disk

  // Per request, indexed by its head descriptor. Kept here (not on a
  // kernel stack) because the device needs physical addresses, which
  // V2P() gives for RAM's direct map, not for a kernel stack.
  struct {
    struct buf *b;
    volatile uint8 status;
    struct blk_req_hdr hdr;
  } req[VQ_SIZE];
} disk;

static inline uint32
reg_read(uint off)
{
  return *(volatile uint32 *)(disk.base + off);
}

static inline void
reg_write(uint off, uint32 val)
{
  *(volatile uint32 *)(disk.base + off) = val;
}

// Read the 64-bit capacity from config space; retry if the device changed
// the config while we read its two halves (spec 4.2.2.2).
static uint64
read_capacity(void)
{
  uint32 gen, lo, hi;

  do {
    gen = reg_read(VIO_CONFIG_GEN);
    lo = reg_read(VIO_CONFIG);
    hi = reg_read(VIO_CONFIG + 4);
  } while(gen != reg_read(VIO_CONFIG_GEN));
  return ((uint64)hi << 32) | lo;
}

// Accept the device's low feature word minus what we do not implement,
// and VERSION_1 alone from the high word. Panics if the device refuses.
static void
negotiate_features(void)
{
  uint32 lo, hi;

  reg_write(VIO_DEV_FEAT_SEL, 0);
  lo = reg_read(VIO_DEV_FEAT);
  reg_write(VIO_DEV_FEAT_SEL, 1);
  hi = reg_read(VIO_DEV_FEAT);
  if(!(hi & (1u << (FEAT_VERSION_1 - 32))))
    panic("virtio disk: device does not offer VERSION_1");

  lo &= ~((1u << FEAT_BLK_RO) | (1u << FEAT_BLK_SCSI) |
          (1u << FEAT_BLK_CONFIG_WCE) | (1u << FEAT_BLK_MQ) |
          (1u << FEAT_ANY_LAYOUT) | (1u << FEAT_INDIRECT_DESC) |
          (1u << FEAT_EVENT_IDX));
  reg_write(VIO_DRV_FEAT_SEL, 0);
  reg_write(VIO_DRV_FEAT, lo);
  reg_write(VIO_DRV_FEAT_SEL, 1);
  reg_write(VIO_DRV_FEAT, 1u << (FEAT_VERSION_1 - 32));

  reg_write(VIO_STATUS, reg_read(VIO_STATUS) | STAT_FEATURES_OK);
  if(!(reg_read(VIO_STATUS) & STAT_FEATURES_OK))
    panic("virtio disk: features not accepted");
}

// Allocate one zeroed page for a ring; panics if memory is exhausted at boot.
static void *
ring_page(void)
{
  void *pa = kalloc();

  if(pa == 0)
    panic("virtio disk: no memory for rings");
  memset(pa, 0, PGSIZE);
  return pa;
}

// Set up queue 0 with VQ_SIZE descriptors.
static void
setup_queue(void)
{
  uint64 a;

  reg_write(VIO_QUEUE_SEL, 0);
  if(reg_read(VIO_QUEUE_READY) != 0)
    panic("virtio disk: queue 0 already in use");
  if(reg_read(VIO_QUEUE_NUM_MAX) < VQ_SIZE)
    panic("virtio disk: queue 0 too short");

  disk.desc = ring_page();
  disk.avail = ring_page();
  disk.used = ring_page();
  reg_write(VIO_QUEUE_NUM, VQ_SIZE);

  a = V2P(disk.desc);
  reg_write(VIO_QUEUE_DESC_LO, (uint32)a);
  reg_write(VIO_QUEUE_DESC_HI, (uint32)(a >> 32));
  a = V2P(disk.avail);
  reg_write(VIO_QUEUE_DRV_LO, (uint32)a);
  reg_write(VIO_QUEUE_DRV_HI, (uint32)(a >> 32));
  a = V2P(disk.used);
  reg_write(VIO_QUEUE_DEV_LO, (uint32)a);
  reg_write(VIO_QUEUE_DEV_HI, (uint32)(a >> 32));

  reg_write(VIO_QUEUE_READY, 1);
}

// Find the disk, reset it, negotiate features and set up the queue
// (spec 3.1.1). Called once at boot on one hart, before any I/O. Returns
// 0 if no virtio-mmio slot holds a block device (a slot with nothing
// attached has device ID 0, which the driver ignores: spec 4.2.3.1.1), 1
// when the disk is ready; panics if the device is unusable.
int
hwdiskinit(void)
{
  int i;

  initlock(&disk.lock, "virtio_disk");

  for(i = 0; i < board.nvirtio && disk.irq == 0; i++){
    disk.base = board.virtio[i].pa;
    if(reg_read(VIO_MAGIC) == VIO_MAGIC_VALUE &&
       reg_read(VIO_DEVICE_ID) == VIO_BLOCK_DEVICE)
      disk.irq = board.virtio[i].irq;
  }
  if(disk.irq == 0)
    return 0;
  if(reg_read(VIO_VERSION) != 2)
    panic("virtio disk: not a modern (version 2) device; "
          "run QEMU with -global virtio-mmio.force-legacy=false");

  reg_write(VIO_STATUS, 0);   // reset
  reg_write(VIO_STATUS, STAT_ACKNOWLEDGE);
  reg_write(VIO_STATUS, STAT_ACKNOWLEDGE | STAT_DRIVER);
  negotiate_features();
  setup_queue();
  disk.capacity = read_capacity();

  for(i = 0; i < VQ_SIZE; i++)
    disk.is_free[i] = 1;
  disk.used_seen = 0;

  reg_write(VIO_STATUS, reg_read(VIO_STATUS) | STAT_DRIVER_OK);
  return 1;
}

// Take DESC_PER_REQ free descriptors into idx[]. Returns 0, or -1 (taking
// none) if too few are free. Caller holds disk.lock.
static int
take_descs(int *idx)
{
  int i, n = 0;

  for(i = 0; i < VQ_SIZE && n < DESC_PER_REQ; i++)
    if(disk.is_free[i])
      idx[n++] = i;
  if(n < DESC_PER_REQ)
    return -1;
  for(i = 0; i < n; i++)
    disk.is_free[idx[i]] = 0;
  return 0;
}

// Return the chain starting at head to the free set and wake anyone waiting
// for descriptors. Caller holds disk.lock.
static void
free_chain(int head)
{
  int i = head;

  for(;;){
    int more = disk.desc[i].flags & DESC_F_NEXT;
    int next = disk.desc[i].next;

    if(disk.is_free[i])
      panic("virtio disk: freeing a free descriptor");
    disk.desc[i].addr = 0;
    disk.desc[i].len = 0;
    disk.desc[i].flags = 0;
    disk.desc[i].next = 0;
    disk.is_free[i] = 1;
    if(!more)
      break;
    i = next;
  }
  wakeup(&disk.is_free);
}

static void
set_desc(int i, uint64 addr, uint32 len, uint16 flags, uint16 next)
{
  disk.desc[i].addr = addr;
  disk.desc[i].len = len;
  disk.desc[i].flags = flags;
  disk.desc[i].next = next;
}

// Read (write == 0) or write (write != 0) block b->blockno of the disk
// into/from b->data (BSIZE bytes), sleeping until the device is done.
// Caller holds b->lock and runs in process context. Sleeps while the queue
// is full. Panics on a device I/O error or a block beyond the disk's end.
void
hwdiskrw(struct buf *b, int write)
{
  uint64 sector = (uint64)b->blockno * SECTORS_PER_BLOCK;
  int d[DESC_PER_REQ];
  int head;

  acquire(&disk.lock);
  if(sector + SECTORS_PER_BLOCK > disk.capacity)
    panic("virtio disk: block beyond end of disk");

  while(take_descs(d) < 0)
    sleep(&disk.is_free, &disk.lock);
  head = d[0];

  disk.req[head].hdr.type = write ? BLK_T_OUT : BLK_T_IN;
  disk.req[head].hdr.reserved = 0;
  disk.req[head].hdr.sector = sector;
  disk.req[head].status = 0xff;   // the device writes BLK_S_OK on success
  disk.req[head].b = b;

  set_desc(d[0], V2P(&disk.req[head].hdr), sizeof(struct blk_req_hdr),
           DESC_F_NEXT, d[1]);
  set_desc(d[1], V2P(b->data), BSIZE,
           DESC_F_NEXT | (write ? 0 : DESC_F_WRITE), d[2]);
  set_desc(d[2], V2P(&disk.req[head].status), 1, DESC_F_WRITE, 0);

  b->disk = 1;
  disk.avail->ring[disk.avail->idx % VQ_SIZE] = head;
  // The ring entry and descriptors must be visible before the index moves,
  // and the index before the notify (spec 2.6.13).
  __sync_synchronize();
  disk.avail->idx = disk.avail->idx + 1;
  __sync_synchronize();
  reg_write(VIO_QUEUE_NOTIFY, 0);

  while(b->disk == 1)
    sleep(b, &disk.lock);

  disk.req[head].b = 0;
  free_chain(head);
  release(&disk.lock);
}

// Interrupt handler, called by the trap code with each PLIC interrupt
// irq that is not the console's. If irq is the disk's, acknowledge it
// and finish every request the device has placed in the used ring since
// the last call, and return 1; otherwise return 0. Takes disk.lock.
int
virtio_disk_intr(int irq)
{
  if(disk.irq == 0 || irq != disk.irq)
    return 0;
  acquire(&disk.lock);

  // Ack first: a completion arriving after this raises a new interrupt,
  // and any arriving before is seen by the loop below.
  reg_write(VIO_INTR_ACK, reg_read(VIO_INTR_STATUS) & 0x3);
  __sync_synchronize();

  while(disk.used_seen != disk.used->idx){
    uint32 id;
    struct buf *b;

    __sync_synchronize();   // read the entry only after seeing the index
    id = disk.used->ring[disk.used_seen % VQ_SIZE].id;
    if(id >= VQ_SIZE || (b = disk.req[id].b) == 0)
      panic("virtio disk: completion for unknown request");
    if(disk.req[id].status != BLK_S_OK)
      panic("virtio disk: I/O error");
    b->disk = 0;
    wakeup(b);
    disk.used_seen++;
  }

  release(&disk.lock);
  return 1;
}

// Size of the disk in bytes, as its config space reported it at
// hwdiskinit() (virtio spec 5.2.4: capacity in 512-byte sectors).
uint64
hwdisksize(void)
{
  return disk.capacity * SECTOR_BYTES;
}
