// Virtual time for benchmarks on i386 (QEMU's PC): forkbench's probe,
// under the names every machine's user/lib/ARCH/vtime.h defines (see
// user/lib/riscv/vtime.h for the list). Static functions: a program
// includes this once, and the probe's code is compiled with it.
//
// The clock is the time-stamp counter, which user mode may read with
// rdtsc (CR4.TSD is clear). Under -icount shift=0 QEMU's TSC is its
// virtual clock in ns, and every guest instruction advances it by
// exactly 1 (measured: two rdtsc around 1000 nops differ by 1003, around
// 10000 turns of a dec/jnz loop by 20004, on every run; a rep-prefixed
// string instruction counts once per repetition and once more). So one
// rdtsc is the exact virtual time of itself: the probe is that one
// instruction, its first and its last. Without -icount the TSC follows
// the host's clock, and forkbench's calibration finds it inexact.
#ifndef COWOS_VTIME_H
#define COWOS_VTIME_H

#define PROBE_CLOCK "the TSC"

// What probe() read: the TSC at its rdtsc.
struct probe {
  uint64 tsc;
};

// Read the TSC. Not inlined, so that every probe is the same
// instructions wherever it is called.
__attribute__((noinline)) static void
probe(struct probe *p)
{
  uint32 lo, hi;

  asm volatile("rdtsc" : "=a" (lo), "=d" (hi) : : "memory");
  p->tsc = ((uint64)hi << 32) | lo;
}

// Always 1: one instruction cannot be interrupted half-way, and whether
// the TSC is instruction-exact is for calibration to find out.
static int
probeok(struct probe *p)
{
  return 1;
}

// Virtual time, in ns, of probe p's first instruction (its rdtsc).
static uint64
probefirst(struct probe *p)
{
  return p->tsc;
}

// Virtual time, in ns, of probe p's last instruction (the same rdtsc).
static uint64
probelast(struct probe *p)
{
  return p->tsc;
}

#endif
