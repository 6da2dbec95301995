// User memory as the kernel meets it (kernel/fault.c): page faults that
// the machine's trap handler passes on, and copies between kernel and user
// memory. Both make a page accessible exactly as a user access would.
// The access kinds (ACCESS_*) are vm.h's.
#ifndef COWOS_FAULT_H
#define COWOS_FAULT_H
#include "types.h"
#include "machine.h"
#include "vm.h"

struct proc;

void pagefault(struct proc *p, uint64 va, int access, uint64 pc);
void killfault(struct proc *p, const char *cause, uint64 va, uint64 pc);
int  copyout(pagetable_t pagetable, uint64 dstva, char *src, uint64 len);
int  copyin(pagetable_t pagetable, char *dst, uint64 srcva, uint64 len);
int  copyinstr(pagetable_t pagetable, char *dst, uint64 srcva, uint64 max);

#endif
