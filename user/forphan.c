// forphan: leave an orphan file for the crash tests (tools/crashtest.py).
// Creates a file, writes to it, unlinks it while keeping it open, says so,
// then waits to be killed. If the machine stops now, the disk holds an
// allocated inode that no directory names; the next boot must free it and
// print a line beginning with "ireclaim".
#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/fcntl.h"
#include "user/user.h"

int
main(int argc, char *argv[])
{
  char *path = argc > 1 ? argv[1] : "forphan.tmp";
  char buf[512];
  struct stat st;
  int fd;

  if((fd = open(path, O_CREATE | O_RDWR)) < 0){
    printf("forphan: cannot create %s\n", path);
    exit(1);
  }
  memset(buf, 'o', sizeof(buf));
  if(write(fd, buf, sizeof(buf)) != sizeof(buf) || fstat(fd, &st) < 0){
    printf("forphan: cannot write %s\n", path);
    exit(1);
  }
  if(unlink(path) < 0){
    printf("forphan: cannot unlink %s\n", path);
    exit(1);
  }
  printf("forphan: inode %d unlinked while open, waiting to be killed\n", st.ino);
  for(;;)
    pause(100);
}
