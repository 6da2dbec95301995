// The trap frame: what the CPU and the vector stubs (kernel/i386/trapvec.S)
// push on a trap, lowest address first. For a trap from user mode the CPU
// pushes on the stack that TSS.esp0 names, which usertrapret() points at
// the kstacktop field of the process's trap-frame page, so the user
// registers land in p->trapframe itself; traps in kernel mode push the
// same frame, without esp, ss and kstacktop, on the current kernel stack.
// The assembler uses the TF_* byte offsets; trap.c checks each against
// the C struct. Facts: Intel SDM vol. 3, 6.12.1 (stack on an interrupt
// with and without a privilege change), vol. 2 (PUSHA order).
#ifndef COWOS_I386_TRAPFRAME_H
#define COWOS_I386_TRAPFRAME_H

#define TF_EDI        0
#define TF_ESI        4
#define TF_EBP        8
#define TF_OESP      12
#define TF_EBX       16
#define TF_EDX       20
#define TF_ECX       24
#define TF_EAX       28
#define TF_GS        32
#define TF_FS        36
#define TF_ES        40
#define TF_DS        44
#define TF_TRAPNO    48
#define TF_ERR       52
#define TF_EIP       56
#define TF_CS        60
#define TF_EFLAGS    64
#define TF_ESP       68
#define TF_SS        72
#define TF_KSTACKTOP 76
#define TF_SIZE      80

#ifndef __ASSEMBLER__
struct trapframe {
  // pushal
  uint32 edi;
  uint32 esi;
  uint32 ebp;
  uint32 oesp;        // %esp before pushal: ignored by popal
  uint32 ebx;
  uint32 edx;
  uint32 ecx;
  uint32 eax;
  // the vector stub and alltraps
  uint32 gs;
  uint32 fs;
  uint32 es;
  uint32 ds;
  uint32 trapno;
  uint32 err;         // the CPU's error code, or 0
  // the CPU
  uint32 eip;
  uint32 cs;
  uint32 eflags;
  uint32 esp;         // only from user mode
  uint32 ss;          // only from user mode
  // TSS.esp0 points here: the top of the process's kernel stack, where
  // alltraps moves to after a trap from user mode (set by usertrapret).
  uint32 kstacktop;
};

// Every TF_* offset against the struct (checked where the struct is used).
#define TF_CHECK(f, off) \
  _Static_assert(__builtin_offsetof(struct trapframe, f) == (off), #off)
#define TRAPFRAME_CHECK() \
  TF_CHECK(edi, TF_EDI); TF_CHECK(esi, TF_ESI); TF_CHECK(ebp, TF_EBP); \
  TF_CHECK(oesp, TF_OESP); TF_CHECK(ebx, TF_EBX); TF_CHECK(edx, TF_EDX); \
  TF_CHECK(ecx, TF_ECX); TF_CHECK(eax, TF_EAX); TF_CHECK(gs, TF_GS); \
  TF_CHECK(fs, TF_FS); TF_CHECK(es, TF_ES); TF_CHECK(ds, TF_DS); \
  TF_CHECK(trapno, TF_TRAPNO); TF_CHECK(err, TF_ERR); TF_CHECK(eip, TF_EIP); \
  TF_CHECK(cs, TF_CS); TF_CHECK(eflags, TF_EFLAGS); TF_CHECK(esp, TF_ESP); \
  TF_CHECK(ss, TF_SS); TF_CHECK(kstacktop, TF_KSTACKTOP); \
  _Static_assert(sizeof(struct trapframe) == TF_SIZE, "TF_SIZE")
#endif

#endif
