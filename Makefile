# cowos build. `make` builds the kernel and the disk image; `make qemu`
# boots it; `make check` runs the in-guest test suites. See README.md.

CPUS     ?= 3
MEM_MB   ?= 128
QEMUEXTRA ?=
COW      ?= 1

B := build
TOOLPREFIX ?= riscv64-unknown-elf-
CC      := $(TOOLPREFIX)gcc
AS      := $(TOOLPREFIX)gcc
LD      := $(TOOLPREFIX)ld
OBJCOPY := $(TOOLPREFIX)objcopy
OBJDUMP := $(TOOLPREFIX)objdump
QEMU    := qemu-system-riscv64
HOSTCC  ?= gcc
PYTHON  ?= python3

# Flags shared by the kernel and user programs.
COMMON_CFLAGS := -march=rv64gc -mabi=lp64d -mcmodel=medany -O2 -ggdb -gdwarf-2 \
	-ffreestanding -fno-common -nostdlib -fno-builtin -fno-stack-protector \
	-fno-pie -no-pie -fno-omit-frame-pointer -fno-tree-loop-distribute-patterns -std=gnu11 \
	-Wall -I. -DPHYSMEM_MB=$(MEM_MB)
KCFLAGS := $(COMMON_CFLAGS) -Werror -DKERNEL -DCOW=$(COW)
UCFLAGS := $(COMMON_CFLAGS)
LDFLAGS := -z max-page-size=4096 --no-warn-rwx-segments

