// crashwr: a write-heavy workload for the host-driven crash tests
// (tools/crashtest.py). Forever: write a file under a temporary name, then
// link it as cw_N, so that cw_N, if present, is wholly written; delete
// old ones; keep a few files open after unlinking them ("ghosts"), which
// the next boot must reclaim. The host kills QEMU at some moment and
// checks the disk after the reboot. File N's size and bytes are
// crashwr_size(N) and crashwr_byte(N, j), mirrored in tools/crashtest.py.
#include "kernel/types.h"
#include "kernel/fcntl.h"
#include "user/user.h"

#define KEEP    8      // cw_ files kept at once
#define GHOSTS  3      // unlinked files kept open at once
#define CHUNK   3000   // bytes per write()

static char buf[CHUNK];

static int
crashwr_size(int n)
{
  return (n * 7919) % 20000 + 1;
}

static int
crashwr_byte(int n, int j)
{
  return (n * 31 + j * 7) & 0xff;
}

static void
name(char *s, const char *prefix, int n)
{
  char digits[12];
  int k = 0;
  strcpy(s, prefix);
  do {
    digits[k++] = '0' + n % 10;
    n /= 10;
  } while(n > 0);
  s += strlen(s);
  while(k > 0)
    *s++ = digits[--k];
  *s = 0;
}

// Write file n as "tmp", then link it as cw_n. Returns 0 or -1.
static int
writeone(int n)
{
  char path[32];
  int fd = open("tmp", O_CREATE | O_TRUNC | O_WRONLY);
  if(fd < 0)
    return -1;
  int size = crashwr_size(n);
  for(int off = 0; off < size; off += CHUNK){
    int m = size - off < CHUNK ? size - off : CHUNK;
    for(int j = 0; j < m; j++)
      buf[j] = crashwr_byte(n, off + j);
    if(write(fd, buf, m) != m){
      close(fd);
      return -1;
    }
  }
  close(fd);
  name(path, "cw_", n);
  if(link("tmp", path) < 0)
    return -1;
  unlink("tmp");
  return 0;
}

int
main(void)
{
  int ghost[GHOSTS];
  char path[32];

  for(int g = 0; g < GHOSTS; g++)
    ghost[g] = -1;
  printf("crashwr: running\n");
  for(int n = 0; ; n++){
    if(writeone(n) < 0){
      printf("crashwr: write %d failed\n", n);
      exit(1);
    }
    if(n >= KEEP){
      name(path, "cw_", n - KEEP);
      unlink(path);
    }
    if(n % 4 == 0){
      int g = (n / 4) % GHOSTS;
      if(ghost[g] >= 0)
        close(ghost[g]);
      name(path, "ghost", n);
      ghost[g] = open(path, O_CREATE | O_RDWR);
      if(ghost[g] >= 0){
        memset(buf, 'g', CHUNK);
        write(ghost[g], buf, CHUNK);
        unlink(path);
      }
    }
    if(n % 50 == 0)
      printf("crashwr: %d files\n", n);
  }
}
