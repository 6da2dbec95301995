// Physical and virtual memory layout.
//
// Physical (QEMU virt machine, hw/riscv/virt.c memory map):
//   0x02000000 CLINT
//   0x0C000000 PLIC
//   0x10000000 UART0 (16550)
//   0x10001000 virtio-mmio disk
//   0x80000000 RAM: the kernel is loaded here by QEMU's -kernel
// The kernel maps RAM one-to-one up to PHYSTOP.
//
// User virtual (docs/xv6-compat.md): text and data from 0, a guard page,
// USERSTACK stack pages, the heap; TRAPFRAME and TRAMPOLINE at the top.
#ifndef COWOS_MEMLAYOUT_H
#define COWOS_MEMLAYOUT_H

#define UART0      0x10000000L
#define UART0_IRQ  10

#define VIRTIO0      0x10001000L
#define VIRTIO0_IRQ  1

#define PLIC 0x0c000000L
#define PLIC_PRIORITY (PLIC + 0x0)
#define PLIC_PENDING  (PLIC + 0x1000)
#define PLIC_SENABLE(hart)   (PLIC + 0x2080 + (hart)*0x100)
#define PLIC_SPRIORITY(hart) (PLIC + 0x201000 + (hart)*0x2000)
#define PLIC_SCLAIM(hart)    (PLIC + 0x201004 + (hart)*0x2000)

// RAM size the kernel is built for, in MiB: the Makefile passes the same
// number to QEMU's -m, so the two cannot disagree.
#ifndef PHYSMEM_MB
#define PHYSMEM_MB 128
#endif
#define KERNBASE 0x80000000L
#define PHYSTOP (KERNBASE + (uint64)PHYSMEM_MB*1024*1024)

// Trampoline page: the highest virtual page in both user and kernel space.
#define TRAMPOLINE (MAXVA - PGSIZE)

// Kernel stacks sit below the trampoline, each followed by an unmapped
// guard page.
#define KSTACK(p) (TRAMPOLINE - ((p)+1)* 2*PGSIZE)

// Per-process trap frame, just below the trampoline in user space.
#define TRAPFRAME (TRAMPOLINE - PGSIZE)

#endif
