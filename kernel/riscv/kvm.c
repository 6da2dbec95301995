// The kernel's page table on a RISC-V board, and the machine's part of
// every user page table. The kernel maps its devices (those the device
// tree names: fdt.c, board.h) at their physical addresses, and RAM from
// its own first byte up (the SBI firmware's, below it, is not mapped) at
// kernel virtual = physical + kvoff (machine.h; 0 under QEMU): its text
// R+X, its read-only data R, the devices and the rest of RAM R+W, none
// of them executable;
// the trampoline (R+X) at the top, and a kernel stack (R+W) per process
// slot below it. A supervisor store to a page without W, or a fetch from
// one without X, takes a page fault. Every user page table also maps the
// trampoline and the process's trap frame at the top (neither
// user-accessible), so that trap entry and return can switch satp.
// Facts: RISC-V privileged spec 4.1.11 (satp), 4.3-4.4 (Sv39; PTE bits
// R, W, X in 4.3.1).
#include "types.h"
#include "param.h"
#include "machine.h"
#include "csr.h"
#include "board.h"
#include "spinlock.h"
#include "proc.h"
#include "kalloc.h"
#include "vm.h"
#include "string.h"
#include "printf.h"
#include "arch.h"

pagetable_t kernel_pagetable;

extern char _entry[];      // entry.S: the kernel's first byte
extern char etext[];       // kernel.ld: end of kernel text
extern char erodata[];     // kernel.ld: end of read-only data
extern char trampoline[];  // trampoline.S

// Map [va, va+sz) to physical [pa, pa+sz) in the kernel page table kpt
// with permissions perm. Boot time only: panics if memory runs out.
static void
kvmmap(pagetable_t kpt, uint64 va, uint64 pa, uint64 sz, int perm)
{
  if(mappages(kpt, va, sz, pa, perm) != 0)
    panic("kvmmap");
}

// Map a device's registers, sz bytes at physical pa, one-to-one, R+W,
// each page once (two devices may share one). Boot time only.
static void
kvmmapdev(pagetable_t kpt, uint64 pa, uint64 sz)
{
  for(uint64 a = PGROUNDDOWN(pa); a < pa + sz; a += PGSIZE){
    pte_t *pte = walk(kpt, a, 0);
    if(pte == 0 || (*pte & PTE_V) == 0)
      kvmmap(kpt, a, a, PGSIZE, PTE_R | PTE_W);
  }
}

// Build the kernel page table: devices, kernel text (R+X), read-only data
// (R), the rest of RAM (R+W; not the SBI firmware's, below the kernel),
// the trampoline at the top, and a kernel stack page for each process
// slot, each below an unmapped guard page. CPU 0, once, at boot, before
// paging is on. Panics if memory runs out.
void
kvminit(void)
{
  pagetable_t kpt = uvmcreate();
  if(kpt == 0)
    panic("kvminit");

  kvmmapdev(kpt, board.uart.pa, board.uart.size);
  kvmmapdev(kpt, board.plic.pa, board.plic.size);
  for(int i = 0; i < board.nvirtio; i++)
    kvmmapdev(kpt, board.virtio[i].pa, PGSIZE);
  kvmmap(kpt, (uint64)_entry, V2P(_entry), (uint64)etext - (uint64)_entry, PTE_R | PTE_X);
  kvmmap(kpt, (uint64)etext, V2P(etext), (uint64)erodata - (uint64)etext, PTE_R);
  kvmmap(kpt, (uint64)erodata, V2P(erodata), PHYSTOP - (uint64)erodata, PTE_R | PTE_W);
  kvmmap(kpt, TRAMPOLINE, V2P(trampoline), PGSIZE, PTE_R | PTE_X);
  for(int i = 0; i < NPROC; i++){
    char *pa = kalloc();
    if(pa == 0)
      panic("kvminit: kernel stacks");
    kvmmap(kpt, KSTACK(i), V2P(pa), PGSIZE, PTE_R | PTE_W);
  }

  kernel_pagetable = kpt;
}

// Turn on paging with the kernel page table on this hart. Every hart.
void
kvminithart(void)
{
  tlbflushall();   // finish writes to the page table before using it
  w_satp(MAKE_SATP(kernel_pagetable));
  tlbflushall();   // drop any stale TLB entries
}

// The kernel virtual address of process slot's kernel stack (PGSIZE
// bytes, mapped by kvminit()).
uint64
kstackaddr(int slot)
{
  return KSTACK(slot);
}

// A user page table for p with only the trampoline and p's trap frame
// mapped (neither user-accessible). Returns 0 if out of memory.
pagetable_t
proc_pagetable(struct proc *p)
{
  pagetable_t pagetable = uvmcreate();
  if(pagetable == 0)
    return 0;
  if(mappages(pagetable, TRAMPOLINE, PGSIZE, V2P(trampoline), PTE_R | PTE_X) < 0){
    uvmfree(pagetable, 0);
    return 0;
  }
  if(mappages(pagetable, TRAPFRAME, PGSIZE, V2P(p->trapframe), PTE_R | PTE_W) < 0){
    uvmunmap(pagetable, TRAMPOLINE, 1);
    uvmfree(pagetable, 0);
    return 0;
  }
  return pagetable;
}

// Free a user page table and the user memory below sz bytes (dropping
// one reference per mapped frame). The trampoline and trap frame are
// unmapped but not freed here.
void
proc_freepagetable(pagetable_t pagetable, uint64 sz)
{
  uvmunmap(pagetable, TRAMPOLINE, 1);
  uvmunmap(pagetable, TRAPFRAME, 1);
  uvmfree(pagetable, sz);
}
