// RISC-V Platform-Level Interrupt Controller: routes the UART and virtio
// interrupts to each hart's supervisor context. Register map: the PLIC
// specification and QEMU's virt machine (contexts 2*hart+1 are S-mode,
// by hart id, which is not always the CPU number: start.c's cpuhart[]).
#include "types.h"
#include "param.h"
#include "virt.h"
#include "csr.h"
#include "arch.h"

#define REG32(a) (*(volatile uint32*)(a))

// Give the devices cowos uses a non-zero priority. CPU 0, once, at boot.
void
irqinit(void)
{
  REG32(PLIC_PRIORITY + UART0_IRQ*4) = 1;
  REG32(PLIC_PRIORITY + VIRTIO0_IRQ*4) = 1;
}

// Let this hart's S-mode context take UART and virtio interrupts.
// Every hart, at boot.
void
irqinithart(void)
{
  uint64 hart = cpuhart[cpuid()];
  REG32(PLIC_SENABLE(hart)) = (1 << UART0_IRQ) | (1 << VIRTIO0_IRQ);
  REG32(PLIC_SPRIORITY(hart)) = 0;   // accept any priority above 0
}

// Claim the highest-priority pending interrupt for this hart.
// Returns its IRQ number, or 0 if none is pending.
int
plic_claim(void)
{
  return REG32(PLIC_SCLAIM(cpuhart[cpuid()]));
}

// Tell the PLIC this hart has finished with irq (from plic_claim()).
void
plic_complete(int irq)
{
  REG32(PLIC_SCLAIM(cpuhart[cpuid()])) = irq;
}
