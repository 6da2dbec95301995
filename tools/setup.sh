#!/bin/sh
# Make sure the host has what cowos' build and tests need (and, with the
# argument `bench`, what make bench needs). As root, install
# missing Debian packages with apt-get; otherwise print the command to run.
set -e
need=""
have() { command -v "$1" >/dev/null 2>&1; }
have riscv64-unknown-elf-gcc || need="$need gcc-riscv64-unknown-elf"
have riscv64-unknown-elf-ld  || need="$need binutils-riscv64-unknown-elf"
have qemu-system-riscv64     || need="$need qemu-system-misc"
have python3                 || need="$need python3"
have gcc                     || need="$need gcc libc6-dev"
# `sh tools/setup.sh bench`: also what make bench needs.
if [ "${1:-}" = bench ]; then
  have gnuplot || need="$need gnuplot-nox"
fi
[ -z "$need" ] && exit 0
if [ "$(id -u)" = 0 ] && have apt-get; then
  echo "setup: installing$need"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq $need >/dev/null
else
  echo "setup: missing tools. Run:"
  echo "  sudo apt-get install -y$need"
  exit 1
fi
