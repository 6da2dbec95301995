// User address spaces, written once for every machine against the page
// tables of kernel/ARCH/machine.h (PTLEVELS levels, PX(), PTE2PA, P2V):
// walking and mapping, fork's uvmcopy() (which shares pages copy-on-write),
// vmfault(), the one decision about a user access to a page, and vmcopy(),
// the one loop that moves bytes between kernel and user memory.
// Page tables and frames are named by their kernel virtual addresses;
// PTEs hold physical addresses.
#include "types.h"
#include "param.h"
#include "machine.h"
#include "kalloc.h"
#include "vm.h"
#include "cow.h"
#include "string.h"
#include "printf.h"
#include "memstat.h"
#include "vmcheck.h"

// The leaf (level-0) page table that maps virtual address va in
// pagetable: a pointer to its first PTE. With alloc, create missing
// page-table pages (zeroed); without, return 0 if one is missing.
// Returns 0 for va >= MAXVA or if kalloc fails. Caller owns pagetable.
static pte_t*
leaftable(pagetable_t pagetable, uint64 va, int alloc)
{
  if(va >= MAXVA)
    return 0;
  for(int level = PTLEVELS - 1; level > 0; level--){
    pte_t *pte = &pagetable[PX(level, va)];
    if(*pte & PTE_V){
      pagetable = (pagetable_t)P2V(PTE2PA(*pte));
    } else {
      if(!alloc || (pagetable = kzalloc()) == 0)
        return 0;
      *pte = PA2PTE(V2P(pagetable)) | PTE_TABLE;
    }
  }
  return pagetable;
}

// Return a pointer to the leaf PTE for virtual address va in pagetable.
// With alloc, create missing page-table pages (zeroed); without, return 0
// if one is missing. Returns 0 for va >= MAXVA or if kalloc fails.
// The PTE itself may be invalid. Caller must own the page table.
pte_t*
walk(pagetable_t pagetable, uint64 va, int alloc)
{
  pte_t *leaf = leaftable(pagetable, va, alloc);
  return leaf ? &leaf[PX(0, va)] : 0;
}

// The physical address a user virtual address va maps to, if the page is
// present and user-accessible; else 0. Does not fault pages in.
// Caller must own the page table.
uint64
walkaddr(pagetable_t pagetable, uint64 va)
{
  pte_t *pte = walk(pagetable, va, 0);
  if(pte == 0 || (*pte & PTE_V) == 0 || (*pte & PTE_U) == 0)
    return 0;
  return PTE2PA(*pte);
}

// Map size bytes of virtual addresses from va to physical addresses from
// pa (physical), with permissions perm (PTE_R/W/X/U). va and size must be
// page-aligned. Caller must own the page table. Returns 0, or -1 if a page-table page could not be
// allocated (pages mapped so far stay mapped). Panics on a remap.
int
mappages(pagetable_t pagetable, uint64 va, uint64 size, uint64 pa, int perm)
{
  if(va % PGSIZE != 0 || size % PGSIZE != 0 || size == 0)
    panic("mappages: misaligned");
  for(uint64 a = va; a < va + size; a += PGSIZE, pa += PGSIZE){
    pte_t *pte = walk(pagetable, a, 1);
    if(pte == 0)
      return -1;
    if(*pte & PTE_V)
      panic("mappages: remap");
    *pte = PA2PTE(pa) | perm | PTE_V;
  }
  return 0;
}

// Remove npages of mappings starting at page-aligned va. Pages that are
// not present (lazy, never touched) are skipped. With do_free, drop the
// reference each mapping held on its frame (kfree frees at the last one).
// Works one leaf page table at a time. Caller must own the page table
// and flush the TLB (tlbflushall()) if it is in use.
void
uvmunmap(pagetable_t pagetable, uint64 va, uint64 npages, int do_free)
{
  uint64 end = va + npages * PGSIZE;

  if(va % PGSIZE != 0)
    panic("uvmunmap: misaligned");
  for(uint64 a = va; a < end; ){
    uint64 next = (a + LEAFSPAN) & ~(LEAFSPAN - 1);
    if(next > end)
      next = end;
    pte_t *leaf = leaftable(pagetable, a, 0);
    if(leaf != 0){
      pte_t *pte = &leaf[PX(0, a)];
      pte_t *last = pte + (next - a) / PGSIZE;
      // Two copies of the loop so the one that exit and exec run for
      // every page tests nothing it need not. A leaf table holds only
      // leaves (PTE_R, W or X set): walk() never makes it otherwise.
      if(do_free){
        for(; pte < last; pte++){
          pte_t e = *pte;
          if(e & PTE_V){
            *pte = 0;
            krefdec(P2V(PTE2PA(e)));
          }
        }
      } else {
        for(; pte < last; pte++)
          *pte = 0;
      }
    }
    a = next;
  }
}

// A new, empty page table (a root table, zeroed). Returns its kernel
// virtual address, or 0 if out of memory.
pagetable_t
uvmcreate(void)
{
  return kzalloc();
}

