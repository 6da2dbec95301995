// The functions of xv6-public's user API whose meaning differs from
// cowos' own functions of the same name (user/xv6public/user.h gives
// its declarations these names): exit() and wait() without a status,
// stat() and fstat() filling xv6-public's struct stat. Its printf() is in
// printf.c. Like every library function, each is a weak symbol: a
// program's own definition wins (the Makefile's ulib.a rule).
#include "kernel/types.h"
#include "kernel/stat.h"
#include "user/user.h"

// xv6-public's struct stat (user/xv6public/stat.h), under another name:
// this file sees cowos' own struct stat too.
struct xv6stat {
  short type;
  int dev;
  uint ino;
  short nlink;
  uint size;
};

// exit(): exit with status 0. Does not return.
void
xv6public_exit(void)
{
  exit(0);
}

// wait(): wait for a child to exit and free it. Returns its pid, or -1
// if the caller has no children.
int
xv6public_wait(void)
{
  return wait(0);
}

// Fill *xs from *st. The type numbers are the same (T_DEV is T_DEVICE);
// the size of a file fits a uint, as in xv6 (MAXFILE blocks).
static void
tostat(struct xv6stat *xs, const struct stat *st)
{
  xs->type = st->type;
  xs->dev = st->dev;
  xs->ino = st->ino;
  xs->nlink = st->nlink;
  xs->size = st->size;
}

// fstat(fd, xs): describe open file fd in *xs. Returns 0, or -1 if fd is
// not open (then *xs is left alone).
int
xv6public_fstat(int fd, struct xv6stat *xs)
{
  struct stat st;

  if(fstat(fd, &st) < 0)
    return -1;
  tostat(xs, &st);
  return 0;
}

// stat(path, xs): describe the file at path in *xs. Returns 0, or -1 if
// it cannot be opened (then *xs is left alone).
int
xv6public_stat(const char *path, struct xv6stat *xs)
{
  struct stat st;

  if(stat(path, &st) < 0)
    return -1;
  tostat(xs, &st);
  return 0;
}
