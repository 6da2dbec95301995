#!/usr/bin/env python3
# `make bench`: build cowos twice (copy-on-write fork and eager-copy fork),
# run user/forkbench.c on each under QEMU with one hart and -icount, and
# print a table with ratios and the targets; write a CSV and a
# gnuplot PNG. Python 3 stdlib only, plus Debian's gnuplot.
"""Compare copy-on-write fork with eager-copy fork.

usage: bench.py [--no-build] [--sizes "0 1 4 16 32 64"] [-n ITER] [--out DIR]
                [--readme]

Builds build/bench-cow (COW=1) and build/bench-eager (COW=0), both with
MEM_MB=512, boots each with -smp 1 and -icount shift=0,sleep=off on a
private copy of its disk image, runs `forkbench`, and writes DIR/bench.csv,
DIR/bench.png, the table in Markdown (DIR/bench.md, for the README) and
each kernel's console log DIR/KERNEL.log (DIR defaults to build/bench).
Figures are virtual time, one guest instruction being 1 ns, timed to the
nanosecond by forkbench: the same on every run (and on every machine with
the same compiler and QEMU).
--readme also copies the plot to docs/bench.png and puts the Markdown
table between the bench markers of README.md's "Benchmarks" section.
Exit status 0 iff both runs completed without an error, leak or
corruption and the CSV and the PNG were written.
"""

import argparse
import math
import os
import shutil
import subprocess
import sys
import time

import guest
from guest import GuestDied

MEM_MB = 512                 # RAM for both kernels: the eager one copies 64 MiB
KERNELS = [                  # (name, build directory, COW= value)
    ("cow", "build/bench-cow", 1),
    ("eager", "build/bench-eager", 0),
]
WORKLOADS = ["fork", "forkexit", "forkexec", "forkwrite"]
RUN_TIMEOUT = 900            # seconds for one forkbench run
# One guest instruction is one nanosecond of virtual time; sleep=off makes
# an idle hart jump to the next timer deadline instead of waiting for it in
# real time, so time spent idle does not depend on the host either.
ICOUNT = "shift=0,sleep=off"
PAGES_32MIB = 32 * 256       # 4096-byte pages in a 32 MiB heap
README_BEGIN = "<!-- bench table begin: tools/bench.py --readme rewrites this -->"
README_END = "<!-- bench table end -->"


class BenchError(Exception):
    """A build or a run failed; the message says which and why."""


def build(root, jobs):
    """Build both kernels and their disk images with make."""
    env = dict(os.environ)
    # Variables given to an enclosing `make bench COW=...` must not leak
    # into these builds.
    for var in ("MAKEFLAGS", "MFLAGS", "MAKEOVERRIDES", "MAKELEVEL"):
        env.pop(var, None)
    make = os.environ.get("MAKE", "make")
    for name, bdir, cow in KERNELS:
        cmd = [make, "-j%d" % jobs, "B=%s" % bdir, "MEM_MB=%d" % MEM_MB, "COW=%d" % cow]
        print("bench: %s" % " ".join(cmd), flush=True)
        r = subprocess.run(cmd, cwd=root, env=env, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT)
        if r.returncode != 0:
            sys.stdout.write(r.stdout.decode("utf-8", "replace")[-4000:])
            raise BenchError("building the %s kernel failed" % name)


def run_kernel(root, name, bdir, qemu, command, outdir):
    """Boot the kernel in bdir, run command and parse its output.
    Returns (results, pages, stats, problems): results maps (workload, MiB)
    to (iterations, ns per op); pages maps it to (iterations, frames
    allocated, COW copies); stats maps a memstat counter to its value;
    problems lists leak, corruption and error lines."""
    # One hart, a private copy of the image.
    vm = guest.VM(None, os.path.join(root, bdir, "kernel.elf"),
                  os.path.join(root, bdir, "fresh.img"), 1, MEM_MB, qemu)
    t0 = time.monotonic()
    with open(os.path.join(outdir, "%s.log" % name), "wb") as log:
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
            print("bench: %s kernel: %s" % (name, line.strip()))
        elif f[:1] == ["bench"] or "killed" in line or "usage" in line:
            problems.append("%s kernel: %s" % (name, line.strip()))
    if not done:
        problems.append("%s kernel: forkbench did not finish (see %s/%s.log)"
                        % (name, outdir, name))
    return results, pages, stats, problems


