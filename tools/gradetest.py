#!/usr/bin/env python3
"""Grade cowos the way a course's grading script grades xv6.

usage: gradetest.py [--make-arg VAR=VALUE ...] [--keep-fs] [--log FILE]

Steps, each reported as `PASS name` or `FAIL name: why`:

  gdbport    `make -s --no-print-directory print-gdbport` prints a port
  port-free  nothing listens on that port yet (no QEMU left running)
  qemu-gdb   `make -s --no-print-directory qemu-gdb` (stdin and stdout on
             pipes) starts QEMU; a GDB remote-protocol client attaches on
             127.0.0.1:port, finds the machine stopped (`?`) before it has
             printed anything, and continues it (`c`)
  boot       the shell prompt `$ ` appears on make's stdout
  cowtest    typed at the prompt, prints ALL COW TESTS PASSED
  usertests  `usertests -q` prints ALL TESTS PASSED
  shutdown   the gdb client stops the machine and sends `k`; QEMU and make
             exit, nothing of their process group is left, the port is free

A step fails on a kernel panic (a `panic: ` line), on a line containing
FAILED, on QEMU exiting, on its time limit, or on any error of its own
(an OSError, a bug: reported with its type). Once QEMU has started,
shutdown runs whatever failed, even on an interrupt (^C, or SIGTERM or
SIGHUP to this script), and stops make's whole process group (SIGKILL if
the kill packet does not end it), so that no QEMU is left holding the
port. The fs image is made afresh first (--keep-fs: keep it).
Ends with "N passed, M failed"; exit status 0 iff all passed. The console
goes to build/gradetest.log. Python 3 stdlib only.

From Python: gradetest.run(...) returns [(name, ok, why), ...]; an
interrupt (KeyboardInterrupt, SystemExit) is reported as the step's
failure and raised again once QEMU is stopped.
"""

import argparse
import os
import re
import socket
import signal
import subprocess
import sys
import time
import traceback

import guest
from guest import GuestDied, PROMPT_RE, ROOT

STEPS = ["gdbport", "port-free", "qemu-gdb", "boot", "cowtest", "usertests", "shutdown"]

# Time limits in seconds. The first attach may wait for a whole build.
TIMEOUTS = {"build": 600, "boot": 120, "cowtest": 400, "usertests": 900,
            "rsp": 10, "exit": 15}

FAILED_RE = re.compile(r"[^\n]*FAILED[^\n]*\n")     # a whole line


class StepFailed(Exception):
    """The current step failed; the message says why."""


# ---------------------------------------------------------------------
# GDB remote serial protocol: packets are $data#cc, cc the sum of data's
# bytes modulo 256 in two hex digits; the receiver answers + (good) or -
# (send again). A byte 0x03 outside a packet interrupts a running target.

class RSP:
    """A minimal GDB remote-protocol client over TCP."""

    def __init__(self, sock):
        self.sock = sock
        self.pending = b""

    @staticmethod
    def frame(data):
        raw = data.encode("latin-1")
        return b"$" + raw + b"#" + b"%02x" % (sum(raw) % 256)

    def _write(self, data):
        try:
            self.sock.sendall(data)
        except OSError as e:
            raise StepFailed("gdb stub: %s" % e)

    def _byte(self, deadline):
        while not self.pending:
            left = deadline - time.monotonic()
            if left <= 0:
                raise StepFailed("gdb stub: no answer in time")
            self.sock.settimeout(left)
            try:
                data = self.sock.recv(4096)
            except socket.timeout:
                continue
            except OSError as e:
                raise StepFailed("gdb stub: %s" % e)
            if not data:
                raise StepFailed("gdb stub closed the connection")
            self.pending += data
        b, self.pending = self.pending[:1], self.pending[1:]
        return b

    def send(self, data, timeout):
        """Send packet data and wait for its acknowledgement."""
        deadline = time.monotonic() + timeout
        for _ in range(3):
            self._write(self.frame(data))
            while True:
                b = self._byte(deadline)
                if b == b"+":
                    return
                if b == b"-":
                    break       # send it again
                # Anything else before the ack is stray; skip it.
        raise StepFailed("gdb stub rejected packet %r three times" % data)

    def recv(self, timeout):
        """Receive one packet, acknowledge it, return its data."""
        deadline = time.monotonic() + timeout
        while True:
            while self._byte(deadline) != b"$":
                pass
            body = b""
            while True:
                b = self._byte(deadline)
                if b == b"#":
                    break
                body += b
            cc = self._byte(deadline) + self._byte(deadline)
            try:
                ok = int(cc, 16) == sum(body) % 256
            except ValueError:
                ok = False
            self._write(b"+" if ok else b"-")
            if ok:
                return self.decode(body)

    @staticmethod
    def decode(body):
        """Undo the protocol's escapes (}x is x^0x20) and run-length
        encoding (c*n repeats c n-29 more times)."""
        out = bytearray()
        i = 0
        while i < len(body):
            c = body[i]
            if c == 0x7d and i + 1 < len(body):
                out.append(body[i + 1] ^ 0x20)
                i += 2
            elif c == 0x2a and out and i + 1 < len(body):
                out += bytes([out[-1]]) * (body[i + 1] - 29)
                i += 2
            else:
                out.append(c)
                i += 1
        return out.decode("latin-1")

    def request(self, data, timeout):
        self.send(data, timeout)
        return self.recv(timeout)

    def interrupt(self):
        self._write(b"\x03")

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


