// The board, from the device tree that the SBI firmware passes to the
// boot hart in a1 (on QEMU, QEMU builds the tree and OpenSBI adds to it,
// e.g. /reserved-memory for itself): RAM, harts, the timebase, the
// console UART, the PLIC and its contexts, the virtio-mmio slots and the
// initrd. Read once, by the boot hart in start.c's bootmap() before
// main(), with paging off, at the address the kernel was loaded at: so
// (uint64)_entry is the kernel's physical address here, and this file's
// code must read no stored pointer (only pc-relative addressing works;
// see entry.S).
//
// Format (Devicetree Specification v0.4, ch. 5, "Flattened Devicetree
// (DTB) Format"): a header of big-endian 32-bit words (magic 0xd00dfeed,
// offsets of the structure block and the strings block), then the
// structure block: tokens FDT_BEGIN_NODE (name follows, NUL-terminated,
// padded to 4 bytes), FDT_END_NODE, FDT_PROP (value length, name offset
// in the strings block, value padded to 4), FDT_NOP, FDT_END. A node's
// properties come before its children (5.4.2), so a node's own are all
// known when a child begins. Its "reg" is (address, size) pairs in its
// parent's #address-cells and #size-cells (2.3.5-2.3.6; defaults 2 and
// 1). The bindings used: /memory (3.4), /reserved-memory (3.5), /chosen
// stdout-path and linux,initrd-start/-end (3.6), /aliases (3.3), /cpus
// with timebase-frequency and one cpu@N per hart, "reg" its hart id,
// "mmu-type" its paging modes, and an interrupt-controller child whose
// phandle the PLIC names (3.7-3.8; Linux's riscv/cpus.yaml binding);
// "status" (2.3.4); "interrupts" (2.4.1); the PLIC
// ("riscv,plic0": its interrupts-extended lists the contexts in order,
// each (hart's interrupt-controller phandle, cause), cause 9 the
// supervisor external interrupt: RISC-V privileged spec 4.1.3; Linux's
// sifive,plic-1.0.0.yaml binding); the 16550 ("ns16550a", or
// Synopsys' 16550-compatible "snps,dw-apb-uart", with reg-shift and
// reg-io-width: Linux's 8250.yaml binding); SiFive's
// UART ("sifive,uart0"); virtio-mmio ("virtio,mmio"). Buses are assumed
// to map addresses one-to-one (an empty "ranges", as on QEMU's virt and
// sifive_u).
#include "types.h"
#include "param.h"
#include "machine.h"
#include "board.h"
#include "arch.h"

extern char _entry[];   // entry.S: the kernel's first byte

#define FDT_MAGIC      0xd00dfeed
#define FDT_BEGIN_NODE 1
#define FDT_END_NODE   2
#define FDT_PROP       3
#define FDT_NOP        4
#define FDT_END        9

#define MAXDEPTH 16   // deeper nodes are skipped
#define MAXALIAS 16   // /aliases entries remembered
#define MAXINTC  64   // harts' interrupt controllers remembered
#define MAXUART  8    // UARTs remembered

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

// The board's devices (board.h).
struct board board;

// What fdtinit() knows of one node on the path from the root to where
// the reader is: its name and the properties it uses, pointers into the
// tree itself.
struct node {
  const char *name;
  int acells, scells;          // #address-cells, #size-cells, for children
  const uchar *reg;
  uint32 reglen;
  const char *compat;          // a list of NUL-terminated strings
  uint32 compatlen;
  const uchar *irqs;           // "interrupts"
  uint32 irqslen;
  const uchar *irqext;         // "interrupts-extended"
  uint32 irqextlen;
  uint32 phandle;
  int shift, width;            // reg-shift, reg-io-width
  int disabled;                // status is neither "okay" nor "ok"
  int mmu;                     // has an mmu-type other than "riscv,none"
};

