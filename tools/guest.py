#!/usr/bin/env python3
"""Boot cowos under QEMU: the one place that writes QEMU's command line.

usage: guest.py qemu       [--arch A] [--kernel K] [--fs F] [--cpus N] [--mem MB]
                           [--gdb PORT] [--screen window|headless]
                           [--extra='QEMU ARGS'] [--qemu BINARY] [--ramdisk]
                           [--iso ISO] [--machine VARIANT]
       guest.py print-qemu (the same options)
       guest.py machine    [--arch A] [FIELD]

`qemu` replaces itself with QEMU, the console on this terminal (Ctrl-A x
quits): `make qemu` and `make qemu-gdb` run it. With --gdb, QEMU waits
stopped before the first instruction for a debugger on TCP port PORT.
With --ramdisk, the machine has no disk: the boot loader hands F to the
kernel as a RAM disk image (RISC-V: the initrd; i386: a Multiboot
module), and what the
guest writes is lost when QEMU stops (F is not changed).
With --screen (machines with a "screen" entry: i386), the machine's
display adapter is there too: `window` opens QEMU's window with it (`make
qemu-vga`), the console and QEMU's monitor still on this terminal;
`headless` shows it nowhere (the tests read its memory through the
monitor), the console alone on stdio.
With --iso (machines with an "iso" entry: i386), the machine boots ISO
from its CD-ROM drive instead of the kernel from -kernel (the boot
loader on ISO loads the kernel and its RAM disk image: make iso); F is
still its disk unless --ramdisk says there is none. --machine VARIANT
boots a variant of the machine (its "variants" entry: riscv has
sifive_u, a board model whose disk image is always a RAM disk; i386 has
q35).
`print-qemu` prints that command line instead; `machine` prints the
machine table's entry for A (or its FIELD alone: qemu, machine, ...).
A is a key of MACHINES; empty or left out, it is riscv. K and F default to
build/A/kernel.elf and build/A/fresh.img.

As a module, for tools/check.py and the other tools: MACHINES,
qemu_command(), image_copy(), start() and Guest (QEMU on pipes: read the
console, wait for the prompt, type commands, stop), GuestDied, kill_group(), and the
shared options: add_options() and ready(). Python 3 stdlib only.
"""

import argparse
import collections
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_ARCH = "riscv"

