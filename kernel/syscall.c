// System call dispatch: the number is in a7, arguments in a0..a5, the
// result goes back in a0 (RISC-V calling convention, as xv6 uses it).
#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "riscv.h"
#include "spinlock.h"
#include "proc.h"
#include "syscall.h"
#include "syscallarg.h"
#include "vm.h"
#include "string.h"
#include "printf.h"

// Fetch the uint64 at user virtual address addr of the current process.
// Returns 0, or -1 if it is not readable.
int
fetchaddr(uint64 addr, uint64 *ip)
{
  return copyin(myproc()->pagetable, (char*)ip, addr, sizeof(*ip));
}

// Fetch the NUL-terminated string at user virtual address addr into buf
// (max bytes, including the NUL). Returns its length, or -1 if it is not
// readable or does not fit.
int
fetchstr(uint64 addr, char *buf, int max)
{
  if(copyinstr(myproc()->pagetable, buf, addr, max) < 0)
    return -1;
  return strlen(buf);
}

static uint64
argraw(int n)
{
  struct trapframe *tf = myproc()->trapframe;
  switch(n){
  case 0: return tf->a0;
  case 1: return tf->a1;
  case 2: return tf->a2;
  case 3: return tf->a3;
  case 4: return tf->a4;
  case 5: return tf->a5;
  }
  panic("argraw");
}

// The n'th (0..5) system call argument as a 32-bit int.
void
argint(int n, int *ip)
{
  *ip = argraw(n);
}

// The n'th (0..5) system call argument as a user virtual address. Not
// checked here: copyin/copyout check it when it is used.
void
argaddr(int n, uint64 *ip)
{
  *ip = argraw(n);
}

// Fetch the n'th argument as a NUL-terminated string into buf (max bytes
// including the NUL). Returns its length, or -1.
int
argstr(int n, char *buf, int max)
{
  uint64 addr;
  argaddr(n, &addr);
  return fetchstr(addr, buf, max);
}

uint64 sys_fork(void);
uint64 sys_exit(void);
uint64 sys_wait(void);
uint64 sys_pipe(void);
uint64 sys_read(void);
uint64 sys_kill(void);
uint64 sys_exec(void);
uint64 sys_fstat(void);
uint64 sys_chdir(void);
uint64 sys_dup(void);
uint64 sys_getpid(void);
uint64 sys_sbrk(void);
uint64 sys_pause(void);
uint64 sys_uptime(void);
uint64 sys_open(void);
uint64 sys_write(void);
uint64 sys_mknod(void);
uint64 sys_unlink(void);
uint64 sys_link(void);
uint64 sys_mkdir(void);
uint64 sys_close(void);
uint64 sys_getNumFreePages(void);
uint64 sys_memstat(void);

static uint64 (*syscalls[])(void) = {
  [SYS_fork]    sys_fork,
  [SYS_exit]    sys_exit,
  [SYS_wait]    sys_wait,
  [SYS_pipe]    sys_pipe,
  [SYS_read]    sys_read,
  [SYS_kill]    sys_kill,
  [SYS_exec]    sys_exec,
  [SYS_fstat]   sys_fstat,
  [SYS_chdir]   sys_chdir,
  [SYS_dup]     sys_dup,
  [SYS_getpid]  sys_getpid,
  [SYS_sbrk]    sys_sbrk,
  [SYS_pause]   sys_pause,
  [SYS_uptime]  sys_uptime,
  [SYS_open]    sys_open,
  [SYS_write]   sys_write,
  [SYS_mknod]   sys_mknod,
  [SYS_unlink]  sys_unlink,
  [SYS_link]    sys_link,
  [SYS_mkdir]   sys_mkdir,
  [SYS_close]   sys_close,
  [SYS_getNumFreePages] sys_getNumFreePages,
  [SYS_memstat] sys_memstat,
};

#define NSYSCALL (sizeof(syscalls) / sizeof(syscalls[0]))

// Run the system call the current process asked for (a7) and put its
// result in a0. An unknown number returns -1 with a console line.
void
syscall(void)
{
  struct proc *p = myproc();
  uint64 num = p->trapframe->a7;

  if(num > 0 && num < NSYSCALL && syscalls[num]){
    p->trapframe->a0 = syscalls[num]();
  } else {
    printf("pid %d (%s): unknown system call %lu\n", p->pid, p->name, num);
    p->trapframe->a0 = -1;
  }
}
