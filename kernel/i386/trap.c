// Traps on i386: system calls (int $64), device and timer interrupts, and
// exceptions, from user mode (usertrap) and from kernel mode
// (kerneltrap). Page faults go to the portable pagefault()
// (kernel/fault.c) with %cr2 and the error code's write bit; any other
// user exception kills only the faulting process. Vectors: Intel SDM
// vol. 3, 6.3.1 (table 6-1); gates: 6.11; the page-fault error code:
// 4.7.
#include "types.h"
#include "param.h"
#include "machine.h"
#include "x86.h"
#include "pc.h"
#include "spinlock.h"
#include "proc.h"
#include "fault.h"
#include "console.h"
#include "syscallarg.h"
#include "printf.h"
#include "arch.h"

TRAPFRAME_CHECK();

extern char vectors[];     // trapvec.S: 256 stubs, 16 bytes apart
#define VECSIZE 16

static uint64 idt[256];

// An interrupt gate (SDM vol. 3, 6.11, figure 6-2) to handler, for
// privilege level dpl and above: interrupts are off on entry.
static uint64
gate(uint32 handler, int dpl)
{
  return (handler & 0xFFFF) | ((uint64)KCODE_SEL << 16) |
    ((uint64)(0x80 | (dpl << 5) | STS_IG32) << 40) |
    ((uint64)(handler >> 16) << 48);
}

// Fill the IDT: every vector to its stub; only T_SYSCALL may be raised
// by user mode with int (elsewhere int n from user mode is a general
// protection fault). CPU 0, once.
void
trapinit(void)
{
  for(int i = 0; i < 256; i++)
    idt[i] = gate((uintptr)vectors + i * VECSIZE, i == T_SYSCALL ? DPL_USER : 0);
}

// Load the IDT on this CPU. Every CPU.
void
trapinithart(void)
{
  lidt(idt, sizeof(idt));
}

// Mask the two 8259 PICs (their data ports, 0x21 and 0xA1: every IRQ
// masked) and route COM1, the keyboard and the IDE disk through the I/O
// APIC to CPU 0.
// CPU 0, once.
void
irqinit(void)
{
  outb(0x21, 0xFF);
  outb(0xA1, 0xFF);
  ioapicinit();
  ioapicenable(IRQ_COM1, 0);
  ioapicenable(IRQ_KBD, 0);
  ioapicenable(IRQ_IDE, 0);
}

// Enable this CPU's local APIC and its 10 ms timer. Every CPU.
void
irqinithart(void)
{
  lapicinit();
}

static const char*
trapname(int trapno)
{
  switch(trapno){
  case T_DIVIDE:  return "divide error";
  case T_DEBUG:   return "debug exception";
  case T_NMI:     return "non-maskable interrupt";
  case T_BRKPT:   return "breakpoint";
  case T_OFLOW:   return "overflow";
  case T_BOUND:   return "bound range exceeded";
  case T_ILLOP:   return "illegal instruction";
  case T_DEVICE:  return "device not available";
  case T_DBLFLT:  return "double fault";
  case T_TSS:     return "invalid TSS";
  case T_SEGNP:   return "segment not present";
  case T_STACK:   return "stack fault";
  case T_GPFLT:   return "general protection fault";
  case T_PGFLT:   return "page fault";
  case T_FPERR:   return "x87 floating-point error";
  case T_ALIGN:   return "alignment check";
  case T_MCHK:    return "machine check";
  case T_SIMDERR: return "SIMD floating-point exception";
  default:        return "unknown trap";
  }
}

// Handle a device or timer interrupt at vector trapno. Returns 2 for the
// clock, 1 for another interrupt, 0 if trapno is not an interrupt.
static int
devintr(int trapno)
{
  switch(trapno){
  case T_TIMER:
    clocktick();
    lapiceoi();
    return 2;
  case T_IRQ0 + IRQ_COM1:
    consoleintr();
    lapiceoi();
    return 1;
  case T_IRQ0 + IRQ_KBD:
    kbdintr();
    lapiceoi();
    return 1;
  case T_IRQ0 + IRQ_IDE:
    ideintr();
    lapiceoi();
    return 1;
  case T_SPURIOUS:
    return 1;        // no EOI for a spurious interrupt (SDM vol. 3, 10.9)
  case T_LAPICERR:
    lapiceoi();
    return 1;
  }
  if(trapno >= T_IRQ0 && trapno < T_SYSCALL){
    printf("unexpected interrupt vector %d\n", trapno);
    lapiceoi();
    return 1;
  }
  return 0;
}

