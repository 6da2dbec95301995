#!/usr/bin/env python3
"""Compare copy-on-write fork with eager-copy fork (`make bench`).

usage: bench.py [--arch A] [--no-build] [--sizes "0 1 4 16 32 64 128 256"]
                [-n ITER] [--mem MIB] [--out DIR] [--readme] [--qemu BINARY]

Builds build/A/bench-cow (COW=1) and build/A/bench-eager (COW=0) with
make (A: the machine of tools/guest.py, riscv by default); boots each with
one CPU, MIB MiB of RAM (768 by default: the eager kernel's fork of a
256 MiB heap needs the parent's heap, the child's copy and the kernel's
own) and -icount shift=0,sleep=off on a private copy of its disk image;
runs `forkbench` (-n ITER and the sizes, if given; smaller ones make a
quick trial run); prints the table with the targets of issue 12; and
writes DIR/bench.csv, the table in Markdown (DIR/bench.md, for the
README), DIR/bench.png (gnuplot, with tools/bench.gp) and each kernel's
console log DIR/KERNEL.log (DIR: build/A/bench).
Figures are virtual time, one guest instruction being 1 ns, timed to the
nanosecond by forkbench (the time CSR on RISC-V, the TSC on i386): the
same on every run (and on every host with the same compiler and QEMU).
--readme also copies the plot to docs/ (bench.png for riscv,
bench-A.png for another machine) and puts the Markdown table between
machine A's bench markers in README.md's "Benchmarks" section.
Exit status 0 iff both runs completed without an error, leak or
corruption, with an instruction-exact clock, and the CSV and the PNG were
written. Python 3 stdlib only.
"""

import argparse
import math
import os
import shutil
import subprocess
import sys
import time

import guest
from guest import GuestDied, ROOT

# RAM for both kernels, in MiB: the eager kernel forks a 256 MiB heap, so
# it holds the parent's 256 MiB, the child's copy of them, and 256 MiB for
# the kernel, page tables and slack (i386 can use up to 2028 MiB).
MEM_MB = 768
MEM_SLACK_MB = 64            # RAM beyond parent and copy that a fork needs, at least
SIZES = "0 1 4 16 32 64 128 256"          # heap sizes in MiB (forkbench's default)
KERNELS = [("cow", 1), ("eager", 0)]      # name (build/ARCH/bench-NAME), COW=
WORKLOADS = ["fork", "forkexit", "forkexec", "forkwrite"]
RUN_TIMEOUT = 1800           # seconds (host time) for one forkbench run
# One guest instruction is one nanosecond of virtual time; sleep=off makes
# an idle CPU jump to the next timer deadline instead of waiting for it in
# real time, so time spent idle does not depend on the host either.
ICOUNT = "shift=0,sleep=off"
# README.md's markers around machine A's table: README_BEGIN % A, README_END % A.
README_BEGIN = "<!-- bench table begin (%s): tools/bench.py --readme rewrites this -->"
README_END = "<!-- bench table end (%s) -->"
# How the console table and the plot name each machine.
MACHINE_NAMES = {"riscv": "RISC-V (QEMU virt)", "i386": "i386 (QEMU PC)"}
FRAMES_NOTE = ("frames/op: 4096-byte frames allocated per operation (every page copied, "
               "plus page-table pages, kernel stack and trapframe), from the memstat counters.")


class BenchError(Exception):
    """A build or a run failed; the message says which and why."""


def build(arch, jobs, mem):
    """Build both kernels and their disk images for arch with make, jobs
    at a time, user programs for mem MiB of RAM. Raises BenchError if make
    fails."""
    make = os.environ.get("MAKE", "make")
    for name, cow in KERNELS:
        cmd = [make, "-j%d" % jobs, "ARCH=%s" % arch, "B=build/%s/bench-%s" % (arch, name),
               "MEM_MB=%d" % mem, "COW=%d" % cow]
        print("bench: %s" % " ".join(cmd), flush=True)
        # Variables given to an enclosing `make bench COW=...` must not
        # leak into these builds.
        r = subprocess.run(cmd, cwd=ROOT, env=guest.make_env(), stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT)
        if r.returncode != 0:
            sys.stdout.write(r.stdout.decode("utf-8", "replace")[-4000:])
            raise BenchError("building the %s kernel failed" % name)


