// Processes and harts (kernel/proc.c).
#ifndef COWOS_PROC_H
#define COWOS_PROC_H
#include "types.h"
#include "param.h"
#include "riscv.h"
#include "spinlock.h"

// Callee-saved registers for kernel context switches (kernel/swtch.S).
struct context {
  uint64 ra;
  uint64 sp;
  uint64 s[12];   // s0..s11
};

// Per-hart state.
struct cpu {
  struct proc *proc;        // process running on this hart, or 0
  struct context context;   // swtch() here to enter scheduler()
  int noff;                 // depth of push_off() nesting
  int intena;               // were interrupts enabled before push_off()?
};

extern struct cpu cpus[NCPU];

// Per-process page saved by the trampoline on every trap from user space.
// The trampoline (kernel/trampoline.S) depends on these byte offsets.
struct trapframe {
  /*   0 */ uint64 kernel_satp;    // kernel page table
  /*   8 */ uint64 kernel_sp;      // top of process's kernel stack
  /*  16 */ uint64 kernel_trap;    // usertrap()
  /*  24 */ uint64 epc;            // saved user program counter
  /*  32 */ uint64 kernel_hartid;  // saved kernel tp
  /*  40 */ uint64 ra;
  /*  48 */ uint64 sp;
  /*  56 */ uint64 gp;
  /*  64 */ uint64 tp;
  /*  72 */ uint64 t0;
  /*  80 */ uint64 t1;
  /*  88 */ uint64 t2;
  /*  96 */ uint64 s0;
  /* 104 */ uint64 s1;
  /* 112 */ uint64 a0;
  /* 120 */ uint64 a1;
  /* 128 */ uint64 a2;
  /* 136 */ uint64 a3;
  /* 144 */ uint64 a4;
  /* 152 */ uint64 a5;
  /* 160 */ uint64 a6;
  /* 168 */ uint64 a7;
  /* 176 */ uint64 s2;
  /* 184 */ uint64 s3;
  /* 192 */ uint64 s4;
  /* 200 */ uint64 s5;
  /* 208 */ uint64 s6;
  /* 216 */ uint64 s7;
  /* 224 */ uint64 s8;
  /* 232 */ uint64 s9;
  /* 240 */ uint64 s10;
  /* 248 */ uint64 s11;
  /* 256 */ uint64 t3;
  /* 264 */ uint64 t4;
  /* 272 */ uint64 t5;
  /* 280 */ uint64 t6;
};

enum procstate { UNUSED, USED, SLEEPING, RUNNABLE, RUNNING, ZOMBIE };

struct proc;

// This hart's id (0..NCPU-1), kept in tp. Interrupts must be off, or the
// caller might move to another hart before using the answer.
static inline int
cpuid(void)
{
  return r_tp();
}

// This hart's struct cpu. Interrupts must be off.
static inline struct cpu*
mycpu(void)
{
  return &cpus[cpuid()];
}

// The process running on this hart, or 0 in the scheduler. Interrupts
// are off for the two instructions that read tp and cpus[tp].proc, so
// the process cannot move to another hart in between; csrrci/csrsi on
// sstatus.SIE (privileged spec 4.1.1) instead of push_off()/pop_off()
// because every trap and system call asks for it several times.
static inline struct proc*
myproc(void)
{
  uint64 old;
  asm volatile("csrrci %0, sstatus, 2" : "=r"(old) : : "memory");
  struct proc *p = cpus[r_tp()].proc;
  if(old & SSTATUS_SIE)
    asm volatile("csrsi sstatus, 2" : : : "memory");
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

  // wait_lock must be held when using this:
  struct proc *parent;

  // private to the process, so p->lock need not be held:
  uint64 kstack;               // virtual address of kernel stack
  uint64 sz;                   // size of process memory (bytes)
  pagetable_t pagetable;       // user page table
  struct trapframe *trapframe; // data page for trampoline.S
  struct context context;      // swtch() here to run process
  struct file *ofile[NOFILE];  // open files
  struct inode *cwd;           // current directory
  char name[16];               // program name, for messages
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
pagetable_t  proc_pagetable(struct proc *p);
void         proc_freepagetable(pagetable_t pagetable, uint64 sz);
void         proc_mapstacks(pagetable_t kpgtbl);

// kernel/exec.c
int          kexec(char *path, char **argv);

// kernel/swtch.S
void         swtch(struct context *old, struct context *new);

#endif