def ratio(a, b):
    return a / b if b else float("inf")


def table_rows(sizes, res, pages):
    """One row per (workload, size) measured on both kernels: workload,
    MiB, iterations, COW ns/op, eager ns/op, eager/COW, and frames
    allocated per operation on each kernel (text; "-" if unknown)."""
    rows = []
    for w in WORKLOADS:
        for mib in sizes:
            c = res["cow"].get((w, mib))
            e = res["eager"].get((w, mib))
            if not c or not e:
                continue
            fr = []
            for k in ("cow", "eager"):
                p = pages[k].get((w, mib))
                fr.append("%.0f" % (p[1] / p[0]) if p else "-")
            rows.append((w, mib, c[0], c[1], e[1], ratio(e[1], c[1]), fr[0], fr[1]))
    return rows


FRAMES_NOTE = ("frames/op: 4096-byte frames allocated per operation (every page copied, "
               "plus page-table pages, kernel stack and trapframe), from the memstat counters.")


def print_table(rows):
    """The console table."""
    print()
    print("Virtual time per operation (ns; 1 guest instruction = 1 ns), one hart")
    print("%-10s %5s %6s %13s %13s %9s %11s %11s" % (
        "workload", "MiB", "iters", "COW ns/op", "eager ns/op", "eager/COW",
        "COW fr/op", "eager fr/op"))
    last = None
    for w, mib, n, c, e, r, fc, fe in rows:
        if last is not None and w != last:
            print()
        last = w
        print("%-10s %5d %6d %13d %13d %9.1f %11s %11s" % (w, mib, n, c, e, r, fc, fe))
    print()
    print(FRAMES_NOTE.replace("frames/op", "fr/op"))


def targets(res):
    """The issue's targets: list of (description, figure text, met or None)."""
    c, e = res["cow"], res["eager"]
    out = []

    def get(d, w, mib):
        v = d.get((w, mib))
        return v[1] if v else None

    f0, f32 = get(c, "forkexit", 0), get(c, "forkexit", 32)
    if f0 is not None and f32 is not None:
        per = (f32 - f0) / PAGES_32MIB
        out.append(("fork+exit+wait, added cost per heap page (COW)",
                    "%.1f ns/page" % per, "<= 60", per <= 60))
    else:
        out.append(("fork+exit+wait, added cost per heap page (COW)", "n/a", "<= 60", None))
    for w, desc, want, num, den, ok in (
            ("forkexit", "fork+exit+wait @32 MiB, eager/COW", ">= 50", e, c,
             lambda r: r >= 50),
            ("forkwrite", "fork+child writes 32 MiB, COW/eager", "<= 1.1", c, e,
             lambda r: r <= 1.1),
            ("forkexec", "fork+exec+wait @32 MiB, eager/COW", ">= 30", e, c,
             lambda r: r >= 30)):
        a, b = get(num, w, 32), get(den, w, 32)
        if a is None or b is None:
            out.append((desc, "n/a", want, None))
        else:
            r = ratio(a, b)
            out.append((desc, "%.2fx" % r, want, ok(r)))
    return out


def print_targets(tg):
    print()
    print("Targets (issue 4)")
    for desc, fig, want, met in tg:
        verdict = "n/a" if met is None else ("met" if met else "MISSED")
        print("  %-44s %14s  target %-6s %s" % (desc, fig, want, verdict))


