// Traps: system calls, device and timer interrupts, and faults, from user
// mode (usertrap) and from supervisor mode (kerneltrap). A user fault that
// is not a legal copy-on-write or lazy-allocation fault kills only the
// faulting process. scause codes: RISC-V privileged spec table 4.2.
#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "riscv.h"
#include "spinlock.h"
#include "proc.h"
#include "trap.h"
#include "vm.h"
#include "console.h"
#include "virtio.h"
#include "syscallarg.h"
#include "printf.h"

struct spinlock tickslock;
uint ticks;

extern char trampoline[], uservec[], userret[];
void kernelvec(void);

_Static_assert(TRAPFRAME == 0x3fffffe000L, "trampoline.S hard-codes TRAPFRAME");

// Set up the tick lock. Hart 0, once.
void
trapinit(void)
{
  initlock(&tickslock, "time");
}

// Take traps in kernelvec while in the kernel; let user mode read the
// `time` CSR (rdtime), as Linux does. Every hart.
void
trapinithart(void)
{
  w_stvec((uint64)kernelvec);
  w_scounteren(r_scounteren() | MCOUNTEREN_TM);
}

// A clock interrupt: count a tick (hart 0 only, so ticks track time),
// and ask for the next one TICK_TIME from now.
static void
clockintr(void)
{
  if(cpuid() == 0){
    acquire(&tickslock);
    ticks++;
    wakeup(&ticks);
    release(&tickslock);
  }
  w_stimecmp(r_time() + TICK_TIME);
}

// Handle an interrupt if scause says there is one. Returns 2 for a clock
// interrupt, 1 for a device interrupt, 0 if scause is not an interrupt.
static int
devintr(void)
{
  uint64 scause = r_scause();

  if(scause == (SCAUSE_INTR | SCAUSE_SEI)){
    int irq = plic_claim();
    if(irq == UART0_IRQ)
      uartintr();
    else if(irq == VIRTIO0_IRQ)
      virtio_disk_intr();
    else if(irq)
      printf("unexpected interrupt irq=%d\n", irq);
    if(irq)
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

// Kill p for a fault it cannot recover from, with the one line that says
// who, why, where.
static void
killfault(struct proc *p, const char *cause, uint64 addr, uint64 pc)
{
  printf("pid %d (%s): killed: %s at va %p pc %p\n",
         p->pid, p->name, cause, (void*)addr, (void*)pc);
  setkilled(p);
}

// A page fault from user mode: a legal lazy-allocation or copy-on-write
// fault is repaired; anything else kills the process.
static void
pagefault(struct proc *p, uint64 scause)
{
  uint64 va = r_stval(), pa;
  uint64 pc = p->trapframe->epc;

  if(scause == SCAUSE_INST_PAGE){
    killfault(p, causename(scause), va, pc);
    return;
  }
  int r = vmfault(p->pagetable, va, scause == SCAUSE_STORE_PAGE, &pa);
  if(r == FAULT_BAD){
    killfault(p, causename(scause), va, pc);
  } else if(r == FAULT_NOMEM){
    pte_t *pte = walk(p->pagetable, va, 0);
    int cow = pte && (*pte & PTE_V) && (*pte & PTE_COW);
    killfault(p, cow ? "out of memory on COW fault" : "out of memory on lazy fault",
              va, pc);
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

  uint64 scause = r_scause();
  if(scause == SCAUSE_ECALL_U){
    if(killed(p))
      kexit(-1);
    p->trapframe->epc += 4;   // return past the ecall
    intr_on();                // sepc, scause, sstatus are saved by now
    syscall();
  } else if((which_dev = devintr()) != 0){
    // handled
  } else if(scause == SCAUSE_LOAD_PAGE || scause == SCAUSE_STORE_PAGE ||
            scause == SCAUSE_INST_PAGE){
    pagefault(p, scause);
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
    printf("scause 0x%lx (%s) sepc 0x%lx stval 0x%lx\n",
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
