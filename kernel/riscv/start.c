// Start-up in supervisor mode under the SBI firmware, before main(): the
// boot hart reads the device tree and maps the kernel at its link address
// (bootmap(), with paging off), then starts the other harts through SBI's
// HSM extension; each hart then goes to main() with its CPU number in tp.
// The firmware has already delegated traps and interrupts to supervisor
// mode and opened memory to it (nothing of machine mode is the kernel's).
// Facts: RISC-V SBI specification v2.0, ch. 9 (HSM); RISC-V privileged
// spec 4.3-4.4 (Sv39: a leaf at level 1 maps a 2 MiB megapage, which
// must be 2 MiB-aligned; 4.1.11 satp).
#include "types.h"
#include "param.h"
#include "csr.h"
#include "board.h"
#include "arch.h"

void main(void);
void _hartentry(void);   // entry.S

// One boot stack (BOOTSTACK bytes) per CPU; entry.S points sp at the top
// of ours.
__attribute__ ((aligned (16))) char bootstacks[BOOTSTACK * NCPU];

// The hart id of each CPU: cowos numbers its CPUs 0..ncpu-1, the boot
// hart 0 (it sets up the kernel: kernel/main.c), the others in the
// device tree's order. cpuid() is the CPU number; the PLIC wants the
// hart id.
uint64 cpuhart[NCPU];

// The boot page table, which maps RAM from the kernel's first byte to
// PHYSTOP at the kernel's addresses with 2 MiB megapages (the root, and
// the level-1 tables for the 1 GiB regions at 2 GiB and at 3 GiB:
// KERNBASE to PHYSTOP_MAX), and the 1 GiB around the console UART at its
// physical address (main() prints before it builds the kernel page
// table), and its satp value; and the switch page table (a root and a
// level-1 table), which maps only the 2 MiB megapage of the kernel's
// first byte at its link address, and its satp value. Every hart turns
// paging on with the switch table and then the boot table in entry.S
// (TOLINK says why); main() then switches to the kernel page table
// (kvm.c).
__attribute__ ((aligned (PGSIZE))) static pte_t bootpt[5][512];
uint64 bootsatp, switchsatp;

// The harts fdtinit() found, for start().
static uint64 bootharts[NCPU];
static int nbootharts;

#define MEGAPAGE (2L*1024*1024)
#define GIGAPAGE (1L*1024*1024*1024)

// The boot hart, from entry.S with paging off, at the physical address
// the kernel was loaded at, with its hart id and the device tree's
// physical address: read the board from the device tree (fdt.c), build
// the boot and switch page tables and set bootsatp and switchsatp. Runs
// before the kernel is at its link address: only pc-relative addressing
// works, so this and fdtinit() read no stored pointer. If the kernel was
// not loaded at a 2 MiB boundary, which megapages cannot map, it stops
// (with nothing to print on yet).
void
bootmap(uint64 hartid, uint64 dtb)
{
  if(kvoff % MEGAPAGE)
    for(;;)
      ;
  nbootharts = fdtinit(dtb, hartid, bootharts);
  // Here (uint64)array is a physical address: the pc is one.
  for(int g = 0; g < 2; g++)
    bootpt[0][2 + g] = PA2PTE((uint64)bootpt[1 + g]) | PTE_V;
  for(uint64 va = KERNLINK; va < PHYSTOP; va += MEGAPAGE){
    pte_t *l1 = bootpt[1 + (va >> 30) - 2];
    l1[(va >> 21) & 511] = PA2PTE(va - kvoff) | PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D;
  }
  uint64 g = board.uart.pa / GIGAPAGE;   // a root entry: a gigapage
  if(g < 256 && g != 2 && g != 3)   // below MAXVA, not the kernel's
    bootpt[0][g] = PA2PTE(g * GIGAPAGE) | PTE_V | PTE_R | PTE_W | PTE_A | PTE_D;
  bootsatp = SATP_SV39 | ((uint64)bootpt[0] >> 12);

  bootpt[3][KERNLINK >> 30] = PA2PTE((uint64)bootpt[4]) | PTE_V;
  bootpt[4][(KERNLINK >> 21) & 511] = PA2PTE(KERNLINK - kvoff) | PTE_V | PTE_R | PTE_X | PTE_A;
  switchsatp = SATP_SV39 | ((uint64)bootpt[3] >> 12);
}

// The boot hart, from entry.S at the kernel's link address, on CPU 0's
// boot stack, with its hart id. Starts every other hart the device tree
// lists (up to NCPU) at _hartentry, and goes to main(). A hart the
// firmware will not start is left out (ncpu counts the CPUs that do
// start, which main() waits for). Never returns.
void
start(uint64 hartid)
{
  cpuhart[0] = hartid;
  ncpu = 1;
  for(int i = 0; i < nbootharts; i++){
    // The started hart reads cpuhart[] at once: store it first.
    cpuhart[ncpu] = bootharts[i];
    atomic_fence();
    if(sbi_hart_start(bootharts[i], V2P(_hartentry), ncpu) == 0)
      ncpu++;
  }
  main();
}

// Every other hart, from entry.S's _hartentry at the kernel's link
// address on its CPU's boot stack, started by start() with its hart id
// and CPU number (in tp by now). Its traps, timer and PLIC context are
// set up in main(). Never returns.
void
starthart(uint64 hartid, uint64 cpu)
{
  main();
}
