// Per-hart state (cpus[] is defined in kernel/spinlock.c); the spin locks
// and the scheduler use it.
#ifndef COWOS_CPU_H
#define COWOS_CPU_H
#include "types.h"
#include "param.h"
#include "machine.h"

struct proc;

struct cpu {
  struct proc *proc;        // process running on this hart, or 0
  struct context context;   // swtch() here to enter scheduler()
  int noff;                 // depth of push_off() nesting
  int intena;               // were interrupts enabled before push_off()?
};

extern struct cpu cpus[NCPU];

// This hart's struct cpu. Interrupts must be off.
static inline struct cpu*
mycpu(void)
{
  return &cpus[cpuid()];
}

#endif
