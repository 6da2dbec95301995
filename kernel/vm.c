// User address spaces, written once for every machine against the page
// tables of kernel/ARCH/machine.h (PTLEVELS levels, PX(), PTE2PA, P2V):
// walking and mapping, fork's uvmcopy() (which shares leaf page tables
// whole, and pages copy-on-write), freeing by the range a process uses
// (freerange()), vmfault(), which classifies a user access to a page and
// hands copy-on-write to kernel/cow.c, and vmcopy(), the one loop that
// moves bytes between kernel and user memory.
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

// Page-table sharing. fork shares a process's leaf (level-0) page tables
// with the child instead of copying their PTEs (uvmcopy()); the upper
// tables stay private to each process. A leaf table's own frame count is
// the number of upper entries that point to it, and a frame's count is the
// number of distinct leaf tables that map it (plus the kernel's own), so
// a shared table's PTEs count once. An upper entry that points to a table
// that is (or was) shared carries PTE_SHARED and is sealed or opened
// (kernel/ARCH/machine.h): the hardware lets no store through it. The
// rules:
//  - reading through a shared entry is always allowed (walkaddr(),
//    vmvisit(), vmfault()'s classification);
//  - a shared table's PTEs may change only from writable to copy-on-write
//    (PTE_W cleared, PTE_COW set; wprotect()): nobody can hold a TLB entry
//    that allows a store through a sealed or opened entry, so this is safe
//    for every sharer, and any sharer may do it;
//  - any other change to a leaf PTE goes through walk(), which first makes
//    a shared leaf table ours alone (kernel/cow.c's cowtable(): the last
//    sharer takes it back, the others get a copy, tablecopy()). The two
//    changes to whole tables, fork's write-protect and freeing a range
//    (freerange()), keep the same rules.

// Whether upper entry e points to a table marked shared by a fork.
static inline int
shared(pte_t e)
{
  return (e & PTE_SHARED) != 0;
}

// The level-1 entry above va's leaf table: a pointer to it, creating
// missing upper tables (zeroed) with alloc. Upper tables are never
// shared. Returns 0 for va >= MAXVA, if an upper table is missing and
// alloc is 0, or if no frame was free for one. Caller owns pagetable, or
// holds it still and only reads.
static pte_t*
l1entry(pagetable_t pagetable, uint64 va, int alloc)
{
  if(va >= MAXVA)
    return 0;
  for(int level = PTLEVELS - 1; level > 1; level--){
    pte_t *pte = &pagetable[PX(level, va)];
    if(*pte & PTE_V){
      pagetable = PTE2KVA(*pte);
    } else {
      if(!alloc || (pagetable = kzalloc()) == 0)
        return 0;
      *pte = PA2PTE(V2P(pagetable)) | PTE_TABLE;
    }
  }
  return &pagetable[PX(1, va)];
}

// Every writable PTE of the leaf table t becomes copy-on-write (PTE_W
// cleared, PTE_COW set): what a shared table's PTEs may go through.
// Other sharers may do the same to t at once on other harts: each PTE is
// read once and the store is the same whoever makes it.
static void
wprotect(pagetable_t t)
{
  for(int i = 0; i < PTENTRIES; i++){
    pte_t e = atomic_load_relaxed(&t[i]);
    if(e & PTE_W)
      atomic_store_relaxed(&t[i], (e & ~PTE_W) | PTE_COW);
  }
}

static inline void tableput(pagetable_t t, int clear);

// Give this address space its own copy of the shared leaf table that the
// upper entry *entry points to (kernel/cow.c's cowtable() decided that
// other sharers remain): every PTE copied (writable ones become
// copy-on-write in both tables), a reference added to every frame it
// maps, our entry pointed at the copy (private), and our reference to the
// shared table dropped. Caller owns the address space. Returns 0, or -1
// (nothing changed) if no frame was free for the copy.
int
tablecopy(pte_t *entry)
{
  pagetable_t t = PTE2KVA(*entry);
  pagetable_t copy = kalloc();
  if(copy == 0)
    return -1;
  wprotect(t);
  for(int i = 0; i < PTENTRIES; i++){
    pte_t e = t[i];
    if(e & PTE_V)
      krefinc(PTE2KVA(e));
    copy[i] = e;
  }
  *entry = PA2PTE(V2P(copy)) | PTE_TABLE;
  tlbflushall();   // the old table may be cached on the walk to it
  tableput(t, 1);
  return 0;
}

