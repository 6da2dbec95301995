// x86printf: a program with a printf() of its own, as xv6-public's
// forktest.c has (it writes the format as it is, nothing expanded), that
// also calls the library's fork(), exit(), wait() and stat(). The
// library's printf() object is linked too (the harness, user/testlib.h,
// prints with it), and holds the library's own printf(fd, ...): the
// program must link (that one is weak) and its own printf() must be the
// one that runs. Prints "test NAME: OK" or "test NAME: FAILED why" per
// case; `x86printf NAME...` runs some.
#include "types.h"
#include "stat.h"
#include "user.h"
#include "fcntl.h"
#include "user/testlib.h"

int calls;   // how many times our printf() ran

void
printf(int fd, const char *s, ...)
{
  calls++;
  write(fd, s, strlen(s));
}

// Our printf() to a file writes its format unexpanded, once per call.
int
ownprintf(void)
{
  char *want = "%d %s\n%x%%\n";
  char buf[64];
  int fd, n, c0;

  unlink("x86p-out");
  fd = open("x86p-out", O_CREATE|O_RDWR);
  if(fd < 0)
    return fail("create");
  c0 = calls;
  printf(fd, "%d %s\n", 5, "five");
  printf(fd, "%x%%\n", 255);
  close(fd);
  fd = open("x86p-out", O_RDONLY);
  memset(buf, 0, sizeof(buf));
  n = readn(fd, buf, sizeof(buf) - 1);
  close(fd);
  unlink("x86p-out");
  if(calls != c0 + 2)
    return failn("calls of our printf", 2, calls - c0);
  if(n != strlen(want) || strcmp(buf, want) != 0)
    return fail("the file does not hold the formats as written: "
                "another printf expanded them");
  return 0;
}

// fork(), exit() and wait() of xv6-public's API: wait() returns the
// child, then -1; stat() describes this program's file.
int
libcalls(void)
{
  struct stat st;
  int pid, r;

  pid = fork();
  if(pid < 0)
    return fail("fork");
  if(pid == 0)
    exit();
  if((r = wait()) != pid)
    return failn("wait", pid, r);
  if((r = wait()) != -1)
    return failn("wait with no children", -1, r);
  memset(&st, 0, sizeof(st));
  if(stat("x86printf", &st) != 0)
    return fail("stat x86printf");
  if(st.type != T_FILE || st.size == 0 || st.nlink != 1)
    return failn("stat x86printf: type", T_FILE, st.type);
  return 0;
}

struct testcase tests[] = {
  { "ownprintf", ownprintf },
  { "libcalls", libcalls },
};

int
main(int argc, char *argv[])
{
  printf(1, "x86printf: our printf prints %d as it is\n", 5);
  runtests(tests, NELEM(tests), argc, argv, "ALL TESTS PASSED", "SOME TESTS FAILED");
  exit();
}
