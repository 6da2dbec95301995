// System call dispatch: the number, the arguments and the result live in
// the trap frame, where the machine's accessors (tf_sysnum, tf_arg,
// tf_setret in kernel/ARCH/machine.h) find them.
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

// The n'th (0..5) system call argument, as the machine passed it.
static uint64
argraw(int n)
{
  if(n < 0 || n >= TF_NARGS)
    panic("argraw");
  return tf_arg(myproc()->trapframe, n);
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
uint64 sys_pmap(void);
#ifdef DEBUG
uint64 sys_vmdebug(void);
#endif

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
  [SYS_pmap]    sys_pmap,
#ifdef DEBUG
  [SYS_vmdebug] sys_vmdebug,
#endif
};

#define NSYSCALL (sizeof(syscalls) / sizeof(syscalls[0]))

// Run the system call the current process asked for (its number in the
// trap frame: tf_sysnum()) and put the result where user mode finds it
// (tf_setret()). An unknown number returns -1 with a console line.
void
syscall(void)
{
  struct proc *p = myproc();
  uint64 num = tf_sysnum(p->trapframe);

  if(num > 0 && num < NSYSCALL && syscalls[num]){
    tf_setret(p->trapframe, syscalls[num]());
  } else {
    printf("pid %d (%s): unknown system call %llu\n", p->pid, p->name, num);
    tf_setret(p->trapframe, -1);
  }
}
