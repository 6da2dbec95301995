// primes: a concurrent prime sieve (Doug McIlroy's idea): a chain of
// processes joined by pipes, each printing one prime and passing on the
// numbers it does not divide (xv6 lab exercise).
#include "kernel/types.h"
#include "user/user.h"

#define LAST 35   // feed the sieve 2..LAST

// Read numbers from left; print the first one, p, and pass those not
// divisible by p to a new stage on the right. The child that runs the
// new stage goes round the loop with the new pipe. Never returns.
void
stage(int left)
{
  int p, n, right[2];

  for(;;){
    if(read(left, &p, sizeof(p)) != sizeof(p)){
      close(left);
      exit(0);
    }
    printf("prime %d\n", p);
    if(pipe(right) < 0){
      fprintf(2, "primes: pipe failed\n");
      exit(1);
    }
    int pid = fork();
    if(pid < 0){
      fprintf(2, "primes: fork failed\n");
      exit(1);
    }
    if(pid == 0){
      close(right[1]);
      close(left);
      left = right[0];
      continue;
    }
    close(right[0]);
    while(read(left, &n, sizeof(n)) == sizeof(n)){
      if(n % p != 0)
        write(right[1], &n, sizeof(n));
    }
    close(left);
    close(right[1]);
    wait(0);
    exit(0);
  }
}

// Start the sieve, feed it 2..LAST, wait for it. Exits 0.
int
main(int argc, char *argv[])
{
  int first[2];

  if(pipe(first) < 0){
    fprintf(2, "primes: pipe failed\n");
    exit(1);
  }
  int pid = fork();
  if(pid < 0){
    fprintf(2, "primes: fork failed\n");
    exit(1);
  }
  if(pid == 0){
    close(first[1]);
    stage(first[0]);
  }
  close(first[0]);
  for(int i = 2; i <= LAST; i++)
    write(first[1], &i, sizeof(i));
  close(first[1]);
  wait(0);
  exit(0);
}
