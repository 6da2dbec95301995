// forkbench: what fork costs as the process grows; tools/bench.py runs it
// on the copy-on-write and on the eager-copy kernel (`make bench`).
//
// usage: forkbench [-n ITER] [SIZE_MiB ...]
//        (sizes default to 0 1 4 16 32 64 128 256: the RAM must hold twice
//        the largest heap on the eager kernel, whose fork copies it all)
//
// For each size the heap is moved (sbrk, grown or shrunk, in the order
// given) to SIZE_MiB and one byte of every heap page is written, so that
// every page is present and private. Then four workloads run, each ITER
// times (by default more iterations for small heaps, see iterations();
// each timed loop is preceded by one untimed iteration):
//   fork       the parent's latency of fork() alone (the child exits at
//              once; the parent's wait is not timed),
//   forkexit   fork + the child's exit(0) + the parent's wait,
//   forkexec   fork + the child's exec("/true") + wait,
//   forkwrite  fork + the child writes one byte in every heap page + exit
//              + wait: copy-on-write's worst case.
//
// Time is virtual time, read by the machine's probe (user/lib/ARCH/vtime.h:
// the `time` CSR on RISC-V, the TSC on i386). Under QEMU's -icount
// shift=0 every guest instruction advances virtual time by exactly 1 ns,
// so a duration is an instruction count and is the same from run to run,
// provided that:
//  - each iteration starts just after a timer tick (sleep(1)), so that
//    ticks fall at the same places in every run (with -icount
//    shift=0,sleep=off the idle wait costs no host time);
//  - the probe knows the exact nanosecond of its first and of its last
//    instruction (probefirst(), probelast()), so both ends of a timed
//    region are known to 1 ns: the TSC counts every nanosecond; the time
//    CSR steps every 100 ns, and RISC-V's probe finds the nanosecond
//    between its steps;
//  - the disk stays idle: one untimed iteration of each workload first
//    brings /true into the block cache.
// Figures are ns per operation, the probes' own cost (calibrate())
// subtracted. Results are printed between timed regions, never inside.
//
// Output, one line each (machine-readable, for tools/bench.py):
//   bench WORKLOAD MIB ITERATIONS NS_PER_OP
//   pages WORKLOAD MIB ITERATIONS ALLOCS COWCOPIES   frames kalloc'ed and
//         COW-fault copies during the timed iterations (if memstat works)
//   bench leak WORKLOAD MIB FREE_BEFORE FREE_AFTER   free pages not back
//   bench corrupt WORKLOAD MIB PAGE                  parent's heap changed
//   bench error WHY                                  and exit status 1
//   bench done
//   stat NAME VALUE                                  memstat() after the run
#include "kernel/types.h"
#include "kernel/memlayout.h"
#include "kernel/memstat.h"
#include "user/user.h"
#include "vtime.h"

#define MIB_PAGES        256     // 4096-byte pages in one MiB
#define MAX_MIB          1024    // largest heap accepted, in MiB
#define SBRK_CHUNK_PAGES 65536   // sbrk() takes an int: move at most this much
#define ITER_BUDGET      256     // default iterations: ITER_BUDGET / (MiB + 1)
#define MIN_ITERS        2       // ... but at least this many (64 MiB and up:
                                 // the eager kernel copies 16384+ pages a fork)
#define MAX_SIZES        16      // heap sizes on one command line
#define MAX_RETRIES      20      // timed iterations redone in one loop
#define CALIBRATIONS     4       // empty regions timed to calibrate

enum { RETRY = -1, FAILED = -2 };   // once() and elapsed() failing

enum { W_FORK, W_FORKEXIT, W_FORKEXEC, W_FORKWRITE, NWORKLOAD };
static const char *wname[NWORKLOAD] = { "fork", "forkexit", "forkexec", "forkwrite" };

static char *heap;        // first byte of the heap, page-aligned
static int npages;        // pages in the heap now
static int havememstat;   // the kernel has the memstat() system call

// Print why the benchmark cannot go on (with the heap size in MiB, unless
// mib < 0) and exit with status 1.
static void
die(const char *why, int mib)
{
  if(mib < 0)
    printf("bench error %s\n", why);
  else
    printf("bench error %s (heap %d MiB)\n", why, mib);
  exit(1);
}

