// proctest: tests of the process system calls (fork, exit, wait, kill,
// getpid, pause, uptime, exec). `proctest NAME...` runs some cases.
#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/fcntl.h"
#include "kernel/param.h"
#include "kernel/memlayout.h"
#include "kernel/elf.h"
#include "user/user.h"
#include "user/testlib.h"

static char *self = "proctest";   // path to exec ourselves by (argv[0])

// Several children exit with different statuses; wait() returns each pid
// once, with its status.
static int
test_exitstatus(void)
{
  enum { N = 5 };
  int pids[N];
  for(int i = 0; i < N; i++){
    pids[i] = fork();
    if(pids[i] < 0)
      return fail("fork");
    if(pids[i] == 0)
      exit(i == 4 ? -7 : 40 + i);
  }
  int seen = 0;
  for(int k = 0; k < N; k++){
    int st;
    int pid = wait(&st);
    int i;
    for(i = 0; i < N; i++)
      if(pids[i] == pid)
        break;
    if(i == N)
      return failn("wait returned an unknown pid", pids[0], pid);
    if(seen & (1 << i))
      return failn("wait returned the same pid twice", -1, pid);
    seen |= 1 << i;
    int want = i == 4 ? -7 : 40 + i;
    if(st != want)
      return failn("exit status", want, st);
  }
  return 0;
}

// wait() with no children returns -1 at once; wait(0) discards the status.
static int
test_waitnochild(void)
{
  int st = 99;
  int r = wait(&st);
  if(r != -1)
    return failn("wait without children", -1, r);
  int pid = fork();
  if(pid < 0)
    return fail("fork");
  if(pid == 0)
    exit(3);
  r = wait(0);
  if(r != pid)
    return failn("wait(0) pid", pid, r);
  return 0;
}

// A child of a child is not ours to wait for.
static int
test_waitgrandchild(void)
{
  int p[2];
  if(pipe(p) < 0)
    return fail("pipe");
  int pid = fork();
  if(pid < 0)
    return fail("fork");
  if(pid == 0){
    int g = fork();
    if(g == 0){
      char c;
      close(p[1]);
      read(p[0], &c, 1);   // lives until the test is done
      exit(0);
    }
    exit(g > 0 ? 0 : 1);
  }
  close(p[0]);
  int st;
  int r1 = wait(&st);
  int r2 = wait(0);
  close(p[1]);             // let the grandchild go; init reaps it
  if(r1 != pid || st != 0)
    return failn("child", pid, r1);
  if(r2 != -1)
    return failn("second wait (only a grandchild is left)", -1, r2);
  return 0;
}

// getpid() in the child equals what fork() returned in the parent, and
// differs from the parent's.
static int
test_getpid(void)
{
  int p[2];
  int me = getpid();
  if(me <= 0)
    return failn("getpid", 1, me);
  if(pipe(p) < 0)
    return fail("pipe");
  int pid = fork();
  if(pid < 0)
    return fail("fork");
  if(pid == 0){
    int c = getpid();
    write(p[1], &c, sizeof(c));
    exit(0);
  }
  int got = -1;
  read(p[0], &got, sizeof(got));
  wait(0);
  close(p[0]);
  close(p[1]);
  if(got != pid)
    return failn("child's getpid", pid, got);
  if(getpid() != me || got == me)
    return fail("parent's pid changed or equals the child's");
  return 0;
}

// kill() ends a running child and a sleeping one with status -1; killing
// a pid that does not exist returns -1.
static int
test_kill(void)
{
  int spin = fork();
  if(spin < 0)
    return fail("fork");
  if(spin == 0)
    for(;;)
      ;
  int sleeper = fork();
  if(sleeper < 0)
    return fail("fork");
  if(sleeper == 0){
    pause(1000000);
    exit(5);
  }
  pause(2);
  if(kill(spin) != 0 || kill(sleeper) != 0)
    return fail("kill of a live child did not return 0");
  int t0 = uptime();
  for(int k = 0; k < 2; k++){
    int st;
    int pid = wait(&st);
    if(pid != spin && pid != sleeper)
      return failn("wait after kill: pid", spin, pid);
    if(st != -1)
      return failn("status of a killed child", -1, st);
  }
  if(uptime() - t0 > 50)
    return fail("a killed sleeper was not woken promptly");
  if(kill(999999) != -1)
    return fail("kill of a pid that does not exist did not return -1");
  // init (pid 1) cannot be killed: its death would stop the system.
  if(kill(1) != -1)
    return fail("kill(1) did not return -1");
  return 0;
}

