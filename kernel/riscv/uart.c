// The RISC-V console UART: the one the device tree names (fdt.c,
// board.uart), a 16550 (kernel/ns16550.c; QEMU's virt, most boards) or
// SiFive's UART (sifive_uart.c; the HiFive boards and QEMU's sifive_u).
// Its registers are memory-mapped, one-to-one in the kernel's page table
// (kvm.c).
#include "types.h"
#include "board.h"
#include "arch.h"

// The 16550 register at offset reg (0..7), read or written: at
// board.uart.pa + (reg << shift), accessed reg-io-width bytes at a time
// (Linux's 8250.yaml binding: a board with a 32-bit bus puts each byte
// register in a word). Any context.
int
ns16550read(int reg)
{
  uint64 a = board.uart.pa + ((uint64)reg << board.uart.shift);
  if(board.uart.width == 4)
    return *(volatile uint32*)a & 0xff;
  return *(volatile uchar*)a;
}

void
ns16550write(int reg, int v)
{
  uint64 a = board.uart.pa + ((uint64)reg << board.uart.shift);
  if(board.uart.width == 4)
    *(volatile uint32*)a = v;
  else
    *(volatile uchar*)a = v;
}

// The console UART of kernel/arch.h, whichever chip it is. The baud rate
// stays as the SBI firmware set it.
void
uartinit(void)
{
  if(board.uart.kind == UART_SIFIVE)
    sifive_uartinit();
  else
    ns16550init(0);
}

void
uartputc(int c)
{
  if(board.uart.kind == UART_SIFIVE)
    sifive_uartputc(c);
  else
    ns16550putc(c);
}

int
uartgetc(void)
{
  if(board.uart.kind == UART_SIFIVE)
    return sifive_uartgetc();
  return ns16550getc();
}

void
uartrxon(void)
{
  if(board.uart.kind == UART_SIFIVE)
    sifive_uartrxon();
  else
    ns16550rxon();
}

void
uartrxoff(void)
{
  if(board.uart.kind == UART_SIFIVE)
    sifive_uartrxoff();
  else
    ns16550rxoff();
}

// No screen on the RISC-V boards cowos knows: console output goes to the
// UART alone (kernel/arch.h). Any context.
void
screenputc(int c)
{
}
