#!/usr/bin/env python3
"""Where a command's instructions go, function by function: an exact
instruction profile of cowos under QEMU.

usage: profile.py [--arch A] [--kernel K] [--fs F] [--mem MB]
                  [--window fork|cowfault] [--nth N] [--top N] COMMAND

Boots the kernel on one CPU with `-singlestep -icount shift=0,sleep=off`,
waits for the shell, turns QEMU's execution log on through its monitor
(`log exec,nochain`: one line per instruction executed), types COMMAND,
turns the log off at the next prompt, and counts the instructions by the
kernel function (from the ELF's symbols) or "user" or "trampoline" they
belong to. Under -icount one instruction is one ns of virtual time, so
the counts are the figures `make bench` measures, split by function.

--window picks one stretch of the run instead of all of it:
  fork      from the system call that enters kfork() to the first return
            to user mode after the next kexit(): one fork+exit+wait of
            `forkbench` (its child exits at once);
  cowfault  one trap that calls cowfault(): a copy-on-write store fault,
            from trap entry to the return to user mode.
--nth N takes the Nth such window (from 0; default 3, past the warm-up).

Prints, for the window: the total; each function's own instructions
(self); each function's instructions including what it called (a stack
rebuilt from function entries; a jump into the middle of a function
such as a context switch starts a new stack); and how often each was
entered. Example (forkbench's empty-heap fork+exit+wait):

  python3 tools/profile.py --kernel build/riscv/bench-cow/kernel.elf \\
      --fs build/riscv/bench-cow/fresh.img --window fork 'forkbench -n 3 0'

Needs the machine's binutils (`nm`) and QEMU. The log of one short
command is tens of MB; it is written to a temporary file and removed.
Python 3 stdlib only.
"""

import argparse
import bisect
import collections
import os
import re
import socket
import subprocess
import sys
import tempfile
import time

import guest

TOOLPREFIX = {"riscv": "riscv64-unknown-elf-", "i386": "i686-linux-gnu-"}
# QEMU's exec log: "Trace 0: 0x7f.. [00000000/0000000080001234/...". The
# second field of the brackets is the guest pc.
TRACE_RE = re.compile(r"Trace \d+: \S+ \[[0-9a-f]+/([0-9a-f]+)/")
USER, TRAMP = "user", "trampoline"


def symbols(arch, kernel):
    """The kernel's function symbols, sorted: (addresses, names)."""
    nm = TOOLPREFIX.get(arch, "") + "nm"
    out = subprocess.check_output([nm, "-n", kernel], text=True)
    addrs, names = [], []
    for line in out.splitlines():
        f = line.split()
        if len(f) == 3 and f[1] in "tTwW":
            addrs.append(int(f[0], 16))
            names.append(f[2])
    return addrs, names


def namer(arch, addrs, names):
    """A function from a pc to what it belongs to: a kernel function,
    USER (below the kernel) or TRAMP (RISC-V's trampoline page at the top
    of every address space)."""
    kernbase = 0x80000000
    cache = {}

    def name(pc):
        if pc not in cache:
            if arch == "riscv" and pc >= (1 << 38) - 4096:
                cache[pc] = TRAMP
            elif pc < kernbase:
                cache[pc] = USER
            else:
                i = bisect.bisect_right(addrs, pc) - 1
                cache[pc] = names[i] if i >= 0 else "?"
        return cache[pc]
    return name


def trace(vm, command, logpath, timeout):
    """Boot vm, run command with QEMU's execution log on, into logpath.
    Returns what the command printed."""
    mon = logpath + ".mon"
    extra = ["-singlestep", "-icount", "shift=0,sleep=off", "-D", logpath,
             "-monitor", "unix:%s,server,nowait" % mon]
    with open(logpath + ".console", "wb") as log:
        g = guest.start(vm, log, 1, extra=extra)
        try:
            g.boot()
            s = socket.socket(socket.AF_UNIX)
            s.connect(mon)

            def monitor(cmd):
                s.sendall((cmd + "\n").encode())
                time.sleep(0.5)   # the monitor answers asynchronously
            monitor("log exec,nochain")
            out = g.run(command, timeout)
            monitor("log none")
            s.close()
            return out
        finally:
            g.stop()
            for p in (mon, logpath + ".console"):
                if os.path.exists(p):
                    os.unlink(p)


def windows(seq, kind):
    """The [start, end) index ranges of seq (function names, one per
    instruction) that kind ("fork", "cowfault" or None: everything) picks."""
    if kind is None:
        return [(0, len(seq))]
    key = "kfork" if kind == "fork" else "cowfault"
    out, i = [], 0
    while True:
        try:
            i = seq.index(key, i)
            s = i
            while s > 0 and seq[s - 1] != USER:   # back to the trap's entry
                s -= 1
            j = seq.index("kexit", i) if kind == "fork" else i
            e = seq.index(USER, j)                # forward to user mode
        except ValueError:
            return out
        out.append((s, e))
        i = e


def profile(pcs, seq, entries, lo, hi):
    """Self, inclusive and entry counts of the instructions lo..hi-1."""
    own, incl, calls = collections.Counter(), collections.Counter(), collections.Counter()
    stack = []
    for k in range(lo, hi):
        f = seq[k]
        own[f] += 1
        entered = pcs[k] in entries and (k == 0 or pcs[k - 1] != pcs[k])
        if entered:
            calls[f] += 1
            stack.append(f)
        elif not stack or stack[-1] != f:
            if f in stack:           # returned to a caller
                del stack[stack.index(f) + 1:]
            else:                    # a jump into f's middle: trap, swtch
                stack = [f]
        for g in set(stack):
            incl[g] += 1
    return own, incl, calls


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    guest.add_options(ap)
    ap.add_argument("--window", choices=["fork", "cowfault"])
    ap.add_argument("--nth", type=int, default=3, help="which window, from 0")
    ap.add_argument("--top", type=int, default=30, help="lines per table")
    ap.add_argument("--timeout", type=int, default=600, help="seconds for the command")
    ap.add_argument("command")
    ap.set_defaults(cpus=1)
    vm = guest.parse_args(ap)
    vm.cpus = 1   # one CPU: one instruction stream
    if not guest.ready(vm, "profile"):
        return 1
    addrs, names = symbols(vm.arch, vm.kernel)
    name = namer(vm.arch, addrs, names)
    fd, logpath = tempfile.mkstemp(prefix="cowos-trace-", suffix=".log")
    os.close(fd)
    try:
        trace(vm, vm.command, logpath, vm.timeout)
        pcs = []
        with open(logpath) as f:
            for line in f:
                m = TRACE_RE.match(line)
                if m:
                    pcs.append(int(m.group(1), 16))
    finally:
        os.unlink(logpath)
    seq = [name(pc) for pc in pcs]
    wins = windows(seq, vm.window)
    if not wins or vm.nth >= len(wins) and vm.window:
        print("profile: %d %s window(s) in %d instructions; none numbered %d"
              % (len(wins), vm.window, len(seq), vm.nth))
        return 1
    lo, hi = wins[vm.nth] if vm.window else wins[0]
    if vm.window:
        print("%s windows (instructions): %s" % (vm.window, " ".join(str(e - s) for s, e in wins)))
    print("window %s: %d instructions" % (vm.nth if vm.window else "all", hi - lo))
    own, incl, calls = profile(pcs, seq, set(addrs), lo, hi)
    for title, c in (("self", own), ("inclusive", incl), ("entered", calls)):
        print("\n%s:" % title)
        for f, n in c.most_common(vm.top):
            print("%8d  %s" % (n, f))
    return 0


if __name__ == "__main__":
    sys.exit(main())
