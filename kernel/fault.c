// User memory as the kernel meets it: the page faults that a machine's
// trap handler passes on (pagefault), and the kernel's own copies to and
// from user memory (copyin, copyout, copyinstr). Both go through
// vmfault() in vm.c, so a copyout() to a copy-on-write page copies it as
// a user store would, and a lazy page is allocated on either path. This is
// the one file that joins the process (its page table and size) to the
// memory code, which knows nothing of processes.
#include "types.h"
#include "param.h"
#include "machine.h"
#include "spinlock.h"
#include "proc.h"
#include "vm.h"
#include "fault.h"
#include "printf.h"

// Kill p for a fault it cannot recover from, with the one line that says
// who (pid, program), why (cause), where (virtual address va and user pc).
// The process dies at its next return to user mode.
void
killfault(struct proc *p, const char *cause, uint64 va, uint64 pc)
{
  printf("pid %d (%s): killed: %s at va %p pc %p\n",
         p->pid, p->name, cause, (void*)(uintptr)va, (void*)(uintptr)pc);
  setkilled(p);
}

// A page fault from user mode in process p (the current process): an
// access (ACCESS_READ, ACCESS_WRITE or ACCESS_EXEC) to user virtual
// address va by the instruction at pc. A legal lazy-allocation or
// copy-on-write fault is repaired; anything else kills p with a line that
// names the cause (vmfault() in vm.c classifies it). Called by the
// machine's trap handler with interrupts off; may allocate a frame.
void
pagefault(struct proc *p, uint64 va, int access, uint64 pc)
{
  static const char *what[] = {
    [ACCESS_READ] "load page fault",
    [ACCESS_WRITE] "store page fault",
    [ACCESS_EXEC] "instruction page fault",
  };
  uint64 pa;

  // A fetch can fault too although every executable page is present from
  // exec on: through a leaf table that fork shared (a sealed entry).
  switch(vmfault(p->pagetable, va, access, p->sz, &pa)){
  case FAULT_OK:
    break;
  case FAULT_NOMEMLAZY:
    killfault(p, "out of memory on lazy fault", va, pc);
    break;
  case FAULT_NOMEMCOW:
    killfault(p, "out of memory on COW fault", va, pc);
    break;
  default:
    killfault(p, what[access], va, pc);
    break;
  }
}

// The size below which a missing page of pagetable may be allocated at
// first touch: the current process's size if pagetable is its own, else 0
// (exec's new image is fully present; nothing else is lazy).
static uint64
lazytop(pagetable_t pagetable)
{
  struct proc *p = myproc();
  return p != 0 && p->pagetable == pagetable ? p->sz : 0;
}

// Copy len bytes from kernel address src to user virtual address dstva
// in pagetable, breaking copy-on-write and allocating lazy pages as a
// user store would. Returns 0, or -1 if any byte is not writable by the
// user (then nothing is written to pages from that one on).
int
copyout(pagetable_t pagetable, uint64 dstva, char *src, uint64 len)
{
  return vmcopy(pagetable, lazytop(pagetable), dstva, src, len, VM_COPYOUT);
}

// Copy len bytes from user virtual address srcva in pagetable to kernel
// address dst. Returns 0, or -1 if any byte is not readable by the user.
int
copyin(pagetable_t pagetable, char *dst, uint64 srcva, uint64 len)
{
  return vmcopy(pagetable, lazytop(pagetable), srcva, dst, len, VM_COPYIN);
}

// Copy a NUL-terminated string from user virtual address srcva to dst,
// at most max bytes including the NUL. Returns 0, or -1 if the string
// is not readable or longer than max - 1.
int
copyinstr(pagetable_t pagetable, char *dst, uint64 srcva, uint64 max)
{
  return vmcopy(pagetable, lazytop(pagetable), srcva, dst, max, VM_COPYSTR);
}
