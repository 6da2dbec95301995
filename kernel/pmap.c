// pmap(): any process's user address space, page by page, as records a
// user program can read (kernel/pmap.h has the system call's contract);
// and ptvisit(), which walks every page-table page of an address space
// (pmap counts them; the DEBUG build's checker, kernel/vmcheck.c, reads
// every leaf with it).
//
// Reading another process's page table. A page table is private to its
// process: only the process itself changes it (fork, exec, sbrk, faults,
// copyout), while it runs, and it is freed only under p->lock (freeproc(),
// when its parent reaps it). So pmap holds the target's p->lock and waits
// until the target is not RUNNING on any hart. Then its kernel thread is
// stopped in swtch() and cannot start again (the scheduler needs p->lock),
// so its table and size stay as they are until pmap lets go. It may have
// been preempted in the middle of a change (a fork marking pages, an sbrk
// unmapping them), which pmap then reports as it stands: every valid PTE
// still holds its reference, and no page-table page is freed while it is
// reachable from p->pagetable. Waiting, not refusing: a process that runs
// gives up its hart at the next clock tick at the latest. The caller's
// own table needs no waiting (it is the one running).
#include "types.h"
#include "param.h"
#include "machine.h"
#include "spinlock.h"
#include "proc.h"
#include "kalloc.h"
#include "vm.h"
#include "fault.h"
#include "syscallarg.h"
#include "pmap.h"

// No padding: every byte copied out is one the kernel set.
_Static_assert(sizeof(struct pmapent) == 2 * sizeof(uint64) + 4 * sizeof(int),
               "struct pmapent has padding");

// ptvisit()'s walk of the table t at level (0 holds leaves) mapping
// virtual addresses from base. Returns the page-table pages it holds,
// itself included.
static uint64
visit(pagetable_t t, int level, uint64 base, struct ptvisitor *v)
{
  uint64 span = PGSIZE;   // bytes one entry of t maps
  for(int l = 0; l < level; l++)
    span *= PTENTRIES;

  // Of a root, only the entries below MAXVA map user addresses: a
  // machine whose roots also hold the kernel's entries (i386) keeps
  // them there, in its own format.
  int nent = level == PTLEVELS - 1 ? PX(PTLEVELS - 1, MAXVA) : PTENTRIES;
  uint64 n = 1;
  for(int i = 0; i < nent; i++){
    pte_t pte = t[i];
    uint64 va = base + i * span;
    if(level > 0){
      if(!pte_istable(pte))
        continue;
      pagetable_t next = (pagetable_t)P2V(PTE2PA(pte));
      if(v->table == 0 || v->table(va, pte, next, level - 1, v->arg))
        n += visit(next, level - 1, va, v);
      else
        n++;
    } else if((pte & PTE_V) && v->leaf){
      v->leaf(va, pte, v->arg);
    }
  }
  return n;
}

// Walk the whole page table pagetable with v (kernel/pmap.h): every
// page-table page below the root, shared leaf tables included (sealed or
// opened entries are followed), and every valid leaf PTE, in ascending
// order of user virtual address (the trampoline and trap frame at the top
// included). Of the root, only the entries below MAXVA. Returns the
// number of page-table pages reached, the root included; a shared table
// counts once per table that points to it. The caller keeps the table
// from changing (it owns it, holds it still, or holds the DEBUG build's
// checker lock).
uint64
ptvisit(pagetable_t pagetable, struct ptvisitor *v)
{
  return visit(pagetable, PTLEVELS - 1, 0, v);
}

// Records being filled by pmapfill().
struct fill {
  struct pmapent *e;
  int n;                  // records complete
  int max;                // room in e
  struct pmapent cur;     // the run being built (cur.npages 0: none)
};

// Add npages pages from va in state (flags, ref, ptref) to the records:
// they join the run being built if it has the same state, else that run
// is complete and a new one starts. Returns 0, or -1 if the complete run
// did not fit (the records are full).
static int
addpages(struct fill *f, uint64 va, uint64 npages, uint flags, int ref, int ptref)
{
  if(f->cur.npages > 0 && f->cur.flags == flags && f->cur.ref == ref && f->cur.ptref == ptref){
    f->cur.npages += npages;
    return 0;
  }
  if(f->cur.npages > 0){
    if(f->n == f->max)
      return -1;
    f->e[f->n++] = f->cur;
  }
  f->cur.va = va;
  f->cur.npages = npages;
  f->cur.flags = flags;
  f->cur.ref = ref;
  f->cur.ptref = ptref;
  f->cur.unused = 0;
  return 0;
}

