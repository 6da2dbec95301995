// The harness shared by the in-guest test programs (cowtest, memtest,
// filetest, pipetest, proctest): a table of named cases, FAILED lines, and
// small fork/wait/read helpers; and page-pattern helpers that usertests
// uses too. Implemented in user/lib/testlib.c.
#ifndef COWOS_TESTLIB_H
#define COWOS_TESTLIB_H

// One test case: fn returns 0 if the case passed; if it failed, it has
// printed its own "test NAME: FAILED why" line and returns nonzero.
struct testcase {
  const char *name;
  int (*fn)(void);
};

// The number of entries in an array.
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

// A user address far above any heap, never mapped: 192 GiB, or 768 MiB
// where pointers have 32 bits.
#define UNMAPPED_VA ((uintptr)(sizeof(uintptr) == 8 ? 0x3000000000ULL : 0x30000000ULL))

// What inchild() returns when fork() failed, or when wait() did not
// return the child.
#define INCHILD_NOFORK (-100)
#define INCHILD_NOWAIT (-101)

// Name of the case runtests() is running, for FAILED lines.
extern const char *testname;

int fail(const char *why);
int failn(const char *why, long expected, long got);
int runtests(const struct testcase *t, int n, int argc, char **argv,
             const char *passline, const char *failline);
int waitstatus(void);
int inchild(void (*fn)(void));
int readn(int fd, void *buf, int n);

// The word fill() stores in page i of a region under salt.
uint64 tag(int i, uint64 salt);
// Store tag(i, salt) in the first and last word of each of the n pages at
// p (page-aligned).
void fill(char *p, int n, uint64 salt);
// Returns the number of the n pages at p whose first or last word differs
// from what fill(p, n, salt) stored.
int badpages(char *p, int n, uint64 salt);

// An upper bound on the pages a copy-on-write fork() of a process of sz
// bytes allocates (page tables and per-process pages, no user pages).
int forkpages(uint64 sz);

#endif
