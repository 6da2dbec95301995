// malloc() and free() for user programs: a first-fit allocator over an
// address-ordered free list, growing the heap with sbrk().
#include "kernel/types.h"
#include "user/user.h"

#define ALIGN_BYTES   16            // every block and payload is 16-byte aligned
#define GROW_MIN      (4 * 4096)    // least heap growth per sbrk(), in bytes
#define GROW_MAX      0x7ffff000UL  // most a single sbrk(int) can ask for, in bytes

// Header in front of every block, allocated or free: ALIGN_BYTES long on
// every machine (12 bytes of fields on a 32-bit one), so that payloads
// stay aligned.
struct block {
  struct block *next;   // next free block, higher address (free blocks only)
  uint64 size;          // whole block in bytes, header included
} __attribute__((aligned(ALIGN_BYTES)));

// Free blocks in increasing address order; 0 when empty.
static struct block *freelist;

static uint64
roundup(uint64 n)
{
  return (n + ALIGN_BYTES - 1) & ~(uint64)(ALIGN_BYTES - 1);
}

// Extend the heap by at least need bytes and put the new space on the
// free list. Returns 0, or -1 if sbrk() fails.
static int
grow(uint64 need)
{
  uint64 size = need < GROW_MIN ? GROW_MIN : need;
  uint64 pad;
  char *p;

  // Someone may have left the break unaligned with a raw sbrk().
  p = sbrk(0);
  if(p == SBRK_ERROR)
    return -1;
  pad = (-(uintptr)p) & (ALIGN_BYTES - 1);

  p = sbrk(size + pad);
  if(p == SBRK_ERROR && size > need){
    // Not enough for a generous chunk: ask for just what is needed.
    size = need;
    p = sbrk(size + pad);
  }
  if(p == SBRK_ERROR)
    return -1;

  struct block *b = (struct block*)(p + pad);
  b->size = size;
  free(b + 1);
  return 0;
}

// Allocate n bytes, aligned to 16. Returns the memory, or 0 if the heap
// cannot grow (sbrk fails) or n is absurdly large.
void*
malloc(uint n)
{
  uint64 need = roundup(n) + sizeof(struct block);
  struct block *b, **link;

  if(need > GROW_MAX)
    return 0;
  for(;;){
    for(link = &freelist; (b = *link) != 0; link = &b->next){
      if(b->size < need)
        continue;
      if(b->size - need >= sizeof(struct block) + ALIGN_BYTES){
        // Split: hand out the tail so the free block keeps its place.
        b->size -= need;
        b = (struct block*)((char*)b + b->size);
        b->size = need;
      } else {
        *link = b->next;
      }
      b->next = 0;
      return b + 1;
    }
    if(grow(need) < 0)
      return 0;
  }
}

// Return memory obtained from malloc() to the free list, merging it with
// free neighbours. ap may be 0 (nothing happens).
void
free(void *ap)
{
  struct block *b, *prev, *next;

  if(ap == 0)
    return;
  b = (struct block*)ap - 1;

  // Find the free neighbours: prev < b < next.
  prev = 0;
  next = freelist;
  while(next != 0 && next < b){
    prev = next;
    next = next->next;
  }

  // Link in, merging with next and then with prev where they touch.
  if(next != 0 && (char*)b + b->size == (char*)next){
    b->size += next->size;
    b->next = next->next;
  } else {
    b->next = next;
  }
  if(prev != 0 && (char*)prev + prev->size == (char*)b){
    prev->size += b->size;
    prev->next = b->next;
  } else if(prev != 0){
    prev->next = b;
  } else {
    freelist = b;
  }
}
