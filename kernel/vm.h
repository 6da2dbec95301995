// Sv39 page tables: the kernel's direct map and user address spaces
// (kernel/vm.c); the copy-on-write fault path (kernel/cow.c).
#ifndef COWOS_VM_H
#define COWOS_VM_H
#include "types.h"
#include "riscv.h"

void        kvminit(void);
void        kvminithart(void);
void        kvmmap(pagetable_t kpt, uint64 va, uint64 pa, uint64 sz, int perm);
pte_t      *walk(pagetable_t pagetable, uint64 va, int alloc);
uint64      walkaddr(pagetable_t pagetable, uint64 va);
int         mappages(pagetable_t pagetable, uint64 va, uint64 size, uint64 pa, int perm);
pagetable_t uvmcreate(void);
uint64      uvmalloc(pagetable_t pagetable, uint64 oldsz, uint64 newsz, int xperm);
uint64      uvmdealloc(pagetable_t pagetable, uint64 oldsz, uint64 newsz);
int         uvmcopy(pagetable_t old, pagetable_t new, uint64 sz);
void        uvmfree(pagetable_t pagetable, uint64 sz);
void        uvmunmap(pagetable_t pagetable, uint64 va, uint64 npages, int do_free);
void        uvmclear(pagetable_t pagetable, uint64 va);
int         copyout(pagetable_t pagetable, uint64 dstva, char *src, uint64 len);
int         copyin(pagetable_t pagetable, char *dst, uint64 srcva, uint64 len);
int         copyinstr(pagetable_t pagetable, char *dst, uint64 srcva, uint64 max);
int         vmfault(pagetable_t pagetable, uint64 va, int write, uint64 *pa);

// vmfault() results.
#define FAULT_OK     0    // *pa is the frame, accessible as asked
#define FAULT_BAD   -1    // no legal access: unmapped, guard, text, kernel
#define FAULT_NOMEM -2    // legal, but no free frame for it

// kernel/cow.c
int         cowfault(pte_t *pte, uint64 va);

#endif
