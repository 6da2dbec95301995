// QEMU's PC machine: where cowos finds its devices, the interrupt vectors
// it uses, and where the kernel puts its stacks. For kernel/i386/ only.
//   I/O port 0x3F8        COM1 (16550), IRQ 4
//   I/O ports 0x60, 0x64  the 8042 keyboard controller, IRQ 1
//   0xB8000               VGA text buffer; CRT controller at ports 0x3D4/5
//   I/O ports 0x1F0-0x1F7 primary IDE channel, control at 0x3F6, IRQ 14
//   I/O ports 0x20, 0xA0  the two 8259 PICs (masked: cowos uses the APICs)
//   0xFEC00000            I/O APIC (MP spec 1.4, 3.6.1; Intel 82093AA)
//   0xFEE00000            local APIC of each CPU (SDM vol. 3, 10.4.1)
// Kernel virtual memory (the same in every page directory, entries
// PX(1, KERNBASE) and up):
//   KERNBASE + [0, RAM)   all of RAM (4 MiB pages); the kernel at 1 MiB
//   0xFEC00000            the I/O APIC and local APIC window, one
//                         uncached 4 MiB page mapped at its physical
//                         address
//   KSTACKBASE            kernel stacks, one page per process slot, each
//                         above an unmapped guard page
#ifndef COWOS_I386_PC_H
#define COWOS_I386_PC_H
#include "machine.h"

#define COM1      0x3F8
#define IRQ_KBD   1
#define IRQ_COM1  4
#define IRQ_IDE   14

#define IOAPIC    0xFEC00000   // default address (MP spec 1.4, 3.6.1)
#define LAPIC     0xFEE00000   // default address (SDM vol. 3, 10.4.1)
#define DEVWINDOW 0xFEC00000   // the 4 MiB page that holds both

// Kernel stacks: slot p's page at KSTACK(p), an unmapped guard page below
// each, all in the one page table at KSTACKBASE.
#define KSTACKBASE 0xFF000000
#define KSTACK(p)  (KSTACKBASE + (2*(p)+1) * PGSIZE)

// Trap vectors (SDM vol. 3, 6.3.1, table 6-1, for 0-31).
#define T_DIVIDE   0
#define T_DEBUG    1
#define T_NMI      2
#define T_BRKPT    3
#define T_OFLOW    4
#define T_BOUND    5
#define T_ILLOP    6
#define T_DEVICE   7
#define T_DBLFLT   8
#define T_TSS     10
#define T_SEGNP   11
#define T_STACK   12
#define T_GPFLT   13
#define T_PGFLT   14
#define T_FPERR   16
#define T_ALIGN   17
#define T_MCHK    18
#define T_SIMDERR 19
#define T_IRQ0    32           // IRQ n arrives at vector T_IRQ0 + n
#define T_TIMER   (T_IRQ0 + 0) // the local APIC timer
#define T_LAPICERR (T_IRQ0 + 19)
#define T_SPURIOUS (T_IRQ0 + 31) // low four bits all ones (SDM vol. 3, 10.9)
#define T_SYSCALL 64           // int $64: the one gate user mode may use

// Page-fault error code bits (SDM vol. 3, 4.7).
#define PF_PRESENT 0x1         // protection violation (else: not present)
#define PF_WRITE   0x2
#define PF_USER    0x4

// Bytes of boot stack per CPU (start.c's bootstacks).
#define BOOTSTACK 4096

// The local APIC timer counts at 1 GHz on QEMU (hw/intc/apic_internal.h:
// APIC_BUS_CYCLE_NS = 1; the divide register set to 1): 10,000,000
// counts are 10 ms.
#define TICK_COUNT 10000000

// Where the AP start-up code runs (a free page below 1 MiB; the SIPI
// vector is its page number: MP spec 1.4, B.4).
#define APSTART 0x7000

#ifndef __ASSEMBLER__
// What the machine files call in each other.
void lapicinit(void);            // lapic.c
void lapiceoi(void);
void lapicstartap(int apicid, uint32 addr);
int  lapicid(void);
void ioapicinit(void);           // ioapic.c
void ioapicenable(int irq, int cpu);
void mpinit(void);               // mp.c
void startothers(void);
void cpuinit(int id);            // start.c
void ideintr(void);              // ide.c
void kbdintr(void);              // kbd.c
void usertrap(struct trapframe *tf) __attribute__((noreturn));   // trap.c
void kerneltrap(struct trapframe *tf);
void userret(struct trapframe *tf) __attribute__((noreturn));    // trapvec.S
extern pagetable_t kernel_pagetable;   // kvm.c
extern pte_t entrypgdir[];       // entry.S
#endif

#endif