def write_markdown(path, rows, tg):
    """The same table and the targets in Markdown, for the README."""
    with open(path, "w") as f:
        f.write("| workload | heap MiB | iterations | COW ns/op | eager ns/op | eager/COW "
                "| COW frames/op | eager frames/op |\n")
        f.write("|---|--:|--:|--:|--:|--:|--:|--:|\n")
        for w, mib, n, c, e, r, fc, fe in rows:
            f.write("| %s | %d | %d | %d | %d | %.1f | %s | %s |\n" % (w, mib, n, c, e, r, fc, fe))
        f.write("\n%s\n\n" % FRAMES_NOTE)
        f.write("| target (issue 4) | measured | wanted | |\n|---|--:|--:|---|\n")
        for desc, fig, want, met in tg:
            verdict = "n/a" if met is None else ("met" if met else "missed")
            f.write("| %s | %s | %s | %s |\n" % (desc, fig, want.replace(">=", "≥")
                                                   .replace("<=", "≤"), verdict))


def write_csv(path, sizes, res):
    with open(path, "w") as f:
        f.write("kernel,workload,heap_mib,iterations,ns_per_op\n")
        for k, _, _ in KERNELS:
            for w in WORKLOADS:
                for mib in sizes:
                    v = res[k].get((w, mib))
                    if v:
                        f.write("%s,%s,%d,%d,%d\n" % (k, w, mib, v[0], v[1]))


def update_readme(root, outdir):
    """Copy the plot to docs/ and the Markdown table into README.md."""
    shutil.copyfile(os.path.join(outdir, "bench.png"), os.path.join(root, "docs", "bench.png"))
    path = os.path.join(root, "README.md")
    with open(path) as f:
        text = f.read()
    i, j = text.find(README_BEGIN), text.find(README_END)
    if i < 0 or j < i:
        print("bench: README.md has no bench markers; table left in %s/bench.md" % outdir)
        return False
    with open(os.path.join(outdir, "bench.md")) as f:
        table = f.read()
    text = text[:i + len(README_BEGIN)] + "\n" + table + text[j:]
    with open(path, "w") as f:
        f.write(text)
    print("bench: updated README.md and docs/bench.png")
    return True


def gnuplot_missing():
    print("bench: gnuplot is missing; install it with:")
    print("  sudo apt-get install -y gnuplot-nox")


