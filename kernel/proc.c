// Processes: the process table, fork/exit/wait/kill, sleep and wakeup,
// and the per-hart scheduler that switches between them.
#include "types.h"
#include "param.h"
#include "machine.h"
#include "spinlock.h"
#include "proc.h"
#include "kalloc.h"
#include "vm.h"
#include "fault.h"
#include "file.h"
#include "fs.h"
#include "log.h"
#include "string.h"
#include "printf.h"
#include "arch.h"
#include "vmcheck.h"

static struct proc proc[NPROC];
static struct proc *initproc;

static int nextpid = 1;   // the next pid; taken with atomic_fetch_add()

// Protects every p->parent, and orders wakeups of waiting parents so
// none is lost. Taken before any p->lock.
static struct spinlock wait_lock;

struct spinlock tickslock;
uint ticks;

static void freeproc(struct proc *p);
static void forkret(void);

// Initialize the process table. Boot, hart 0.
void
procinit(void)
{
  initlock(&wait_lock, "wait_lock");
  initlock(&tickslock, "time");
  for(int i = 0; i < NPROC; i++){
    initlock(&proc[i].lock, "proc");
    proc[i].state = UNUSED;
    proc[i].kstack = kstackaddr(i);
  }
}

// A new pid, never given before (until the counter wraps). No lock.
static int
allocpid(void)
{
  return atomic_fetch_add(&nextpid, 1);
}

// Find an UNUSED slot and make it a process with a trap frame, an empty
// user page table, and a context that starts at forkret(). Returns it
// with p->lock held, or 0 if the table is full or memory is short.
static struct proc*
allocproc(void)
{
  struct proc *p;

  for(p = proc; p < &proc[NPROC]; p++){
    // A quick look without the lock skips the slots in use (as the
    // scheduler does); the state is checked again under p->lock.
    if(atomic_load_relaxed(&p->state) != UNUSED)
      continue;
    acquire(&p->lock);
    if(p->state == UNUSED)
      goto found;
    release(&p->lock);
  }
  return 0;

found:
  p->pid = allocpid();
  p->state = USED;
  p->badsyscall = 0;
  VMBEGIN();
  int ok = (p->trapframe = kalloc()) != 0 && (p->pagetable = proc_pagetable(p)) != 0;
  if(!ok)
    freeproc(p);
  VMEND();
  if(!ok){
    release(&p->lock);
    return 0;
  }
  memset(&p->context, 0, sizeof(p->context));
  context_init(&p->context, forkret, p->kstack + PGSIZE);
  return p;
}

// Release everything a process slot holds and mark it UNUSED.
// p->lock must be held.
static void
freeproc(struct proc *p)
{
  VMBEGIN();
  if(p->trapframe)
    kfree(p->trapframe);
  p->trapframe = 0;
  if(p->pagetable)
    proc_freepagetable(p->pagetable, p->sz);
  p->pagetable = 0;
  VMEND();
  p->sz = 0;
  p->pid = 0;
  p->parent = 0;
  p->nchild = 0;
  p->name[0] = 0;
  p->chan = 0;
  p->killed = 0;
  p->xstate = 0;
  p->state = UNUSED;
}

// A clock interrupt on this hart (the machine's timer handler calls it on
// every hart, with interrupts off): hart 0 counts the tick, so that ticks
// track time, and wakes pause() sleepers. The caller then yields the hart
// if a process was running. Takes tickslock.
void
clocktick(void)
{
  if(cpuid() == 0){
    acquire(&tickslock);
    ticks++;
    wakeup(&ticks);
    release(&tickslock);
  }
}

// Create the first process. It has no memory yet: forkret() mounts the
// file system and execs /init in it. Boot, hart 0.
void
userinit(void)
{
  struct proc *p = allocproc();
  if(p == 0)
    panic("userinit");
  initproc = p;
  safestrcpy(p->name, "initcode", sizeof(p->name));
  p->state = RUNNABLE;
  release(&p->lock);
}