// Return a pointer to the leaf PTE for virtual address va in pagetable,
// ours to change: the one way to change a single user PTE. If va's leaf
// table is shared (fork), it is made ours alone first (cowtable()). With
// alloc, create missing page-table pages (zeroed). Returns 0 for va >=
// MAXVA, if a table is missing and alloc is 0, or if a frame was needed
// (a new table, or a shared table's copy) and none was free. The PTE
// itself may be invalid. Caller must own the page table.
pte_t*
walk(pagetable_t pagetable, uint64 va, int alloc)
{
  pte_t *entry = l1entry(pagetable, va, alloc);
  if(entry == 0)
    return 0;
  if(!pte_istable(*entry)){
    pagetable_t t;
    if(!alloc || (t = kzalloc()) == 0)
      return 0;
    *entry = PA2PTE(V2P(t)) | PTE_TABLE;
  } else if(shared(*entry) && cowtable(entry) != 0){
    return 0;
  }
  return &((pagetable_t)PTE2KVA(*entry))[PX(0, va)];
}

// The physical address a user virtual address va maps to, if the page is
// present and user-accessible; else 0. Does not fault pages in; reads
// through shared tables. Caller must own the page table.
uint64
walkaddr(pagetable_t pagetable, uint64 va)
{
  pte_t *entry = l1entry(pagetable, va, 0);
  if(entry == 0 || !pte_istable(*entry))
    return 0;
  pte_t pte = ((pagetable_t)PTE2KVA(*entry))[PX(0, va)];
  if((pte & PTE_V) == 0 || (pte & PTE_U) == 0)
    return 0;
  return PTE2PA(pte);
}

// Map size bytes of virtual addresses from va to physical addresses from
// pa (physical), with permissions perm (PTE_R/W/X/U), through walk() (so a
// shared leaf table is made ours first). va and size must be
// page-aligned. Caller must own the page table. Returns 0, or -1 if a
// page-table page could not be allocated (pages mapped so far stay
// mapped). Panics on a remap.
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

// Clear the leaf PTEs from pte up to (not including) last, dropping the
// reference each present one held on its frame (krefdec(), and kput() at
// the last): the loop exit and exec run for every page.
static void
clearleaves(pte_t *pte, pte_t *last)
{
  for(; pte < last; pte++){
    pte_t e = *pte;
    if(e & PTE_V){
      *pte = 0;
      if(krefdec(PTE2KVA(e)))
        kput(PTE2KVA(e), 0);
    }
  }
}

// Drop one reference to the page-table page t, whose upper entry has just
// been cleared or pointed elsewhere. At the last one, t is ours alone:
// with clear (a leaf table that was shared, whose PTEs freerange() did not
// clear), clear its PTEs and drop their frames' references; then t, all
// zero, goes to the pool of zeroed frames (kput()). Of two sharers letting
// go at once on two harts, exactly one sees the last reference. Inline:
// exit calls it once per leaf table.
static inline __attribute__((always_inline)) void
tableput(pagetable_t t, int clear)
{
  if(krefdec(t)){
    if(clear)
      clearleaves(t, t + PTENTRIES);
    kput(t, KPUT_ZEROED);
  }
}

// Unmap the user virtual addresses [lo, hi) (page-aligned) that table t
// at level (0 holds leaves) maps from base: clear the leaf PTEs there,
// dropping their frames' references, and free every table below t the
// range covers (every one visited, with whole: the caller frees the whole
// address space, and nothing outside the range is mapped in them). Only
// entries of t overlapping the range are read. A shared leaf table the
// range covers just loses a reference (tableput()); one it covers in part
// must have been made private (panics). Caller flushes the TLB.
static void
freerange(pagetable_t t, int level, uint64 base, uint64 lo, uint64 hi, int whole)
{
  uint64 span = 1L << PXSHIFT(level);   // bytes one entry of t maps
  uint64 first = lo > base ? (lo - base) / span : 0;
  uint64 last = (hi - base + span - 1) / span;
  if(last > PTENTRIES)
    last = PTENTRIES;
  if(level == 0){
    clearleaves(&t[first], &t[last]);
    return;
  }
  for(uint64 i = first; i < last; i++){
    pte_t e = t[i];
    if(!pte_istable(e))
      continue;
    uint64 start = base + i * span;
    int covered = whole || (lo <= start && start + span <= hi);
    int sharedleaf = level == 1 && shared(e);
    if(sharedleaf && !covered)
      panic("freerange: shared");
    if(!sharedleaf)
      freerange(PTE2KVA(e), level - 1, start, lo, hi, whole);
    if(covered){
      t[i] = 0;
      tableput(PTE2KVA(e), sharedleaf);
    }
  }
}

