#!/usr/bin/env python3
# Boot cowos, run the system-call fuzzer (user/fuzz.c) at the shell, and
# check the disk image with tools/fsck.py afterwards. Python 3 stdlib only.
"""Fuzz cowos' system calls.

usage: fuzz.py [--arch A] [--cpus N] [--mem MB] [--kernel K] [--fs IMG] [--seed S]
               [--count N] [--procs P] [--rounds R] [--timeout SECS] [--flags F]
               [--log FILE] [--qemu BINARY]

Each round boots QEMU (machine A of tools/guest.py, riscv by default; K
and IMG default to build/A/kernel.elf and build/A/fresh.img) on a private
copy of the image, types
`fuzz -p P SEED COUNT` at the shell and waits for the prompt (the time
limit grows with COUNT). A round fails on a kernel panic, a hang (no prompt
in time), QEMU exiting, a "fuzz: FAILED" line or no "fuzz: OK" line. Once
the prompt is back (no system call in flight, every transaction committed)
QEMU is stopped and fsck.py checks the image copy; any problem, or a name
fuzz should have removed, fails the round. Rounds use seeds S, S+1, ...;
without --seed, S is random (and printed, to replay a failure).

Prints a PASS/FAIL line per round with its figures (system calls made,
harts, panics, leaked pages, fsck result, seconds), then "N passed, M
failed". Exit status 0 iff every round passed. The console output goes to
fuzz.log beside the kernel.

From another tool (tools/check.py):
    import fuzz
    ok, detail = fuzz.fuzz_round(kernel, fs, cpus=3, mem=128, seed=1, count=10000,
                                 log=logfile)
"""

import argparse
import os
import re
import shutil
import sys
import tempfile
import time

import fsck
import guest
from guest import GuestDied

DEFAULT_COUNT = 10000     # the short round: well under a minute with the boot, on a loaded host too
DEFAULT_PROCS = 4
MIN_RATE = 150            # system calls per second we assume at worst, for the time limit
BASE_TIMEOUT = 60         # seconds on top of COUNT / MIN_RATE

OK_RE = re.compile(r"fuzz: OK (\d+) syscalls, (\d+) procs, seed (\d+)")
STATS_RE = re.compile(r"fuzz: (\d+) syscalls in (\d+) ticks \((\d+)/s\); free pages "
                      r"(-?\d+) before, (-?\d+) after: leaked (-?\d+)")
FAILED_RE = re.compile(r"fuzz: FAILED.*")
WORKER_KILLED_RE = re.compile(r"fuzz: worker (\d+) \(pid (\d+)\) killed")


def time_limit(count):
    """Seconds a round of count calls may take, boot excluded."""
    return BASE_TIMEOUT + count // MIN_RATE


def leftovers(img):
    """Names fuzz should have removed from the root directory (all its
    names begin with "fz"; no program's does)."""
    return [name for _, name in img.entries(fsck.ROOTINO) if name.startswith("fz")]


