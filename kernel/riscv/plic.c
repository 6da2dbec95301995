// RISC-V Platform-Level Interrupt Controller: routes the console UART's
// and the disk's interrupts to each hart's supervisor-mode context. Where
// it is and which context is whose come from the device tree (fdt.c,
// board.plic): contexts are numbered by the board (QEMU's virt gives hart
// h contexts 2h and 2h+1, sifive_u gives its machine-mode-only hart 0 a
// single one), and a hart id is not always the CPU number (start.c's
// cpuhart[]). Register map: the RISC-V PLIC specification v1.0.0, ch. 3:
// source priorities from 0 (4 bytes each), context c's enable bits at
// 0x2000 + c*0x80 (a bit per source), its priority threshold at
// 0x200000 + c*0x1000 and its claim/complete register 4 bytes above.
#include "types.h"
#include "param.h"
#include "board.h"
#include "csr.h"
#include "printf.h"
#include "arch.h"

#define PLIC_PRIORITY(irq)   (board.plic.pa + 4*(irq))
#define PLIC_ENABLE(ctx, irq) (board.plic.pa + 0x2000 + (ctx)*0x80 + ((irq)/32)*4)
#define PLIC_THRESHOLD(ctx)  (board.plic.pa + 0x200000 + (ctx)*0x1000)
#define PLIC_CLAIM(ctx)      (board.plic.pa + 0x200004 + (ctx)*0x1000)

#define REG32(a) (*(volatile uint32*)(a))

static int cpuctx[NCPU];   // each CPU's S-mode context (irqinithart())

// Enable source irq in context ctx.
static void
enable(int ctx, int irq)
{
  REG32(PLIC_ENABLE(ctx, irq)) |= 1U << (irq % 32);
}

// Give the console UART and the virtio-mmio slots a non-zero priority.
// CPU 0, once, at boot. Panics if the device tree named no PLIC.
void
irqinit(void)
{
  if(board.plic.size == 0)
    panic("irqinit: no interrupt controller (PLIC) in the device tree");
  REG32(PLIC_PRIORITY(board.uart.irq)) = 1;
  for(int i = 0; i < board.nvirtio; i++)
    REG32(PLIC_PRIORITY(board.virtio[i].irq)) = 1;
}

// Let this hart's S-mode context take the UART's and the virtio slots'
// interrupts, at any priority above 0. Every hart, at boot. Panics if
// the device tree gave this hart no S-mode context.
void
irqinithart(void)
{
  uint64 hart = cpuhart[cpuid()];
  int ctx = -1;
  for(int i = 0; i < board.plic.nctx; i++)
    if(board.plic.sctx[i].hart == hart)
      ctx = board.plic.sctx[i].ctx;
  if(ctx < 0)
    panic("irqinithart: the PLIC has no supervisor context for this hart");
  cpuctx[cpuid()] = ctx;
  enable(ctx, board.uart.irq);
  for(int i = 0; i < board.nvirtio; i++)
    enable(ctx, board.virtio[i].irq);
  REG32(PLIC_THRESHOLD(ctx)) = 0;
}

// Claim the highest-priority pending interrupt for this hart.
// Returns its IRQ number, or 0 if none is pending.
int
plic_claim(void)
{
  return REG32(PLIC_CLAIM(cpuctx[cpuid()]));
}

// Tell the PLIC this hart has finished with irq (from plic_claim()).
void
plic_complete(int irq)
{
  REG32(PLIC_CLAIM(cpuctx[cpuid()])) = irq;
}