// Handle a trap from user mode: entered from alltraps (trapvec.S) on the
// process's kernel stack, with interrupts off and tf == p->trapframe.
// Moves to the kernel's page directory first, as RISC-V's trampoline
// does, so that exec and exit may free the process's directory. Never
// returns: leaves through usertrapret().
void
usertrap(struct trapframe *tf)
{
  lcr3(V2P(kernel_pagetable));
  struct proc *p = myproc();
  int which_dev = 0;

  // The page fault first: a fork's child takes one per page it writes
  // (copy-on-write), so it is decoded before the interrupts.
  if(tf->trapno == T_PGFLT){
    pagefault(p, rcr2(), (tf->err & PF_WRITE) ? ACCESS_WRITE : ACCESS_READ, tf->eip);
  } else if(tf->trapno == T_SYSCALL){
    if(killed(p))
      kexit(-1);
    intr_on();
    syscall();
  } else if((which_dev = devintr(tf->trapno)) != 0){
    // handled
  } else {
    killfault(p, trapname(tf->trapno), 0, tf->eip);
  }

  if(killed(p))
    kexit(-1);
  if(which_dev == 2)
    yield();
  usertrapret();
}

// Return to user mode in the current process: point this CPU's TSS.esp0
// at the process's trap frame, so the next trap saves the user registers
// there, load the process's page directory, and restore the registers
// from the trap frame (userret in trapvec.S).
void
usertrapret(void)
{
  struct proc *p = myproc();

  intr_off();
  struct pcpu *c = &pcpus[cpuid()];
  p->trapframe->kstacktop = p->kstack + PGSIZE;
  c->ts.esp0 = (uintptr)&p->trapframe->kstacktop;
  lcr3(V2P(p->pagetable));
  userret(p->trapframe);
}

// Start a user program (exec): eip at entry, esp at sp (user virtual
// addresses), %ecx = argv; user code and data segments, interrupts on.
// The other registers keep what they held.
void
tf_setexec(struct trapframe *tf, uint64 entry, uint64 sp, uint64 argv)
{
  tf->eip = entry;
  tf->esp = sp;
  tf->ecx = argv;
  tf->cs = UCODE_SEL;
  tf->ds = tf->es = tf->fs = tf->gs = tf->ss = UDATA_SEL;
  tf->eflags = EFLAGS_IF;
}

// Copy the first n (at most TF_NARGS) system call arguments of trap frame
// tf to args[0..n-1], each a 32-bit word zero-extended: xv6's convention
// puts them on the user stack at %esp+4, %esp+8, ... (above the return
// address of the stub that executed int $64). They are read through user
// page table pt as copyin() reads any user memory. Returns 0, or -1 if
// any of the n words is not readable user memory (an unmapped or kernel
// %esp); then the call must fail.
int
tf_args(struct trapframe *tf, pagetable_t pt, uint64 *args, int n)
{
  uint32 w[TF_NARGS];

  if(n > 0 && copyin(pt, (char*)w, (uint64)tf->esp + 4, n * sizeof(w[0])) < 0)
    return -1;
  for(int i = 0; i < n; i++)
    args[i] = w[i];
  return 0;
}

// Handle an interrupt or exception taken in kernel mode (alltraps), on
// the current kernel stack. Only interrupts are expected; any exception
// is a kernel bug.
void
kerneltrap(struct trapframe *tf)
{
  int which_dev = devintr(tf->trapno);
  if(which_dev == 0){
    printf("trap %d (%s) err 0x%x eip 0x%x cr2 0x%x cpu %d\n", tf->trapno,
           trapname(tf->trapno), tf->err, tf->eip, rcr2(), cpuid());
    panic("kerneltrap");
  }

  // Preempt the running process on a clock tick.
  if(which_dev == 2 && myproc() != 0)
    yield();
}
