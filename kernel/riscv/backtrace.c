// The kernel's call chain, for panic (kernel/printf.c).
#include "types.h"
#include "machine.h"
#include "csr.h"
#include "printf.h"
#include "arch.h"

// Print the return addresses on this hart's kernel stack, innermost first,
// by following the frame-pointer chain (the kernel is built with
// -fno-omit-frame-pointer; RISC-V psABI: ra at fp-8, caller's fp at fp-16).
// Look the addresses up with addr2line -e build/riscv/kernel.elf.
void
backtrace(void)
{
  uint64 fp = r_fp();
  uint64 top = PGROUNDUP(fp);

  printf("backtrace:\n");
  while(fp > top - PGSIZE && fp <= top && (fp & 7) == 0){
    uint64 ra = *(uint64*)(fp - 8);
    printf("  %p\n", (void*)ra);
    fp = *(uint64*)(fp - 16);
  }
}
