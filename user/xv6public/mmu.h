// xv6-public's "mmu.h", the part a user program uses: PGSIZE,
// PGROUNDUP, PGROUNDDOWN and the PTE bits, from the machine's interface
// (kernel/memlayout.h). PTE_P is the present bit (RISC-V's PTE_V).
#ifndef COWOS_XV6PUBLIC_MMU_H
#define COWOS_XV6PUBLIC_MMU_H
#include "kernel/memlayout.h"

#ifndef PTE_P
#define PTE_P PTE_V
#endif

#endif
