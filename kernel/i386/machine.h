// The machine interface, i386 edition (32-bit x86, two-level paging with
// 4 KiB pages, no PAE): the same names as kernel/riscv/machine.h, for the
// portable kernel in kernel/. Portable code includes this header and no
// other machine header; the functions the machine implements in its own
// files are declared in kernel/arch.h.
//
// Facts: Intel SDM vol. 3, 4.3 (32-bit paging), 4.6 (access rights: the
// AND of both levels; CR0.WP), 4.10.4 (INVLPG, MOV to CR3), 6.8.1 (EFLAGS.IF,
// CLI, STI), 8.1.2 (XCHG is locked; LOCK XADD); the System V i386 ABI
// (cdecl: callee-saved %ebx %esi %edi %ebp).
//
// User programs see the paging constants and the memory layout through
// kernel/memlayout.h; the rest is kernel-only.
#ifndef COWOS_MACHINE_H
#define COWOS_MACHINE_H

#define MACHINE_NAME "i386 32-bit paging"
// What the boot lines call one CPU, and the number they give CPU c: the
// CPU number itself (cowos' order of the MP table's processors).
#define CPU_NAME "cpu"
#define CPU_HWID(c) (c)

#define PGSIZE  4096   // bytes per page
#define PGSHIFT 12     // bits of offset within a page

#define PGROUNDUP(sz)  (((sz)+PGSIZE-1) & ~(PGSIZE-1))
#define PGROUNDDOWN(a) (((a)) & ~(PGSIZE-1))

// Page-directory and page-table entry bits (SDM vol. 3, 4.3, tables 4-4
// to 4-6). x86 has no read bit: a present page is readable. Without PAE
// there is no execute-disable bit, so PTE_X is 0: every readable user page
// is executable.
#define PTE_P   0x001   // present
#define PTE_W   0x002   // writable
#define PTE_U   0x004   // user
#define PTE_PWT 0x008   // write-through
#define PTE_PCD 0x010   // cache disabled
#define PTE_A   0x020   // accessed
#define PTE_D   0x040   // dirty
#define PTE_PS  0x080   // in a directory entry: a 4 MiB page (CR4.PSE)
#define PTE_G   0x100   // global: survives a CR3 load (CR4.PGE)
#define PTE_V   PTE_P
#define PTE_R   PTE_P
#define PTE_X   0
// Bits 9-11 are available to software (AVL). cowos uses bit 9 as the
// copy-on-write mark: the page was writable and is shared since a fork.
#define PTE_COW 0x200

// A directory entry for a user page table: present, writable, user. The
// leaf decides, since access rights are the AND of both levels (SDM vol.
// 3, 4.6).
#define PTE_TABLE (PTE_P | PTE_W | PTE_U)

// Page-table sharing (fork, kernel/vm.c). fork shares a leaf page table
// between parent and child and marks the directory entries that point to
// it with AVL bit 10, PTE_SHARED: the table is (or was) shared. A shared
// directory entry is "sealed" by clearing its R/W bit: access rights are
// the AND of both levels (SDM vol. 3, 4.6), so every user store in its
// 4 MiB faults whatever the leaf PTEs say, while loads go through. So a
// sealed entry is already open for reading: pte_open() changes nothing.
// pte_seal() turns a private entry into a sealed one; pte_private() a
// sealed one back into a private one (the table is ours alone again).
// pte_istable() says whether a directory entry points to a table at all;
// pte_loadsfault() whether a load through it faults (never here);
// pte_wprotects() whether the hardware refuses every store through it
// whatever the leaf PTEs say (R/W clear).
#define PTE_SHARED 0x400
#define pte_seal(e)       (((e) & ~PTE_W) | PTE_SHARED)
#define pte_open(e)       (e)
#define pte_private(e)    (((e) | PTE_W) & ~PTE_SHARED)
#define pte_istable(e)    (((e) & PTE_P) != 0)
#define pte_loadsfault(e) 0
#define pte_wprotects(e)  (((e) & PTE_W) == 0)

// Physical address <-> PTE: the frame number lives in bits 12..31.
#define PA2PTE(pa)     ((uint32)(pa) & ~0xFFF)
#define PTE2PA(pte)    ((uint32)(pte) & ~0xFFF)
#define PTE_FLAGS(pte) ((pte) & 0xFFF)

// Two levels of 1024 entries: level 1 is the page directory, level 0 the
// page tables that hold the leaves. PX(level, va) is the index of va's
// entry in the table of that level.
#define PTLEVELS  2
#define PTENTRIES 1024
#define PXMASK          0x3FF
#define PXSHIFT(level)  (PGSHIFT+(10*(level)))
#define PX(level, va) ((((uint32) (va)) >> PXSHIFT(level)) & PXMASK)

// Bytes of virtual address space one leaf table maps: 1024 pages, 4 MiB.
#define LEAFSPAN (1024L * PGSIZE)