# The machines cowos runs on, by the Makefile's ARCH. Each entry: the QEMU
# binary; its machine options; how to attach the disk image ("{fs}" stands
# for the image's path); the console options; optionally "smp", -smp's
# value ("{n}" stands for the number of CPUs; "{n}" alone if absent);
# optionally "ramdisk", the options that give "{fs}" to the kernel as a
# RAM disk image instead of a disk (qemu_command(ramdisk=True));
# optionally "screen", the display adapter for --screen, whose output the
# kernel also writes its console to; optionally "iso", the options that
# boot from "{iso}" on a CD-ROM instead of -kernel
# (qemu_command(iso=...)), with which "ramdisk" is not used (the ISO
# holds the image); optionally "extra_harts", harts the machine has that
# cannot run the kernel, added to -smp; optionally "variants", other
# machines of the same kind by name, each a dict of the entry's fields
# that it replaces (its "machine" options at least). The kernel otherwise
# goes to -kernel (an ELF, or multiboot on a PC). How to build for the machine
# (toolchain, compiler flags, gdb's name for it) is in
# kernel/ARCH/machine.mk.
MACHINES = {
    "riscv": {
        "qemu": "qemu-system-riscv64",
        # No -bios: QEMU's default firmware for virt, OpenSBI, which
        # enters the kernel in supervisor mode at 0x80200000.
        "machine": ["-machine", "virt"],
        "disk": ["-global", "virtio-mmio.force-legacy=false",
                 "-drive", "file={fs},if=none,format=raw,id=x0",
                 "-device", "virtio-blk-device,drive=x0,bus=virtio-mmio-bus.0"],
        # The image as the initrd, no virtio disk: QEMU loads it into RAM
        # and the device tree's /chosen names it (kernel/riscv/fdt.c).
        "ramdisk": ["-initrd", "{fs}"],
        "console": ["-nographic"],
        # What the firmware prints first on the console (check.py's
        # firmware test: it comes before the kernel's boot lines).
        "firmware_banner": "OpenSBI v",
        # RAM the kernel uses of QEMU's -m: all of it up to 2 GiB (the
        # device tree's memory node; kernel/riscv/machine.h PHYSTOP_MAX).
        "ram_max_mb": 2048,
        "ram_slack_mb": 0,
        # The same kernel linked to be loaded 6 MiB above its link
        # address (the Makefile's kernel-moved.elf, beside kernel.elf):
        # check.py's board/moved test.
        "moved_kernel": "kernel-moved.elf",
        # The kernel as a flat Linux-style Image (the Makefile's Image,
        # beside kernel.elf), for U-Boot's booti: check.py's board/image.
        "flat_image": "Image",
        # sifive_u: a model of SiFive's HiFive Unleashed board (SiFive
        # UART, no virtio, so no disk: the image is always the initrd),
        # with its default firmware, OpenSBI, too. Its hart 0 is an E51
        # core without supervisor mode, which the kernel leaves out: one
        # hart more than the CPUs asked for (at most 4 of them).
        "variants": {"sifive_u": {
            "machine": ["-machine", "sifive_u"],
            "disk": ["-initrd", "{fs}"],
            "extra_harts": 1,
            "max_cpus": 4,
        }},
    },
    # QEMU's PC with the i440FX chipset ("pc", not q35): its PIIX3 IDE
    # controller is in legacy mode at ports 0x1F0/0x3F6 and IRQ 14, which
    # kernel/i386/ide.c drives (q35 would attach the disk to AHCI). The
    # kernel is a Multiboot ELF32, which QEMU's -kernel loads itself; the
    # console is COM1 on stdio.
    "i386": {
        "qemu": "qemu-system-i386",
        "machine": ["-machine", "pc", "-net", "none"],
        "disk": ["-drive", "file={fs},index=0,media=disk,format=raw"],
        # The image as the first Multiboot module (QEMU's -kernel loader
        # loads -initrd's comma-separated files as modules), no -drive: the
        # primary IDE channel is empty, and the kernel uses the module
        # (kernel/disk.c).
        "ramdisk": ["-initrd", "{fs}"],
        "console": ["-nographic"],
        # The VGA card in text mode: the kernel's screen (kernel/i386/vga.c;
        # the PS/2 keyboard, kernel/i386/kbd.c, is on every PC).
        "screen": ["-vga", "std"],
        # make iso's GRUB ISO in the CD-ROM drive (the secondary IDE
        # channel's master on pc, an AHCI port on q35), booted by the
        # BIOS from it: GRUB loads the kernel and, as its first Multiboot
        # module, the disk image, the kernel's RAM disk when there is no
        # IDE disk.
        "iso": ["-cdrom", "{iso}", "-boot", "d"],
        # q35: the ICH9 chipset, whose disks (the CD-ROM too) are on an
        # AHCI controller, which the kernel does not drive: it finds no
        # IDE disk and uses the RAM disk.
        "variants": {"q35": {"machine": ["-machine", "q35", "-net", "none"]}},
        # One CPU per socket: SeaBIOS's MP table lists one processor per
        # package (a package's other logical CPUs are the OS's to find),
        # and the kernel takes its CPUs from the MP table.
        "smp": "{n},sockets={n}",
        # RAM the kernel uses of QEMU's -m: the Multiboot memory map's
        # region above 1 MiB, which the BIOS ends 128 KiB short of -m, up
        # to 2028 MiB (kernel/i386/machine.h PHYSTOP_MAX).
        "ram_max_mb": 2028,
        "ram_slack_mb": 1,
    },
}