def run_kernel(vm, name, command, logpath):
    """Boot vm (a guest.VM) of kernel name with -icount, run command, and
    return what it printed; the console goes to logpath. Raises BenchError
    if the guest dies."""
    t0 = time.monotonic()
    with open(logpath, "wb") as log:
        g = guest.start(vm, log, 1, extra=["-icount", ICOUNT])
        try:
            g.boot()
            out = g.run(command, RUN_TIMEOUT)
        except GuestDied as e:
            raise BenchError(str(e))
        finally:
            g.stop()
    print("bench: %s kernel: forkbench took %.0fs (host time)" % (name, time.monotonic() - t0),
          flush=True)
    return out


def parse(name, out, logpath):
    """Read forkbench's output out on kernel name (its console log is at
    logpath). Returns (results, pages,
    stats, problems): results maps (workload, MiB) to (iterations, ns per
    op); pages maps it to (iterations, frames allocated, COW copies);
    stats maps a memstat counter to its value; problems lists leak,
    corruption and error lines."""
    results, pages, stats, problems = {}, {}, {}, []
    done = False
    for line in out.split("\n"):
        f = line.split()
        if len(f) == 5 and f[0] == "bench" and f[1] in WORKLOADS:
            results[(f[1], int(f[2]))] = (int(f[3]), int(f[4]))
        elif len(f) == 6 and f[0] == "pages" and f[1] in WORKLOADS:
            pages[(f[1], int(f[2]))] = (int(f[3]), int(f[4]), int(f[5]))
        elif len(f) == 3 and f[0] == "stat":
            stats[f[1]] = int(f[2])
        elif f[:2] == ["bench", "done"]:
            done = True
        elif f[:1] == ["note:"]:
            # The clock is not instruction-exact: the figures would differ
            # from run to run.
            problems.append("%s kernel: %s" % (name, line.strip()))
        elif f[:1] == ["bench"] or "killed" in line or "usage" in line:
            problems.append("%s kernel: %s" % (name, line.strip()))
    if not done:
        problems.append("%s kernel: forkbench did not finish (see %s)" % (name, logpath))
    return results, pages, stats, problems


def table_rows(sizes, res, pages):
    """One row per (workload, size) measured on both kernels: workload,
    MiB, iterations, COW ns/op, eager ns/op, eager/COW, and frames
    allocated per operation on each kernel (text; "-" if unknown)."""
    rows = []
    for w in WORKLOADS:
        for mib in sizes:
            c, e = res["cow"].get((w, mib)), res["eager"].get((w, mib))
            if not c or not e:
                continue
            fr = []
            for k in ("cow", "eager"):
                p = pages[k].get((w, mib))
                fr.append("%.0f" % (p[1] / p[0]) if p else "-")
            rows.append((w, mib, c[0], c[1], e[1], e[1] / c[1] if c[1] else float("inf"),
                         fr[0], fr[1]))
    return rows


# Issue 12's targets, measured on one CPU in virtual time (they are
# RISC-V's; i386 reports the same beside them). Issue 4's (fork+exit+wait
# at most 60 ns per heap page and >= 50x faster than eager at 32 MiB, the
# worst case <= 1.1x eager, fork+exec+wait >= 30x faster than eager) are
# gone: each is implied by, or weaker than, one of these.
# (description, workload, MiB, numerator kernel, denominator: a kernel,
# "empty" for COW's figure at 0 MiB, or None for an absolute figure in
# microseconds, wanted: "<= N" or ">= N" and the unit)
TARGETS = [
    ("fork+exit+wait, empty heap", "forkexit", 0, "cow", None, "<= 8 us"),
    ("fork+exit+wait at 32 MiB / empty heap", "forkexit", 32, "cow", "empty", "<= 1.5x"),
    ("fork+exit+wait at 256 MiB / empty heap", "forkexit", 256, "cow", "empty", "<= 2x"),
    ("worst case (child writes all 32 MiB), COW/eager", "forkwrite", 32, "cow", "eager",
     "<= 1.0x"),
    ("fork+exec+wait from 32 MiB, eager/COW", "forkexec", 32, "eager", "cow", ">= 100x"),
]


