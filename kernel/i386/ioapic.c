// The I/O APIC: routes the ISA interrupts cowos uses (the keyboard, IRQ
// 1; COM1, IRQ 4; the primary IDE channel, IRQ 14) to a CPU's local APIC. Registers: Intel
// 82093AA I/O APIC datasheet, 3.0 (IOREGSEL at offset 0, IOWIN at 0x10;
// register 1, the version, bits 16-23 = redirection entries - 1;
// redirection entry n at registers 0x10 + 2n (low word) and 0x11 + 2n
// (high word: destination APIC ID in bits 24-31)). On QEMU's PC, ISA
// IRQ n is I/O APIC input n (but IRQ 0, which cowos does not use).
#include "types.h"
#include "param.h"
#include "machine.h"
#include "x86.h"
#include "pc.h"

#define IOREGSEL 0x00
#define IOWIN    0x10
#define REG_VER   0x01
#define REG_TABLE 0x10
#define INT_MASKED 0x00010000   // in the low word: interrupt masked

static void
ioapicw(int r, uint32 v)
{
  *(volatile uint32*)(IOAPIC + IOREGSEL) = r;
  *(volatile uint32*)(IOAPIC + IOWIN) = v;
}

static uint32
ioapicr(int r)
{
  *(volatile uint32*)(IOAPIC + IOREGSEL) = r;
  return *(volatile uint32*)(IOAPIC + IOWIN);
}

// Mask every input, each with vector T_IRQ0 + its number. CPU 0, once.
void
ioapicinit(void)
{
  int n = (ioapicr(REG_VER) >> 16) & 0xFF;
  for(int i = 0; i <= n; i++){
    ioapicw(REG_TABLE + 2*i, INT_MASKED | (T_IRQ0 + i));
    ioapicw(REG_TABLE + 2*i + 1, 0);
  }
}

// Deliver ISA interrupt irq at vector T_IRQ0 + irq to CPU number cpu:
// fixed delivery, physical destination, edge-triggered, active high.
// CPU 0, at boot.
void
ioapicenable(int irq, int cpu)
{
  ioapicw(REG_TABLE + 2*irq, T_IRQ0 + irq);
  ioapicw(REG_TABLE + 2*irq + 1, pcpus[cpu].apicid << 24);
}
