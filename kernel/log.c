// Write-ahead redo log, so that a group of block writes (one file-system
// call, or several running at once) reaches the disk all or not at all.
//
// A system call brackets its writes with begin_op()/end_op() and writes
// blocks with log_write() instead of bwrite(). log_write() only records the
// block number and pins the buffer in the cache. When the last outstanding
// operation ends, commit():
//   1. copies every recorded block into the log area,
//   2. writes the log header with the count: this is the commit point,
//   3. copies the blocks to their home locations (install),
//   4. writes the header again with count 0.
// A crash before 2 loses the whole group; after 2, recovery at boot redoes
// 3 and 4. Either way the file system is consistent.
//
// On-disk log (sb.logstart, sb.nlog blocks): a header block, then up to
// LOGBLOCKS data blocks. Log-area blocks never go through the buffer
// cache: they are moved with one private buffer (xfer) owned by whoever is
// committing, so commit needs no free cache buffer even when most of the
// cache is pinned by the transaction being committed.
#include "types.h"
#include "param.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "printf.h"
#include "string.h"
#include "proc.h"
#include "fs.h"
#include "buf.h"
#include "log.h"
#include "disk.h"

// Header block contents; also kept in memory for the open transaction.
struct loghdr {
  uint n;                   // number of logged blocks
  uint block[LOGBLOCKS];    // home block number of each
};

static struct {
  struct spinlock lock;     // protects outstanding, committing, hdr
  uint start;               // block number of the header block
  uint dev;
  int outstanding;          // operations between begin_op and end_op
  int committing;           // a commit is running; new operations wait
  struct loghdr hdr;
} log;

// Private buffer for log-area I/O; used only by the committing process
// (or by recovery at boot), so it needs no lock of its own.
static struct buf xfer;

// Read or write log-area block blockno through xfer.
static void
xfer_rw(uint blockno, int write)
{
  xfer.dev = log.dev;
  xfer.blockno = blockno;
  diskrw(&xfer, write);
}

static void
write_header(void)
{
  memset(xfer.data, 0, BSIZE);
  memmove(xfer.data, &log.hdr, sizeof(log.hdr));
  xfer_rw(log.start, 1);
}

static void
read_header(void)
{
  xfer_rw(log.start, 0);
  memmove(&log.hdr, xfer.data, sizeof(log.hdr));
}

// Copy each logged block from the cache into its slot in the log area.
static void
write_body(void)
{
  uint i;

  for(i = 0; i < log.hdr.n; i++){
    struct buf *b = bread(log.dev, log.hdr.block[i]);   // cached and pinned
    memmove(xfer.data, b->data, BSIZE);
    brelse(b);
    xfer_rw(log.start + 1 + i, 1);
  }
}

// Write each logged block to its home location. After a commit the blocks
// are still pinned in the cache; during recovery they are read from the log.
static void
install(int recovering)
{
  uint i;

  for(i = 0; i < log.hdr.n; i++){
    struct buf *b;

    if(recovering){
      xfer_rw(log.start + 1 + i, 0);
      b = bread(log.dev, log.hdr.block[i]);
      memmove(b->data, xfer.data, BSIZE);
      bwrite(b);
    } else {
      b = bread(log.dev, log.hdr.block[i]);
      bwrite(b);
      bunpin(b);
    }
    brelse(b);
  }
}

// Redo a committed transaction found in the log, if any, then empty it.
static void
recover(void)
{
  read_header();
  if(log.hdr.n > LOGBLOCKS)
    panic("initlog: corrupt log header");
  if(log.hdr.n > 0)
    printf("recovering %d blocks from the log\n", log.hdr.n);
  install(1);
  log.hdr.n = 0;
  write_header();
}

// Set up the log of device dev as described by superblock sb and replay
// any committed transaction left by a crash. Called once, from fsinit(),
// in process context, before any file-system operation.
void
initlog(int dev, struct superblock *sb)
{
  if(sizeof(struct loghdr) > BSIZE)
    panic("initlog: header does not fit in a block");
  if(sb->nlog < LOGBLOCKS + 1)
    panic("initlog: on-disk log too small");

  initlock(&log.lock, "log");
  initsleeplock(&xfer.lock, "logxfer");
  log.start = sb->logstart;
  log.dev = dev;
  recover();
}

// Make the recorded blocks durable (see the top of this file). Called by
// the process that ended the last outstanding operation, with log.lock
// not held and log.committing set.
static void
commit(void)
{
  if(log.hdr.n == 0)
    return;
  write_body();
  write_header();    // the commit point
  install(0);
  log.hdr.n = 0;
  write_header();    // the transaction is fully installed
}

// Start a file-system operation. Waits while a commit runs, or while the
// log could not hold this operation's worst case (MAXOPBLOCKS blocks) on
// top of what is logged and reserved already. Takes log.lock; may sleep.
void
begin_op(void)
{
  acquire(&log.lock);
  for(;;){
    if(log.committing){
      sleep(&log, &log.lock);
    } else if(log.hdr.n + (log.outstanding + 1) * MAXOPBLOCKS > LOGBLOCKS){
      sleep(&log, &log.lock);
    } else {
      log.outstanding++;
      break;
    }
  }
  release(&log.lock);
}

// End a file-system operation. The last one out commits the group,
// sleeping for the disk writes. Takes log.lock.
void
end_op(void)
{
  int do_commit = 0;

  acquire(&log.lock);
  if(log.outstanding <= 0)
    panic("end_op: no operation in progress");
  if(log.committing)
    panic("end_op: commit in progress");
  log.outstanding--;
  if(log.outstanding == 0){
    do_commit = 1;
    log.committing = 1;
  } else {
    // This operation's reservation is free: a waiter may now fit.
    wakeup(&log);
  }
  release(&log.lock);

  if(do_commit){
    commit();
    acquire(&log.lock);
    log.committing = 0;
    wakeup(&log);
    release(&log.lock);
  }
}

// Record that b (a locked buffer whose data the caller has modified) must
// be written by the current transaction, and pin it in the cache until
// the commit installs it. Writing the same block twice in one transaction
// uses one log slot. Must be called between begin_op() and end_op().
void
log_write(struct buf *b)
{
  uint i;

  acquire(&log.lock);
  if(log.outstanding < 1)
    panic("log_write: outside of a transaction");
  for(i = 0; i < log.hdr.n; i++)
    if(log.hdr.block[i] == b->blockno)
      break;
  if(i == log.hdr.n){
    if(log.hdr.n >= LOGBLOCKS)
      panic("log_write: transaction too big");
    log.hdr.block[log.hdr.n++] = b->blockno;
    bpin(b);
  }
  release(&log.lock);
}
