# The plot of `make bench`, which tools/bench.py draws with
#   gnuplot -e "dat='DAT'; tdat='TDAT'; out='PNG'; nsizes=N; ylo=LO; yhi=HI; machine='M'" \
#       tools/bench.gp
# Time per operation against heap size, one panel per workload, copy-on-
# write fork solid and eager-copy fork dashed, on one log scale for all
# (sizes 0 to 256 MiB span five decades); the x axis has one evenly spaced
# category per size, so 0, 1 and 4 MiB stay apart from 128 and 256.
# DAT has a line per heap size (N of them): an index from 0, the size in
# MiB, then microseconds per operation of the COW kernel's fork, forkexit,
# forkexec and forkwrite, then the eager kernel's (NaN: not measured).
# TDAT has a line per issue-12 target: the size's index, the workload
# (1-4, in DAT's order) and the most microseconds COW may take there; it
# is drawn as a green triangle pointing down (a ceiling).
# LO and HI are the y range; M names the machine, for the title.

set terminal pngcairo size 1200,900 font 'sans,10'
set output out
set multiplot layout 2,2 title "cowos on ".machine.": time per operation against heap size, \
copy-on-write fork (solid) vs eager-copy fork (dashed)\n\
virtual time under QEMU -icount shift=0 (1 instruction = 1 ns), one CPU, \
log scale" font 'sans,12'
set logscale y
set yrange [ylo:yhi]
# One labelled tick per decade, in the unit that reads best there.
set ytics ("0.1 µs" 0.1, "1 µs" 1, "10 µs" 10, "100 µs" 100, "1 ms" 1e3, "10 ms" 1e4, \
           "100 ms" 1e5, "1 s" 1e6, "10 s" 1e7)
set grid ytics mytics xtics
set key top left
set xlabel 'heap size (MiB; categories, evenly spaced)'
set ylabel 'time per operation'
set xrange [-0.3:nsizes - 0.7]

array titles[4] = ["fork alone (the parent's latency)", "fork + exit + wait", \
                   "fork + exec(true) + wait", \
                   "fork + child writes every heap page + exit + wait"]
# Panel 1 (fork alone) has no target.
array hastarget[4] = [0, 1, 1, 1]
do for [w = 1:4] {
    set title titles[w]
    if (hastarget[w]) {
        plot dat using 1:(column(2 + w)):xtic(2) with linespoints lw 2 dt 1 pt 7 \
                 lc rgb '#1f77b4' title 'copy-on-write', \
             dat using 1:(column(6 + w)):xtic(2) with linespoints lw 2 dt 2 pt 6 \
                 lc rgb '#d62728' title 'eager copy', \
             tdat using 1:($2 == w ? $3 : NaN) with points pt 11 ps 2 \
                 lc rgb '#2ca02c' title 'issue 12 target for COW (at most)'
    } else {
        plot dat using 1:(column(2 + w)):xtic(2) with linespoints lw 2 dt 1 pt 7 \
                 lc rgb '#1f77b4' title 'copy-on-write', \
             dat using 1:(column(6 + w)):xtic(2) with linespoints lw 2 dt 2 pt 6 \
                 lc rgb '#d62728' title 'eager copy'
    }
}
unset multiplot