# Where QEMU's gdb stub is reached: it listens on every address of the
# host (guest.qemu_command()). A number, not localhost: a name needs
# /etc/hosts, which a minimal root (a container, a debootstrap) may lack.
HOST = "127.0.0.1"


def connect(port, timeout=None):
    """A TCP connection to HOST:port, or None if nothing listens there
    (connection refused). Raises StepFailed on any other error, which
    says nothing about whether something listens."""
    try:
        return socket.create_connection((HOST, port), timeout=timeout or 2)
    except ConnectionRefusedError:
        return None
    except OSError as e:
        raise StepFailed("cannot connect to %s:%d: %s" % (HOST, port, e))


# ---------------------------------------------------------------------

class Grader:
    """One grading session: the steps of STEPS, run in order by run()."""

    def __init__(self, make_args, log, report, reset_fs, timeouts):
        self.make = ["make", "-s", "--no-print-directory"] + list(make_args)
        self.log = log
        self.report = report
        self.reset_fs = reset_fs
        self.t = dict(TIMEOUTS, **(timeouts or {}))
        self.results = []
        self.port = None
        self.guest = None        # make qemu-gdb and its console
        self.gdb = None
        self.running = False     # the machine was continued and not stopped
        # A course script runs make from a shell, not from inside make.
        self.env = guest.make_env()

    def result(self, name, ok, why=""):
        self.results.append((name, ok, why))
        if self.report:
            self.report(name, ok, why)

    def step(self, name, fn):
        """Run fn as step name; returns True if it passed. Once a step
        fails, the later ones (but shutdown) are reported as not run.
        Any exception fails the step: StepFailed says why; another one
        (an OSError, a bug) is named with where it was raised; an
        interrupt (KeyboardInterrupt, SystemExit) is reported and raised
        again, for run() to shut down and pass on."""
        if any(not ok for _, ok, _ in self.results) and name != "shutdown":
            self.result(name, False, "not run: an earlier step failed")
            return False
        try:
            fn()
        except StepFailed as e:
            self.result(name, False, str(e))
            return False
        except Exception as e:
            where = traceback.extract_tb(e.__traceback__)[-1]
            self.result(name, False, "%s: %s (%s line %d)" % (
                type(e).__name__, e, os.path.basename(where.filename), where.lineno))
            return False
        except BaseException as e:
            self.result(name, False, "interrupted (%s)" % type(e).__name__)
            raise
        self.result(name, True)
        return True

    def note(self, text):
        if self.log:
            self.log.write(("\n==== gradetest: %s\n" % text).encode())
            self.log.flush()

    # The steps.

    def gdbport(self):
        try:
            out = subprocess.run(self.make + ["print-gdbport"], cwd=ROOT, env=self.env,
                                 stdin=subprocess.DEVNULL, capture_output=True,
                                 timeout=60)
        except subprocess.TimeoutExpired:
            raise StepFailed("make print-gdbport did not finish in 60s")
        text = out.stdout.decode("latin-1")
        if out.returncode != 0:
            raise StepFailed("make print-gdbport exited with %d: %s"
                             % (out.returncode, out.stderr.decode("latin-1").strip()[:200]))
        if not re.fullmatch(r"\d+\n?", text) or not 0 < int(text) < 65536:
            raise StepFailed("make print-gdbport printed %r, not just a port" % text[:200])
        self.port = int(text)
        self.note("gdb port %d" % self.port)

    def port_free(self):
        s = connect(self.port)
        if s is not None:
            s.close()
            raise StepFailed("something already listens on port %d (a QEMU left running?)"
                             % self.port)

    def qemu_gdb(self):
        if self.reset_fs:
            img = subprocess.run(self.make + ["print-fsimg"], cwd=ROOT, env=self.env,
                                 stdin=subprocess.DEVNULL, capture_output=True)
            path = os.path.join(ROOT, img.stdout.decode().strip())
            if img.returncode == 0 and os.path.isfile(path):
                os.unlink(path)
        self.guest = guest.Guest(self.make + ["qemu-gdb"], self.log, 1, cwd=ROOT, env=self.env)
        # Attach as soon as QEMU listens (make may build first).
        deadline = time.monotonic() + self.t["build"]
        while True:
            s = connect(self.port)
            if s is not None:
                break
            if self.guest.proc.poll() is not None:
                raise StepFailed("make qemu-gdb exited with %d before QEMU listened on port %d"
                                 % (self.guest.proc.returncode, self.port))
            if time.monotonic() > deadline:
                raise StepFailed("nothing listened on port %d after %ds"
                                 % (self.port, self.t["build"]))
            time.sleep(0.2)
        self.gdb = RSP(s)
        reply = self.gdb.request("?", self.t["rsp"])
        if not reply[:1] in ("S", "T"):
            raise StepFailed("'?' answered %r, not a stop reply" % reply)
        if "cowos:" in self.guest.text:
            raise StepFailed("the kernel ran before the debugger continued it (no -S?)")
        self.boot_mark = self.guest.mark()
        self.gdb.send("c", self.t["rsp"])
        self.running = True

    def wait(self, regex, start, timeout, what, fail=None):
        """Guest.wait_for(), failing the step where it raises GuestDied.
        Returns the position where the match ends."""
        try:
            return start + self.guest.wait_for(regex, start, timeout, what, fail).end()
        except GuestDied as e:
            raise StepFailed(str(e))

    def boot(self):
        self.wait(PROMPT_RE, self.boot_mark, self.t["boot"], "the shell prompt")

    def command(self, line, passline, timeout):
        """Type line at the prompt; passline must appear before a FAILED
        line or the time limit, then the prompt."""
        start = self.guest.mark()
        try:
            self.guest.type(line)
        except GuestDied as e:
            raise StepFailed("cannot type %r: %s" % (line, e))
        end = self.wait(re.compile(re.escape(passline)), start, timeout,
                        "'%s'" % passline, fail=FAILED_RE)
        self.wait(PROMPT_RE, end, 60, "the prompt after %s" % line, fail=FAILED_RE)

    def shutdown(self):
        """Kill the machine through the gdb stub and wait for make to
        exit; then, whatever happened (an exception, an interrupt), SIGKILL
        make's process group and wait until it is gone. Fails if the kill
        packet did not end QEMU or the port still listens."""
        if self.guest is None:
            return
        try:
            why = self.kill()
        finally:
            left = self.guest.stop()
        if left:
            why = why or "process group %d still alive after SIGKILL" % self.guest.proc.pid
        if why is None and connect(self.port) is not None:
            why = "port %d still listening after QEMU exited" % self.port
        if why:
            raise StepFailed(why)

    def kill(self):
        """Stop the machine and send `k`, then wait for make (and QEMU) to
        exit. Returns why that failed, or None."""
        if self.gdb is None:
            return None         # never attached: the SIGKILL ends it
        try:
            if self.running:
                self.gdb.interrupt()            # stop the machine,
                self.gdb.recv(self.t["rsp"])    # which says so,
                self.running = False
            self.gdb.send("k", self.t["rsp"])  # and kill it
        except StepFailed as e:
            return "kill through the gdb stub failed: %s" % e
        finally:
            self.gdb.close()
        try:
            self.guest.proc.wait(self.t["exit"])
        except subprocess.TimeoutExpired:
            return "QEMU did not exit %ds after the kill packet" % self.t["exit"]
        return None

    def run(self):
        """The steps; shutdown runs whatever happens before it."""
        try:
            self.step("gdbport", self.gdbport)
            self.step("port-free", self.port_free)
            self.step("qemu-gdb", self.qemu_gdb)
            self.step("boot", self.boot)
            self.step("cowtest", lambda: self.command(
                "cowtest", "ALL COW TESTS PASSED", self.t["cowtest"]))
            self.step("usertests", lambda: self.command(
                "usertests -q", "ALL TESTS PASSED", self.t["usertests"]))
        finally:
            self.step("shutdown", self.shutdown)
        return self.results


