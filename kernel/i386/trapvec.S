# Trap entry and return. Every vector's stub pushes an error code of 0
# where the CPU pushes none (SDM vol. 3, 6.13: vectors 8, 10-14, 17, 21,
# 29, 30 have one), then its vector number, and goes to alltraps, which
# completes a struct trapframe (trapframe.h). From user mode the CPU has
# switched to TSS.esp0, so the frame is p->trapframe: alltraps then moves
# to the top of the process's kernel stack (the frame's kstacktop) and
# calls usertrap(tf), which leaves through usertrapret() and userret.
# From kernel mode the frame is on the current stack: kerneltrap(tf),
# then the registers come back and iret resumes the kernel.
#include "x86.h"
#include "pc.h"
#include "trapframe.h"

# Each stub takes VECSIZE bytes: vector i's stub is at vectors + i*VECSIZE.
#define VECSIZE 16

        .text
        .globl vectors
        .p2align 4
vectors:
        .set vec, 0
        .rept 256
        .p2align 4
        .if (vec == 8) || (vec >= 10 && vec <= 14) || (vec == 17) || (vec == 21) || (vec == 29) || (vec == 30)
        .else
        pushl $0
        .endif
        pushl $vec
        jmp alltraps
        .set vec, vec + 1
        .endr

alltraps:
        pushl %ds
        pushl %es
        pushl %fs
        pushl %gs
        pushal
        movw $KDATA_SEL, %ax
        movw %ax, %ds
        movw %ax, %es
        testl $3, TF_CS(%esp)
        jz 1f
        # From user mode: the kernel's %gs, the process's kernel stack.
        movw $KCPU_SEL, %ax
        movw %ax, %gs
        movl %esp, %eax
        movl TF_KSTACKTOP(%esp), %esp
        xorl %ebp, %ebp         # ends backtrace()'s walk
        pushl %eax
        call usertrap           # does not return
1:
        pushl %esp
        call kerneltrap
        addl $4, %esp
        popal
        popl %gs
        popl %fs
        popl %es
        popl %ds
        addl $8, %esp           # vector number and error code
        iret

# userret(tf): return to user mode with the registers in *tf, a process's
# trap frame, interrupts off and the user page directory loaded
# (usertrapret() in trap.c).
        .globl userret
userret:
        movl 4(%esp), %esp
        popal
        popl %gs
        popl %fs
        popl %es
        popl %ds
        addl $8, %esp
        iret

        .section .note.GNU-stack, "", @progbits
