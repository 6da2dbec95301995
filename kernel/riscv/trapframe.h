// The trap frame: one page per process, mapped at TRAPFRAME just below the
// trampoline, where uservec (kernel/riscv/trampoline.S) saves every user
// register and finds what it needs to enter the kernel. The assembler uses
// the TF_* byte offsets; trap.c checks each against the C struct, so the
// two cannot drift apart.
#ifndef COWOS_RISCV_TRAPFRAME_H
#define COWOS_RISCV_TRAPFRAME_H

#define TF_KERNEL_SATP     0
#define TF_KERNEL_SP       8
#define TF_KERNEL_TRAP    16
#define TF_EPC            24
#define TF_KERNEL_HARTID  32
#define TF_RA             40
#define TF_SP             48
#define TF_GP             56
#define TF_TP             64
#define TF_T0             72
#define TF_T1             80
#define TF_T2             88
#define TF_S0             96
#define TF_S1            104
#define TF_A0            112
#define TF_A1            120
#define TF_A2            128
#define TF_A3            136
#define TF_A4            144
#define TF_A5            152
#define TF_A6            160
#define TF_A7            168
#define TF_S2            176
#define TF_S3            184
#define TF_S4            192
#define TF_S5            200
#define TF_S6            208
#define TF_S7            216
#define TF_S8            224
#define TF_S9            232
#define TF_S10           240
#define TF_S11           248
#define TF_T3            256
#define TF_T4            264
#define TF_T5            272
#define TF_T6            280
#define TF_SIZE 288

#ifndef __ASSEMBLER__
struct trapframe {
  uint64 kernel_satp;   // kernel page table (satp value)
  uint64 kernel_sp;   // top of the process's kernel stack
  uint64 kernel_trap;   // usertrap()
  uint64 epc;   // saved user program counter
  uint64 kernel_hartid;   // the kernel's tp: the CPU number (cpuid())
  uint64 ra;
  uint64 sp;
  uint64 gp;
  uint64 tp;
  uint64 t0;
  uint64 t1;
  uint64 t2;
  uint64 s0;
  uint64 s1;
  uint64 a0;
  uint64 a1;
  uint64 a2;
  uint64 a3;
  uint64 a4;
  uint64 a5;
  uint64 a6;
  uint64 a7;
  uint64 s2;
  uint64 s3;
  uint64 s4;
  uint64 s5;
  uint64 s6;
  uint64 s7;
  uint64 s8;
  uint64 s9;
  uint64 s10;
  uint64 s11;
  uint64 t3;
  uint64 t4;
  uint64 t5;
  uint64 t6;
};

// Every TF_* offset against the struct (checked where the struct is used).
#define TRAPFRAME_CHECK() \
  _Static_assert(__builtin_offsetof(struct trapframe, kernel_satp) == TF_KERNEL_SATP, "TF_KERNEL_SATP"); \
  _Static_assert(__builtin_offsetof(struct trapframe, kernel_sp) == TF_KERNEL_SP, "TF_KERNEL_SP"); \
  _Static_assert(__builtin_offsetof(struct trapframe, kernel_trap) == TF_KERNEL_TRAP, "TF_KERNEL_TRAP"); \
  _Static_assert(__builtin_offsetof(struct trapframe, epc) == TF_EPC, "TF_EPC"); \
  _Static_assert(__builtin_offsetof(struct trapframe, kernel_hartid) == TF_KERNEL_HARTID, "TF_KERNEL_HARTID"); \
  _Static_assert(__builtin_offsetof(struct trapframe, ra) == TF_RA, "TF_RA"); \
  _Static_assert(__builtin_offsetof(struct trapframe, sp) == TF_SP, "TF_SP"); \
  _Static_assert(__builtin_offsetof(struct trapframe, gp) == TF_GP, "TF_GP"); \
  _Static_assert(__builtin_offsetof(struct trapframe, tp) == TF_TP, "TF_TP"); \
  _Static_assert(__builtin_offsetof(struct trapframe, t0) == TF_T0, "TF_T0"); \
  _Static_assert(__builtin_offsetof(struct trapframe, t1) == TF_T1, "TF_T1"); \
  _Static_assert(__builtin_offsetof(struct trapframe, t2) == TF_T2, "TF_T2"); \
  _Static_assert(__builtin_offsetof(struct trapframe, s0) == TF_S0, "TF_S0"); \
  _Static_assert(__builtin_offsetof(struct trapframe, s1) == TF_S1, "TF_S1"); \
  _Static_assert(__builtin_offsetof(struct trapframe, a0) == TF_A0, "TF_A0"); \
  _Static_assert(__builtin_offsetof(struct trapframe, a1) == TF_A1, "TF_A1"); \
  _Static_assert(__builtin_offsetof(struct trapframe, a2) == TF_A2, "TF_A2"); \
  _Static_assert(__builtin_offsetof(struct trapframe, a3) == TF_A3, "TF_A3"); \
  _Static_assert(__builtin_offsetof(struct trapframe, a4) == TF_A4, "TF_A4"); \
  _Static_assert(__builtin_offsetof(struct trapframe, a5) == TF_A5, "TF_A5"); \
  _Static_assert(__builtin_offsetof(struct trapframe, a6) == TF_A6, "TF_A6"); \
  _Static_assert(__builtin_offsetof(struct trapframe, a7) == TF_A7, "TF_A7"); \
  _Static_assert(__builtin_offsetof(struct trapframe, s2) == TF_S2, "TF_S2"); \
  _Static_assert(__builtin_offsetof(struct trapframe, s3) == TF_S3, "TF_S3"); \
  _Static_assert(__builtin_offsetof(struct trapframe, s4) == TF_S4, "TF_S4"); \
  _Static_assert(__builtin_offsetof(struct trapframe, s5) == TF_S5, "TF_S5"); \
  _Static_assert(__builtin_offsetof(struct trapframe, s6) == TF_S6, "TF_S6"); \
  _Static_assert(__builtin_offsetof(struct trapframe, s7) == TF_S7, "TF_S7"); \
  _Static_assert(__builtin_offsetof(struct trapframe, s8) == TF_S8, "TF_S8"); \
  _Static_assert(__builtin_offsetof(struct trapframe, s9) == TF_S9, "TF_S9"); \
  _Static_assert(__builtin_offsetof(struct trapframe, s10) == TF_S10, "TF_S10"); \
  _Static_assert(__builtin_offsetof(struct trapframe, s11) == TF_S11, "TF_S11"); \
  _Static_assert(__builtin_offsetof(struct trapframe, t3) == TF_T3, "TF_T3"); \
  _Static_assert(__builtin_offsetof(struct trapframe, t4) == TF_T4, "TF_T4"); \
  _Static_assert(__builtin_offsetof(struct trapframe, t5) == TF_T5, "TF_T5"); \
  _Static_assert(__builtin_offsetof(struct trapframe, t6) == TF_T6, "TF_T6"); \
  _Static_assert(sizeof(struct trapframe) == TF_SIZE, "TF_SIZE")
#endif

#endif
