// The board the kernel runs on, as its device tree describes it
// (kernel/riscv/fdt.c reads it before main()): how fast the `time` CSR
// counts, where the console UART, the interrupt controller (PLIC) and
// the virtio-mmio slots sit in physical memory and which interrupt each
// raises, and which PLIC context takes each hart's supervisor-mode
// interrupts. No device address is built in: the same kernel runs on
// QEMU's virt and on its sifive_u (a model of SiFive's HiFive
// Unleashed). Also where the kernel puts its stacks. For kernel/riscv/
// only.
#ifndef COWOS_RISCV_BOARD_H
#define COWOS_RISCV_BOARD_H
#include "machine.h"

// Kernel stacks sit below the trampoline in the kernel's page table,
// each followed by an unmapped guard page.
#define KSTACK(p) (TRAMPOLINE - ((p)+1)* 2*PGSIZE)

// Bytes of boot stack per CPU (start.c's bootstacks, entry.S).
#define BOOTSTACK 4096

// Clock ticks per second (trap.c asks for one every timebase/HZ counts).
#define HZ 100

#define UART_NS16550 1   // a 16550 (kernel/ns16550.c): QEMU virt, most boards
#define UART_SIFIVE  2   // SiFive's UART (sifive_uart.c): HiFive boards

#define NVIRTIO  8       // virtio-mmio slots the kernel looks at
#define NPLICCTX 64      // PLIC supervisor contexts the kernel records

#ifndef __ASSEMBLER__
struct board {
  uint64 timebase;       // Hz of the `time` CSR (/cpus timebase-frequency)
  struct uart {
    int kind;            // UART_NS16550 or UART_SIFIVE; 0: none found
    uint64 pa;           // physical address of its registers
    uint64 size;         // bytes of them
    int shift;           // register i is at pa + (i << shift) (reg-shift)
    int width;           // bytes per register access, 1 or 4 (reg-io-width)
    int irq;             // its PLIC interrupt number
  } uart;                // the console: /chosen stdout-path's, or the first
  struct {
    uint64 pa, size;     // the PLIC's registers; size 0: none found
    int nctx;
    struct {
      uint64 hart;       // a hart id
      int ctx;           // the PLIC context of its S-mode external interrupt
    } sctx[NPLICCTX];
  } plic;
  int nvirtio;           // virtio-mmio slots, in address order
  struct {
    uint64 pa;           // registers (one page)
    int irq;
  } virtio[NVIRTIO];
};
extern struct board board;   // fdt.c

// What the machine files call in each other.
int  plic_claim(void);           // plic.c
void plic_complete(int irq);
int  virtio_disk_intr(int irq);  // virtio_disk.c
void usertrap(void);             // trap.c
int  fdtinit(uint64 dtb, uint64 boothart, uint64 *harts);   // fdt.c
void sbi_set_timer(uint64 stime);                          // sbi.c
long sbi_hart_start(uint64 hartid, uint64 addr, uint64 opaque);
extern uint64 fdtram;            // fdt.c: MiB of RAM the device tree reports
void sifive_uartinit(void);      // sifive_uart.c
void sifive_uartputc(int c);
int  sifive_uartgetc(void);
void sifive_uartrxon(void);
void sifive_uartrxoff(void);
#endif

#endif
