# The machine's part of the system-call fuzzer (user/fuzz.c).

# fuzz_goodprog: the program op_goodexec writes into a file and execs,
# position-independent. It exits with status argc * 256 + argv[argc-1][0]
# (argc in %eax, argv in %ecx, as exec starts a program), so its parent
# can tell that exec passed the arguments right. SYS_exit is 2 (fuzz.c
# checks).
  .section .rodata
  .balign 8
  .globl fuzz_goodprog, fuzz_goodprog_end
fuzz_goodprog:
  movl -4(%ecx,%eax,4), %edx
  movzbl (%edx), %edx
  shll $8, %eax
  addl %edx, %eax
  pushl %eax            # exit's argument,
  pushl %eax            # above where a stub's return address would be
  movl $2, %eax
  int $64
fuzz_goodprog_end:

# fuzz_fault(n, addr): execute the n'th (0..5) of six instructions a user
# program may not: int3 (its gate is the kernel's: a general protection
# fault), ud2 (illegal), an x87 instruction (no FPU for user programs:
# CR0.EM is set), rdpmc (CR4.PCE clear), hlt (privileged), and lgdt from
# addr (privileged). Each kills the process: the function returns only
# when the process survived. Intel SDM vol. 2 for each instruction's faults.
  .text
  .globl fuzz_fault
  .type fuzz_fault, @function
fuzz_fault:
  movl 4(%esp), %eax
  movl 8(%esp), %edx
  cmpl $0, %eax
  je 0f
  cmpl $1, %eax
  je 1f
  cmpl $2, %eax
  je 2f
  cmpl $3, %eax
  je 3f
  cmpl $4, %eax
  je 4f
  lgdt (%edx)
  ret
0:
  int3
  ret
1:
  ud2
  ret
2:
  fldz
  ret
3:
  xorl %ecx, %ecx
  rdpmc
  ret
4:
  hlt
  ret
  .size fuzz_fault, . - fuzz_fault

  .section .note.GNU-stack, "", @progbits