// Grow (n > 0) or shrink (n < 0) the current process's memory by n bytes.
// With lazy, growth only moves the break; pages come at first touch.
// Returns 0, or -1 if out of memory or the size would leave the user
// range [0, USERTOP).
int
growproc(int n, int lazy)
{
  struct proc *p = myproc();
  uint64 sz = p->sz;

  if(n > 0){
    if(sz + n > USERTOP)
      return -1;
    if(lazy){
      sz += n;
    } else {
      VMBEGIN();
      sz = uvmalloc(p->pagetable, sz, sz + n, PTE_W);
      VMEND();
      if(sz == 0)
        return -1;
    }
  } else if(n < 0){
    if((uint64)-n > sz)
      return -1;
    VMBEGIN();
    uint64 newsz = uvmdealloc(p->pagetable, sz, sz + n);
    tlbflushall();
    VMEND();
    // A shrink into a shared leaf table needs a frame for its copy: none
    // free, nothing changed.
    if(newsz != sz + n)
      return -1;
    sz = newsz;
  }
  p->sz = sz;
  return 0;
}

// Create a child of the current process: its memory shares the parent's
// frames copy-on-write (uvmcopy), it inherits open files and the current
// directory, and it returns 0 from fork. Returns the child's pid to the
// parent, or -1 if the table is full or memory is short (then nothing of
// the child remains).
int
kfork(void)
{
  struct proc *p = myproc();
  struct proc *np = allocproc();

  if(np == 0)
    return -1;
  VMBEGIN();
  int r = uvmcopy(p->pagetable, np->pagetable, p->sz, tf_pc(p->trapframe), tf_sp(p->trapframe));
  VMEND();
  if(r < 0){
    freeproc(np);
    release(&np->lock);
    VMCHECK("fork");
    return -1;
  }
  VMCHECK_FORK(p->pagetable, np->pagetable);
  np->sz = p->sz;
  *np->trapframe = *p->trapframe;
  tf_setret(np->trapframe, 0);
  for(int i = 0; i < NOFILE; i++)
    if(p->ofile[i])
      np->ofile[i] = filedup(p->ofile[i]);
  np->cwd = idup(p->cwd);
  safestrcpy(np->name, p->name, sizeof(np->name));
  int pid = np->pid;
  release(&np->lock);
  VMCHECK("fork");   // before the child can run

  acquire(&wait_lock);
  np->parent = p;
  p->nchild++;
  release(&wait_lock);

  acquire(&np->lock);
  np->state = RUNNABLE;
  release(&np->lock);
  return pid;
}

// Wake parent if it sleeps in kwait(), which sleeps on its own proc: the
// one process that can be sleeping on that channel, so there is no need
// to look at every process as wakeup() does. wait_lock must be held (it
// is the condition lock of kwait's sleep); takes parent->lock.
static void
wakeparent(struct proc *parent)
{
  acquire(&parent->lock);
  if(parent->state == SLEEPING && parent->chan == parent)
    parent->state = RUNNABLE;
  release(&parent->lock);
}

// Give p's children to init. wait_lock must be held. Most processes
// have none: then the process table is not scanned at all.
static void
reparent(struct proc *p)
{
  if(p->nchild == 0)
    return;
  for(struct proc *pp = proc; pp < &proc[NPROC] && p->nchild > 0; pp++){
    if(pp->parent == p){
      pp->parent = initproc;
      p->nchild--;
      initproc->nchild++;
    }
  }
  wakeparent(initproc);
}

// Exit the current process with the given status. It stays a ZOMBIE,
// holding its memory, until its parent's wait() frees it. Never returns.
void
kexit(int status)
{
  struct proc *p = myproc();

  if(p == initproc)
    panic("init exiting");
  VMCHECK("exit");

  for(int fd = 0; fd < NOFILE; fd++){
    if(p->ofile[fd]){
      fileclose(p->ofile[fd]);
      p->ofile[fd] = 0;
    }
  }
  // The working directory: a transaction only if this could free it.
  if(p->cwd){
    if(!iputnowrite(p->cwd)){
      begin_op();
      iput(p->cwd);
      end_op();
    }
    p->cwd = 0;
  }

  acquire(&wait_lock);
  reparent(p);
  wakeparent(p->parent);
  acquire(&p->lock);
  p->xstate = status;
  p->state = ZOMBIE;
  release(&wait_lock);

  sched();
  panic("zombie exit");
}

