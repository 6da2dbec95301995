// init: the first user process. Opens the console as fds 0, 1 and 2,
// then keeps a shell running and reaps every orphan that is handed to it.
#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/fcntl.h"
#include "user/user.h"

#define CONSOLE_MAJOR 1   // device number of the console driver

static char *shargv[] = { "sh", 0 };

#define RETRY_TICKS 10   // pause before retrying a fork that failed

// Open the console read-write as fd 0 (creating the device file if it is
// missing) and duplicate it as fds 1 and 2. Returns 0, or -1 if there is
// no console to open.
static int
openconsole(void)
{
  if(open("console", O_RDWR) < 0){
    mknod("console", CONSOLE_MAJOR, 0);
    if(open("console", O_RDWR) < 0)
      return -1;
  }
  dup(0);
  dup(0);
  return 0;
}

// Fork a child, retrying until fork succeeds: it fails while memory or the
// process table is full. Meanwhile reap any child that exits (orphans hold
// memory and table slots until reaped); with no child to wait for, pause.
static int
forkretry(void)
{
  int pid, said = 0;

  while((pid = fork()) < 0){
    if(!said)
      printf("init: fork failed, retrying\n");
    said = 1;
    if(wait(0) < 0)
      pause(RETRY_TICKS);
  }
  return pid;
}

// init must never exit (the kernel cannot run without it), whatever the
// user does: a failed fork or exec is retried.
int
main(void)
{
  int pid, wpid;

  while(openconsole() < 0)
    pause(RETRY_TICKS);   // nowhere to even print the complaint
  for(;;){
    printf("init: starting sh\n");
    pid = forkretry();
    if(pid == 0){
      exec("sh", shargv);
      printf("init: exec sh failed\n");
      exit(1);
    }
    // Reap children until the shell itself exits; the others are orphans
    // that were re-parented to init.
    while((wpid = wait(0)) != pid){
      if(wpid < 0)
        break;   // cannot happen while the shell lives; start another
    }
  }
}
