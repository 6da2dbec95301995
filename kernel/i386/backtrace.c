// The kernel's call chain, for panic (kernel/printf.c).
#include "types.h"
#include "machine.h"
#include "x86.h"
#include "printf.h"
#include "arch.h"

// Print the return addresses on this CPU's kernel stack, innermost first,
// by following the frame-pointer chain (the kernel is built with
// -fno-omit-frame-pointer; System V i386 ABI: the caller's %ebp at
// (%ebp), the return address at 4(%ebp)). Stops at the end of the stack
// page or at a zero %ebp (entry.S clears it). Look the addresses up with
// i686-linux-gnu-addr2line -e build/i386/kernel.elf.
void
backtrace(void)
{
  uint32 fp = r_ebp();
  uint32 top = PGROUNDUP(fp);

  printf("backtrace:\n");
  while(fp > top - PGSIZE && fp + 8 <= top && (fp & 3) == 0){
    printf("  %p\n", (void*)*(uint32*)(fp + 4));
    fp = *(uint32*)fp;
  }
}
