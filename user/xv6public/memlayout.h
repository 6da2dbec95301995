// xv6-public's "memlayout.h": KERNBASE (0x80000000, where the kernel's
// addresses begin and user memory ends on i386) and the rest of cowos'
// user-visible layout (kernel/memlayout.h).
#include "kernel/memlayout.h"
