# System call stubs: each puts its number in a7 and traps with ecall; the
# arguments are already in a0..a5 and the kernel returns the result in a0.
#include "kernel/syscall.h"

# SYSCALL name, number: define the global function `name`.
.macro SYSCALL name, num
  .text
  .global \name
  .type \name, @function
\name:
  li a7, \num
  ecall
  ret
  .size \name, . - \name
.endm

SYSCALL fork,            SYS_fork
SYSCALL exit,            SYS_exit
SYSCALL wait,            SYS_wait
SYSCALL pipe,            SYS_pipe
SYSCALL read,            SYS_read
SYSCALL write,           SYS_write
SYSCALL close,           SYS_close
SYSCALL kill,            SYS_kill
SYSCALL exec,            SYS_exec
SYSCALL open,            SYS_open
SYSCALL mknod,           SYS_mknod
SYSCALL unlink,          SYS_unlink
SYSCALL fstat,           SYS_fstat
SYSCALL link,            SYS_link
SYSCALL mkdir,           SYS_mkdir
SYSCALL chdir,           SYS_chdir
SYSCALL dup,             SYS_dup
SYSCALL getpid,          SYS_getpid
SYSCALL sys_sbrk,        SYS_sbrk
SYSCALL pause,           SYS_pause
SYSCALL sleep,           SYS_pause
SYSCALL uptime,          SYS_uptime
SYSCALL getNumFreePages, SYS_getNumFreePages
SYSCALL memstat,         SYS_memstat
SYSCALL pmap,            SYS_pmap
SYSCALL vmdebug,         SYS_vmdebug
