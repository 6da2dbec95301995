// Sleep locks: long-term locks (inodes, buffers) whose waiters sleep.
#ifndef COWOS_SLEEPLOCK_H
#define COWOS_SLEEPLOCK_H
#include "spinlock.h"

struct sleeplock {
  uint locked;          // 1 while held
  struct spinlock lk;   // protects this sleep lock
  char *name;           // for debugging
  int pid;              // process holding the lock
  int waiters;          // processes asleep in acquiresleep()
};

void initsleeplock(struct sleeplock *lk, char *name);
void acquiresleep(struct sleeplock *lk);
void releasesleep(struct sleeplock *lk);
int  holdingsleep(struct sleeplock *lk);

#endif