// The kernel lives in the top half of every address space: RAM is mapped
// at KERNBASE + its physical address. User space is [0, KERNBASE).
#define KERNBASE 0x80000000
#define MAXVA    KERNBASE
#define USERTOP  MAXVA

// RAM, as the kernel sees it. The kernel takes its size from the
// Multiboot memory map at boot (kernel/i386/start.c), up to PHYSTOP_MAX:
// the direct map ends where the I/O APIC's window begins (0xFEC00000),
// so at most 2028 MiB of RAM is used. PHYSTOP_MAX also sizes the
// frame reference counts (kernel/kalloc.c). User programs see the RAM
// size the build was made for (PHYSMEM_MB, the Makefile's MEM_MB).
#ifndef PHYSMEM_MB
#define PHYSMEM_MB 128
#endif
#define PHYSTOP_MAX 0xFEC00000
#ifdef KERNEL
#ifndef __ASSEMBLER__
extern unsigned int physstop;   // kernel/i386/start.c
#endif
#define PHYSTOP physstop
#else
#define PHYSTOP (KERNBASE + PHYSMEM_MB*1024*1024)
// No trap frame or trampoline is mapped in user space on i386 (the CPU
// saves user registers in the kernel's half). For programs written
// against RISC-V's layout, both names mark the first address above user
// memory, which no user access may touch.
#define TRAPFRAME USERTOP
#define TRAMPOLINE (USERTOP + PGSIZE)
#endif

// Which ELF files exec() loads (System V gABI, e_ident[EI_CLASS] and
// e_machine; EM_386 = 3).
#define ELF_CLASS   32
#define ELF_MACHINE 3

#ifndef __ASSEMBLER__
#include "../types.h"

typedef uint32 pte_t;
typedef uint32 *pagetable_t;   // 1024 PTEs

// The stack pointer, for programs that check where their stack is.
static inline uint32
r_sp(void)
{
  uint32 x;
  asm volatile("movl %%esp, %0" : "=r"(x));
  return x;
}

#ifdef KERNEL

// The kernel's address for physical address pa, and back.
#define P2V(pa) ((void*)(uintptr)((uintptr)(pa) + KERNBASE))
#define V2P(va) ((uint64)((uintptr)(va) - KERNBASE))

// Forget this CPU's TLB entry for virtual address va (invlpg), or every
// non-global entry (reload %cr3): SDM vol. 3, 4.10.4.1.
static inline void
tlbflushpage(uint64 va)
{
  asm volatile("invlpg (%0)" : : "r"((uintptr)va) : "memory");
}

static inline void
tlbflushall(void)
{
  uint32 x;
  asm volatile("movl %%cr3, %0; movl %0, %%cr3" : "=r"(x) : : "memory");
}

// EFLAGS.IF (bit 9): maskable interrupts on this CPU.
#define EFLAGS_IF 0x200

static inline void
intr_on(void)
{
  asm volatile("sti" : : : "memory");
}

static inline void
intr_off(void)
{
  asm volatile("cli" : : : "memory");
}

static inline int
intr_get(void)
{
  uint32 x;
  asm volatile("pushfl; popl %0" : "=r"(x));
  return (x & EFLAGS_IF) != 0;
}

// Turn interrupts off and return whether they were on; intr_restore()
// puts back what intr_save() found.
static inline int
intr_save(void)
{
  uint32 x;
  asm volatile("pushfl; popl %0; cli" : "=r"(x) : : "memory");
  return (x & EFLAGS_IF) != 0;
}

static inline void
intr_restore(int on)
{
  if(on)
    asm volatile("sti" : : : "memory");
}

// With nothing to run: enable interrupts and wait for one. STI takes
// effect after the next instruction, so no interrupt slips in between
// (SDM vol. 2, STI).
static inline void
intr_wait(void)
{
  asm volatile("sti; hlt" : : : "memory");
}

// This CPU's number, 0..NCPU-1: the first word of the per-CPU segment
// that %gs selects in the kernel (kernel/i386/start.c's cpuinit). One
// load, no device access. Interrupts must be off, or the caller may move
// to another CPU before using it.
static inline int
cpuid(void)
{
  int x;
  asm volatile("movl %%gs:0, %0" : "=r"(x));
  return x;
}

// *p += v, atomically, with full ordering (lock xadd); returns the old
// value.
static inline int
atomic_fetch_add(int *p, int v)
{
  asm volatile("lock; xaddl %0, (%1)" : "+r"(v) : "r"(p) : "memory");
  return v;
}

// *p += v on a 64-bit counter, atomically: a lock cmpxchg8b loop (gcc's
// __sync builtin; its __atomic ones would call libatomic without an FPU).
static inline void
atomic_add64(uint64 *p, uint64 v)
{
  __sync_fetch_and_add(p, v);
}

