// User address spaces (kernel/vm.c): page tables walked and filled for
// any machine's format through kernel/ARCH/machine.h, fork's uvmcopy()
// (which shares leaf page tables), vmfault(), which classifies a user
// access to a page, and vmcopy(), the kernel's copies to and from user
// memory.
#ifndef COWOS_VM_H
#define COWOS_VM_H
#include "types.h"
#include "machine.h"

// What an access to user memory tries to do (vmfault(), pagefault()).
#define ACCESS_READ  0
#define ACCESS_WRITE 1
#define ACCESS_EXEC  2

// vmfault() results: why an access is or is not possible.
#define FAULT_OK        0   // *pa is the frame, accessible as asked
#define FAULT_BAD      -1   // no legal access: unmapped, guard, text, kernel
#define FAULT_NOMEMLAZY -2  // legal (a lazy page), but no free frame for it
#define FAULT_NOMEMCOW -3   // legal (a COW store), but no free frame for the copy

// vmcopy() directions.
#define VM_COPYIN  0   // user to kernel
#define VM_COPYOUT 1   // kernel to user
#define VM_COPYSTR 2   // user to kernel, up to and including a NUL

pte_t      *walk(pagetable_t pagetable, uint64 va, int alloc);
uint64      walkaddr(pagetable_t pagetable, uint64 va);
int         mappages(pagetable_t pagetable, uint64 va, uint64 size, uint64 pa, int perm);
pagetable_t uvmcreate(void);
uint64      uvmalloc(pagetable_t pagetable, uint64 oldsz, uint64 newsz, int xperm);
uint64      uvmdealloc(pagetable_t pagetable, uint64 oldsz, uint64 newsz);
int         uvmcopy(pagetable_t old, pagetable_t new, uint64 sz, uint64 pc, uint64 sp);
void        uvmfree(pagetable_t pagetable, uint64 sz);
void        uvmunmap(pagetable_t pagetable, uint64 va, uint64 npages);
void        uvmclear(pagetable_t pagetable, uint64 va);
int         vmfault(pagetable_t pagetable, uint64 va, int access, uint64 lazytop, uint64 *pa);
int         vmcopy(pagetable_t pagetable, uint64 lazytop, uint64 uva, char *k, uint64 len, int how);
int         tablecopy(pte_t *entry);

// A read-only walk of a user page table (vmvisit()), for pmap and the
// DEBUG checker. leaf (unless 0) gets every valid leaf PTE pte mapping
// user virtual address va; table (unless 0) every upper entry e pointing
// to a table t (private, sealed or opened) at level (0: a leaf table)
// that maps from va, and the walk enters t only if it returns nonzero.
// shared: the leaf table is marked shared by a fork (no store goes
// through it without a fault). arg goes to both.
struct vmvisitor {
  void (*leaf)(uint64 va, pte_t pte, int shared, void *arg);
  int (*table)(uint64 va, pte_t e, pagetable_t t, int level, int shared, void *arg);
  void *arg;
};
uint64 vmvisit(pagetable_t pagetable, uint64 lo, uint64 hi, struct vmvisitor *v);

// The page table or frame a PTE or upper entry e points to, by its
// kernel virtual address.
#define PTE2KVA(e) ((void*)P2V(PTE2PA(e)))

#endif