// Everything fdtinit() collects on its way, resolved when it ends.
struct walk {
  struct node n[MAXDEPTH];
  uint64 boothart;
  uint64 *harts;
  int nharts;
  uint64 ramtop, ramsize, resvlow, initrd, initrdend;
  const char *stdoutpath;      // /chosen stdout-path, as written
  int nalias;
  struct { const char *name, *path; } alias[MAXALIAS];
  int nintc;
  struct { uint32 phandle; uint64 hart; } intc[MAXINTC];
  const uchar *plicext;        // the PLIC's interrupts-extended
  uint32 plicextlen;
  int nuart;                   // UARTs, in the tree's order
  struct uart uart[MAXUART];
  const char *uartname[MAXUART];   // their node names
};

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

// Whether node n's compatible list holds s.
static int
compatible(struct node *n, const char *s)
{
  uint32 off = 0;
  while(off < n->compatlen){
    if(streq(n->compat + off, s))
      return 1;
    while(off < n->compatlen && n->compat[off])
      off++;
    off++;
  }
  return 0;
}

// The i'th (address, size) of node n's reg, in its parent's cells;
// returns 0 if there is none or the cells are too wide.
static int
nodereg(struct node *n, struct node *parent, int i, uint64 *base, uint64 *size)
{
  int a = parent->acells, s = parent->scells;
  uint32 stride = 4 * (a + s);
  if(a > 2 || s > 2 || n->reg == 0 || (uint32)(i + 1) * stride > n->reglen)
    return 0;
  *base = cells(n->reg + i*stride, a);
  *size = cells(n->reg + i*stride + 4*a, s);
  return 1;
}

// The last component of a path ("/soc/serial@10000000:115200n8" gives
// "serial@10000000"), compared with node name.
static int
pathends(const char *path, const char *name)
{
  const char *last = path;
  for(const char *p = path; *p && *p != ':'; p++)
    if(*p == '/')
      last = p + 1;
  while(*name && *last == *name)
    last++, name++;
  return *name == 0 && (*last == 0 || *last == ':');
}

// A property of the node at depth d (n[d]; its parent is n[d-1]).
static void
prop(struct walk *w, int d, const char *pname, const uchar *val, uint32 len)
{
  struct node *n = &w->n[d];
  struct node *parent = &w->n[d-1];

  if(streq(pname, "#address-cells") && len == 4)
    n->acells = be32(val);
  else if(streq(pname, "#size-cells") && len == 4)
    n->scells = be32(val);
  else if(streq(pname, "reg"))
    n->reg = val, n->reglen = len;
  else if(streq(pname, "compatible"))
    n->compat = (const char*)val, n->compatlen = len;
  else if(streq(pname, "interrupts"))
    n->irqs = val, n->irqslen = len;
  else if(streq(pname, "interrupts-extended"))
    n->irqext = val, n->irqextlen = len;
  else if(streq(pname, "phandle") && len == 4)
    n->phandle = be32(val);
  else if(streq(pname, "reg-shift") && len == 4)
    n->shift = be32(val);
  else if(streq(pname, "reg-io-width") && len == 4)
    n->width = be32(val);
  else if(streq(pname, "status"))
    n->disabled = !streq((const char*)val, "okay") && !streq((const char*)val, "ok");
  else if(streq(pname, "mmu-type"))
    n->mmu = !streq((const char*)val, "riscv,none");
  else if(streq(pname, "timebase-frequency") && (len == 4 || len == 8) &&
          (isnode(n->name, "cpus") || isnode(parent->name, "cpus")))
    board.timebase = cells(val, len / 4);
  else if(d == 2 && isnode(n->name, "chosen")){
    if(streq(pname, "linux,initrd-start") && (len == 4 || len == 8))
      w->initrd = cells(val, len / 4);   // one or two cells, as the writer chose
    else if(streq(pname, "linux,initrd-end") && (len == 4 || len == 8))
      w->initrdend = cells(val, len / 4);
    else if(streq(pname, "stdout-path"))
      w->stdoutpath = (const char*)val;
  } else if(d == 2 && isnode(n->name, "aliases") && w->nalias < MAXALIAS){
    w->alias[w->nalias].name = pname;
    w->alias[w->nalias].path = (const char*)val;
    w->nalias++;
  }
}

