// System call dispatch. The number and the result live in the trap frame
// (tf_sysnum, tf_setret in kernel/ARCH/machine.h); the arguments are
// where the machine's convention puts them, in registers (RISC-V) or on
// the user stack (i386), and syscall() fetches them once (tf_args) into
// the process, from where argint, argaddr and argstr read them.
#include "types.h"
#include "param.h"
#include "machine.h"
#include "spinlock.h"
#include "proc.h"
#include "fault.h"
#include "syscall.h"
#include "syscallarg.h"
#include "vm.h"
#include "string.h"
#include "printf.h"

// Fetch the user pointer (uintptr: a user pointer is as wide as the
// kernel's) at user virtual address addr of the current process into *ip.
// Returns 0, or -1 if it is not readable.
int
fetchaddr(uint64 addr, uint64 *ip)
{
  uintptr v;
  if(copyin(myproc()->pagetable, (char*)&v, addr, sizeof(v)) < 0)
    return -1;
  *ip = v;
  return 0;
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

// The n'th system call argument, as syscall() fetched it. Asking for
// one the call's entry in syscalls[] does not count is a kernel bug.
static uint64
argraw(int n)
{
  struct proc *p = myproc();
  if(n < 0 || n >= p->nsysarg)
    panic("argraw");
  return p->sysarg[n];
}

// The n'th system call argument as a 32-bit int.
void
argint(int n, int *ip)
{
  *ip = argraw(n);
}

// The n'th system call argument as a user virtual address. Not
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
uint64 sys_pmap(void);
#ifdef DEBUG
uint64 sys_vmdebug(void);
#endif

// Each call: its function, and how many arguments (at most TF_NARGS) it
// takes. syscall() fetches exactly that many: on i386 they are words on
// the user stack, and one more could lie past its end.
static const struct {
  uint64 (*fn)(void);
  int nargs;
} syscalls[] = {
  [SYS_fork]            { sys_fork, 0 },
  [SYS_exit]            { sys_exit, 1 },
  [SYS_wait]            { sys_wait, 1 },
  [SYS_pipe]            { sys_pipe, 1 },
  [SYS_read]            { sys_read, 3 },
  [SYS_kill]            { sys_kill, 1 },
  [SYS_exec]            { sys_exec, 2 },
  [SYS_fstat]           { sys_fstat, 2 },
  [SYS_chdir]           { sys_chdir, 1 },
  [SYS_dup]             { sys_dup, 1 },
  [SYS_getpid]          { sys_getpid, 0 },
  [SYS_sbrk]            { sys_sbrk, 2 },
  [SYS_pause]           { sys_pause, 1 },
  [SYS_uptime]          { sys_uptime, 0 },
  [SYS_open]            { sys_open, 2 },
  [SYS_write]           { sys_write, 3 },
  [SYS_mknod]           { sys_mknod, 3 },
  [SYS_unlink]          { sys_unlink, 1 },
  [SYS_link]            { sys_link, 2 },
  [SYS_mkdir]           { sys_mkdir, 1 },
  [SYS_close]           { sys_close, 1 },
  [SYS_getNumFreePages] { sys_getNumFreePages, 0 },
  [SYS_memstat]         { sys_memstat, 1 },
  [SYS_pmap]            { sys_pmap, 4 },
#ifdef DEBUG
  [SYS_vmdebug]         { sys_vmdebug, 2 },
#endif
};

#define NSYSCALL (sizeof(syscalls) / sizeof(syscalls[0]))

// Run the system call the current process asked for (its number in the
// trap frame: tf_sysnum()) and put the result where user mode finds it
// (tf_setret()). The call returns -1 without running if the number is
// unknown (and the first time, a console line names the process) or if
// its arguments cannot be read (on i386: a bad user stack pointer).
void
syscall(void)
{
  struct proc *p = myproc();
  uint64 num = tf_sysnum(p->trapframe);

  if(num == 0 || num >= NSYSCALL || syscalls[num].fn == 0){
    if(!p->badsyscall){
      p->badsyscall = 1;
      printf("pid %d (%s): unknown system call %llu (reported once per process)\n",
             p->pid, p->name, num);
    }
    tf_setret(p->trapframe, -1);
    return;
  }
  p->nsysarg = syscalls[num].nargs;
  if(tf_args(p->trapframe, p->pagetable, p->sysarg, p->nsysarg) < 0){
    tf_setret(p->trapframe, -1);
    return;
  }
  tf_setret(p->trapframe, syscalls[num].fn());
}