def bound(want):
    """The number in a target's wanted text ("<= 1.5x": 1.5)."""
    return float(want.split()[1].rstrip("x"))


def meets(v, want):
    """True if the figure v meets the wanted text ("<= 8 us", ">= 100x")."""
    return v <= bound(want) if want.startswith("<=") else v >= bound(want)


def targets(res):
    """Issue 12's targets (TARGETS): a list of (description, measured
    figure as text or "n/a", wanted, met: True, False or None if not
    measured)."""
    def ns(k, w, mib):
        v = res.get(k, {}).get((w, mib))
        return v[1] if v else None

    out = []
    for desc, w, mib, num, den, want in TARGETS:
        a = ns(num, w, mib)
        b = None if den is None else ns("cow", w, 0) if den == "empty" else ns(den, w, mib)
        if a is None or (den is not None and b is None):
            out.append((desc, "n/a", want, None))
        elif den is None:
            out.append((desc, "%.1f us" % (a / 1000.0), want, meets(a / 1000.0, want)))
        else:
            r = a / b if b else float("inf")
            out.append((desc, "%.2fx" % r, want, meets(r, want)))
    return out


def ceilings(res):
    """The plot's target marks: (workload, MiB, the most microseconds the
    COW kernel may take there to meet an issue-12 target), for each target
    whose reference figure was measured."""
    out = []
    for desc, w, mib, num, den, want in TARGETS:
        b = bound(want)
        if den is None:
            out.append((w, mib, b))
        elif den == "empty":
            v = res.get("cow", {}).get((w, 0))
            if v:
                out.append((w, mib, b * v[1] / 1000.0))
        else:
            v = res.get("eager", {}).get((w, mib))
            if v:
                # COW/eager <= b, or eager/COW >= b.
                out.append((w, mib, v[1] / 1000.0 * (b if num == "cow" else 1 / b)))
    return out


def verdict(met, missed):
    """A target's verdict: n/a, met, or missed spelled as given."""
    return "n/a" if met is None else ("met" if met else missed)


def machine_name(arch):
    """How the table and the plot name machine arch."""
    return MACHINE_NAMES.get(arch, arch)


def print_report(arch, rows, tg):
    """The console table of machine arch, then the targets."""
    print()
    print("Virtual time per operation (ns; 1 guest instruction = 1 ns), one CPU, %s"
          % machine_name(arch))
    print("%-10s %5s %6s %13s %13s %9s %11s %11s" % (
        "workload", "MiB", "iters", "COW ns/op", "eager ns/op", "eager/COW",
        "COW fr/op", "eager fr/op"))
    for i, row in enumerate(rows):
        if i > 0 and row[0] != rows[i - 1][0]:
            print()
        print("%-10s %5d %6d %13d %13d %9.1f %11s %11s" % row)
    print()
    print(FRAMES_NOTE.replace("frames/op", "fr/op"))
    print()
    print("Targets (issue 12; set for RISC-V, reported on every machine)")
    for desc, fig, want, met in tg:
        print("  %-50s %10s  target %-8s %s" % (desc, fig, want, verdict(met, "MISSED")))


def write_markdown(path, rows, tg):
    """The same table and the targets in Markdown, for the README."""
    with open(path, "w") as f:
        f.write("| workload | heap MiB | iterations | COW ns/op | eager ns/op | eager/COW "
                "| COW frames/op | eager frames/op |\n")
        f.write("|---|--:|--:|--:|--:|--:|--:|--:|\n")
        for row in rows:
            f.write("| %s | %d | %d | %d | %d | %.1f | %s | %s |\n" % row)
        f.write("\n%s\n\n" % FRAMES_NOTE)
        f.write("| target (issue 12) | measured | wanted | |\n|---|--:|--:|---|\n")
        for desc, fig, want, met in tg:
            want = want.replace(">=", "≥").replace("<=", "≤").replace("us", "µs")
            fig = fig.replace("us", "µs")
            f.write("| %s | %s | %s | %s |\n" % (desc, fig, want, verdict(met, "missed")))