// The node at depth d ends: use it, if it is one the kernel needs.
static void
endnode(struct walk *w, int d)
{
  struct node *n = &w->n[d];
  struct node *parent = &w->n[d-1];
  uint64 base, size;

  if(n->disabled)
    return;
  if(d == 2 && isnode(n->name, "memory")){
    for(int i = 0; nodereg(n, parent, i, &base, &size); i++){
      w->ramsize += size;
      if(base <= (uint64)_entry && base + size > (uint64)_entry)
        w->ramtop = base + size;
    }
  } else if(d == 3 && isnode(parent->name, "reserved-memory")){
    // The lowest reserved region that starts at or above the kernel
    // (the firmware's own, below the kernel, is not in the way).
    for(int i = 0; nodereg(n, parent, i, &base, &size); i++)
      if(base >= (uint64)_entry && base < w->resvlow)
        w->resvlow = base;
  } else if(d == 3 && isnode(parent->name, "cpus") && isnode(n->name, "cpu")){
    // A hart that can page (cowos needs Sv39) and is not the boot hart.
    if(nodereg(n, parent, 0, &base, &size) && n->mmu &&
       base != w->boothart && w->nharts < NCPU-1)
      w->harts[w->nharts++] = base;
  } else if(d == 4 && isnode(w->n[2].name, "cpus") && n->phandle &&
            compatible(n, "riscv,cpu-intc") && w->nintc < MAXINTC){
    // A hart's own interrupt controller: the PLIC names it by phandle.
    if(nodereg(parent, &w->n[2], 0, &base, &size)){
      w->intc[w->nintc].phandle = n->phandle;
      w->intc[w->nintc].hart = base;
      w->nintc++;
    }
  } else if(compatible(n, "riscv,plic0") || compatible(n, "sifive,plic-1.0.0")){
    if(board.plic.size == 0 && nodereg(n, parent, 0, &base, &size)){
      board.plic.pa = base;
      board.plic.size = size;
      w->plicext = n->irqext;
      w->plicextlen = n->irqextlen;
    }
  } else if(compatible(n, "ns16550a") || compatible(n, "ns16550") ||
            compatible(n, "snps,dw-apb-uart") || compatible(n, "sifive,uart0")){
    if(w->nuart < MAXUART && nodereg(n, parent, 0, &base, &size) && n->irqslen >= 4){
      struct uart *u = &w->uart[w->nuart];
      u->kind = compatible(n, "sifive,uart0") ? UART_SIFIVE : UART_NS16550;
      u->pa = base;
      u->size = size;
      u->shift = n->shift;
      u->width = n->width == 4 ? 4 : 1;
      u->irq = be32(n->irqs);
      w->uartname[w->nuart++] = n->name;
    }
  } else if(compatible(n, "virtio,mmio") && board.nvirtio < NVIRTIO){
    if(nodereg(n, parent, 0, &base, &size) && n->irqslen >= 4){
      // Keep the slots in address order.
      int i = board.nvirtio++;
      for(; i > 0 && board.virtio[i-1].pa > base; i--)
        board.virtio[i] = board.virtio[i-1];
      board.virtio[i].pa = base;
      board.virtio[i].irq = be32(n->irqs);
    }
  }
}

// The PLIC's supervisor contexts, from its interrupts-extended: entry i
// is context i, (phandle of a hart's interrupt controller, cause).
static void
plicctx(struct walk *w)
{
  for(uint32 i = 0; 8*(i+1) <= w->plicextlen; i++){
    uint32 phandle = be32(w->plicext + 8*i);
    uint32 cause = be32(w->plicext + 8*i + 4);
    if(cause != 9 || board.plic.nctx == NPLICCTX)
      continue;
    for(int j = 0; j < w->nintc; j++){
      if(w->intc[j].phandle == phandle){
        board.plic.sctx[board.plic.nctx].hart = w->intc[j].hart;
        board.plic.sctx[board.plic.nctx].ctx = i;
        board.plic.nctx++;
      }
    }
  }
}

