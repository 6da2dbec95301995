// Driver for SiFive's UART, the console of the HiFive boards and of
// QEMU's sifive_u, at board.uart.pa (fdt.c: compatible "sifive,uart0").
// Its registers are 32-bit words (SiFive FU540-C000 Manual, ch. 13
// "Universal Asynchronous Receiver/Transmitter"): txdata at 0 (bit 31:
// the transmit FIFO is full; a write of bits 7:0 queues a byte), rxdata
// at 4 (bit 31: the receive FIFO was empty; otherwise a read takes bits
// 7:0 from it), txctrl at 8 and rxctrl at 12 (bit 0 enables; bits 18:16
// the watermark count), ie at 16 (bit 1, rxwm: interrupt while the
// receive FIFO holds more than rxctrl's count), div at 24 (the baud
// rate's divisor, which the firmware has set for the board's clock and
// the kernel leaves).
#include "types.h"
#include "board.h"

#define TXDATA 0
#define RXDATA 4
#define TXCTRL 8
#define RXCTRL 12
#define IE     16
#define TXDATA_FULL  (1U<<31)
#define RXDATA_EMPTY (1U<<31)
#define CTRL_EN      1        // txctrl.txen, rxctrl.rxen
#define IE_RXWM      (1<<1)

static volatile uint32*
reg(int off)
{
  return (volatile uint32*)(board.uart.pa + off);
}

// Turn transmit and receive on, with an interrupt whenever a byte waits
// (a receive watermark of 0). CPU 0, once, at boot.
void
sifive_uartinit(void)
{
  *reg(IE) = 0;
  *reg(TXCTRL) = CTRL_EN;
  *reg(RXCTRL) = CTRL_EN;   // watermark 0: interrupt at one byte
  *reg(IE) = IE_RXWM;
}

// Send one byte, spinning while the transmit FIFO is full. Any context,
// even after a panic.
void
sifive_uartputc(int c)
{
  while(*reg(TXDATA) & TXDATA_FULL)
    ;
  *reg(TXDATA) = c & 0xff;
}

// The next received byte, or -1 if none is waiting. Any context.
int
sifive_uartgetc(void)
{
  uint32 r = *reg(RXDATA);
  if(r & RXDATA_EMPTY)
    return -1;
  return r & 0xff;
}

// Receive interrupts on again, or off while the console is full. Any
// context.
void
sifive_uartrxon(void)
{
  *reg(IE) = IE_RXWM;
}

void
sifive_uartrxoff(void)
{
  *reg(IE) = 0;
}