// The state of a valid leaf PTE as pmap flags, in a leaf table that the
// upper entry entry points to. Through a shared entry (PTE_SHARED) no
// store goes through without a fault: a writable PTE there is reported
// as copy-on-write (the first store takes the table, and the page with
// it, as a COW store does).
static uint
pteflags(pte_t pte, pte_t entry)
{
  static const struct {
    pte_t pte;
    uint pmap;
  } bits[] = {
    { PTE_R, PMAP_R }, { PTE_W, PMAP_W }, { PTE_X, PMAP_X }, { PTE_U, PMAP_U },
    { PTE_COW, PMAP_COW },
  };
  uint flags = 0;
  for(int i = 0; i < sizeof(bits) / sizeof(bits[0]); i++)
    if(pte & bits[i].pte)
      flags |= bits[i].pmap;
  if(entry & PTE_SHARED){
    flags |= PMAP_PTSHARED;
    if(flags & PMAP_W)
      flags ^= PMAP_W | PMAP_COW;
  }
  return flags;
}

// ptvisit()'s count of the leaf tables marked shared (pmapfill()).
static int
countshared(uint64 va, pte_t e, pagetable_t t, int level, void *arg)
{
  if(level == 0 && (e & PTE_SHARED))
    (*(int*)arg)++;
  return 1;
}

// Describe the user memory of pagetable below sz bytes, from page-aligned
// va up, in at most max records at e (struct pmapent, kernel/pmap.h).
// Returns the number of records filled. The caller keeps the table still.
static int
pmapfill(pagetable_t pagetable, uint64 sz, uint64 va, struct pmapent *e, int max)
{
  uint64 top = PGROUNDUP(sz);
  struct fill f = { .e = e, .n = 0, .max = max };

  while(va < top){
    pte_t *entry = walkentry(pagetable, va);
    if(entry == 0 || !pte_istable(*entry)){
      // No leaf table: every page up to the next one is lazy.
      uint64 next = (va + LEAFSPAN) & ~(LEAFSPAN - 1);
      if(next > top)
        next = top;
      if(addpages(&f, va, (next - va) / PGSIZE, PMAP_LAZY, 0, 0) < 0)
        return f.n;
      va = next;
      continue;
    }
    pagetable_t t = (pagetable_t)P2V(PTE2PA(*entry));
    pte_t pte = t[PX(0, va)];
    int r;
    if(pte & PTE_V)
      r = addpages(&f, va, 1, pteflags(pte, *entry), krefcount(P2V(PTE2PA(pte))),
                   krefcount(t));
    else
      r = addpages(&f, va, 1, PMAP_LAZY, 0, 0);
    if(r < 0)
      return f.n;
    va += PGSIZE;
  }
  // The last run, then the end of the address space.
  if(f.cur.npages > 0){
    if(f.n == max)
      return f.n;
    e[f.n++] = f.cur;
  }
  if(f.n < max){
    int shared = 0;
    struct ptvisitor v = { 0, countshared, &shared };
    e[f.n].va = top;
    e[f.n].npages = ptvisit(pagetable, &v);
    e[f.n].flags = PMAP_END;
    e[f.n].ref = 0;
    e[f.n].ptref = shared;
    e[f.n].unused = 0;
    f.n++;
  }
  return f.n;
}

// The process pid, held still: returned with p->lock held and p not
// running on another hart (it may be the caller). Returns 0 if no
// process has that pid, or if the caller is killed while it waits.
// Spins (interrupts on, no lock held) while the process runs.
static struct proc*
holdproc(int pid)
{
  struct proc *me = myproc();

  for(;;){
    struct proc *p = 0;
    for(int i = 0; i < NPROC && p == 0; i++){
      struct proc *q = procslot(i);
      acquire(&q->lock);
      if(q->pid == pid && q->state != UNUSED)
        p = q;
      else
        release(&q->lock);
    }
    if(p == 0 || p == me || p->state != RUNNING)
      return p;
    release(&p->lock);
    // Wait for it to leave its hart, then look again: by then it may
    // have exited, and its slot may hold another process.
    while(__atomic_load_n(&p->state, __ATOMIC_RELAXED) == RUNNING &&
          __atomic_load_n(&p->pid, __ATOMIC_RELAXED) == pid){
      if(killed(me))
        return 0;
    }
  }
}

// pmap(pid, va, buf, n): kernel/pmap.h has the contract. Takes the
// target's p->lock while reading its page table (holdproc() above), and
// copies out after letting it go.
uint64
sys_pmap(void)
{
  int pid, n;
  uint64 va, buf;
  struct pmapent e[PMAP_MAXREC];

  argint(0, &pid);
  argaddr(1, &va);
  argaddr(2, &buf);
  argint(3, &n);
  if(n < 0)
    return -1;
  if(n > PMAP_MAXREC)
    n = PMAP_MAXREC;
  struct proc *p = holdproc(pid);
  if(p == 0)
    return -1;
  int got = 0;
  if(p->pagetable)
    got = pmapfill(p->pagetable, p->sz, PGROUNDDOWN(va), e, n);
  release(&p->lock);
  if(copyout(myproc()->pagetable, buf, (char*)e, got * sizeof(e[0])) < 0)
    return -1;
  return got;
}
