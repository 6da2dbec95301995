# The kernel's first instructions on CPU 0, from QEMU's Multiboot loader:
# 32-bit protected mode with flat segments, paging off, interrupts off,
# %eax = 0x2BADB002 and %ebx = the physical address of the Multiboot
# information (Multiboot spec 0.6.96, 3.2 "Machine state"). Turn on paging
# with entrypgdir, move to the kernel's high addresses, clear .bss, and
# call start(mbinfo) on CPU 0's boot stack.
#include "machine.h"
#include "x86.h"
#include "pc.h"

# The Multiboot header (spec 3.1): in the first 8 KiB, 4-byte aligned.
# Flag bit 1: pass the memory map. An ELF kernel needs no address fields.
#define MB_MAGIC 0x1BADB002
#define MB_FLAGS 0x00000002

        .section .text.entry
        .p2align 2
mbheader:
        .long MB_MAGIC
        .long MB_FLAGS
        .long -(MB_MAGIC + MB_FLAGS)

        .globl _entry
_entry:
        movl %ebx, %esi                 # Multiboot information (physical)

        # 4 MiB pages, entrypgdir, then paging with CR0.WP.
        movl %cr4, %eax
        orl $CR4_PSE, %eax
        movl %eax, %cr4
        movl $(entrypgdir - KERNBASE), %eax
        movl %eax, %cr3
        movl %cr0, %eax
        orl $(CR0_PG | CR0_WP), %eax
        movl %eax, %cr0

        # Still at a low address (mapped one-to-one): jump up.
        movl $high, %eax
        jmp *%eax
high:
        # Clear .bss (edata and end are 16-byte aligned: kernel.ld).
        movl $edata, %edi
        movl $end, %ecx
        subl %edi, %ecx
        shrl $2, %ecx
        xorl %eax, %eax
        cld
        rep stosl

        movl $(bootstacks + BOOTSTACK), %esp
        xorl %ebp, %ebp                 # ends backtrace()'s walk
        pushl %esi
        call start
1:
        hlt
        jmp 1b

# The page directory the kernel starts on, and every other CPU too (its
# start-up code, aptramp.S, needs the low one-to-one map). 4 MiB pages
# (SDM vol. 3, 4.3, table 4-4: a PDE with PS set): the first 8 MiB at
# address 0 and at KERNBASE, all of the direct map up to PHYSTOP_MAX
# (so kinit() can reach every frame before kvminit()), and the APIC
# window, uncached. kvminit() builds the kernel's real directory.
        .section .data
        .p2align 12
        .globl entrypgdir
entrypgdir:
        .long 0x000000 | PTE_P | PTE_W | PTE_PS
        .long 0x400000 | PTE_P | PTE_W | PTE_PS
        .fill (KERNBASE >> 22) - 2, 4, 0
        .set pdi, 0
        .rept (PHYSTOP_MAX - KERNBASE) >> 22
        .long (pdi << 22) | PTE_P | PTE_W | PTE_PS
        .set pdi, pdi + 1
        .endr
        .long DEVWINDOW | PTE_P | PTE_W | PTE_PS | PTE_PCD | PTE_PWT
        .fill 1023 - (DEVWINDOW >> 22), 4, 0

        .section .note.GNU-stack, "", @progbits
