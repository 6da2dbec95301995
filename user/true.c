// true: do nothing, successfully. forkbench execs it as the smallest
// possible program.
#include "kernel/types.h"
#include "user/user.h"

int
main(int argc, char *argv[])
{
  exit(0);
}