// Read the board from the device tree at physical address dtb: set
// physstop to the kernel's address (P2V) for the end of the RAM region
// that holds the kernel (bounded by PHYSTOP_MAX, and below any reserved
// region above the kernel's start), and fdtram to the RAM size the tree reports; fill in board
// (board.h); put in harts[] the hart ids of the tree's harts other than
// boothart that can page (an mmu-type), in the tree's order, at most
// NCPU-1 of them, leaving out those whose status is not "okay", and
// return how many; set ramdiskpa and ramdisklen to the initrd /chosen
// names, if it lies in that RAM above the kernel. If the console UART
// /chosen names is an alias, it is looked up in /aliases. Leaves the
// built-in RAM size and an empty board (and returns 0) if dtb is 0 or
// does not hold a device tree. The boot hart, once, from bootmap() with
// paging off and kvoff set; it cannot print yet (the console UART is
// what it is looking for).
int
fdtinit(uint64 dtb, uint64 boothart, uint64 *harts)
{
  static struct walk w;   // too big for the boot stack
  const uchar *h = (const uchar*)dtb;
  int depth = 0;

  if(dtb == 0 || be32(h) != FDT_MAGIC)
    return 0;
  w.boothart = boothart;
  w.harts = harts;
  w.resvlow = ~0ULL;
  // n[0] stands above the root: the root's parent, for nodereg().
  w.n[0].name = "";
  w.n[0].acells = 2;
  w.n[0].scells = 1;
  const uchar *p = h + be32(h + 8);                      // off_dt_struct
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
      if(depth < MAXDEPTH){
        struct node *n = &w.n[depth];
        *n = (struct node){ .name = name, .acells = 2, .scells = 1 };
      }
    } else if(tok == FDT_END_NODE){
      if(depth >= 1 && depth < MAXDEPTH)
        endnode(&w, depth);
      depth--;
    } else if(tok == FDT_PROP){
      uint32 len = be32(p);
      const char *pname = strings + be32(p + 4);
      const uchar *val = p + 8;
      p += 8 + ((len + 3) & ~3);
      if(depth >= 1 && depth < MAXDEPTH)
        prop(&w, depth, pname, val, len);
    } else if(tok == FDT_NOP){
      continue;
    } else {
      break;   // FDT_END, or something this reader does not know
    }
  }

  plicctx(&w);

  // The console: the UART /chosen's stdout-path names, directly or
  // through /aliases, else the first.
  const char *path = w.stdoutpath;
  if(path && path[0] != '/')
    for(int i = 0; i < w.nalias; i++)
      if(pathends(path, w.alias[i].name))
        path = w.alias[i].path;
  if(w.nuart > 0)
    board.uart = w.uart[0];
  for(int i = 0; path && path[0] == '/' && i < w.nuart; i++)
    if(pathends(path, w.uartname[i])){
      board.uart = w.uart[i];
      break;
    }

  if(w.ramtop > (uint64)_entry){
    if(w.ramtop > w.resvlow)
      w.ramtop = w.resvlow;
    uint64 top = w.ramtop + kvoff;   // the kernel's address for it
    if(top > PHYSTOP_MAX)
      top = PHYSTOP_MAX;
    physstop = PGROUNDDOWN(top);
    fdtram = w.ramsize >> 20;
  }
  // An initrd wholly in the RAM the kernel uses, above the kernel: the
  // RAM disk (kernel/disk.c checks it again).
  if(w.initrdend > w.initrd && w.initrd >= (uint64)_entry && w.initrdend + kvoff <= physstop){
    ramdiskpa = w.initrd;
    ramdisklen = w.initrdend - w.initrd;
  }
  return w.nharts;
}
