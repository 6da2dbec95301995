# swtch(old, new): save the callee-saved registers (System V i386 ABI:
# %ebx %esi %edi %ebp), the stack pointer and the return address in
# *old (struct context, kernel/i386/machine.h), load them from *new, and
# continue where new left off, as if its swtch() call had returned (or,
# for a new thread, as if context_init's fn had just been called).
#define CTX_ESP 0
#define CTX_EBX 4
#define CTX_ESI 8
#define CTX_EDI 12
#define CTX_EBP 16
#define CTX_EIP 20

        .text
        .globl swtch
swtch:
        movl 4(%esp), %eax      # old
        movl 8(%esp), %edx      # new
        popl %ecx               # return address; %esp is now the caller's
        movl %ecx, CTX_EIP(%eax)
        movl %esp, CTX_ESP(%eax)
        movl %ebx, CTX_EBX(%eax)
        movl %esi, CTX_ESI(%eax)
        movl %edi, CTX_EDI(%eax)
        movl %ebp, CTX_EBP(%eax)

        movl CTX_ESP(%edx), %esp
        movl CTX_EBX(%edx), %ebx
        movl CTX_ESI(%edx), %esi
        movl CTX_EDI(%edx), %edi
        movl CTX_EBP(%edx), %ebp
        jmp *CTX_EIP(%edx)

        .section .note.GNU-stack, "", @progbits
