# rawsys(num, a, b, c, d, e, f) and regcheck(num, arg, pattern): system calls
# with arbitrary numbers and registers, for fuzz (user/fuzz.c). As usys.S:
# number in a7, arguments in a0..a5, result in a0.

  .text
  .global rawsys
  .type rawsys, @function
rawsys:
  mv a7, a0
  mv a0, a1
  mv a1, a2
  mv a2, a3
  mv a3, a4
  mv a4, a5
  mv a5, a6
  ecall
  ret
  .size rawsys, . - rawsys

# regcheck(num, arg, pattern): fill gp, tp, t0-t5, s1-s11 and a1-a6 with
# pattern + 1, + 2, ... and t6 with pattern, make system call num(arg),
# and return how many of those registers the kernel changed (0 unless the
# trap path loses user registers). For fuzz (user/fuzz.c).
  .text
  .global regcheck
  .type regcheck, @function
regcheck:
  addi sp, sp, -128
  sd ra, 0(sp)
  sd s0, 8(sp)
  sd s1, 16(sp)
  sd s2, 24(sp)
  sd s3, 32(sp)
  sd s4, 40(sp)
  sd s5, 48(sp)
  sd s6, 56(sp)
  sd s7, 64(sp)
  sd s8, 72(sp)
  sd s9, 80(sp)
  sd s10, 88(sp)
  sd s11, 96(sp)
  sd gp, 104(sp)
  sd tp, 112(sp)
  mv a7, a0
  mv a0, a1
  mv t6, a2
  addi gp, t6, 1
  addi tp, t6, 2
  addi t0, t6, 3
  addi t1, t6, 4
  addi t2, t6, 5
  addi t3, t6, 6
  addi t4, t6, 7
  addi t5, t6, 8
  addi s1, t6, 9
  addi s2, t6, 10
  addi s3, t6, 11
  addi s4, t6, 12
  addi s5, t6, 13
  addi s6, t6, 14
  addi s7, t6, 15
  addi s8, t6, 16
  addi s9, t6, 17
  addi s10, t6, 18
  addi s11, t6, 19
  addi a1, t6, 20
  addi a2, t6, 21
  addi a3, t6, 22
  addi a4, t6, 23
  addi a5, t6, 24
  addi a6, t6, 25
  ecall
  li a0, 0
  addi a7, t6, 1
  sub a7, gp, a7
  snez a7, a7
  add a0, a0, a7
  addi a7, t6, 2
  sub a7, tp, a7
  snez a7, a7
  add a0, a0, a7
  addi a7, t6, 3
  sub a7, t0, a7
  snez a7, a7
  add a0, a0, a7
  addi a7, t6, 4
  sub a7, t1, a7
  snez a7, a7
  add a0, a0, a7
  addi a7, t6, 5
  sub a7, t2, a7
  snez a7, a7
  add a0, a0, a7
  addi a7, t6, 6
  sub a7, t3, a7
  snez a7, a7
  add a0, a0, a7
  addi a7, t6, 7
  sub a7, t4, a7
  snez a7, a7
  add a0, a0, a7
  addi a7, t6, 8
  sub a7, t5, a7
  snez a7, a7
  add a0, a0, a7
  addi a7, t6, 9
  sub a7, s1, a7
  snez a7, a7
  add a0, a0, a7
  addi a7, t6, 10
  sub a7, s2, a7
  snez a7, a7
  add a0, a0, a7
  addi a7, t6, 11
  sub a7, s3, a7
  snez a7, a7
  add a0, a0, a7
  addi a7, t6, 12
  sub a7, s4, a7
  snez a7, a7
  add a0, a0, a7
  addi a7, t6, 13
  sub a7, s5, a7
  snez a7, a7
  add a0, a0, a7
  addi a7, t6, 14
  sub a7, s6, a7
  snez a7, a7
  add a0, a0, a7
  addi a7, t6, 15
  sub a7, s7, a7
  snez a7, a7
  add a0, a0, a7
  addi a7, t6, 16
  sub a7, s8, a7
  snez a7, a7
  add a0, a0, a7
  addi a7, t6, 17
  sub a7, s9, a7
  snez a7, a7
  add a0, a0, a7
  addi a7, t6, 18
  sub a7, s10, a7
  snez a7, a7
  add a0, a0, a7
  addi a7, t6, 19
  sub a7, s11, a7
  snez a7, a7
  add a0, a0, a7
  addi a7, t6, 20
  sub a7, a1, a7
  snez a7, a7
  add a0, a0, a7
  addi a7, t6, 21
  sub a7, a2, a7
  snez a7, a7
  add a0, a0, a7
  addi a7, t6, 22
  sub a7, a3, a7
  snez a7, a7
  add a0, a0, a7
  addi a7, t6, 23
  sub a7, a4, a7
  snez a7, a7
  add a0, a0, a7
  addi a7, t6, 24
  sub a7, a5, a7
  snez a7, a7
  add a0, a0, a7
  addi a7, t6, 25
  sub a7, a6, a7
  snez a7, a7
  add a0, a0, a7
  ld s1, 16(sp)
  ld s2, 24(sp)
  ld s3, 32(sp)
  ld s4, 40(sp)
  ld s5, 48(sp)
  ld s6, 56(sp)
  ld s7, 64(sp)
  ld s8, 72(sp)
  ld s9, 80(sp)
  ld s10, 88(sp)
  ld s11, 96(sp)
  ld gp, 104(sp)
  ld tp, 112(sp)
  ld ra, 0(sp)
  ld s0, 8(sp)
  addi sp, sp, 128
  ret
  .size regcheck, . - regcheck

# forkwait(): fork(); the child exits 0 at once and the parent reaps it
# with wait(0), with no store to memory by either in between (so it works
# with no free page at all: a store to a shared page would need a COW
# copy). Returns the child's pid, or -1 if fork failed. For usertests.
#include "kernel/syscall.h"
  .text
  .global forkwait
  .type forkwait, @function
forkwait:
  li a7, SYS_fork
  ecall
  bnez a0, 1f
  li a7, SYS_exit       # child: exit(0); a0 is 0 already
  ecall
1:
  bltz a0, 2f
  mv t0, a0             # the kernel keeps every register but a0
  li a7, SYS_wait       # parent: wait(0)
  li a0, 0
  ecall
  mv a0, t0
2:
  ret
  .size forkwait, . - forkwait