def write_png(outdir, sizes, res):
    """Plot time per operation (log scale) against heap size, one line per
    (kernel, workload): COW solid, eager dashed. Returns True if written."""
    gnuplot = shutil.which("gnuplot")
    if gnuplot is None:
        gnuplot_missing()
        return False
    dat = os.path.join(outdir, "bench.dat")
    cols = [(k, w) for k, _, _ in KERNELS for w in WORKLOADS]
    with open(dat, "w") as f:
        f.write("# index heap_mib %s (microseconds per operation)\n"
                % " ".join("%s_%s" % kw for kw in cols))
        for i, mib in enumerate(sizes):
            vals = []
            for k, w in cols:
                v = res[k].get((w, mib))
                vals.append("%.3f" % (v[1] / 1000.0) if v else "NaN")
            f.write("%d %d %s\n" % (i, mib, " ".join(vals)))
    colors = {"cow": "#1f77b4", "eager": "#d62728"}
    titles = {"fork": "fork alone (the parent's latency)", "forkexit": "fork + exit + wait",
              "forkexec": "fork + exec(true) + wait",
              "forkwrite": "fork + child writes every heap page + exit + wait"}
    allv = [v[1] / 1000.0 for k in res for v in res[k].values() if v[1] > 0]
    ylo = 10 ** math.floor(math.log10(min(allv))) if allv else 1
    yhi = 10 ** math.ceil(math.log10(max(allv))) if allv else 1e5
    lines = [
        "set terminal pngcairo size 1200,900 font 'sans,10'",
        "set output '%s'" % os.path.join(outdir, "bench.png"),
        "set multiplot layout 2,2 title \"cowos: time per operation against heap size, "
        "copy-on-write fork (solid) vs eager-copy fork (dashed)\\n"
        "virtual time under QEMU -icount shift=0 (1 instruction = 1 ns), one hart, "
        "log scale\" font 'sans,12'",
        "set logscale y",
        "set yrange [%g:%g]" % (ylo, yhi),
        "set format y '%g'",
        "set grid ytics mytics xtics",
        "set key top left",
        "set xlabel 'heap size (MiB; categories, evenly spaced)'",
        "set ylabel 'microseconds per operation'",
        "set xrange [-0.3:%f]" % (len(sizes) - 0.7),
    ]
    for w in WORKLOADS:
        plots = []
        for n, (k, w2) in enumerate(cols):
            if w2 != w:
                continue
            dt, pt = (1, 7) if k == "cow" else (2, 6)
            plots.append("'%s' using 1:%d:xtic(2) with linespoints lw 2 dt %d pt %d "
                         "lc rgb '%s' title '%s'" % (dat, n + 3, dt, pt, colors[k],
                                                     "copy-on-write" if k == "cow" else "eager copy"))
        lines.append('set title "%s"' % titles[w])
        lines.append("plot " + ", ".join(plots))
    lines += ["unset multiplot", ""]
    script = "\n".join(lines)
    with open(os.path.join(outdir, "bench.gp"), "w") as f:
        f.write(script)
    r = subprocess.run([gnuplot, os.path.join(outdir, "bench.gp")],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if r.returncode != 0:
        print(r.stdout.decode("utf-8", "replace"))
        return False
    return True


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--no-build", action="store_true", help="use the existing builds")
    ap.add_argument("--sizes", default="0 1 4 16 32 64", help="heap sizes in MiB")
    ap.add_argument("-n", type=int, help="iterations for every size (forkbench -n)")
    ap.add_argument("--out", default="build/bench", help="output directory")
    ap.add_argument("--qemu", default="qemu-system-riscv64")
    ap.add_argument("--readme", action="store_true",
                    help="update README.md's table and docs/bench.png")
    args = ap.parse_args()

    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    outdir = os.path.join(root, args.out)
    os.makedirs(outdir, exist_ok=True)
    sizes = [int(s) for s in args.sizes.split()]
    command = "forkbench" + ("" if args.n is None else " -n %d" % args.n)
    if args.sizes != ap.get_default("sizes"):
        command += " " + " ".join(str(s) for s in sizes)
    if shutil.which(args.qemu) is None:
        print("bench: %s not found (sh tools/setup.sh installs it)" % args.qemu)
        return 1
    if shutil.which("gnuplot") is None:
        gnuplot_missing()       # warn now; the table and the CSV still come

    res, pages, problems = {}, {}, []
    try:
        if not args.no_build:
            build(root, os.cpu_count() or 1)
        for name, bdir, _ in KERNELS:
            r, p, stats, probs = run_kernel(root, name, bdir, args.qemu, command, outdir)
            res[name], pages[name] = r, p
            problems += probs
            if stats:
                print("bench: %s kernel memstat after the run: %s" % (
                    name, ", ".join("%s %d" % kv for kv in stats.items())))
    except BenchError as e:
        print("bench: FAILED: %s" % e)
        return 1

    rows = table_rows(sizes, res, pages)
    tg = targets(res)
    print_table(rows)
    print_targets(tg)
    csv = os.path.join(outdir, "bench.csv")
    write_csv(csv, sizes, res)
    write_markdown(os.path.join(outdir, "bench.md"), rows, tg)
    png = write_png(outdir, sizes, res)
    print()
    print("bench: wrote %s, bench.md%s" % (csv, " and bench.png" if png else " (no PNG)"))
    for p in problems:
        print("bench: PROBLEM: %s" % p)
    if args.readme and png and not problems:
        update_readme(root, outdir)
    missing = [(k, w, m) for k, _, _ in KERNELS for w in WORKLOADS for m in sizes
               if (w, m) not in res[k]]
    if missing:
        print("bench: no figure for %s" % ", ".join("%s %s %d" % x for x in missing[:8]))
    return 0 if png and not problems and not missing else 1


if __name__ == "__main__":
    sys.exit(main())
