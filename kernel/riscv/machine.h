// The machine interface, RISC-V (Sv39) edition: everything the portable
// kernel in kernel/ may know about the machine, under names every machine
// defines (kernel/i386/machine.h defines the same ones). Portable code
// includes this header and no other machine header. Functions the machine
// implements in its own .c and .S files are declared in kernel/arch.h.
//
// Facts: RISC-V privileged spec v1.12, 4.3-4.4 (Sv39 page tables, PTE
// format), 4.1.1 (sstatus.SIE); unprivileged spec ch. 8 (A extension,
// amoadd/amoswap); RISC-V calling convention (a0-a7, sp).
//
// User programs see the paging constants and the memory layout through
// kernel/memlayout.h (and kernel/riscv.h, which xv6 programs include);
// the rest is kernel-only.
#ifndef COWOS_MACHINE_H
#define COWOS_MACHINE_H

#define MACHINE_NAME "RISC-V Sv39"
// What the boot lines call one CPU, and the number they give CPU c:
// RISC-V names a hardware thread a hart, and a hart has its own id,
// which need not be the CPU number (kernel/riscv/start.c's cpuhart[]:
// QEMU's sifive_u starts cowos on harts 1 and up).
#define CPU_NAME "hart"
#define CPU_HWID(c) ((int)cpuhart[c])
#if defined(KERNEL) && !defined(__ASSEMBLER__)
extern unsigned long long cpuhart[];   // kernel/riscv/start.c
#endif

#define PGSIZE  4096   // bytes per page
#define PGSHIFT 12     // bits of offset within a page

#define PGROUNDUP(sz)  (((sz)+PGSIZE-1) & ~(PGSIZE-1))
#define PGROUNDDOWN(a) (((a)) & ~(PGSIZE-1))

// Sv39 PTE bits (privileged spec 4.4.1).
#define PTE_V (1L << 0)   // valid
#define PTE_R (1L << 1)
#define PTE_W (1L << 2)
#define PTE_X (1L << 3)
#define PTE_U (1L << 4)   // user can access
#define PTE_A (1L << 6)   // accessed
#define PTE_D (1L << 7)   // dirty
// RSW bits 8-9 are reserved for software. cowos uses bit 8 as the
// copy-on-write mark: the page was writable and is shared since a fork.
#define PTE_COW (1L << 8)

// The bits of an entry that points to a lower-level table: on Sv39 just
// V (R, W and X clear mean "not a leaf"; privileged spec 4.3.2).
#define PTE_TABLE PTE_V

// Page-table sharing (fork, kernel/vm.c). fork shares a leaf (level-0)
// table between parent and child and marks the level-1 entries that point
// to it with RSW bit 9, PTE_SHARED: the table is (or was) shared. Sv39
// has no permission bits in a non-leaf entry (privileged spec 4.3.2: a
// non-leaf PTE has R = W = X = 0), so sharing is enforced in software:
//  - sealed: V clear, PTE_SHARED set, the PPN kept. Every user access
//    through it faults (privileged spec 4.3.2, step 3), so nothing in the
//    table can be written, whatever its PTEs say.
//  - opened: V and PTE_SHARED set. Loads and fetches go through; allowed
//    only once no PTE of the table has PTE_W (writable ones made PTE_COW),
//    so every store still faults.
// pte_seal() turns a private entry into a sealed one; pte_open() a sealed
// one into an opened one; pte_private() either back into a private entry
// (the table is ours alone again). pte_istable() says whether an upper
// entry points to a table at all (private, sealed or opened);
// pte_loadsfault() whether a load through it faults (sealed);
// pte_wprotects() whether the hardware refuses every store through it
// whatever the leaf PTEs say (sealed: V clear).
#define PTE_SHARED (1L << 9)
#define pte_seal(e)       (((e) & ~PTE_V) | PTE_SHARED)
#define pte_open(e)       ((e) | PTE_V)
#define pte_private(e)    (((e) | PTE_V) & ~PTE_SHARED)
#define pte_istable(e)    (((e) & (PTE_V | PTE_SHARED)) != 0)
#define pte_loadsfault(e) (((e) & PTE_V) == 0)
#define pte_wprotects(e)  (((e) & PTE_V) == 0)

// Physical address <-> PTE: the PPN lives in bits 10..53.
#define PA2PTE(pa) ((((uint64)(pa)) >> 12) << 10)
#define PTE2PA(pte) (((pte) >> 10) << 12)
#define PTE_FLAGS(pte) ((pte) & 0x3FF)

// Three levels of 512 entries; level 0 holds the leaves. PX(level, va)
// is the index of va's entry in the table of that level.
#define PTLEVELS  3
#define PTENTRIES 512
#define PXMASK          0x1FF
#define PXSHIFT(level)  (PGSHIFT+(9*(level)))
#define PX(level, va) ((((uint64) (va)) >> PXSHIFT(level)) & PXMASK)

