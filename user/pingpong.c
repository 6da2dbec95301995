// pingpong: the parent sends a byte to its child over one pipe, the child
// answers over another; each prints what it received (xv6 lab exercise).
#include "kernel/types.h"
#include "user/user.h"

// Exits 0 after one ping and one pong, 1 if a pipe or fork fails.
int
main(int argc, char *argv[])
{
  int ping[2], pong[2];
  char b = 'x';

  if(pipe(ping) < 0 || pipe(pong) < 0){
    fprintf(2, "pingpong: pipe failed\n");
    exit(1);
  }
  int pid = fork();
  if(pid < 0){
    fprintf(2, "pingpong: fork failed\n");
    exit(1);
  }
  if(pid == 0){
    close(ping[1]);
    close(pong[0]);
    if(read(ping[0], &b, 1) != 1){
      fprintf(2, "pingpong: child read failed\n");
      exit(1);
    }
    printf("%d: received ping\n", getpid());
    write(pong[1], &b, 1);
    exit(0);
  }
  close(ping[0]);
  close(pong[1]);
  write(ping[1], &b, 1);
  if(read(pong[0], &b, 1) != 1){
    fprintf(2, "pingpong: parent read failed\n");
    exit(1);
  }
  printf("%d: received pong\n", getpid());
  wait(0);
  exit(0);
}
