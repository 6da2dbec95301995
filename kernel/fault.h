// User memory as the kernel meets it (kernel/fault.c): page faults that
// the machine's trap handler passes on, and copies between kernel and user
// memory. Both make a page accessible exactly as a user access would.
#ifndef COWOS_FAULT_H
#define COWOS_FAULT_H
#include "types.h"
#include "machine.h"

struct proc;

// What a faulting access tried to do.
#define ACCESS_READ  0
#define ACCESS_WRITE 1
#define ACCESS_EXEC  2

void pagefault(struct proc *p, uint64 va, int access, uint64 pc);
void killfault(struct proc *p, const char *cause, uint64 va, uint64 pc);
int  copyout(pagetable_t pagetable, uint64 dstva, char *src, uint64 len);
int  copyin(pagetable_t pagetable, char *dst, uint64 srcva, uint64 len);
int  copyinstr(pagetable_t pagetable, char *dst, uint64 srcva, uint64 max);
int  hotaddrs(pagetable_t pagetable, uint64 hot[2]);

#endif
