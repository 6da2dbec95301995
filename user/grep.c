// grep: print the lines of each file (or standard input) that match a
// pattern. Patterns: c matches itself, '.' any character, 'x*' zero or
// more x, '^' the start of the line and '$' its end.
#include "kernel/types.h"
#include "kernel/fcntl.h"
#include "user/user.h"

#define BUF_BYTES 1024   // longest line handled whole, in bytes

static char buf[BUF_BYTES + 1];

static int matchstar(char c, const char *re, const char *s);

// Does re match a prefix of s?
static int
matchat(const char *re, const char *s)
{
  for(;;){
    if(re[0] == '\0')
      return 1;
    if(re[1] == '*')
      return matchstar(re[0], re + 2, s);
    if(re[0] == '$' && re[1] == '\0')
      return *s == '\0';
    if(*s == '\0' || (re[0] != '.' && re[0] != *s))
      return 0;
    re++;
    s++;
  }
}

// Does c* followed by re match a prefix of s? Tries the fewest copies
// of c first.
static int
matchstar(char c, const char *re, const char *s)
{
  for(;;){
    if(matchat(re, s))
      return 1;
    if(*s == '\0' || (c != '.' && *s != c))
      return 0;
    s++;
  }
}

// Does re match anywhere in s?
static int
match(const char *re, const char *s)
{
  if(re[0] == '^')
    return matchat(re + 1, s);
  for(;; s++){
    if(matchat(re, s))
      return 1;
    if(*s == '\0')
      return 0;
  }
}

// Print line (n bytes, not terminated) and a newline if it matches.
static void
tryline(const char *re, char *line, int n)
{
  char saved = line[n];

  line[n] = '\0';
  if(match(re, line)){
    line[n] = '\n';
    write(1, line, n + 1);
  }
  line[n] = saved;
}

// Print the matching lines of everything readable from fd.
static void
grep(const char *re, int fd)
{
  int have = 0, n, start, i;

  while((n = read(fd, buf + have, BUF_BYTES - have)) > 0){
    have += n;
    start = 0;
    for(i = 0; i < have; i++){
      if(buf[i] == '\n'){
        tryline(re, buf + start, i - start);
        start = i + 1;
      }
    }
    if(start == 0 && have == BUF_BYTES){
      // A line longer than the buffer: judge the part we have.
      tryline(re, buf, have);
      start = have;
    }
    memmove(buf, buf + start, have - start);
    have -= start;
  }
  if(have > 0)
    tryline(re, buf, have);   // last line had no newline
}

int
main(int argc, char *argv[])
{
  int i, fd;

  if(argc < 2){
    fprintf(2, "usage: grep pattern [file ...]\n");
    exit(1);
  }
  if(argc == 2){
    grep(argv[1], 0);
    exit(0);
  }
  for(i = 2; i < argc; i++){
    if((fd = open(argv[i], O_RDONLY)) < 0){
      printf("grep: cannot open %s\n", argv[i]);
      exit(1);
    }
    grep(argv[1], fd);
    close(fd);
  }
  exit(0);
}