// pause(n) sleeps at least n ticks; uptime() counts up.
static int
test_pause(void)
{
  int t0 = uptime();
  if(t0 < 0)
    return failn("uptime", 0, t0);
  if(pause(0) != 0)
    return fail("pause(0)");
  if(pause(5) != 0)
    return fail("pause(5) did not return 0");
  int t1 = uptime();
  if(t1 - t0 < 5)
    return failn("ticks slept by pause(5), at least", 5, t1 - t0);
  if(t1 - t0 > 200)
    return failn("ticks slept by pause(5), at most", 200, t1 - t0);
  return 0;
}

// Run `self` with the given arguments in a child; returns its status.
static int
execself(char **argv)
{
  int pid = fork();
  if(pid < 0)
    return -100;
  if(pid == 0){
    exec(self, argv);
    exit(-50);
  }
  int st;
  if(wait(&st) != pid)
    return -101;
  return st;
}

// exec passes argv; main's return value becomes the exit status.
static int
test_exec(void)
{
  char *args[] = { self, "--args", "a", "bb", "ccc", 0 };
  int st = execself(args);
  if(st != 5 + 1 + 2 + 3)
    return failn("exec'd program's view of argv (status = argc + lengths)", 11, st);
  char *ret[] = { self, "--return", 0 };
  st = execself(ret);
  if(st != 77)
    return failn("status of a program whose main returns 77", 77, st);
  return 0;
}

// exec of a file that does not exist returns -1 and the caller goes on.
static int
test_execmissing(void)
{
  char *argv[] = { "no-such-program", 0 };
  int r = exec("no-such-program", argv);
  if(r != -1)
    return failn("exec of a missing file", -1, r);
  r = exec("/", argv);
  if(r != -1)
    return failn("exec of a directory", -1, r);
  return 0;
}

// exec with a bad pointer (path, argv, or one of argv's strings), with too
// many arguments, or of a file that is not an ELF returns -1.
static int
test_execbad(void)
{
  char *ok[] = { self, "--return", 0 };
  char *badstr[] = { self, (char*)KERNBASE, 0 };
  char *badstr2[] = { self, (char*)(MAXVA + 4096), 0 };
  char *many[MAXARG + 2];
  int r;

  if((r = exec((char*)KERNBASE, ok)) != -1)
    return failn("exec with a kernel-address path", -1, r);
  if((r = exec(self, (char**)KERNBASE)) != -1)
    return failn("exec with a kernel-address argv", -1, r);
  if((r = exec(self, (char**)UNMAPPED_VA)) != -1)
    return failn("exec with an unmapped argv", -1, r);
  if((r = exec(self, badstr)) != -1)
    return failn("exec with a kernel-address argv[1]", -1, r);
  if((r = exec(self, badstr2)) != -1)
    return failn("exec with argv[1] above MAXVA", -1, r);
  for(int i = 0; i < MAXARG + 1; i++)
    many[i] = "x";
  many[MAXARG + 1] = 0;
  if((r = exec(self, many)) != -1)
    return failn("exec with MAXARG+1 arguments", -1, r);

  int fd = open("notelf.tmp", O_CREATE | O_TRUNC | O_WRONLY);
  if(fd < 0)
    return fail("create notelf.tmp");
  write(fd, "#!/bin/sh\necho not an ELF file\n", 31);
  close(fd);
  char *ne[] = { "notelf.tmp", 0 };
  r = exec("notelf.tmp", ne);
  unlink("notelf.tmp");
  if(r != -1)
    return failn("exec of a file that is not an ELF", -1, r);

  // Still alive and intact after all that?
  int st = execself(ok);
  if(st != 77)
    return failn("exec after the failed ones", 77, st);
  return 0;
}

// The entry point of the copy of this program that test_execnullargv
// runs: exec("true", 0) must return -1 here, and the copy exits 9. Had
// the kernel read an argv from address 0, where the copy holds a null
// word, it would have found an empty one and run "true" (status 0).
static void
nullargvmain(void)
{
  int r = exec("true", 0);
  exit(r == -1 ? 9 : 1);
}

