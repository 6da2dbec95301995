#!/bin/sh
# Check that the portable kernel stays portable (README.md, "Layout"):
# no file directly in kernel/ contains inline assembly or names a machine
# register or instruction, and each includes only portable headers (files
# in kernel/) and the machine interface, "machine.h". Comments are not
# checked. Prints one line per offence; exits 1 if there is any.
# Usage: sh tools/layoutcheck.sh [DIR]   (DIR defaults to kernel)

dir=${1:-kernel}
status=0

# Names no portable file may use: assembly, RISC-V CSRs and instructions,
# x86 control registers, port I/O and privileged instructions.
names='asm|__asm__|satp|sstatus|sepc|scause|stval|stvec|sscratch|sie|sip'
names="$names|mhartid|mstatus|mepc|medeleg|mideleg|mie|mcause|mtvec|stimecmp"
names="$names|menvcfg|mcounteren|scounteren|pmpcfg0|pmpaddr0|sfence|sfence_vma"
names="$names|ecall|sret|mret|wfi|csrr|csrw|csrs|csrc|r_tp|w_tp|r_fp"
names="$names|cr0|cr2|cr3|cr4|eflags|rcr2|lcr3|lcr0|invlpg|inb|outb|insl|outsl"
names="$names|cli|sti|hlt|lgdt|lidt|ltr|xchg|rdtsc"

for f in "$dir"/*.c "$dir"/*.h "$dir"/*.S; do
	[ -e "$f" ] || continue
	case $f in
	*.S)
		echo "$f: assembly in the portable kernel"
		status=1
		continue
		;;
	esac
	# Drop // comments and whole-line /* */ comments, keep line numbers.
	sed -e 's|//.*$||' -e 's|/\*.*\*/||g' "$f" > "${TMPDIR:-/tmp}/layoutcheck.$$"
	if grep -nwE "$names" "${TMPDIR:-/tmp}/layoutcheck.$$" > "${TMPDIR:-/tmp}/layoutcheck.hits.$$"; then
		sed "s|^|$f:|" "${TMPDIR:-/tmp}/layoutcheck.hits.$$"
		status=1
	fi
	# Includes: a portable header in $dir, machine.h, or <stdarg.h>.
	grep -n '^[[:space:]]*#[[:space:]]*include' "$f" | while IFS= read -r line; do
		inc=$(echo "$line" | sed -n 's/.*#[[:space:]]*include[[:space:]]*["<]\([^">]*\)[">].*/\1/p')
		case $inc in
		machine.h|stdarg.h) ;;
		*/*) echo "$f:$line: includes a header outside $dir"; echo bad > "${TMPDIR:-/tmp}/layoutcheck.bad.$$" ;;
		*) [ -e "$dir/$inc" ] || { echo "$f:$line: not a portable header"; echo bad > "${TMPDIR:-/tmp}/layoutcheck.bad.$$"; } ;;
		esac
	done
done
if [ -e "${TMPDIR:-/tmp}/layoutcheck.bad.$$" ]; then
	status=1
fi
rm -f "${TMPDIR:-/tmp}/layoutcheck.$$" "${TMPDIR:-/tmp}/layoutcheck.hits.$$" "${TMPDIR:-/tmp}/layoutcheck.bad.$$"
if [ $status -eq 0 ]; then
	echo "layoutcheck: $dir is portable"
fi
exit $status
