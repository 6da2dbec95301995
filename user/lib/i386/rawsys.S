# rawsys(num, a, b, c, d, e, f) and regcheck(num, arg, pattern): system
# calls with arbitrary numbers, arguments and registers, for fuzz
# (user/fuzz.c). As usys.S: number in %eax, arguments on the stack at
# %esp+4, %esp+8, ... when int $64 executes, result in %eax. Every
# argument is a uint64 (8 bytes on the cdecl stack); the low 32 bits are
# passed.

  .text
  .global rawsys
  .type rawsys, @function
rawsys:
  pushl %ebp
  movl %esp, %ebp       # num at 8(%ebp), a at 16, b 24, c 32, d 40, e 48, f 56
  pushl 56(%ebp)
  pushl 48(%ebp)
  pushl 40(%ebp)
  pushl 32(%ebp)
  pushl 24(%ebp)
  pushl 16(%ebp)
  pushl $0              # where a stub's return address would be
  movl 8(%ebp), %eax
  int $64
  cltd                  # the 64-bit result: %eax sign-extended into %edx
  movl %ebp, %esp
  popl %ebp
  ret
  .size rawsys, . - rawsys

# regcheck(num, arg, pattern): fill %ebx %ecx %edx %esi %edi %ebp with
# pattern, pattern + 1, ..., pattern + 5, make system call num(arg), and
# return how many of those six registers the kernel changed (0 unless the
# trap path loses user registers). For fuzz (user/fuzz.c).
  .text
  .global regcheck
  .type regcheck, @function
regcheck:
  pushl %ebx
  pushl %esi
  pushl %edi
  pushl %ebp            # num at 20(%esp), arg at 28, pattern at 36
  movl 20(%esp), %eax   # num
  movl 28(%esp), %ebx
  pushl %ebx            # the argument
  pushl $0              # where a stub's return address would be
  movl 44(%esp), %ebx   # pattern
  leal 1(%ebx), %ecx
  leal 2(%ebx), %edx
  leal 3(%ebx), %esi
  leal 4(%ebx), %edi
  leal 5(%ebx), %ebp
  int $64
  xorl %eax, %eax
  cmpl 44(%esp), %ebx
  jz 1f
  incl %eax
1:
  movl 44(%esp), %ebx   # pattern (%ebx was checked)
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
  addl $8, %esp
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
  pushl $0              # the argument of exit(0) and of wait(0),
  pushl $0              # above where a stub's return address would be
  movl $SYS_fork, %eax
  int $64
  testl %eax, %eax
  jnz 1f
  movl $SYS_exit, %eax  # child: exit(0)
  int $64
1:
  js 2f
  movl %eax, %ecx       # the kernel keeps every register but %eax
  movl $SYS_wait, %eax  # parent: wait(0)
  int $64
  movl %ecx, %eax
2:
  addl $8, %esp
  ret
  .size forkwait, . - forkwait

  .section .note.GNU-stack, "", @progbits
