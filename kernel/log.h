// The file system's write-ahead log (kernel/log.c): every file system
// change happens between begin_op() and end_op(), and reaches the disk
// whole or not at all.
#ifndef COWOS_LOG_H
#define COWOS_LOG_H
#include "types.h"

struct buf;
struct superblock;

void initlog(int dev, struct superblock *sb);
void log_write(struct buf *b);
void begin_op(void);
void end_op(void);

#endif
