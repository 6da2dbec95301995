// How the console's 16550 (kernel/uart.c) is reached on the PC: COM1's
// registers are I/O ports from 0x3F8 (pc.h), interrupting on ISA IRQ 4
// (routed by the I/O APIC, ioapic.c).
#include "types.h"
#include "machine.h"
#include "x86.h"
#include "pc.h"
#include "arch.h"

// The 16550 register at offset reg (0..7) from COM1, read or written
// (inb/outb). Any context.
int
uartread(int reg)
{
  return inb(COM1 + reg);
}

void
uartwrite(int reg, int v)
{
  outb(COM1 + reg, v);
}
