// Traps, interrupts and the clock (kernel/trap.c), the PLIC (kernel/plic.c).
#ifndef COWOS_TRAP_H
#define COWOS_TRAP_H
#include "types.h"
#include "spinlock.h"

// Length of a clock tick in units of the `time` CSR, which counts at
// 10 MHz on QEMU's virt machine (its device tree: timebase-frequency =
// 10000000). 100,000 is 10 ms.
#define TIME_HZ   10000000L
#define TICK_TIME 100000L

extern struct spinlock tickslock;
extern uint ticks;             // clock interrupts since boot

void trapinit(void);
void trapinithart(void);
void usertrap(void);
void usertrapret(void);

void plicinit(void);
void plicinithart(void);
int  plic_claim(void);
void plic_complete(int irq);

#endif
