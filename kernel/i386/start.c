// Start-up on each CPU before main(): RAM size from the Multiboot memory
// map, the RAM disk image from its first module, the per-CPU GDT with its
// TSS and %gs segment, and on CPU 0 the search for the other CPUs and
// their start. Facts: Multiboot spec 0.6.96, 3.3 (boot information:
// flags bit 3, mods_count at byte 20, mods_addr at 24, each module
// {mod_start, mod_end, string, reserved}, mod_end one past its last
// byte; flags bit 6, mmap_length at byte 44, mmap_addr at 48; entry
// size, base, length, type 1 = RAM); Intel SDM vol. 3, 3.4.5
// (descriptors), 7.2 (TSS).
#include "types.h"
#include "param.h"
#include "machine.h"
#include "x86.h"
#include "pc.h"
#include "printf.h"
#include "arch.h"

void main(void);

// One boot stack (BOOTSTACK bytes) per CPU: entry.S and aptramp.S start
// CPU i at the top of the i'th.
__attribute__ ((aligned (16))) char bootstacks[BOOTSTACK * NCPU];

struct pcpu pcpus[NCPU];

// The kernel address one beyond the last byte of RAM the kernel uses
// (PHYSTOP in machine.h), from the Multiboot memory map.
uint physstop;

struct mbinfo {
  uint32 flags;
  uint32 mem_lower, mem_upper;   // KiB below 1 MiB, above 1 MiB (flags bit 0)
  uint32 boot_device, cmdline, mods_count, mods_addr;
  uint32 syms[4];
  uint32 mmap_length, mmap_addr; // bytes, physical address (flags bit 6)
};

struct mbmod {
  uint32 mod_start, mod_end;     // physical, [mod_start, mod_end)
  uint32 string, reserved;
};

struct mbmmap {
  uint32 size;                   // bytes of this entry after this field
  uint64 addr;
  uint64 len;
  uint32 type;
} __attribute__((packed));

#define MB_MEM  (1 << 0)
#define MB_MODS (1 << 3)
#define MB_MMAP (1 << 6)
#define MB_RAM  1
#define MIB     (1024 * 1024)

// Set physstop from the Multiboot information at physical address mbpa:
// the end of the RAM region that holds the kernel (from 1 MiB up),
// rounded down to a page and bounded by PHYSTOP_MAX. Panics if neither
// the memory map nor the memory sizes are there.
static void
meminit(uint32 mbpa)
{
  struct mbinfo *mb = P2V(mbpa);
  uint64 top = 0;

  if(mb->flags & MB_MMAP){
    uint32 a = mb->mmap_addr;
    while(a < mb->mmap_addr + mb->mmap_length){
      struct mbmmap *e = P2V(a);
      if(e->type == MB_RAM && e->addr <= MIB && e->addr + e->len > MIB)
        top = e->addr + e->len;
      a += e->size + sizeof(e->size);
    }
  } else if(mb->flags & MB_MEM){
    top = MIB + (uint64)mb->mem_upper * 1024;
  } else {
    panic("meminit: no memory map from the boot loader");
  }
  if(top > PHYSTOP_MAX - KERNBASE)
    top = PHYSTOP_MAX - KERNBASE;
  top = PGROUNDDOWN(top);
  if(top < 8 * MIB)
    panic("meminit: less than 8 MiB of RAM");
  physstop = KERNBASE + top;
}

// The RAM disk image (kernel/arch.h): the first Multiboot module, or
// none (ramdisklen 0). QEMU's -kernel loads -initrd FILE as the module.
uint64 ramdiskpa, ramdisklen;

// Set ramdiskpa and ramdisklen from the Multiboot information at
// physical address mbpa: the first module, if any and not empty. Before
// kinit(), which must not free the module's frames, while the boot map
// (entry.S: the first 8 MiB) still maps the information.
static void
modinit(uint32 mbpa)
{
  struct mbinfo *mb = P2V(mbpa);

  if((mb->flags & MB_MODS) == 0 || mb->mods_count == 0)
    return;
  struct mbmod *m = P2V(mb->mods_addr);
  if(m->mod_end <= m->mod_start)
    return;
  ramdiskpa = m->mod_start;
  ramdisklen = m->mod_end - m->mod_start;
}

// Give this CPU, number id (0..NCPU-1), its GDT: flat kernel and user
// code and data, its TSS (only ss0:esp0 used; no I/O bitmap, so user
// mode cannot reach I/O ports), and a segment based at its struct pcpu
// that %gs selects, so that cpuid() is one load. Loads every segment
// register and the task register, and sets CR0.EM: no process may use
// the x87 FPU, whose registers no one saves (SDM vol. 3, 2.5). Called on
// each CPU before main().
void
cpuinit(int id)
{
  struct pcpu *c = &pcpus[id];

  c->id = id;
  c->ts.ss0 = KDATA_SEL;
  c->ts.iomb = sizeof(c->ts);
  c->gdt[0] = 0;
  c->gdt[SEG_KCODE] = SEGDESC(STA_X | STA_R, 0, 0xFFFFFFFF, 0);
  c->gdt[SEG_KDATA] = SEGDESC(STA_W, 0, 0xFFFFFFFF, 0);
  c->gdt[SEG_UCODE] = SEGDESC(STA_X | STA_R, 0, 0xFFFFFFFF, DPL_USER);
  c->gdt[SEG_UDATA] = SEGDESC(STA_W, 0, 0xFFFFFFFF, DPL_USER);
  c->gdt[SEG_TSS] = SYSDESC(STS_T32A, (uintptr)&c->ts, sizeof(c->ts) - 1, 0);
  c->gdt[SEG_KCPU] = SEGDESC(STA_W, (uintptr)c, 0xFFF, 0);
  lgdt(c->gdt, sizeof(c->gdt));
  asm volatile("ljmp %0, $1f\n1:" : : "i"(KCODE_SEL));
  asm volatile("movw %w0, %%ds; movw %w0, %%es; movw %w0, %%ss; movw %w0, %%fs"
               : : "r"(KDATA_SEL));
  asm volatile("movw %w0, %%gs" : : "r"(KCPU_SEL));
  asm volatile("ltr %w0" : : "r"(TSS_SEL));
  lcr0(rcr0() | CR0_EM);
}

// Called by entry.S on CPU 0, on its boot stack, with the physical
// address of the Multiboot information. Finds RAM, the RAM disk image
// and the other CPUs, starts them, and runs main(). Never returns.
void
start(uint32 mbpa)
{
  meminit(mbpa);
  modinit(mbpa);
  cpuinit(0);
  mpinit();
  startothers();
  main();
}

// The next CPU to start, set by startothers() (mp.c) before it sends the
// STARTUP IPI; CPUs start one at a time.
volatile int apnext;

// Called by aptramp.S on every CPU but 0, on its boot stack with paging
// on (entrypgdir). Never returns.
void
apstart(void)
{
  int id = apnext;
  cpuinit(id);
  __atomic_store_n(&pcpus[id].up, 1, __ATOMIC_RELEASE);
  main();
}
