// Driver for the console's 16550-compatible UART, the same chip on every
// machine cowos runs on; only how its registers are reached differs, and
// the machine provides that (uartread(), uartwrite() in kernel/arch.h:
// memory-mapped on RISC-V's virt, I/O ports on the PC's COM1). Register
// map: the 16550 data sheet (receive/transmit holding register at offset
// 0, IER 1, FCR 2, LCR 3, MCR 4, LSR 5).
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

// Program the UART: 38.4K baud, 8 data bits, no parity, the IRQ line on,
// receive interrupts on. Called once by CPU 0 at boot.
void
uartinit(void)
{
  uartwrite(IER, 0x00);
  uartwrite(LCR, LCR_BAUD_LATCH);
  uartwrite(0, 0x03);   // divisor low byte: 115200 / 3 = 38.4K
  uartwrite(1, 0x00);   // divisor high byte
  uartwrite(LCR, LCR_EIGHT_BITS);
  uartwrite(MCR, MCR_DTR | MCR_RTS | MCR_OUT2);
  // Leave the FIFOs as they are: changing their enable bit empties them
  // (16550 data sheet, FCR bit 0), and input piped in before boot is
  // already waiting there.
  uartwrite(IER, IER_RX_ENABLE);
}

// Send one byte, spinning until the transmitter can take it. Usable from
// any context, including interrupt handlers and panic.
void
uartputc(int c)
{
  while((uartread(LSR) & LSR_TX_IDLE) == 0)
    ;
  uartwrite(THR, c);
}

// The next received byte, or -1 if none is waiting. Any context.
int
uartgetc(void)
{
  if(uartread(LSR) & LSR_RX_READY)
    return uartread(RHR);
  return -1;
}

// Stop receive interrupts: the console has no room. Any context.
void
uartrxoff(void)
{
  uartwrite(IER, 0);
}

// Re-enable receive interrupts after the console made room. Any context.
void
uartrxon(void)
{
  uartwrite(IER, IER_RX_ENABLE);
}
