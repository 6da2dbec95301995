// dorphan: leave an orphan directory for the crash tests
// (tools/crashtest.py). Makes an empty directory, opens it, removes it
// while it is open, says so, then waits to be killed. If the machine stops
// now, the disk holds a directory inode that no directory names; the next
// boot must free it and print a line beginning with "ireclaim".
#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/fcntl.h"
#include "user/user.h"

int
main(int argc, char *argv[])
{
  char *path = argc > 1 ? argv[1] : "dorphan.d";
  struct stat st;
  int fd;

  if(mkdir(path) < 0){
    printf("dorphan: cannot make directory %s\n", path);
    exit(1);
  }
  if((fd = open(path, O_RDONLY)) < 0 || fstat(fd, &st) < 0){
    printf("dorphan: cannot open %s\n", path);
    exit(1);
  }
  if(st.type != T_DIR){
    printf("dorphan: %s is not a directory\n", path);
    exit(1);
  }
  if(unlink(path) < 0){
    printf("dorphan: cannot remove %s\n", path);
    exit(1);
  }
  printf("dorphan: inode %d unlinked while open, waiting to be killed\n", st.ino);
  for(;;)
    pause(100);
}
