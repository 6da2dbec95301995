# gdb-multiarch setup for debugging the cowos kernel: run `make qemu-gdb`
# in one terminal, then `gdb-multiarch` in this directory in another.
# The Makefile's GDBPORT is uid % 5000 + 25000: 25000 for root. If you are
# not root, change the port below (or type the target command yourself).
set confirm off
set architecture riscv:rv64
file build/kernel.elf
set disassemble-next-line auto
set riscv use-compressed-breakpoints yes
target remote localhost:25000
