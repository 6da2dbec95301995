// Process and memory system calls.
#include "types.h"
#include "param.h"
#include "machine.h"
#include "spinlock.h"
#include "proc.h"
#include "fault.h"
#include "syscall.h"
#include "syscallarg.h"
#include "kalloc.h"
#include "vm.h"
#include "memstat.h"
#include "vmcheck.h"

// exit(status): never returns.
uint64
sys_exit(void)
{
  int n;
  argint(0, &n);
  kexit(n);
}

// getpid(): the caller's process id.
uint64
sys_getpid(void)
{
  return myproc()->pid;
}

// fork(): the child's pid to the parent, 0 to the child, or -1 if the
// process table or memory is exhausted.
uint64
sys_fork(void)
{
  return kfork();
}

// wait(int *status): status may be 0.
uint64
sys_wait(void)
{
  uint64 p;
  argaddr(0, &p);
  int pid = kwait(p);
  VMCHECK("wait");
  return pid;
}

// sbrk(n, how): grow or shrink memory by n bytes, eagerly (SBRK_EAGER) or
// lazily (SBRK_LAZY: shrinking is always eager). Returns the old break,
// or -1 if memory cannot grow. A shrink below address 0 is ignored, as
// xv6 does: the break stays and the old break is returned.
uint64
sys_sbrk(void)
{
  int n, how;
  argint(0, &n);
  argint(1, &how);
  uint64 addr = myproc()->sz;
  if(n < 0 && 0 - (uint64)n > addr)   // -n without overflow at INT_MIN
    return addr;
  int r = growproc(n, how == SBRK_LAZY && n > 0);
  VMCHECK_SBRK(addr, myproc()->sz);
  if(r < 0)
    return -1;
  return addr;
}

// pause(ticks): sleep for n clock ticks. Returns 0, or -1 if killed.
uint64
sys_pause(void)
{
  int n;
  argint(0, &n);
  if(n < 0)
    n = 0;
  acquire(&tickslock);
  uint t0 = ticks;
  while(ticks - t0 < (uint)n){
    if(killed(myproc())){
      release(&tickslock);
      return -1;
    }
    sleep(&ticks, &tickslock);
  }
  release(&tickslock);
  return 0;
}

// kill(pid): 0, or -1 if there is no process pid.
uint64
sys_kill(void)
{
  int pid;
  argint(0, &pid);
  return kkill(pid);
}

// uptime(): clock ticks since boot.
uint64
sys_uptime(void)
{
  acquire(&tickslock);
  uint t = ticks;
  release(&tickslock);
  return t;
}

// getNumFreePages(): free 4096-byte physical frames, right now.
uint64
sys_getNumFreePages(void)
{
  return nfreepages();
}

// memstat(struct memstat *st): copy the memory counters to user address
// st. Returns 0, or -1 if st is not writable.
uint64
sys_memstat(void)
{
  uint64 addr;
  struct memstat st;

  argaddr(0, &addr);
  memstat_read(&st);
  return copyout(myproc()->pagetable, addr, (char*)&st, sizeof(st));
}
