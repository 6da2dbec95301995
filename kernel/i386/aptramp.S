# Start-up code for the other CPUs. startothers() (mp.c) copies the bytes
# from aptramp to aptramp_end to physical address APSTART, fills in the
# four words at the end, and sends the CPU INIT and STARTUP IPIs; the CPU
# starts here in real mode at APSTART:0000 (MP spec 1.4, B.4; SDM vol. 3,
# 8.4.4). Enter protected mode with a flat GDT of our own (SDM vol. 3,
# 9.9.1), turn on paging with entrypgdir (4 MiB pages, CR0.WP) and call
# apstart() on the CPU's boot stack at its kernel address.
#include "machine.h"
#include "x86.h"
#include "pc.h"

# The address of label x once the code is copied to APSTART.
#define AT(x) (APSTART + (x) - aptramp)

        .text
        .code16
        .globl aptramp, aptramp_end
        .globl apt_stack, apt_entry, apt_pgdir
aptramp:
        cli
        cld
        xorw %ax, %ax
        movw %ax, %ds
        movw %ax, %es
        movw %ax, %ss
        lgdtl AT(aptgdtdesc)
        movl %cr0, %eax
        orl $CR0_PE, %eax
        movl %eax, %cr0
        ljmpl $KCODE_SEL, $AT(apt32)

        .code32
apt32:
        movw $KDATA_SEL, %ax
        movw %ax, %ds
        movw %ax, %es
        movw %ax, %ss
        xorw %ax, %ax
        movw %ax, %fs
        movw %ax, %gs
        movl %cr4, %eax
        orl $CR4_PSE, %eax
        movl %eax, %cr4
        movl AT(apt_pgdir), %eax
        movl %eax, %cr3
        movl %cr0, %eax
        orl $(CR0_PG | CR0_WP), %eax
        movl %eax, %cr0
        movl AT(apt_stack), %esp
        xorl %ebp, %ebp
        movl AT(apt_entry), %eax
        call *%eax
1:
        hlt
        jmp 1b

        .p2align 3
# Null, kernel code, kernel data: flat 4 GiB (the kernel's selectors).
aptgdt:
        .quad 0
        .quad 0x00CF9A000000FFFF
        .quad 0x00CF92000000FFFF
aptgdtdesc:
        .word 3*8 - 1
        .long AT(aptgdt)

        .p2align 2
apt_stack:                      # top of the CPU's boot stack (virtual)
        .long 0
apt_entry:                      # apstart() (virtual)
        .long 0
apt_pgdir:                      # entrypgdir (physical)
        .long 0
aptramp_end:

        .section .note.GNU-stack, "", @progbits
