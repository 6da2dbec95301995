// The PC's console UART: COM1, a 16550 (kernel/ns16550.c) whose registers
// are I/O ports from 0x3F8 (pc.h), interrupting on ISA IRQ 4 (routed by
// the I/O APIC, ioapic.c).
#include "types.h"
#include "machine.h"
#include "x86.h"
#include "pc.h"
#include "arch.h"

// The 16550 register at offset reg (0..7) from COM1, read or written
// (inb/outb). Any context.
int
ns16550read(int reg)
{
  return inb(COM1 + reg);
}

void
ns16550write(int reg, int v)
{
  outb(COM1 + reg, v);
}

// The console UART of kernel/arch.h: COM1 at 38.4K baud (divisor 3 of
// the PC UART's 1.8432 MHz / 16 = 115200).
void
uartinit(void)
{
  ns16550init(3);
}

void
uartputc(int c)
{
  ns16550putc(c);
}

int
uartgetc(void)
{
  return ns16550getc();
}

void
uartrxon(void)
{
  ns16550rxon();
}

void
uartrxoff(void)
{
  ns16550rxoff();
}
