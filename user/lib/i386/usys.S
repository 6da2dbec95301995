# System call stubs: each loads up to six arguments from its C stack
# (cdecl) into %ebx %ecx %edx %esi %edi %ebp, its number into %eax, and
# traps with int $64 (T_SYSCALL); the kernel returns the result in %eax.
# The callee-saved registers it borrows are restored.
#include "kernel/syscall.h"

# SYSCALL name, number: define the global function `name`.
.macro SYSCALL name, num
  .text
  .global \name
  .type \name, @function
\name:
  pushl %ebx
  pushl %esi
  pushl %edi
  pushl %ebp
  movl 20(%esp), %ebx
  movl 24(%esp), %ecx
  movl 28(%esp), %edx
  movl 32(%esp), %esi
  movl 36(%esp), %edi
  movl 40(%esp), %ebp
  movl $\num, %eax
  int $64
  popl %ebp
  popl %edi
  popl %esi
  popl %ebx
  ret
  .size \name, . - \name
.endm

#include "user/lib/syscalls.h"

  .section .note.GNU-stack, "", @progbits
