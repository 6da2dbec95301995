#!/usr/bin/env python3
"""Crash tests: kill QEMU in the middle of a write-heavy program, boot again
on the same disk, and check that the file system recovered.

usage: crashtest.py [--runs N] [--arch A] [--cpus N] [--mem MB] [--build DIR]

The tests go through the same paths and messages as an xv6 crash script:
`make kernel/kernel`; then, for each run, `rm fs.img`, `make fs.img`, boot
with `make qemu`, start a program, kill QEMU (make and QEMU, SIGKILL) at
some moment, check that make would not rebuild fs.img, boot with `make
qemu` again, and look at what the kernel printed while mounting:

 - a line beginning with `recovering` if and only if the crashed disk held
   a committed transaction in its log;
 - one line beginning with `ireclaim` for each inode that was allocated but
   unlinked (an orphan) once that transaction is replayed, naming it.

Then, from the host: tools/fsck.py finds no problem, and every cw_N file
present is wholly there, with the size and bytes crashwr gives file N.

Runs 0..N-1 run `crashwr` (user/crashwr.c), killed after a delay that
grows with the run; two more runs kill `forphan` (a file unlinked while
open) and `dorphan` (the same with a directory), where `ireclaim` must
appear. make gets ARCH=A (riscv by default). With --build DIR (make's
B=DIR) the image is DIR/fs.img, as the Makefile puts it. Prints one PASS/FAIL line per run and "N passed, M
failed"; leaves a fresh image behind.
"""

import argparse
import os
import re
import struct
import subprocess
import sys
import time

import fsck
import guest
from guest import GuestDied, ROOT

RECOVERING_RE = re.compile(r"^recovering\b.*$", re.M)
IRECLAIM_RE = re.compile(r"^ireclaim\b\D*(\d+).*$", re.M)


def crashwr_size(n):
    return (n * 7919) % 20000 + 1


def crashwr_content(n):
    return bytes(((n * 31 + j * 7) & 0xff) for j in range(crashwr_size(n)))


def verify_files(img):
    """Returns (files checked, problems) for the cw_N files in the root."""
    problems = []
    files = img.files()
    count = 0
    for name, data in files.items():
        m = re.fullmatch(r"cw_(\d+)", name)
        if not m:
            continue
        count += 1
        want = crashwr_content(int(m.group(1)))
        if data != want:
            problems.append("%s: %d bytes, want %d%s" % (
                name, len(data), len(want),
                "" if len(data) != len(want) else " (contents differ)"))
    return count, problems


def expected_at_boot(path):
    """What the next boot must do with the crashed image at path: returns
    (blocks in the log's committed transaction, sorted orphan inums after
    replaying it). The log header is kernel/log.c's struct loghdr: a count,
    then the home block number of each logged block."""
    img = fsck.Image(path)
    raw = bytearray(img.raw)
    bs = fsck.BSIZE
    n, = struct.unpack_from("<I", raw, img.logstart * bs)
    if n > img.nlog - 1:
        raise ValueError("corrupt log header: %d blocks" % n)
    homes = struct.unpack_from("<%dI" % n, raw, img.logstart * bs + 4)
    for i, home in enumerate(homes):
        src = (img.logstart + 1 + i) * bs
        raw[home * bs:(home + 1) * bs] = raw[src:src + bs]
    img.raw = bytes(raw)
    orphans = []
    for inum in range(1, img.ninodes):
        t, _, _, nlink = img.inode(inum)[:4]
        if t != 0 and nlink == 0:
            orphans.append(inum)
    return n, orphans


class Make:
    """Runs make in the top directory with this configuration's variables,
    as a course script does (no inherited MAKEFLAGS)."""

    def __init__(self, args, log):
        self.vars = ["ARCH=%s" % args.arch, "CPUS=%d" % args.cpus, "MEM_MB=%d" % args.mem]
        if args.build:
            self.vars.append("B=%s" % args.build)
        self.log = log
        self.env = guest.make_env()

    def cmd(self, *targets):
        return ["make", "-s", "--no-print-directory"] + self.vars + list(targets)

    def run(self, *targets, quiet=False):
        """Run make; returns its exit status. Output goes to the log, or
        (quiet) nowhere."""
        self.log.write(("\n==== %s\n" % " ".join(self.cmd(*targets))).encode())
        self.log.flush()
        out = subprocess.DEVNULL if quiet else self.log
        return subprocess.call(self.cmd(*targets), cwd=ROOT, env=self.env,
                               stdin=subprocess.DEVNULL, stdout=out,
                               stderr=subprocess.STDOUT)

    def output(self, target):
        return subprocess.check_output(self.cmd(target), cwd=ROOT, env=self.env,
                                       stdin=subprocess.DEVNULL).decode().strip()

    def boot(self, log, boot_no):
        """Boot with `make qemu`; a Guest on its console."""
        return guest.Guest(self.cmd("qemu"), log, boot_no, cwd=ROOT, env=self.env)


def fresh_image(mk, image):
    """rm fs.img; make fs.img. Returns an error string or None."""
    try:
        os.unlink(image)
    except FileNotFoundError:
        pass
    if mk.run("fs.img") != 0 or not os.path.exists(image):
        return "make fs.img failed (see the log)"
    return None


