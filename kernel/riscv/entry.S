# First instructions of every hart, in machine mode at 0x80000000:
# give the hart its own boot stack and call start().
#include "virt.h"
        .section .text.entry
        .globl _entry
_entry:
        # sp = bootstacks + (hartid + 1) * BOOTSTACK
        la sp, bootstacks
        li t0, BOOTSTACK
        csrr t1, mhartid
        addi t1, t1, 1
        mul t0, t0, t1
        add sp, sp, t0
        call start
1:
        wfi
        j 1b