// The byte the parent keeps at the start of heap page i; the forkwrite
// child stores its complement there.
static uchar
pattern(int i)
{
  return (uchar)(i * 31 + 7);
}

// Move the heap to exactly n pages, allocated now. Returns 0, or -1 if
// sbrk failed (out of memory).
static int
setheap(int n)
{
  while(npages != n){
    int k = n - npages;
    if(k > SBRK_CHUNK_PAGES)
      k = SBRK_CHUNK_PAGES;
    if(k < -SBRK_CHUNK_PAGES)
      k = -SBRK_CHUNK_PAGES;
    if(sbrk(k * PGSIZE) == SBRK_ERROR)
      return -1;
    npages += k;
  }
  return 0;
}

// Write the parent's pattern into every heap page, making each one
// private and writable again after earlier forks.
static void
fillheap(void)
{
  for(int i = 0; i < npages; i++)
    heap[(long)i * PGSIZE] = pattern(i);
}

// Returns the first heap page whose byte is not the parent's pattern, or
// -1 if the heap is intact.
static int
checkheap(void)
{
  for(int i = 0; i < npages; i++)
    if((uchar)heap[(long)i * PGSIZE] != pattern(i))
      return i;
  return -1;
}

// The child's part of workload w. Never returns.
static void
child(int w)
{
  char *argv[] = { "true", 0 };

  switch(w){
  case W_FORKEXEC:
    exec("/true", argv);
    exit(1);
  case W_FORKWRITE:
    for(int i = 0; i < npages; i++)
      heap[(long)i * PGSIZE] = ~pattern(i);
    exit(0);
  default:
    exit(0);
  }
}

static uint64 overhead;   // ns that an empty timed region measures
static int exact;         // probes work: time is instruction-exact
// Where one iteration's frames went: from memstat(), if it works.
struct frames {
  uint64 allocs;     // frames kalloc'ed
  uint64 cowcopies;  // COW faults that copied
};

// Measure an empty timed region: the cost of the probes themselves, to be
// subtracted from every figure. If the probes do not agree with each
// other (QEMU without -icount shift=0, real hardware), fall back to the
// clock's plain readings (probefirst() and probelast() of a probe that is
// not exact), and say so.
static void
calibrate(void)
{
  struct probe a, b;

  exact = 1;
  for(int i = 0; i < CALIBRATIONS; i++){
    sleep(1);
    probe(&a);
    probe(&b);
    uint64 o = probefirst(&b) - probelast(&a);
    if(!probeok(&a) || !probeok(&b) || (i > 0 && o != overhead))
      exact = 0;
    overhead = o;
  }
  if(!exact){
    overhead = 0;
    printf("note: " PROBE_CLOCK " is not instruction-exact (QEMU without -icount shift=0?): "
           "figures are approximate\n");
  }
}

// Virtual time in ns between the end of probe a and the start of probe b,
// the probes' own cost subtracted; RETRY if an interrupt spoilt a probe.
static long
elapsed(struct probe *a, struct probe *b)
{
  if(!exact)
    return probefirst(b) - probelast(a);
  if(!probeok(a) || !probeok(b))
    return RETRY;
  return probefirst(b) - probelast(a) - overhead;
}

// One iteration of workload w, starting just after a timer tick. Returns
// its time in ns (>= 0); RETRY if a timer or device interrupt spoilt a
// probe; FAILED if fork failed or the child did not exit with status 0.
// Adds what the kernel allocated and copied to *f.
static long
once(int w, struct frames *f)
{
  struct probe a, b;
  struct memstat m0, m1;
  int status;

  if(havememstat)
    memstat(&m0);
  sleep(1);
  probe(&a);
  int pid = fork();
  if(pid == 0)
    child(w);
  if(w == W_FORK)
    probe(&b);
  if(pid < 0 || wait(&status) != pid || status != 0)
    return FAILED;
  if(w != W_FORK)
    probe(&b);
  long t = elapsed(&a, &b);
  if(t != RETRY && havememstat && memstat(&m1) == 0){
    f->allocs += m1.allocs - m0.allocs;
    f->cowcopies += m1.cowcopies - m0.cowcopies;
  }
  return t;
}

