// Processes and harts (kernel/proc.c).
#ifndef COWOS_PROC_H
#define COWOS_PROC_H
#include "types.h"
#include "param.h"
#include "machine.h"
#include "spinlock.h"
#include "cpu.h"

enum procstate { UNUSED, USED, SLEEPING, RUNNABLE, RUNNING, ZOMBIE };

struct proc;

// The process running on this hart, or 0 in the scheduler. Interrupts
// are off while it reads the hart number and cpus[hart].proc, so the
// process cannot move to another hart in between; intr_save() instead of
// push_off() because every trap and system call asks several times.
static inline struct proc*
myproc(void)
{
  int on = intr_save();
  struct proc *p = cpus[cpuid()].proc;
  intr_restore(on);
  return p;
}

// Per-process state.
struct proc {
  struct spinlock lock;

  // p->lock must be held when using these:
  enum procstate state;
  void *chan;                  // if non-zero, sleeping on chan
  int killed;                  // if non-zero, have been killed
  int xstate;                  // exit status to be returned to parent's wait
  int pid;

  // wait_lock must be held when using these:
  struct proc *parent;
  int nchild;                  // processes whose parent is this one

  // private to the process, so p->lock need not be held:
  uint64 kstack;               // kernel virtual address of kernel stack
  uint64 sz;                   // size of process memory (bytes)
  pagetable_t pagetable;       // user page table
  struct trapframe *trapframe; // user registers saved at a trap (a page of its own; RISC-V maps it at TRAPFRAME for trampoline.S)
  struct context context;      // swtch() here to run process
  struct file *ofile[NOFILE];  // open files
  struct inode *cwd;           // current directory
  char name[16];               // program name, for messages
  uint64 sysarg[TF_NARGS];     // the current system call's arguments (syscall())
  int nsysarg;                 // ... how many of them it takes
  int badsyscall;              // it has made an unknown system call (reported once)
#ifdef DEBUG
  // The DEBUG build's checker (kernel/vmcheck.c), private to the process:
  int vmdepth;                 // nesting of its sections (events)
  uint64 vmcowva;              // its COW fault to check at the end of the event
  void *vmcowframe;            // ... and the frame it faulted on (0: none)
#endif
};

void         procinit(void);
void         userinit(void);
int          kfork(void);
void         kexit(int status) __attribute__((noreturn));
int          kwait(uint64 addr);
int          kkill(int pid);
int          killed(struct proc *p);
void         setkilled(struct proc *p);
void         sleep(void *chan, struct spinlock *lk);
void         wakeup(void *chan);
void         yield(void);
void         scheduler(void) __attribute__((noreturn));
void         sched(void);
int          growproc(int n, int lazy);
int          either_copyout(int user_dst, uint64 dst, void *src, uint64 len);
int          either_copyin(void *dst, int user_src, uint64 src, uint64 len);
void         procdump(void);
struct proc *procslot(int i);
void         clocktick(void);

extern struct spinlock tickslock;
extern uint ticks;             // clock ticks since boot (10 ms each)

// kernel/exec.c
int          kexec(char *path, char **argv);

#endif
