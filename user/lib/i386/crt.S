# Process entry point. exec starts a program here with argc in %eax, argv
# in %ecx and %esp just below the argument strings; whatever main returns
# becomes the exit status.

  .section .text.entry
  .global _start
  .type _start, @function
_start:
  xorl %ebp, %ebp      # the outermost frame
  andl $-16, %esp      # cdecl: %esp 16-byte aligned at each call
  subl $8, %esp
  pushl %ecx           # argv
  pushl %eax           # argc
  call main
  movl %eax, (%esp)    # main's return value
  call exit            # does not return
1:
  jmp 1b
  .size _start, . - _start

  .section .note.GNU-stack, "", @progbits
