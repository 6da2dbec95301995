// User address spaces, written once for every machine against the page
// tables of kernel/ARCH/machine.h (PTLEVELS levels, PX(), PTE2PA, P2V):
// walking and mapping, fork's uvmcopy() (which shares leaf page tables
// whole, and pages copy-on-write), freeing by the range a process uses
// (freerange()), vmfault(), the one decision about a user access to a
// page, and vmcopy(), the one loop that moves bytes between kernel and
// user memory.
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
#include "fault.h"

// Page-table sharing. fork shares a process's leaf (level-0) page tables
// with the child instead of copying their PTEs (uvmcopy()); the upper
// tables stay private to each process. A leaf table's own frame count is
// the number of upper entries that point to it, and a frame's count is the
// number of distinct leaf tables that map it (plus the kernel's own), so
// a shared table's PTEs count once. An upper entry that points to a table
// that is (or was) shared carries PTE_SHARED and is sealed or opened
// (kernel/ARCH/machine.h): the hardware lets no store through it. The
// rules, which every walker keeps:
//  - reading through a shared entry is always allowed (walkaddr, pmap,
//    the checker, vmfault's decision);
//  - a shared table's PTEs may change only from writable to copy-on-write
//    (PTE_W cleared, PTE_COW set): nobody can hold a TLB entry that
//    allows a store through a sealed or opened entry, so this is safe for
//    every sharer;
//  - anything else that changes a leaf PTE or maps a page in a shared
//    table's range first unshares it (unshare()): the table becomes ours
//    alone (the last sharer just takes it back) or we get our own copy.

static void tableput(pagetable_t t);

// The entry above va's leaf table (in a level-1 table): a pointer to it,
// creating missing upper tables (zeroed) with alloc. Upper tables are
// never shared. Returns 0 for va >= MAXVA, if an upper table is missing
// and alloc is 0, or if kalloc fails. Caller owns pagetable.
static pte_t*
leafentry(pagetable_t pagetable, uint64 va, int alloc)
{
  if(va >= MAXVA)
    return 0;
  for(int level = PTLEVELS - 1; level > 1; level--){
    pte_t *pte = &pagetable[PX(level, va)];
    if(*pte & PTE_V){
      pagetable = (pagetable_t)P2V(PTE2PA(*pte));
    } else {
      if(!alloc || (pagetable = kzalloc()) == 0)
        return 0;
      *pte = PA2PTE(V2P(pagetable)) | PTE_TABLE;
    }
  }
  return &pagetable[PX(1, va)];
}

// The entry above va's leaf table (a level-1 entry): private, sealed or
// opened (pte_istable()), or empty; 0 if an upper table is missing or va
// >= MAXVA. Only to read: a walker that changes the entry or the table it
// points to goes through vm.c. Caller owns the page table or holds it
// still.
pte_t*
walkentry(pagetable_t pagetable, uint64 va)
{
  return leafentry(pagetable, va, 0);
}

// The leaf table an upper entry e points to (private, sealed or opened).
static inline pagetable_t
tableof(pte_t e)
{
  return (pagetable_t)P2V(PTE2PA(e));
}

// Every writable PTE of the leaf table t becomes copy-on-write (PTE_W
// cleared, PTE_COW set): what a shared table's PTEs may go through.
// Other sharers may do the same to t at once on other harts: each PTE is
// read once and the store is the same whoever makes it.
static void
wprotect(pagetable_t t)
{
  for(int i = 0; i < PTENTRIES; i++){
    pte_t e = __atomic_load_n(&t[i], __ATOMIC_RELAXED);
    if(e & PTE_W)
      __atomic_store_n(&t[i], (e & ~PTE_W) | PTE_COW, __ATOMIC_RELAXED);
  }
}

