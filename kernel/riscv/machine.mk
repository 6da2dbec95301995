# Build settings for the RISC-V machine (RV64GC, Sv39, under SBI firmware:
# QEMU's virt and sifive_u), read by the Makefile when ARCH=riscv.
# tools/guest.py holds its QEMU command lines.
TOOLPREFIX ?= riscv64-unknown-elf-
ARCH_CFLAGS := -march=rv64gc -mabi=lp64d -mcmodel=medany
ARCH_LDFLAGS :=
# Libraries linked into the kernel and user programs: none (RV64 divides
# 64-bit numbers in hardware).
ARCH_LIBS :=
# gdb's name for the architecture (.gdbinit's `set architecture`).
GDBARCH := riscv:rv64
