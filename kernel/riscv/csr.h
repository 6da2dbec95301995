// csr.h: the RISC-V control and status registers (CSRs), their accessors
// r_NAME()/w_NAME() and their fields, for the machine files in
// kernel/riscv/ only; portable code sees kernel/riscv/machine.h. (Not
// kernel/riscv.h, which is the xv6 compatibility header for user programs.)
// Only supervisor-level ones: the kernel runs in supervisor mode under
// the SBI firmware (kernel/riscv/sbi.c), which owns machine mode.
// Source: RISC-V privileged spec v1.12, ch. 4 (supervisor level).
#ifndef COWOS_RISCV_CSR_H
#define COWOS_RISCV_CSR_H
#include "machine.h"

#ifndef __ASSEMBLER__

// Read or write a CSR by name: r_sstatus(), w_sstatus(x), ...
#define CSR_READ(name) \
  static inline uint64 r_##name(void) { \
    uint64 x; asm volatile("csrr %0, " #name : "=r"(x)); return x; }
#define CSR_WRITE(name) \
  static inline void w_##name(uint64 x) { \
    asm volatile("csrw " #name ", %0" : : "r"(x)); }
#define CSR_RW(name) CSR_READ(name) CSR_WRITE(name)

// Supervisor-mode CSRs.
CSR_RW(sstatus)
CSR_RW(sip)
CSR_RW(sie)
CSR_RW(sepc)
CSR_RW(stvec)
CSR_RW(satp)
CSR_RW(sscratch)
CSR_RW(scounteren)
CSR_READ(scause)
CSR_READ(stval)
CSR_READ(time)

// sstatus fields.
#define SSTATUS_SPP  (1L << 8)   // previous mode: 1 = supervisor, 0 = user
#define SSTATUS_SPIE (1L << 5)   // supervisor previous interrupt enable
#define SSTATUS_FS   (3L << 13)  // floating-point unit state; 0: off, its instructions illegal
#define SSTATUS_VS   (3L << 9)   // vector unit state; 0: off, likewise

// sie bits.
#define SIE_SEIE (1L << 9)   // external
#define SIE_STIE (1L << 5)   // timer

// scounteren.TM: let user mode read the `time` CSR (rdtime).
#define SCOUNTEREN_TM (1L << 1)

// scause values (privileged spec table 4.2). Interrupts have bit 63 set.
#define SCAUSE_INTR            (1L << 63)
#define SCAUSE_STI             5    // supervisor timer interrupt
#define SCAUSE_SEI             9    // supervisor external interrupt
#define SCAUSE_INST_MISALIGNED 0
#define SCAUSE_INST_ACCESS     1
#define SCAUSE_ILLEGAL         2
#define SCAUSE_BREAKPOINT      3
#define SCAUSE_LOAD_MISALIGNED 4
#define SCAUSE_LOAD_ACCESS     5
#define SCAUSE_STORE_MISALIGNED 6
#define SCAUSE_STORE_ACCESS    7
#define SCAUSE_ECALL_U         8
#define SCAUSE_INST_PAGE       12
#define SCAUSE_LOAD_PAGE       13
#define SCAUSE_STORE_PAGE      15

static inline uint64 r_tp(void) {
  uint64 x; asm volatile("mv %0, tp" : "=r"(x)); return x; }
static inline void w_tp(uint64 x) {
  asm volatile("mv tp, %0" : : "r"(x)); }
static inline uint64 r_fp(void) {
  uint64 x; asm volatile("mv %0, s0" : "=r"(x)); return x; }

#endif // __ASSEMBLER__

// satp: mode 8 is Sv39.
#define SATP_SV39 (8L << 60)
// satp for the page table at kernel address pagetable (its frame number).
#define MAKE_SATP(pagetable) (SATP_SV39 | (V2P(pagetable) >> 12))

#endif
