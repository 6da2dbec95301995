#!/bin/sh
# Make sure the host can do what cowos' build and tests do for machine
# ARCH (riscv or i386; riscv if none is named), with the argument `bench`
# what make bench does too, and with `iso` (i386 only) what make iso does
# too: sh tools/setup.sh [ARCH] [bench] [iso]. Each need is checked by doing a
# small piece of the real work, not by looking for a command: a gcc without
# the C library headers exists but cannot build mkfs. As root, install the
# Debian packages for what failed with apt-get; otherwise print the command
# to run and exit 1. Prints nothing when everything works.
#
# The same variables as the Makefile choose the tools: HOSTCC (gcc),
# TOOLPREFIX (riscv64-unknown-elf- or i686-linux-gnu-), PYTHON (python3).
set -e

arch=riscv
bench=0
iso=0
for a in "$@"; do
  case $a in
  bench) bench=1 ;;
  iso) iso=1 ;;
  riscv|i386) arch=$a ;;
  *) echo "setup: unknown argument $a (usage: setup.sh [riscv|i386] [bench] [iso])"; exit 1 ;;
  esac
done
if [ "$iso" = 1 ] && [ "$arch" != i386 ]; then
  echo "setup: iso: only ARCH=i386 has a bootable ISO (a GRUB one for PCs)"
  exit 1
fi

HOSTCC=${HOSTCC:-gcc}
PYTHON=${PYTHON:-python3}
# Per machine: the toolchain, the compiler flags and the Debian packages
# (kernel/ARCH/machine.mk has the same flags), QEMU and its package.
case $arch in
riscv)
  TOOLPREFIX=${TOOLPREFIX:-riscv64-unknown-elf-}
  CROSSFLAGS="-march=rv64gc -mabi=lp64d -mcmodel=medany"
  LDEMU=""
  CROSSPKG="gcc-riscv64-unknown-elf binutils-riscv64-unknown-elf"
  QEMU=qemu-system-riscv64
  QEMUPKG=qemu-system-misc
  ;;
i386)
  TOOLPREFIX=${TOOLPREFIX:-i686-linux-gnu-}
  CROSSFLAGS="-m32 -march=i686 -fno-pic -mno-sse -mno-mmx -mno-80387"
  LDEMU="-m elf_i386"
  CROSSPKG="gcc-i686-linux-gnu binutils-i686-linux-gnu"
  QEMU=qemu-system-i386
  QEMUPKG=qemu-system-x86
  ;;
esac

tmp=$(mktemp -d "${TMPDIR:-/tmp}/cowos-setup.XXXXXX")
trap 'rm -rf "$tmp"' 0
trap 'exit 1' HUP INT TERM

# mkfs: a host program that includes <stdio.h>, compiled and linked.
hostcc_works() {
  cat >"$tmp/host.c" <<'EOF'
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
int
main(void)
{
  printf("%d\n", (int)strlen("cowos"));
  exit(0);
}
EOF
  $HOSTCC -Wall -O2 -o "$tmp/host" "$tmp/host.c" >"$tmp/host.log" 2>&1
}

# The kernel and user programs: freestanding code for the machine with
# the Makefile's flags, a 64-bit division (libgcc's on i386), linked by ld
# with its flags, then archived, stripped and disassembled as the build
# does.
crosscc_works() {
  cat >"$tmp/cross.c" <<'EOF'
#include <stdarg.h>
static long
sum(int n, ...)
{
  va_list ap;
  long s = 0;
  va_start(ap, n);
  while(n-- > 0)
    s += va_arg(ap, int);
  va_end(ap);
  return s;
}
void
_start(void)
{
  volatile long x = sum(3, 1, 2, 3);
  volatile unsigned long long y = 1000000000000ULL;
  y = y / x;
  (void)x;
  for(;;)
    ;
}
EOF
  {
    ${TOOLPREFIX}gcc $CROSSFLAGS -O2 \
      -ffreestanding -fno-common -nostdlib -fno-builtin -fno-stack-protector \
      -fno-pie -no-pie -std=gnu11 -Wall -c -o "$tmp/cross.o" "$tmp/cross.c" &&
    libgcc=$(${TOOLPREFIX}gcc $CROSSFLAGS -print-libgcc-file-name) &&
    ${TOOLPREFIX}ld -z max-page-size=4096 --no-warn-rwx-segments $LDEMU \
      -Ttext 0x80000000 -e _start -o "$tmp/cross.elf" "$tmp/cross.o" "$libgcc" &&
    ${TOOLPREFIX}ar rcs "$tmp/cross.a" "$tmp/cross.o" &&
    ${TOOLPREFIX}strip -g -o "$tmp/cross.stripped" "$tmp/cross.elf" &&
    ${TOOLPREFIX}objdump -S "$tmp/cross.elf" >/dev/null
  } >"$tmp/cross.log" 2>&1
}

