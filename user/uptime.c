// uptime: print how long the system has been up, in clock ticks (the
// uptime() system call) and in seconds, at 100 ticks a second.
#include "kernel/types.h"
#include "user/user.h"

int
main(int argc, char *argv[])
{
  int t = uptime();
  printf("up %d ticks, %d.%02d s\n", t, t / 100, t % 100);
  exit(0);
}
