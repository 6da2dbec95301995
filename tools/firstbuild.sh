#!/bin/sh
# The first build on a fresh machine: make must link the kernel and a user
# program in one run although the machine's cross tools appear only while
# that run is under way, when tools/setup.sh installs them. A value that
# make computes from a cross tool while it reads its files (libgcc's path,
# say) is then computed without the tool, and the link fails.
#
# Builds a copy of the tree in a temporary directory with TOOLPREFIX
# pointing into an empty folder, and a stand-in tools/setup.sh that first
# links the real cross tools into that folder (as an install would), then
# runs the real checks. Exits 0 if the first make built both; otherwise
# prints make's last lines and exits 1.
# Usage: sh tools/firstbuild.sh [riscv|i386]   (riscv by default)
set -e
arch=${1:-riscv}
case $arch in
riscv) prefix=riscv64-unknown-elf- ;;
i386) prefix=i686-linux-gnu- ;;
*) echo "firstbuild: unknown machine $arch"; exit 2 ;;
esac
root=$(cd "$(dirname "$0")/.." && pwd)
gcc=$(command -v "${prefix}gcc") || {
	echo "firstbuild: ${prefix}gcc not found (sh tools/setup.sh $arch installs it)"
	exit 1
}
real=$(dirname "$gcc")

tmp=$(mktemp -d "${TMPDIR:-/tmp}/cowos-firstbuild.XXXXXX")
trap 'rm -rf "$tmp"' 0
trap 'exit 1' HUP INT TERM
mkdir "$tmp/tree" "$tmp/bin"
(cd "$root" && tar cf - Makefile README.md .gdbinit.tmpl kernel user mkfs tools) |
	(cd "$tmp/tree" && tar xf -)
mv "$tmp/tree/tools/setup.sh" "$tmp/tree/tools/setup.real.sh"
cat > "$tmp/tree/tools/setup.sh" <<EOF
# Stand-in for setup.sh: "install" the cross tools, then check as setup.sh does.
for t in "$real/$prefix"*; do
	ln -sf "\$t" "$tmp/bin/"
done
exec sh tools/setup.real.sh "\$@"
EOF

# A make that runs this script (make check) passes its own variables (B=,
# TOOLPREFIX=) down through the environment: the copy's make takes none.
unset MAKEFLAGS MFLAGS MAKELEVEL
b=build/$arch
if ! (cd "$tmp/tree" && TOOLPREFIX="$tmp/bin/$prefix" \
	make -j"$(nproc 2>/dev/null || echo 2)" ARCH="$arch" B="$b" "$b/kernel.elf" "$b/user/cowtest") \
	> "$tmp/make.log" 2>&1; then
	echo "firstbuild: the first make ARCH=$arch failed:"
	grep -v "^$tmp/bin/$prefix" "$tmp/make.log" | tail -n 5
	exit 1
fi
echo "firstbuild: the first make ARCH=$arch linked the kernel and cowtest"
