// Sleep locks: a lock whose waiters give up the CPU instead of spinning.
// Used for things held across disk I/O (buffers, inodes).
#include "types.h"
#include "param.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "proc.h"

// Initialize a sleep lock as free. name must outlive the lock (debugging).
void
initsleeplock(struct sleeplock *lk, char *name)
{
  initlock(&lk->lk, "sleeplock");
  lk->name = name;
  lk->locked = 0;
  lk->pid = 0;
  lk->waiters = 0;
}

// Take the lock, sleeping while another process holds it. Must be called
// from process context with no spinlocks held.
void
acquiresleep(struct sleeplock *lk)
{
  acquire(&lk->lk);
  while(lk->locked){
    lk->waiters++;
    sleep(lk, &lk->lk);
    lk->waiters--;
  }
  lk->locked = 1;
  lk->pid = myproc()->pid;
  release(&lk->lk);
}

// Release the lock and wake every process waiting for it, if any: the
// waiter count (kept under lk->lk, the sleepers' condition lock) spares
// the common release wakeup()'s look at every process. The caller must
// hold it.
void
releasesleep(struct sleeplock *lk)
{
  acquire(&lk->lk);
  lk->locked = 0;
  lk->pid = 0;
  if(lk->waiters)
    wakeup(lk);
  release(&lk->lk);
}

// Returns 1 if the current process holds the lock, 0 otherwise.
int
holdingsleep(struct sleeplock *lk)
{
  int mine;

  acquire(&lk->lk);
  mine = lk->locked && lk->pid == myproc()->pid;
  release(&lk->lk);
  return mine;
}