// Wait for a child to exit; store its status at user address addr unless
// addr is 0. Returns the child's pid, or -1 if there are no children, the
// caller was killed, or addr is not writable (the child is then reaped
// all the same, so that it is not lost).
int
kwait(uint64 addr)
{
  struct proc *p = myproc();

  acquire(&wait_lock);
  for(;;){
    // p->nchild says how many slots to find: stop at the last child.
    int seen = 0;
    for(struct proc *pp = proc; pp < &proc[NPROC] && seen < p->nchild; pp++){
      if(pp->parent != p)
        continue;
      seen++;
      acquire(&pp->lock);
      if(pp->state == ZOMBIE){
        int pid = pp->pid;
        int bad = addr != 0 &&
          copyout(p->pagetable, addr, (char*)&pp->xstate, sizeof(pp->xstate)) < 0;
        freeproc(pp);
        p->nchild--;
        release(&pp->lock);
        release(&wait_lock);
        return bad ? -1 : pid;
      }
      release(&pp->lock);
    }
    if(seen == 0 || killed(p)){
      release(&wait_lock);
      return -1;
    }
    sleep(p, &wait_lock);
  }
}

// Each hart's scheduler loop, entered at the end of boot: pick a RUNNABLE
// process, switch to it, and take over again when it gives up the hart.
// Round robin over the table. Never returns.
void
scheduler(void)
{
  struct cpu *c = mycpu();

  c->proc = 0;
  for(;;){
    // Let devices interrupt, then turn interrupts off again so that a
    // process found below cannot be lost between the check and swtch.
    intr_on();
    intr_off();

    int found = 0;
    for(struct proc *p = proc; p < &proc[NPROC]; p++){
      // A quick look without the lock skips the many slots that are not
      // runnable; the state is checked again under p->lock.
      if(atomic_load_relaxed(&p->state) != RUNNABLE)
        continue;
      acquire(&p->lock);
      if(p->state == RUNNABLE){
        p->state = RUNNING;
        c->proc = p;
        swtch(&c->context, &p->context);
        c->proc = 0;
        found = 1;
      }
      release(&p->lock);
    }
    if(!found){
      // Nothing to run: sleep until an interrupt. An idle hart does no
      // other work (such as zeroing frames), so that the kernel's state
      // after a wait does not depend on how long the wait was, and
      // make bench's figures are the same on every run.
      intr_wait();
    }
  }
}

// Switch from the current process to this hart's scheduler. The caller
// holds p->lock (and no other lock) and has changed p->state. Saves and
// restores intena, which belongs to this kernel thread, not the hart.
void
sched(void)
{
  struct proc *p = myproc();

  if(!holding(&p->lock))
    panic("sched: p->lock not held");
  if(mycpu()->noff != 1)
    panic("sched: other locks held");
  if(p->state == RUNNING)
    panic("sched: still running");
  if(intr_get())
    panic("sched: interruptible");

  int intena = mycpu()->intena;
  swtch(&p->context, &mycpu()->context);
  mycpu()->intena = intena;
}

// Give up the hart for one scheduling round.
void
yield(void)
{
  struct proc *p = myproc();
  acquire(&p->lock);
  p->state = RUNNABLE;
  sched();
  release(&p->lock);
}

// A new process's first code in the kernel, reached through swtch() from
// the scheduler with p->lock held. The very first process also mounts the
// root file system (which must sleep, so cannot happen in main) and execs
// /init.
static void
forkret(void)
{
  static int first = 1;
  struct proc *p = myproc();

  release(&p->lock);

  if(first){
    first = 0;
    fsinit(ROOTDEV);
    p->cwd = namei("/");
    char *argv[] = { "/init", 0 };
    int argc = kexec("/init", argv);
    if(argc < 0)
      panic("forkret: cannot exec /init");
    tf_setret(p->trapframe, argc);
  }
  usertrapret();
}

