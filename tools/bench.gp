# The plot of `make bench`, which tools/bench.py draws with
#   gnuplot -e "dat='DAT'; out='PNG'; nsizes=N; ylo=LO; yhi=HI; machine='M'" tools/bench.gp
# Time per operation against heap size, one panel per workload, copy-on-
# write fork solid and eager-copy fork dashed, on one log scale for all.
# DAT has a line per heap size (N of them): an index from 0, the size in
# MiB, then microseconds per operation of the COW kernel's fork, forkexit,
# forkexec and forkwrite, then the eager kernel's (NaN: not measured).
# LO and HI are the y range; M names the machine, for the title.

set terminal pngcairo size 1200,900 font 'sans,10'
set output out
set multiplot layout 2,2 title "cowos on ".machine.": time per operation against heap size, \
copy-on-write fork (solid) vs eager-copy fork (dashed)\n\
virtual time under QEMU -icount shift=0 (1 instruction = 1 ns), one CPU, \
log scale" font 'sans,12'
set logscale y
set yrange [ylo:yhi]
set format y '%g'
set grid ytics mytics xtics
set key top left
set xlabel 'heap size (MiB; categories, evenly spaced)'
set ylabel 'microseconds per operation'
set xrange [-0.3:nsizes - 0.7]

array titles[4] = ["fork alone (the parent's latency)", "fork + exit + wait", \
                   "fork + exec(true) + wait", \
                   "fork + child writes every heap page + exit + wait"]
do for [w = 1:4] {
    set title titles[w]
    plot dat using 1:(column(2 + w)):xtic(2) with linespoints lw 2 dt 1 pt 7 \
             lc rgb '#1f77b4' title 'copy-on-write', \
         dat using 1:(column(6 + w)):xtic(2) with linespoints lw 2 dt 2 pt 6 \
             lc rgb '#d62728' title 'eager copy'
}
unset multiplot
