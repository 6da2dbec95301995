// Calls to the SBI firmware (OpenSBI on QEMU's virt), which runs in
// machine mode below the kernel. Facts: RISC-V SBI specification v2.0,
// ch. 3 (binary encoding: ecall with the extension id in a7, the
// function id in a6, arguments in a0..a5; the error comes back in a0
// and the value in a1), ch. 6 (timer extension "TIME") and ch. 9 (hart
// state management extension "HSM").
#include "types.h"
#include "board.h"

#define SBI_EXT_TIME 0x54494D45   // "TIME"
#define SBI_EXT_HSM  0x48534D     // "HSM"

// Call function fid of extension eid with three arguments; returns the
// SBI error code (0, SBI_SUCCESS, or negative).
static long
sbi_call(uint64 eid, uint64 fid, uint64 arg0, uint64 arg1, uint64 arg2)
{
  register uint64 a0 asm("a0") = arg0;
  register uint64 a1 asm("a1") = arg1;
  register uint64 a2 asm("a2") = arg2;
  register uint64 a6 asm("a6") = fid;
  register uint64 a7 asm("a7") = eid;
  asm volatile("ecall"
               : "+r"(a0), "+r"(a1)
               : "r"(a2), "r"(a6), "r"(a7)
               : "memory");
  return (long)a0;
}

// Ask for a supervisor timer interrupt on this hart once the `time` CSR
// reaches stime, and clear the pending one (TIME function 0, set_timer).
// The kernel uses it for every tick even where the hart has the Sstc
// extension's stimecmp (QEMU virt's default CPU has; OpenSBI then
// enables it for S-mode and writes it itself here): one ecall per 10 ms
// tick costs nothing measurable, and it works on every SBI machine,
// with no need to read "sstc" from the device tree's riscv,isa.
void
sbi_set_timer(uint64 stime)
{
  sbi_call(SBI_EXT_TIME, 0, stime, 0, 0);
}

// Start hart hartid in supervisor mode at physical address addr, paging
// off, with a0 = hartid and a1 = opaque (HSM function 0, hart_start).
// Returns 0, or the SBI error (the hart does not exist, is already
// started, ...).
long
sbi_hart_start(uint64 hartid, uint64 addr, uint64 opaque)
{
  return sbi_call(SBI_EXT_HSM, 0, hartid, addr, opaque);
}
