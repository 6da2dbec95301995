// Spin locks. A holder keeps interrupts off on its hart, so an interrupt
// handler can never spin on a lock its own hart holds.
#include "types.h"
#include "param.h"
#include "machine.h"
#include "spinlock.h"
#include "cpu.h"
#include "printf.h"

// Per-hart state (kernel/cpu.h): here because the spin locks keep their
// interrupt nesting in it; the scheduler keeps the running process there.
struct cpu cpus[NCPU];

// Initialize lk as unlocked; name is kept for panic messages.
void
initlock(struct spinlock *lk, char *name)
{
  lk->name = name;
  lk->locked = 0;
  lk->cpu = 0;
}

// One more level of push_off() on hart c, whose interrupts were on (on)
// before it turned them off. Interrupts are off.
static inline void
pushoff(struct cpu *c, int on)
{
  if(c->noff++ == 0)
    c->intena = on;
}

// One level less, on hart c: interrupts back on at the outermost level
// if they were on before it. Panics if interrupts are on or nesting is
// zero (kernel bugs).
static inline void
popoff(struct cpu *c)
{
  if(intr_get())
    panic("pop_off: interruptible");
  if(c->noff < 1)
    panic("pop_off: unbalanced");
  if(--c->noff == 0 && c->intena)
    intr_on();
}

// Acquire lk, spinning until it is free. Disables interrupts on this hart
// until the matching release(). Panics if this hart already holds lk.
// push_off(), holding() and mycpu() done once each, inline: every
// system call takes several locks.
void
acquire(struct spinlock *lk)
{
  int on = intr_save();
  struct cpu *c = mycpu();
  pushoff(c, on);
  if(lk->locked && lk->cpu == c){
    printf("lock %s\n", lk->name);
    panic("acquire: already held");
  }
  // Atomic test-and-set with acquire ordering, so the critical
  // section's loads and stores cannot move above it.
  while(atomic_swap(&lk->locked, 1) != 0)
    ;
  lk->cpu = c;
}

// Release lk, which this hart must hold; restores the interrupt state.
// Panics if this hart does not hold lk.
void
release(struct spinlock *lk)
{
  struct cpu *c = mycpu();
  if(!lk->locked || lk->cpu != c)
    panic("release: not held");
  lk->cpu = 0;
  // Release ordering: the critical section's stores are visible to the
  // next holder before it sees locked == 0.
  atomic_release(&lk->locked);
  popoff(c);
}

// Returns 1 if this hart holds lk. Interrupts must be off.
int
holding(struct spinlock *lk)
{
  return lk->locked && lk->cpu == mycpu();
}

// Disable interrupts on this hart, counting nesting; pop_off() undoes one
// level and re-enables them when the outermost level had them enabled.
void
push_off(void)
{
  int on = intr_save();
  pushoff(mycpu(), on);
}

// Undo one push_off(). Panics if interrupts are on or nesting is zero.
void
pop_off(void)
{
  popoff(mycpu());
}