def run(make_args=(), log_path=None, report=None, reset_fs=True, timeouts=None):
    """Grade the tree: the steps listed in this file's docstring.
    make_args: extra make arguments (e.g. ["CPUS=1"]); log_path: where the
    console goes (build/gradetest.log by default); report: called as
    report(name, ok, why) after each step; reset_fs: remove the disk image
    first, so that make qemu-gdb makes a fresh one; timeouts: overrides of
    TIMEOUTS. Returns [(name, ok, why), ...], one per step of STEPS."""
    if log_path is None:
        log_path = os.path.join(ROOT, "build", "gradetest.log")
    os.makedirs(os.path.dirname(os.path.abspath(log_path)), exist_ok=True)
    with open(log_path, "wb") as log:
        return Grader(make_args, log, report, reset_fs, timeouts).run()


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--make-arg", action="append", default=[], metavar="VAR=VALUE",
                    help="pass to every make (CPUS=1, B=dir, ...)")
    ap.add_argument("--keep-fs", action="store_true",
                    help="boot on the existing disk image instead of a fresh one")
    ap.add_argument("--log", help="console log (default build/gradetest.log)")
    args = ap.parse_args()
    # SIGTERM and SIGHUP unwind like ^C, so that shutdown stops QEMU,
    # which runs in a session of its own and would outlive this script.
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, lambda signum, frame: sys.exit(128 + signum))

    def report(name, ok, why):
        print("PASS %s" % name if ok else "FAIL %s: %s" % (name, why), flush=True)

    t0 = time.monotonic()
    results = run(args.make_arg, args.log, report, not args.keep_fs)
    passed = sum(1 for _, ok, _ in results if ok)
    failed = len(results) - passed
    print("     total %.1fs, console log in %s" % (
        time.monotonic() - t0, args.log or os.path.join(ROOT, "build", "gradetest.log")))
    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 and passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