BOOT_TIMEOUT = 60        # seconds from QEMU start to the first prompt
PANIC_GRACE = 1.5        # seconds to let a panic's backtrace reach the log
PROMPT_RE = re.compile(r"(?:^|\n)\$ ")

# What to boot: the machine (a MACHINES key), the kernel, the disk image,
# harts, MiB of RAM, and the QEMU binary (None: the machine's). The
# options of add_options() have the same names, so a parsed argparse
# namespace serves as well.
VM = collections.namedtuple("VM", "arch kernel fs cpus mem qemu")


def machine(arch):
    """The MACHINES entry of arch ("" or None: DEFAULT_ARCH). Raises
    ValueError, naming the known ones, for an unknown arch."""
    arch = arch or DEFAULT_ARCH
    if arch not in MACHINES:
        raise ValueError("unknown arch %r (known: %s)" % (arch, ", ".join(sorted(MACHINES))))
    return MACHINES[arch]


# --screen's modes: the console options that replace the machine's,
# after its "screen" entry. window: QEMU's default display, the console
# and the monitor multiplexed on stdio (Ctrl-A c switches); headless: no
# display, the console alone on stdio (no monitor unless extra asks).
SCREENS = {
    "window": ["-serial", "mon:stdio"],
    "headless": ["-display", "none", "-serial", "stdio", "-monitor", "none",
                 "-parallel", "none"],
}


def qemu_command(arch, kernel, fs, cpus, mem_mb, gdbport=None, extra=(), qemu=None,
                 screen=None, ramdisk=False, iso=None, variant=None):
    """The argv that boots kernel with the disk image fs on cpus harts and
    mem_mb MiB of RAM, console on stdin and stdout. screen: None, or a
    SCREENS key: the machine's display adapter too (ValueError if it has
    none, or for an unknown mode). gdbport: start stopped,
    waiting for a debugger on that TCP port, on every address of the host
    (127.0.0.1, where tools/gradetest.py and .gdbinit connect, among
    them). extra: more QEMU arguments, at the end. qemu: another QEMU
    binary than the machine's. ramdisk: no disk; fs goes to the kernel as
    a RAM disk image (ValueError for a machine without "ramdisk"); with
    iso, no disk at all (the ISO holds the image). iso: boot this ISO
    from the CD-ROM drive instead of kernel (ValueError for a machine
    without "iso"). variant: a key of the machine's "variants", whose
    machine options replace its own (ValueError for an unknown one)."""
    m = machine(arch)
    if variant is not None:
        variants = m.get("variants", {})
        if variant not in variants:
            raise ValueError("machine %s has no variant %r (known: %s)"
                             % (arch or DEFAULT_ARCH, variant, ", ".join(variants) or "none"))
        m = dict(m, **variants[variant])
        if cpus > m.get("max_cpus", cpus):
            raise ValueError("machine %s %s runs the kernel on at most %d CPUs"
                             % (arch or DEFAULT_ARCH, variant, m["max_cpus"]))
    if iso is not None and "iso" not in m:
        raise ValueError("arch %r cannot boot from an ISO" % (arch or DEFAULT_ARCH))
    mopts = m["machine"]
    if ramdisk and iso is None and "ramdisk" not in m:
        raise ValueError("arch %r cannot boot from a RAM disk yet" % (arch or DEFAULT_ARCH))
    console = m["console"]
    if screen is not None:
        if screen not in SCREENS:
            raise ValueError("unknown screen mode %r (known: %s)" % (screen, ", ".join(SCREENS)))
        if "screen" not in m:
            raise ValueError("machine %s has no screen" % (arch or DEFAULT_ARCH))
        console = m["screen"] + SCREENS[screen]
    # QEMU reads a comma in an option's value as ",,".
    if iso is not None:
        disk = [] if ramdisk else [a.replace("{fs}", fs.replace(",", ",,")) for a in m["disk"]]
        boot = [a.replace("{iso}", iso.replace(",", ",,")) for a in m["iso"]]
    else:
        disk = [a.replace("{fs}", fs.replace(",", ",,"))
                for a in m["ramdisk" if ramdisk else "disk"]]
        boot = ["-kernel", kernel]
    cmd = [qemu or m["qemu"]] + mopts + boot + [
        "-m", "%dM" % mem_mb,
        "-smp", m.get("smp", "{n}").replace("{n}", str(int(cpus) + m.get("extra_harts", 0)))
    ] + console + disk
    if gdbport:
        cmd += ["-S", "-gdb", "tcp::%d" % int(gdbport)]
    return cmd + list(extra)


