// Open files, in-memory inodes, devices and pipes
// (kernel/file.c, kernel/fs.c, kernel/pipe.c).
#ifndef COWOS_FILE_H
#define COWOS_FILE_H
#include "types.h"
#include "sleeplock.h"
#include "fs.h"

struct stat;
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
#define mkdev(m,n)  ((uint)((m)<<16| (n)))

// In-memory copy of an inode.
struct inode {
  uint dev;           // device number
  uint inum;          // inode number
  int ref;            // reference count
  struct sleeplock lock; // protects everything below here
  int valid;          // inode has been read from disk?

  short type;         // copy of disk inode
  short major;
  short minor;
  short nlink;
  uint size;
  uint addrs[NDIRECT+1];
};

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

// fs.c
void          fsinit(int dev);
int           dirlink(struct inode *dp, char *name, uint inum);
struct inode *dirlookup(struct inode *dp, char *name, uint *poff);
struct inode *ialloc(uint dev, short type);
struct inode *idup(struct inode *ip);
void          iinit(void);
void          ilock(struct inode *ip);
void          iput(struct inode *ip);
void          iunlock(struct inode *ip);
void          iunlockput(struct inode *ip);
void          iupdate(struct inode *ip);
int           namecmp(const char *s, const char *t);
struct inode *namei(char *path);
struct inode *nameiparent(char *path, char *name);
int           readi(struct inode *ip, int user_dst, uint64 dst, uint off, uint n);
void          stati(struct inode *ip, struct stat *st);
int           writei(struct inode *ip, int user_src, uint64 src, uint off, uint n);
void          itrunc(struct inode *ip);

// pipe.c
int  pipealloc(struct file **f0, struct file **f1);
void pipeclose(struct pipe *pi, int writable);
int  piperead(struct pipe *pi, uint64 addr, int n);
int  pipewrite(struct pipe *pi, uint64 addr, int n);

#endif
