# System call stubs, xv6's x86 convention: each loads its number into
# %eax and traps with int $64 (T_SYSCALL); the kernel reads the arguments
# where the caller left them, on the stack above the stub's return address
# (%esp+4, %esp+8, ...), and returns the result in %eax. Every other
# register comes back as it was.
#include "kernel/syscall.h"

# SYSCALL name, number: define the global function `name`.
.macro SYSCALL name, num
  .text
  .global \name
  .type \name, @function
\name:
  movl $\num, %eax
  int $64
  ret
  .size \name, . - \name
.endm

#include "user/lib/syscalls.h"

  .section .note.GNU-stack, "", @progbits
