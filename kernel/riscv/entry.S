# First instructions of the kernel, in supervisor mode, entered by the
# SBI firmware (OpenSBI on QEMU's virt) at the load address, 0x80200000,
# with paging off. Two ways in, each giving the hart its cowos CPU number
# in tp and that CPU's boot stack (start.c's bootstacks):
#  _entry:     the boot hart, the one hart the firmware starts, with
#              a0 = its hart id and a1 = the device tree's physical
#              address (SBI spec v2.0, ch. 4 and the boot protocol of
#              the RISC-V Linux kernel, which OpenSBI follows). CPU 0.
#  _hartentry: every other hart, started by start.c with SBI's HSM
#              hart_start, with a0 = its hart id and a1 = the opaque
#              value start.c passed: its CPU number, 1..NCPU-1.
#include "param.h"
#include "board.h"
        .section .text.entry
        .globl _entry
_entry:
        # Zero .bss (edata to end, 16-byte aligned: kernel.ld): QEMU's
        # loader hands over zeroed RAM, a board's boot loader need not.
        # Keep a0 and a1.
        la t0, edata
        la t1, end
2:
        bgeu t0, t1, 3f
        sd zero, 0(t0)
        addi t0, t0, 8
        j 2b
3:
        li tp, 0
        la sp, bootstacks
        li t0, BOOTSTACK
        add sp, sp, t0
        call start
1:
        wfi
        j 1b

        .globl _hartentry
_hartentry:
        mv tp, a1
        # sp = bootstacks + (cpu + 1) * BOOTSTACK
        la sp, bootstacks
        li t0, BOOTSTACK
        addi t1, a1, 1
        mul t0, t0, t1
        add sp, sp, t0
        call starthart
        j 1b
