#!/usr/bin/env python3
# Boot cowos in QEMU with the console on pipes, run the in-guest test
# programs and a few "new user" programs through the shell, and print one
# PASS/FAIL line per test, then "N passed, M failed". Python 3 stdlib only.
"""Run cowos' in-guest tests.

usage: check.py [--arch A] [--cpus N] [--mem MB] [--kernel K] [--fs IMG]
                [--only NAME] [--full] [--qemu BINARY] [--iso ISO]
                [--board VARIANT]

Boots machine A (tools/guest.py; riscv by default) with K and a private
copy of IMG (build/A/kernel.elf and build/A/fresh.img by default).
NAME is a program (cowtest), one case of it (cowtest/simple) or a new-user
check (xargs). Exit status 0 iff every test passed and at least one ran.
The whole console output goes to check.log beside the kernel.
With --iso, the ISO's tests instead, and only those (make check-iso, in
make check-all: they are slow): ISO (make iso) boots from the CD-ROM
drive on the PC (i386) with IDE disk IMG and uses it, and with no disk
on pc and on q35 runs cowtest and usertests -q from its RAM disk.
With --board, a board's tests instead, and only those (make check-board,
in make check-all on RISC-V): the machine's VARIANT (sifive_u) boots
through its firmware and runs cowtest and usertests -q from the RAM disk.
"""

import argparse
import ipaddress
import os
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time

import bench
import fsck
import fuzz
import gradetest
import guest
from guest import GuestDied

CASE_RE = re.compile(r"test (\S+): (OK|FAILED)(.*)")
PMAP_RUN_RE = re.compile(r"^0x([0-9a-f]+) 0x([0-9a-f]+) +(\d+) (?:([r-][w-][x-][u-]) +(\d+)( cow)?"
                         r"(?: sharedpt (\d+))?|----      lazy)$")
PMAP_SUM_RE = re.compile(r"^pid (\d+): (\d+) pages below 0x([0-9a-f]+): (\d+) private, (\d+) shared "
                         r"read-only, (\d+) COW-shared, (\d+) lazy; (\d+) page-table pages "
                         r"\((\d+) shared\)$")
# The DEBUG kernel's boot line, and the lines of `vmcheck break WHEN`: what
# the program says it breaks, and the checker's panic line.
DEBUG_BANNER = "cowos: DEBUG build: frame and page-table checks on"
VMCHECK_BREAK_RE = re.compile(r"vmcheck: (?:breaking the count of|marking) pid (\d+) va 0x([0-9a-f]+)")
VMCHECK_PANIC_RE = re.compile(r"vmcheck: after ([\w ]+): ([^:\n]+): frame 0x([0-9a-f]+) count found "
                              r"(-?\d+) expected (\d+); pid (\d+) va 0x([0-9a-f]+) pte 0x[0-9a-f]+")
# For each WHEN, what the panic line says the check came after.
VMCHECK_AFTER = {"now": "vmdebug", "fork": "fork", "exec": "exec", "sbrk": "sbrk",
                 "exit": "exit", "cow": "COW fault"}
# For `vmcheck mark WHAT`, the broken rule the panic line must name.
VMCHECK_MARK = {"heap": "a PTE is both writable and COW-marked",
                "text": "a page exec mapped read-only is writable or COW-marked"}
# `vmcheck textwrite` and `rodatawrite`: the kernel's line naming the byte
# of its text or read-only data it stores into, then the fault line
# kerneltrap() prints before "panic: kerneltrap": a store page fault at
# that address (RISC-V: scause 15, stval), or a page fault with error code
# 0x3 (present, write, supervisor) at it (i386: cr2).
TEXTWRITE = {"textwrite": "text", "rodatawrite": "read-only data"}
TEXTWRITE_RE = re.compile(r"vmdebug: pid (\d+) stores into kernel ([a-z -]+) at 0x([0-9a-f]+)")
TEXTFAULT_RE = {
    "riscv": re.compile(r"scause 0xf \(store page fault\) sepc 0x[0-9a-f]+ stval 0x([0-9a-f]+)\s*\n"
                        r"panic: kerneltrap"),
    "i386": re.compile(r"trap 14 \(page fault\) err 0x3 eip 0x[0-9a-f]+ cr2 0x([0-9a-f]+) cpu \d+\s*\n"
                       r"panic: kerneltrap"),
}
# Frames the machine's disk driver holds once it is set up: virtio's
# descriptor, available and used rings (kernel/riscv/virtio_disk.c) on
# RISC-V, none for the PC's IDE (kernel/i386/ide.c). The ramdisk test
# counts the image's frames against a boot with a disk.
DISK_DRIVER_PAGES = {"riscv": 3, "i386": 0}
# unknownsys: what each process says of its calls, and the kernel's line.
UNKNOWN_DONE_RE = re.compile(r"^pid (\d+): 3 of 3 returned -1$")
UNKNOWN_LINE_RE = re.compile(r"^pid (\d+) \(unknownsys\): unknown system call \d+ \(reported once per process\)$")
# Addresses print with all the digits of a pointer: 16 on RISC-V, 8 on i386.
KILL_RE = re.compile(r"^pid \d+ \((\S+)\): killed: [a-zA-Z ]+ "
                     r"at va 0x(?:[0-9a-f]{8}|[0-9a-f]{16}) "
                     r"pc 0x(?:[0-9a-f]{8}|[0-9a-f]{16})$")

# In-guest test programs: (name, time limit in seconds, closing lines).
# The limits are for up to MEM_SCALE_MB of RAM; with more, they grow in
# proportion, since cases that fill RAM (cowtest's simple, oom, forkoom)
# take longer.
SUITES = [
    ("cowtest",  240, "ALL COW TESTS PASSED", "SOME COW TESTS FAILED"),
    ("proctest", 120, "ALL TESTS PASSED", "SOME TESTS FAILED"),
    ("filetest", 120, "ALL TESTS PASSED", "SOME TESTS FAILED"),
    ("pipetest", 120, "ALL TESTS PASSED", "SOME TESTS FAILED"),
    ("memtest",  120, "ALL TESTS PASSED", "SOME TESTS FAILED"),
    ("usertests", 900, "ALL TESTS PASSED", "SOME TESTS FAILED"),
    ("pmaptest", 120, "ALL PMAP TESTS PASSED", "SOME PMAP TESTS FAILED"),
    # xv6-public's user API (user/xv6public/), used as its programs do.
    ("x86api",    60, "ALL TESTS PASSED", "SOME TESTS FAILED"),
    ("x86cow",    60, "ALL TESTS PASSED", "SOME TESTS FAILED"),
    ("x86printf", 60, "ALL TESTS PASSED", "SOME TESTS FAILED"),
]
# Programs whose quick run (the default; --full runs everything) takes
# these arguments.
QUICK_ARGS = {"usertests": "-q"}
COMMAND_TIMEOUT = 60     # seconds for one new-user command
COWX86_MAXFORK = 64      # cowx86: a fork takes fewer free pages than this
FUZZ_SEED = 1            # make check's fuzz round: its seed
FUZZ_CALLS = 10000       # ... and its system calls (about 20 s)
MEM_SCALE_MB = 1024
BENCH_COMMAND = "forkbench -n 2 0 1"   # make check's bench round: two sizes, quick
BENCH_BOOTS = 2                        # ... in this many boots, which must agree