// Grow a user address space from oldsz to newsz bytes with zeroed pages
// mapped R|U|xperm. Returns newsz, or 0 if out of memory (then nothing
// is left allocated beyond oldsz).
uint64
uvmalloc(pagetable_t pagetable, uint64 oldsz, uint64 newsz, int xperm)
{
  if(newsz < oldsz)
    return oldsz;
  if(newsz > USERTOP)
    return 0;
  for(uint64 a = PGROUNDUP(oldsz); a < newsz; a += PGSIZE){
    char *mem = kalloc();
    if(mem == 0){
      uvmdealloc(pagetable, a, oldsz);
      return 0;
    }
    memset(mem, 0, PGSIZE);
    if(mappages(pagetable, a, PGSIZE, V2P(mem), PTE_R | PTE_U | xperm) != 0){
      kfree(mem);
      uvmdealloc(pagetable, a, oldsz);
      return 0;
    }
  }
  return newsz;
}

// Shrink a user address space from oldsz to newsz bytes, dropping the
// pages above newsz. Returns newsz. oldsz may be below newsz (no-op).
uint64
uvmdealloc(pagetable_t pagetable, uint64 oldsz, uint64 newsz)
{
  if(newsz >= oldsz)
    return oldsz;
  if(PGROUNDUP(newsz) < PGROUNDUP(oldsz)){
    uint64 npages = (PGROUNDUP(oldsz) - PGROUNDUP(newsz)) / PGSIZE;
    uvmunmap(pagetable, PGROUNDUP(newsz), npages, 1);
  }
  return newsz;
}

// Free the page-table pages of a table at level (PTLEVELS - 1 for a root)
// whose leaves are all unmapped. Panics if a leaf is still mapped. Of a
// root, only the entries below MAXVA are followed: a machine whose roots
// also hold the kernel's entries (i386) keeps them (on RISC-V nothing is
// mapped at or above MAXVA).
static void
freewalk(pagetable_t pagetable, int level)
{
  int n = level == PTLEVELS - 1 ? PX(PTLEVELS - 1, MAXVA) : PTENTRIES;
  for(int i = 0; i < n; i++){
    // Most entries are empty: skip eight at a time (exit and exec run
    // this over every page-table page of a process).
    if(i % 8 == 0 && (pagetable[i] | pagetable[i+1] | pagetable[i+2] | pagetable[i+3] |
                      pagetable[i+4] | pagetable[i+5] | pagetable[i+6] | pagetable[i+7]) == 0){
      i += 7;
      continue;
    }
    pte_t pte = pagetable[i];
    if((pte & PTE_V) == 0)
      continue;
    if(level == 0)
      panic("freewalk: leaf");
    freewalk((pagetable_t)P2V(PTE2PA(pte)), level - 1);
    pagetable[i] = 0;
  }
  if(level < PTLEVELS - 1)
    kfreezero(pagetable);   // every entry is clear: to the zeroed pool
  else
    kfree(pagetable);       // a root may hold the machine's entries (i386)
}

// Drop the user pages below sz bytes, then free the page table itself
// and the page tables below it that map user addresses (below MAXVA).
// Anything else the machine mapped below MAXVA (RISC-V's TRAMPOLINE and
// TRAPFRAME) must already be unmapped.
void
uvmfree(pagetable_t pagetable, uint64 sz)
{
  if(sz > 0)
    uvmunmap(pagetable, 0, PGROUNDUP(sz) / PGSIZE, 1);
  VMCHECK_FORGET(pagetable);
  freewalk(pagetable, PTLEVELS - 1);
}

#if COW
// Fork's copy of one present user PTE *from (the parent's) into *to (the
// child's), copy-on-write: a writable page loses PTE_W and gains PTE_COW
// in both; a read-only page is shared as it is. Adds a reference to the
// frame. Returns 0; never fails.
static inline int
forkpte(pte_t *from, pte_t *to)
{
  pte_t pte = *from;
  if(pte & PTE_W){
    pte ^= PTE_W | PTE_COW;
    *from = pte;
  }
  krefinc(P2V(PTE2PA(pte)));
  *to = pte;
  return 0;
}
#else
// The eager fork (COW=0, for comparison): *to maps a copy of *from's page
// made with the same page-copy routine the COW fault uses. Returns 0, or
// -1 if no frame is free.
static inline int
forkpte(pte_t *from, pte_t *to)
{
  char *mem = kalloc();
  if(mem == 0)
    return -1;
  pagecopy(mem, P2V(PTE2PA(*from)));
  *to = PA2PTE(V2P(mem)) | PTE_FLAGS(*from);
  return 0;
}
#endif

