# System call stubs: each puts its number in a7 and traps with ecall; the
# arguments are already in a0..a5 and the kernel returns the result in a0.
#include "kernel/syscall.h"

# SYSCALL name, number: define the global function `name`.
.macro SYSCALL name, num
  .text
  .global \name
  .type \name, @function
\name:
  li a7, \num
  ecall
  ret
  .size \name, . - \name
.endm

#include "user/lib/syscalls.h"
