// x86 instructions and descriptor formats, for the machine files in
// kernel/i386/ only (portable code sees kernel/i386/machine.h), and for
// user programs written for xv6 on x86 (user/xv6public/x86.h).
// Facts: Intel SDM vol. 2 (the instructions), vol. 3, 2.5 (CR0, CR4),
// 3.4.5 (segment descriptors), 6.11 (IDT gate descriptors), 7.2.1 (the
// 32-bit TSS).
#ifndef COWOS_I386_X86_H
#define COWOS_I386_X86_H
#include "machine.h"

// CR0 and CR4 bits (SDM vol. 3, 2.5).
#define CR0_PE  0x00000001   // protection enable
#define CR0_EM  0x00000004   // no x87: its instructions fault (#NM)
#define CR0_WP  0x00010000   // ring 0 honours read-only pages
#define CR0_PG  0x80000000   // paging
#define CR4_PSE 0x00000010   // 4 MiB pages in the page directory
#define CR4_PGE 0x00000080   // global pages

// Segment selectors of every CPU's GDT (start.c): index << 3 | RPL.
#define SEG_KCODE 1
#define SEG_KDATA 2
#define SEG_UCODE 3
#define SEG_UDATA 4
#define SEG_TSS   5
#define SEG_KCPU  6          // per-CPU data: %gs in the kernel
#define NSEGS     7
#define DPL_USER  3
#define SEL(seg, rpl) (((seg) << 3) | (rpl))
#define KCODE_SEL SEL(SEG_KCODE, 0)
#define KDATA_SEL SEL(SEG_KDATA, 0)
#define UCODE_SEL SEL(SEG_UCODE, DPL_USER)
#define UDATA_SEL SEL(SEG_UDATA, DPL_USER)
#define TSS_SEL   SEL(SEG_TSS, 0)
#define KCPU_SEL  SEL(SEG_KCPU, 0)

#ifndef __ASSEMBLER__

static inline uchar
inb(ushort port)
{
  uchar v;
  asm volatile("inb %1, %0" : "=a"(v) : "d"(port));
  return v;
}

static inline void
outb(ushort port, uchar v)
{
  asm volatile("outb %0, %1" : : "a"(v), "d"(port));
}

// Read n 32-bit words from port into buf, or write them (rep insl/outsl).
static inline void
insl(ushort port, void *buf, int n)
{
  asm volatile("cld; rep insl" : "+D"(buf), "+c"(n) : "d"(port) : "memory");
}

static inline void
outsl(ushort port, const void *buf, int n)
{
  asm volatile("cld; rep outsl" : "+S"(buf), "+c"(n) : "d"(port) : "memory");
}

static inline uint32
rcr0(void)
{
  uint32 x;
  asm volatile("movl %%cr0, %0" : "=r"(x));
  return x;
}

static inline void
lcr0(uint32 x)
{
  asm volatile("movl %0, %%cr0" : : "r"(x) : "memory");
}

static inline uint32
rcr2(void)
{
  uint32 x;
  asm volatile("movl %%cr2, %0" : "=r"(x));
  return x;
}

static inline void
lcr3(uint32 pa)
{
  asm volatile("movl %0, %%cr3" : : "r"(pa) : "memory");
}

static inline uint32
rcr4(void)
{
  uint32 x;
  asm volatile("movl %%cr4, %0" : "=r"(x));
  return x;
}

static inline void
lcr4(uint32 x)
{
  asm volatile("movl %0, %%cr4" : : "r"(x) : "memory");
}

static inline uint32
r_ebp(void)
{
  uint32 x;
  asm volatile("movl %%ebp, %0" : "=r"(x));
  return x;
}

// Load the GDT or IDT register from a base address and a size in bytes.
static inline void
lgdt(void *base, int size)
{
  volatile ushort d[3];
  d[0] = size - 1;
  d[1] = (uintptr)base;
  d[2] = (uintptr)base >> 16;
  asm volatile("lgdt (%0)" : : "r"(d) : "memory");
}

static inline void
lidt(void *base, int size)
{
  volatile ushort d[3];
  d[0] = size - 1;
  d[1] = (uintptr)base;
  d[2] = (uintptr)base >> 16;
  asm volatile("lidt (%0)" : : "r"(d) : "memory");
}

// A segment descriptor (SDM vol. 3, 3.4.5): base, 20-bit limit in 4 KiB
// units (G=1), type, DPL, 32-bit (D/B=1), present.
#define SEGDESC(type, base, lim, dpl) \
  ((((uint64)(lim) >> 12) & 0xFFFF) | (((uint64)(base) & 0xFFFFFF) << 16) | \
   ((uint64)(0x90 | ((dpl) << 5) | (type)) << 40) | \
   ((uint64)((((lim) >> 28) & 0xF) | 0xC0) << 48) | \
   (((uint64)(base) >> 24) << 56))
// A system segment (the TSS): byte granularity, S=0.
#define SYSDESC(type, base, lim, dpl) \
  (((uint64)(lim) & 0xFFFF) | (((uint64)(base) & 0xFFFFFF) << 16) | \
   ((uint64)(0x80 | ((dpl) << 5) | (type)) << 40) | \
   ((uint64)(((lim) >> 16) & 0xF) << 48) | (((uint64)(base) >> 24) << 56))
#define STA_X 0x8   // executable
#define STA_W 0x2   // writable (data)
#define STA_R 0x2   // readable (code)
#define STS_T32A 0x9   // available 32-bit TSS
#define STS_IG32 0xE   // 32-bit interrupt gate

// The 32-bit task-state segment (SDM vol. 3, 7.2.1): cowos uses only
// ss0:esp0, the stack for traps from user mode, and puts the I/O
// permission bitmap beyond the limit, so user mode has no port access.
struct taskstate {
  uint32 link;
  uint32 esp0;
  uint16 ss0, pad0;
  uint32 esp1;
  uint16 ss1, pad1;
  uint32 esp2;
  uint16 ss2, pad2;
  uint32 cr3, eip, eflags, eax, ecx, edx, ebx, esp, ebp, esi, edi;
  uint16 es, pad3, cs, pad4, ss, pad5, ds, pad6, fs, pad7, gs, pad8;
  uint16 ldt, pad9;
  uint16 trap, iomb;
};

// What each CPU keeps for itself. %gs in the kernel selects a segment
// based at its struct pcpu, and cpuid() reads id at %gs:0.
struct pcpu {
  int id;                  // 0..NCPU-1; must stay the first field
  int apicid;              // its local APIC's ID (from the MP table)
  volatile int up;         // set by the CPU once it runs kernel C code
  struct taskstate ts;
  uint64 gdt[NSEGS];
};

extern struct pcpu pcpus[];   // start.c
extern int ncpu;              // CPUs found (mp.c)

#endif // __ASSEMBLER__
#endif
