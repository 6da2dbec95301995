// How the console's 16550 (kernel/uart.c) is reached on QEMU's virt
// machine: its registers are bytes of memory at UART0 (virt.h).
#include "types.h"
#include "virt.h"
#include "arch.h"

// The 16550 register at offset reg (0..7) from UART0, read or written.
// Any context.
int
uartread(int reg)
{
  return *(volatile uchar*)(UART0 + reg);
}

void
uartwrite(int reg, int v)
{
  *(volatile uchar*)(UART0 + reg) = v;
}

// QEMU's virt machine has no screen: console output goes to the UART
// alone (kernel/arch.h). Any context.
void
screenputc(int c)
{
}
