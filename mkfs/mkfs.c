// mkfs: build a cowos file-system image on the host.
//   mkfs fs.img file...
// The image has FSSIZE blocks in the layout of kernel/fs.h; each file is
// copied into the root directory under its base name, minus a leading '_'.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdarg.h>
#include <stddef.h>

#include "kernel/types.h"
#include "kernel/fs.h"
#include "kernel/stat.h"
#include "kernel/param.h"

#define NINODES 200

#define NLOG          (LOGBLOCKS + 1)                  // header + data
#define NINODEBLOCKS  ((NINODES + IPB - 1) / IPB)
#define NBITMAP       ((FSSIZE + BPB - 1) / BPB)
#define LOGSTART      2                                // after boot, super
#define INODESTART    (LOGSTART + NLOG)
#define BMAPSTART     (INODESTART + NINODEBLOCKS)
#define NMETA         (BMAPSTART + NBITMAP)

static uchar img[FSSIZE][BSIZE];   // the whole image, written at the end
static uint next_inum = 1;         // inode 0 is never used
static uint next_block = NMETA;    // first free data block

static void
die(const char *fmt, ...)
{
  va_list ap;

  fprintf(stderr, "mkfs: ");
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fprintf(stderr, "\n");
  exit(1);
}

// On-disk integers are little-endian. Each helper converts either way
// (a byte swap is its own inverse); on a little-endian host it is the
// identity.
static ushort
le16(ushort x)
{
  ushort r;
  uchar *b = (uchar*)&r;

  b[0] = x & 0xff;
  b[1] = (x >> 8) & 0xff;
  return r;
}

static uint
le32(uint x)
{
  uint r;
  uchar *b = (uchar*)&r;

  b[0] = x & 0xff;
  b[1] = (x >> 8) & 0xff;
  b[2] = (x >> 16) & 0xff;
  b[3] = (x >> 24) & 0xff;
  return r;
}

// Convert every field of a dinode between host and disk order.
static void
dinode_swap(struct dinode *d)
{
  int i;

  d->type = le16(d->type);
  d->major = le16(d->major);
  d->minor = le16(d->minor);
  d->nlink = le16(d->nlink);
  d->size = le32(d->size);
  for(i = 0; i < NDIRECT + 1; i++)
    d->addrs[i] = le32(d->addrs[i]);
}

static struct dinode *
dinode_at(uint inum)
{
  return (struct dinode*)img[INODESTART + inum / IPB] + inum % IPB;
}

// Read inode inum into *d, in host order.
static void
iread(uint inum, struct dinode *d)
{
  *d = *dinode_at(inum);
  dinode_swap(d);
}

// Write *d (host order) as inode inum.
static void
iwrite(uint inum, const struct dinode *d)
{
  struct dinode disk = *d;

  dinode_swap(&disk);
  *dinode_at(inum) = disk;
}

// Allocate a new inode of the given type with one link.
static uint
ialloc(short type)
{
  struct dinode d;
  uint inum = next_inum++;

  if(inum >= NINODES)
    die("out of inodes (%d)", NINODES);
  memset(&d, 0, sizeof(d));
  d.type = type;
  d.nlink = 1;
  iwrite(inum, &d);
  return inum;
}

// Allocate a (zeroed) data block.
static uint
balloc(void)
{
  if(next_block >= FSSIZE)
    die("image full (%d blocks)", FSSIZE);
  return next_block++;
}

// Block number holding file block fbn of *d, allocating as needed.
static uint
file_block(struct dinode *d, uint fbn)
{
  uint *ind;

  if(fbn < NDIRECT){
    if(d->addrs[fbn] == 0)
      d->addrs[fbn] = balloc();
    return d->addrs[fbn];
  }
  fbn -= NDIRECT;
  if(fbn >= NINDIRECT)
    return 0;
  if(d->addrs[NDIRECT] == 0)
    d->addrs[NDIRECT] = balloc();
  ind = (uint*)img[d->addrs[NDIRECT]];
  if(ind[fbn] == 0)
    ind[fbn] = le32(balloc());
  return le32(ind[fbn]);
}

// Append n bytes at data to inode inum. what names the file for errors.
static void
iappend(uint inum, const void *data, uint n, const char *what)
{
  struct dinode d;
  const uchar *p = data;

  iread(inum, &d);
  while(n > 0){
    uint off = d.size % BSIZE;
    uint m = BSIZE - off;
    uint bno = file_block(&d, d.size / BSIZE);

    if(bno == 0)
      die("%s: too big (max %lu bytes)", what, (unsigned long)(MAXFILE * BSIZE));
    if(m > n)
      m = n;
    memcpy(img[bno] + off, p, m);
    d.size += m;
    p += m;
    n -= m;
  }
  iwrite(inum, &d);
}