// Bytes of virtual address space one leaf table maps: 512 pages, 2 MiB.
#define LEAFSPAN (512L * PGSIZE)

// One beyond the highest usable virtual address. Sv39 allows 39 bits,
// but cowos stays below bit 38 so that no address needs sign extension.
#define MAXVA (1L << (9 + 9 + 9 + 12 - 1))

// RAM, as the kernel sees it: the kernel is linked at KERNLINK and sees
// the RAM it uses from KERNBASE up, whatever physical address the boot
// loader put it at (the board's RAM need not start at 0x80000000): kernel
// virtual = physical + kvoff, where kvoff is the kernel's link address
// minus its load address (entry.S; 0 when QEMU loads kernel.elf where it
// is linked, so that there kernel virtual = physical, as in xv6). The
// kernel takes its size from the device tree at boot
// (kernel/riscv/fdt.c), up to PHYSTOP_MAX, which also sizes the frame
// reference counts (kernel/kalloc.c). User programs see the RAM size the
// build was made for (PHYSMEM_MB, the Makefile's MEM_MB; 128 MiB by
// default), so that those computing PHYSTOP - KERNBASE keep working.
#ifndef PHYSMEM_MB
#define PHYSMEM_MB 128
#endif
#define KERNBASE 0x80000000L
#define KERNLINK 0x80200000    // the kernel's first byte (kernel.ld)
#define PHYSTOP_MAX (KERNBASE + 2048L*1024*1024)
#if defined(KERNEL) && !defined(__ASSEMBLER__)
extern unsigned long long physstop;   // kernel/riscv/fdt.c
#define PHYSTOP physstop
#else
#define PHYSTOP (KERNBASE + (uint64)PHYSMEM_MB*1024*1024)
#endif

// Top of the user address space: the trampoline page (trap entry and
// exit, kernel/riscv/trampoline.S) and below it the process's trap frame,
// neither user-accessible. User memory is [0, TRAPFRAME).
#define TRAMPOLINE (MAXVA - PGSIZE)
#define TRAPFRAME (TRAMPOLINE - PGSIZE)
// The top of user memory, for the portable kernel.
#define USERTOP TRAPFRAME

// Which ELF files exec() loads (System V gABI: e_ident[EI_CLASS] and
// e_machine; EM_RISCV = 243).
#define ELF_CLASS   64
#define ELF_MACHINE 243

#ifndef __ASSEMBLER__
#include "../types.h"

typedef uint64 pte_t;
typedef uint64 *pagetable_t;   // 512 PTEs

// The stack pointer, for programs that check where their stack is.
static inline uint64
r_sp(void)
{
  uint64 x;
  asm volatile("mv %0, sp" : "=r"(x));
  return x;
}

#ifdef KERNEL

// The kernel's address for physical address pa of RAM, and back (the
// devices' registers are mapped at their physical addresses: kvm.c).
extern const unsigned long long kvoff;   // kernel/riscv/entry.S
#define P2V(pa) ((void*)(uintptr)((uint64)(pa) + kvoff))
#define V2P(va) ((uint64)(uintptr)(va) - kvoff)

// Forget this hart's TLB entries for virtual address va, or all of them
// (sfence.vma: privileged spec 4.2.1). Also orders earlier page-table
// stores before later translations.
static inline void
tlbflushpage(uint64 va)
{
  asm volatile("sfence.vma %0, zero" : : "r"(va) : "memory");
}

static inline void
tlbflushall(void)
{
  asm volatile("sfence.vma zero, zero" : : : "memory");
}

// Interrupts on this hart (sstatus.SIE, bit 1).
static inline void
intr_on(void)
{
  asm volatile("csrsi sstatus, 2" : : : "memory");
}

static inline void
intr_off(void)
{
  asm volatile("csrci sstatus, 2" : : : "memory");
}

static inline int
intr_get(void)
{
  uint64 x;
  asm volatile("csrr %0, sstatus" : "=r"(x));
  return (x & 2) != 0;
}

// Turn interrupts off and return whether they were on, in one instruction
// (csrrci); intr_restore() puts back what intr_save() found.
static inline int
intr_save(void)
{
  uint64 old;
  asm volatile("csrrci %0, sstatus, 2" : "=r"(old) : : "memory");
  return (old & 2) != 0;
}

static inline void
intr_restore(int on)
{
  if(on)
    asm volatile("csrsi sstatus, 2" : : : "memory");
}

// With nothing to run: enable interrupts and wait for one (wfi).
static inline void
intr_wait(void)
{
  intr_on();
  asm volatile("wfi");
}

// This CPU's number, 0..NCPU-1, kept in tp since entry.S (the boot hart
// is CPU 0 whatever its hart id: start.c's cpuhart[]). Interrupts
// must be off, or the caller may move to another hart before using it.
static inline int
cpuid(void)
{
  uint64 x;
  asm volatile("mv %0, tp" : "=r"(x));
  return x;
}

