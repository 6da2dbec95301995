// RAM and harts from the device tree that the SBI firmware passes to the
// boot hart in a1 (QEMU's virt machine: QEMU builds the tree, OpenSBI
// adds to it, e.g. /reserved-memory for itself). Read once, by the boot
// hart in start.c before main(), with paging off.
//
// Format (Devicetree Specification v0.4, ch. 5, "Flattened Devicetree
// (DTB) Format"): a header of big-endian 32-bit words (magic 0xd00dfeed,
// offsets of the structure block and the strings block), then the
// structure block: tokens FDT_BEGIN_NODE (name follows, NUL-terminated,
// padded to 4 bytes), FDT_END_NODE, FDT_PROP (value length, name offset
// in the strings block, value padded to 4), FDT_NOP, FDT_END. The
// /memory node's "reg" holds (address, size) pairs in the root's
// #address-cells and #size-cells (ch. 2.3.5-2.3.6, 3.4); /cpus has one
// cpu@N child per hart, its "reg" the hart id (ch. 3.7, 3.8; /cpus's
// #address-cells is 1 for RISC-V); /reserved-memory's children are
// regions no one but their owner may use, in that node's own cells
// (ch. 3.5).
#include "types.h"
#include "param.h"
#include "machine.h"
#include "virt.h"
#include "arch.h"

extern char _entry[];   // entry.S: the kernel's first byte

#define FDT_MAGIC      0xd00dfeed
#define FDT_BEGIN_NODE 1
#define FDT_END_NODE   2
#define FDT_PROP       3
#define FDT_NOP        4
#define FDT_END        9

// The kernel address one beyond the last byte of RAM the kernel uses
// (PHYSTOP in machine.h). Until fdtinit() runs, and if the device tree
// cannot be read, the RAM size the kernel was built for.
uint64 physstop = KERNBASE + (uint64)PHYSMEM_MB*1024*1024;

// CPUs the kernel runs on, at most NCPU (kernel/arch.h): the harts of the
// device tree that start (start.c).
int ncpu = 1;

// The RAM disk image (kernel/arch.h): the initrd the firmware or boot
// loader names in the device tree's /chosen (linux,initrd-start and
// linux,initrd-end: QEMU's -initrd puts them there), 0 if none.
uint64 ramdiskpa, ramdisklen;

// MiB of RAM the device tree reports, which may be more than the kernel
// uses (PHYSTOP_MAX); 0 if it could not be read. For the banner.
uint64 fdtram;

// A big-endian 32-bit word at p.
static uint32
be32(const void *p)
{
  const uchar *b = p;
  return (uint32)b[0] << 24 | (uint32)b[1] << 16 | (uint32)b[2] << 8 | b[3];
}

// A number of cells (1 or 2 big-endian words) at p.
static uint64
cells(const uchar *p, int n)
{
  uint64 v = 0;
  for(int i = 0; i < n; i++)
    v = v << 32 | be32(p + 4*i);
  return v;
}

static int
streq(const char *a, const char *b)
{
  while(*a && *a == *b)
    a++, b++;
  return *a == *b;
}

// Whether node name (a NUL-terminated string) is base or base@unit.
static int
isnode(const char *name, const char *base)
{
  while(*base && *name == *base)
    name++, base++;
  return *base == 0 && (*name == 0 || *name == '@');
}