// Make the leaf table that the upper entry *entry points to (PTE_SHARED
// set: the table is or was shared) ours alone, before a change to one of
// its PTEs or a new mapping in its range. If ours is the only reference
// left (the other sharers exited or unshared), the entry just becomes
// private again; else we get a copy: every PTE copied (writable ones
// become copy-on-write in both tables), a reference added to every frame
// it maps, our entry pointed at the copy, and our reference to the shared
// table dropped. Reading the table's count without a lock is safe by
// cowfault()'s argument (kernel/cow.c): we hold a reference, and only our
// own fork could add one. Caller owns the address space. Returns 0, or -1
// (nothing changed) if the copy needed a frame and none was free.
static int
unshare(pte_t *entry)
{
  pagetable_t t = tableof(*entry);
  if(krefcount(t) == 1){
    *entry = pte_private(*entry);
    tlbflushall();
    return 0;
  }
  pagetable_t copy = kalloc();
  if(copy == 0)
    return -1;
  wprotect(t);
  for(int i = 0; i < PTENTRIES; i++){
    pte_t e = t[i];
    if(e & PTE_V)
      krefinc(P2V(PTE2PA(e)));
    copy[i] = e;
  }
  *entry = PA2PTE(V2P(copy)) | PTE_TABLE;
  tlbflushall();   // the old table may be cached on the walk to it
  tableput(t);
  return 0;
}

// Open the sealed entry *entry for loads and fetches: write-protect every
// PTE of its table first (pte_open()'s rule, kernel/ARCH/machine.h).
// Caller owns the address space.
static void
tableopen(pte_t *entry)
{
  wprotect(tableof(*entry));
  *entry = pte_open(*entry);
  tlbflushall();
}

// How leaftable() may use the table it finds.
#define LT_READ  0   // look only: follow sealed and opened entries
#define LT_WRITE 1   // about to change a PTE: unshare a shared table first
#define LT_ALLOC 2   // LT_WRITE, and create missing tables (zeroed)

// The leaf (level-0) page table that maps virtual address va in
// pagetable: a pointer to its first PTE, used as how says (LT_*).
// Returns 0 for va >= MAXVA, if a table is missing (and how is not
// LT_ALLOC), or if a frame was needed (a new table, or a shared table's
// copy) and none was free. Caller owns pagetable.
static pte_t*
leaftable(pagetable_t pagetable, uint64 va, int how)
{
  pte_t *entry = leafentry(pagetable, va, how == LT_ALLOC);
  if(entry == 0)
    return 0;
  if(!pte_istable(*entry)){
    pagetable_t t;
    if(how != LT_ALLOC || (t = kzalloc()) == 0)
      return 0;
    *entry = PA2PTE(V2P(t)) | PTE_TABLE;
  } else if(how != LT_READ && (*entry & PTE_SHARED) && unshare(entry) != 0){
    return 0;
  }
  return tableof(*entry);
}

// Return a pointer to the leaf PTE for virtual address va in pagetable.
// With alloc, create missing page-table pages (zeroed) and unshare a
// shared leaf table (the caller may change the PTE); without, only look:
// return 0 if a table is missing, and the PTE of a shared table must not
// be changed. Returns 0 for va >= MAXVA or if kalloc fails. The PTE
// itself may be invalid. Caller must own the page table.
pte_t*
walk(pagetable_t pagetable, uint64 va, int alloc)
{
  pte_t *leaf = leaftable(pagetable, va, alloc ? LT_ALLOC : LT_READ);
  return leaf ? &leaf[PX(0, va)] : 0;
}

// The physical address a user virtual address va maps to, if the page is
// present and user-accessible; else 0. Does not fault pages in; follows
// shared tables. Caller must own the page table.
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

