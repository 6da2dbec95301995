// System call dispatch and argument fetching (kernel/syscall.c).
#ifndef COWOS_SYSCALLARG_H
#define COWOS_SYSCALLARG_H
#include "types.h"

void syscall(void);
void argint(int n, int *ip);
void argaddr(int n, uint64 *ip);
int  argstr(int n, char *buf, int max);
int  fetchaddr(uint64 addr, uint64 *ip);
int  fetchstr(uint64 addr, char *buf, int max);

#endif
