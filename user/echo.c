// echo: print the arguments, separated by spaces, and a newline.
#include "kernel/types.h"
#include "user/user.h"

#define OUT_BYTES 512   // output gathered before a write(), in bytes

static char out[OUT_BYTES];
static int nout;

static void
put(const char *s, int n)
{
  while(n-- > 0){
    if(nout == OUT_BYTES){
      write(1, out, nout);
      nout = 0;
    }
    out[nout++] = *s++;
  }
}

int
main(int argc, char *argv[])
{
  int i;

  for(i = 1; i < argc; i++){
    put(argv[i], strlen(argv[i]));
    put(i + 1 < argc ? " " : "\n", 1);
  }
  if(argc < 2)
    put("\n", 1);
  write(1, out, nout);
  exit(0);
}
