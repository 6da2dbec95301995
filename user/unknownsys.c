// unknownsys: system calls the kernel does not have. Each returns -1, and
// the kernel says so on the console once per process, not once per call
// (tools/check.py counts its lines). Two processes, three calls each:
// number 0, the first number after the last call, and a huge one. Prints
// `pid P: N of 3 returned -1` for each process.
#include "kernel/types.h"
#include "kernel/syscall.h"
#include "user/user.h"

static void
calls(void)
{
  uint64 nums[] = { 0, SYS_vmdebug + 1, 0x7fffffff };
  int ok = 0;

  for(int i = 0; i < 3; i++)
    if((long)rawsys(nums[i], 0, 0, 0, 0, 0, 0) == -1)
      ok++;
  printf("pid %d: %d of 3 returned -1\n", getpid(), ok);
}

int
main(void)
{
  int pid = fork();

  if(pid < 0){
    printf("unknownsys: fork failed\n");
    exit(1);
  }
  calls();
  if(pid == 0)
    exit(0);
  wait(0);
  exit(0);
}
