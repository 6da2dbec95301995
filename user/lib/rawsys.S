# rawsys(num, a, b, c, d, e, f): system call num with six arguments, whatever
# they hold (fuzz's garbage numbers and garbage upper halves). As usys.S:
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
