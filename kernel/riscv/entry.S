# First instructions of the kernel, in supervisor mode with paging off,
# entered by the SBI firmware at the address the kernel was loaded at
# (0x80200000 under QEMU; any 2 MiB-aligned address in RAM on a board).
# Two ways in, each giving the hart its cowos CPU number in tp and that
# CPU's boot stack (start.c's bootstacks):
#  _entry:     the boot hart, the one hart the firmware starts, with
#              a0 = its hart id and a1 = the device tree's physical
#              address (SBI spec v2.0, ch. 4 and the boot protocol of
#              the RISC-V Linux kernel, which OpenSBI follows). CPU 0.
#  _hartentry: every other hart, started by start.c with SBI's HSM
#              hart_start, with a0 = its hart id and a1 = the opaque
#              value start.c passed: its CPU number, 1..NCPU-1.
# Each runs at its physical address until it turns paging on with the
# boot page table (start.c's bootmap()), which maps the kernel at the
# address it is linked at, KERNLINK; until then only code that addresses
# everything relative to the pc runs (the medany code model's la, and
# C compiled for it that reads no stored pointer).
#include "param.h"
#include "machine.h"
#include "board.h"

# The kernel's link address minus the physical address it was loaded at:
# P2V() and V2P() in machine.h. _entry sets it first, with paging off; it
# never changes after, and C sees it as const (it is read-only data,
# mapped read-only by kvm.c).
        .section .rodata
        .balign 8
        .globl kvoff
kvoff:  .dword 0

# Turn paging on and go on at the link address of what follows. First
# with start.c's switch page table, which maps only the 2 MiB of the
# kernel's text from its first byte, at their link address: the fetch
# after the switch is either that very code (the kernel runs where it is
# linked) or not mapped, and then the page fault's trap goes to stvec,
# the same place at its link address (a physical address the boot page
# table maps could hold anything). There, switch to the boot page table.
.macro TOLINK
        la t0, 8f
        ld t0, 0(t0)
        csrw stvec, t0
        la t1, switchsatp
        ld t1, 0(t1)
        csrw satp, t1
        sfence.vma zero, zero
        jr t0
        .pushsection .rodata
        .balign 8
8:      .dword 9f
        .popsection
        .balign 4
9:
        la t0, bootsatp
        ld t0, 0(t0)
        csrw satp, t0
        sfence.vma zero, zero
.endm

        .section .text.entry
        .globl _entry
_entry:
        # The header of a RISC-V Linux "Image" (Linux's
        # Documentation/arch/riscv/boot-image-header.rst, version 0.2),
        # so that U-Boot's booti loads the flat image (make's
        # build/riscv/Image) as it loads Linux; its first word jumps over
        # the rest. Little-endian: code0, code1, text_offset (where in
        # RAM to put the image: 2 MiB past its start, after the SBI
        # firmware), image_size (bytes to the end of .bss), flags (0:
        # little-endian), version, 3 reserved words, magic "RISCV\0\0\0",
        # magic2 "RSC\x05", and a reserved word.
        .option push
        .option norvc
        j _start
        .option pop
        .word 0
        .dword 0x200000
        .dword imagesize
        .dword 0
        .word 2
        .word 0
        .dword 0
        .ascii "RISCV\0\0\0"
        .ascii "RSC\x05"
        .word 0
_start:
        # Zero .bss (edata to end, 16-byte aligned: kernel.ld): QEMU's
        # loader hands over zeroed RAM, a board's boot loader need not.
        la t0, edata
        la t1, end
2:
        bgeu t0, t1, 3f
        sd zero, 0(t0)
        addi t0, t0, 8
        j 2b
3:
        # kvoff = the link address of _entry minus where it runs.
        la t0, _entry
        li t1, KERNLINK
        sub t1, t1, t0
        la t2, kvoff
        sd t1, 0(t2)
        li tp, 0
        la sp, bootstacks
        li t0, BOOTSTACK
        add sp, sp, t0
        mv s0, a0
        mv s1, a1
        call bootmap            # the page tables for TOLINK
        TOLINK
        la t0, kvoff
        ld t0, 0(t0)
        add sp, sp, t0          # the same stack, at its link address
        mv a0, s0
        mv a1, s1
        call start
1:
        wfi
        j 1b

        .globl _hartentry
_hartentry:
        mv tp, a1
        mv s0, a0
        mv s1, a1
        TOLINK
        # sp = bootstacks + (cpu + 1) * BOOTSTACK
        la sp, bootstacks
        li t0, BOOTSTACK
        addi t1, s1, 1
        mul t0, t0, t1
        add sp, sp, t0
        mv a0, s0
        mv a1, s1
        call starthart
        j 1b
