# The machine's part of the system-call fuzzer (user/fuzz.c).

# fuzz_goodprog: the program op_goodexec writes into a file and execs,
# position-independent. It exits with status argc * 256 + argv[argc-1][0]
# (argc in a0, argv in a1, as exec starts a program), so its parent can
# tell that exec passed the arguments right. SYS_exit is 2 (fuzz.c checks).
  .section .rodata
  .balign 8
  .globl fuzz_goodprog, fuzz_goodprog_end
fuzz_goodprog:
  addi t2, a0, -1
  slli t2, t2, 3
  add t2, t2, a1
  ld t0, 0(t2)
  lbu t1, 0(t0)
  slli a0, a0, 8
  add a0, a0, t1
  li a7, 2
  ecall
fuzz_goodprog_end:

# fuzz_fault(n, addr): execute the n'th (0..5) of six instructions a user
# program may not: ebreak, an illegal instruction, a floating-point
# instruction (no FP for user programs), reading the cycle counter (not
# enabled), sret, and an atomic at addr (misaligned). Each kills the
# process; the function returns only if it did not.
  .text
  .globl fuzz_fault
  .type fuzz_fault, @function
fuzz_fault:
  beqz a0, 0f
  li t0, 1
  beq a0, t0, 1f
  li t0, 2
  beq a0, t0, 2f
  li t0, 3
  beq a0, t0, 3f
  li t0, 4
  beq a0, t0, 4f
  amoadd.w zero, zero, (a1)
  ret
0:
  ebreak
  ret
1:
  .word 0
  ret
2:
  fmv.d.x f1, zero
  ret
3:
  csrr t0, cycle
  ret
4:
  sret
  ret
  .size fuzz_fault, . - fuzz_fault
