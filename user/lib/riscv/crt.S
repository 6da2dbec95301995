# Process entry point. exec starts a program here with argc in a0 and argv
# in a1; whatever main returns becomes the exit status.

  .section .text.entry
  .global _start
  .type _start, @function
_start:
  call main        # a0 = argc, a1 = argv, untouched since exec
  call exit        # a0 = main's return value; exit does not return
1:
  j 1b
  .size _start, . - _start
