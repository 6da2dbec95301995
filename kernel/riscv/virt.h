// QEMU's virt machine: where its devices sit in physical memory
// (QEMU's hw/riscv/virt.c memory map), their interrupt numbers at the
// PLIC, and where the kernel puts its stacks. For kernel/riscv/ only.
//   0x02000000 CLINT
//   0x0C000000 PLIC
//   0x10000000 UART0 (16550)
//   0x10001000 virtio-mmio disk
//   0x80000000 RAM (KERNBASE): the SBI firmware (OpenSBI) at its start
//   0x80200000 where QEMU's -kernel loads the kernel, and the firmware
//              enters it (kernel.ld)
#ifndef COWOS_RISCV_VIRT_H
#define COWOS_RISCV_VIRT_H
#include "machine.h"

#define UART0      0x10000000L
#define UART0_IRQ  10

#define VIRTIO0      0x10001000L
#define VIRTIO0_IRQ  1

// PLIC register map (the RISC-V PLIC specification, ch. 3).
#define PLIC 0x0c000000L
#define PLIC_PRIORITY (PLIC + 0x0)
#define PLIC_SENABLE(hart)   (PLIC + 0x2080 + (hart)*0x100)
#define PLIC_SPRIORITY(hart) (PLIC + 0x201000 + (hart)*0x2000)
#define PLIC_SCLAIM(hart)    (PLIC + 0x201004 + (hart)*0x2000)

// Kernel stacks sit below the trampoline in the kernel's page table,
// each followed by an unmapped guard page.
#define KSTACK(p) (TRAMPOLINE - ((p)+1)* 2*PGSIZE)

// Bytes of boot stack per CPU (start.c's bootstacks, entry.S).
#define BOOTSTACK 4096

// Length of a clock tick in units of the `time` CSR, which counts at
// 10 MHz on QEMU's virt machine (its device tree: timebase-frequency =
// 10000000). 100,000 is 10 ms.
#define TICK_TIME 100000L

#ifndef __ASSEMBLER__
// What the machine files call in each other.
int  plic_claim(void);           // plic.c
void plic_complete(int irq);
void virtio_disk_intr(void);     // virtio_disk.c
void usertrap(void);             // trap.c
int  fdtinit(uint64 dtb, uint64 boothart, uint64 *harts);   // fdt.c
extern uint64 cpuhart[];         // start.c: each CPU's hart id
void sbi_set_timer(uint64 stime);                          // sbi.c
long sbi_hart_start(uint64 hartid, uint64 addr, uint64 opaque);
extern uint64 fdtram;            // fdt.c: MiB of RAM the device tree reports
#endif

#endif
