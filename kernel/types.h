// Fixed-width integer names shared by the kernel, mkfs and user programs.
#ifndef COWOS_TYPES_H
#define COWOS_TYPES_H

typedef unsigned int   uint;
typedef unsigned short ushort;
typedef unsigned char  uchar;

typedef unsigned char  uint8;
typedef unsigned short uint16;
typedef unsigned int   uint32;

// 64 bits on every machine. The kernel spells it long long everywhere,
// so one printf format (%llu) fits it on 32- and 64-bit machines alike;
// user programs and mkfs on a 64-bit machine keep xv6's unsigned long,
// so that xv6 programs' %lu formats match (the two have the same size and
// calling convention there).
#if defined(KERNEL) || __SIZEOF_LONG__ != 8
typedef unsigned long long uint64;
#else
typedef unsigned long uint64;
#endif

// An unsigned integer as wide as a pointer: unsigned long, which is on
// every machine cowos builds for or on (ILP32 and LP64), so that %lx and
// %lu print it everywhere.
typedef unsigned long uintptr;
_Static_assert(sizeof(uintptr) == sizeof(void*), "uintptr is not as wide as a pointer");

#endif
