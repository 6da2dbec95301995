// kill: kill each process whose pid is given.
#include "kernel/types.h"
#include "user/user.h"

int
main(int argc, char *argv[])
{
  int i;

  if(argc < 2){
    fprintf(2, "usage: kill pid...\n");
    exit(1);
  }
  for(i = 1; i < argc; i++)
    if(kill(atoi(argv[i])) < 0)
      fprintf(2, "kill: %s failed\n", argv[i]);
  exit(0);
}
