// The copy-on-write store fault, in one place. fork's uvmcopy() (vm.c)
// shares every writable page read-only with PTE_COW set; a store to such
// a page lands here through vmfault(), from a user store (kernel/fault.c)
// or from copyout().
// cowfault() decides; cowreuse() and cowcopy() act.
#include "types.h"
#include "param.h"
#include "machine.h"
#include "kalloc.h"
#include "cow.h"
#include "string.h"
#include "memstat.h"
#include "fault.h"
#include "vmcheck.h"

// The last sharer: nobody else maps the frame, so make the PTE writable
// again and drop the mark. No copy.
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
  void *old = P2V(PTE2PA(*pte));
  char *mem = kalloc();
  if(mem == 0)
    return -1;
  pagecopy(mem, old);
  pte_t flags = (PTE_FLAGS(*pte) | PTE_W) & ~PTE_COW;
  *pte = PA2PTE(V2P(mem)) | flags;
  tlbflushpage(va);
  // Drop our reference only after the PTE points at the copy. If the
  // other sharers have exited meanwhile, this frees the frame.
  krefdec(old);
  MEMSTAT_ADD(cowcopies, 1);
  return 0;
}

// Handle a store to the copy-on-write page whose PTE is pte (valid, user,
// PTE_COW set), at user virtual address va, in an address space owned by
// the caller. Returns 0 when the page is writable, or -1 if a copy was
// needed and no frame was free (the caller kills the process or fails
// the system call).
//
// Why reading the count without a lock is safe: we hold one of the
// references, so a count of 1 means only this address space maps the
// frame, and only this address space's own fork could add a reference,
// which cannot run while we handle its fault. A count above 1 may drop
// while we copy; then one copy was unnecessary, never wrong.
int
cowfault(pte_t *pte, uint64 va)
{
  void *pa = P2V(PTE2PA(*pte));

  MEMSTAT_ADD(cowfaults, 1);
  VMCHECK_COW(va, pa);
  // krefcount(), inline: pa is a frame a valid PTE maps.
  if(__atomic_load_n(KREF(pa), __ATOMIC_ACQUIRE) == 1)
    return cowreuse(pte, va);
  return cowcopy(pte, va);
}