class GuestDied(Exception):
    """Waiting on the console failed: the guest panicked, QEMU exited, the
    time limit passed, or a line the caller called a failure appeared.
    The guest must be rebooted before the next command."""


class Guest:
    """A command that boots cowos (QEMU, or `make qemu`), started in a
    process group of its own with the console on pipes; a thread copies
    everything it prints to a log and to self.text."""

    def __init__(self, cmd, log, boot_no, cwd=None, env=None, scratch=None):
        """Start cmd (an argv). log: a binary file for the console, with a
        header naming boot number boot_no and cmd. cwd, env: for the
        process. scratch: a file stop() removes (a private image copy)."""
        self.log = log
        self.scratch = scratch
        log.write(("\n==== boot %d: %s\n" % (boot_no, " ".join(cmd))).encode())
        log.flush()
        self.text = ""           # everything the guest printed, \r removed
        self.exited = False
        self.cond = threading.Condition()
        # A process group of its own, so that stop() also ends QEMU when
        # cmd is make and QEMU its child.
        self.proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     bufsize=0, start_new_session=True)
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        """The reader thread: console bytes to the log and self.text until
        end of file, then set self.exited."""
        out = self.proc.stdout.fileno()
        while True:
            try:
                data = os.read(out, 65536)
            except OSError:
                data = b""
            if not data:
                break
            self.log.write(data)
            self.log.flush()
            with self.cond:
                self.text += data.decode("latin-1").replace("\r", "")
                self.cond.notify_all()
        with self.cond:
            self.exited = True
            self.cond.notify_all()

    def mark(self):
        """Position in the output from which the next wait looks."""
        with self.cond:
            return len(self.text)

    def wait_for(self, regex, start, timeout, what, fail=None):
        """Wait until regex matches the output from position start on;
        returns the match (its offsets count from start). Raises GuestDied
        on a kernel panic, QEMU's exit, timeout seconds passing (what says
        what was awaited), or a match of the regex fail, if given."""
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                out = self.text[start:]
                i = out.find("panic: ")
                if i >= 0:
                    # The whole panic line (a wait returns at the next
                    # output, which may be a piece of it), then the next
                    # output, the backtrace's start, for the log.
                    grace = time.monotonic() + PANIC_GRACE
                    while "\n" not in self.text[start + i:] and not self.exited \
                            and time.monotonic() < grace:
                        self.cond.wait(grace - time.monotonic())
                    self.cond.wait(max(0, grace - time.monotonic()))
                    line = self.text[start + i:].split("\n", 1)[0]
                    raise GuestDied("kernel %s" % line.strip())
                bad = fail.search(out) if fail else None
                if bad:
                    raise GuestDied(bad.group(0).strip())
                m = regex.search(out)
                if m:
                    return m
                if self.exited:
                    raise GuestDied("QEMU exited (status %s) while waiting for %s"
                                    % (self.proc.poll(), what))
                left = deadline - time.monotonic()
                if left <= 0:
                    tail = out.strip().split("\n")[-1][-120:] if out.strip() else "nothing"
                    raise GuestDied("timeout after %ds waiting for %s (last output: %r)"
                                    % (timeout, what, tail))
                self.cond.wait(min(left, 1.0))

    def boot(self):
        """Wait for the first shell prompt."""
        self.wait_for(PROMPT_RE, 0, BOOT_TIMEOUT, "the first shell prompt")

    def type(self, line):
        """Type line and Enter on the console. Raises GuestDied if QEMU's
        input is closed."""
        try:
            self.proc.stdin.write((line + "\n").encode())
            self.proc.stdin.flush()
        except OSError:
            raise GuestDied("QEMU stdin closed")

    def run(self, command, timeout):
        """Type command at the prompt and return what it printed (without
        the echo of the command line and the next prompt). On GuestDied,
        the exception's output attribute holds what it printed."""
        start = self.mark()
        self.type(command)
        # The console echoes what we type: the output begins after the
        # echoed line, and ends at the next prompt.
        echo = self.wait_for(re.compile(re.escape(command) + r"\n"), start, 10,
                             "the echo of '%s'" % command)
        body = start + echo.end()
        try:
            end = self.wait_for(PROMPT_RE, body, timeout, "'%s' to finish" % command)
        except GuestDied as e:
            e.output = self.text[body:]
            raise
        return self.text[body:body + end.start()]

    def stop(self):
        """Kill the command and everything it started (SIGKILL: no
        shutdown, no flush), wait until all of it is gone, and remove the
        scratch file. Returns True if some process of the group survived."""
        left = kill_group(self.proc)
        self.reader.join(5)
        try:
            self.proc.stdin.close()
        except OSError:
            pass
        if self.scratch:
            try:
                os.unlink(self.scratch)
            except OSError:
                pass
        return left


