// Machine-mode setup on each hart: delegate traps to supervisor mode,
// open physical memory to S-mode, enable the Sstc timer, and drop to
// supervisor mode in main(). Facts: RISC-V privileged spec ch. 3
// (mstatus.MPP, medeleg/mideleg, PMP) and the Sstc extension (menvcfg.STCE).
#include "types.h"
#include "param.h"
#include "csr.h"
#include "virt.h"
#include "arch.h"

void main(void);

// One boot stack (BOOTSTACK bytes) per hart; entry.S points sp at the top of ours.
__attribute__ ((aligned (16))) char bootstacks[BOOTSTACK * NCPU];

// Called by entry.S on each hart, in machine mode, on its boot stack,
// with the hart's id and the physical address of the device tree, as
// QEMU's reset code leaves them in a0 and a1. Hart 0 reads RAM and harts
// from the device tree (fdt.c). Never returns: mret lands in main() in
// supervisor mode.
void
start(uint64 hartid, uint64 dtb)
{
  if(hartid == 0)
    fdtinit(dtb);

  // Return to supervisor mode, at main.
  uint64 ms = r_mstatus();
  ms = (ms & ~MSTATUS_MPP_MASK) | MSTATUS_MPP_S;
  w_mstatus(ms);
  w_mepc((uint64)main);

  // No paging until main() sets satp.
  w_satp(0);

  // All exceptions and interrupts go to supervisor mode.
  w_medeleg(0xffff);
  w_mideleg(0xffff);
  w_sie(r_sie() | SIE_SEIE | SIE_STIE | SIE_SSIE);

  // One PMP region: all of physical memory, read/write/execute
  // (pmpaddr0 = all ones with NAPOT encoding, pmpcfg0 = NAPOT|R|W|X).
  w_pmpaddr0(0x3fffffffffffffull);
  w_pmpcfg0(0xf);

  // Supervisor timer: enable stimecmp (Sstc) and reading `time`.
  w_mie(r_mie() | MIE_STIE);
  w_menvcfg(r_menvcfg() | MENVCFG_STCE);
  w_mcounteren(r_mcounteren() | MCOUNTEREN_TM | 1 /*CY*/ | 4 /*IR*/);
  w_stimecmp(r_time() + TICK_TIME);

  // Keep the hart id in tp, where cpuid() finds it.
  w_tp(r_mhartid());

  asm volatile("mret");
}
