// Hooks of the DEBUG build's frame and page-table checker
// (kernel/vmcheck.c; `make DEBUG=1`). In the normal build every hook is
// empty, so the kernel compiles to the same code as without them.
//
// VMBEGIN() and VMEND() bracket a section: one event that changes user
// page tables, frame reference counts or the free lists, which the
// checker must see whole or not at all (kernel/vmcheck.c lists them).
// Sections nest, and may sleep: a check waits for no section, it is
// deferred until none is in progress.
//
// VMCHECK(when) checks every frame and every user PTE now, or as soon as
// no section is in progress; when says after what ("fork", ...).
// VMCHECK_SBRK(oldsz, newsz) does so after an sbrk that moved the break
// from oldsz to newsz bytes across a page boundary (a move within a page
// changes no PTE, and usertests moves the break by one byte thousands of
// times). VMCHECK_COW(va, frame), inside the section of a COW fault at
// user virtual address va on frame (kernel virtual), asks for the check
// of that page when the outermost section ends. VMCHECK_FREED(frame) and
// VMCHECK_TAKEN(frame), inside a section, say that kput() has put frame
// on a free list (the global one or a hart's) and kalloc() has taken it
// off.
#ifndef COWOS_VMCHECK_H
#define COWOS_VMCHECK_H
#include "types.h"
#include "machine.h"

#ifdef DEBUG
void vmbegin(void);
void vmend(void);
void vmcheck(const char *when);
void vmcheckinit(void);
void vmcheckro(pagetable_t pagetable, uint64 va, uint64 end, int perm);
void vmcheckfork(pagetable_t old, pagetable_t new);
void vmcheckforget(pagetable_t pagetable);
void vmcheckcow(uint64 va, void *frame);
void vmcheckfreed(void *frame);
void vmchecktaken(void *frame);
#define VMBEGIN()                         vmbegin()
#define VMEND()                           vmend()
#define VMCHECK(when)                     vmcheck(when)
#define VMCHECK_INIT()                    vmcheckinit()
#define VMCHECK_RO(pagetable, va, end, perm) vmcheckro(pagetable, va, end, perm)
#define VMCHECK_FORK(old, new)            vmcheckfork(old, new)
#define VMCHECK_FORGET(pagetable)         vmcheckforget(pagetable)
#define VMCHECK_COW(va, frame)            vmcheckcow(va, frame)
#define VMCHECK_FREED(frame)              vmcheckfreed(frame)
#define VMCHECK_TAKEN(frame)              vmchecktaken(frame)
#define VMCHECK_SBRK(oldsz, newsz) \
  do { if(PGROUNDUP(oldsz) != PGROUNDUP(newsz)) vmcheck("sbrk"); } while(0)
#else
#define VMBEGIN()                         do { } while(0)
#define VMEND()                           do { } while(0)
#define VMCHECK(when)                     do { } while(0)
#define VMCHECK_INIT()                    do { } while(0)
#define VMCHECK_RO(pagetable, va, end, perm) do { } while(0)
#define VMCHECK_FORK(old, new)            do { } while(0)
#define VMCHECK_FORGET(pagetable)         do { } while(0)
#define VMCHECK_COW(va, frame)            do { } while(0)
#define VMCHECK_FREED(frame)              do { } while(0)
#define VMCHECK_TAKEN(frame)              do { } while(0)
#define VMCHECK_SBRK(oldsz, newsz)        do { } while(0)
#endif

// int vmdebug(int op, uint64 va): the DEBUG build's own system call
// (SYS_vmdebug; the normal build has none, and it returns -1 there, as any
// unknown call does). User programs include this header for op:
//   VMDEBUG_CHECK: check now, walking the free list itself too (waiting,
//     off the hart, until no section is in progress). Returns the number
//     of checks since boot (this one included); a broken invariant
//     panics instead.
//   VMDEBUG_BREAK: break a count on purpose, to see the checker catch it:
//     add one reference to the frame that the caller's page at user
//     virtual address va maps. The next check must panic, naming that
//     frame (unless the frame has no other reference left by then: a
//     frame with count 1 that no user PTE maps looks like the kernel's
//     own). Returns 0, or -1 if va is not a present user page below the
//     caller's size.
//   VMDEBUG_MARK: break a rule about PTEs on purpose: set the COW mark on
//     the caller's PTE for va, as it is (a writable page is then both
//     writable and marked; a text page is a read-only page marked). The
//     next check must panic. Returns 0, or -1 as for VMDEBUG_BREAK.
//   VMDEBUG_SLEEP: sleep va clock ticks inside a section, as an event
//     that sleeps would (a fault reading a disk): checks asked for
//     meanwhile are deferred, not waited for. Returns 0.
//   VMDEBUG_TEXTWRITE: store one byte of the kernel's own text (va 0:
//     the first of sys_vmdebug's code) or read-only data (va 1: a const
//     array of kernel/vmcheck.c) back in place, after printing the line
//     "vmdebug: pid P stores into kernel text at 0xADDR" (or "kernel
//     read-only data"). Both are mapped read-only (kernel/riscv/kvm.c,
//     kernel/i386/kvm.c), so the store must fault and kerneltrap()
//     panic, naming the fault at ADDR. If the store goes through (the
//     page is writable), nothing has changed and it returns 0. Another
//     va returns -1.
// Any other op returns -1.
#define VMDEBUG_CHECK 1
#define VMDEBUG_BREAK 2
#define VMDEBUG_MARK  3
#define VMDEBUG_SLEEP 4
#define VMDEBUG_TEXTWRITE 5

#endif
