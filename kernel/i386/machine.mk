# Build settings for the i386 machine (QEMU's PC, 32-bit protected mode,
# two-level paging), read by the Makefile when ARCH=i386. tools/guest.py
# holds its QEMU command line. The kernel uses no FPU, MMX or SSE state:
# nothing saves those registers across traps and switches.
TOOLPREFIX ?= i686-linux-gnu-
ARCH_CFLAGS := -m32 -march=i686 -fno-pic -mno-sse -mno-mmx -mno-80387 \
	-fno-asynchronous-unwind-tables
ARCH_LDFLAGS := -m elf_i386
# gcc's helpers for 64-bit division and shifts (__udivdi3, ...), linked
# into the kernel and every user program. Its path is asked of the compiler
# by the shell of each link, not by make when it reads this file: on a
# fresh machine the compiler appears only when tools/setup.sh has run, after
# make read its files (tools/firstbuild.sh tests this).
ARCH_LIBS = $$($(TOOLPREFIX)gcc $(ARCH_CFLAGS) -print-libgcc-file-name)
# gdb's name for the architecture (.gdbinit's `set architecture`).
GDBARCH := i386
