#!/bin/sh
# Check that the portable kernel stays portable (README.md, "Layout"):
# no file directly in kernel/ contains inline assembly or names a machine
# register or instruction, and each includes only portable headers (files
# in kernel/) and the machine interface, "machine.h"; no .c file directly
# in kernel/ uses a raw __atomic_* or __sync_* builtin (machine.h's
# atomic_* operations say what each machine needs). And the user-program
# headers stay out of the kernel: no file in kernel/ or its machine
# folders includes "riscv.h" or "memlayout.h" (kernel code includes
# "machine.h"), and the only riscv.h under kernel/ is kernel/riscv.h, the
# xv6 compatibility header (the RISC-V CSRs are kernel/riscv/csr.h).
# The memory code keeps one design: kref[] only in kalloc.c/kalloc.h,
# PTE_SHARED and the page-table walks only in vm.c, no myproc() in vm.c,
# cow.c or kalloc.c. Comments are not checked. Prints one line per
# offence; exits 1 if there is any.
# Usage: sh tools/layoutcheck.sh [DIR]   (DIR defaults to kernel)

dir=${1:-kernel}
dir=${dir%/}
status=0
tmp=${TMPDIR:-/tmp}/layoutcheck.$$

# Print file $1 with its comments blanked, line for line (so grep's line
# numbers stay right): // to the end of the line, /* */ also across
# lines. String and character literals are kept as they are.
stripcomments() {
	awk '
	{
		out = ""; i = 1; n = length($0)
		while(i <= n){
			c = substr($0, i, 1); d = substr($0, i, 2)
			if(inblock){
				if(d == "*/"){ inblock = 0; i += 2 } else i++
				continue
			}
			if(d == "/*"){ inblock = 1; out = out " "; i += 2; continue }
			if(d == "//")
				break
			out = out c; i++
			if(c == "\"" || c == "\047"){
				while(i <= n){
					e = substr($0, i, 1); out = out e; i++
					if(e == "\\"){ out = out substr($0, i, 1); i++ }
					else if(e == c) break
				}
			}
		}
		print out
	}' "$1"
}

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
	stripcomments "$f" > "$tmp"
	if grep -nwE "$names" "$tmp" > "$tmp.hits"; then
		sed "s|^|$f:|" "$tmp.hits"
		status=1
	fi
	# Atomics: through machine.h's atomic_* operations, not gcc's builtins.
	case $f in
	*.c)
		if grep -nE '__atomic|__sync' "$tmp" > "$tmp.hits"; then
			sed "s|^\([0-9]*\):[[:space:]]*|$f:\1: raw __atomic/__sync builtin in the portable kernel (use machine.h's atomic_*): |" "$tmp.hits"
			status=1
		fi
		;;
	esac
	# The memory code's one design (README.md, "Where the copy-on-write
	# code lives"): the counts (kref) only in kalloc.c and kalloc.h; PTE_SHARED only in
	# vm.c's sharing code; the page-table walkers (l1entry, the recursive
	# visit, PX indexing) only in vm.c; no process in vm.c, cow.c or
	# kalloc.c (what they need is an argument).
	base=${f##*/}
	rule() {   # rule FILES-ALLOWED REGEX WHY
		case " $1 " in *" $base "*) return ;; esac
		if grep -nE "$2" "$tmp" > "$tmp.hits"; then
			sed "s|^\([0-9]*\):[[:space:]]*|$f:\1: $3: |" "$tmp.hits"
			echo bad > "$tmp.bad"
		fi
	}
	rule "kalloc.c kalloc.h" '\bkref\b' "kref[] outside kalloc.c/kalloc.h (use krefinc, krefdec, krefcount)"
	rule "vm.c" '\bPTE_SHARED\b' "PTE_SHARED outside vm.c's sharing code"
	rule "vm.c" '\b(PX|l1entry|walkentry|leafentry|leaftable|ptvisit)\(' "a page-table walk outside vm.c (use walk, walkaddr or vmvisit)"
	case $base in
	vm.c|cow.c|kalloc.c)
		if grep -nE '\b(myproc|hotaddrs)\(' "$tmp" > "$tmp.hits"; then
			sed "s|^\([0-9]*\):[[:space:]]*|$f:\1: the memory code reaches into the process (pass what it needs as an argument): |" "$tmp.hits"
			echo bad > "$tmp.bad"
		fi
		;;
	esac
	# Includes: a portable header in $dir, machine.h, or <stdarg.h>.
	grep -n '^[[:space:]]*#[[:space:]]*include' "$f" | while IFS= read -r line; do
		inc=$(echo "$line" | sed -n 's/.*#[[:space:]]*include[[:space:]]*["<]\([^">]*\)[">].*/\1/p')
		case $inc in
		machine.h|stdarg.h) ;;
		*/*) echo "$f:$line: includes a header outside $dir"; echo bad > "$tmp.bad" ;;
		*) [ -e "$dir/$inc" ] || { echo "$f:$line: not a portable header"; echo bad > "$tmp.bad"; } ;;
		esac
	done
done

# The user-program headers: nothing in the kernel, portable or machine,
# includes riscv.h or memlayout.h (under any path).
for f in "$dir"/*.[chS] "$dir"/*/*.[chS]; do
	[ -e "$f" ] || continue
	stripcomments "$f" |
	grep -nE '^[[:space:]]*#[[:space:]]*include[[:space:]]*["<]([^">]*/)?(riscv|memlayout)\.h[">]' > "$tmp.hits" || continue
	sed "s|^\([0-9]*\):\(.*\)|$f:\1:\2: includes a header for user programs only (include \"machine.h\")|" "$tmp.hits"
	status=1
done

# One riscv.h under $dir: $dir/riscv.h, for xv6 user programs.
find "$dir" -name riscv.h ! -path "$dir/riscv.h" > "$tmp.find"
while IFS= read -r f; do
	echo "$f: a second riscv.h (only $dir/riscv.h, for user programs, may have that name; the RISC-V CSRs are riscv/csr.h)"
	status=1
done < "$tmp.find"

# ---------------------------------------------------------------------
# The machine interface list (README.md, "What a machine provides"):
# every name of kernel/ARCH/machine.h, kernel/ARCH/trapframe.h,
# kernel/arch.h and kernel/disk.h that a file in $dir uses must be in the
# list between README.md's <!-- machine-interface --> markers, and every
# name listed there must be one a machine provides. tools/machinelist.py
# (Python 3, standard library) does the comparison and prints one line
# per offence.
machinelist="$(dirname "$0")/machinelist.py"
if ! command -v python3 > /dev/null 2>&1; then
	echo "$machinelist: python3 not found: README.md's machine-interface list not checked"
	status=1
elif ! python3 "$machinelist" "$dir"; then
	status=1
fi
# ---------------------------------------------------------------------

if [ -e "$tmp.bad" ]; then
	status=1
fi
rm -f "$tmp" "$tmp.hits" "$tmp.bad" "$tmp.find"
if [ $status -eq 0 ]; then
	echo "layoutcheck: $dir is portable"
fi
exit $status
