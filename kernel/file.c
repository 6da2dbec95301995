// Open files: the system-wide table of struct file (what a file descriptor
// points to) and read/write/stat dispatched on the file's kind (pipe,
// inode, device).
#include "types.h"
#include "param.h"
#include "machine.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "printf.h"
#include "proc.h"
#include "fault.h"
#include "vm.h"
#include "stat.h"
#include "fs.h"
#include "buf.h"
#include "log.h"
#include "file.h"
#include "pipe.h"

// Device switch, indexed by major number; drivers fill in their entry at
// boot (consoleinit() sets devsw[CONSOLE]).
struct devsw devsw[NDEV];

// Largest write to an inode done in one transaction, in bytes. Of the
// MAXOPBLOCKS log slots an operation may use, keep one for the inode, one
// for the indirect block and two of slack for unaligned ends; halve the
// rest, since each new data block may also dirty a bitmap block.
#define MAXWRITE_BYTES (((MAXOPBLOCKS - 1 - 1 - 2) / 2) * BSIZE)

static struct {
  struct spinlock lock;   // protects ref of every entry
  struct file file[NFILE];
} ftable;

// Set up the open-file table. Called once at boot.
void
fileinit(void)
{
  initlock(&ftable.lock, "ftable");
}

// Allocate an open file with one reference, all other fields zero.
// Returns 0 if the table is full. Takes ftable.lock.
struct file *
filealloc(void)
{
  struct file *f;

  acquire(&ftable.lock);
  for(f = ftable.file; f < ftable.file + NFILE; f++){
    if(f->ref == 0){
      f->ref = 1;
      f->type = FD_NONE;
      f->readable = f->writable = 0;
      f->pipe = 0;
      f->ip = 0;
      f->off = 0;
      f->major = 0;
      release(&ftable.lock);
      return f;
    }
  }
  release(&ftable.lock);
  return 0;
}

// Take one more reference to f. Returns f. Takes ftable.lock.
struct file *
filedup(struct file *f)
{
  acquire(&ftable.lock);
  if(f->ref < 1)
    panic("filedup: file not open");
  f->ref++;
  release(&ftable.lock);
  return f;
}

// Drop a reference to f; on the last one, close the pipe end or release
// the inode (in its own transaction). Takes ftable.lock; may sleep.
void
fileclose(struct file *f)
{
  struct file copy;

  acquire(&ftable.lock);
  if(f->ref < 1)
    panic("fileclose: file not open");
  if(--f->ref > 0){
    release(&ftable.lock);
    return;
  }
  copy = *f;
  f->type = FD_NONE;
  f->pipe = 0;
  f->ip = 0;
  release(&ftable.lock);

  if(copy.type == FD_PIPE){
    pipeclose(copy.pipe, copy.writable);
  } else if(copy.type == FD_INODE || copy.type == FD_DEVICE){
    begin_op();
    iput(copy.ip);
    end_op();
  }
}

// Copy f's metadata as a struct stat to user virtual address addr in the
// current process. Returns 0, or -1 if f is a pipe or addr is bad.
int
filestat(struct file *f, uint64 addr)
{
  struct stat st;

  if(f->type != FD_INODE && f->type != FD_DEVICE)
    return -1;
  ilock(f->ip);
  stati(f->ip, &st);
  iunlock(f->ip);
  if(copyout(myproc()->pagetable, addr, (char*)&st, sizeof(st)) < 0)
    return -1;
  return 0;
}

// Device f->major's switch entry, or 0 if there is no such driver.
static struct devsw *
devsw_of(struct file *f)
{
  if(f->major < 0 || f->major >= NDEV)
    return 0;
  return &devsw[f->major];
}

// Read up to n bytes from f into user virtual address addr. Returns the
// number of bytes read (0 at end of file), or -1 on error. May sleep.
int
fileread(struct file *f, uint64 addr, int n)
{
  struct devsw *d;
  int r;

  if(!f->readable || n < 0)
    return -1;
  switch(f->type){
  case FD_PIPE:
    return piperead(f->pipe, addr, n);
  case FD_DEVICE:
    if((d = devsw_of(f)) == 0 || d->read == 0)
      return -1;
    return d->read(1, addr, n);
  case FD_INODE:
    ilock(f->ip);
    r = readi(f->ip, 1, addr, f->off, n);
    if(r > 0)
      f->off += r;
    iunlock(f->ip);
    return r;
  default:
    panic("fileread: bad file type");
  }
}

// Write n bytes at offset f->off of inode-backed file f, in transactions
// of at most MAXWRITE_BYTES each. Returns bytes written, or -1 if none.
static int
write_inode(struct file *f, uint64 addr, int n)
{
  int done = 0;

  while(done < n){
    int chunk = n - done;
    int r;

    if(chunk > MAXWRITE_BYTES)
      chunk = MAXWRITE_BYTES;
    begin_op();
    ilock(f->ip);
    r = writei(f->ip, 1, addr + done, f->off, chunk);
    if(r > 0)
      f->off += r;
    iunlock(f->ip);
    end_op();
    if(r > 0)
      done += r;
    if(r != chunk)
      break;   // disk full, file at MAXFILE, or bad user address
  }
  return done > 0 || n == 0 ? done : -1;
}

// Write n bytes from user virtual address addr to f. Returns the number
// of bytes written (which is less than n only if the disk or the file
// filled up, or part of the user buffer was bad), or -1 on error. May
// sleep.
int
filewrite(struct file *f, uint64 addr, int n)
{
  struct devsw *d;

  if(!f->writable || n < 0)
    return -1;
  switch(f->type){
  case FD_PIPE:
    return pipewrite(f->pipe, addr, n);
  case FD_DEVICE:
    if((d = devsw_of(f)) == 0 || d->write == 0)
      return -1;
    return d->write(1, addr, n);
  case FD_INODE:
    return write_inode(f, addr, n);
  default:
    panic("filewrite: bad file type");
  }
}
