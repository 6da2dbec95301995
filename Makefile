# cowos build. `make` builds the kernel and the disk image; `make qemu`
# boots it; `make check` runs the in-guest test suites. See README.md.

# The machine: kernel/$(ARCH)/ holds its code, kernel/$(ARCH)/machine.mk its
# build settings, user/lib/$(ARCH)/ its user start-up code and stubs.
ARCH     ?= riscv
CPUS     ?= 3
MEM_MB   ?= 128
QEMUEXTRA ?=
# RAMDISK=1: make qemu boots without a disk, from a RAM disk (QEMUCMD).
RAMDISK  ?=
COW      ?= 1
# DEBUG=1: the kernel checks every frame's reference count against the
# page tables after each fork, exit, exec, sbrk and store fault
# (kernel/vmcheck.c), built in build/$(ARCH)-debug.
DEBUG    ?=

include kernel/$(ARCH)/machine.mk

B := build/$(ARCH)$(if $(filter 1,$(DEBUG)),-debug)
# The disk that `make qemu` boots and keeps from one boot to the next. With
# the default build directory of the default machine it is fs.img at the
# top of the tree, where xv6 keeps it; otherwise (make B=dir, or another
# ARCH) it is $(B)/fs.img, so that two configurations never share a disk. It starts as a copy of
# $(B)/fresh.img, the image mkfs makes, which the tests copy in turn: they
# never see what earlier boots wrote.
ifeq ($(B),build/riscv)
FSIMG := fs.img
else
FSIMG := $(B)/fs.img
endif
CC      := $(TOOLPREFIX)gcc
AS      := $(TOOLPREFIX)gcc
LD      := $(TOOLPREFIX)ld
OBJCOPY := $(TOOLPREFIX)objcopy
OBJDUMP := $(TOOLPREFIX)objdump
HOSTCC  ?= gcc
PYTHON  ?= python3

# Flags shared by the kernel and user programs.
# -Ikernel/$(ARCH): `#include "machine.h"` finds the machine's interface,
# in the kernel and in user programs (kernel/memlayout.h includes it).
COMMON_CFLAGS := $(ARCH_CFLAGS) -O2 -ggdb -gdwarf-2 \
	-ffreestanding -fno-common -nostdlib -fno-builtin -fno-stack-protector \
	-fno-pie -no-pie -fno-omit-frame-pointer -fno-tree-loop-distribute-patterns -std=gnu11 \
	-Wall -I. -Ikernel/$(ARCH)
# The kernel takes its RAM size from the machine at boot (MEM_MB only sets
# QEMU's -m), so one kernel binary runs at any size. User programs see
# the size they were built for as PHYSTOP - KERNBASE.
KCFLAGS := $(COMMON_CFLAGS) -Ikernel -Werror -DKERNEL -DCOW=$(COW) $(if $(filter 1,$(DEBUG)),-DDEBUG)
# -Iuser/xv6public: the flat headers of programs written for xv6 on x86
# (#include "types.h"), searched before the machine's folders, whose
# kernel headers have some of the same names (x86.h).
# -Iuser/lib/$(ARCH): the machine's user headers (vtime.h, for forkbench).
UCFLAGS := -Iuser/xv6public $(COMMON_CFLAGS) -Iuser/lib/$(ARCH) -DPHYSMEM_MB=$(MEM_MB)
LDFLAGS := -z max-page-size=4096 --no-warn-rwx-segments $(ARCH_LDFLAGS)