def fuzz_round(kernel, fs, cpus=3, mem=128, seed=1, count=DEFAULT_COUNT,
               procs=DEFAULT_PROCS, timeout=None, qemu=None, log=None, flags="", arch=None):
    """Boot kernel on a copy of fs with cpus harts and mem MiB, run
    `fuzz -p procs [flags] seed count`, then fsck the copy. Returns (ok, detail):
    detail is one line with the figures, and the reason on failure.
    log: a binary file for the console output (default: fuzz.log beside
    the kernel, appended). arch, qemu: the machine (tools/guest.py; None:
    riscv) and another QEMU binary than its own."""
    vm = guest.VM(arch, kernel, fs, cpus, mem, qemu)
    if timeout is None:
        timeout = time_limit(count)
    own_log = log is None
    if own_log:
        log = open(os.path.join(os.path.dirname(os.path.abspath(kernel)), "fuzz.log"), "ab")
    fd, image = tempfile.mkstemp(prefix="cowos-fuzz-", suffix=".img")
    os.close(fd)
    t0 = time.monotonic()
    figures = {"syscalls": 0, "panics": 0, "leaked": "?", "fsck": "not run", "rate": "?"}
    problems = []
    try:
        shutil.copyfile(fs, image)
        command = " ".join(["fuzz", "-p", str(procs)] + flags.split() + [str(seed), str(count)])
        g = guest.start(vm, log, 1, image=image)
        at_rest = False      # the prompt came back: nothing in flight
        try:
            g.boot()
            out = g.run(command, timeout)
            at_rest = True
        except GuestDied as e:
            out = getattr(e, "output", "")
            problems.append(str(e))
            if "panic" in str(e):
                figures["panics"] = 1
        finally:
            g.stop()
        text = g.text
        figures["panics"] = max(figures["panics"], text.count("panic: "))
        m = STATS_RE.search(out)
        if m:
            figures["syscalls"] = int(m.group(1))
            figures["leaked"] = int(m.group(6))
            figures["rate"] = m.group(3)
        failed = FAILED_RE.findall(out)
        if failed:
            problems.append(failed[0].strip() + ("" if len(failed) == 1
                                                 else " (and %d more)" % (len(failed) - 1)))
        # With -m, a worker may die for want of memory, and only for that.
        for w, pid in WORKER_KILLED_RE.findall(out):
            why = re.search(r"pid %s \(\S+\): killed: ([a-zA-Z ]+) at va" % pid, text)
            if not why or not why.group(1).startswith("out of memory"):
                problems.append("worker %s (pid %s) was killed: %s" % (
                    w, pid, why.group(1) if why else "no kill line from the kernel"))
        ok_line = OK_RE.search(out)
        if not problems and not ok_line:
            first = next((l.strip() for l in out.split("\n") if l.strip()), "no output")
            problems.append("no 'fuzz: OK' line (output: %s)" % first[:200])
        if at_rest:
            # QEMU was stopped at the prompt: every transaction is on disk.
            img = fsck.Image(image)
            errs = fsck.check(img)
            if not problems:
                left = leftovers(img)
                if left:
                    errs.append("left in /: %s" % " ".join(left))
            figures["fsck"] = "clean" if not errs else "%d problems" % len(errs)
            if errs:
                problems.append("fsck: " + "; ".join(errs[:5]))
    finally:
        os.unlink(image)
        if own_log:
            log.close()
    secs = time.monotonic() - t0
    detail = ("seed %d%s: %s syscalls, %d procs, %d harts, %d panics, leaked %s pages, "
              "fsck %s, %.1fs (%s calls/s in the guest)"
              % (seed, " " + flags if flags else "", figures["syscalls"], procs, cpus,
                 figures["panics"], figures["leaked"], figures["fsck"], secs, figures["rate"]))
    if problems:
        detail += "; " + "; ".join(problems)[:1000]
    return not problems, detail


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    guest.add_options(ap)
    ap.add_argument("--seed", type=int, default=None, help="first seed (default: random)")
    ap.add_argument("--count", type=int, default=DEFAULT_COUNT, help="system calls per round")
    ap.add_argument("--procs", type=int, default=DEFAULT_PROCS, help="fuzzing processes")
    ap.add_argument("--rounds", type=int, default=1, help="boots, each with the next seed")
    ap.add_argument("--timeout", type=int, default=None,
                    help="seconds per round after boot (default: grows with --count)")
    ap.add_argument("--flags", default="",
                    help="more options for fuzz: -v (what each worker's calls returned), "
                    "-m (children may run the machine out of memory)")
    ap.add_argument("--log", default=None, help="console log (default: fuzz.log beside the kernel)")
    args = guest.parse_args(ap)
    if not guest.ready(args, "fuzz"):
        return 1
    seed = args.seed if args.seed is not None else int.from_bytes(os.urandom(3), "little")
    logpath = args.log or os.path.join(os.path.dirname(os.path.abspath(args.kernel)), "fuzz.log")
    passed = failed = 0
    t0 = time.monotonic()
    with open(logpath, "wb") as log:
        for r in range(args.rounds):
            ok, detail = fuzz_round(args.kernel, args.fs, args.cpus, args.mem, seed + r,
                                    args.count, args.procs, args.timeout, args.qemu, log,
                                    args.flags, args.arch)
            print("%s fuzz/%d: %s" % ("PASS" if ok else "FAIL", seed + r, detail), flush=True)
            passed += ok
            failed += not ok
    print("     total %.1fs, console log in %s" % (time.monotonic() - t0, logpath))
    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 and passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
