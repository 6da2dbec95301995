// Virtual time for benchmarks on RISC-V (QEMU virt): forkbench's probe.
// Each machine's user/lib/ARCH/vtime.h defines the same names:
//   struct probe                 what one probe read
//   probe(p)                     read the clock
//   probeok(p)                   1 if p's times are exact (no interrupt
//                                spoilt it, the clock is instruction-exact)
//   probefirst(p), probelast(p)  virtual time in ns of the probe's first
//                                and last instructions: exact if
//                                probeok(p) under QEMU's -icount shift=0,
//                                otherwise the clock's plain reading
//   PROBE_CLOCK                  what the probe reads, for messages
// Static functions: a program includes this once (forkbench does), and
// the probe's code is compiled with it.
//
// The clock is the `time` CSR, which user mode may read with rdtime. On
// QEMU virt it counts at 10 MHz (timebase-frequency 10000000): one unit
// is 100 ns. Under -icount shift=0 every guest instruction advances
// virtual time by exactly 1 ns; the probe finds the nanosecond of its
// first and of its last instruction despite the CSR's 100 ns steps.
#ifndef COWOS_VTIME_H
#define COWOS_VTIME_H

#define PROBE_CLOCK "the time CSR"
#define NS_PER_TIME_UNIT 100     // the time CSR counts at 10 MHz on QEMU virt

// What probe() read: the time CSR (units of NS_PER_TIME_UNIT ns) at its
// first instruction (first), at the first step of the CSR after that
// (edge), twice just before edge + 100 ns (late1, late2) and at its last
// instruction (last); spins counts the iterations of the edge loop.
struct probe {
  uint64 first, edge, late1, late2, last, spins;
};

// Nanoseconds from the step of the time CSR that probe() detects to
// probe()'s last instruction, and per iteration of its edge loop.
#define PROBE_LAST_NS 112
#define PROBE_SPIN_NS 3

// Find the exact virtual time, to the nanosecond, of this function's
// first and last instructions (see probefirst() and probelast()), one
// instruction being 1 ns (-icount shift=0):
//   spin on rdtime, PROBE_SPIN_NS per iteration, until the CSR steps: the
//   read that saw the step (at time D) is 0, 1 or 2 ns past the step E;
//   read the CSR again at D + 98 and D + 99: how many of the two reads
//   have stepped again tells D - E (0, 1 or 2);
//   execute 3 - (D - E) nops, so that the last rdtime runs at exactly
//   E + PROBE_LAST_NS whatever D - E was.
// Written in assembly without compressed instructions so that every
// instruction counts. An interrupt inside the probe spoils it; probeok()
// tells.
__attribute__((noinline)) static void
probe(struct probe *p)
{
  uint64 first, edge, late1, late2, last, spins;

  asm volatile(
    ".option push\n"
    ".option norvc\n"
    "  rdtime %[first]\n"
    "  li %[spins], 0\n"
    "1:addi %[spins], %[spins], 1\n"       // PROBE_SPIN_NS instructions
    "  rdtime %[edge]\n"                   // at D when it differs
    "  beq %[edge], %[first], 1b\n"
    "  li t3, 47\n"                        // D + 2
    "2:addi t3, t3, -1\n"                  // D + 3 .. D + 96
    "  bnez t3, 2b\n"
    "  nop\n"                              // D + 97
    "  rdtime %[late1]\n"                  // D + 98
    "  rdtime %[late2]\n"                  // D + 99
    "  sub t4, %[late1], %[edge]\n"
    "  sub t5, %[late2], %[edge]\n"
    "  add t4, t4, t5\n"                   // D - E
    "  andi t4, t4, 3\n"                   // stay in the nops if spoilt
    "  lla t5, 3f\n"
    "  slli t4, t4, 2\n"
    "  add t5, t5, t4\n"
    "  jr t5\n"                            // D + 108
    "3:nop\n"
    "  nop\n"
    "  nop\n"
    "  rdtime %[last]\n"                   // E + PROBE_LAST_NS
    ".option pop\n"
    : [first] "=&r" (first), [edge] "=&r" (edge), [late1] "=&r" (late1),
      [late2] "=&r" (late2), [last] "=&r" (last), [spins] "=&r" (spins)
    :
    : "t3", "t4", "t5", "memory");
  p->first = first;
  p->edge = edge;
  p->late1 = late1;
  p->late2 = late2;
  p->last = last;
  p->spins = spins;
}

// Virtual time, in ns, of probe p's first instruction, from the step
// of the CSR it found: exact if the probe worked (see probeok()).
static uint64
edgefirst(struct probe *p)
{
  uint64 past = (p->late1 - p->edge) + (p->late2 - p->edge);   // D - E
  return p->edge * NS_PER_TIME_UNIT + past - PROBE_SPIN_NS * p->spins;
}

// Returns 1 if probe p ran without an interrupt (the times it gives are
// exact), 0 if not. An interrupt costs far more than 100 instructions, so
// it shows as a late read.
static int
probeok(struct probe *p)
{
  return p->late1 >= p->edge && p->late2 >= p->late1 && p->late2 <= p->edge + 1 &&
         p->last == p->edge + 1 &&
         edgefirst(p) / NS_PER_TIME_UNIT == p->first;
}

// Virtual time, in ns, of probe p's first instruction: exact if
// probeok(p), else the CSR's reading there (to 100 ns).
static uint64
probefirst(struct probe *p)
{
  return probeok(p) ? edgefirst(p) : p->first * NS_PER_TIME_UNIT;
}

// Virtual time, in ns, of probe p's last instruction: exact if
// probeok(p), else the CSR's reading there (to 100 ns).
static uint64
probelast(struct probe *p)
{
  return probeok(p) ? p->edge * NS_PER_TIME_UNIT + PROBE_LAST_NS : p->last * NS_PER_TIME_UNIT;
}

#endif
