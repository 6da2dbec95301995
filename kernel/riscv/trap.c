// Traps on RISC-V: system calls, device and timer interrupts, and faults,
// from user mode (usertrap) and from supervisor mode (kerneltrap). Page
// faults go to the portable pagefault() (kernel/fault.c); any other user
// exception kills only the faulting process. scause codes: RISC-V
// privileged spec table 4.2.
#include "types.h"
#include "param.h"
#include "machine.h"
#include "csr.h"
#include "board.h"
#include "spinlock.h"
#include "proc.h"
#include "fault.h"
#include "console.h"
#include "syscallarg.h"
#include "printf.h"
#include "arch.h"

extern char trampoline[], uservec[], userret[];
void kernelvec(void);

// trampoline.S reaches the trap frame at these: check them against C.
TRAPFRAME_CHECK();

// Check that the device tree gave the clock's rate (the tick lock is
// proc.c's). CPU 0, once. Panics without it.
void
trapinit(void)
{
  if(board.timebase < HZ)
    panic("trapinit: no timebase-frequency in the device tree");
}

// Take traps in kernelvec while in the kernel; let user mode read the
// `time` CSR (rdtime), as Linux does, and no other counter; turn the
// floating-point and vector units off, whatever the SBI firmware left
// (OpenSBI turns the FPU on), so that their instructions are illegal in
// user mode and kill the process: the kernel saves none of their
// registers across a switch. Take device (PLIC) and timer interrupts,
// the first tick 1/HZ s from now (board.timebase/HZ counts of `time`).
// Every hart. Facts: RISC-V privileged spec 4.1.1 (sstatus.FS, VS),
// 4.1.5 (scounteren).
void
trapinithart(void)
{
  w_stvec((uint64)kernelvec);
  w_sstatus(r_sstatus() & ~(SSTATUS_FS | SSTATUS_VS));
  w_scounteren(SCOUNTEREN_TM);
  w_sie(r_sie() | SIE_SEIE | SIE_STIE);
  sbi_set_timer(r_time() + board.timebase / HZ);
}

// A clock interrupt: count the tick (clocktick()) and ask for the next
// one 1/HZ s from now (board.timebase counts the `time` CSR makes in a
// second). Through the SBI firmware's set_timer, on every hart (sbi.c
// says why not the Sstc extension's stimecmp).
static void
clockintr(void)
{
  clocktick();
  sbi_set_timer(r_time() + board.timebase / HZ);
}

// Handle an interrupt if scause says there is one. Returns 2 for a clock
// interrupt, 1 for a device interrupt, 0 if scause is not an interrupt.
static int
devintr(void)
{
  uint64 scause = r_scause();

  if(scause == (SCAUSE_INTR | SCAUSE_SEI)){
    int irq = plic_claim();
    if(irq == 0)
      return 1;   // another hart claimed it
    if(irq == board.uart.irq)
      consoleintr();
    else if(!virtio_disk_intr(irq))
      printf("unexpected interrupt irq=%d\n", irq);
    plic_complete(irq);
    return 1;
  }
  if(scause == (SCAUSE_INTR | SCAUSE_STI)){
    clockintr();
    return 2;
  }
  return 0;
}

static const char*
causename(uint64 scause)
{
  switch(scause){
  case SCAUSE_INST_MISALIGNED:  return "misaligned instruction";
  case SCAUSE_INST_ACCESS:      return "instruction access fault";
  case SCAUSE_ILLEGAL:          return "illegal instruction";
  case SCAUSE_BREAKPOINT:       return "breakpoint";
  case SCAUSE_LOAD_MISALIGNED:  return "misaligned load";
  case SCAUSE_LOAD_ACCESS:      return "load access fault";
  case SCAUSE_STORE_MISALIGNED: return "misaligned store";
  case SCAUSE_STORE_ACCESS:     return "store access fault";
  case SCAUSE_INST_PAGE:        return "instruction page fault";
  case SCAUSE_LOAD_PAGE:        return "load page fault";
  case SCAUSE_STORE_PAGE:       return "store page fault";
  default:                      return "unknown exception";
  }
}

// Handle a trap from user mode: entered from uservec in trampoline.S
// with the kernel page table and the process's kernel stack.
void
usertrap(void)
{
  struct proc *p = myproc();
  int which_dev = 0;

  if((r_sstatus() & SSTATUS_SPP) != 0)
    panic("usertrap: not from user mode");

  // Traps taken now are the kernel's.
  w_stvec((uint64)kernelvec);
  p->trapframe->epc = r_sepc();

  // The store page fault first: a fork's child takes one per page it
  // writes (copy-on-write), so it is decoded before the interrupts.
  uint64 scause = r_scause();
  if(scause == SCAUSE_STORE_PAGE){
    pagefault(p, r_stval(), ACCESS_WRITE, p->trapframe->epc);
  } else if(scause == SCAUSE_ECALL_U){
    if(killed(p))
      kexit(-1);
    p->trapframe->epc += 4;   // return past the ecall
    intr_on();                // sepc, scause, sstatus are saved by now
    syscall();
  } else if((which_dev = devintr()) != 0){
    // handled
  } else if(scause == SCAUSE_LOAD_PAGE){
    pagefault(p, r_stval(), ACCESS_READ, p->trapframe->epc);
  } else if(scause == SCAUSE_INST_PAGE){
    pagefault(p, r_stval(), ACCESS_EXEC, p->trapframe->epc);
  } else {
    killfault(p, causename(scause), r_stval(), p->trapframe->epc);
  }

  if(killed(p))
    kexit(-1);
  if(which_dev == 2)
    yield();
  usertrapret();
}

// Return to user mode: point traps at uservec, fill in the kernel fields
// of the trap frame, and jump to userret in the trampoline, which
// switches to the user page table and executes sret.
void
usertrapret(void)
{
  struct proc *p = myproc();

  // Until sret, a trap would go to uservec with the wrong state.
  intr_off();
  w_stvec(TRAMPOLINE + (uservec - trampoline));

  p->trapframe->kernel_satp = r_satp();
  p->trapframe->kernel_sp = p->kstack + PGSIZE;
  p->trapframe->kernel_trap = (uint64)usertrap;
  p->trapframe->kernel_hartid = r_tp();

  // sret: to user mode (SPP=0), interrupts on there (SPIE=1).
  uint64 x = r_sstatus();
  x &= ~SSTATUS_SPP;
  x |= SSTATUS_SPIE;
  w_sstatus(x);
  w_sepc(p->trapframe->epc);

  uint64 satp = MAKE_SATP(p->pagetable);
  void (*ret)(uint64) = (void (*)(uint64))(TRAMPOLINE + (userret - trampoline));
  ret(satp);
  __builtin_unreachable();
}

// Handle an interrupt or exception taken in supervisor mode (kernelvec).
// Only interrupts are expected; any exception is a kernel bug.
void
kerneltrap(void)
{
  uint64 sepc = r_sepc();
  uint64 sstatus = r_sstatus();
  uint64 scause = r_scause();

  if((sstatus & SSTATUS_SPP) == 0)
    panic("kerneltrap: not from supervisor mode");
  if(intr_get() != 0)
    panic("kerneltrap: interrupts enabled");

  int which_dev = devintr();
  if(which_dev == 0){
    printf("scause 0x%llx (%s) sepc 0x%llx stval 0x%llx\n",
           scause, causename(scause), sepc, r_stval());
    panic("kerneltrap");
  }

  // Preempt the running process on a clock tick.
  if(which_dev == 2 && myproc() != 0)
    yield();

  // yield() may have taken traps that changed these.
  w_sepc(sepc);
  w_sstatus(sstatus);
}
