#!/usr/bin/env python3
"""Crash tests: kill QEMU in the middle of a write-heavy program, boot again
on the same disk, and check that the file system recovered.

usage: crashtest.py [--runs N] [--cpus N] [--mem MB] [--kernel K] [--fs IMG]

Each run boots a fresh copy of the image, starts `crashwr` (user/crashwr.c),
kills QEMU at a different moment, and boots again on the same image so that
the log is recovered and orphans (files unlinked while open) are reclaimed.
Then, from the host: tools/fsck.py finds no problem, and every cw_N file
present is wholly there, with the size and bytes crashwr gives file N.
Prints one PASS/FAIL line per run and "N passed, M failed".
"""

import argparse
import os
import re
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check import Guest, GuestDied    # noqa: E402
import fsck                           # noqa: E402


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


def one_run(args, log, k):
    """Crash after a delay that grows with k. Returns (ok, detail)."""
    delay = 0.15 + 0.45 * k
    fd, image = tempfile.mkstemp(prefix="cowos-crash-", suffix=".img")
    os.close(fd)
    shutil.copyfile(args.fs, image)
    try:
        g = Guest(args, log, 2 * k + 1, image=image)
        try:
            g.boot()
            start = g.mark()
            g.proc.stdin.write(b"crashwr\n")
            g.proc.stdin.flush()
            g.wait_for(re.compile(r"crashwr: running"), start, 30, "crashwr to start")
            time.sleep(delay)
            written = g.text[start:].count("crashwr: ")
        finally:
            g.proc.kill()       # the crash: no shutdown, no flush
            g.stop()

        g = Guest(args, log, 2 * k + 2, image=image)
        try:
            g.boot()
            g.run("echo rebooted", 10)
            boot_text = g.text
        finally:
            g.stop()

        recovered = re.findall(r"log: recovering (\d+) blocks", boot_text)
        orphans = len(re.findall(r"fsinit: freed orphan inode", boot_text))
        img = fsck.Image(image)
        errs = fsck.check(img)
        nfiles, problems = verify_files(img)
        detail = "crash after %.2fs: log replayed %s blocks, %d orphan(s) freed, %d files checked" % (
            delay, recovered[0] if recovered else "no", orphans, nfiles)
        if written == 0:
            errs.append("crashwr printed nothing before the crash")
        if errs or problems:
            return False, detail + "; " + "; ".join(errs + problems)[:800], orphans
        return True, detail, orphans
    except GuestDied as e:
        return False, str(e), 0
    finally:
        os.unlink(image)


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=8)
    ap.add_argument("--cpus", type=int, default=3)
    ap.add_argument("--mem", type=int, default=128)
    ap.add_argument("--kernel", default="build/kernel.elf")
    ap.add_argument("--fs", default="build/fs.img")
    ap.add_argument("--qemu", default="qemu-system-riscv64")
    args = ap.parse_args()

    logpath = os.path.join(os.path.dirname(os.path.abspath(args.kernel)), "crashtest.log")
    passed = failed = orphans = 0
    t0 = time.monotonic()
    with open(logpath, "wb") as log:
        for k in range(args.runs):
            ok, detail, n = one_run(args, log, k)
            orphans += n
            print("%s crash/%d: %s" % ("PASS" if ok else "FAIL", k, detail), flush=True)
            passed += ok
            failed += not ok
    # The runs must have exercised orphan reclaim at least once, or the
    # test of it proved nothing.
    ok = orphans > 0
    print("%s crash/orphans: %d inode(s) unlinked while open were reclaimed at boot"
          % ("PASS" if ok else "FAIL", orphans))
    passed += ok
    failed += not ok
    print("     total %.1fs, console log in %s" % (time.monotonic() - t0, logpath))
    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 and passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
