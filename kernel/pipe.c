// Pipes: a PIPESIZE-byte ring buffer shared by a read end and a write end,
// each an open file. Readers sleep while it is empty, writers while full.
#include "types.h"
#include "param.h"
#include "machine.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "printf.h"
#include "kalloc.h"
#include "proc.h"
#include "fault.h"
#include "vm.h"
#include "fs.h"
#include "file.h"
#include "pipe.h"

#define PIPESIZE 512   // bytes of buffer

struct pipe {
  struct spinlock lock;   // protects everything below
  char data[PIPESIZE];
  uint nread;             // bytes read so far (wraps; only differences matter)
  uint nwrite;            // bytes written so far
  int readopen;           // the read end is still open
  int writeopen;          // the write end is still open
};

// Create a pipe and two open files for it: *f0 reads, *f1 writes.
// Returns 0, or -1 (allocating nothing) if memory or files run out.
int
pipealloc(struct file **f0, struct file **f1)
{
  struct pipe *pi = 0;

  *f0 = *f1 = 0;
  if((*f0 = filealloc()) == 0 || (*f1 = filealloc()) == 0)
    goto fail;
  if((pi = (struct pipe*)kalloc()) == 0)
    goto fail;
  initlock(&pi->lock, "pipe");
  pi->nread = pi->nwrite = 0;
  pi->readopen = pi->writeopen = 1;

  (*f0)->type = FD_PIPE;
  (*f0)->readable = 1;
  (*f0)->writable = 0;
  (*f0)->pipe = pi;
  (*f1)->type = FD_PIPE;
  (*f1)->readable = 0;
  (*f1)->writable = 1;
  (*f1)->pipe = pi;
  return 0;

fail:
  if(*f0)
    fileclose(*f0);   // type FD_NONE: just frees the entry
  if(*f1)
    fileclose(*f1);
  *f0 = *f1 = 0;
  return -1;
}

// Close one end of pi (the write end if writable) and wake the other
// side; free pi once both ends are closed. Takes pi->lock.
void
pipeclose(struct pipe *pi, int writable)
{
  int both_closed;

  acquire(&pi->lock);
  if(writable){
    pi->writeopen = 0;
    wakeup(&pi->nread);
  } else {
    pi->readopen = 0;
    wakeup(&pi->nwrite);
  }
  both_closed = !pi->readopen && !pi->writeopen;
  release(&pi->lock);
  if(both_closed)
    kfree((char*)pi);
}

// Write n bytes from user virtual address addr of the current process
// into pi, sleeping while it is full. Returns n, or, if the write stops
// early, the bytes written so far: it stops when part of the user buffer
// is bad, the read end is closed (there is no SIGPIPE: the writer lives
// on) or the process is killed. Returns -1 if it stopped before moving
// any byte (0 for n == 0). Takes pi->lock.
int
pipewrite(struct pipe *pi, uint64 addr, int n)
{
  struct proc *p = myproc();
  int done = 0;

  acquire(&pi->lock);
  while(done < n){
    uint used, room, at, m;

    if(!pi->readopen || killed(p))
      break;
    used = pi->nwrite - pi->nread;
    if(used == PIPESIZE){
      wakeup(&pi->nread);
      sleep(&pi->nwrite, &pi->lock);
      continue;
    }
    // Copy as much as fits without wrapping around the ring.
    at = pi->nwrite % PIPESIZE;
    room = PIPESIZE - used;
    m = n - done;
    if(m > room)
      m = room;
    if(m > PIPESIZE - at)
      m = PIPESIZE - at;
    if(copyin(p->pagetable, &pi->data[at], addr + done, m) < 0)
      break;
    pi->nwrite += m;
    done += m;
  }
  wakeup(&pi->nread);
  release(&pi->lock);
  return done > 0 || n == 0 ? done : -1;
}

// Read up to n bytes from pi into user virtual address addr of the current
// process, sleeping while pi is empty and the write end is open. Returns
// the number of bytes read (0 at end of file, and at once if n is 0), or
// -1 if the process is killed or no byte could be copied out. Takes
// pi->lock.
int
piperead(struct pipe *pi, uint64 addr, int n)
{
  struct proc *p = myproc();
  int done = 0;

  if(n == 0)
    return 0;   // nothing to wait for
  acquire(&pi->lock);
  while(pi->nread == pi->nwrite && pi->writeopen){
    if(killed(p)){
      release(&pi->lock);
      return -1;
    }
    sleep(&pi->nread, &pi->lock);
  }
  while(done < n && pi->nread != pi->nwrite){
    uint at = pi->nread % PIPESIZE;
    uint m = pi->nwrite - pi->nread;

    if(m > n - done)
      m = n - done;
    if(m > PIPESIZE - at)
      m = PIPESIZE - at;
    // On failure the bytes stay in the pipe.
    if(copyout(p->pagetable, addr + done, &pi->data[at], m) < 0){
      if(done == 0){
        release(&pi->lock);
        return -1;
      }
      break;
    }
    pi->nread += m;
    done += m;
  }
  wakeup(&pi->nwrite);
  release(&pi->lock);
  return done;
}