def image_copy(fs, prefix):
    """A private copy of the disk image fs in a new temporary file whose
    name begins with prefix; returns its path (the caller removes it)."""
    fd, path = tempfile.mkstemp(prefix=prefix, suffix=".img")
    os.close(fd)
    shutil.copyfile(fs, path)
    return path


def start(vm, log, boot_no, image=None, extra=(), screen=None, ramdisk=False, iso=None,
          variant=None):
    """Boot vm (a VM, or parsed add_options() options) under QEMU on the
    disk image at path image, which is kept, or by default on a private
    copy of vm.fs that stop() removes. log, boot_no: as for Guest. extra:
    more QEMU arguments. screen: as for qemu_command(); ramdisk: the image
    as a RAM disk, no disk (qemu_command()); iso, variant: boot that ISO
    on that variant of the machine (qemu_command()). Returns the Guest;
    Guest.boot() waits for the shell."""
    scratch = None
    if image is None:
        image = scratch = image_copy(vm.fs, "cowos-fs-")
    cmd = qemu_command(vm.arch, vm.kernel, image, vm.cpus, vm.mem, extra=extra, qemu=vm.qemu,
                       screen=screen, ramdisk=ramdisk, iso=iso, variant=variant)
    return Guest(cmd, log, boot_no, scratch=scratch)


