// For user programs only: the user-visible memory layout, on every
// machine: PGSIZE and PGROUNDUP/PGROUNDDOWN, MAXVA, TRAPFRAME (user memory
// is [0, TRAPFRAME); USERTOP is the same address), KERNBASE and PHYSTOP
// (PHYSTOP - KERNBASE is the RAM size), and r_sp(). The values come from
// the machine's interface, kernel/ARCH/machine.h. Nothing in the kernel
// includes this file: kernel code includes "machine.h" itself
// (tools/layoutcheck.sh checks it).
#ifndef COWOS_MEMLAYOUT_H
#define COWOS_MEMLAYOUT_H
#include "machine.h"
#endif