class Checker:
    """Boots guests as needed, runs checks, keeps the tally."""

    def __init__(self, args, log):
        self.args = args
        self.log = log
        self.guest = None
        self.boots = 0
        self.boot_broken = None  # why a boot failed: no more attempts
        self.passed = 0
        self.failed = 0
        # A DEBUG build's kernel holds its boot line.
        with open(args.kernel, "rb") as f:
            self.debug = DEBUG_BANNER.encode() in f.read()

    def result(self, name, ok, why=""):
        if ok:
            self.passed += 1
            print("PASS %s" % name, flush=True)
        else:
            self.failed += 1
            print("FAIL %s: %s" % (name, why), flush=True)

    def ensure_guest(self):
        if self.boot_broken:
            raise GuestDied("not run, an earlier boot failed")
        if self.guest is None:
            self.boots += 1
            self.guest = guest.start(self.args, self.log, self.boots)
            try:
                self.guest.boot()
            except GuestDied as e:
                self.boot_broken = str(e)
                self.drop_guest()
                raise

    def drop_guest(self):
        if self.guest is not None:
            self.guest.stop()
            self.guest = None

    def run(self, command, timeout):
        """Run command in a booted guest. Returns (output, error), error
        being None or why the guest died (it is then discarded)."""
        try:
            self.ensure_guest()
        except GuestDied as e:
            return "", "boot failed: %s" % e
        start = self.guest.mark()
        try:
            return self.guest.run(command, timeout), None
        except GuestDied as e:
            # What the command printed; if the guest died before even the
            # echo of the command line was seen (a panic at once), all of
            # the console output since the command was typed.
            out = getattr(e, "output", "") or self.guest.text[start:]
            self.drop_guest()
            return out, str(e)

    def suite(self, prog, timeout, passline, failline, case=None):
        """Run one test program and report each of its cases."""
        if case is not None:
            command = "%s %s" % (prog, case)
        elif prog in QUICK_ARGS and not self.args.full:
            command = "%s %s" % (prog, QUICK_ARGS[prog])
        else:
            command = prog
        t0 = time.monotonic()
        timeout = timeout * max(1.0, self.args.mem / MEM_SCALE_MB)
        out, err = self.run(command, timeout)
        lines = out.split("\n")
        cases = []
        for line in lines:
            m = CASE_RE.search(line)
            if m:
                cases.append((m.group(1), m.group(2) == "OK", m.group(3).strip()))
        for name, ok, why in cases:
            self.result("%s/%s" % (prog, name), ok, why)
        closing = [l.strip() for l in lines if l.strip() in (passline, failline)]
        if err:
            last = cases[-1][0] if cases else "none"
            self.result(prog, False, "%s (last case reported: %s)" % (err, last))
            return
        if not closing:
            first = next((l.strip() for l in lines if l.strip()), "no output")
            self.result(prog, False, "ended without '%s' (output: %s)" % (passline, first))
            return
        if not cases:
            self.result(prog, False, "no test cases reported")
            return
        if closing[-1] == failline and all(ok for _, ok, _ in cases):
            self.result(prog, False, "printed '%s' but no case failed" % failline)
        if (prog, case) in (("memtest", None), ("memtest", "kills"), ("memtest", "killlines"),
                            ("x86trap", None)):
            self.kill_messages(prog, lines)
        if prog == "x86printf":
            # Its own printf() wrote this line to the console unexpanded.
            want = "x86printf: our printf prints %d as it is"
            self.result("x86printf/console", want in [l.strip() for l in lines],
                        "no line %r in its output" % want)
        if prog == "memtest" and case in (None, "killlines"):
            self.whole_lines(lines)
        print("     %s took %.1fs" % (command, time.monotonic() - t0), flush=True)

    def kill_messages(self, prog, lines):
        """Every process of prog that gets killed must be named in exactly
        one well-formed console line."""
        kills = [l.strip() for l in lines if "killed" in l]
        bad = [l for l in kills if not KILL_RE.match(l) or "(%s)" % prog not in l]
        name = "%s/killmessage" % prog
        if not kills:
            self.result(name, False, "no 'pid N (%s): killed: ...' line" % prog)
        elif bad:
            self.result(name, False, "malformed: %r" % bad[0])
        else:
            self.result(name, True)

    def grader(self):
        """What a course's grading script does (tools/gradetest.py): make
        print-gdbport, make qemu-gdb, attach over the gdb port, continue,
        run cowtest and usertests -q at the shell, with no host name
        resolving (NoHostNames), as on a root without /etc/hosts. Boots
        the kernel of the build directory of --kernel (with DEBUG=1 for a
        DEBUG kernel), on a disk of its own made from the fresh image (the
        user's fs.img is left alone). First, GraderChecks: no host name
        needed, and no QEMU left behind by a failing step."""
        self.drop_guest()
        bdir = os.path.relpath(os.path.dirname(os.path.abspath(self.args.kernel)), guest.ROOT)
        margs = ["ARCH=%s" % self.args.arch, "B=%s" % bdir, "FSIMG=%s" % os.path.join(bdir, "grade.img"),
                 "CPUS=%d" % self.args.cpus, "MEM_MB=%d" % self.args.mem]
        if self.debug:
            margs.append("DEBUG=1")
        checks = GraderChecks(self, bdir, margs)
        checks.no_hostname()
        checks.stop_on_error()
        checks.stop_on_interrupt()
        checks.stop_on_sigterm()
        self.boots += 1
        log = os.path.join(guest.ROOT, bdir, "gradetest.log")
        with NoHostNames():
            results = gradetest.run(margs, log_path=log)
        for name, ok, why in results:
            self.result("grader/%s" % name, ok, why)

    def fuzz(self):
        """A short round of tools/fuzz.py: FUZZ_CALLS random system calls
        from several processes (seed FUZZ_SEED, so a failure replays with
        `python3 tools/fuzz.py --seed 1`); no panic or hang, no leaked
        page, no broken isolation, and fsck finds the disk clean."""
        self.drop_guest()
        self.boots += 1
        ok, detail = fuzz.fuzz_round(self.args.kernel, self.args.fs, cpus=self.args.cpus,
                                     mem=self.args.mem, seed=FUZZ_SEED, count=FUZZ_CALLS,
                                     qemu=self.args.qemu, log=self.log, arch=self.args.arch)
        self.result("fuzz", ok, detail)
        if ok:
            print("     %s" % detail, flush=True)

    def bench(self):
        """What make bench relies on (README.md, "Benchmarks"): forkbench
        on one CPU under -icount, in BENCH_BOOTS boots, finds the machine's
        clock instruction-exact (no `note:` line), finishes without a
        leak, corruption or error, and every boot prints the same
        figures."""
        name = "bench/deterministic"
        self.drop_guest()
        vm = guest.VM(self.args.arch, self.args.kernel, self.args.fs, 1, self.args.mem,
                      self.args.qemu)
        runs = []
        for i in range(BENCH_BOOTS):
            self.boots += 1
            g = guest.start(vm, self.log, self.boots, extra=["-icount", bench.ICOUNT])
            try:
                g.boot()
                out = g.run(BENCH_COMMAND, COMMAND_TIMEOUT)
            except GuestDied as e:
                self.result(name, False, "boot %d: %s" % (i + 1, e))
                return
            finally:
                g.stop()
            results, _, _, problems = bench.parse("boot %d" % (i + 1), out, "check.log")
            if problems:
                self.result(name, False, problems[0])
                return
            if not results:
                self.result(name, False, "boot %d: no figures" % (i + 1))
                return
            runs.append(results)
        differ = sorted(k for k in runs[0] if any(r.get(k) != runs[0][k] for r in runs[1:]))
        self.result(name, not differ, "" if not differ else "%s %d MiB: %s" % (
            differ[0][0], differ[0][1], ", ".join(str(r.get(differ[0])) for r in runs)))

    def whole_lines(self, lines):
        """memtest killlines prints lines of 200 'x's while the kernel
        prints kill lines: none may be cut by the other."""
        xs = [l.strip() for l in lines if "xxxx" in l]
        bad = [l for l in xs if l != "x" * 200]
        if len(xs) < 20:
            self.result("memtest/wholelines", False,
                        "%d lines of x, expected at least 20" % len(xs))
        elif bad:
            self.result("memtest/wholelines", False, "a line was cut: %r" % bad[0][:120])
        else:
            self.result("memtest/wholelines", True)

    def lines_of(self, name, command):
        """Run a new-user command; returns its non-empty output lines, or
        None after reporting a failure of name."""
        out, err = self.run(command, COMMAND_TIMEOUT)
        if err:
            self.result(name, False, "%s: %s" % (command, err))
            return None
        return [l.strip() for l in out.split("\n") if l.strip()]

    def expect(self, name, command, want):
        got = self.lines_of(name, command)
        if got is None:
            return
        self.result(name, got == want, "'%s' printed %r, expected %r" % (command, got, want))

    def pmap(self):
        """The pmap program's output adds up: its runs follow one another
        from address 0 to the top, each as long as its page count says
        (one page each with -v), and the summary's counts are those of
        the runs."""
        for name, command, verbose in (("pmap", "pmap", False), ("pmap/verbose", "pmap -v 1", True)):
            got = self.lines_of(name, command)
            if got is not None:
                why = pmap_output(got, verbose)
                self.result(name, why is None, "'%s': %s (output %r)" % (command, why, got[:8]))

    def vmcheck(self):
        """The DEBUG kernel's checker (kernel/vmcheck.c). In a DEBUG kernel:
        `vmcheck` finds everything consistent; `vmcheck sleep` sleeps
        inside an event while other processes fork, fault and ask for
        checks, none of which may wait for it or panic; then, one boot each,
        `vmcheck break WHEN` adds a reference to one frame and does WHEN,
        and the check after WHEN must panic naming that page (pid, va),
        with a count found one above the count expected (after fork, exec
        and a COW fault, the PTE named may be a child's, which shares the
        frame at the same address); `vmcheck mark heap|text` sets the COW
        mark on a writable heap page or on text, and the check must name
        that rule; `vmcheck textwrite` and `rodatawrite` make the kernel
        store into its own text and read-only data, which must fault (both
        are read-only) and panic. In a normal kernel: there is no checker
        (vmcheck says so)."""
        try:
            self.ensure_guest()
        except GuestDied as e:
            self.result("vmcheck", False, "boot failed: %s" % e)
            return
        if not self.debug:
            got = self.lines_of("vmcheck/absent", "vmcheck")
            if got is not None:
                want = "vmcheck: this kernel has no checker (build it with make DEBUG=1)"
                self.result("vmcheck/absent", want in got, "'vmcheck' printed %r" % got)
            return
        got = self.lines_of("vmcheck/consistent", "vmcheck")
        if got is not None:
            ok = any(re.match(r"^vmcheck: consistent, [1-9]\d* checks since boot$", l) for l in got)
            self.result("vmcheck/consistent", ok, "'vmcheck' printed %r" % got)
        got = self.lines_of("vmcheck/sleep", "vmcheck sleep")
        if got is not None:
            ok = any(l.startswith("vmcheck: sleep: OK") for l in got)
            self.result("vmcheck/sleep", ok, "'vmcheck sleep' printed %r" % got)
        for when, after in VMCHECK_AFTER.items():
            self.vmcheck_panic("vmcheck/break-%s" % when, "vmcheck break %s" % when, after, None,
                               1, when in ("now", "sbrk", "exit"))
        for what, rule in VMCHECK_MARK.items():
            self.vmcheck_panic("vmcheck/mark-%s" % what, "vmcheck mark %s" % what, "vmdebug", rule,
                               0, True)
        for what, where in TEXTWRITE.items():
            self.vmcheck_textwrite(what, where)

    def vmcheck_textwrite(self, what, where):
        """In a fresh boot of the DEBUG kernel, `vmcheck WHAT`: the
        kernel's store into its own text or read-only data (where) must
        take a kernel page fault at the address it named, and kerneltrap()
        must panic."""
        name = "vmcheck/" + what
        got = self.run_fresh(name, "vmcheck " + what)
        if got is None:
            return
        out, err = got
        w, f = TEXTWRITE_RE.search(out), TEXTFAULT_RE[self.args.arch].search(out)
        if not err or "panic" not in err:
            why = "no panic: the kernel wrote into its %s (%s; output %r)" % (
                where, err or "the prompt came back", out[-300:])
        elif not w or not f or w.group(2) != where:
            why = "no line naming the %s address, or no store fault there, then " \
                  "'panic: kerneltrap' (output %r)" % (where, out[-400:])
        elif int(f.group(1), 16) != int(w.group(3), 16):
            why = "the fault is at 0x%s, the kernel stored at 0x%s" % (f.group(1), w.group(3))
        else:
            why = None
        self.result(name, why is None, why)

    def run_fresh(self, name, command):
        """Run command in a fresh boot, expecting it may panic, and drop
        that guest. Returns (all the console output from the command on,
        the error or None), or None after reporting a boot failure of
        name."""
        self.drop_guest()
        try:
            self.ensure_guest()
        except GuestDied as e:
            self.result(name, False, "boot failed: %s" % e)
            return None
        # All the console from the command on: a quick panic can come
        # before run() has seen the command's echo.
        g = self.guest
        start = g.mark()
        _, err = self.run(command, COMMAND_TIMEOUT)
        self.drop_guest()
        return g.text[start:], err

    def vmcheck_panic(self, name, command, after, rule, extra, samepid):
        """Run command in a fresh boot and expect the checker's panic line:
        after the event after, for the broken rule (None: any), with a
        count found extra above the count expected, naming the page
        command said it broke (and its pid, if samepid)."""
        got = self.run_fresh(name, command)
        if got is None:
            return
        out, err = got
        b, m = VMCHECK_BREAK_RE.search(out), VMCHECK_PANIC_RE.search(out)
        if not err or "panic" not in err:
            why = "no panic (%s; output %r)" % (err or "the prompt came back", out[-300:])
        elif not b or not m:
            why = "no line naming the page, or no checker line naming frame, found, " \
                  "expected and a PTE (output %r)" % out[-400:]
        elif m.group(1) != after or (rule and m.group(2) != rule):
            why = "expected a check after %r finding %r: %r" % (after, rule or "anything", m.group(0))
        elif int(m.group(4)) != int(m.group(5)) + extra:
            why = "count found %s, expected %s: not %d too many" % (m.group(4), m.group(5), extra)
        elif int(m.group(7), 16) != int(b.group(2), 16) or (samepid and m.group(6) != b.group(1)):
            why = "the panic names pid %s va 0x%s, the broken page is pid %s va 0x%s" % (
                m.group(6), m.group(7), b.group(1), b.group(2))
        else:
            why = None
        self.result(name, why is None, why)

    def unknownsys(self):
        """An unknown system call returns -1, and the kernel says so on
        the console once per process: the two processes of unknownsys
        make three each, and each is named in exactly one line."""
        got = self.lines_of("unknownsys", "unknownsys")
        if got is None:
            return
        done = [m.group(1) for m in map(UNKNOWN_DONE_RE.match, got) if m]
        said = [m.group(1) for m in map(UNKNOWN_LINE_RE.match, got) if m]
        if len(done) != 2:
            why = "expected two processes whose three calls all returned -1"
        elif sorted(said) != sorted(done):
            why = "expected one console line for each of pids %s, got lines for %s" % (done, said)
        else:
            why = ""
        self.result("unknownsys", not why, "%s (output %r)" % (why, got))

    def x86trap(self):
        """On i386, system calls made with inline int $64 with good and bad
        stack pointers, and privileged instructions in user mode
        (user/i386/x86trap.c): each process killed gets one well-formed
        line."""
        if self.args.arch != "i386":
            return
        self.suite("x86trap", 60, "ALL TESTS PASSED", "SOME TESTS FAILED")

    def pingpong(self):
        got = self.lines_of("pingpong", "pingpong")
        if got is None:
            return
        ping = re.match(r"^(\d+): received ping$", got[0]) if len(got) == 2 else None
        pong = re.match(r"^(\d+): received pong$", got[1]) if len(got) == 2 else None
        ok = bool(ping and pong and ping.group(1) != pong.group(1))
        self.result("pingpong", ok, "printed %r" % got)

    def cowx86(self):
        """user/cowx86.c, the x86 COW assignment's example: the child sees
        fewer free pages than the parent did before the fork (the fork
        took some: page tables, a kernel stack, a few private pages) but
        fewer than COWX86_MAXFORK fewer (copy-on-write, not a copy of
        the process), and once the child has exited the parent sees
        exactly as many as before (nothing leaked: getNumFreePages() is
        exact and nothing else runs; a leak of the child's one stack
        page must show)."""
        got = self.lines_of("cowx86", "cowx86")
        if got is None:
            return
        child = [re.match(r"^child sees (\d+) free$", l) for l in got]
        parent = [re.match(r"^parent: (\d+) before, (\d+) after$", l) for l in got]
        child = [int(m.group(1)) for m in child if m]
        parent = [(int(m.group(1)), int(m.group(2))) for m in parent if m]
        if len(child) != 1 or len(parent) != 1:
            self.result("cowx86", False, "'cowx86' printed %r" % got)
            return
        n, (b, a) = child[0], parent[0]
        if n >= b:
            why = "the child sees %d free pages, not fewer than the %d before fork" % (n, b)
        elif b - n >= COWX86_MAXFORK:
            why = "fork took %d pages (%d before, %d in the child), %d or more" % (
                b - n, b, n, COWX86_MAXFORK)
        elif a != b:
            why = "%d free pages before the fork, %d after the child exited" % (b, a)
        else:
            why = None
        self.result("cowx86", why is None, why)

    def primes(self):
        want = ["prime %d" % p for p in range(2, 36)
                if all(p % d for d in range(2, p))]
        self.expect("primes", "primes", want)

    def find(self):
        for setup in ("mkdir fa", "mkdir fa/fb", "echo x > fa/fb/wc"):
            if self.lines_of("find", setup) is None:
                return
        got = self.lines_of("find", "find . wc")
        if got is None:
            return
        want = ["./fa/fb/wc", "./wc"]
        self.result("find", sorted(got) == want, "'find . wc' printed %r, expected %r"
                    % (got, want))

    def xargs(self):
        self.expect("xargs", "echo hello too | xargs echo bye", ["bye hello too"])
        self.expect("xargs/lines", "(echo 1 ; echo 2) | xargs echo line",
                    ["line 1", "line 2"])


