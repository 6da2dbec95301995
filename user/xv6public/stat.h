// xv6-public's "stat.h": its struct stat, which its stat() and fstat()
// fill (user/lib/xv6public.c converts cowos' own, kernel/stat.h).
#ifndef COWOS_XV6PUBLIC_STAT_H
#define COWOS_XV6PUBLIC_STAT_H

#define T_DIR  1   // directory
#define T_FILE 2   // file
#define T_DEV  3   // device (xv6-riscv's T_DEVICE)

struct stat {
  short type;   // T_DIR, T_FILE or T_DEV
  int dev;      // file system's disk device
  uint ino;     // inode number
  short nlink;  // number of links to the file
  uint size;    // size of the file in bytes
};

#endif
