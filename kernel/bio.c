// Buffer cache: NBUF in-memory copies of disk blocks, so that each block
// is cached at most once and only one process uses a block at a time.
//
// A buffer is found or recycled under bcache.lock; its contents are then
// protected by its own sleep lock, held from bread() to brelse(). Free
// buffers (refcnt 0) are recycled least recently released first: the list
// runs from most recently released (head.next) to least (head.prev).
#include "types.h"
#include "param.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "printf.h"
#include "proc.h"
#include "fs.h"
#include "buf.h"
#include "disk.h"

static struct {
  struct spinlock lock;   // protects the list, dev/blockno and refcnt
  struct buf buf[NBUF];
  struct buf head;        // sentinel of the circular LRU list
  int waiting;            // processes sleeping for a free buffer
} bcache;

// Unlink b from the list. Caller holds bcache.lock.
static void
list_remove(struct buf *b)
{
  b->prev->next = b->next;
  b->next->prev = b->prev;
}

// Put b at the most-recently-used end. Caller holds bcache.lock.
static void
list_push_front(struct buf *b)
{
  b->next = bcache.head.next;
  b->prev = &bcache.head;
  bcache.head.next->prev = b;
  bcache.head.next = b;
}

// Set up the cache, all buffers empty. Called once at boot.
void
binit(void)
{
  struct buf *b;

  initlock(&bcache.lock, "bcache");
  bcache.head.next = &bcache.head;
  bcache.head.prev = &bcache.head;
  for(b = bcache.buf; b < bcache.buf + NBUF; b++){
    initsleeplock(&b->lock, "buffer");
    b->refcnt = 0;
    b->valid = 0;
    list_push_front(b);
  }
}

// Find the buffer for (dev, blockno), or recycle the least recently used
// free one for it, and return it locked. If every buffer is in use, sleep
// until one is released rather than fail: the callers have no way back.
static struct buf *
bget(uint dev, uint blockno)
{
  struct buf *b;

  acquire(&bcache.lock);
  for(;;){
    for(b = bcache.head.next; b != &bcache.head; b = b->next){
      if(b->dev == dev && b->blockno == blockno && (b->valid || b->refcnt)){
        b->refcnt++;
        release(&bcache.lock);
        acquiresleep(&b->lock);
        return b;
      }
    }
    for(b = bcache.head.prev; b != &bcache.head; b = b->prev){
      if(b->refcnt == 0){
        b->dev = dev;
        b->blockno = blockno;
        b->valid = 0;
        b->refcnt = 1;
        release(&bcache.lock);
        acquiresleep(&b->lock);
        return b;
      }
    }
    bcache.waiting++;
    sleep(&bcache.waiting, &bcache.lock);
    bcache.waiting--;
  }
}

// Return a locked buffer holding block blockno (a block number, BSIZE
// bytes each) of device dev, reading it from disk if it is not cached.
// May sleep. Release with brelse().
struct buf *
bread(uint dev, uint blockno)
{
  struct buf *b = bget(dev, blockno);

  if(!b->valid){
    diskrw(b, 0);
    b->valid = 1;
  }
  return b;
}

// Size of device dev in blocks (BSIZE bytes), as the disk reports it.
uint
bdevsize(uint dev)
{
  return disksize() / BSIZE;
}

// Write b->data to disk now. Caller holds b->lock.
void
bwrite(struct buf *b)
{
  if(!holdingsleep(&b->lock))
    panic("bwrite: buffer not locked");
  diskrw(b, 1);
}

// Drop one reference to b. At the last one, b becomes the most recently
// used free buffer, and anyone waiting for a free buffer is woken.
// Caller holds bcache.lock.
static void
unref(struct buf *b)
{
  if(b->refcnt == 0)
    panic("bio: refcnt underflow");
  b->refcnt--;
  if(b->refcnt == 0){
    list_remove(b);
    list_push_front(b);
    if(bcache.waiting)
      wakeup(&bcache.waiting);
  }
}

// Unlock b and drop this reference; when the last reference goes, b
// becomes the most recently used free buffer. Caller holds b->lock.
void
brelse(struct buf *b)
{
  if(!holdingsleep(&b->lock))
    panic("brelse: buffer not locked");
  releasesleep(&b->lock);

  acquire(&bcache.lock);
  unref(b);
  release(&bcache.lock);
}

// Take an extra reference so b stays cached (the log keeps blocks of an
// uncommitted transaction this way). Takes bcache.lock.
void
bpin(struct buf *b)
{
  acquire(&bcache.lock);
  b->refcnt++;
  release(&bcache.lock);
}

// Drop a reference taken by bpin(). Takes bcache.lock.
void
bunpin(struct buf *b)
{
  acquire(&bcache.lock);
  unref(b);
  release(&bcache.lock);
}
