// On-disk file system format, shared by the kernel and mkfs.
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

#endif