# make check's board/dt test (RISC-V): dtc, which turns QEMU's device
# tree into source and back.
dtc_works() {
  echo '/dts-v1/; / { model = "cowos"; };' >"$tmp/t.dts"
  dtc -I dts -O dtb -o "$tmp/t.dtb" "$tmp/t.dts" >"$tmp/dtc.log" 2>&1 &&
    dtc -I dtb -O dts "$tmp/t.dtb" >/dev/null 2>>"$tmp/dtc.log"
}

# make iso: grub-mkrescue (grub-common) makes a BIOS-bootable ISO (GRUB's
# i386-pc modules, grub-pc-bin) with xorriso, and puts GRUB's EFI-less
# El Torito image in it with mtools' mformat. A tiny ISO of one grub.cfg
# made for real proves all four.
grub_iso_works() {
  mkdir -p "$tmp/iso/boot/grub"
  echo 'set timeout=0' >"$tmp/iso/boot/grub/grub.cfg"
  grub-mkrescue -d /usr/lib/grub/i386-pc -o "$tmp/test.iso" "$tmp/iso" >"$tmp/iso.log" 2>&1 &&
    [ -s "$tmp/test.iso" ]
}

# Run every check. Sets need (Debian packages) and why (one line each).
check() {
  need=""
  why=""
  if ! hostcc_works; then
    need="$need gcc libc6-dev"
    why="$why
  $HOSTCC cannot compile and link a C program using <stdio.h>: $(head -n 1 "$tmp/host.log")"
  fi
  if ! crosscc_works; then
    need="$need $CROSSPKG"
    why="$why
  ${TOOLPREFIX}gcc and ${TOOLPREFIX}ld cannot build a freestanding $arch program: $(head -n 1 "$tmp/cross.log")"
  fi
  if ! $QEMU --version >/dev/null 2>&1; then
    need="$need $QEMUPKG"
    why="$why
  $QEMU --version does not run"
  fi
  if ! $PYTHON -c 'import sys' >/dev/null 2>&1; then
    need="$need python3"
    why="$why
  $PYTHON does not run"
  fi
  if [ "$arch" = riscv ] && ! dtc_works; then
    need="$need device-tree-compiler"
    why="$why
  dtc cannot compile a device tree: $(head -n 1 "$tmp/dtc.log")"
  fi
  if [ "$bench" = 1 ] && ! gnuplot --version >/dev/null 2>&1; then
    need="$need gnuplot-nox"
    why="$why
  gnuplot --version does not run"
  fi
  if [ "$iso" = 1 ] && ! grub_iso_works; then
    need="$need grub-pc-bin grub-common xorriso mtools"
    why="$why
  grub-mkrescue cannot make a BIOS-bootable ISO: $(tail -n 1 "$tmp/iso.log")"
  fi
  return 0
}

check
[ -z "$need" ] && exit 0
echo "setup: not working:$why"
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "setup: installing$need"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq $need >/dev/null
  check
  [ -z "$need" ] && exit 0
  echo "setup: still not working after the install:$why"
  exit 1
else
  echo "setup: run:"
  echo "  sudo apt-get install -y$need"
  exit 1
fi
