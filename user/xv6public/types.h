// xv6-public's "types.h", for programs written for xv6 on x86 (the
// flat headers of this folder; docs/xv6-compat.md). Including it first,
// as every such program does, is what makes "user.h" declare xv6-public's
// API instead of xv6-riscv's: see user/user.h.
#ifndef COWOS_XV6PUBLIC_TYPES_H
#define COWOS_XV6PUBLIC_TYPES_H
#define COWOS_XV6PUBLIC 1
#include "kernel/types.h"

typedef uint pde_t;   // a page-directory entry (32 bits on x86)

#endif
