// xv6-public's "x86.h": x86 instructions (inb, outb, lcr3, ...) as inline
// functions, which are the kernel's own (kernel/i386/x86.h). In user
// mode the port I/O and control-register ones are privileged (IOPL 0, CPL
// 3), so each kills the process: cowos' tests use them to show that.
// i386 only.
#ifndef __i386__
#error "x86.h: x86 instructions, for ARCH=i386 only"
#endif
#include "kernel/i386/x86.h"
