// init: the first user process. Opens the console as fds 0, 1 and 2,
// then keeps a shell running and reaps every orphan that is handed to it.
#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/fcntl.h"
#include "user/user.h"

#define CONSOLE_MAJOR 1   // device number of the console driver

static char *shargv[] = { "sh", 0 };

// Open the console read-write as fd 0 (creating the device file if it is
// missing) and duplicate it as fds 1 and 2.
static void
openconsole(void)
{
  if(open("console", O_RDWR) < 0){
    mknod("console", CONSOLE_MAJOR, 0);
    if(open("console", O_RDWR) < 0)
      exit(1);   // nowhere to even print the complaint
  }
  dup(0);
  dup(0);
}

int
main(void)
{
  int pid, wpid;

  openconsole();
  for(;;){
    printf("init: starting sh\n");
    pid = fork();
    if(pid < 0){
      printf("init: fork failed\n");
      exit(1);
    }
    if(pid == 0){
      exec("sh", shargv);
      printf("init: exec sh failed\n");
      exit(1);
    }
    // Reap children until the shell itself exits; the others are orphans
    // that were re-parented to init.
    for(;;){
      wpid = wait(0);
      if(wpid == pid)
        break;
      if(wpid < 0){
        printf("init: wait returned an error\n");
        exit(1);
      }
    }
  }
}
