// The file system: its on-disk format, shared by the kernel and mkfs, and
// (for the kernel) in-memory inodes and the functions of kernel/fs.c.
// Layout: [ boot block | super block | log | inode blocks | free bit map | data blocks ]
#ifndef COWOS_FS_H
#define COWOS_FS_H

#define ROOTINO  1      // root i-number
#define BSIZE 1024      // block size in bytes

struct superblock {
  uint magic;        // must be FSMAGIC
  uint size;         // size of file system image (blocks)
  uint nblocks;      // number of data blocks
  uint ninodes;      // number of inodes
  uint nlog;         // number of log blocks
  uint logstart;     // block number of first log block
  uint inodestart;   // block number of first inode block
  uint bmapstart;    // block number of first free map block
};

#define FSMAGIC 0x10203040

#define NDIRECT 12
#define NINDIRECT (BSIZE / sizeof(uint))
#define MAXFILE (NDIRECT + NINDIRECT)

// On-disk inode structure.
struct dinode {
  short type;               // file type (0: free)
  short major;              // major device number (T_DEVICE only)
  short minor;              // minor device number (T_DEVICE only)
  short nlink;              // number of directory entries that refer to it
  uint size;                // size of file (bytes)
  uint addrs[NDIRECT+1];    // data block addresses; the last is the indirect block
};

// Inodes per block.
#define IPB           (BSIZE / sizeof(struct dinode))
// Block containing inode i.
#define IBLOCK(i, sb) ((i) / IPB + sb.inodestart)
// Bitmap bits per block.
#define BPB           (BSIZE*8)
// Block of free map containing bit for block b.
#define BBLOCK(b, sb) ((b)/BPB + sb.bmapstart)

// The largest link count a dinode's nlink (a short) can hold: link() and
// mkdir() refuse to go past it.
#define MAXNLINK 32767

// Why sb cannot describe a file system on a disk of disk_blocks blocks
// (0: size unknown), or 0 if its layout is consistent: the regions follow
// each other in the order above, each big enough for what it holds (the
// log a header and at least one block, the inode blocks ninodes inodes, the
// bitmap one bit per block), and nblocks is what remains. Used by mkfs
// before it writes an image and by the kernel before it writes a disk.
static inline const char *
superblock_check(const struct superblock *sb, uint disk_blocks)
{
  uint nmeta;

  if(sb->magic != FSMAGIC)
    return "bad magic";
  if(sb->size < 2 || (disk_blocks != 0 && sb->size > disk_blocks))
    return "size larger than the disk";
  if(sb->logstart != 2 || sb->nlog < 2 || sb->nlog > sb->size)
    return "bad log region";
  if(sb->ninodes < ROOTINO + 1 || sb->ninodes / IPB >= sb->size)
    return "bad inode count";
  if(sb->inodestart != sb->logstart + sb->nlog ||
      sb->bmapstart != sb->inodestart + (sb->ninodes + IPB - 1) / IPB)
    return "regions out of place";
  nmeta = sb->bmapstart + (sb->size + BPB - 1) / BPB;
  if(nmeta >= sb->size || sb->nblocks != sb->size - nmeta)
    return "bad data block count";
  return 0;
}

// A directory is a file containing a sequence of dirent structures.
#define DIRSIZ 14

struct dirent {
  ushort inum;
  char name[DIRSIZ];
};

#ifdef KERNEL
#include "sleeplock.h"

struct stat;

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

// kernel/fs.c
void          fsinit(int dev);
int           dirlink(struct inode *dp, char *name, uint inum);
struct inode *dirlookup(struct inode *dp, char *name, uint *poff);
struct inode *ialloc(uint dev, short type);
struct inode *idup(struct inode *ip);
void          iinit(void);
void          ilock(struct inode *ip);
void          iput(struct inode *ip);
int           iputnowrite(struct inode *ip);
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

#endif

#endif
