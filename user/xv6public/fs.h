// xv6-public's "fs.h": the on-disk format's names (BSIZE, NDIRECT,
// NINDIRECT, MAXFILE, DIRSIZ, struct dirent, ...) with cowos' values,
// which are xv6-riscv's: BSIZE is 1024 here (512 in xv6-public), and
// the superblock begins with a magic number.
#include "kernel/fs.h"