// Atomically release lk and sleep on chan; reacquire lk when woken.
// The caller holds lk, which protects the condition it waits for.
void
sleep(void *chan, struct spinlock *lk)
{
  struct proc *p = myproc();

  // Holding p->lock before releasing lk means a wakeup(chan), which
  // needs p->lock, cannot slip in between.
  acquire(&p->lock);
  release(lk);

  p->chan = chan;
  p->state = SLEEPING;
  sched();
  p->chan = 0;

  release(&p->lock);
  acquire(lk);
}

// Make every process sleeping on chan RUNNABLE. The caller holds the
// lock that protects the condition the sleepers wait for, and no p->lock.
void
wakeup(void *chan)
{
  struct proc *me = myproc();

  for(struct proc *p = proc; p < &proc[NPROC]; p++){
    if(p == me)
      continue;
    // Skip, without taking p->lock, slots that cannot be sleeping on
    // chan: a process on its way into sleep(chan) is RUNNING until it
    // is SLEEPING (it holds p->lock from before it let go of the
    // condition lock, which we hold now), so only those two states need
    // the locked check.
    enum procstate st = atomic_load_relaxed(&p->state);
    if(st != SLEEPING && st != RUNNING)
      continue;
    acquire(&p->lock);
    if(p->state == SLEEPING && p->chan == chan)
      p->state = RUNNABLE;
    release(&p->lock);
  }
}

// Kill the process with the given pid: it exits with status -1 at its
// next return to user space (a sleeping one is woken first).
// Returns 0, or -1 if there is no such process or it is init, whose
// exit would leave orphans with no one to reap them.
int
kkill(int pid)
{
  if(initproc && pid == initproc->pid)
    return -1;
  for(struct proc *p = proc; p < &proc[NPROC]; p++){
    acquire(&p->lock);
    if(p->pid == pid && p->state != UNUSED){
      p->killed = 1;
      if(p->state == SLEEPING)
        p->state = RUNNABLE;
      release(&p->lock);
      return 0;
    }
    release(&p->lock);
  }
  return -1;
}

// Mark p killed. Takes p->lock.
void
setkilled(struct proc *p)
{
  acquire(&p->lock);
  p->killed = 1;
  release(&p->lock);
}

// Returns 1 if p has been killed. Takes no lock: p->killed only ever
// goes from 0 to 1, so a stale 0 just delays the kill to the next check
// (every return to user space checks again).
int
killed(struct proc *p)
{
  return atomic_load_acquire(&p->killed);
}

// Copy len bytes from kernel address src to dst, a user virtual address
// of the current process (user_dst = 1) or a kernel address (0).
// Returns 0, or -1 if the user address is not writable.
int
either_copyout(int user_dst, uint64 dst, void *src, uint64 len)
{
  if(user_dst)
    return copyout(myproc()->pagetable, dst, src, len);
  memmove((char*)(uintptr)dst, src, len);
  return 0;
}

// Copy len bytes to kernel address dst from src, a user virtual address
// of the current process (user_src = 1) or a kernel address (0).
// Returns 0, or -1 if the user address is not readable.
int
either_copyin(void *dst, int user_src, uint64 src, uint64 len)
{
  if(user_src)
    return copyin(myproc()->pagetable, dst, src, len);
  memmove(dst, (char*)(uintptr)src, len);
  return 0;
}

// Process slot i (0 <= i < NPROC), for code that looks at every process
// (kernel/pmap.c). Takes no lock: the caller takes p->lock as it needs.
struct proc*
procslot(int i)
{
  return &proc[i];
}

// Print the process list on the console (^P), starting on a line of its
// own. Takes no locks, so that it works on a wedged system; what it prints
// may be slightly stale.
void
procdump(void)
{
  static char *states[] = {
    [UNUSED] "unused", [USED] "used", [SLEEPING] "sleep",
    [RUNNABLE] "runble", [RUNNING] "run", [ZOMBIE] "zombie",
  };

  for(struct proc *p = proc; p < &proc[NPROC]; p++){
    if(p->state == UNUSED)
      continue;
    printf("%d %s %s %llu KiB\n", p->pid, states[p->state], p->name, p->sz / 1024);
  }
  printf("free pages: %llu\n", nfreepages());
}