KSRCS := $(sort $(wildcard kernel/*.c kernel/*.S))
KOBJS := $(patsubst kernel/%,$(B)/kernel/%.o,$(KSRCS))
KHDRS := $(wildcard kernel/*.h)

ULIBSRCS := $(sort $(wildcard user/lib/*.c user/lib/*.S))
ULIBOBJS := $(patsubst user/lib/%,$(B)/user/lib/%.o,$(ULIBSRCS))
UPROGS   := $(patsubst user/%.c,$(B)/user/%,$(sort $(wildcard user/*.c)))
# What goes into the disk image: the same programs without debug info.
FSPROGS  := $(patsubst $(B)/user/%,$(B)/fs/%,$(UPROGS))
UHDRS    := user/user.h user/testlib.h $(KHDRS)

all: $(B)/kernel.elf $(B)/fs.img

# Check the build tools once per checkout; tools/setup.sh installs what
# is missing (as root) or prints the command to run.
$(B)/.setup: tools/setup.sh
	@mkdir -p $(B)
	@sh tools/setup.sh
	@touch $@

$(B)/kernel/%.c.o: kernel/%.c $(KHDRS) $(B)/.setup Makefile
	@mkdir -p $(dir $@)
	$(CC) $(KCFLAGS) -c -o $@ $<

$(B)/kernel/%.S.o: kernel/%.S $(KHDRS) $(B)/.setup
	@mkdir -p $(dir $@)
	$(CC) $(KCFLAGS) -c -o $@ $<

$(B)/kernel.elf: $(KOBJS) kernel/kernel.ld
	$(LD) $(LDFLAGS) -T kernel/kernel.ld -o $@ $(KOBJS)
	$(OBJDUMP) -S $@ > $(B)/kernel.asm

$(B)/user/lib/%.c.o: user/lib/%.c $(UHDRS) $(B)/.setup
	@mkdir -p $(dir $@)
	$(CC) $(UCFLAGS) -c -o $@ $<

$(B)/user/lib/%.S.o: user/lib/%.S $(UHDRS) $(B)/.setup
	@mkdir -p $(dir $@)
	$(CC) $(UCFLAGS) -c -o $@ $<

$(B)/user/%.o: user/%.c $(UHDRS) $(B)/.setup
	@mkdir -p $(dir $@)
	$(CC) $(UCFLAGS) -c -o $@ $<

# The user library is an archive, so a program links only what it uses.
$(B)/user/ulib.a: $(ULIBOBJS)
	rm -f $@
	$(TOOLPREFIX)ar rcs $@ $(ULIBOBJS)

# Every user/NAME.c is a program, installed in the image as NAME.
$(B)/user/%: $(B)/user/%.o $(B)/user/ulib.a user/user.ld
	$(LD) $(LDFLAGS) -T user/user.ld -u _start -o $@ $< $(B)/user/ulib.a

$(B)/fs/%: $(B)/user/%
	@mkdir -p $(dir $@)
	$(TOOLPREFIX)strip -g -o $@ $<

$(B)/mkfs: mkfs/mkfs.c kernel/fs.h kernel/param.h kernel/types.h kernel/stat.h
	@mkdir -p $(B)
	$(HOSTCC) -Wall -Werror -O2 -I. -o $@ mkfs/mkfs.c

$(B)/fs.img: $(B)/mkfs $(FSPROGS)
	rm -f $@
	$(B)/mkfs $@ $(FSPROGS)

.SECONDARY:

QEMUOPTS = -machine virt -bios none -kernel $(B)/kernel.elf -m $(MEM_MB)M \
	-smp $(CPUS) -nographic -global virtio-mmio.force-legacy=false \
	-drive file=$(B)/fs.img,if=none,format=raw,id=x0 \
	-device virtio-blk-device,drive=x0,bus=virtio-mmio-bus.0 $(QEMUEXTRA)

qemu: $(B)/kernel.elf $(B)/fs.img
	$(QEMU) $(QEMUOPTS)

GDBPORT := $(shell expr `id -u` % 5000 + 25000)
.gdbinit: .gdbinit.tmpl
	sed "s/GDBPORT/$(GDBPORT)/" .gdbinit.tmpl > $@

qemu-gdb: $(B)/kernel.elf $(B)/fs.img .gdbinit
	@echo "*** Now run 'gdb-multiarch' in another window (it reads .gdbinit)." 1>&2
	$(QEMU) $(QEMUOPTS) -S -gdb tcp::$(GDBPORT)

check: $(B)/kernel.elf $(B)/fs.img
	$(PYTHON) tools/check.py --cpus $(CPUS) --mem $(MEM_MB) \
		--kernel $(B)/kernel.elf --fs $(B)/fs.img

# Everything: the full suites (slow usertests too) on 1, 3 and 8 harts,
# then the crash tests, then check-mem. Stops at the first configuration
# that fails.
check-all: $(B)/kernel.elf $(B)/fs.img
	for n in 1 3 8; do \
		echo "== check --full, CPUS=$$n"; \
		$(PYTHON) tools/check.py --full --cpus $$n --mem $(MEM_MB) \
			--kernel $(B)/kernel.elf --fs $(B)/fs.img || exit 1; \
	done
	echo "== crash tests"
	$(PYTHON) tools/crashtest.py --cpus $(CPUS) --mem $(MEM_MB) \
		--kernel $(B)/kernel.elf --fs $(B)/fs.img
	$(MAKE) --no-print-directory check-mem

# make check's suites at the smallest and the largest RAM size cowos
# supports, each size built in its own directory ($(B)/memNNN).
CHECK_MEM_SIZES ?= 64 2048
check-mem:
	for m in $(CHECK_MEM_SIZES); do \
		echo "== check, MEM_MB=$$m"; \
		$(MAKE) --no-print-directory B=$(B)/mem$$m MEM_MB=$$m all || exit 1; \
		$(PYTHON) tools/check.py --cpus $(CPUS) --mem $$m \
			--kernel $(B)/mem$$m/kernel.elf --fs $(B)/mem$$m/fs.img || exit 1; \
	done
.PHONY: check-mem

# COW against eager-copy fork, in deterministic virtual time (README.md,
# "Benchmarks"): builds both kernels under build/, runs forkbench in each.
bench:
	@sh tools/setup.sh bench
	$(PYTHON) tools/bench.py

clean:
	rm -rf $(B)

.PHONY: all qemu qemu-gdb check check-all bench clean
