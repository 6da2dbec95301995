// Open files and devices (kernel/file.c).
#ifndef COWOS_FILE_H
#define COWOS_FILE_H
#include "types.h"
struct inode;
struct pipe;

struct file {
  enum { FD_NONE, FD_PIPE, FD_INODE, FD_DEVICE } type;
  int ref;           // reference count
  char readable;
  char writable;
  struct pipe *pipe; // FD_PIPE
  struct inode *ip;  // FD_INODE and FD_DEVICE
  uint off;          // FD_INODE
  short major;       // FD_DEVICE
};

#define major(dev)  ((dev) >> 16 & 0xFFFF)
#define minor(dev)  ((dev) & 0xFFFF)

// Map major device number to device functions.
struct devsw {
  int (*read)(int user_dst, uint64 dst, int n);
  int (*write)(int user_src, uint64 src, int n);
};

extern struct devsw devsw[];

#define CONSOLE 1

// file.c
struct file *filealloc(void);
void         fileclose(struct file *f);
struct file *filedup(struct file *f);
void         fileinit(void);
int          fileread(struct file *f, uint64 addr, int n);
int          filestat(struct file *f, uint64 addr);
int          filewrite(struct file *f, uint64 addr, int n);

#endif
