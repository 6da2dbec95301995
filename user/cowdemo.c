// cowdemo: a parent and a child sharing a heap copy-on-write, kept alive
// in the background so that pmap can be run on both from the shell
// (docs/cow.md has the session):
//   $ cowdemo &            grows the heap by NPAGES written pages, forks
//   $ pmap PARENT; pmap CHILD
//   $ echo > cowwrite      the child writes one heap page
//   $ pmap PARENT; pmap CHILD
//   $ echo > cowdone       both exit (cowdemo removes the two files)
// The child looks for the files once every WAITTICKS ticks.
#include "kernel/types.h"
#include "kernel/fcntl.h"
#include "kernel/memlayout.h"
#include "user/user.h"

#define NPAGES 4
#define WRITTEN 1       // the heap page the child writes
#define WAITTICKS 10

// Wait until a file named name exists, then remove it.
static void
waitfile(char *name)
{
  int fd;
  while((fd = open(name, O_RDONLY)) < 0)
    pause(WAITTICKS);
  close(fd);
  unlink(name);
}

int
main(void)
{
  char *p = sbrk(NPAGES * PGSIZE);
  if(p == SBRK_ERROR){
    fprintf(2, "cowdemo: sbrk failed\n");
    exit(1);
  }
  for(int i = 0; i < NPAGES; i++)
    p[i * PGSIZE] = i;
  int parent = getpid();
  int pid = fork();
  if(pid < 0){
    fprintf(2, "cowdemo: fork failed\n");
    exit(1);
  }
  if(pid > 0){
    wait(0);
    exit(0);
  }
  printf("cowdemo: parent %d, child %d, heap %p to %p\n", parent, getpid(), p,
         p + NPAGES * PGSIZE);
  waitfile("cowwrite");
  p[WRITTEN * PGSIZE] = 'w';
  printf("cowdemo: child %d wrote the page at %p\n", getpid(), p + WRITTEN * PGSIZE);
  waitfile("cowdone");
  exit(0);
}