def write_csv(path, sizes, res):
    """kernel,workload,heap_mib,iterations,ns_per_op: a line per figure."""
    with open(path, "w") as f:
        f.write("kernel,workload,heap_mib,iterations,ns_per_op\n")
        for k, _ in KERNELS:
            for w in WORKLOADS:
                for mib in sizes:
                    v = res[k].get((w, mib))
                    if v:
                        f.write("%s,%s,%d,%d,%d\n" % (k, w, mib, v[0], v[1]))


def write_png(arch, outdir, sizes, res):
    """outdir/bench.png: tools/bench.gp's plot of outdir/bench.dat and of
    the issue-12 target marks in outdir/bench-targets.dat, which this
    writes, on a y range of whole decades around every figure and mark,
    for machine arch. Returns True if gnuplot wrote it."""
    gnuplot = shutil.which("gnuplot")
    if gnuplot is None:
        gnuplot_missing()
        return False
    dat = os.path.join(outdir, "bench.dat")
    cols = [(k, w) for k, _ in KERNELS for w in WORKLOADS]
    with open(dat, "w") as f:
        f.write("# index heap_mib %s (microseconds per operation)\n"
                % " ".join("%s_%s" % kw for kw in cols))
        for i, mib in enumerate(sizes):
            vals = [res[k].get((w, mib)) for k, w in cols]
            f.write("%d %d %s\n" % (i, mib, " ".join("%.3f" % (v[1] / 1000.0) if v else "NaN"
                                                      for v in vals)))
    tdat = os.path.join(outdir, "bench-targets.dat")
    marks = [(sizes.index(mib), WORKLOADS.index(w) + 1, us) for w, mib, us in ceilings(res)
             if mib in sizes]
    with open(tdat, "w") as f:
        f.write("# index workload(1-4: %s) microseconds: the most COW may take\n"
                % " ".join(WORKLOADS))
        for m in marks:
            f.write("%d %d %.3f\n" % m)
    allv = [v[1] / 1000.0 for k in res for v in res[k].values() if v[1] > 0] or [1, 1e5]
    allv += [m[2] for m in marks if m[2] > 0]
    ylo, yhi = (10 ** math.floor(math.log10(min(allv))), 10 ** math.ceil(math.log10(max(allv))))
    setvars = ("dat='%s'; tdat='%s'; out='%s'; nsizes=%d; ylo=%g; yhi=%g; machine='%s'"
               % (dat, tdat, os.path.join(outdir, "bench.png"), len(sizes), ylo, yhi,
                  machine_name(arch)))
    r = subprocess.run([gnuplot, "-e", setvars, os.path.join(ROOT, "tools", "bench.gp")],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if r.returncode != 0:
        print(r.stdout.decode("utf-8", "replace"))
        return False
    return True


def gnuplot_missing():
    print("bench: gnuplot is missing; install it with:")
    print("  sudo apt-get install -y gnuplot-nox")


def readme_png(arch):
    """The plot's name in docs/ for machine arch: bench.png for the
    default machine, bench-ARCH.png for another."""
    return "bench.png" if arch == guest.DEFAULT_ARCH else "bench-%s.png" % arch


def update_readme(arch, outdir):
    """Copy machine arch's plot to docs/ and its Markdown table into
    README.md between its bench markers. Returns False if there are no
    markers for arch."""
    path = os.path.join(ROOT, "README.md")
    with open(path) as f:
        text = f.read()
    begin, end = README_BEGIN % arch, README_END % arch
    i, j = text.find(begin), text.find(end)
    if i < 0 or j < i:
        print("bench: README.md has no bench markers for %s; table left in %s/bench.md"
              % (arch, outdir))
        return False
    png = readme_png(arch)
    shutil.copyfile(os.path.join(outdir, "bench.png"), os.path.join(ROOT, "docs", png))
    with open(os.path.join(outdir, "bench.md")) as f:
        table = f.read()
    with open(path, "w") as f:
        f.write(text[:i + len(begin)] + "\n" + table + text[j:])
    print("bench: updated README.md and docs/%s" % png)
    return True


def main():
    """Build, run both kernels, report; returns the exit status."""
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--arch", default=guest.DEFAULT_ARCH, help="machine (make's ARCH)")
    ap.add_argument("--no-build", action="store_true", help="use the existing builds")
    ap.add_argument("--sizes", default=SIZES, help="heap sizes in MiB")
    ap.add_argument("--mem", type=int, default=MEM_MB, help="MiB of RAM for the guests")
    ap.add_argument("-n", type=int, help="iterations for every size (forkbench -n)")
    ap.add_argument("--out", help="output directory (default build/ARCH/bench)")
    ap.add_argument("--qemu", help="QEMU binary (default: the machine's)")
    ap.add_argument("--readme", action="store_true",
                    help="update README.md's table for the machine and its plot in docs/")
    args = ap.parse_args()
    arch = args.arch or guest.DEFAULT_ARCH
    outdir = os.path.join(ROOT, args.out or os.path.join("build", arch, "bench"))
    os.makedirs(outdir, exist_ok=True)
    sizes = [int(s) for s in args.sizes.split()]
    if args.mem < 2 * max(sizes) + MEM_SLACK_MB:
        print("bench: warning: %d MiB of RAM may not hold the eager kernel's fork of a %d MiB "
              "heap (wants %d)" % (args.mem, max(sizes), 2 * max(sizes) + MEM_SLACK_MB))
    command = "forkbench" + ("" if args.n is None else " -n %d" % args.n)
    if args.sizes != ap.get_default("sizes"):
        command += " " + " ".join(str(s) for s in sizes)
    qemu = args.qemu or guest.machine(arch)["qemu"]
    if shutil.which(qemu) is None:
        print("bench: %s not found (sh tools/setup.sh installs it)" % qemu)
        return 1
    if shutil.which("gnuplot") is None:
        gnuplot_missing()       # warn now; the table and the CSV still come

    res, pages, problems = {}, {}, []
    t0 = time.monotonic()
    try:
        if not args.no_build:
            build(arch, os.cpu_count() or 1, args.mem)
        for name, _ in KERNELS:
            bdir = os.path.join(ROOT, "build", arch, "bench-" + name)
            vm = guest.VM(arch, os.path.join(bdir, "kernel.elf"),
                          os.path.join(bdir, "fresh.img"), 1, args.mem, qemu)
            logpath = os.path.join(outdir, "%s.log" % name)
            out = run_kernel(vm, name, command, logpath)
            res[name], pages[name], stats, probs = parse(name, out, logpath)
            problems += probs
            if stats:
                print("bench: %s kernel memstat after the run: %s" % (
                    name, ", ".join("%s %d" % kv for kv in stats.items())))
    except BenchError as e:
        print("bench: FAILED: %s" % e)
        return 1

    rows, tg = table_rows(sizes, res, pages), targets(res)
    print_report(arch, rows, tg)
    csv = os.path.join(outdir, "bench.csv")
    write_csv(csv, sizes, res)
    write_markdown(os.path.join(outdir, "bench.md"), rows, tg)
    png = write_png(arch, outdir, sizes, res)
    print()
    print("bench: wrote %s, bench.md%s" % (csv, " and bench.png" if png else " (no PNG)"))
    print("bench: %s took %.0fs (host time, build included)" % (arch, time.monotonic() - t0))
    for p in problems:
        print("bench: PROBLEM: %s" % p)
    if args.readme and png and not problems:
        update_readme(arch, outdir)
    missing = [(k, w, m) for k, _ in KERNELS for w in WORKLOADS for m in sizes
               if (w, m) not in res[k]]
    if missing:
        print("bench: no figure for %s" % ", ".join("%s %s %d" % x for x in missing[:8]))
    return 0 if png and not problems and not missing else 1


if __name__ == "__main__":
    sys.exit(main())