// Bytes one entry of a root table maps.
#define ROOTSPAN (1L << PXSHIFT(PTLEVELS - 1))

// Unmap and free everything of pagetable in [0, sz bytes), the tables
// included, except the root and the tables that also map the machine's
// own pages above USERTOP (RISC-V's trampoline and trap frame), which
// uvmfree() frees. Nothing may be mapped between sz and USERTOP. Caller
// owns the page table and flushes the TLB if it is in use.
static void
freelow(pagetable_t pagetable, uint64 sz)
{
  uint64 top = PGROUNDUP(sz);
  uint64 topentry = USERTOP & ~(ROOTSPAN - 1);   // the root entry that maps USERTOP
  // Below that root entry every table visited goes whole; inside it only
  // the leaf tables the range covers (the ones above stay for uvmfree()).
  freerange(pagetable, PTLEVELS - 1, 0, 0, top < topentry ? top : topentry, 1);
  if(top > topentry){
    // Cover the leaf table sz lies in whole (nothing is mapped above sz;
    // it may be shared), unless it is the one that reaches USERTOP,
    // which is never shared and keeps the machine's own pages.
    uint64 toptable = USERTOP & ~(LEAFSPAN - 1);
    uint64 end = top > toptable ? top : (top + LEAFSPAN - 1) & ~(LEAFSPAN - 1);
    freerange(pagetable, PTLEVELS - 1, 0, topentry, end, 0);
  }
}