// Read RAM and harts from the device tree at physical address dtb: set
// physstop to the end of the RAM region that holds the kernel (bounded
// by PHYSTOP_MAX, and below any reserved region above the kernel's
// start), and fdtram to the RAM size the tree reports; put in harts[]
// the hart ids of the tree's harts other than boothart, in the tree's
// order, at most NCPU-1 of them, leaving out those whose status is not
// "okay", and return how many; set ramdiskpa and ramdisklen to the
// initrd /chosen names, if it lies in that RAM above the kernel. Leaves
// the built-in RAM defaults (and returns 0) if dtb is 0 or does not hold
// a device tree. The boot hart, once, before main().
int
fdtinit(uint64 dtb, uint64 boothart, uint64 *harts)
{
  const uchar *h = (const uchar*)dtb;
  int acells = 2, scells = 1;   // the root's defaults (spec 2.3.5)
  int racells = 2, rscells = 1; // /reserved-memory's
  int cpucells = 1;             // /cpus's #address-cells
  int depth = 0, inmem = 0, incpus = 0, inresv = 0, incpu = 0, inchosen = 0, nharts = 0;
  uint64 ramtop = 0, ramsize = 0, resvlow = ~0ULL, initrd = 0, initrdend = 0;
  uint64 hart = 0;
  int hartok = 0;

  if(dtb == 0 || be32(h) != FDT_MAGIC)
    return 0;
  const uchar *p = h + be32(h + 8);             // off_dt_struct
  const char *strings = (const char*)h + be32(h + 12);   // off_dt_strings

  for(;;){
    uint32 tok = be32(p);
    p += 4;
    if(tok == FDT_BEGIN_NODE){
      const char *name = (const char*)p;
      int len = 0;
      while(name[len])
        len++;
      p += (len + 1 + 3) & ~3;
      depth++;
      inmem = depth == 2 && isnode(name, "memory");
      if(depth == 2){
        incpus = isnode(name, "cpus");
        inresv = isnode(name, "reserved-memory");
        inchosen = isnode(name, "chosen");
      }
      if(depth == 3){
        incpu = incpus && isnode(name, "cpu");
        hart = ~0ULL;
        hartok = 1;   // no status property means "okay" (spec 2.3.4)
      }
    } else if(tok == FDT_END_NODE){
      if(depth == 3){
        if(incpu && hartok && hart != ~0ULL && hart != boothart && nharts < NCPU-1)
          harts[nharts++] = hart;
        incpu = 0;
      }
      depth--;
      inmem = 0;
      if(depth < 2)
        incpus = inresv = inchosen = 0;
    } else if(tok == FDT_PROP){
      uint32 len = be32(p);
      const char *pname = strings + be32(p + 4);
      const uchar *val = p + 8;
      p += 8 + ((len + 3) & ~3);
      if(depth == 1 && streq(pname, "#address-cells"))
        acells = be32(val);
      else if(depth == 1 && streq(pname, "#size-cells"))
        scells = be32(val);
      else if(depth == 2 && incpus && streq(pname, "#address-cells"))
        cpucells = be32(val);
      else if(depth == 2 && inresv && streq(pname, "#address-cells"))
        racells = be32(val);
      else if(depth == 2 && inresv && streq(pname, "#size-cells"))
        rscells = be32(val);
      else if(depth == 2 && inchosen && streq(pname, "linux,initrd-start") && (len == 4 || len == 8))
        initrd = cells(val, len / 4);   // one or two cells, as the writer chose
      else if(depth == 2 && inchosen && streq(pname, "linux,initrd-end") && (len == 4 || len == 8))
        initrdend = cells(val, len / 4);
      else if(depth == 3 && incpu && streq(pname, "reg") && cpucells <= 2 && len >= 4*cpucells)
        hart = cells(val, cpucells);
      else if(depth == 3 && incpu && streq(pname, "status"))
        hartok = streq((const char*)val, "okay") || streq((const char*)val, "ok");
      else if(depth == 3 && inresv && streq(pname, "reg") && racells <= 2 && rscells <= 2){
        // The lowest reserved region that starts at or above the kernel
        // (the firmware's own, below the kernel, is not in the way).
        int n = 4 * (racells + rscells);
        for(uint32 off = 0; off + n <= len; off += n){
          uint64 base = cells(val + off, racells);
          if(base >= (uint64)_entry && base < resvlow)
            resvlow = base;
        }
      } else if(inmem && streq(pname, "reg") && acells <= 2 && scells <= 2){
        int n = 4 * (acells + scells);
        for(uint32 off = 0; off + n <= len; off += n){
          uint64 base = cells(val + off, acells);
          uint64 size = cells(val + off + 4*acells, scells);
          ramsize += size;
          if(base <= KERNBASE && base + size > KERNBASE)
            ramtop = base + size;
        }
      }
    } else if(tok == FDT_NOP){
      continue;
    } else {
      break;   // FDT_END, or something this reader does not know
    }
  }

  if(ramtop > KERNBASE){
    if(ramtop > PHYSTOP_MAX)
      ramtop = PHYSTOP_MAX;
    if(ramtop > resvlow)
      ramtop = resvlow;
    physstop = PGROUNDDOWN(ramtop);
    fdtram = ramsize >> 20;
  }
  // An initrd wholly in the RAM the kernel uses, above the kernel: the
  // RAM disk (kernel/disk.c checks it again).
  if(initrdend > initrd && initrd >= (uint64)_entry && initrdend <= physstop){
    ramdiskpa = initrd;
    ramdisklen = initrdend - initrd;
  }
  return nharts;
}