def boot_and_crash(mk, log, boot_no, command, ready, delay):
    """Boot, type command, wait for regex ready in its output, wait delay
    seconds, then kill QEMU."""
    g = mk.boot(log, boot_no)
    try:
        g.boot()
        start = g.mark()
        g.type(command)
        g.wait_for(ready, start, 60, "%s to start" % command)
        time.sleep(delay)
    finally:
        g.stop()          # the crash: SIGKILL, no shutdown, no flush


def reboot(mk, log, boot_no):
    """Boot again on the crashed disk; returns the console text up to the
    first prompt and a command run after it."""
    g = mk.boot(log, boot_no)
    try:
        g.boot()
        g.run("echo rebooted", 30)
        with g.cond:
            return g.text
    finally:
        g.stop()


def one_run(mk, log, image, k, command, ready, delay):
    """One crash and recovery. Returns (ok, detail, orphans reclaimed,
    orphans expected)."""
    errs = []
    why = fresh_image(mk, image)
    if why:
        return False, why, 0, 0
    try:
        boot_and_crash(mk, log, 2 * k + 1, command, ready, delay)
        # The crashed image must reach the next boot as it is: make must
        # not rebuild it (nor the kernel) on the way. (Asked of the image's
        # own path: with B=DIR, the target fs.img is only an alias.)
        if mk.run("-q", os.path.relpath(image, ROOT), "kernel/kernel", quiet=True) != 0:
            return False, "make would rebuild fs.img or the kernel before the reboot", 0, 0
        try:
            nlog, orphans = expected_at_boot(image)
        except (ValueError, struct.error) as e:
            return False, "crashed image unreadable: %s" % e, 0, 0
        boot_text = reboot(mk, log, 2 * k + 2)
    except GuestDied as e:
        return False, str(e), 0, 0

    recovering = RECOVERING_RE.findall(boot_text)
    reclaimed = sorted(int(m) for m in IRECLAIM_RE.findall(boot_text))
    if nlog > 0 and not recovering:
        errs.append("the log held %d blocks but no line begins with 'recovering'" % nlog)
    if nlog == 0 and recovering:
        errs.append("empty log, yet the kernel printed %r" % recovering[0])
    if reclaimed != orphans:
        errs.append("orphan inodes %s on disk, but 'ireclaim' lines name %s"
                    % (orphans, reclaimed))

    img = fsck.Image(image)
    errs += fsck.check(img)
    nfiles, problems = verify_files(img)
    errs += problems
    detail = "%s, crash after %.2fs: log replayed %s, %d orphan(s) freed, %d files checked" % (
        command, delay, "%d blocks" % nlog if nlog else "no", len(reclaimed), nfiles)
    if errs:
        return False, detail + "; " + "; ".join(errs)[:800], len(reclaimed), len(orphans)
    return True, detail, len(reclaimed), len(orphans)


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=8, help="crashwr runs")
    ap.add_argument("--arch", default=guest.DEFAULT_ARCH, help="machine (make's ARCH)")
    ap.add_argument("--cpus", type=int, default=3)
    ap.add_argument("--mem", type=int, default=128)
    ap.add_argument("--build", help="build directory (make B=DIR); default make's")
    args = ap.parse_args()
    args.arch = args.arch or guest.DEFAULT_ARCH

    logdir = os.path.join(ROOT, args.build or os.path.join("build", args.arch))
    os.makedirs(logdir, exist_ok=True)
    logpath = os.path.join(logdir, "crashtest.log")
    passed = failed = orphans = 0
    t0 = time.monotonic()
    with open(logpath, "wb") as log:
        mk = Make(args, log)

        def result(name, ok, detail):
            nonlocal passed, failed
            print("%s %s: %s" % ("PASS" if ok else "FAIL", name, detail), flush=True)
            passed += ok
            failed += not ok

        if mk.run("kernel/kernel") != 0:
            result("crash/build", False, "make kernel/kernel failed (see %s)" % logpath)
            print("%d passed, %d failed" % (passed, failed))
            return 1
        image = os.path.join(ROOT, mk.output("print-fsimg"))
        # The runs replace the image, as an xv6 crash script does: keep the
        # user's disk aside and put it back at the end.
        saved = image + ".saved"
        if os.path.exists(image):
            os.replace(image, saved)

        try:
            runs = [("crash/%d" % k, k, "crashwr", r"crashwr: running", 0.15 + 0.45 * k)
                    for k in range(args.runs)]
            runs += [("crash/forphan", args.runs, "forphan", r"forphan: inode \d+ unlinked", 0.2),
                     ("crash/dorphan", args.runs + 1, "dorphan", r"dorphan: inode \d+ unlinked", 0.2)]
            for name, k, command, ready, delay in runs:
                ok, detail, freed, expected = one_run(mk, log, image, k, command,
                                                      re.compile(ready), delay)
                if ok and command != "crashwr" and expected != 1:
                    ok, detail = False, detail + "; expected exactly one orphan, found %d" % expected
                orphans += freed
                result(name, ok, detail)
            # crashwr's runs must have exercised orphan reclaim at least once,
            # or the test of it proved nothing.
            result("crash/orphans", orphans > 0,
                   "%d inode(s) unlinked while open were reclaimed at boot" % orphans)
        finally:
            # Put the user's disk back, or leave a fresh image, not the last
            # crashed one.
            if os.path.exists(saved):
                os.replace(saved, image)
            else:
                why = fresh_image(mk, image)
                if why:
                    result("crash/cleanup", False, why)
    print("     total %.1fs, console log in %s" % (time.monotonic() - t0, logpath))
    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 and passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
