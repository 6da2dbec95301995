// The kernel's page directory on the PC, and the kernel half of every
// process's. The kernel maps all of RAM at KERNBASE, read-write, with 4
// MiB pages, except the 4 MiB that hold its own text and read-only data
// (kernel.ld's [stext, erodata)): those go through a page table of 4 KiB
// pages, the text and read-only data read-only, the rest read-write.
// CR0.WP (set by entry.S and aptramp.S on every CPU) makes ring 0 honour
// read-only pages, so a kernel store into its text takes a page fault.
// 32-bit paging without PAE has no execute-disable bit: every kernel
// page, data included, stays executable. It also maps the APIC window
// (uncached, at its physical address), and a kernel stack per process
// slot below each of which a guard page stays unmapped. Each process's
// directory gets a copy of the kernel's entries from PX(1, KERNBASE) up:
// the page tables under them (the text's and the kernel stacks') are
// shared, and the kernel's mappings are global, so they survive the %cr3
// loads of trap entry and return. Facts: Intel SDM vol. 3, 2.5 (CR0.WP),
// 4.3 (32-bit paging, PDEs with PS), 4.6 (access rights), 4.10.2.4
// (global pages, CR4.PGE).
#include "types.h"
#include "param.h"
#include "machine.h"
#include "x86.h"
#include "pc.h"
#include "spinlock.h"
#include "proc.h"
#include "kalloc.h"
#include "vm.h"
#include "string.h"
#include "printf.h"
#include "arch.h"

pagetable_t kernel_pagetable;

// The entries of kernel_pagetable in use (indices, from PX(1, KERNBASE)
// up), found once by kvminit(): a process's directory gets copies of
// these alone, a few dozen of the 512, and they are cleared again before
// it is freed.
static short kpde[PTENTRIES];
static int nkpde;

#define BIGPAGE (4 * 1024 * 1024)   // bytes one directory entry maps

extern char stext[], erodata[];   // kernel.ld: text and read-only data, page-aligned

_Static_assert(KSTACK(NPROC) - KSTACKBASE <= LEAFSPAN, "kernel stacks need one page table");

// A zeroed page, or a panic: boot only.
static void*
bootpage(void)
{
  void *pg = kalloc();
  if(pg == 0)
    panic("kvminit: out of memory");
  memset(pg, 0, PGSIZE);
  return pg;
}

// Build the kernel's page directory: RAM up to PHYSTOP (the kernel's
// text and read-only data read-only), the APIC window, and the kernel
// stacks (one page each, from kalloc). CPU 0, once, at boot, still on
// entrypgdir. Panics if memory runs out.
void
kvminit(void)
{
  pagetable_t kpt = bootpage();

  for(uint32 pa = 0; pa < PHYSTOP - KERNBASE; pa += BIGPAGE)
    kpt[PX(1, KERNBASE + pa)] = pa | PTE_P | PTE_W | PTE_PS | PTE_G;
  // The 4 MiB regions that hold [stext, erodata) again, in 4 KiB pages.
  // The directory entry is writable: the leaf decides (SDM 4.6).
  for(uint32 va = (uintptr)stext & ~(BIGPAGE - 1); va < (uintptr)erodata; va += BIGPAGE){
    pte_t *pt = bootpage();
    for(int i = 0; i < PTENTRIES; i++){
      uint32 a = va + i * PGSIZE;
      int ro = a >= (uintptr)stext && a < (uintptr)erodata;
      pt[i] = V2P(a) | PTE_P | (ro ? 0 : PTE_W) | PTE_G;
    }
    kpt[PX(1, va)] = V2P(pt) | PTE_P | PTE_W;
  }
  kpt[PX(1, DEVWINDOW)] = DEVWINDOW | PTE_P | PTE_W | PTE_PS | PTE_PCD | PTE_PWT | PTE_G;

  pte_t *stacks = bootpage();
  kpt[PX(1, KSTACKBASE)] = V2P(stacks) | PTE_P | PTE_W;
  for(int i = 0; i < NPROC; i++)
    stacks[PX(0, KSTACK(i))] = V2P(bootpage()) | PTE_P | PTE_W | PTE_G;

  for(int i = PX(1, KERNBASE); i < PTENTRIES; i++)
    if(kpt[i] != 0)
      kpde[nkpde++] = i;
  kernel_pagetable = kpt;
}

// Load the kernel's page directory on this CPU, with 4 MiB and global
// pages enabled. Every CPU.
void
kvminithart(void)
{
  lcr4(rcr4() | CR4_PSE | CR4_PGE);
  lcr3(V2P(kernel_pagetable));
}

// The kernel virtual address of process slot's kernel stack (PGSIZE
// bytes, mapped by kvminit()).
uint64
kstackaddr(int slot)
{
  return KSTACK(slot);
}

// A page directory for a new address space of p: no user pages, and the
// kernel's entries in use, so that traps from user mode find the kernel.
// Returns 0 if out of memory.
pagetable_t
proc_pagetable(struct proc *p)
{
  pagetable_t pagetable = uvmcreate();
  if(pagetable == 0)
    return 0;
  for(int j = 0; j < nkpde; j++)
    pagetable[kpde[j]] = kernel_pagetable[kpde[j]];
  return pagetable;
}

// Free a process's page directory, its page tables and the user memory
// below sz bytes (dropping one reference per mapped frame). The kernel's
// entries are cleared first, so that uvmfree() frees an all-zero page
// (it follows only the user part).
void
proc_freepagetable(pagetable_t pagetable, uint64 sz)
{
  for(int j = 0; j < nkpde; j++)
    pagetable[kpde[j]] = 0;
  uvmfree(pagetable, sz);
}
