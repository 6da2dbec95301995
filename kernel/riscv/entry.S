# First instructions of every hart, in machine mode at 0x80000000:
# give the hart its own boot stack and call start(hartid, dtb), with a0
# and a1 as QEMU's reset code leaves them. A hart numbered NCPU or above
# has no stack or struct cpu: it waits here for good.
#include "param.h"
#include "virt.h"
        .section .text.entry
        .globl _entry
_entry:
        csrr t1, mhartid
        li t0, NCPU
        bgeu t1, t0, 1f
        # sp = bootstacks + (hartid + 1) * BOOTSTACK
        la sp, bootstacks
        li t0, BOOTSTACK
        addi t1, t1, 1
        mul t0, t0, t1
        add sp, sp, t0
        call start
1:
        wfi
        j 1b
