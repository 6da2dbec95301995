// Boot, after the machine's own start-up code (kernel/ARCH/entry.S and
// start.c) has each CPU running kernel code with a stack: CPU 0 (the
// one the machine booted on) sets up every subsystem, then lets the
// other CPUs turn on paging and join the schedulers.
#include "types.h"
#include "param.h"
#include "machine.h"
#include "spinlock.h"
#include "proc.h"
#include "kalloc.h"
#include "console.h"
#include "file.h"
#include "fs.h"
#include "buf.h"
#include "disk.h"
#include "printf.h"
#include "arch.h"
#include "vmcheck.h"

static volatile int started = 0;
static int nup = 1;   // CPUs that have printed their boot line

// Reached on every hart from the machine's start-up code, with interrupts
// off. Never returns.
void
main(void)
{
  if(cpuid() == 0){
    consoleinit();
    printfinit();
    printf("\ncowos: copy-on-write xv6-class kernel, " MACHINE_NAME "\n");
    kinit();
    VMCHECK_INIT();
    kvminit();
    kvminithart();
    procinit();
    trapinit();
    trapinithart();
    irqinit();
    irqinithart();
    binit();
    iinit();
    fileinit();
    diskinit();
    userinit();
    printf("cowos: %d MiB RAM, %llu free pages, " CPU_NAME " %d up\n",
           (int)((PHYSTOP - KERNBASE) >> 20), nfreepages(), CPU_HWID(0));
    atomic_fence();
    started = 1;
  } else {
    while(started == 0)
      ;
    atomic_fence();
    kvminithart();
    trapinithart();
    irqinithart();
    printf("cowos: " CPU_NAME " %d up\n", CPU_HWID(cpuid()));
    atomic_fetch_add(&nup, 1);
  }
  // Every boot line before the first process runs: no CPU schedules
  // until all that the machine reported (ncpu), which all start, have
  // printed theirs (a CPU that did not wait could run init, and the
  // shell's prompt would come before a late CPU's line).
  while(atomic_load_acquire(&nup) < ncpu)
    ;
  scheduler();
}
