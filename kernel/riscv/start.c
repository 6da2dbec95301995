// Start-up in supervisor mode under the SBI firmware, before main(): the
// boot hart reads the device tree and starts the other harts through
// SBI's HSM extension; each hart then goes to main() with its CPU number
// in tp. The firmware has already delegated traps and interrupts to
// supervisor mode and opened memory to it (nothing of machine mode is
// the kernel's). Facts: RISC-V SBI specification v2.0, ch. 9 (HSM).
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

// The boot hart, from entry.S's _entry on CPU 0's boot stack, with its
// hart id and the device tree's physical address from the firmware.
// Reads RAM and harts from the device tree (fdt.c), starts every other
// hart the tree lists (up to NCPU) at _hartentry, and goes to main().
// A hart the firmware will not start is left out (ncpu counts the CPUs
// that do start, which main() waits for). Never returns.
void
start(uint64 hartid, uint64 dtb)
{
  uint64 harts[NCPU];
  int n = fdtinit(dtb, hartid, harts);

  cpuhart[0] = hartid;
  ncpu = 1;
  for(int i = 0; i < n; i++){
    // The started hart reads cpuhart[] at once: store it first.
    cpuhart[ncpu] = harts[i];
    atomic_fence();
    if(sbi_hart_start(harts[i], (uint64)_hartentry, ncpu) == 0)
      ncpu++;
  }
  main();
}

// Every other hart, from entry.S's _hartentry on its CPU's boot stack,
// started by start() with its hart id and CPU number (in tp by now).
// Its traps, timer and PLIC context are set up in main(). Never returns.
void
starthart(uint64 hartid, uint64 cpu)
{
  main();
}