// Fork: give the child (new) the parent's (old) user memory below sz
// bytes, one leaf page table at a time, with forkpte() above: pages are
// shared copy-on-write (the default), or copied eagerly in a kernel built
// with COW=0. A page that is read-only by design (text, rodata, the
// guard page) is shared as it is and stays read-only forever. Pages never
// touched (sbrklazy) are skipped. Caller owns both page tables.
//
// Returns 0, or -1 if memory ran out: then the child's mappings are
// undone and their references dropped. The parent may keep some COW
// marks, which is harmless: a store to such a page with one reference
// just makes it writable again.
int
uvmcopy(pagetable_t old, pagetable_t new, uint64 sz)
{
  uint64 base, shared = 0;

  for(base = 0; base < sz; base += LEAFSPAN){
    pte_t *from = leaftable(old, base, 0);
    if(from == 0)
      continue;
    // The parent has a leaf table here, so the child needs one too.
    pte_t *to = leaftable(new, base, 1);
    if(to == 0)
      goto fail;
    uint64 n = (sz - base + PGSIZE - 1) / PGSIZE;
    pte_t *end = from + (n < PTENTRIES ? n : PTENTRIES);
    for(; from < end; from++, to++){
      if((*from & PTE_V) == 0)
        continue;
      if(forkpte(from, to) != 0)
        goto fail;
      shared++;
    }
  }
  // The parent's writable pages just became read-only: forget any TLB
  // entry that still allows a store.
  tlbflushall();
  if(COW)
    MEMSTAT_ADD(forkshared, shared);
  return 0;

fail:
  // The child maps pages only below base + LEAFSPAN: drop them all.
  tlbflushall();
  uvmunmap(new, 0, PGROUNDUP(sz < base + LEAFSPAN ? sz : base + LEAFSPAN) / PGSIZE, 1);
  return -1;
}

// Make the page at va inaccessible to user mode (the stack guard page).
// Caller owns the page table.
void
uvmclear(pagetable_t pagetable, uint64 va)
{
  pte_t *pte = walk(pagetable, va, 0);
  if(pte == 0)
    panic("uvmclear");
  *pte &= ~PTE_U;
}

// Make user virtual address va of pagetable accessible for a load
// (write=0) or a store (write=1), as a user access would: allocate a
// zeroed page on first touch if va is below lazytop (the process's size:
// a sbrklazy page; 0 allows none), break copy-on-write on a store.
// Sets *pa to the physical address of va's page. Caller owns the page
// table. Returns FAULT_OK; FAULT_BAD (unmapped at or above lazytop, guard
// page, not user-accessible, read-only by design, >= MAXVA);
// FAULT_NOMEMLAZY or FAULT_NOMEMCOW if the page needed a frame and none
// was free.
int
vmfault(pagetable_t pagetable, uint64 va, int write, uint64 lazytop, uint64 *pa)
{
  if(va >= MAXVA)
    return FAULT_BAD;
  va = PGROUNDDOWN(va);
  pte_t *pte = walk(pagetable, va, 0);
  if(pte == 0 || (*pte & PTE_V) == 0){
    // Not present: legal only as a lazily allocated heap page.
    if(va >= lazytop)
      return FAULT_BAD;
    char *mem = kalloc();
    if(mem == 0)
      return FAULT_NOMEMLAZY;
    memset(mem, 0, PGSIZE);
    if(mappages(pagetable, va, PGSIZE, V2P(mem), PTE_R | PTE_W | PTE_U) != 0){
      kfree(mem);
      return FAULT_NOMEMLAZY;
    }
    MEMSTAT_ADD(lazyfaults, 1);
    *pa = V2P(mem);
    return FAULT_OK;
  }
  if((*pte & PTE_U) == 0)
    return FAULT_BAD;
  if(write && (*pte & PTE_W) == 0){
    if((*pte & PTE_COW) == 0)
      return FAULT_BAD;           // read-only by design
    if(cowfault(pte, va) != 0)
      return FAULT_NOMEMCOW;
  }
  if(!write && (*pte & PTE_R) == 0)
    return FAULT_BAD;
  *pa = PTE2PA(*pte);
  return FAULT_OK;
}

// Move up to len bytes between kernel address k and user virtual address
// uva of pagetable, page by page, each page made accessible by vmfault()
// as a user access would (so a store breaks copy-on-write, and a page
// below lazytop is allocated at first touch). how is VM_COPYIN (user to
// kernel), VM_COPYOUT (kernel to user) or VM_COPYSTR (user to kernel,
// stopping after a NUL). Caller owns the page table.
// Returns 0 (for VM_COPYSTR: a NUL was copied), or -1 at the first page
// that is not accessible (pages before it have been copied) or, for
// VM_COPYSTR, if len bytes held no NUL.
int
vmcopy(pagetable_t pagetable, uint64 lazytop, uint64 uva, char *k, uint64 len, int how)
{
  while(len > 0){
    uint64 pa;
    uint64 va0 = PGROUNDDOWN(uva);
    VMBEGIN();
    int r = vmfault(pagetable, va0, how == VM_COPYOUT, lazytop, &pa);
    VMEND();
    if(r != FAULT_OK)
      return -1;
    uint64 n = PGSIZE - (uva - va0);
    if(n > len)
      n = len;
    char *u = (char*)P2V(pa) + (uva - va0);
    if(how == VM_COPYOUT){
      memmove(u, k, n);
    } else if(how == VM_COPYIN){
      memmove(k, u, n);
    } else {
      for(uint64 i = 0; i < n; i++)
        if((k[i] = u[i]) == 0)
          return 0;
    }
    len -= n;
    k += n;
    uva = va0 + PGSIZE;
  }
  return how == VM_COPYSTR ? -1 : 0;
}
