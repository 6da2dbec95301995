# The system calls of user/user.h, one SYSCALL line each: name, number
# (kernel/syscall.h). Each machine's user/lib/ARCH/usys.S defines the
# SYSCALL macro (a stub that traps with the number) and includes this.

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
