// For xv6 programs, which include kernel/riscv.h for PGSIZE, PGROUNDUP,
// MAXVA and r_sp(): the same names from this machine's interface. cowos's
// own programs include kernel/memlayout.h instead.
#ifndef COWOS_RISCV_COMPAT_H
#define COWOS_RISCV_COMPAT_H
#include "machine.h"
#endif
