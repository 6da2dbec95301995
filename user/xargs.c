// xargs: run a command once per line of standard input, with the line's
// words appended to its arguments: `echo a b | xargs echo x` prints
// "x a b" (xv6 lab exercise).
#include "kernel/types.h"
#include "kernel/param.h"
#include "user/user.h"

#define LINEMAX 512

// Read one line from fd 0 into buf (without the newline).
// Returns its length, or -1 at end of input with nothing read.
int
readline(char *buf, int max)
{
  int n = 0;
  char c;

  while(read(0, &c, 1) == 1){
    if(c == '\n')
      return n;
    if(n < max - 1)
      buf[n++] = c;
  }
  return n > 0 ? n : -1;
}

// xargs COMMAND [ARGS...]: run COMMAND ARGS WORDS for each input line,
// one at a time. Exits 0 at end of input, 1 on an error.
int
main(int argc, char *argv[])
{
  char line[LINEMAX];
  char *args[MAXARG];
  int n;

  if(argc < 2){
    fprintf(2, "usage: xargs command [args...]\n");
    exit(1);
  }
  if(argc - 1 >= MAXARG){
    fprintf(2, "xargs: too many arguments\n");
    exit(1);
  }
  while((n = readline(line, sizeof(line))) >= 0){
    line[n] = 0;
    int k = 0;
    for(int i = 1; i < argc; i++)
      args[k++] = argv[i];
    // Split the line into words on blanks.
    char *p = line;
    while(*p){
      while(*p == ' ' || *p == '\t')
        *p++ = 0;
      if(*p == 0)
        break;
      if(k >= MAXARG - 1){
        fprintf(2, "xargs: too many arguments\n");
        exit(1);
      }
      args[k++] = p;
      while(*p && *p != ' ' && *p != '\t')
        p++;
    }
    args[k] = 0;
    int pid = fork();
    if(pid < 0){
      fprintf(2, "xargs: fork failed\n");
      exit(1);
    }
    if(pid == 0){
      exec(args[0], args);
      fprintf(2, "xargs: exec %s failed\n", args[0]);
      exit(1);
    }
    wait(0);
  }
  exit(0);
}