# The portable kernel (kernel/*.c) and the machine's (kernel/$(ARCH)/).
KSRCS := $(sort $(wildcard kernel/*.c)) $(sort $(wildcard kernel/$(ARCH)/*.c kernel/$(ARCH)/*.S))
KOBJS := $(patsubst kernel/%,$(B)/kernel/%.o,$(KSRCS))
RISCVBOOT := $(if $(filter riscv,$(ARCH)),$(B)/kernel-moved.elf $(B)/Image)
KHDRS := $(wildcard kernel/*.h kernel/$(ARCH)/*.h) kernel/$(ARCH)/machine.mk

ULIBSRCS := $(sort $(wildcard user/lib/*.c)) $(sort $(wildcard user/lib/$(ARCH)/*.c user/lib/$(ARCH)/*.S))
ULIBOBJS := $(patsubst user/lib/%,$(B)/user/lib/%.o,$(ULIBSRCS))
# Every user/NAME.c is a program, and so is every user/$(ARCH)/NAME.c (a
# program for that machine only: x86 assembly, say).
UPROGS   := $(patsubst user/%.c,$(B)/user/%,$(sort $(wildcard user/*.c))) \
	$(patsubst user/$(ARCH)/%.c,$(B)/user/%,$(sort $(wildcard user/$(ARCH)/*.c)))
# What goes into the disk image: the same programs without debug info.
FSPROGS  := $(patsubst $(B)/user/%,$(B)/fs/%,$(UPROGS))
UHDRS    := user/user.h user/testlib.h user/lib/syscalls.h $(wildcard user/lib/$(ARCH)/*.h) \
	$(wildcard user/xv6public/*.h) $(KHDRS)

all: $(B)/kernel.elf $(RISCVBOOT) $(FSIMG)

# No built-in implicit rules: every target here has a rule of its own, and
# stray files in the tree (a course's time.txt, say) must not match any.
.SUFFIXES:
MAKEFLAGS += --no-builtin-rules

# Check the build tools for machine ARCH once per checkout; tools/setup.sh
# installs what is missing (as root) or prints the command to run. Every
# rule that runs a tool it installs depends on this one, and nothing that
# make decides when it reads its files may ask such a tool (it may not be
# there yet): ask it in the recipe (ARCH_LIBS in kernel/i386/machine.mk).
$(B)/.setup: tools/setup.sh
	@mkdir -p $(B)
	@sh tools/setup.sh $(ARCH)
	@touch $@

$(B)/kernel/%.c.o: kernel/%.c $(KHDRS) $(B)/.setup Makefile
	@mkdir -p $(dir $@)
	$(CC) $(KCFLAGS) -c -o $@ $<

$(B)/kernel/%.S.o: kernel/%.S $(KHDRS) $(B)/.setup
	@mkdir -p $(dir $@)
	$(CC) $(KCFLAGS) -c -o $@ $<

$(B)/kernel.elf: $(KOBJS) kernel/$(ARCH)/kernel.ld
	$(LD) $(LDFLAGS) -T kernel/$(ARCH)/kernel.ld -o $@ $(KOBJS) $(ARCH_LIBS)
	$(OBJDUMP) -S $@ > $(B)/kernel.asm

# RISC-V: the same kernel linked to be loaded 6 MiB above the address it
# is linked at (kernel.ld's KERNLOAD), as a board's boot loader may place
# it, which make check's board/moved test boots; and the kernel as a flat
# "Image" (entry.S's header first), which U-Boot's booti loads, and
# QEMU's -kernel as a raw image (board/image).
ifeq ($(ARCH),riscv)
$(B)/kernel-moved.elf: $(KOBJS) kernel/$(ARCH)/kernel.ld
	$(LD) $(LDFLAGS) --defsym KERNLOAD=0x80800000 -T kernel/$(ARCH)/kernel.ld \
		-o $@ $(KOBJS) $(ARCH_LIBS)
$(B)/Image: $(B)/kernel.elf
	$(OBJCOPY) -O binary $< $@
endif

# xv6 keeps its kernel at kernel/kernel, and course scripts build that
# path: a copy of the kernel of build directory $(B).
kernel/kernel: $(B)/kernel.elf
	cp $(B)/kernel.elf $@

# Every symbol a library object defines is made weak (its references
# stay strong, so that they still pull in what they need): a program's
# own definition of a library function wins, even where the archive
# member that holds it is linked for another (user/x86printf.c has its
# own printf, as xv6-public's forktest.c has, and links printf.c too).
WEAKEN = $(OBJCOPY) $$($(TOOLPREFIX)nm -g --defined-only $@ | awk 'NF == 3 { print "-W", $$3 }') $@

$(B)/user/lib/%.c.o: user/lib/%.c $(UHDRS) $(B)/.setup
	@mkdir -p $(dir $@)
	$(CC) $(UCFLAGS) -c -o $@ $<
	$(WEAKEN)

$(B)/user/lib/%.S.o: user/lib/%.S $(UHDRS) $(B)/.setup
	@mkdir -p $(dir $@)
	$(CC) $(UCFLAGS) -c -o $@ $<
	$(WEAKEN)

$(B)/user/%.o: user/%.c $(UHDRS) $(B)/.setup
	@mkdir -p $(dir $@)
	$(CC) $(UCFLAGS) -c -o $@ $<

$(B)/user/%.o: user/$(ARCH)/%.c $(UHDRS) $(B)/.setup
	@mkdir -p $(dir $@)
	$(CC) $(UCFLAGS) -c -o $@ $<

# The user library is an archive, so a program links only what it uses.
$(B)/user/ulib.a: $(ULIBOBJS)
	rm -f $@
	$(TOOLPREFIX)ar rcs $@ $(ULIBOBJS)

# Every program is installed in the image as NAME.
$(B)/user/%: $(B)/user/%.o $(B)/user/ulib.a user/lib/$(ARCH)/user.ld
	$(LD) $(LDFLAGS) -T user/lib/$(ARCH)/user.ld -u _start -o $@ $< $(B)/user/ulib.a $(ARCH_LIBS)

$(B)/fs/%: $(B)/user/%
	@mkdir -p $(dir $@)
	$(TOOLPREFIX)strip -g -o $@ $<

$(B)/mkfs: mkfs/mkfs.c kernel/fs.h kernel/param.h kernel/types.h kernel/stat.h $(B)/.setup
	@mkdir -p $(B)
	$(HOSTCC) -Wall -Werror -O2 -I. -o $@ mkfs/mkfs.c

# The image's root holds README (this tree's README.md), as xv6's does,
# and the programs.
$(B)/fs/README: README.md
	@mkdir -p $(dir $@)
	cp README.md $@

$(B)/fresh.img: $(B)/mkfs $(B)/fs/README $(FSPROGS)
	rm -f $@
	$(B)/mkfs $@ $(B)/fs/README $(FSPROGS)

# Made only when missing or when the fresh image changed (a program did),
# so files written in the guest survive from one boot to the next.
$(FSIMG): $(B)/fresh.img
	cp $(B)/fresh.img $@

ifneq ($(FSIMG),fs.img)
# `make B=dir fs.img` makes dir/fs.img.
fs.img: $(FSIMG)
.PHONY: fs.img
endif

.SECONDARY:

# tools/guest.py writes QEMU's command line for machine ARCH and replaces
# itself with QEMU (make waits for QEMU itself); `tools/guest.py
# print-qemu`, with the same options, prints the command line. RAMDISK=1:
# no disk; the boot loader gives the kernel $(FSIMG) as a RAM disk, and
# what the guest writes is lost at power-off ($(FSIMG) is not changed).
# MACHINE=NAME: another machine of ARCH's kind (tools/guest.py's
# "variants"): on RISC-V, sifive_u, a model of SiFive's HiFive Unleashed
# board, whose disk is always the RAM disk (CPUS at most 4).
MACHINE ?=
QEMUCMD = $(PYTHON) tools/guest.py qemu --arch=$(ARCH) --kernel $(B)/kernel.elf \
	--fs $(FSIMG) --cpus $(CPUS) --mem $(MEM_MB) --extra='$(QEMUEXTRA)' \
	$(if $(filter 1,$(RAMDISK)),--ramdisk) $(if $(MACHINE),--machine $(MACHINE))

qemu: $(B)/kernel.elf $(FSIMG)
	exec $(QEMUCMD)

# The TCP port of QEMU's gdb stub: one per user, so that users of one
# machine do not collide; GDBPORT=N in the environment or on the command
# line overrides it. `make -s print-gdbport` prints it and nothing else,
# for grading scripts.
ifndef GDBPORT
GDBPORT := $(shell expr `id -u` % 5000 + 25000)
endif

print-gdbport:
	@echo $(GDBPORT)

# Where the disk image is, for scripts (tools/crashtest.py).
print-fsimg:
	@echo $(FSIMG)

# Rewritten every time: the port and the build directory may change.
.gdbinit: .gdbinit.tmpl
	@sed -e "s/GDBPORT/$(GDBPORT)/" -e "s|build/kernel.elf|$(B)/kernel.elf|" \
		-e "s/riscv:rv64/$(GDBARCH)/" \
		.gdbinit.tmpl > $@

# QEMU stopped before the first instruction, waiting for a gdb (or any
# remote-protocol client) on GDBPORT; the console is on stdin and stdout.
qemu-gdb: $(B)/kernel.elf $(FSIMG) .gdbinit
	@echo "*** Now run 'gdb-multiarch' in another window (it reads .gdbinit)." 1>&2
	exec $(QEMUCMD) --gdb $(GDBPORT)

# The machine's screen in a window of QEMU's (ARCH=i386: the VGA card,
# which the kernel writes its console to, and the PS/2 keyboard, which it
# reads), the serial console and QEMU's monitor still in the terminal
# (Ctrl-A c switches between them): xv6-public's `make qemu`.
qemu-vga: $(B)/kernel.elf $(FSIMG)
	exec $(QEMUCMD) --screen=window

# xv6-public's names: its `make qemu` opens a window (here `make
# qemu-vga`) and `qemu-nox` keeps the console in the terminal; cowos' qemu
# always does the latter.
qemu-nox: qemu
qemu-nox-gdb: qemu-gdb

check: $(B)/kernel.elf $(RISCVBOOT) $(B)/fresh.img
	$(PYTHON) tools/check.py --arch=$(ARCH) --cpus $(CPUS) --mem $(MEM_MB) \
		--kernel $(B)/kernel.elf --fs $(B)/fresh.img

# Everything: the full suites (slow usertests too) on 1, 3 and 8 harts,
# the same in the DEBUG build (check-debug), then the crash tests,
# check-mem and check-fuzz, on i386 check-iso and on RISC-V check-board. Stops at the first configuration that fails.
check-all: $(B)/kernel.elf $(RISCVBOOT) $(B)/fresh.img
	for n in 1 3 8; do \
		echo "== check --full, CPUS=$$n"; \
		$(PYTHON) tools/check.py --arch=$(ARCH) --full --cpus $$n --mem $(MEM_MB) \
			--kernel $(B)/kernel.elf --fs $(B)/fresh.img || exit 1; \
	done
	$(MAKE) --no-print-directory check-debug
	echo "== crash tests"
	$(PYTHON) tools/crashtest.py --arch=$(ARCH) --cpus $(CPUS) --mem $(MEM_MB) --build $(B)
	$(MAKE) --no-print-directory check-mem
	$(MAKE) --no-print-directory check-fuzz
	$(if $(filter i386,$(ARCH)),$(MAKE) --no-print-directory check-iso)
	$(if $(filter riscv,$(ARCH)),$(MAKE) --no-print-directory check-board)

# The full suites in the DEBUG build (kernel/vmcheck.c checks every frame
# after each fork, exit, exec and sbrk, and each COW fault's page), built
# in $(DEBUGB), on 1, 3 and 8 harts. Its vmcheck test breaks a reference
# count on purpose, once after each kind of event, and expects the
# checker's panic.
DEBUGB := $(if $(filter 1,$(DEBUG)),$(B),$(B)-debug)
check-debug:
	$(MAKE) --no-print-directory DEBUG=1 B=$(DEBUGB) all
	for n in 1 3 8; do \
		echo "== check --full, DEBUG=1, CPUS=$$n"; \
		$(PYTHON) tools/check.py --arch=$(ARCH) --full --cpus $$n --mem $(MEM_MB) \
			--kernel $(DEBUGB)/kernel.elf --fs $(DEBUGB)/fresh.img || exit 1; \
	done
.PHONY: check-debug

# The long fuzz rounds: FUZZ_ROUNDS boots of FUZZ_CALLS random system calls
# each (10^6 in all by default), on 3 and on 8 harts, from a random seed
# that tools/fuzz.py prints (FUZZ_SEED=S replays one).
FUZZ_ROUNDS ?= 4
FUZZ_CALLS ?= 250000
FUZZ_SEED ?=
check-fuzz: $(B)/kernel.elf $(B)/fresh.img
	for n in 3 8; do \
		echo "== fuzz, CPUS=$$n"; \
		$(PYTHON) tools/fuzz.py --arch=$(ARCH) --cpus $$n --mem $(MEM_MB) --rounds $(FUZZ_ROUNDS) \
			--count $(FUZZ_CALLS) $(if $(FUZZ_SEED),--seed $(FUZZ_SEED)) \
			--kernel $(B)/kernel.elf --fs $(B)/fresh.img || exit 1; \
	done
.PHONY: check-fuzz

# What a course's grading script does, with our own client
# (tools/gradetest.py): make qemu-gdb, attach over the gdb port, continue,
# run cowtest and usertests -q on the console.
check-grader:
	$(PYTHON) tools/gradetest.py --make-arg B=$(B) --make-arg FSIMG=$(B)/grade.img \
		--make-arg ARCH=$(ARCH) --make-arg CPUS=$(CPUS) \
		--make-arg MEM_MB=$(MEM_MB)

# make check's suites at the smallest and the largest RAM size cowos
# supports and one between, all with the one kernel of $(B) (it takes its
# RAM size from the machine) and, for each size, user programs built for
# it (PHYSTOP - KERNBASE is the size they were built for) in $(B)/memNNN.
CHECK_MEM_SIZES ?= 64 1024 2048
check-mem: $(B)/kernel.elf $(RISCVBOOT)
	for m in $(CHECK_MEM_SIZES); do \
		echo "== check, MEM_MB=$$m"; \
		$(MAKE) --no-print-directory B=$(B)/mem$$m MEM_MB=$$m $(B)/mem$$m/fresh.img || exit 1; \
		$(PYTHON) tools/check.py --arch=$(ARCH) --cpus $(CPUS) --mem $$m \
			--kernel $(B)/kernel.elf --fs $(B)/mem$$m/fresh.img || exit 1; \
	done
.PHONY: check-mem

# A bootable image for PCs (ARCH=i386): $(B)/cowos.iso, a GRUB ISO for
# BIOS (or CSM) boot, made by grub-mkrescue (tools/setup.sh i386 iso
# installs it and its helpers: make and make check do not need them) from
# $(B)/iso/: boot/kernel.elf, boot/fs.img (a copy of the fresh image) and
# boot/grub/grub.cfg. GRUB facts relied on (GNU GRUB manual): `multiboot
# FILE` loads a Multiboot (v1) kernel, the kind kernel/i386/entry.S
# declares; each `module FILE ARGS` after it becomes a Multiboot module,
# in order, its ARGS the module's string, so fs.img is the first module,
# the kernel's RAM disk when the PC has no IDE disk (kernel/disk.c);
# `serial --unit=0 --speed=115200` sets up COM1 and `terminal_input` /
# `terminal_output serial console` put GRUB's own menu and messages on
# both COM1 and the screen; timeout=0 boots the default entry at once.
# grub-mkrescue's images are hybrid (an MBR too): dd writes one to a USB
# stick. Boot it with `make qemu-iso` (tools/guest.py --iso).
ISODIR := $(B)/iso
ifeq ($(ARCH),i386)
$(B)/cowos.iso: $(B)/kernel.elf $(B)/fresh.img Makefile
	@sh tools/setup.sh $(ARCH) iso
	rm -rf $(ISODIR)
	mkdir -p $(ISODIR)/boot/grub
	cp $(B)/kernel.elf $(ISODIR)/boot/kernel.elf
	cp $(B)/fresh.img $(ISODIR)/boot/fs.img
	printf '%s\n' 'set timeout=0' 'set default=0' \
		'serial --unit=0 --speed=115200' \
		'terminal_input serial console' 'terminal_output serial console' \
		'menuentry "cowos" {' '  multiboot /boot/kernel.elf' \
		'  module /boot/fs.img fs.img' '  boot' '}' > $(ISODIR)/boot/grub/grub.cfg
	grub-mkrescue -d /usr/lib/grub/i386-pc -o $@ $(ISODIR)
iso: $(B)/cowos.iso

# The ISO on QEMU's PC from its CD-ROM drive (ISO_MACHINE=q35: the Q35
# chipset, whose disk controller is AHCI, so the kernel finds no IDE disk
# and uses the RAM disk). Without ISO_DISK=1 there is no disk; with it,
# $(FSIMG) is the IDE disk (pc only), which the kernel then uses.
ISO_MACHINE ?= pc
ISO_DISK ?=
qemu-iso: $(B)/cowos.iso $(if $(filter 1,$(ISO_DISK)),$(FSIMG))
	exec $(PYTHON) tools/guest.py qemu --arch=$(ARCH) --iso $(B)/cowos.iso \
		--machine $(ISO_MACHINE) --fs $(FSIMG) --cpus $(CPUS) --mem $(MEM_MB) \
		--extra='$(QEMUEXTRA)' $(if $(filter 1,$(ISO_DISK)),,--ramdisk)

# The ISO's tests, slow (two boots, cowtest and usertests -q on each):
# make check-all runs them.
check-iso: $(B)/cowos.iso
	$(PYTHON) tools/check.py --arch=$(ARCH) --cpus $(CPUS) --mem $(MEM_MB) \
		--kernel $(B)/kernel.elf --fs $(B)/fresh.img --iso $(B)/cowos.iso
else
iso qemu-iso check-iso:
	@echo "make $@: only ARCH=i386 has a bootable ISO (a GRUB one for PCs); ARCH=$(ARCH) boots with QEMU's -kernel (make qemu)" >&2
	@exit 1
endif

# A board's tests, slow (cowtest and usertests -q from the RAM disk): on
# RISC-V, QEMU's sifive_u (BOARD), a model of SiFive's HiFive Unleashed.
# make check-all runs them.
BOARD ?= sifive_u
ifeq ($(ARCH),riscv)
check-board: $(B)/kernel.elf $(B)/fresh.img
	$(PYTHON) tools/check.py --arch=$(ARCH) --cpus $(CPUS) --mem $(MEM_MB) \
		--kernel $(B)/kernel.elf --fs $(B)/fresh.img --board $(BOARD)
else
check-board:
	@echo "make $@: only ARCH=riscv has board models (sifive_u) to test" >&2
	@exit 1
endif

# COW against eager-copy fork, in deterministic virtual time (README.md,
# "Benchmarks"): builds both kernels under build/$(ARCH)/, runs forkbench in
# each with heaps of 0 to 256 MiB in 768 MiB of RAM (not MEM_MB: the eager
# kernel's fork of 256 MiB needs twice that and more). BENCHFLAGS: more
# options for tools/bench.py, e.g. BENCHFLAGS='--sizes "0 1 32" -n 2' for
# a quick trial, or --readme.
BENCHFLAGS ?=
bench:
	@sh tools/setup.sh $(ARCH) bench
	$(PYTHON) tools/bench.py --arch=$(ARCH) $(BENCHFLAGS)

clean:
	rm -rf $(B)
	rm -f $(FSIMG) kernel/kernel .gdbinit

.PHONY: all iso qemu-iso check-iso check-board qemu qemu-vga qemu-gdb qemu-nox qemu-nox-gdb check check-all check-grader bench clean \
	print-gdbport print-fsimg .gdbinit
