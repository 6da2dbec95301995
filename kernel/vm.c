// Sv39 page tables: the kernel's direct map, user address spaces, fork's
// uvmcopy() (which shares pages copy-on-write), and the one path by which
// the kernel reads and writes user memory (copyin/copyout via vmfault).
// Page-table format: RISC-V privileged spec 4.4 (Sv39).
#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "riscv.h"
#include "spinlock.h"
#include "proc.h"
#include "kalloc.h"
#include "vm.h"
#include "string.h"
#include "printf.h"
#include "memstat.h"

pagetable_t kernel_pagetable;

extern char etext[];       // kernel.ld: end of kernel text
extern char trampoline[];  // trampoline.S

// Map [va, va+sz) to [pa, pa+sz) in the kernel page table kpt with
// permissions perm. Boot time only: panics if memory runs out.
void
kvmmap(pagetable_t kpt, uint64 va, uint64 pa, uint64 sz, int perm)
{
  if(mappages(kpt, va, sz, pa, perm) != 0)
    panic("kvmmap");
}

// Build the kernel page table: devices, kernel text (R+X), the rest of RAM
// (R+W), the trampoline at the top, and a kernel stack per process slot.
// Hart 0, once, at boot, before paging is on.
void
kvminit(void)
{
  pagetable_t kpt = kalloc();
  if(kpt == 0)
    panic("kvminit");
  memset(kpt, 0, PGSIZE);

  kvmmap(kpt, UART0, UART0, PGSIZE, PTE_R | PTE_W);
  kvmmap(kpt, VIRTIO0, VIRTIO0, PGSIZE, PTE_R | PTE_W);
  kvmmap(kpt, PLIC, PLIC, 0x4000000, PTE_R | PTE_W);
  kvmmap(kpt, KERNBASE, KERNBASE, (uint64)etext - KERNBASE, PTE_R | PTE_X);
  kvmmap(kpt, (uint64)etext, (uint64)etext, PHYSTOP - (uint64)etext, PTE_R | PTE_W);
  kvmmap(kpt, TRAMPOLINE, (uint64)trampoline, PGSIZE, PTE_R | PTE_X);
  proc_mapstacks(kpt);

  kernel_pagetable = kpt;
}

// Turn on paging with the kernel page table on this hart. Every hart.
void
kvminithart(void)
{
  sfence_vma();   // finish writes to the page table before using it
  w_satp(MAKE_SATP(kernel_pagetable));
  sfence_vma();   // drop any stale TLB entries
}

// Bytes of virtual address space one leaf page table maps: 512 pages.
#define LEAFSPAN (512L * PGSIZE)

