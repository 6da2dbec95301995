// xv6-public's "syscall.h": the system call numbers, the same in cowos
// (kernel/syscall.h), where xv6-riscv's name for SYS_sleep is SYS_pause.
#ifndef COWOS_XV6PUBLIC_SYSCALL_H
#define COWOS_XV6PUBLIC_SYSCALL_H
#include "kernel/syscall.h"

#define SYS_sleep SYS_pause

#endif