def kill_group(proc, timeout=10):
    """SIGKILL the process group led by proc (started with
    start_new_session=True), reap proc, and wait up to timeout seconds
    for the group's other members (QEMU under make) to be gone. Returns
    True if some member is still there."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait()
    deadline = time.monotonic() + timeout
    while True:
        try:
            os.killpg(proc.pid, 0)
        except ProcessLookupError:
            return False
        if time.monotonic() >= deadline:
            return True
        time.sleep(0.05)


def make_env():
    """The environment for running make as from a shell, not from inside
    an enclosing make: without MAKEFLAGS and the like, so that variables
    given to `make check` (say) do not leak into the inner make."""
    return {k: v for k, v in os.environ.items()
            if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES")}


def add_options(ap):
    """Add to the argparse parser ap the options that say what to boot:
    --arch, --cpus, --mem, --kernel, --fs, --qemu (the fields of VM).
    Parse with parse_args(), which fills in the defaults that depend on
    the arch."""
    ap.add_argument("--arch", default=DEFAULT_ARCH,
                    help="machine: %s (default %s)" % (", ".join(sorted(MACHINES)), DEFAULT_ARCH))
    ap.add_argument("--cpus", type=int, default=3, help="harts")
    ap.add_argument("--mem", type=int, default=128, help="RAM in MiB")
    ap.add_argument("--kernel", help="default build/ARCH/kernel.elf")
    ap.add_argument("--fs", help="disk image (default build/ARCH/fresh.img)")
    ap.add_argument("--qemu", help="QEMU binary (default: the machine's)")


def parse_args(ap):
    """ap.parse_args() for a parser with add_options(), with what they
    left to the arch filled in: an empty --arch, --kernel and --fs. An
    unknown arch is a usage error. Returns the options."""
    args = ap.parse_args()
    args.arch = args.arch or DEFAULT_ARCH
    try:
        machine(args.arch)
    except ValueError as e:
        ap.error(str(e))
    bdir = os.path.join("build", args.arch)
    args.kernel = args.kernel or os.path.join(bdir, "kernel.elf")
    args.fs = args.fs or os.path.join(bdir, "fresh.img")
    return args


def ready(vm, tool):
    """Whether vm's kernel, disk image and QEMU binary exist; if not, says
    which is missing (as tool), with a failed tally."""
    for path in (vm.kernel, vm.fs):
        if not os.path.exists(path):
            print("%s: %s does not exist (run make first)" % (tool, path))
            print("0 passed, 1 failed")
            return False
    qemu = vm.qemu or machine(vm.arch)["qemu"]
    if shutil.which(qemu) is None:
        print("%s: %s not found (sh tools/setup.sh installs it)" % (tool, qemu))
        print("0 passed, 1 failed")
        return False
    return True


def main():
    """The command line (this file's docstring). Returns an exit status;
    `qemu` does not return."""
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("action", choices=["qemu", "print-qemu", "machine"])
    ap.add_argument("field", nargs="?", help="machine: the field to print")
    add_options(ap)
    ap.add_argument("--gdb", type=int, metavar="PORT", help="wait for gdb on PORT")
    ap.add_argument("--screen", choices=sorted(SCREENS),
                    help="the machine's screen too: in a window, or headless")
    ap.add_argument("--extra", default="", help="more QEMU arguments, one string")
    ap.add_argument("--ramdisk", action="store_true",
                    help="no disk: the image as a RAM disk (writes are lost)")
    ap.add_argument("--iso", help="boot this ISO (make iso) from the CD-ROM drive, not --kernel")
    ap.add_argument("--machine", dest="variant", metavar="VARIANT",
                    help="a variant of the machine (riscv: sifive_u; i386: q35)")
    args = parse_args(ap)
    if args.field and args.action != "machine":
        ap.error("%s takes no FIELD (%r)" % (args.action, args.field))
    if args.action == "machine":
        m = machine(args.arch)
        if args.field:
            if args.field not in m:
                ap.error("no field %r (fields: %s)" % (args.field, ", ".join(m)))
            v = m[args.field]
            print(" ".join(v) if isinstance(v, list) else v)
        else:
            for k, v in m.items():
                print("%-10s %s" % (k, " ".join(v) if isinstance(v, list) else v))
        return 0
    try:
        cmd = qemu_command(args.arch, args.kernel, args.fs, args.cpus, args.mem,
                           gdbport=args.gdb, extra=shlex.split(args.extra), qemu=args.qemu,
                           screen=args.screen, ramdisk=args.ramdisk, iso=args.iso,
                           variant=args.variant)
    except ValueError as e:
        ap.error(str(e))
    if args.action == "print-qemu":
        print(" ".join(shlex.quote(a) for a in cmd))
        return 0
    sys.stdout.flush()
    try:
        os.execvp(cmd[0], cmd)
    except OSError as e:
        print("guest: cannot run %s: %s (sh tools/setup.sh installs QEMU)" % (cmd[0], e),
              file=sys.stderr)
        return 127


if __name__ == "__main__":
    sys.exit(main())