BANNER_RE = re.compile(r"cowos: (\d+) MiB RAM, (\d+) free pages")


def ram(c):
    """The ram test: the kernel took its RAM size from the machine (the
    device tree, the Multiboot map), not from the build: the boot banner
    and the allocator's frames (memstat) agree with QEMU's -m, within what
    the machine keeps for itself (guest.MACHINES: ram_max_mb,
    ram_slack_mb)."""
    out, err = c.run("memstat", COMMAND_TIMEOUT)
    if err:
        c.result("ram", False, err)
        return
    m = BANNER_RE.search(c.guest.text) if c.guest else None
    total = re.search(r"^totalpages (\d+)", out, re.M)
    if not m or not total:
        c.result("ram", False, "no banner or no memstat totalpages in the output")
        return
    mach = guest.machine(c.args.arch)
    want = min(c.args.mem, mach["ram_max_mb"])
    got = int(m.group(1))
    frames = int(total.group(1))
    # The allocator manages RAM less the kernel image, its counts and the
    # boot page tables: at most 16 MiB at the sizes tested.
    ok = want - mach["ram_slack_mb"] <= got <= want and \
        (got - 16) * 256 <= frames <= got * 256
    c.result("ram", ok, "" if ok else
             "-m %d MiB: banner says %d MiB, the allocator manages %d frames (%d MiB)"
             % (c.args.mem, got, frames, frames // 256))


def firmware(c):
    """The firmware test, on a machine whose kernel runs under firmware
    that prints a banner (guest.MACHINES: firmware_banner; RISC-V's
    OpenSBI): the last boot's console shows the firmware's banner, then
    the kernel's. Nothing to check (and no test counted) elsewhere."""
    banner = guest.machine(c.args.arch).get("firmware_banner")
    if not banner:
        return
    try:
        c.ensure_guest()
    except GuestDied as e:
        c.result("firmware", False, "boot failed: %s" % e)
        return
    text = c.guest.text
    fw, kern = text.find(banner), text.find("cowos: copy-on-write")
    ok = 0 <= fw < kern
    c.result("firmware", ok, "" if ok else
             "no %r banner before cowos's boot line (at %d and %d)" % (banner, fw, kern))


def pmap_output(lines, verbose):
    """Why the pmap program's output lines are not consistent, or None."""
    if len(lines) < 4 or not re.match(r"^pid \d+$", lines[0]) or not lines[1].startswith("start"):
        return "no 'pid N' line and header"
    m = PMAP_SUM_RE.match(lines[-1])
    if not m:
        return "no summary line"
    va = 0
    counts = [0, 0, 0, 0]   # private, shared read-only, COW-shared, lazy
    for l in lines[2:-1]:
        r = PMAP_RUN_RE.match(l)
        if not r:
            return "bad line %r" % l
        start, end, pages = int(r.group(1), 16), int(r.group(2), 16), int(r.group(3))
        if start != va or end - start != pages * 4096 or pages == 0 or (verbose and pages != 1):
            return "line %r does not follow 0x%x" % (l, va)
        va = end
        if r.group(4) is None:
            counts[3] += pages
        elif int(r.group(5)) <= 1 and int(r.group(7) or 1) <= 1:
            counts[0] += pages
        else:
            counts[2 if r.group(6) else 1] += pages
    total, top = int(m.group(2)), int(m.group(3), 16)
    if va != top or total * 4096 != top:
        return "runs end at 0x%x, the summary says 0x%x (%d pages)" % (va, top, total)
    if counts != [int(m.group(i)) for i in range(4, 8)]:
        return "the runs count %r pages, the summary other numbers" % counts
    if int(m.group(8)) < 1:
        return "no page-table pages"
    if int(m.group(9)) > int(m.group(8)):
        return "more shared page-table pages than page-table pages"
    return None


def layout(c):
    """The layout test: tools/layoutcheck.sh finds no inline assembly, no
    machine register or instruction name, and no machine header other than
    machine.h in the portable kernel (kernel/*.c, *.h)."""
    r = subprocess.run(["sh", os.path.join(guest.ROOT, "tools", "layoutcheck.sh"),
                        os.path.join(guest.ROOT, "kernel")],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines = r.stdout.strip().splitlines()
    c.result("layout", r.returncode == 0,
             "" if r.returncode == 0 else "; ".join(lines[:5]) +
             (" (%d more)" % (len(lines) - 5) if len(lines) > 5 else ""))


def firstbuild(c):
    """The first build on a fresh machine (tools/firstbuild.sh): make links
    the kernel and a user program in the run whose set-up makes the cross
    tools appear."""
    r = subprocess.run(["sh", os.path.join(guest.ROOT, "tools", "firstbuild.sh"), c.args.arch],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines = r.stdout.strip().splitlines()
    c.result("firstbuild", r.returncode == 0, "" if r.returncode == 0 else "; ".join(lines[-3:]))


def maketargets(c):
    """xv6-public's make targets: `make qemu-nox` boots as `make qemu`
    does, and `make qemu-nox-gdb` as `make qemu-gdb`: make -n prints the
    same QEMU command line for each pair (the build directory of
    --kernel, this machine). On a machine with a screen, `make qemu-vga`
    (xv6-public's `make qemu`) is `make qemu` with a window on it."""
    bdir = os.path.relpath(os.path.dirname(os.path.abspath(c.args.kernel)), guest.ROOT)
    margs = ["ARCH=%s" % c.args.arch, "B=%s" % bdir, "GDBPORT=1"]

    def command(target):
        r = subprocess.run(["make", "-n", "--no-print-directory"] + margs + [target],
                           cwd=guest.ROOT, env=guest.make_env(), stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True)
        return [l for l in r.stdout.splitlines() if l.startswith("exec ")], r

    for ours, theirs in (("qemu", "qemu-nox"), ("qemu-gdb", "qemu-nox-gdb")):
        want, _ = command(ours)
        got, r = command(theirs)
        ok = r.returncode == 0 and want and got == want
        c.result("make/%s" % theirs, ok, "" if ok else "make -n %s: %r, make -n %s: %r" % (
            theirs, got or r.stdout.strip().splitlines()[-1:], ours, want))

    # On a machine with a screen, `make qemu-vga` boots as `make qemu`
    # does, with guest.py's --screen=window: QEMU gets the machine's
    # display adapter and its default display (a window), not -nographic.
    m = guest.machine(c.args.arch)
    if "screen" in m:
        want, _ = command("qemu")
        got, r = command("qemu-vga")
        why = ""
        if r.returncode != 0 or not want or got != [l + " --screen=window" for l in want]:
            why = "make -n qemu-vga: %r, make -n qemu: %r" % (
                got or r.stdout.strip().splitlines()[-1:], want)
        else:
            argv = guest.qemu_command(c.args.arch, c.args.kernel, c.args.fs, 1, 128,
                                      screen="window")
            joined = " ".join(argv)
            if " ".join(m["screen"]) not in joined or "-nographic" in argv or "-display" in argv:
                why = "--screen=window runs %r" % joined
        c.result("make/qemu-vga", not why, why)


# The vga test: the PC's screen in text mode (IBM VGA: 80x25 cells of two
# bytes, the character then its attribute, at physical 0xB8000), read
# through QEMU's monitor, and the command typed on its PS/2 keyboard with
# the monitor's sendkey.
VGA_TEXT = 0xB8000
VGA_COLS = 80
VGA_ROWS = 25
VGA_COMMAND = "echo hello vga"
VGA_OUTPUT = "hello vga"
VGA_TIMEOUT = 20         # seconds from the last key to the output on screen
# sendkey's names (QEMU's QKeyCode) of the characters that are not their
# own name: a letter or digit is itself, and shift- makes a capital.
SENDKEY_NAMES = {" ": "spc", "\n": "ret", "-": "minus", "=": "equal", ".": "dot",
                 ",": "comma", "/": "slash", ";": "semicolon", "'": "apostrophe",
                 "[": "bracket_left", "]": "bracket_right", "\\": "backslash",
                 "`": "grave_accent", "|": "shift-backslash", ">": "shift-dot",
                 "<": "shift-comma", "&": "shift-7", "!": "shift-1", "_": "shift-minus"}


def sendkeys(text):
    """The sendkey arguments that type text on a US keyboard, one per
    character. Raises KeyError for a character without one."""
    keys = []
    for ch in text:
        if ch.isascii() and (ch.islower() or ch.isdigit()):
            keys.append(ch)
        elif ch.isascii() and ch.isupper():
            keys.append("shift-" + ch.lower())
        else:
            keys.append(SENDKEY_NAMES[ch])
    return keys


class Monitor:
    """QEMU's human monitor on a Unix socket (-monitor unix:PATH,server,nowait):
    one command at a time, each answered when the next (qemu) prompt
    comes."""

    PROMPT = b"(qemu) "

    def __init__(self, path, timeout=10):
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                self.sock.connect(path)
                break
            except OSError:
                self.sock.close()
                if time.monotonic() >= deadline:
                    raise GuestDied("QEMU's monitor socket %s did not open" % path)
                time.sleep(0.1)
        self.sock.settimeout(timeout)
        self.read_prompt()

    def read_prompt(self):
        """What the monitor said up to its next prompt (bytes). GuestDied
        if it closes or stays silent for the socket's time limit."""
        got = b""
        try:
            while not got.endswith(self.PROMPT):
                data = self.sock.recv(4096)
                if not data:
                    raise GuestDied("QEMU's monitor closed")
                got += data
        except socket.timeout:
            raise GuestDied("QEMU's monitor did not answer (got %r)" % got[-80:])
        return got

    def command(self, line):
        """Run one monitor command; returns its answer (bytes)."""
        self.sock.sendall(line.encode() + b"\n")
        return self.read_prompt()

    def close(self):
        self.sock.close()


def vga_rows(data):
    """The 25 rows of 80 characters of VGA text memory data (every other
    byte: the characters, not the attributes), trailing blanks removed."""
    chars = bytes(data[0:2 * VGA_COLS * VGA_ROWS:2]).replace(b"\0", b" ")
    return [chars[r * VGA_COLS:(r + 1) * VGA_COLS].decode("latin-1").rstrip()
            for r in range(VGA_ROWS)]


def vga_screen(mon, path):
    """The screen's rows now (vga_rows() of a pmemsave of the text buffer
    to the file path, through the Monitor mon)."""
    # The file name quoted: unquoted, "4000 /tmp/..." reads as a division
    # in pmemsave's size expression.
    mon.command('pmemsave 0x%x %d "%s"' % (VGA_TEXT, 2 * VGA_COLS * VGA_ROWS, path))
    with open(path, "rb") as f:
        return vga_rows(f.read())


def vga_cursor(mon):
    """The hardware cursor's cell number: CRT controller registers 0x0E
    (high byte) and 0x0F (low), through index port 0x3D4 and data port
    0x3D5 (IBM VGA), read with the monitor's o and i commands; None if
    the answers do not parse."""
    pos = 0
    for reg in (0x0E, 0x0F):
        mon.command("o /b 0x3d4 0x%x" % reg)
        m = re.search(rb"= 0x([0-9a-f]+)", mon.command("i /b 0x3d5"))
        if not m:
            return None
        pos = pos << 8 | int(m.group(1), 16)
    return pos


def vga_echo(c, g, mon, dump, name):
    """Type VGA_COMMAND and Enter on guest g's keyboard through the
    Monitor mon; result name: the screen (read through the file dump)
    shows a row ending in the command, then one that is VGA_OUTPUT,
    within VGA_TIMEOUT. Returns whether it did."""
    for key in sendkeys(VGA_COMMAND) + ["ret"]:
        mon.command("sendkey %s" % key)
    deadline = time.monotonic() + VGA_TIMEOUT
    while True:
        rows = vga_screen(mon, dump)
        found = any(rows[i].endswith(VGA_COMMAND) and rows[i + 1] == VGA_OUTPUT
                    for i in range(VGA_ROWS - 1))
        if found or time.monotonic() >= deadline:
            break
        time.sleep(0.5)
    shown = [r for r in rows if r]
    c.log.write(("\n==== %s: the screen\n" % name + "\n".join(rows) + "\n").encode("latin-1"))
    c.result(name, found, "typed %r on the keyboard; the screen's last rows: %r%s" % (
        VGA_COMMAND, shown[-4:],
        "" if VGA_OUTPUT + "\n" in g.text else " (and the serial console has no %r)"
        % VGA_OUTPUT))
    return found


def vga(c):
    """The PC's own console (i386, machines with a screen): boot with the
    VGA card and QEMU's monitor on a socket, type on the PS/2 keyboard
    (the monitor's sendkey, one key at a time) and read the screen (a
    pmemsave of the text buffer at 0xB8000). vga/echo: after
    VGA_COMMAND and Enter, a row ending in the command (its echo after
    the prompt) is followed by one that is VGA_OUTPUT. vga/keys: ^U,
    Shift, punctuation, backspace, ^D (ending cat) and ^P edit and
    control as on the serial console. vga/scroll: after
    `ls` (more rows than the screen's), the screen's 25 rows are the
    serial console's last 25 lines. vga/cursor: the hardware cursor is
    then just after the prompt "$ " on the last row."""
    if "screen" not in guest.machine(c.args.arch):
        return
    c.drop_guest()
    tmp = tempfile.mkdtemp(prefix="cowos-vga-")
    sockpath = os.path.join(tmp, "monitor")
    dump = os.path.join(tmp, "vga.bin")
    g = mon = None
    names = ["vga/echo", "vga/keys", "vga/scroll", "vga/cursor"]
    try:
        c.boots += 1
        g = guest.start(c.args, c.log, c.boots, screen="headless",
                        extra=["-monitor", "unix:%s,server,nowait" % sockpath])
        g.boot()
        mon = Monitor(sockpath)
        names.pop(0)
        found = vga_echo(c, g, mon, dump, "vga/echo")
        if not found:
            raise GuestDied("not run: vga/echo failed")

        # Editing and control keys: a line killed with ^U, a capital,
        # punctuation and a backspace in the next one; cat ended by ^D;
        # ^P's process list. Each command's keys only after the prompt
        # before it: a key typed earlier is echoed before the prompt.
        phases = [(sendkeys("echo junk") + ["ctrl-u"] + sendkeys("echo Hi, AB_c") +
                   ["backspace"] + sendkeys("d.") + ["ret"], r"\nHi, AB_d\.\n\$ $", "echo's output"),
                  (sendkeys("cat") + ["ret"] + sendkeys("zz") + ["ret", "ctrl-d"],
                   r"\nzz\nzz\n\$ $", "cat to end at ^D"),
                  (["ctrl-p"], r"\n1 sleep init ", "^P's process list")]
        for keys, regex, what in phases:
            start = g.mark()
            for key in keys:
                mon.command("sendkey %s" % key)
            g.wait_for(re.compile(regex), start, VGA_TIMEOUT, what + " (keys typed on the keyboard)")
        want = ["$ echo Hi, AB_d.", "Hi, AB_d.", "$ cat", "zz", "zz", "$"]
        deadline = time.monotonic() + 5
        while True:
            rows = vga_screen(mon, dump)
            at = rows.index(want[0]) if want[0] in rows else -1
            ok = at >= 0 and rows[at:at + len(want)] == want and any(
                r.startswith("1 sleep init ") for r in rows[at + len(want):])
            if ok or time.monotonic() >= deadline:
                break
            time.sleep(0.2)
        names.pop(0)
        c.result("vga/keys", ok, "expected rows %r then ^P's '1 sleep init', the screen shows %r"
                 % (want, [r for r in rows if r]))

        start = g.mark()
        for key in sendkeys("ls") + ["ret"]:
            mon.command("sendkey %s" % key)
        g.wait_for(guest.PROMPT_RE, start, VGA_TIMEOUT, "ls, typed on the keyboard, to finish")
        serial = [l.rstrip() for l in g.text.split("\n")[-VGA_ROWS:]]
        want = (VGA_ROWS - 1) * VGA_COLS + 2
        # kputc() sends each byte to the UART before the screen: the
        # prompt may reach us a moment before its cells and the cursor.
        deadline = time.monotonic() + 5
        while True:
            rows = vga_screen(mon, dump)
            pos = vga_cursor(mon)
            if (rows == serial and pos == want) or time.monotonic() >= deadline:
                break
            time.sleep(0.2)
        c.log.write(("\n==== vga: the screen after ls\n" + "\n".join(rows) + "\n").encode("latin-1"))
        names.pop(0)
        c.result("vga/scroll", rows == serial,
                 "the screen's rows %r, the serial console's last lines %r" % (rows, serial))
        names.pop(0)
        c.result("vga/cursor", pos == want, "the cursor at cell %r (row %r), not %d (after '$ ' "
                 "on the last row)" % (pos, None if pos is None else pos // VGA_COLS, want))
    except GuestDied as e:
        for name in names:
            c.result(name, False, str(e))
    finally:
        if mon:
            mon.close()
        if g:
            g.stop()
        shutil.rmtree(tmp, ignore_errors=True)


class DiskChecks:
    """Checks that boot a private copy of the image after changing it on
    the host, to reach states a test program cannot make quickly."""

    def __init__(self, checker):
        self.c = checker

    def image(self):
        return guest.image_copy(self.c.args.fs, "cowos-disk-")

    def boot(self, path):
        self.c.boots += 1
        return guest.start(self.c.args, self.c.log, self.c.boots, image=path)

    def linkmax(self):
        """A file one link short of MAXNLINK takes one more link, not two."""
        name = "disk/linkmax"
        path = self.image()
        g = None
        try:
            img = fsck.Image(path)
            inum = next(e for e, n in img.entries(fsck.ROOTINO) if n == "true")
            with open(path, "r+b") as f:
                f.seek(img.inode_offset(inum) + fsck.NLINK_OFFSET)
                f.write(struct.pack("<h", fsck.MAXNLINK - 1))
            g = self.boot(path)
            g.boot()
            steps = [("ln true lnmax1", ""), ("ln true lnmax2", "link true lnmax2: failed"),
                     ("rm lnmax1", ""), ("ln true lnmax3", ""), ("rm lnmax3", "")]
            for cmd, want in steps:
                got = g.run(cmd, COMMAND_TIMEOUT).strip()
                if got != want:
                    self.c.result(name, False, "'%s' printed %r, expected %r" % (cmd, got, want))
                    return
            self.c.result(name, True)
        except GuestDied as e:
            self.c.result(name, False, str(e))
        finally:
            if g:
                g.stop()
            os.unlink(path)

    def badsuper(self):
        """The kernel refuses a superblock that does not fit the disk or
        whose regions are out of place, and writes nothing."""
        cases = [("size beyond the disk", "size", lambda v: v + 1000),
                 ("inode region moved", "inodestart", lambda v: v + 1),
                 ("data count wrong", "nblocks", lambda v: v - 1)]
        for what, field, change in cases:
            name = "disk/badsuper/%s" % what.replace(" ", "-")
            path = self.image()
            g = None
            try:
                with open(path, "r+b") as f:
                    f.seek(fsck.sb_offset(field))
                    v, = struct.unpack("<I", f.read(4))
                    f.seek(fsck.sb_offset(field))
                    f.write(struct.pack("<I", change(v)))
                with open(path, "rb") as f:
                    before = f.read()
                g = self.boot(path)
                refused = re.compile(r"fsinit: bad superblock.*\n")
                try:
                    g.wait_for(re.compile(r"\$ "), 0, guest.BOOT_TIMEOUT, "the refusal")
                    ok, why = False, "the kernel mounted it and booted to the shell"
                except GuestDied as e:
                    ok = refused.search(g.text) is not None
                    why = "no 'fsinit: bad superblock' line (%s)" % e
                g.stop()
                g = None
                with open(path, "rb") as f:
                    if ok and f.read() != before:
                        ok, why = False, "the disk was written before the refusal"
                self.c.result(name, ok, why)
            finally:
                if g:
                    g.stop()
                os.unlink(path)


RAMDISK_RE = re.compile(r"cowos: RAM disk, (\d+) KiB from the boot loader: "
                        r"writes are lost at power-off\n")
# What the ramdisk test runs from the RAM disk: (command, time limit in
# seconds, the line that must close its output).
RAMDISK_RUNS = [("cowtest", 240, "ALL COW TESTS PASSED"),
                ("usertests -q", 900, "ALL TESTS PASSED")]


def ramdisk_runs(c, g, name):
    """Run RAMDISK_RUNS in guest g, each a result NAME/PROGRAM, with the
    time it took. Raises GuestDied."""
    for command, timeout, passline in RAMDISK_RUNS:
        t1 = time.monotonic()
        out = g.run(command, timeout * max(1.0, c.args.mem / MEM_SCALE_MB))
        lines = [l.strip() for l in out.split("\n")]
        failed = [l for l in lines if CASE_RE.search(l) and "FAILED" in l]
        ok = passline in lines and not failed
        c.result("%s/%s" % (name, command.split()[0]), ok, "" if ok else
                 "failed cases %s; '%s' %s" % (failed[:3], passline,
                                               "seen" if passline in lines else "not seen"))
        print("     %s took %.1fs" % (command, time.monotonic() - t1), flush=True)


def ramdisk(c):
    """The ramdisk test, on machines with a way to boot from a RAM disk
    (guest.MACHINES' "ramdisk": both): with no disk, the kernel serves the
    image the boot loader left in RAM (kernel/disk.c). Its boot line says
    so and gives the image's size; the allocator has the image's pages
    fewer than with a disk (kinit() reserved them); a file written reads
    back, cowtest and usertests -q pass on it; and the image on the host
    is unchanged afterwards (writes are lost at power-off)."""
    if "ramdisk" not in guest.machine(c.args.arch):
        return
    # The free pages of a boot with a disk, for comparison.
    try:
        c.ensure_guest()
        disk_free = int(BANNER_RE.search(c.guest.text).group(2))
    except (GuestDied, AttributeError) as e:
        c.result("ramdisk", False, "the boot with a disk failed: %s" % e)
        return
    c.drop_guest()
    path = guest.image_copy(c.args.fs, "cowos-ramdisk-")
    with open(path, "rb") as f:
        before = f.read()
    c.boots += 1
    t0 = time.monotonic()
    g = guest.start(c.args, c.log, c.boots, image=path, ramdisk=True)
    try:
        try:
            g.boot()
        except GuestDied as e:
            c.result("ramdisk/boot", False, str(e))
            return
        boottime = time.monotonic() - t0
        m = RAMDISK_RE.search(g.text)
        b = BANNER_RE.search(g.text)
        kib = len(before) // 1024
        pages = (len(before) + 4095) // 4096
        if not m or not b:
            c.result("ramdisk/boot", False, "no RAM disk line or no RAM banner")
            return
        rd_free = int(b.group(2))
        # With a disk, its driver holds some frames the RAM disk boot does
        # not allocate (virtio's three ring pages on RISC-V; none for IDE).
        held = DISK_DRIVER_PAGES[c.args.arch or guest.DEFAULT_ARCH]
        want = pages - held
        ok = int(m.group(1)) == kib and want <= disk_free - rd_free <= want + 1
        c.result("ramdisk/boot", ok, "" if ok else
                 "boot line says %s KiB (image %d KiB); %d free pages, %d with a disk "
                 "(the image has %d, the disk driver holds %d)"
                 % (m.group(1), kib, rd_free, disk_free, pages, held))
        print("     booted to the prompt in %.1fs" % boottime, flush=True)
        got = g.run("echo written on the ram disk > rdfile", COMMAND_TIMEOUT).strip()
        got += g.run("cat rdfile", COMMAND_TIMEOUT).strip()
        ok = got == "written on the ram disk"
        c.result("ramdisk/file", ok, "" if ok else "wrote a line, read back %r" % got)
        ramdisk_runs(c, g, "ramdisk")
    except GuestDied as e:
        c.result("ramdisk", False, str(e))
    finally:
        g.stop()
        with open(path, "rb") as f:
            same = f.read() == before
        os.unlink(path)
    c.result("ramdisk/lost", same, "" if same else "the image on the host was written")


# The ISO's RAM-disk boots: (test name, guest.MACHINES variant or None).
ISO_MACHINES = [("iso/pc", None), ("iso/q35", "q35")]
# From QEMU's start to the first prompt through the BIOS and GRUB.
ISO_BOOT_TIMEOUT = 120


def iso_tests(c, iso):
    """make check-iso: the ISO (make iso) booted from the CD-ROM drive.
    iso/pc-disk: on pc with an IDE disk (a private copy of --fs), the
    kernel uses the disk, not the module GRUB loaded: no RAM disk line,
    and a file written in the guest is in the image on the host
    afterwards. iso/pc and iso/q35 (whose disks are on AHCI, so the
    kernel finds no IDE disk): with no disk, the RAM disk line, then
    cowtest and usertests -q pass, then a command typed on the PS/2
    keyboard and its output show on the VGA text screen (NAME/screen).
    Prints each boot's time to the prompt."""
    if "iso" not in guest.machine(c.args.arch):
        c.result("iso", False, "arch %s has no ISO" % c.args.arch)
        return
    if not os.path.exists(iso):
        c.result("iso", False, "%s does not exist (make iso)" % iso)
        return
    c.drop_guest()
    # With the IDE disk.
    path = guest.image_copy(c.args.fs, "cowos-iso-")
    c.boots += 1
    t0 = time.monotonic()
    g = guest.start(c.args, c.log, c.boots, image=path, iso=iso)
    try:
        g.wait_for(guest.PROMPT_RE, 0, ISO_BOOT_TIMEOUT, "the first shell prompt")
        print("     pc with an IDE disk: booted to the prompt in %.1fs"
              % (time.monotonic() - t0), flush=True)
        ok = RAMDISK_RE.search(g.text) is None
        why = "" if ok else "the kernel used the RAM disk though an IDE disk was there"
        if ok:
            # The write's transaction commits before the shell's next
            # prompt (end_op), so the image has the line once it is back.
            g.run("echo written on the ide disk > isofile", COMMAND_TIMEOUT)
        g.stop()
        if ok:
            with open(path, "rb") as f:
                ok = b"written on the ide disk" in f.read()
            why = "" if ok else "the line written in the guest is not in the disk image"
        c.result("iso/pc-disk", ok, why)
    except GuestDied as e:
        c.result("iso/pc-disk", False, str(e))
    finally:
        g.stop()
        os.unlink(path)
    # With no disk: the RAM disk, on each chipset, with the screen and
    # QEMU's monitor (for the keyboard).
    tmp = tempfile.mkdtemp(prefix="cowos-iso-")
    sockpath = os.path.join(tmp, "monitor")
    for name, variant in ISO_MACHINES:
        c.boots += 1
        t0 = time.monotonic()
        g = guest.start(c.args, c.log, c.boots, ramdisk=True, iso=iso, variant=variant,
                        screen="headless", extra=["-monitor", "unix:%s,server,nowait" % sockpath])
        mon = None
        try:
            try:
                g.wait_for(guest.PROMPT_RE, 0, ISO_BOOT_TIMEOUT, "the first shell prompt")
            except GuestDied as e:
                c.result(name + "/boot", False, str(e))
                continue
            ok = RAMDISK_RE.search(g.text) is not None
            c.result(name + "/boot", ok, "" if ok else "no RAM disk line")
            print("     booted to the prompt in %.1fs" % (time.monotonic() - t0), flush=True)
            ramdisk_runs(c, g, name)
            mon = Monitor(sockpath)
            vga_echo(c, g, mon, os.path.join(tmp, "vga.bin"), name + "/screen")
        except GuestDied as e:
            c.result(name, False, str(e))
        finally:
            if mon:
                mon.close()
            g.stop()
    shutil.rmtree(tmp, ignore_errors=True)



# A boot line that says a CPU is up: "... hart 1 up" (RISC-V: its hart id).
UP_RE = re.compile(r"cowos: .*\b(?:hart|cpu) (\d+) up\n")
# A board's boot: from QEMU's start to the first prompt, through OpenSBI.
BOARD_BOOT_TIMEOUT = 120


def board_boot(c, name, then, ramdisk=False, variant=None, cpus=None, edit=lambda cmd: cmd):
    """Boot a private copy of --fs on variant of the machine (None: the
    machine itself) with cpus CPUs (None: --cpus), as a RAM disk if
    ramdisk, the QEMU command line passed through edit first; a result
    NAME/boot: the firmware's banner comes before the kernel's lines,
    and the RAM disk line is there if and only if ramdisk. Then, if it
    booted, call then(guest), a failed result NAME if the guest dies, and
    stop the guest."""
    a = c.args
    path = guest.image_copy(a.fs, "cowos-board-")
    cmd = edit(guest.qemu_command(a.arch, a.kernel, path, cpus or a.cpus, a.mem, qemu=a.qemu,
                                  ramdisk=ramdisk, variant=variant))
    c.boots += 1
    t0 = time.monotonic()
    g = guest.Guest(cmd, c.log, c.boots, scratch=path)
    try:
        g.wait_for(guest.PROMPT_RE, 0, BOARD_BOOT_TIMEOUT, "the first shell prompt")
    except GuestDied as e:
        c.result(name + "/boot", False, str(e))
        g.stop()
        return
    took = time.monotonic() - t0
    banner = guest.machine(a.arch).get("firmware_banner")
    fw, kern = (g.text.find(banner) if banner else -1), g.text.find("cowos: copy-on-write")
    why = []
    if banner and not 0 <= fw < kern:
        why.append("no %r banner before the kernel's lines" % banner)
    if (RAMDISK_RE.search(g.text) is not None) != ramdisk:
        why.append("the RAM disk line is %s" % ("missing" if ramdisk else "there"))
    c.result(name + "/boot", not why, "; ".join(why))
    print("     booted to the prompt in %.1fs" % took, flush=True)
    try:
        then(g)
    except GuestDied as e:
        c.result(name, False, str(e))
    finally:
        g.stop()


def board_file(c, g, name):
    """A result NAME/file: a line written to a file in guest g reads back.
    Raises GuestDied."""
    got = g.run("echo written on %s > bfile" % name, COMMAND_TIMEOUT).strip()
    got += g.run("cat bfile", COMMAND_TIMEOUT).strip()
    ok = got == "written on %s" % name
    c.result(name + "/file", ok, "" if ok else "wrote a line, read back %r" % got)


UPTIME_RE = re.compile(r"up (\d+) ticks")


def board_clock(c, g, name):
    """A result NAME/clock: in guest g, uptime's tick count grows by
    about 100 a second of the host's time (40 to 250: QEMU's clock
    follows the host's, which a loaded host delays; a kernel that took
    the wrong time base would be off tenfold). Raises GuestDied."""
    t0 = time.monotonic()
    first = UPTIME_RE.search(g.run("uptime", COMMAND_TIMEOUT))
    time.sleep(2)
    second = UPTIME_RE.search(g.run("uptime", COMMAND_TIMEOUT))
    took = time.monotonic() - t0
    if not first or not second:
        c.result(name + "/clock", False, "uptime printed no tick count")
        return
    rate = (int(second.group(1)) - int(first.group(1))) / took
    ok = 40 <= rate <= 250
    c.result(name + "/clock", ok, "" if ok else
             "%.0f ticks a second of the host's time, want about 100" % rate)


def board(c):
    """The board tests, on a machine whose kernel takes the board from a
    device tree (guest.MACHINES: a "sifive_u" variant, RISC-V). They fail
    on a kernel with a board's device addresses built in.
    board/sifive_u: QEMU's model of SiFive's HiFive Unleashed (SiFive's
    UART at another address, its PLIC contexts numbered otherwise, a time
    base of 1 MHz, no virtio: the RAM disk) boots through OpenSBI to the
    prompt; its boot lines name each of the CPUs' harts once, by hart id,
    1 and up (hart 0 is the E51, which has no supervisor mode); a file
    written on the RAM disk reads back; the clock ticks at about 100 a
    second of the host's time (board_clock()). board/virtio-slot: on virt with the
    disk in the sixth virtio-mmio slot, not the first, the kernel finds
    it and uses it (no RAM disk line), a file written reads back, and
    the clock ticks at 100 a second there too. board/dt: board_dt().
    board/moved: board_moved(). board/image: board_image()."""
    m = guest.machine(c.args.arch)
    if "sifive_u" not in m.get("variants", {}):
        return
    c.drop_guest()
    cpus = min(c.args.cpus, m["variants"]["sifive_u"].get("max_cpus", c.args.cpus))

    def sifive(g):
        harts = sorted(int(h) for h in UP_RE.findall(g.text))
        ok = harts == list(range(1, cpus + 1))
        c.result("board/sifive_u/harts", ok, "" if ok else
                 "boot lines name harts %s, want 1 to %d" % (harts, cpus))
        board_file(c, g, "board/sifive_u")
        board_clock(c, g, "board/sifive_u")

    def virt(g):
        board_file(c, g, "board/virtio-slot")
        board_clock(c, g, "board/virtio-slot")

    board_boot(c, "board/sifive_u", sifive, ramdisk=True, variant="sifive_u", cpus=cpus)
    slot = lambda cmd: [a.replace("virtio-mmio-bus.0", "virtio-mmio-bus.5") for a in cmd]
    board_boot(c, "board/virtio-slot", virt, edit=slot)
    board_dt(c)
    board_moved(c)
    board_image(c)


def edited_dts(dts):
    """Device tree source dts (QEMU virt's, from dtc) rewritten into shapes
    real boards' trees have, describing the same machine: /chosen's
    stdout-path names the console through an alias, with options
    ("serial0:115200n8", /aliases holding serial0); a second 16550 that
    is not the console comes first in its bus, at an address where
    nothing answers; the console's reg-shift and reg-io-width are given
    (0 and 1). (timebase-frequency stays in /cpus: OpenSBI reads it only
    there.) Raises ValueError if dts lacks what is rewritten."""
    m = re.search(r'stdout-path = "(/[^":]*)[^"]*";', dts)
    if not m:
        raise ValueError("no stdout-path with a path")
    path = m.group(1)
    node = path.rsplit("/", 1)[1]
    dts = dts.replace(m.group(0), 'stdout-path = "serial0:115200n8";')
    dts = re.sub(r"(\n\tchosen \{)", '\n\taliases {\n\t\tserial0 = "%s";\n\t};\n\\1' % path, dts, 1)
    decoy = ('%s {\n\t\t\tinterrupts = <0x0b>;\n\t\t\treg = <0x00 0x10ff0000 0x00 0x100>;\n'
             '\t\t\tcompatible = "ns16550a";\n\t\t};\n\n\t\t' % "serial@10ff0000")
    i = dts.find(node + " {")
    if i < 0:
        raise ValueError("no node %s" % node)
    dts = dts[:i] + decoy + dts[i:]
    j = dts.find("{", dts.find(node + " {")) + 1
    dts = dts[:j] + "\n\t\t\treg-shift = <0x00>;\n\t\t\treg-io-width = <0x01>;" + dts[j:]
    return dts


def board_dt(c):
    """board/dt, on RISC-V: virt booted with its own device tree rewritten
    as edited_dts() does (QEMU's dumpdtb, dtc, QEMU's -dtb; OpenSBI then
    adds its part as usual). The kernel takes the console the alias
    names, not the first 16550: the boot reaches the prompt, a file reads
    back, the clock ticks at 100 a second."""
    tmp = tempfile.mkdtemp(prefix="cowos-dt-")
    try:
        a = c.args
        dtb = os.path.join(tmp, "virt.dtb")
        cmd = guest.qemu_command(a.arch, a.kernel, a.fs, a.cpus, a.mem, qemu=a.qemu)
        i = cmd.index("-machine") + 1
        cmd[i] += ",dumpdtb=" + dtb
        r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        dts = subprocess.run(["dtc", "-q", "-I", "dtb", "-O", "dts", dtb], stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True)
        if r.returncode != 0 or dts.returncode != 0:
            c.result("board/dt", False, "could not dump the device tree: %s%s"
                     % (r.stdout.strip()[-200:], dts.stdout.strip()[-200:]))
            return
        with open(os.path.join(tmp, "edited.dts"), "w") as f:
            f.write(edited_dts(dts.stdout))
        r = subprocess.run(["dtc", "-q", "-I", "dts", "-O", "dtb", "-o", dtb,
                            os.path.join(tmp, "edited.dts")],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if r.returncode != 0:
            c.result("board/dt", False, "dtc: %s" % r.stdout.strip()[-200:])
            return

        def run(g):
            board_file(c, g, "board/dt")
            board_clock(c, g, "board/dt")

        board_boot(c, "board/dt", run, edit=lambda cmd: cmd + ["-dtb", dtb])
    except (OSError, ValueError) as e:
        c.result("board/dt", False, str(e))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def elf_moved(path):
    """Whether the ELF64 file at path has a loadable segment whose
    physical address differs from its virtual one (ELF: e_phoff at byte
    32, e_phentsize and e_phnum at 54 and 56; a program header's p_type at
    0, p_vaddr at 16, p_paddr at 24; PT_LOAD is 1)."""
    with open(path, "rb") as f:
        elf = f.read()
    if elf[:5] != b"\x7fELF\x02":
        return False
    phoff, = struct.unpack_from("<Q", elf, 32)
    phentsize, phnum = struct.unpack_from("<HH", elf, 54)
    for i in range(phnum):
        ptype, = struct.unpack_from("<I", elf, phoff + i * phentsize)
        vaddr, paddr = struct.unpack_from("<QQ", elf, phoff + i * phentsize + 16)
        if ptype == 1 and vaddr != paddr:
            return True
    return False


def board_moved(c):
    """board/moved, on a machine with a "moved_kernel" (RISC-V): the same
    kernel linked to be loaded elsewhere than the address it is linked
    at (the Makefile's kernel-moved.elf, beside --kernel), which QEMU
    loads there, as a board's boot loader may: it boots on virt, a file
    written reads back, and cowtest passes."""
    name = guest.machine(c.args.arch).get("moved_kernel")
    if not name:
        return
    path = os.path.join(os.path.dirname(os.path.abspath(c.args.kernel)), name)
    if not os.path.exists(path) or not elf_moved(path):
        c.result("board/moved", False, "%s is missing or not linked to load elsewhere (make %s)"
                 % (path, name))
        return

    def run(g):
        board_file(c, g, "board/moved")
        out = g.run("cowtest", RAMDISK_RUNS[0][1])
        ok = RAMDISK_RUNS[0][2] in out
        c.result("board/moved/cowtest", ok, "" if ok else "no '%s'" % RAMDISK_RUNS[0][2])

    board_boot(c, "board/moved", run,
               edit=lambda cmd: [path if a == c.args.kernel else a for a in cmd])


def image_header(data):
    """Why data, a flat kernel image, lacks a RISC-V Linux Image header
    as U-Boot's booti reads it, or None (Linux's
    Documentation/arch/riscv/boot-image-header.rst: little-endian code0
    and code1 at 0 and 4, text_offset at 8, image_size at 16, flags at
    24, version at 32, magic "RISCV\\0\\0\\0" at 48, magic2 "RSC\\x05" at
    56). code0 must be a jal x0 (opcode 0x6f, rd 0) past the 64-byte
    header; text_offset 2 MiB; image_size at least the file's size;
    version 0.2 or later."""
    if len(data) < 64:
        return "shorter than the 64-byte header"
    code0, = struct.unpack_from("<I", data, 0)
    text_offset, image_size, flags = struct.unpack_from("<QQQ", data, 8)
    version, = struct.unpack_from("<I", data, 32)
    if data[48:56] != b"RISCV\0\0\0" or data[56:60] != b"RSC\x05":
        return "no RISCV/RSC magic at 48 and 56"
    # jal's immediate: bits 31 (20), 30:21 (10:1), 20 (11), 19:12.
    imm = (((code0 >> 31) & 1) << 20 | ((code0 >> 21) & 0x3ff) << 1 |
           ((code0 >> 20) & 1) << 11 | ((code0 >> 12) & 0xff) << 12)
    if code0 & 0xfff != 0x6f or imm < 64:
        return "code0 0x%08x is not a jump past the header" % code0
    if text_offset != 0x200000 or image_size < len(data) or flags != 0 or version < 2:
        return ("text_offset 0x%x, image_size %d (file %d), flags %d, version 0x%x"
                % (text_offset, image_size, len(data), flags, version))
    return None


def board_image(c):
    """board/image, on a machine with a "flat_image" (RISC-V): the kernel
    as a flat Image (the Makefile's, beside --kernel) has the header
    U-Boot's booti reads (image_header()), and QEMU's -kernel, which
    loads a file that is not ELF as a raw image at 2 MiB past the start
    of RAM, boots it on virt: a file written reads back."""
    name = guest.machine(c.args.arch).get("flat_image")
    if not name:
        return
    path = os.path.join(os.path.dirname(os.path.abspath(c.args.kernel)), name)
    try:
        with open(path, "rb") as f:
            why = image_header(f.read())
    except OSError as e:
        why = str(e)
    c.result("board/image/header", why is None, why or "")
    if why is None:
        board_boot(c, "board/image", lambda g: board_file(c, g, "board/image"),
                   edit=lambda cmd: [path if a == c.args.kernel else a for a in cmd])


def board_tests(c, variant):
    """make check-board (in make check-all: slow): variant of the machine
    (RISC-V: sifive_u) boots to the prompt from the RAM disk, and cowtest
    and usertests -q pass there (NAME/cowtest, NAME/usertests, NAME being
    board/VARIANT). Prints the time to the prompt."""
    m = guest.machine(c.args.arch)
    if variant not in m.get("variants", {}):
        c.result("board", False, "arch %s has no variant %s" % (c.args.arch, variant))
        return
    c.drop_guest()
    cpus = min(c.args.cpus, m["variants"][variant].get("max_cpus", c.args.cpus))
    name = "board/" + variant
    board_boot(c, name, lambda g: ramdisk_runs(c, g, name), ramdisk=True, variant=variant,
               cpus=cpus)


class NoHostNames:
    """A context in which this process resolves no host name, as on a
    root without /etc/hosts or DNS: socket.getaddrinfo() and a socket's
    connect() or connect_ex() to a name (localhost too) raise
    socket.gaierror; numeric addresses work. asked: the names tried."""

    def __enter__(self):
        self.asked = []
        self.getaddrinfo = socket.getaddrinfo
        real = socket.socket.connect, socket.socket.connect_ex

        def refuse(host):
            name = host.decode("latin-1") if isinstance(host, bytes) else host
            if not isinstance(name, str) or not name:
                return          # None or "": any address, no name
            try:
                ipaddress.ip_address(name.split("%")[0])
            except ValueError:
                self.asked.append(name)
                raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

        def getaddrinfo(host, *args, **kwargs):
            refuse(host)
            return self.getaddrinfo(host, *args, **kwargs)

        def connecting(i):
            def method(sock, address):
                if isinstance(address, tuple):
                    refuse(address[0])
                return real[i](sock, address)
            return method

        socket.getaddrinfo = getaddrinfo
        socket.socket.connect, socket.socket.connect_ex = connecting(0), connecting(1)
        return self

    def __exit__(self, *exc):
        socket.getaddrinfo = self.getaddrinfo
        del socket.socket.connect, socket.socket.connect_ex


class Injected(KeyboardInterrupt):
    """A ^C that GraderChecks makes happen, told from a real one."""


class GraderChecks:
    """What keeps grading runs (tools/gradetest.py) working one after
    another: they need no host name, and whatever step fails, gradetest
    stops QEMU and frees the gdb port before it returns or raises. Each
    stop-on-* check starts QEMU through make qemu-gdb, makes a step fail
    at once, and then finds make's process group gone and nothing
    listening on the port (else it reports so and kills the group)."""

    def __init__(self, checker, bdir, margs):
        self.c = checker
        self.bdir = bdir
        self.margs = margs

    def no_hostname(self):
        """gradetest.connect() reaches a listener on 127.0.0.1 with no
        host name resolving, and the .gdbinit template's target remote
        names a numeric address."""
        name = "grader/no-hostname"
        listener = socket.socket()
        try:
            listener.bind(("127.0.0.1", 0))
            listener.listen(1)
            port = listener.getsockname()[1]
            with NoHostNames() as r:
                try:
                    s = gradetest.connect(port)
                except gradetest.StepFailed as e:
                    s, why = None, str(e)
                else:
                    why = "found nothing listening"
        finally:
            listener.close()
        if s is None:
            self.c.result(name, False, "gradetest.connect() to a listener on 127.0.0.1:%d: %s"
                          " (names looked up: %s)" % (port, why, ", ".join(r.asked) or "none"))
            return
        s.close()
        with open(os.path.join(guest.ROOT, ".gdbinit.tmpl")) as f:
            m = re.search(r"^target remote (\S+):GDBPORT$", f.read(), re.M)
        try:
            ipaddress.ip_address(m.group(1) if m else "")
        except ValueError:
            self.c.result(name, False, ".gdbinit.tmpl: %s" % (
                "target remote %s: not a numeric address" % m.group(1) if m
                else "no 'target remote HOST:GDBPORT' line"))
            return
        self.c.result(name, True)

    def grader(self, boot_error, kill_error=None):
        """A gradetest.Grader (console to check.log) whose boot step raises
        boot_error at once and, if kill_error is given, whose gdb client
        raises it when shutdown interrupts the machine."""
        class Failing(gradetest.Grader):
            def qemu_gdb(self):
                super().qemu_gdb()
                if kill_error is not None:
                    def interrupt():
                        raise kill_error
                    self.gdb.interrupt = interrupt

            def boot(self):
                raise boot_error
        self.c.boots += 1
        return Failing(self.margs, self.c.log, None, False, None)

    def left_behind(self, g):
        """What the run of grader g left behind (see leftovers()), or why
        it did not start QEMU; None if it started QEMU and left nothing."""
        if g.guest is None:
            why = next((w for _, ok, w in g.results if not ok), "no step failed")
            return "make qemu-gdb did not start QEMU: %s" % why
        return leftovers(g.port, g.guest.proc.pid, g.guest.proc)

    def stop_on_error(self):
        """An error other than gradetest's StepFailed in the boot step (a
        dropped connection, here): run() returns, the boot step failed
        naming the error, and shutdown passed."""
        g = self.grader(ConnectionResetError("injected: the gdb connection dropped"))
        try:
            steps = {n: (ok, w) for n, ok, w in g.run()}
            boot, shutdown = steps.get("boot", (True, "")), steps.get("shutdown", (False, "none"))
            if boot[0] or "ConnectionResetError" not in boot[1]:
                why = "the boot step did not fail naming the error: %r" % (boot,)
            elif not shutdown[0]:
                why = "shutdown failed: %s" % shutdown[1]
            else:
                why = None
        except Exception as e:
            why = "run() raised %s: %s" % (type(e).__name__, e)
        why = self.left_behind(g) or why
        self.c.result("grader/stop-on-error", why is None, why)

    def stop_on_interrupt(self):
        """^C in the boot step, and again while shutdown talks to the gdb
        stub: run() raises KeyboardInterrupt, QEMU stopped."""
        g = self.grader(Injected(), Injected())
        try:
            g.run()
            why = "run() returned: the interrupt was lost"
        except Injected:
            why = None
        why = self.left_behind(g) or why
        self.c.result("grader/stop-on-interrupt", why is None, why)

    def stop_on_sigterm(self):
        """gradetest.py as a command, sent SIGTERM once it has started and
        continued QEMU: it exits with status 128+SIGTERM, QEMU stopped."""
        name = "grader/stop-on-sigterm"
        g = gradetest.Grader(self.margs, None, None, False, None)
        if not g.step("gdbport", g.gdbport):
            self.c.result(name, False, g.results[-1][2])
            return
        log = os.path.join(guest.ROOT, self.bdir, "gradetest-sigterm.log")
        cmd = [sys.executable, os.path.join(guest.ROOT, "tools", "gradetest.py"),
               "--keep-fs", "--log", log]
        for a in self.margs:
            cmd += ["--make-arg", a]
        self.c.boots += 1
        p = subprocess.Popen(cmd, cwd=guest.ROOT, env=guest.make_env(), stdin=subprocess.DEVNULL,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        out, groups = "", []
        try:
            # gradetest's own time limits end this if QEMU never starts.
            for line in p.stdout:
                out += line
                if line.startswith("PASS qemu-gdb"):
                    groups = session_children(p.pid)
                    p.send_signal(signal.SIGTERM)
                    break
                if line.startswith("FAIL"):
                    break
            out += p.communicate(timeout=60)[0]
        finally:
            if p.poll() is None:
                p.kill()
                p.wait()
        last = (out.strip().splitlines() or ["no output"])[-1]
        left = [w for w in (leftovers(g.port, pgid) for pgid in groups) if w]
        if "PASS qemu-gdb\n" not in out:
            why = "QEMU did not start: %s" % last
        elif not groups:
            why = "found no process group of make qemu-gdb under pid %d" % p.pid
        elif left:
            why = left[0]
        elif p.returncode != 128 + signal.SIGTERM:
            why = "exit status %s, not %d (last line: %s)" % (
                p.returncode, 128 + signal.SIGTERM, last)
        else:
            why = None
        self.c.result(name, why is None, why)


def session_children(pid):
    """The children of process pid that lead a session of their own (a
    guest.Guest's make), from /proc."""
    found = []
    for d in os.listdir("/proc"):
        try:
            with open("/proc/%s/stat" % d) as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid and fields[3] == d:     # ppid, session
            found.append(int(d))
    return found


def leftovers(port, pgid, proc=None):
    """What a grading run left behind: a live process of the group pgid
    its make led (proc: that make, if it is our child), which is then
    killed so that the next run finds the port free; or something
    listening on 127.0.0.1:port. None if nothing."""
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        pass
    else:
        if proc is not None:
            guest.kill_group(proc)
        else:
            os.killpg(pgid, signal.SIGKILL)
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                try:
                    os.killpg(pgid, 0)
                except ProcessLookupError:
                    break
                time.sleep(0.05)
        return "process group %d (make qemu-gdb, QEMU) still alive after the run (killed now)" % pgid
    try:
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
    except ConnectionRefusedError:
        return None
    except OSError as e:
        return "cannot tell whether port %d is free: %s" % (port, e)
    return "something still listens on port %d after the run" % port


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    guest.add_options(ap)
    ap.add_argument("--only", help="PROGRAM, PROGRAM/CASE or a new-user check")
    ap.add_argument("--full", action="store_true",
                    help="run slow tests too (usertests without -q)")
    ap.add_argument("--iso", help="run the ISO's tests (only those) on this ISO")
    ap.add_argument("--board", metavar="VARIANT",
                    help="run the board tests of this variant of the machine (only those)")
    args = guest.parse_args(ap)
    if not guest.ready(args, "check"):
        return 1
    # SIGTERM (a CI time limit, say) unwinds like an error, so that the
    # finally clauses stop the guests, which run in sessions of their own.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(1))

    logpath = os.path.join(os.path.dirname(os.path.abspath(args.kernel)), "check.log")
    t0 = time.monotonic()
    with open(logpath, "wb") as log:
        c = Checker(args, log)
        disk = DiskChecks(c)
        newuser = [("pingpong", c.pingpong), ("primes", c.primes), ("cowx86", c.cowx86),
                   ("find", c.find), ("xargs", c.xargs), ("pmap", c.pmap),
                   ("vmcheck", c.vmcheck), ("unknownsys", c.unknownsys), ("x86trap", c.x86trap),
                   ("vga", lambda: vga(c)),
                   ("disk", lambda: (c.drop_guest(), disk.linkmax(), disk.badsuper())),
                   ("fuzz", c.fuzz), ("bench", c.bench), ("grader", c.grader),
                   ("layout", lambda: layout(c)), ("ram", lambda: ram(c)),
                   ("ramdisk", lambda: ramdisk(c)),
                   ("firmware", lambda: firmware(c)), ("board", lambda: board(c)),
                   ("firstbuild", lambda: firstbuild(c)), ("make", lambda: maketargets(c))]
        only_prog, _, only_case = (args.only or "").partition("/")
        known = [s[0] for s in SUITES] + [n for n, _ in newuser]
        if args.only and only_prog not in known:
            print("check: unknown test %s (known: %s)" % (args.only, ", ".join(known)))
            return 2
        try:
            if args.iso:
                iso_tests(c, args.iso)
                newuser = []
            if args.board:
                board_tests(c, args.board)
                newuser = []
            for prog, timeout, passline, failline in ([] if args.iso or args.board else SUITES):
                if not args.only or only_prog == prog:
                    c.suite(prog, timeout, passline, failline, only_case or None)
            for name, fn in newuser:
                if not args.only or only_prog == name:
                    fn()
        finally:
            c.drop_guest()
    print("     total %.1fs, %d boot(s), console log in %s"
          % (time.monotonic() - t0, c.boots, logpath))
    print("%d passed, %d failed" % (c.passed, c.failed))
    return 0 if c.failed == 0 and c.passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
