// For user programs only: the xv6 compatibility header. xv6 programs
// include kernel/riscv.h for PGSIZE, PGROUNDUP, MAXVA and r_sp(); this
// gives them the same names from the machine's interface. cowos's own
// programs include kernel/memlayout.h instead. Nothing in the kernel
// includes this file (kernel code includes "machine.h"; the RISC-V CSRs
// are kernel/riscv/csr.h); tools/layoutcheck.sh checks both.
#ifndef COWOS_RISCV_COMPAT_H
#define COWOS_RISCV_COMPAT_H
#include "machine.h"
#endif