// Add the entry (name, inum) to directory dir.
static void
add_entry(uint dir, const char *name, uint inum)
{
  struct dirent de;

  memset(&de, 0, sizeof(de));
  de.inum = le16(inum);
  // Names of exactly DIRSIZ bytes are stored without a NUL.
  memcpy(de.name, name, strnlen(name, DIRSIZ));
  iappend(dir, &de, sizeof(de), "root directory");
}

// Name a host file gets in the image: its base name without a leading '_'.
static const char *
image_name(const char *path)
{
  const char *base = strrchr(path, '/');

  base = base ? base + 1 : path;
  if(base[0] == '_')
    base++;
  if(base[0] == 0)
    die("%s: empty file name", path);
  if(strlen(base) > DIRSIZ)
    die("%s: name '%s' longer than %d bytes", path, base, DIRSIZ);
  if(strcmp(base, ".") == 0 || strcmp(base, "..") == 0)
    die("%s: reserved name", path);
  return base;
}

// Copy host file path into directory dir. names[0..nnames) are the names
// used so far, to catch duplicates.
static void
add_file(uint dir, const char *path, const char **names, int nnames)
{
  const char *name = image_name(path);
  char buf[BSIZE];
  size_t n;
  uint inum;
  FILE *f;
  int i;

  for(i = 0; i < nnames; i++)
    if(strncmp(names[i], name, DIRSIZ) == 0)
      die("%s: name '%s' used twice", path, name);
  names[nnames] = name;

  if((f = fopen(path, "rb")) == 0)
    die("%s: cannot open", path);
  inum = ialloc(T_FILE);
  add_entry(dir, name, inum);
  while((n = fread(buf, 1, sizeof(buf), f)) > 0)
    iappend(inum, buf, n, path);
  if(ferror(f))
    die("%s: read error", path);
  fclose(f);
}

static void
write_superblock(void)
{
  struct superblock sb;

  sb.magic = le32(FSMAGIC);
  sb.size = le32(FSSIZE);
  sb.nblocks = le32(FSSIZE - NMETA);
  sb.ninodes = le32(NINODES);
  sb.nlog = le32(NLOG);
  sb.logstart = le32(LOGSTART);
  sb.inodestart = le32(INODESTART);
  sb.bmapstart = le32(BMAPSTART);
  memcpy(img[1], &sb, sizeof(sb));
}

// Refuse, before anything is written, a layout the kernel would refuse.
static void
check_layout(void)
{
  struct superblock sb = {
    FSMAGIC, FSSIZE, FSSIZE - NMETA, NINODES, NLOG, LOGSTART, INODESTART,
    BMAPSTART,
  };
  const char *why = superblock_check(&sb, FSSIZE);

  if(why)
    die("bad superblock for FSSIZE %d, %d inodes: %s", FSSIZE, NINODES, why);
  if(NLOG < LOGBLOCKS + 1)
    die("log of %d blocks cannot hold a transaction", NLOG);
}

// Mark blocks [0, next_block) in use: metadata and everything allocated.
static void
write_bitmap(void)
{
  uint b;

  for(b = 0; b < next_block; b++)
    img[BMAPSTART + b / BPB][(b % BPB) / 8] |= 1 << (b % 8);
}

// mkfs IMAGE FILE...: write a new file system image holding FILEs in its
// root directory. Exits 1 with a message on any error.
int
main(int argc, char *argv[])
{
  const char **names;
  uint root;
  FILE *out;
  int i;

  if(argc < 2)
    die("usage: mkfs fs.img file...");
  if(BSIZE % sizeof(struct dinode) != 0 || BSIZE % sizeof(struct dirent) != 0)
    die("struct sizes do not divide BSIZE");
  if((names = calloc(argc, sizeof(*names))) == 0)
    die("out of memory");

  check_layout();
  write_superblock();
  root = ialloc(T_DIR);
  if(root != ROOTINO)
    die("root is inode %u, not %d", root, ROOTINO);
  add_entry(root, ".", root);
  add_entry(root, "..", root);

  for(i = 2; i < argc; i++)
    add_file(root, argv[i], names, i - 2);

  write_bitmap();

  if((out = fopen(argv[1], "wb")) == 0)
    die("%s: cannot create", argv[1]);
  if(fwrite(img, BSIZE, FSSIZE, out) != FSSIZE || fclose(out) != 0)
    die("%s: write error", argv[1]);

  printf("mkfs: %s: %d blocks: %d meta (1 boot, 1 super, %d log, "
         "%d inode, %d bitmap), %d data, %u used; %u inodes used\n",
         argv[1], FSSIZE, (int)NMETA, NLOG, (int)NINODEBLOCKS, (int)NBITMAP,
         (int)(FSSIZE - NMETA), next_block, next_inum - 1);
  return 0;
}