// Clear the leaf PTEs from pte up to (not including) last. With do_free,
// drop the reference each present one held on its frame (kfree frees at
// the last one).
static void
clearleaves(pte_t *pte, pte_t *last, int do_free)
{
  // Two copies of the loop so the one that exit and exec run for every
  // page tests nothing it need not. A leaf table holds only leaves
  // (PTE_R, W or X set): walk() never makes it otherwise.
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

// Free the page-table page t, which must be all zero: every page-table
// page is all zero when it is freed, so it goes to the allocator's pool
// of zeroed frames (kfreezero(), which checks it in the DEBUG build) for
// the next page-table page.
static void
tablefree(pagetable_t t)
{
  kfreezero(t);
}

// Drop one reference to the leaf table t (its upper entry has just been
// cleared or pointed elsewhere). At the last one, drop the references its
// PTEs hold on their frames, zero it and free it. The count is dropped
// atomically first, so that of two sharers letting go at once on two
// harts exactly one sees the last reference; the frame then has count 0
// until kfreezero_last() puts it, cleared, in the pool of zeroed frames,
// inside one section.
static void
tableput(pagetable_t t)
{
  VMBEGIN();
  if(atomic_fetch_add(KREF(t), -1) > 1){
    VMEND();
    return;
  }
  clearleaves(t, t + PTENTRIES, 1);
  kfreezero_last(t);
  VMEND();
}

// Unmap the user virtual addresses [lo, hi) (page-aligned) that table t
// at level (0 holds leaves) maps, from virtual address base: clear the
// leaf PTEs there, dropping their frames' references, and free every
// table below t that the range covers (or every table visited, if
// whole). Only the entries of t that overlap the range are read. A shared
// leaf table that the range covers, or any one visited if whole, just
// loses a reference (tableput()). whole says that the caller frees the
// whole address space and nothing is mapped in a visited table outside
// the range. A shared leaf table the range covers in part must have
// been unshared (panics). Caller owns the page table and flushes the
// TLB.
static void
freerange(pagetable_t t, int level, uint64 base, uint64 lo, uint64 hi, int whole)
{
  uint64 span = 1L << PXSHIFT(level);   // bytes one entry of t maps
  uint64 first = lo > base ? (lo - base) / span : 0;
  uint64 last = (hi - base + span - 1) / span;
  if(last > PTENTRIES)
    last = PTENTRIES;
  if(level == 0){
    clearleaves(&t[first], &t[last], 1);
    return;
  }
  for(uint64 i = first; i < last; i++){
    pte_t e = t[i];
    if(!pte_istable(e))
      continue;
    uint64 start = base + i * span;
    int covered = whole || (lo <= start && start + span <= hi);
    if(level == 1 && (e & PTE_SHARED)){
      if(!covered)
        panic("freerange: shared");
      t[i] = 0;
      tableput(tableof(e));
      continue;
    }
    freerange(tableof(e), level - 1, start, lo, hi, whole);
    if(covered){
      t[i] = 0;
      tablefree(tableof(e));
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
  uint64 shared = USERTOP & ~(ROOTSPAN - 1);   // the root entry that maps USERTOP
  // Below that root entry every table visited goes whole; inside it only
  // the leaf tables the range covers (the ones above stay for uvmfree()).
  freerange(pagetable, PTLEVELS - 1, 0, 0, top < shared ? top : shared, 1);
  if(top > shared){
    // Cover the leaf table sz lies in whole (nothing is mapped above sz;
    // it may be shared), unless it is the one that reaches USERTOP,
    // which is never shared and keeps the machine's own pages.
    uint64 toptable = USERTOP & ~(LEAFSPAN - 1);
    uint64 end = top > toptable ? top : (top + LEAFSPAN - 1) & ~(LEAFSPAN - 1);
    freerange(pagetable, PTLEVELS - 1, 0, shared, end, 0);
  }
}

// Remove npages of mappings starting at page-aligned va, which must not
// lie in a shared leaf table (the machine's own pages never do). Pages
// that are not present are skipped. With do_free, drop the reference each
// mapping held on its frame (kfree frees at the last one). Page-table
// pages stay. Works one leaf page table at a time. Caller must own the
// page table and flush the TLB (tlbflushall()) if it is in use.
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
    pte_t *entry = leafentry(pagetable, a, 0);
    if(entry != 0 && pte_istable(*entry)){
      if(*entry & PTE_SHARED)
        panic("uvmunmap: shared");
      pte_t *pte = &tableof(*entry)[PX(0, a)];
      clearleaves(pte, pte + (next - a) / PGSIZE, do_free);
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
    pte_t *entry = leafentry(pagetable, lo, 0);
    if(entry && (*entry & PTE_SHARED) && unshare(entry) != 0)
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
// one reference (freed at the last). A root's entries at and above
// MAXVA (i386: the kernel's) must already be cleared by the machine
// (proc_freepagetable()): every page-table page is freed all zero.
void
uvmfree(pagetable_t pagetable, uint64 sz)
{
  VMCHECK_FORGET(pagetable);
  freelow(pagetable, sz);
  if(USERTOP < MAXVA)
    freerange(pagetable, PTLEVELS - 1, 0, USERTOP, MAXVA, 1);
  tablefree(pagetable);
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

// Whether fork shares the leaf table that maps [base, base + LEAFSPAN)
// rather than copying its PTEs: not in the eager kernel, not for a table
// that reaches USERTOP (RISC-V's also maps the trampoline and trap frame,
// which differ per process), and not for the tables that hold the
// addresses in hot[0..nhot) (the parent's pc and stack pointer): both
// processes touch those at once, and a per-page copy of the few pages
// they touch is cheaper than a fault and a copy of the whole table.
static int
shareable(uint64 base, uint64 *hot, int nhot)
{
  if(!COW || base + LEAFSPAN > USERTOP)
    return 0;
  for(int i = 0; i < nhot; i++)
    if(hot[i] >= base && hot[i] - base < LEAFSPAN)
      return 0;
  return 1;
}

// Share the leaf table that the parent's upper entry *from points to with
// the child's entry *to: seal the parent's entry (if private), give the
// child the same entry, and add a reference to the table.
static void
sharetable(pte_t *from, pte_t *to)
{
  if((*from & PTE_SHARED) == 0)
    *from = pte_seal(*from);
  *to = *from;
  krefinc(tableof(*from));
}

// Fork: give the child (new) the parent's (old) user memory below sz
// bytes, one leaf page table at a time. With COW (the default) most leaf
// tables are shared whole (sharetable(): O(tables), not O(pages)); the
// others (shareable()) are copied PTE by PTE with forkpte() above, pages
// shared copy-on-write. The eager kernel (COW=0) copies every page. A page
// that is read-only by design (text, rodata, the guard page) is shared as
// it is and stays read-only forever. Pages never touched (sbrklazy) are
// skipped. Caller owns both page tables; old is the current process's.
//
// Returns 0, or -1 if memory ran out: then the child's mappings and
// tables below sz are undone and their references dropped. The parent
// may keep some COW marks and sealed entries, which is harmless: a store
// there with one reference just makes the page or table ours again.
int
uvmcopy(pagetable_t old, pagetable_t new, uint64 sz)
{
  uint64 base, shared = 0, hot[2];
  int nhot = hotaddrs(old, hot);

  for(base = 0; base < sz; base += LEAFSPAN){
    pte_t *fromentry = leafentry(old, base, 0);
    if(fromentry == 0 || !pte_istable(*fromentry))
      continue;
    // The parent has a leaf table here, so the child needs one too.
    if(shareable(base, hot, nhot)){
      pte_t *toentry = leafentry(new, base, 1);
      if(toentry == 0)
        goto fail;
      sharetable(fromentry, toentry);
      continue;
    }
    // Copied PTE by PTE: the parent's table may itself be shared (its
    // PTEs may go from writable to COW, see the rules above).
    pte_t *from = tableof(*fromentry);
    pte_t *to = leaftable(new, base, LT_ALLOC);
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
  // The parent's writable pages just became read-only, and its shared
  // tables sealed: forget any TLB entry that still allows a store.
  tlbflushall();
  if(COW)
    MEMSTAT_ADD(forkshared, shared);
  return 0;

fail:
  // The child maps pages only below base + LEAFSPAN: drop them all.
  tlbflushall();
  freelow(new, sz < base + LEAFSPAN ? sz : base + LEAFSPAN);
  return -1;
}

// Make the page at va inaccessible to user mode (the stack guard page).
// Caller owns the page table, in which va's leaf table is private (exec's
// new table).
void
uvmclear(pagetable_t pagetable, uint64 va)
{
  pte_t *leaf = leaftable(pagetable, va, LT_WRITE);
  if(leaf == 0)
    panic("uvmclear");
  pte_t *pte = &leaf[PX(0, va)];
  *pte &= ~PTE_U;
}

// A first touch of the lazy (sbrklazy) page at page-aligned user virtual
// address va: map a zeroed frame there, R|W|U (unsharing its leaf table
// if shared). Sets *pa to its physical address. Returns FAULT_OK or
// FAULT_NOMEMLAZY.
static int
lazyfault(pagetable_t pagetable, uint64 va, uint64 *pa)
{
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

// Make user virtual address va of pagetable accessible for access
// (ACCESS_READ, ACCESS_WRITE or ACCESS_EXEC, kernel/fault.h), as a user
// access would: allocate a zeroed page on first touch (not for a fetch)
// if va is below lazytop (the process's size: a sbrklazy page; 0 allows
// none); in a shared leaf table, unshare it before a store or a new page
// (unshare()), or open a sealed entry for a load or fetch of a present
// page (tableopen()); break copy-on-write on a store. Sets *pa to the
// physical address of va's page. Caller owns the page table. Returns
// FAULT_OK; FAULT_BAD (unmapped at or above lazytop, a fetch of a missing
// or non-executable page, guard page, not user-accessible, read-only by
// design, >= MAXVA); FAULT_NOMEMLAZY or FAULT_NOMEMCOW if the page (or
// its table's copy, for a lazy page or a store) needed a frame and none
// was free.
int
vmfault(pagetable_t pagetable, uint64 va, int access, uint64 lazytop, uint64 *pa)
{
  if(va >= MAXVA)
    return FAULT_BAD;
  va = PGROUNDDOWN(va);
  pte_t *entry = leafentry(pagetable, va, 0);
  pte_t *pte = 0;
  if(entry != 0 && pte_istable(*entry))
    pte = &tableof(*entry)[PX(0, va)];
  if(pte == 0 || (*pte & PTE_V) == 0){
    // Not present: legal only as a lazily allocated heap page.
    if(va >= lazytop || access == ACCESS_EXEC)
      return FAULT_BAD;
    return lazyfault(pagetable, va, pa);
  }
  pte_t e = *pte;
  if((e & PTE_U) == 0)
    return FAULT_BAD;
  if(access == ACCESS_WRITE && (e & (PTE_W | PTE_COW)) == 0)
    return FAULT_BAD;             // read-only by design
  if((access == ACCESS_READ && (e & PTE_R) == 0) || (access == ACCESS_EXEC && (e & PTE_X) == 0))
    return FAULT_BAD;
  if(*entry & PTE_SHARED){
    if(access == ACCESS_WRITE){
      if(unshare(entry) != 0)
        return FAULT_NOMEMCOW;
      pte = &tableof(*entry)[PX(0, va)];
    } else if(pte_loadsfault(*entry)){
      tableopen(entry);
    }
  }
  if(access == ACCESS_WRITE && (*pte & PTE_W) == 0 && cowfault(pte, va) != 0)
    return FAULT_NOMEMCOW;
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
    int r = vmfault(pagetable, va0, how == VM_COPYOUT ? ACCESS_WRITE : ACCESS_READ, lazytop, &pa);
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
