// Spin locks: mutual exclusion between harts, with interrupts off while held.
#ifndef COWOS_SPINLOCK_H
#define COWOS_SPINLOCK_H
#include "types.h"

struct cpu;

struct spinlock {
  volatile int locked;   // 1 while held
  char *name;        // for debugging
  struct cpu *cpu;   // the hart holding the lock
};

void initlock(struct spinlock *lk, char *name);
void acquire(struct spinlock *lk);
void release(struct spinlock *lk);
int  holding(struct spinlock *lk);
void push_off(void);
void pop_off(void);

#endif
