// Buffer cache (kernel/bio.c).
#ifndef COWOS_BUF_H
#define COWOS_BUF_H
#include "types.h"
#include "sleeplock.h"
#include "fs.h"

struct buf {
  int valid;   // has data been read from disk?
  int disk;    // does disk "own" buf?
  uint dev;
  uint blockno;
  struct sleeplock lock;
  uint refcnt;
  struct buf *prev; // LRU cache list
  struct buf *next;
  uchar data[BSIZE];
};

void        binit(void);
struct buf *bread(uint dev, uint blockno);
void        brelse(struct buf *b);
void        bwrite(struct buf *b);
void        bpin(struct buf *b);
uint        bdevsize(uint dev);
void        bunpin(struct buf *b);


#endif