// *p = v, atomically (xchg is always locked); returns the old value.
static inline int
atomic_swap(volatile int *p, int v)
{
  asm volatile("xchgl %0, (%1)" : "+r"(v) : "r"(p) : "memory");
  return v;
}

// *p = 0 with release ordering: x86 keeps stores in order, so a plain
// store after a compiler barrier is a release (SDM vol. 3, 8.2.2).
static inline void
atomic_release(volatile int *p)
{
  asm volatile("movl $0, (%0)" : : "r"(p) : "memory");
}

// Loads and stores of one aligned int- or pointer-sized object *p that no
// other CPU sees half done (an aligned 32-bit access is atomic: Intel SDM
// vol. 3, 8.1.1), for words that other CPUs read or write without a lock.
// Each is one plain mov: x86 does not reorder loads with other loads, nor
// stores with other stores or with earlier loads, so a plain load is an
// acquire and a plain store a release (Intel SDM vol. 3, 8.2 memory
// ordering, 8.2.2); the macros stop the compiler from reordering too.
// *p may not be 64 bits wide: gcc would call libatomic (see atomic_add64),
// so atomic_word() refuses it when compiling.
#define atomic_word(p) \
  _Static_assert(sizeof(*(p)) <= 4, "i386: atomic load or store wider than 32 bits")
// atomic_load_relaxed(p): *p, with no ordering.
#define atomic_load_relaxed(p) \
  ({ atomic_word(p); __atomic_load_n((p), __ATOMIC_RELAXED); })
// atomic_load_acquire(p): *p, before every later load and store.
#define atomic_load_acquire(p) \
  ({ atomic_word(p); __atomic_load_n((p), __ATOMIC_ACQUIRE); })
// atomic_store_relaxed(p, v): *p = v, with no ordering.
#define atomic_store_relaxed(p, v) \
  ({ atomic_word(p); __atomic_store_n((p), (v), __ATOMIC_RELAXED); })
// atomic_store_release(p, v): *p = v, after every earlier load and store.
#define atomic_store_release(p, v) \
  ({ atomic_word(p); __atomic_store_n((p), (v), __ATOMIC_RELEASE); })

// A full barrier: every load and store before it is visible to every CPU
// before any load or store after it, a load after a store to another
// address included (the one reordering x86 does; Intel SDM vol. 3, 8.2
// memory ordering, 8.2.2: locked instructions have a total order). gcc
// emits lock orl $0,(%esp): the kernel is built without SSE2's mfence.
#define atomic_fence() __atomic_thread_fence(__ATOMIC_SEQ_CST)

// *p |= v, atomically, with no ordering (x86 gives full ordering anyway:
// a lock cmpxchg loop); returns the old value.
static inline uint
atomic_fetch_or(uint *p, uint v)
{
  return __atomic_fetch_or(p, v, __ATOMIC_RELAXED);
}

// *p &= v, atomically, with no ordering (a lock cmpxchg loop, fully
// ordered on x86); returns the old value.
static inline uint
atomic_fetch_and(uint *p, uint v)
{
  return __atomic_fetch_and(p, v, __ATOMIC_RELAXED);
}

// Callee-saved registers of a kernel thread, saved and restored by
// swtch() (kernel/i386/swtch.S), and where it resumes.
struct context {
  uint32 esp;
  uint32 ebx;
  uint32 esi;
  uint32 edi;
  uint32 ebp;
  uint32 eip;
};

// Set up a new kernel thread's context to start at fn on the stack whose
// top is stacktop. fn is entered as if called: a (never used) return
// address slot sits at stacktop - 4.
#define context_init(c, fn, stacktop) \
  ((c)->eip = (uint32)(uintptr)(fn), (c)->esp = (uint32)(stacktop) - 4)

#include "trapframe.h"

// System calls (xv6's x86 convention): user mode executes int $64
// (T_SYSCALL) with the number in %eax and the arguments on its stack,
// 32-bit words at %esp+4, %esp+8, ... (a stub `movl $SYS_name, %eax;
// int $64; ret` leaves its caller's arguments there); the result comes
// back in %eax. tf_args() (kernel/i386/trap.c) reads the arguments.
#define TF_NARGS 6
#define tf_sysnum(tf)     ((tf)->eax)
// The user pc and stack pointer the trap frame returns to.
#define tf_pc(tf)         ((tf)->eip)
#define tf_sp(tf)         ((tf)->esp)
#define tf_setret(tf, v)  ((tf)->eax = (v))
int tf_args(struct trapframe *tf, pagetable_t pt, uint64 *args, int n);

// Start a user program: eip at entry, esp at sp, main's argv in %ecx
// (argc comes back as exec's result, in %eax), user segments, interrupts
// on (kernel/i386/trap.c).
void tf_setexec(struct trapframe *tf, uint64 entry, uint64 sp, uint64 argv);

#endif // KERNEL
#endif // __ASSEMBLER__
#endif
