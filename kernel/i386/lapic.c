// The local APIC of each CPU: its timer (the clock tick), end of
// interrupt, and the IPIs that start other CPUs. Register offsets and
// bits: Intel SDM vol. 3, 10.4 (ID, SVR), 10.5.1 (LVT), 10.5.4 (timer),
// 10.6.1 (ICR), 10.8.5 (EOI), 10.9 (spurious vector).
#include "types.h"
#include "param.h"
#include "machine.h"
#include "x86.h"
#include "pc.h"

#define ID      0x020   // bits 24-31: this CPU's APIC ID
#define VER     0x030   // bits 16-23: number of LVT entries - 1
#define TPR     0x080   // task priority
#define EOI     0x0B0
#define SVR     0x0F0   // spurious vector; bit 8 enables the APIC
#define  SVR_ENABLE 0x100
#define ESR     0x280   // error status
#define ICRLO   0x300   // interrupt command
#define  ICR_INIT    0x00500
#define  ICR_STARTUP 0x00600
#define  ICR_PENDING 0x01000   // delivery status: send pending
#define  ICR_ASSERT  0x04000
#define  ICR_LEVEL   0x08000
#define ICRHI   0x310   // bits 24-31: destination APIC ID
#define TIMER   0x320   // LVT timer
#define  TIMER_PERIODIC 0x20000
#define PCINT   0x340   // LVT performance counter
#define LINT0   0x350
#define LINT1   0x360
#define ERROR   0x370   // LVT error
#define  LVT_MASKED 0x10000
#define TICR    0x380   // timer initial count
#define TCCR    0x390   // timer current count
#define TDCR    0x3E0   // timer divide configuration
#define  TDCR_BY1 0xB

static volatile uint32*
reg(int off)
{
  return (volatile uint32*)(LAPIC + off);
}

// Write a register, then read ID so the write has reached the APIC.
static void
lapicw(int off, uint32 v)
{
  *reg(off) = v;
  (void)*reg(ID);
}

// Enable this CPU's local APIC; start its timer, periodic, interrupting
// at vector T_TIMER every TICK_COUNT counts (10 ms); mask LINT0/LINT1
// (the 8259s are not used) and the error and performance interrupts.
// Every CPU, at boot (irqinithart), with interrupts off.
void
lapicinit(void)
{
  lapicw(SVR, SVR_ENABLE | T_SPURIOUS);
  lapicw(TDCR, TDCR_BY1);
  lapicw(TIMER, TIMER_PERIODIC | T_TIMER);
  lapicw(TICR, TICK_COUNT);
  lapicw(LINT0, LVT_MASKED);
  lapicw(LINT1, LVT_MASKED);
  if(((*reg(VER) >> 16) & 0xFF) >= 4)
    lapicw(PCINT, LVT_MASKED);
  lapicw(ERROR, LVT_MASKED | T_LAPICERR);
  lapicw(ESR, 0);   // back-to-back writes clear it (SDM 10.5.3)
  lapicw(ESR, 0);
  lapicw(EOI, 0);
  lapicw(TPR, 0);   // accept every interrupt
}

// This CPU's local APIC ID. Any context.
int
lapicid(void)
{
  return *reg(ID) >> 24;
}

// Tell the local APIC the current interrupt is handled. Interrupts off.
void
lapiceoi(void)
{
  lapicw(EOI, 0);
}

// Spin for about us microseconds with the APIC timer, one-shot and
// masked, counting down at 1 GHz as on QEMU (pc.h, TICK_COUNT). Boot
// only, before lapicinit() starts the periodic timer on this CPU.
static void
microdelay(int us)
{
  lapicw(TIMER, LVT_MASKED | T_TIMER);
  lapicw(TDCR, TDCR_BY1);
  lapicw(TICR, 0xFFFFFFFF);
  while(0xFFFFFFFF - *reg(TCCR) < (uint32)us * 1000)
    ;
  lapicw(TICR, 0);
}

// Send one IPI: destination APIC ID, then the command; wait until the
// APIC has sent it.
static void
ipi(int apicid, uint32 cmd)
{
  lapicw(ICRHI, apicid << 24);
  lapicw(ICRLO, cmd);
  while(*reg(ICRLO) & ICR_PENDING)
    ;
}

// Start the CPU whose APIC ID is apicid at physical address addr (page
// aligned, below 1 MiB), in real mode: INIT (assert, deassert), 10 ms,
// then two STARTUP IPIs 200 us apart (MP spec 1.4, B.4; SDM vol. 3,
// 8.4.4.1). CPU 0, at boot.
void
lapicstartap(int apicid, uint32 addr)
{
  ipi(apicid, ICR_INIT | ICR_LEVEL | ICR_ASSERT);
  microdelay(200);
  ipi(apicid, ICR_INIT | ICR_LEVEL);
  microdelay(10000);
  for(int i = 0; i < 2; i++){
    ipi(apicid, ICR_STARTUP | (addr >> 12));
    microdelay(200);
  }
}