// The leaf (level-0) page table that maps virtual address va in
// pagetable: a pointer to its first PTE. With alloc, create missing
// page-table pages (zeroed); without, return 0 if one is missing.
// Returns 0 for va >= MAXVA or if kalloc fails. Caller owns pagetable.
static pte_t*
leaftable(pagetable_t pagetable, uint64 va, int alloc)
{
  if(va >= MAXVA)
    return 0;
  for(int level = 2; level > 0; level--){
    pte_t *pte = &pagetable[PX(level, va)];
    if(*pte & PTE_V){
      pagetable = (pagetable_t)PTE2PA(*pte);
    } else {
      if(!alloc || (pagetable = kalloc()) == 0)
        return 0;
      memset(pagetable, 0, PGSIZE);
      *pte = PA2PTE(pagetable) | PTE_V;
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
uint64
walkaddr(pagetable_t pagetable, uint64 va)
{
  pte_t *pte = walk(pagetable, va, 0);
  if(pte == 0 || (*pte & PTE_V) == 0 || (*pte & PTE_U) == 0)
    return 0;
  return PTE2PA(*pte);
}

// Map size bytes of virtual addresses from va to physical addresses from
// pa, with permissions perm (PTE_R/W/X/U). va and size must be
// page-aligned. Returns 0, or -1 if a page-table page could not be
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
// Works one leaf page table at a time.
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
            kfree((void*)PTE2PA(e));
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

// A new, empty user page table. Returns 0 if out of memory.
pagetable_t
uvmcreate(void)
{
  pagetable_t pagetable = kalloc();
  if(pagetable)
    memset(pagetable, 0, PGSIZE);
  return pagetable;
}

// Grow a user address space from oldsz to newsz bytes with zeroed pages
// mapped R|U|xperm. Returns newsz, or 0 if out of memory (then nothing
// is left allocated beyond oldsz).
uint64
uvmalloc(pagetable_t pagetable, uint64 oldsz, uint64 newsz, int xperm)
{
  if(newsz < oldsz)
    return oldsz;
  if(newsz > TRAPFRAME)
    return 0;
  for(uint64 a = PGROUNDUP(oldsz); a < newsz; a += PGSIZE){
    char *mem = kalloc();
    if(mem == 0){
      uvmdealloc(pagetable, a, oldsz);
      return 0;
    }
    memset(mem, 0, PGSIZE);
    if(mappages(pagetable, a, PGSIZE, (uint64)mem, PTE_R | PTE_U | xperm) != 0){
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

// Free the page-table pages of a table whose leaves are all unmapped.
static void
freewalk(pagetable_t pagetable)
{
  for(int i = 0; i < 512; i++){
    // Most entries are empty: skip eight at a time (exit and exec run
    // this over every page-table page of a process).
    if(i % 8 == 0 && (pagetable[i] | pagetable[i+1] | pagetable[i+2] | pagetable[i+3] |
                      pagetable[i+4] | pagetable[i+5] | pagetable[i+6] | pagetable[i+7]) == 0){
      i += 7;
      continue;
    }
    pte_t pte = pagetable[i];
    if((pte & PTE_V) && PTE_FLAGS(pte) == PTE_V){
      freewalk((pagetable_t)PTE2PA(pte));
      pagetable[i] = 0;
    } else if(pte & PTE_V){
      panic("freewalk: leaf");
    }
  }
  kfree(pagetable);
}

// Drop the user pages below sz bytes, then free the page table itself.
// TRAMPOLINE and TRAPFRAME must already be unmapped.
void
uvmfree(pagetable_t pagetable, uint64 sz)
{
  if(sz > 0)
    uvmunmap(pagetable, 0, PGROUNDUP(sz) / PGSIZE, 1);
  freewalk(pagetable);
}

// Fork: give the child (new) the parent's (old) user memory below sz
// bytes, one leaf page table at a time. Pages never touched (sbrklazy)
// are skipped.
//
// Copy-on-write (the default): the child maps the parent's frames
// instead of copies. A page that was writable loses PTE_W and gains
// PTE_COW in both tables; a page that is read-only by design (text,
// rodata, the guard page) is shared as it is and stays read-only
// forever. Each new mapping adds a reference to its frame.
// Built with COW=0, for comparison, every page is copied eagerly with
// the same page-copy routine the COW fault uses.
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
    pte_t *end = from + (n < 512 ? n : 512);
    for(; from < end; from++, to++){
      pte_t pte = *from;
      if((pte & PTE_V) == 0)
        continue;
#if COW
      if(pte & PTE_W){
        pte ^= PTE_W | PTE_COW;
        *from = pte;
      }
      krefinc((void*)PTE2PA(pte));
      shared++;
#else
      char *mem = kalloc();
      if(mem == 0)
        goto fail;
      pagecopy(mem, (void*)PTE2PA(pte));
      pte = PA2PTE(mem) | PTE_FLAGS(pte);
#endif
      *to = pte;
    }
  }
  // The parent's writable pages just became read-only: forget any TLB
  // entry that still allows a store.
  sfence_vma();
  MEMSTAT_ADD(forkshared, shared);
  return 0;

fail:
  // The child maps pages only below base + LEAFSPAN: drop them all.
  sfence_vma();
  uvmunmap(new, 0, PGROUNDUP(sz < base + LEAFSPAN ? sz : base + LEAFSPAN) / PGSIZE, 1);
  return -1;
}

// Make the page at va inaccessible to user mode (the stack guard page).
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
// lazy page (sbrklazy) on first touch, break copy-on-write on a store.
// Sets *pa to the physical address of va's page.
// Returns FAULT_OK, FAULT_BAD (unmapped beyond the break, guard page,
// not user-accessible, read-only by design, >= MAXVA), or FAULT_NOMEM.
// Lazy pages are only allocated in the current process's address space.
int
vmfault(pagetable_t pagetable, uint64 va, int write, uint64 *pa)
{
  struct proc *p = myproc();

  if(va >= MAXVA)
    return FAULT_BAD;
  va = PGROUNDDOWN(va);
  pte_t *pte = walk(pagetable, va, 0);
  if(pte == 0 || (*pte & PTE_V) == 0){
    // Not present: legal only as a lazily allocated heap page.
    if(p == 0 || p->pagetable != pagetable || va >= p->sz)
      return FAULT_BAD;
    char *mem = kalloc();
    if(mem == 0)
      return FAULT_NOMEM;
    memset(mem, 0, PGSIZE);
    if(mappages(pagetable, va, PGSIZE, (uint64)mem, PTE_R | PTE_W | PTE_U) != 0){
      kfree(mem);
      return FAULT_NOMEM;
    }
    MEMSTAT_ADD(lazyfaults, 1);
    *pa = (uint64)mem;
    return FAULT_OK;
  }
  if((*pte & PTE_U) == 0)
    return FAULT_BAD;
  if(write && (*pte & PTE_W) == 0){
    if((*pte & PTE_COW) == 0)
      return FAULT_BAD;           // read-only by design
    if(cowfault(pte, va) != 0)
      return FAULT_NOMEM;
  }
  if(!write && (*pte & PTE_R) == 0)
    return FAULT_BAD;
  *pa = PTE2PA(*pte);
  return FAULT_OK;
}

// Move len bytes between kernel address k and user virtual address uva
// of pagetable: into user memory if write, out of it otherwise, page by
// page, each page made accessible by vmfault() as a user access would
// (so a store breaks copy-on-write). Returns 0, or -1 at the first page
// that is not accessible (pages before it have been copied).
static int
usercopy(pagetable_t pagetable, uint64 uva, char *k, uint64 len, int write)
{
  while(len > 0){
    uint64 pa;
    uint64 va0 = PGROUNDDOWN(uva);
    if(vmfault(pagetable, va0, write, &pa) != FAULT_OK)
      return -1;
    uint64 n = PGSIZE - (uva - va0);
    if(n > len)
      n = len;
    char *u = (char*)(pa + (uva - va0));
    if(write)
      memmove(u, k, n);
    else
      memmove(k, u, n);
    len -= n;
    k += n;
    uva = va0 + PGSIZE;
  }
  return 0;
}

// Copy len bytes from kernel address src to user virtual address dstva
// in pagetable, breaking copy-on-write and allocating lazy pages as a
// user store would. Returns 0, or -1 if any byte is not writable by the
// user (then nothing is written to pages from that one on).
int
copyout(pagetable_t pagetable, uint64 dstva, char *src, uint64 len)
{
  return usercopy(pagetable, dstva, src, len, 1);
}

// Copy len bytes from user virtual address srcva in pagetable to kernel
// address dst. Returns 0, or -1 if any byte is not readable by the user.
int
copyin(pagetable_t pagetable, char *dst, uint64 srcva, uint64 len)
{
  return usercopy(pagetable, srcva, dst, len, 0);
}

// Copy a NUL-terminated string from user virtual address srcva to dst,
// at most max bytes including the NUL. Returns 0, or -1 if the string
// is not readable or longer than max - 1.
int
copyinstr(pagetable_t pagetable, char *dst, uint64 srcva, uint64 max)
{
  while(max > 0){
    uint64 pa;
    uint64 va0 = PGROUNDDOWN(srcva);
    if(vmfault(pagetable, va0, 0, &pa) != FAULT_OK)
      return -1;
    char *s = (char*)(pa + (srcva - va0));
    uint64 n = PGSIZE - (srcva - va0);
    while(n > 0 && max > 0){
      *dst = *s;
      if(*s == 0)
        return 0;
      n--, max--, dst++, s++, srcva++;
    }
  }
  return -1;
}