// Run workload w iters times on the current heap of mib MiB and print its
// lines. Exits on an error.
static void
measure(int w, int mib, int iters)
{
  struct frames f = { 0, 0 }, warm = { 0, 0 };
  uint64 total = 0;
  int retries = 0;

  int free0 = getNumFreePages();
  if(once(w, &warm) == FAILED)   // untimed: warm the block cache
    die("fork, exec or child failed", mib);
  for(int i = 0; i < iters; i++){
    long t = once(w, &f);
    if(t == FAILED)
      die("fork, exec or child failed", mib);
    if(t == RETRY){
      if(++retries > MAX_RETRIES)
        die("too many interrupted probes", mib);
      i--;
      continue;
    }
    total += t;
  }
  int free1 = getNumFreePages();

  printf("bench %s %d %d %llu\n", wname[w], mib, iters, (unsigned long long)(total / iters));
  if(havememstat)
    printf("pages %s %d %d %llu %llu\n", wname[w], mib, iters,
           (unsigned long long)f.allocs, (unsigned long long)f.cowcopies);
  if(free1 != free0)
    printf("bench leak %s %d %d %d\n", wname[w], mib, free0, free1);
  int bad = checkheap();
  if(bad >= 0)
    printf("bench corrupt %s %d %d\n", wname[w], mib, bad);
}

// Default iterations for a heap of mib MiB: keeps each loop short (the
// figures are virtual time, the same on every run, so a few iterations of
// a large heap suffice).
static int
iterations(int mib)
{
  int n = ITER_BUDGET / (mib + 1);
  return n < MIN_ITERS ? MIN_ITERS : n;
}

// Print the kernel's memory counters as "stat NAME VALUE" lines.
static void
printstats(void)
{
  struct memstat m;

  if(memstat(&m) != 0){
    printf("stat unavailable\n");
    return;
  }
  printf("stat freepages %llu\n", (unsigned long long)m.freepages);
  printf("stat totalpages %llu\n", (unsigned long long)m.totalpages);
  printf("stat allocs %llu\n", (unsigned long long)m.allocs);
  printf("stat frees %llu\n", (unsigned long long)m.frees);
  printf("stat cowfaults %llu\n", (unsigned long long)m.cowfaults);
  printf("stat cowcopies %llu\n", (unsigned long long)m.cowcopies);
  printf("stat cowreuses %llu\n", (unsigned long long)m.cowreuses);
  printf("stat lazyfaults %llu\n", (unsigned long long)m.lazyfaults);
  printf("stat forkshared %llu\n", (unsigned long long)m.forkshared);
}

// Parse the command line into sizes[] (MiB) and *iters (0: default).
// Returns the number of sizes.
static int
parseargs(int argc, char *argv[], int *sizes, int *iters)
{
  static const int defaults[] = { 0, 1, 4, 16, 32, 64, 128, 256 };
  int n = 0;

  *iters = 0;
  for(int i = 1; i < argc; i++){
    if(strcmp(argv[i], "-n") == 0 && i + 1 < argc){
      *iters = atoi(argv[++i]);
      if(*iters < 1)
        die("-n wants a positive count", -1);
    } else if(argv[i][0] >= '0' && argv[i][0] <= '9' && n < MAX_SIZES){
      sizes[n] = atoi(argv[i]);
      if(sizes[n] > MAX_MIB)
        die("heap size too large", sizes[n]);
      n++;
    } else {
      fprintf(2, "usage: forkbench [-n ITER] [SIZE_MiB ...]\n");
      exit(1);
    }
  }
  if(n == 0)
    for(n = 0; n < sizeof(defaults) / sizeof(defaults[0]); n++)
      sizes[n] = defaults[n];
  return n;
}

int
main(int argc, char *argv[])
{
  int sizes[MAX_SIZES], iters;
  int nsizes = parseargs(argc, argv, sizes, &iters);

  // Start the heap on a page boundary.
  char *brk = sbrk(0);
  if(sbrk(PGROUNDUP((uintptr)brk) - (uintptr)brk) == SBRK_ERROR)
    die("sbrk failed", -1);
  heap = sbrk(0);
  struct memstat m;
  havememstat = memstat(&m) == 0;
  calibrate();

  for(int s = 0; s < nsizes; s++){
    int mib = sizes[s];
    if(setheap(mib * MIB_PAGES) < 0)
      die("out of memory growing the heap", mib);
    fillheap();
    for(int w = 0; w < NWORKLOAD; w++)
      measure(w, mib, iters ? iters : iterations(mib));
  }
  printf("bench done\n");
  printstats();
  exit(0);
}
