// Driver for a 16550-compatible UART, the console on the PC (COM1) and on
// most RISC-V boards (QEMU's virt among them); the machine's uart.c calls
// it for its console when the console is one. Only how the registers are
// reached differs between machines, and the machine provides that
// (ns16550read(), ns16550write() in kernel/arch.h: memory-mapped on
// RISC-V, I/O ports on the PC). Register map: the 16550 data sheet
// (receive/transmit holding register at offset 0, IER 1, FCR 2, LCR 3,
// MCR 4, LSR 5).
#include "types.h"
#include "arch.h"

#define RHR 0                  // receive holding register (read)
#define THR 0                  // transmit holding register (write)
#define IER 1                  // interrupt enable
#define IER_RX_ENABLE (1<<0)
#define LCR 3                  // line control
#define LCR_EIGHT_BITS  (3<<0)
#define LCR_BAUD_LATCH  (1<<7) // DLL/DLM at offsets 0/1 while set
#define MCR 4                  // modem control
#define MCR_DTR  (1<<0)
#define MCR_RTS  (1<<1)
#define MCR_OUT2 (1<<3)        // on a PC, gates the IRQ line
#define LSR 5                  // line status
#define LSR_RX_READY (1<<0)
#define LSR_TX_IDLE  (1<<5)

// Program the UART: 8 data bits, no parity, the IRQ line on, receive
// interrupts on; the baud rate's divisor (of the chip's input clock / 16)
// set to divisor, or, if divisor is 0, left as the firmware set it (a
// board's UART clock is the board's; its firmware already talks on this
// UART at the board's rate). Called once by CPU 0 at boot.
void
ns16550init(int divisor)
{
  ns16550write(IER, 0x00);
  if(divisor){
    ns16550write(LCR, LCR_BAUD_LATCH);
    ns16550write(0, divisor & 0xff);   // divisor low byte
    ns16550write(1, divisor >> 8);     // divisor high byte
  }
  ns16550write(LCR, LCR_EIGHT_BITS);
  ns16550write(MCR, MCR_DTR | MCR_RTS | MCR_OUT2);
  // Leave the FIFOs as they are: changing their enable bit empties them
  // (16550 data sheet, FCR bit 0), and input piped in before boot is
  // already waiting there.
  ns16550write(IER, IER_RX_ENABLE);
}

// Send one byte, spinning until the transmitter can take it. Usable from
// any context, including interrupt handlers and panic.
void
ns16550putc(int c)
{
  while((ns16550read(LSR) & LSR_TX_IDLE) == 0)
    ;
  ns16550write(THR, c);
}

// The next received byte, or -1 if none is waiting. Any context.
int
ns16550getc(void)
{
  if(ns16550read(LSR) & LSR_RX_READY)
    return ns16550read(RHR);
  return -1;
}

// Stop receive interrupts: the console has no room. Any context.
void
ns16550rxoff(void)
{
  ns16550write(IER, 0);
}

// Re-enable receive interrupts after the console made room. Any context.
void
ns16550rxon(void)
{
  ns16550write(IER, IER_RX_ENABLE);
}
