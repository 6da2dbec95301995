// pmap(): any process's user address space, page by page, as records a
// user program can read (kernel/pmap.h has the system call's contract),
// read with vm.c's vmvisit().
//
// Reading another process's page table. Only the process itself changes
// its page table, while it runs, except that a process sharing one of its
// leaf tables may write-protect that table's PTEs (vm.c's wprotect(),
// which changes no count and no frame); and it is freed only under
// p->lock (freeproc()). So pmap holds the target's p->lock and waits until
// the target is not RUNNING on any hart: its kernel thread is then stopped
// in swtch() and cannot start again (the scheduler needs p->lock). pmap
// reports a change the target was preempted in (a fork marking pages, an
// sbrk unmapping them) as it stands: every valid PTE still holds its
// reference, and no page-table page is freed while reachable. A process
// that runs gives up its hart at the next clock tick at the latest.
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

// Records being filled by pmapfill(), and where its walk stands.
struct fill {
  struct pmapent *e;
  int n;                  // records complete
  int max;                // room in e
  int full;               // a complete run did not fit: ignore the rest
  struct pmapent cur;     // the run being built (cur.npages 0: none)
  uint64 next;            // the first page not yet described
  int ptref;              // the count of the leaf table being walked
};

// Add npages pages from va in state (flags, ref, ptref) to the records:
// they join the run being built if it has the same state, else that run
// is complete and a new one starts. Once a complete run does not fit,
// the records are full and the rest is ignored.
static void
addpages(struct fill *f, uint64 va, uint64 npages, uint flags, int ref, int ptref)
{
  if(f->full || npages == 0)
    return;
  if(f->cur.npages > 0 && f->cur.flags == flags && f->cur.ref == ref && f->cur.ptref == ptref){
    f->cur.npages += npages;
    return;
  }
  if(f->cur.npages > 0){
    if(f->n == f->max){
      f->full = 1;
      return;
    }
    f->e[f->n++] = f->cur;
  }
  f->cur.va = va;
  f->cur.npages = npages;
  f->cur.flags = flags;
  f->cur.ref = ref;
  f->cur.ptref = ptref;
  f->cur.unused = 0;
}

// The state of a valid leaf PTE as pmap flags; shared says its leaf table
// is marked shared by a fork. Through a shared table no store goes
// through without a fault: a writable PTE there is reported as
// copy-on-write (the first store takes the table, and the page with it,
// as a COW store does).
static uint
pteflags(pte_t pte, int shared)
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
  if(shared){
    flags |= PMAP_PTSHARED;
    if(flags & PMAP_W)
      flags ^= PMAP_W | PMAP_COW;
  }
  return flags;
}

// vmvisit()'s table callback for pmapfill(): note a leaf table's count.
static int
filltable(uint64 va, pte_t e, pagetable_t t, int level, int shared, void *arg)
{
  if(level == 0)
    ((struct fill*)arg)->ptref = krefcount(t);
  return 1;
}

// vmvisit()'s leaf callback for pmapfill(): the pages since the last one
// described are lazy (no PTE), then the page at va.
static void
fillleaf(uint64 va, pte_t pte, int shared, void *arg)
{
  struct fill *f = arg;
  addpages(f, f->next, (va - f->next) / PGSIZE, PMAP_LAZY, 0, 0);
  addpages(f, va, 1, pteflags(pte, shared), krefcount(PTE2KVA(pte)), f->ptref);
  f->next = va + PGSIZE;
}

// vmvisit()'s table callback for the PMAP_END record: count the leaf
// tables marked shared.
static int
countshared(uint64 va, pte_t e, pagetable_t t, int level, int shared, void *arg)
{
  if(shared)
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
  struct fill f = { .e = e, .max = max, .next = va };
  struct vmvisitor v = { fillleaf, filltable, &f };

  if(va < top){
    vmvisit(pagetable, va, top, &v);
    addpages(&f, f.next, (top - f.next) / PGSIZE, PMAP_LAZY, 0, 0);
  }
  if(f.full)
    return f.n;
  // The last run, then the end of the address space.
  if(f.cur.npages > 0){
    if(f.n == max)
      return f.n;
    e[f.n++] = f.cur;
  }
  if(f.n < max){
    int nshared = 0;
    struct vmvisitor count = { 0, countshared, &nshared };
    e[f.n].va = top;
    e[f.n].npages = vmvisit(pagetable, 0, MAXVA, &count);
    e[f.n].flags = PMAP_END;
    e[f.n].ref = 0;
    e[f.n].ptref = nshared;
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
    while(atomic_load_relaxed(&p->state) == RUNNING &&
          atomic_load_relaxed(&p->pid) == pid){
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
