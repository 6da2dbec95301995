// Supervisor-mode boot: hart 0 sets up every subsystem, then lets the
// other harts turn on paging and join the schedulers.
#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "riscv.h"
#include "spinlock.h"
#include "proc.h"
#include "kalloc.h"
#include "vm.h"
#include "trap.h"
#include "console.h"
#include "file.h"
#include "buf.h"
#include "virtio.h"
#include "printf.h"

static volatile int started = 0;

// Reached from start() in supervisor mode on every hart.
void
main(void)
{
  if(cpuid() == 0){
    consoleinit();
    printfinit();
    printf("\ncowos: copy-on-write xv6-class kernel, RISC-V Sv39\n");
    kinit();
    kvminit();
    kvminithart();
    procinit();
    trapinit();
    trapinithart();
    plicinit();
    plicinithart();
    binit();
    iinit();
    fileinit();
    virtio_disk_init();
    userinit();
    printf("cowos: %d MiB RAM, %lu free pages, hart 0 up\n",
           PHYSMEM_MB, nfreepages());
    __sync_synchronize();
    started = 1;
  } else {
    while(started == 0)
      ;
    __sync_synchronize();
    kvminithart();
    trapinithart();
    plicinithart();
    printf("cowos: hart %d up\n", cpuid());
  }
  scheduler();
}
