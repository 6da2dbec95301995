// ELF executable format, the parts exec() reads, in the class the machine
// runs (ELF_CLASS in machine.h: 64 or 32). Field layout: the System V ABI
// (gABI), "ELF header" and "Program header" chapters. The two classes
// differ in the width of addresses and offsets, and the program header
// also in field order (ELF64 puts p_flags second, ELF32 seventh); the
// field names here are the same for both.
#ifndef COWOS_ELF_H
#define COWOS_ELF_H
#include "types.h"
#include "machine.h"

#define ELF_MAGIC 0x464C457FU   // "\x7FELF" as a little-endian word

// e_ident[EI_CLASS], counted in elf[] (after the 4 magic bytes):
// ELFCLASS32 = 1, ELFCLASS64 = 2.
#define ELF_CLASS_BYTE 0
#define ELF_CLASS_VALUE (ELF_CLASS == 64 ? 2 : 1)

#if ELF_CLASS == 64
typedef uint64 elfaddr;
#else
typedef uint32 elfaddr;
#endif

struct elfhdr {
  uint magic;
  uchar elf[12];
  ushort type;
  ushort machine;
  uint version;
  elfaddr entry;
  elfaddr phoff;
  elfaddr shoff;
  uint flags;
  ushort ehsize;
  ushort phentsize;
  ushort phnum;
  ushort shentsize;
  ushort shnum;
  ushort shstrndx;
};

#if ELF_CLASS == 64
struct proghdr {
  uint32 type;
  uint32 flags;
  uint64 off;
  uint64 vaddr;
  uint64 paddr;
  uint64 filesz;
  uint64 memsz;
  uint64 align;
};
#else
struct proghdr {
  uint32 type;
  uint32 off;
  uint32 vaddr;
  uint32 paddr;
  uint32 filesz;
  uint32 memsz;
  uint32 flags;
  uint32 align;
};
#endif

// e_machine values (gABI): what ELF_MACHINE may be.
#define EM_386    3
#define EM_RISCV  243

#define ELF_PROG_LOAD   1

#define ELF_PROG_FLAG_EXEC   1
#define ELF_PROG_FLAG_WRITE  2
#define ELF_PROG_FLAG_READ   4

#endif
