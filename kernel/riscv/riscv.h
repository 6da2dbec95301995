// RISC-V machine facts: control and status registers, the Sv39 page-table
// format, and the small set of machine operations the portable kernel uses
// (intr_on/off, sfence_vma, ...). Sources: RISC-V privileged spec v1.12,
// ch. 3 (machine level), ch. 4 (supervisor level, Sv39).
// Usable from user programs too (PGSIZE, PGROUNDUP, MAXVA, r_sp()).
#ifndef COWOS_RISCV_H
#define COWOS_RISCV_H

#ifndef __ASSEMBLER__

// Read or write a CSR by name: r_sstatus(), w_sstatus(x), ...
#define CSR_READ(name) \
  static inline uint64 r_##name(void) { \
    uint64 x; asm volatile("csrr %0, " #name : "=r"(x)); return x; }
#define CSR_WRITE(name) \
  static inline void w_##name(uint64 x) { \
    asm volatile("csrw " #name ", %0" : : "r"(x)); }
#define CSR_RW(name) CSR_READ(name) CSR_WRITE(name)

// Machine-mode CSRs (used only by start.c, before the switch to S-mode).
CSR_READ(mhartid)
CSR_RW(mstatus)
CSR_RW(mepc)
CSR_RW(medeleg)
CSR_RW(mideleg)
CSR_RW(mie)
CSR_RW(mcounteren)
CSR_RW(pmpcfg0)
CSR_RW(pmpaddr0)
// menvcfg and stimecmp by number: older assemblers lack the names.
static inline uint64 r_menvcfg(void) {
  uint64 x; asm volatile("csrr %0, 0x30a" : "=r"(x)); return x; }
static inline void w_menvcfg(uint64 x) {
  asm volatile("csrw 0x30a, %0" : : "r"(x)); }
static inline void w_stimecmp(uint64 x) {
  asm volatile("csrw 0x14d, %0" : : "r"(x)); }

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

// mstatus fields.
#define MSTATUS_MPP_MASK (3L << 11)   // previous mode
#define MSTATUS_MPP_S    (1L << 11)
#define MSTATUS_MIE      (1L << 3)

// sstatus fields.
#define SSTATUS_SPP  (1L << 8)   // previous mode: 1 = supervisor, 0 = user
#define SSTATUS_SPIE (1L << 5)   // supervisor previous interrupt enable
#define SSTATUS_SIE  (1L << 1)   // supervisor interrupt enable
#define SSTATUS_SUM  (1L << 18)  // supervisor may access user memory

// sie / mie bits.
#define SIE_SEIE (1L << 9)   // external
#define SIE_STIE (1L << 5)   // timer
#define SIE_SSIE (1L << 1)   // software
#define MIE_STIE (1L << 5)

// menvcfg.STCE: enable the Sstc extension's stimecmp (Sstc spec).
#define MENVCFG_STCE (1L << 63)
// mcounteren: let S-mode read time (bit 1) and use stimecmp.
#define MCOUNTEREN_TM (1L << 1)

// scause values (privileged spec table 4.2). Interrupts have bit 63 set.
#define SCAUSE_INTR            (1L << 63)
#define SCAUSE_SSI             1    // supervisor software interrupt
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
static inline uint64 r_sp(void) {
  uint64 x; asm volatile("mv %0, sp" : "=r"(x)); return x; }
static inline uint64 r_fp(void) {
  uint64 x; asm volatile("mv %0, s0" : "=r"(x)); return x; }
static inline uint64 r_ra(void) {
  uint64 x; asm volatile("mv %0, ra" : "=r"(x)); return x; }

// Interrupt enable for this hart (S-mode).
static inline void intr_on(void)  { w_sstatus(r_sstatus() | SSTATUS_SIE); }
static inline void intr_off(void) { w_sstatus(r_sstatus() & ~SSTATUS_SIE); }
static inline int intr_get(void)  { return (r_sstatus() & SSTATUS_SIE) != 0; }

// Flush this hart's whole TLB.
static inline void sfence_vma(void) { asm volatile("sfence.vma zero, zero"); }
// Flush this hart's TLB entries for one virtual address.
static inline void sfence_vma_va(uint64 va) {
  asm volatile("sfence.vma %0, zero" : : "r"(va) : "memory"); }

typedef uint64 pte_t;
typedef uint64 *pagetable_t;   // 512 PTEs

#endif // __ASSEMBLER__

#define PGSIZE 4096   // bytes per page
#define PGSHIFT 12    // bits of offset within a page

#define PGROUNDUP(sz)  (((sz)+PGSIZE-1) & ~(PGSIZE-1))
#define PGROUNDDOWN(a) (((a)) & ~(PGSIZE-1))

// Sv39 PTE bits (privileged spec 4.4.1).
#define PTE_V (1L << 0)   // valid
#define PTE_R (1L << 1)
#define PTE_W (1L << 2)
#define PTE_X (1L << 3)
#define PTE_U (1L << 4)   // user can access
#define PTE_A (1L << 6)   // accessed
#define PTE_D (1L << 7)   // dirty
// RSW bits 8-9 are reserved for software. cowos uses bit 8 as the
// copy-on-write mark: the page was writable and is shared since a fork.
#define PTE_COW (1L << 8)

// Physical address <-> PTE: PPN lives in bits 10..53.
#define PA2PTE(pa) ((((uint64)pa) >> 12) << 10)
#define PTE2PA(pte) (((pte) >> 10) << 12)
#define PTE_FLAGS(pte) ((pte) & 0x3FF)

// The three 9-bit page-table indices of a virtual address.
#define PXMASK          0x1FF
#define PXSHIFT(level)  (PGSHIFT+(9*(level)))
#define PX(level, va) ((((uint64) (va)) >> PXSHIFT(level)) & PXMASK)

// One beyond the highest usable virtual address. Sv39 allows 39 bits,
// but cowos stays below bit 38 so that no address needs sign extension.
#define MAXVA (1L << (9 + 9 + 9 + 12 - 1))

// satp: mode 8 is Sv39.
#define SATP_SV39 (8L << 60)
#define MAKE_SATP(pagetable) (SATP_SV39 | (((uint64)pagetable) >> 12))

#endif