// exec(path, 0), argv a null pointer, returns -1 and the caller goes on.
// Address 0 is every program's text, so the kernel must refuse the null
// pointer itself, not what it finds there: a copy of this program with a
// null word at address 0 and its entry at nullargvmain checks that.
static int
test_execnullargv(void)
{
  char *copy = "pt.nullargv";
  char *argv[] = { copy, 0 };
  struct stat st;
  int r, fd, status;

  if((r = exec(self, 0)) != -1)
    return failn("exec with a null argv", -1, r);
  if((fd = open(self, O_RDONLY)) < 0 || fstat(fd, &st) < 0)
    return fail("open and fstat self");
  char *buf = malloc(st.size);
  if(buf == 0)
    return fail("malloc");
  r = readn(fd, buf, st.size);
  close(fd);
  struct elfhdr *eh = (struct elfhdr*)buf;
  struct proghdr *ph = (struct proghdr*)(buf + eh->phoff);
  if(r != st.size || eh->magic != ELF_MAGIC || ph->type != ELF_PROG_LOAD ||
     ph->vaddr != 0 || ph->filesz < sizeof(uintptr)){
    free(buf);
    return fail("self is not an ELF whose first segment is at address 0");
  }
  eh->entry = (uintptr)nullargvmain;
  memset(buf + ph->off, 0, sizeof(uintptr));
  fd = open(copy, O_CREATE | O_TRUNC | O_WRONLY);
  r = write(fd, buf, st.size);
  close(fd);
  free(buf);
  if(r != st.size){
    unlink(copy);
    return fail("write the copy");
  }
  int pid = fork();
  if(pid < 0){
    unlink(copy);
    return fail("fork");
  }
  if(pid == 0){
    exec(copy, argv);
    exit(-50);
  }
  status = waitstatus();
  unlink(copy);
  if(status != 9)
    return failn("copy's status (9: exec with a null argv failed; 0: it ran "
                 "with the argv at address 0; -50: the copy did not exec)", 9, status);
  return 0;
}

// Fork until the process table is full: fork returns -1, not a crash;
// every child is reaped and memory comes back.
static int
test_forklimit(void)
{
  int p[2];
  int before = getNumFreePages();
  if(pipe(p) < 0)
    return fail("pipe");
  int n = 0;
  for(;;){
    int pid = fork();
    if(pid < 0)
      break;
    if(pid == 0){
      char c;
      close(p[1]);
      read(p[0], &c, 1);   // until the parent closes its end
      exit(0);
    }
    n++;
    if(n > NPROC)
      break;
  }
  close(p[0]);
  close(p[1]);
  int reaped = 0;
  while(wait(0) > 0)
    reaped++;
  int after = getNumFreePages();
  if(n > NPROC - 2)
    return failn("children forked, at most", NPROC - 2, n);
  if(n < NPROC / 2)
    return failn("children forked, at least", NPROC / 2, n);
  if(reaped != n)
    return failn("children reaped", n, reaped);
  if(after != before)
    return failn("free pages after reaping", before, after);
  return 0;
}

// A child's memory and file descriptors are its own: its exit closes them.
static int
test_forkfds(void)
{
  int p[2];
  if(pipe(p) < 0)
    return fail("pipe");
  int pid = fork();
  if(pid < 0)
    return fail("fork");
  if(pid == 0){
    close(p[0]);
    write(p[1], "abc", 3);
    exit(0);            // closes the child's write end
  }
  close(p[1]);
  char buf[8];
  int n = readn(p[0], buf, sizeof(buf));
  close(p[0]);
  wait(0);
  if(n != 3 || memcmp(buf, "abc", 3) != 0)
    return failn("bytes from the child, then EOF at its exit", 3, n);
  return 0;
}

static const struct testcase tests[] = {
  { "exitstatus",   test_exitstatus },
  { "waitnochild",  test_waitnochild },
  { "waitgrandchild", test_waitgrandchild },
  { "getpid",       test_getpid },
  { "kill",         test_kill },
  { "pause",        test_pause },
  { "exec",         test_exec },
  { "execmissing",  test_execmissing },
  { "execbad",      test_execbad },
  { "execnullargv", test_execnullargv },
  { "forklimit",    test_forklimit },
  { "forkfds",      test_forkfds },
};

// Run the cases named in argv (all if none); with --return or --args, act
// as the program test_exec runs. Returns 0 if all passed, else 1.
int
main(int argc, char **argv)
{
  // Helper modes for test_exec.
  if(argc >= 2 && strcmp(argv[1], "--return") == 0)
    return 77;
  if(argc >= 2 && strcmp(argv[1], "--args") == 0){
    int sum = argc;
    for(int i = 2; i < argc; i++)
      sum += strlen(argv[i]);
    if(argv[argc] != 0)
      return -1;
    return sum;
  }

  if(argc >= 1 && argv[0][0] != '\0')
    self = argv[0];
  return runtests(tests, NELEM(tests), argc, argv,
                  "ALL TESTS PASSED", "SOME TESTS FAILED");
}
