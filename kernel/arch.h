// What each machine's folder (kernel/ARCH/) implements for the portable
// kernel, beside the types, macros and inline functions of its
// kernel/ARCH/machine.h, which this header includes. A new machine
// provides machine.h and every function below (README.md, "Layout").
#ifndef COWOS_ARCH_H
#define COWOS_ARCH_H
#include "types.h"
#include "machine.h"

struct proc;
struct context;

// What the machine found at boot, before main(): CPUs (harts), at most
// NCPU (RISC-V: the device tree's /cpus; i386: the MP table).
extern int ncpu;

// The RAM disk image the boot loader left in RAM, found before main()
// (i386: the first Multiboot module; RISC-V: the device tree's initrd):
// its physical address and its length in bytes, 0 if there is none.
// kinit() gives none of its frames to the allocator; kernel/disk.c serves
// it as the disk when the machine has none.
extern uint64 ramdiskpa;
extern uint64 ramdisklen;

// Kernel address space (kernel/ARCH/kvm.c).
void        kvminit(void);        // build the kernel page table; hart 0, once
void        kvminithart(void);    // turn paging on with it; every hart
uint64      kstackaddr(int slot); // kernel virtual address of process slot's stack (PGSIZE bytes)
pagetable_t proc_pagetable(struct proc *p);
void        proc_freepagetable(pagetable_t pagetable, uint64 sz);

// Traps (kernel/ARCH/trap.c).
void trapinit(void);              // hart 0, once
void trapinithart(void);          // every hart
void usertrapret(void) __attribute__((noreturn));
void irqinit(void);               // device interrupt controller; hart 0, once
void irqinithart(void);           // every hart
void backtrace(void);             // print this hart's kernel call chain

// Context switch (kernel/ARCH/swtch.S): save callee-saved registers in
// *old, load them from *new.
void swtch(struct context *old, struct context *new);

// The console's UART (kernel/ARCH/uart.c): the PC's COM1, or the one the
// RISC-V device tree names.
void uartinit(void);              // CPU 0, once, at boot
void uartputc(int c);             // spins; any context, even after a panic
int  uartgetc(void);              // next received byte, or -1; any context
void uartrxon(void);              // receive interrupts on again
void uartrxoff(void);             // ... off: the console is full

// The portable 16550 driver (kernel/ns16550.c), which a machine's uart.c
// calls when its console is a 16550: the same five, for that chip.
void ns16550init(int divisor);    // 0: keep the firmware's baud rate
void ns16550putc(int c);
int  ns16550getc(void);
void ns16550rxon(void);
void ns16550rxoff(void);
// How its registers are reached (kernel/ARCH/uart.c): read or write the
// register at offset reg (0..7, 16550 data sheet). Any context.
int  ns16550read(int reg);
void ns16550write(int reg, int v);

// The machine's own screen, beside the UART (kernel/ARCH/): show one
// byte of console output there too ('\n', '\b' and the rest as a
// terminal would). A no-op on a machine without one (RISC-V's boards).
// Any context, even after a panic; the caller serializes (kputc()).
void screenputc(int c);

#endif
