// User address spaces (kernel/vm.c): page tables walked and filled for
// any machine's format through kernel/ARCH/machine.h, fork's uvmcopy()
// (which shares leaf page tables), and vmfault(), the one decision about
// a user access to a page.
#ifndef COWOS_VM_H
#define COWOS_VM_H
#include "types.h"
#include "machine.h"

pte_t      *walk(pagetable_t pagetable, uint64 va, int alloc);
uint64      walkaddr(pagetable_t pagetable, uint64 va);
pte_t      *walkentry(pagetable_t pagetable, uint64 va);
int         mappages(pagetable_t pagetable, uint64 va, uint64 size, uint64 pa, int perm);
pagetable_t uvmcreate(void);
uint64      uvmalloc(pagetable_t pagetable, uint64 oldsz, uint64 newsz, int xperm);
uint64      uvmdealloc(pagetable_t pagetable, uint64 oldsz, uint64 newsz);
int         uvmcopy(pagetable_t old, pagetable_t new, uint64 sz);
void        uvmfree(pagetable_t pagetable, uint64 sz);
void        uvmunmap(pagetable_t pagetable, uint64 va, uint64 npages, int do_free);
void        uvmclear(pagetable_t pagetable, uint64 va);
int         vmfault(pagetable_t pagetable, uint64 va, int access, uint64 lazytop, uint64 *pa);
int         vmcopy(pagetable_t pagetable, uint64 lazytop, uint64 uva, char *k, uint64 len, int how);

// vmfault() results: why an access is or is not possible.
#define FAULT_OK        0   // *pa is the frame, accessible as asked
#define FAULT_BAD      -1   // no legal access: unmapped, guard, text, kernel
#define FAULT_NOMEMLAZY -2  // legal (a lazy page), but no free frame for it
#define FAULT_NOMEMCOW -3   // legal (a COW store), but no free frame for the copy

// vmcopy() directions.
#define VM_COPYIN  0   // user to kernel
#define VM_COPYOUT 1   // kernel to user
#define VM_COPYSTR 2   // user to kernel, up to and including a NUL

#endif
