// Copy-on-write, decided in one place. fork's uvmcopy() (kernel/vm.c)
// shares the parent's memory with the child at two levels: most leaf page
// tables whole (the upper entries of both point to one table, marked
// PTE_SHARED), and in the others every page, its writable PTEs made
// read-only with PTE_COW. A store to either lands here through vm.c: a
// user store (vmfault(), from the machine's trap handler), copyout(), or
// any change to a PTE in a shared table (walk()). At both levels the
// decision is the same: the last sharer takes the page or table back as
// it is; the others get a copy of their own.
//
// Why reading a count without a lock is safe, at both levels (lastref()):
// the caller holds one of the references (its PTE maps the page, its
// upper entry points to the table), so a count of 1 means only this
// address space has it, and only this address space's own fork could add
// a reference, which cannot run while we handle its store (the caller
// owns the address space). A count above 1 may drop while we copy (a
// sharer exits or takes its own copy); then one copy was unnecessary,
// never wrong: the dropped reference frees nothing we use.
#include "types.h"
#include "param.h"
#include "machine.h"
#include "kalloc.h"
#include "vm.h"
#include "cow.h"
#include "string.h"
#include "memstat.h"
#include "vmcheck.h"

// Whether the frame or page table at kernel address pa, of which the
// caller holds a reference, has no other reference (the argument above).
static int
lastref(void *pa)
{
  return krefcount(pa) == 1;
}

// The last sharer of a page: nobody else maps the frame, so make the PTE
// writable again and drop the mark. No copy.
static int
cowreuse(pte_t *pte, uint64 va)
{
  *pte = (*pte | PTE_W) & ~PTE_COW;
  tlbflushpage(va);
  MEMSTAT_ADD(cowreuses, 1);
  return 0;
}

// Other sharers remain: give this address space its own writable copy
// and drop its reference to the shared frame. Takes no lock in the common
// case (kalloc() and krefdec() use this hart's cache of free frames).
// Returns -1 (PTE unchanged) if there is no free frame.
static int
cowcopy(pte_t *pte, uint64 va)
{
  void *old = PTE2KVA(*pte);
  char *mem = kalloc();
  if(mem == 0)
    return -1;
  pagecopy(mem, old);
  pte_t flags = (PTE_FLAGS(*pte) | PTE_W) & ~PTE_COW;
  *pte = PA2PTE(V2P(mem)) | flags;
  tlbflushpage(va);
  // Drop our reference only after the PTE points at the copy. If the
  // other sharers have exited meanwhile, this was the last: free it.
  if(krefdec(old))
    kput(old, 0);
  MEMSTAT_ADD(cowcopies, 1);
  return 0;
}

// A store to the copy-on-write page whose PTE is pte (valid, user,
// PTE_COW set, in a leaf table that is ours alone), at user virtual
// address va, in an address space owned by the caller: reuse the page if
// ours is its last reference, else copy it. Returns 0 when the page is
// writable, or -1 if a copy was needed and no frame was free (the caller
// kills the process or fails the system call).
int
cowfault(pte_t *pte, uint64 va)
{
  void *pa = PTE2KVA(*pte);

  MEMSTAT_ADD(cowfaults, 1);
  VMCHECK_COW(va, pa);
  if(lastref(pa))
    return cowreuse(pte, va);
  return cowcopy(pte, va);
}

// A change to the leaf page table that the upper entry *entry points to,
// which fork shared (PTE_SHARED): make it ours alone. If ours is its last
// reference (the other sharers exited or took copies), the entry just
// becomes private again (pte_private()); else vm.c's tablecopy() gives
// us a copy. Caller owns the address space. Returns 0, or -1 (nothing
// changed) if the copy needed a frame and none was free.
int
cowtable(pte_t *entry)
{
  if(lastref(PTE2KVA(*entry))){
    *entry = pte_private(*entry);
    tlbflushall();
    return 0;
  }
  return tablecopy(entry);
}