// *p += v, atomically, with acquire and release ordering; returns the old
// value. One amoadd.w.aqrl (A extension), where gcc's builtin would add
// a fence.
static inline int
atomic_fetch_add(int *p, int v)
{
  int old;
  asm volatile("amoadd.w.aqrl %0, %2, (%1)" : "=r"(old) : "r"(p), "r"(v) : "memory");
  return old;
}

// *p += v on a 64-bit counter, atomically, with no ordering (amoadd.d).
static inline void
atomic_add64(uint64 *p, uint64 v)
{
  __atomic_fetch_add(p, v, __ATOMIC_RELAXED);
}

// *p = v, atomically, with acquire ordering; returns the old value
// (amoswap.w.aq).
static inline int
atomic_swap(volatile int *p, int v)
{
  int old;
  asm volatile("amoswap.w.aq %0, %2, (%1)" : "=r"(old) : "r"(p), "r"(v) : "memory");
  return old;
}

// *p = 0 with release ordering: every earlier load and store is visible
// before it (fence rw,w, then the store: the RVWMO mapping of a release).
static inline void
atomic_release(volatile int *p)
{
  asm volatile("fence rw, w\n\tsw zero, 0(%0)" : : "r"(p) : "memory");
}

// Loads and stores of one aligned int-, pointer- or 64-bit-sized object
// *p that no other hart sees half done, for words that other harts read
// or write without a lock. Aligned loads and stores and AMOs of 32 and 64
// bits are single-copy atomic; the orderings are C11's, which gcc maps
// to RVWMO with fences (RISC-V unprivileged spec, A extension / RVWMO).
// atomic_load_relaxed(p): *p, with no ordering.
#define atomic_load_relaxed(p) __atomic_load_n((p), __ATOMIC_RELAXED)
// atomic_load_acquire(p): *p, before every later load and store (a
// fence after the load).
#define atomic_load_acquire(p) __atomic_load_n((p), __ATOMIC_ACQUIRE)
// atomic_store_relaxed(p, v): *p = v, with no ordering.
#define atomic_store_relaxed(p, v) __atomic_store_n((p), (v), __ATOMIC_RELAXED)
// atomic_store_release(p, v): *p = v, after every earlier load and store
// (a fence before the store).
#define atomic_store_release(p, v) __atomic_store_n((p), (v), __ATOMIC_RELEASE)

// A full barrier: every load and store before it is visible to every
// hart before any load or store after it (one fence; RISC-V unprivileged
// spec, RVWMO).
#define atomic_fence() __atomic_thread_fence(__ATOMIC_SEQ_CST)

// *p |= v, atomically, with no ordering; returns the old value. One
// amoor.w (A extension).
static inline uint
atomic_fetch_or(uint *p, uint v)
{
  return __atomic_fetch_or(p, v, __ATOMIC_RELAXED);
}

// *p &= v, atomically, with no ordering; returns the old value. One
// amoand.w (A extension).
static inline uint
atomic_fetch_and(uint *p, uint v)
{
  return __atomic_fetch_and(p, v, __ATOMIC_RELAXED);
}

// Callee-saved registers of a kernel thread, saved and restored by
// swtch() (kernel/riscv/swtch.S).
struct context {
  uint64 ra;
  uint64 sp;
  uint64 s[12];   // s0..s11
};

// Set up a new kernel thread's context to start at fn on the stack whose
// top is sp.
#define context_init(c, fn, stacktop) \
  ((c)->ra = (uint64)(uintptr)(fn), (c)->sp = (stacktop))

#include "trapframe.h"

// The trap frame's system-call registers (RISC-V calling convention, as
// xv6 uses it): the number in a7, arguments in a0..a5, the result in a0.
#define TF_NARGS 6
#define tf_sysnum(tf)     ((tf)->a7)
// The user pc and stack pointer the trap frame returns to.
#define tf_pc(tf)         ((tf)->epc)
#define tf_sp(tf)         ((tf)->sp)
#define tf_setret(tf, v)  ((tf)->a0 = (v))

// Copy the first n (at most TF_NARGS) system call arguments of trap
// frame tf to args[0..n-1]. They are registers here, so pt (the user
// page table) is not used and the copy cannot fail: returns 0.
static inline int
tf_args(struct trapframe *tf, pagetable_t pt, uint64 *args, int n)
{
  for(int i = 0; i < n; i++)
    args[i] = (&tf->a0)[i];
  return 0;
}

// Start a user program: pc at entry, stack pointer at sp, main's argv
// (argc comes back as exec's result).
#define tf_setexec(tf, entry, sp, argv) \
  ((tf)->epc = (entry), (tf)->sp = (sp), (tf)->a1 = (argv))

#endif // KERNEL
#endif // __ASSEMBLER__
#endif