// Remove npages of mappings starting at page-aligned va (through walk()),
// without dropping their frames' references: the machine's own pages
// (RISC-V's trampoline and trap frame), which it frees itself; a
// process's memory goes with uvmdealloc() and uvmfree(). Pages that are
// not present are skipped; page-table pages stay. Caller must own the
// page table and flush the TLB (tlbflushall()) if it is in use.
void
uvmunmap(pagetable_t pagetable, uint64 va, uint64 npages)
{
  if(va % PGSIZE != 0)
    panic("uvmunmap: misaligned");
  for(uint64 a = va; a < va + npages * PGSIZE; a += PGSIZE){
    pte_t *pte = walk(pagetable, a, 0);
    if(pte != 0)
      *pte = 0;
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
// is left allocated beyond oldsz). Caller owns the page table.
uint64
uvmalloc(pagetable_t pagetable, uint64 oldsz, uint64 newsz, int xperm)
{
  if(newsz < oldsz)
    return oldsz;
  if(newsz > USERTOP)
    return 0;
  // On failure, undo up to a + PGSIZE: page a is not mapped, but
  // mappages() may have made page tables for it, which must not outlive
  // the range uvmfree() visits.
  for(uint64 a = PGROUNDUP(oldsz); a < newsz; a += PGSIZE){
    char *mem = kalloc();
    if(mem == 0){
      uvmdealloc(pagetable, a + PGSIZE, oldsz);
      return 0;
    }
    memset(mem, 0, PGSIZE);
    if(mappages(pagetable, a, PGSIZE, V2P(mem), PTE_R | PTE_U | xperm) != 0){
      kfree(mem);
      uvmdealloc(pagetable, a + PGSIZE, oldsz);
      return 0;
    }
  }
  return newsz;
}

// Shrink a user address space from oldsz to newsz bytes, dropping the
// pages above newsz and the page tables that then map nothing. Returns
// newsz; or oldsz, with nothing changed, if the leaf table holding newsz
// is shared and its copy needed a frame that was not free. oldsz may be
// below newsz (no-op). Caller owns the page table and flushes the TLB.
uint64
uvmdealloc(pagetable_t pagetable, uint64 oldsz, uint64 newsz)
{
  if(newsz >= oldsz)
    return oldsz;
  uint64 lo = PGROUNDUP(newsz);
  if(lo >= PGROUNDUP(oldsz))
    return newsz;
  // A leaf table the range covers in part must be ours alone first.
  if(lo % LEAFSPAN != 0){
    pte_t *entry = l1entry(pagetable, lo, 0);
    if(entry && shared(*entry) && cowtable(entry) != 0)
      return oldsz;
  }
  // Nothing is mapped above oldsz below USERTOP: take the tables up to
  // the end of oldsz's root entry, so that no emptied table stays behind
  // (uvmfree() visits only those below the size).
  uint64 hi = (oldsz + ROOTSPAN - 1) & ~(ROOTSPAN - 1);
  if(hi > USERTOP || hi == 0)
    hi = USERTOP;
  freerange(pagetable, PTLEVELS - 1, 0, lo, hi, 0);
  return newsz;
}

// Free a user address space: drop the user pages below sz bytes, then
// free the root page table and the tables below it that map user
// addresses (below MAXVA), visiting only the tables that cover [0, sz)
// and the machine's own pages above USERTOP (RISC-V's TRAMPOLINE and
// TRAPFRAME, which must already be unmapped). A shared leaf table loses
// one reference (freed at the last). The machine must already have
// cleared the root's entries at and above MAXVA (i386: the kernel's,
// proc_freepagetable()): every page-table page is freed all zero.
void
uvmfree(pagetable_t pagetable, uint64 sz)
{
  VMCHECK_FORGET(pagetable);
  freelow(pagetable, sz);
  if(USERTOP < MAXVA)
    freerange(pagetable, PTLEVELS - 1, 0, USERTOP, MAXVA, 1);
  tableput(pagetable, 0);
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
  krefinc(PTE2KVA(pte));
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
  pagecopy(mem, PTE2KVA(*from));
  *to = PA2PTE(V2P(mem)) | PTE_FLAGS(*from);
  return 0;
}
#endif

// Whether fork shares the leaf table that maps [base, base + LEAFSPAN)
// rather than copying its PTEs: not in the eager kernel, not for a table
// that reaches USERTOP (RISC-V's also maps the trampoline and trap frame,
// which differ per process), and not for the tables that hold the
// parent's pc and stack pointer: both processes touch those at once, and
// a per-page copy of the few pages they touch is cheaper than a fault and
// a copy of the whole table.
static int
shareable(uint64 base, uint64 pc, uint64 sp)
{
  if(!COW || base + LEAFSPAN > USERTOP)
    return 0;
  return pc - base >= LEAFSPAN && sp - base >= LEAFSPAN;
}

// Share the leaf table that the parent's upper entry *from points to with
// the child's entry *to: seal the parent's entry (if private), give the
// child the same entry, and add a reference to the table.
static void
sharetable(pte_t *from, pte_t *to)
{
  if(!shared(*from))
    *from = pte_seal(*from);
  *to = *from;
  krefinc(PTE2KVA(*from));
}

// Fork: give the child (new) the parent's (old) user memory below sz
// bytes, one leaf page table at a time; pc and sp are where the parent
// returns to (its trap frame's). Most leaf tables are shared whole
// (sharetable(): O(tables), not O(pages)); the others (shareable()) are
// copied PTE by PTE (forkpte(): copy-on-write, or a copy in the eager
// kernel, COW=0). Read-only pages (text, rodata, the guard page) are
// shared as they are, forever; never-touched lazy pages are skipped.
// Caller owns both tables; old is the current process's. Returns 0, or
// -1 if memory ran out: then the child's mappings and tables are undone.
// The parent may keep some COW marks and sealed entries: harmless, a
// store there with one reference just takes the page or table back.
int
uvmcopy(pagetable_t old, pagetable_t new, uint64 sz, uint64 pc, uint64 sp)
{
  uint64 base, nshared = 0;

  for(base = 0; base < sz; base += LEAFSPAN){
    pte_t *fromentry = l1entry(old, base, 0);
    if(fromentry == 0 || !pte_istable(*fromentry))
      continue;
    // The parent has a leaf table here, so the child needs one too.
    if(shareable(base, pc, sp)){
      pte_t *toentry = l1entry(new, base, 1);
      if(toentry == 0)
        goto fail;
      sharetable(fromentry, toentry);
      continue;
    }
    // Copied PTE by PTE: the parent's table may itself be shared (its
    // PTEs may go from writable to COW, see the rules above). The
    // child's is new, so walk() only creates it.
    pte_t *from = PTE2KVA(*fromentry);
    pte_t *to = walk(new, base, 1);
    if(to == 0)
      goto fail;
    uint64 n = (sz - base + PGSIZE - 1) / PGSIZE;
    pte_t *end = from + (n < PTENTRIES ? n : PTENTRIES);
    for(; from < end; from++, to++){
      if((*from & PTE_V) == 0)
        continue;
      if(forkpte(from, to) != 0)
        goto fail;
      nshared++;
    }
  }
  // The parent's writable pages just became read-only, and its shared
  // tables sealed: forget any TLB entry that still allows a store.
  tlbflushall();
  if(COW)
    MEMSTAT_ADD(forkshared, nshared);
  return 0;

fail:
  // The child maps pages only below base + LEAFSPAN: drop them all.
  tlbflushall();
  freelow(new, sz < base + LEAFSPAN ? sz : base + LEAFSPAN);
  return -1;
}

// Make the page at va inaccessible to user mode (the stack guard page).
// Caller owns the page table (exec's new one).
void
uvmclear(pagetable_t pagetable, uint64 va)
{
  pte_t *pte = walk(pagetable, va, 0);
  if(pte == 0)
    panic("uvmclear");
  *pte &= ~PTE_U;
}

// A first touch of the lazy (sbrklazy) page at page-aligned user virtual
// address va: map a zeroed frame there, R|W|U. Sets *pa to its physical
// address. Returns FAULT_OK or FAULT_NOMEMLAZY.
static int
lazyfault(pagetable_t pagetable, uint64 va, uint64 *pa)
{
  // walk() makes va's leaf table ours first if a fork shared it
  // (cowtable()): a new page must not appear in the other sharers.
  pte_t *pte = walk(pagetable, va, 1);
  char *mem;
  if(pte == 0 || (mem = kalloc()) == 0)
    return FAULT_NOMEMLAZY;
  memset(mem, 0, PGSIZE);
  *pte = PA2PTE(V2P(mem)) | PTE_R | PTE_W | PTE_U | PTE_V;
  MEMSTAT_ADD(lazyfaults, 1);
  *pa = V2P(mem);
  return FAULT_OK;
}

// vmfault()'s classification of an access (one switch, as the cases
// read): what the PTE pte (0 if no leaf table maps va) allows for access,
// with lazy saying that va lies below the process's size.
enum { F_BAD, F_LAZY, F_OK, F_COW };
static int
classify(pte_t pte, int access, int lazy)
{
  if((pte & PTE_V) == 0)
    return lazy && access != ACCESS_EXEC ? F_LAZY : F_BAD;   // a sbrklazy page
  if((pte & PTE_U) == 0)
    return F_BAD;                       // the guard page, the trap frame
  switch(access){
  case ACCESS_READ:
    return (pte & PTE_R) ? F_OK : F_BAD;
  case ACCESS_EXEC:
    return (pte & PTE_X) ? F_OK : F_BAD;
  default:
    if(pte & PTE_W)
      return F_OK;
    return (pte & PTE_COW) ? F_COW : F_BAD;   // else read-only by design
  }
}

// vmfault() without its checker hooks (inline: one call per fault). pte
// points into the leaf table only to read it until the table is known to
// be ours alone: a store through a shared entry first takes the table
// (cowtable()).
static inline __attribute__((always_inline)) int
fixfault(pagetable_t pagetable, uint64 va, int access, uint64 lazytop, uint64 *pa)
{
  if(va >= MAXVA)
    return FAULT_BAD;
  va = PGROUNDDOWN(va);
  pte_t *entry = l1entry(pagetable, va, 0);
  pte_t *pte = 0;
  if(entry != 0 && pte_istable(*entry))
    pte = &((pagetable_t)PTE2KVA(*entry))[PX(0, va)];
  int kind = classify(pte ? *pte : 0, access, va < lazytop);
  if(kind == F_BAD)
    return FAULT_BAD;
  if(kind == F_LAZY)
    return lazyfault(pagetable, va, pa);
  if(shared(*entry)){
    // A table fork shared: a store needs it ours alone (kernel/cow.c
    // decides how), a load or fetch only an opened entry.
    if(access == ACCESS_WRITE){
      if(cowtable(entry) != 0)
        return FAULT_NOMEMCOW;
      pte = &((pagetable_t)PTE2KVA(*entry))[PX(0, va)];
      kind = *pte & PTE_W ? F_OK : F_COW;
    } else if(pte_loadsfault(*entry)){
      wprotect(PTE2KVA(*entry));
      *entry = pte_open(*entry);
      tlbflushall();
    }
  }
  if(kind == F_COW && cowfault(pte, va) != 0)
    return FAULT_NOMEMCOW;
  *pa = PTE2PA(*pte);
  return FAULT_OK;
}

// Make user virtual address va of pagetable accessible for access
// (ACCESS_*), as a user access would: a zeroed page at first touch (not
// for a fetch) below lazytop (the process's size; 0 allows none); a shared
// leaf table made ours before a store, or a sealed entry opened for a
// load or fetch; copy-on-write broken on a store (kernel/cow.c). One
// fault event for the DEBUG checker. Sets *pa to the page's physical
// address. Caller owns the page table. Returns FAULT_OK; FAULT_BAD (no
// such access: unmapped, not user, read-only by design, >= MAXVA); or
// FAULT_NOMEMLAZY / FAULT_NOMEMCOW if a frame was needed and none free.
int
vmfault(pagetable_t pagetable, uint64 va, int access, uint64 lazytop, uint64 *pa)
{
  VMBEGIN();
  int r = fixfault(pagetable, va, access, lazytop, pa);
  VMEND();
  return r;
}

// Move up to len bytes between kernel address k and user virtual address
// uva of pagetable, each page made accessible by vmfault() as a user
// access would (a store breaks copy-on-write; a lazy page is allocated).
// how is VM_COPYIN, VM_COPYOUT or VM_COPYSTR (in, up to a NUL). Caller
// owns the page table. Returns 0 (VM_COPYSTR: a NUL was copied), or -1 at
// the first page not accessible (earlier pages copied) or, for
// VM_COPYSTR, if len bytes held no NUL.
int
vmcopy(pagetable_t pagetable, uint64 lazytop, uint64 uva, char *k, uint64 len, int how)
{
  while(len > 0){
    uint64 pa;
    uint64 va0 = PGROUNDDOWN(uva);
    if(vmfault(pagetable, va0, how == VM_COPYOUT ? ACCESS_WRITE : ACCESS_READ, lazytop, &pa) != FAULT_OK)
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

// vmvisit()'s walk of the table t at level (0 holds leaves) mapping
// virtual addresses from base, limited to [lo, hi); tshared says t is a
// leaf table marked shared. Returns the page-table pages it reaches,
// itself included.
static uint64
visit(pagetable_t t, int level, uint64 base, uint64 lo, uint64 hi, int tshared,
      struct vmvisitor *v)
{
  uint64 span = 1L << PXSHIFT(level);   // bytes one entry of t maps
  // Of a root, only the entries below MAXVA map user addresses: a
  // machine whose roots also hold the kernel's entries (i386) keeps
  // them there, in its own format.
  uint64 nent = level == PTLEVELS - 1 ? (MAXVA - base + span - 1) / span : PTENTRIES;
  uint64 first = lo > base ? (lo - base) / span : 0;
  uint64 last = (hi - base + span - 1) / span;
  if(last > nent)
    last = nent;
  uint64 n = 1;
  for(uint64 i = first; i < last; i++){
    pte_t e = t[i];
    uint64 va = base + i * span;
    if(level > 0){
      if(!pte_istable(e))
        continue;
      int sh = level == 1 && shared(e);
      if(v->table == 0 || v->table(va, e, PTE2KVA(e), level - 1, sh, v->arg))
        n += visit(PTE2KVA(e), level - 1, va, lo, hi, sh, v);
      else
        n++;
    } else if((e & PTE_V) && v->leaf){
      v->leaf(va, e, tshared, v->arg);
    }
  }
  return n;
}

// Walk the user virtual addresses [lo, hi) of pagetable with v (vm.h),
// only reading: every page-table page (shared ones too) and valid leaf
// PTE, in ascending order (RISC-V's trampoline and trap frame included if
// hi reaches them; of the root, only entries below MAXVA). Returns the
// page-table pages reached, the root included, a shared table once per
// entry to it. The caller keeps the table still (owns it, holds it, or
// holds the DEBUG checker's lock).
uint64
vmvisit(pagetable_t pagetable, uint64 lo, uint64 hi, struct vmvisitor *v)
{
  return visit(pagetable, PTLEVELS - 1, 0, lo, hi, 0, v);
}
