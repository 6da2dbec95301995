# rawsys(num, a, b, c, d, e, f) and regcheck(num, arg, pattern): system
# calls with arbitrary numbers and registers, for fuzz (user/fuzz.c). As
# usys.S: number in %eax, arguments in %ebx %ecx %edx %esi %edi %ebp,
# result in %eax. Every argument is a uint64 (8 bytes on the cdecl
# stack); the low 32 bits go in the register.

  .text
  .global rawsys
  .type rawsys, @function
rawsys:
  pushl %ebx
  pushl %esi
  pushl %edi
  pushl %ebp
  movl 20(%esp), %eax   # num
  movl 28(%esp), %ebx   # a
  movl 36(%esp), %ecx   # b
  movl 44(%esp), %edx   # c
  movl 52(%esp), %esi   # d
  movl 60(%esp), %edi   # e
  movl 68(%esp), %ebp   # f
  int $64
  cltd                  # the 64-bit result: %eax sign-extended into %edx
  popl %ebp
  popl %edi
  popl %esi
  popl %ebx
  ret
  .size rawsys, . - rawsys

# regcheck(num, arg, pattern): %ebx = arg, fill %ecx %edx %esi %edi %ebp
# with pattern + 1, + 2, ..., make system call num(arg), and return how
# many of those six registers the kernel changed (0 unless the trap path
# loses user registers). For fuzz (user/fuzz.c).
  .text
  .global regcheck
  .type regcheck, @function
regcheck:
  pushl %ebx
  pushl %esi
  pushl %edi
  pushl %ebp
  movl 20(%esp), %eax   # num
  movl 28(%esp), %ebx   # arg
  movl 36(%esp), %ebp   # pattern
  leal 1(%ebp), %ecx
  leal 2(%ebp), %edx
  leal 3(%ebp), %esi
  leal 4(%ebp), %edi
  addl $5, %ebp
  int $64
  xorl %eax, %eax
  cmpl 28(%esp), %ebx
  setne %al
  movl 36(%esp), %ebx   # pattern (%ebx is checked)
  incl %ebx
  cmpl %ebx, %ecx
  jz 1f
  incl %eax
1:
  incl %ebx
  cmpl %ebx, %edx
  jz 1f
  incl %eax
1:
  incl %ebx
  cmpl %ebx, %esi
  jz 1f
  incl %eax
1:
  incl %ebx
  cmpl %ebx, %edi
  jz 1f
  incl %eax
1:
  incl %ebx
  cmpl %ebx, %ebp
  jz 1f
  incl %eax
1:
  popl %ebp
  popl %edi
  popl %esi
  popl %ebx
  ret
  .size regcheck, . - regcheck

# forkwait(): fork(); the child exits 0 at once and the parent reaps it
# with wait(0), with no store to memory by either after the fork (so it
# works with no free page at all: a store to a shared page would need a
# COW copy). Returns the child's pid, or -1 if fork failed. For usertests.
#include "kernel/syscall.h"
  .text
  .global forkwait
  .type forkwait, @function
forkwait:
  pushl %ebx
  movl $SYS_fork, %eax
  int $64
  testl %eax, %eax
  jnz 1f
  xorl %ebx, %ebx       # child: exit(0)
  movl $SYS_exit, %eax
  int $64
1:
  js 2f
  movl %eax, %ecx       # the kernel keeps every register but %eax
  xorl %ebx, %ebx       # parent: wait(0)
  movl $SYS_wait, %eax
  int $64
  movl %ecx, %eax
2:
  popl %ebx
  ret
  .size forkwait, . - forkwait

  .section .note.GNU-stack, "", @progbits
