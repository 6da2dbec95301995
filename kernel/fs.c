// The file system proper: block allocation, inodes, directories and path
// names, on xv6's on-disk format (kernel/fs.h). Writes go through the log
// (log.c), so every function that modifies the disk must run inside a
// begin_op()/end_op() transaction; the contracts below say which do.
//
// In-memory inodes: itable holds NINODE of them. ip->ref counts the C
// pointers to an entry (open files, cwd, callers in progress); an entry is
// reused when ref drops to 0. ip->lock (a sleep lock) protects the copy of
// the on-disk fields and is held around any use of them; ip->valid says
// whether that copy has been read. An inode whose link count is 0 is freed
// on disk when its last reference goes (iput).
#include "types.h"
#include "param.h"
#include "machine.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "printf.h"
#include "string.h"
#include "proc.h"
#include "stat.h"
#include "fs.h"
#include "buf.h"
#include "log.h"
#include "file.h"

#define MAXFILE_BYTES ((uint)(MAXFILE * BSIZE))

// The superblock of the one mounted file system; IBLOCK/BBLOCK use it.
static struct superblock sb;

static struct {
  struct spinlock lock;   // protects dev, inum and ref of every entry
  struct inode inode[NINODE];
} itable;

static struct inode *iget(uint dev, uint inum);

// ---------------------------------------------------------------------
// Blocks

// Fill block bno of dev with zeros, through the log.
static void
zero_block(uint dev, uint bno)
{
  struct buf *b = bread(dev, bno);

  memset(b->data, 0, BSIZE);
  log_write(b);
  brelse(b);
}

// Allocate a zeroed disk block on dev. Returns its block number, or 0 if
// the disk is full. Inside a transaction.
static uint
balloc(uint dev)
{
  uint base, bit;

  for(base = 0; base < sb.size; base += BPB){
    struct buf *b = bread(dev, BBLOCK(base, sb));
    for(bit = 0; bit < BPB && base + bit < sb.size; bit++){
      uchar mask = 1 << (bit % 8);
      if((b->data[bit / 8] & mask) == 0){
        b->data[bit / 8] |= mask;
        log_write(b);
        brelse(b);
        zero_block(dev, base + bit);
        return base + bit;
      }
    }
    brelse(b);
  }
  return 0;
}

// Mark block bno of dev free. Inside a transaction.
static void
bfree(uint dev, uint bno)
{
  struct buf *b;
  uchar mask = 1 << (bno % 8);

  if(bno >= sb.size)
    panic("bfree: block out of range");
  b = bread(dev, BBLOCK(bno, sb));
  if((b->data[(bno % BPB) / 8] & mask) == 0)
    panic("bfree: block already free");
  b->data[(bno % BPB) / 8] &= ~mask;
  log_write(b);
  brelse(b);
}

// ---------------------------------------------------------------------
// Mounting

// Free, at boot, inodes that are allocated but in no directory: files that
// were unlinked while open when the system stopped.
static void
reclaim_orphans(uint dev)
{
  uint inum;

  for(inum = 1; inum < sb.ninodes; inum++){
    struct buf *b = bread(dev, IBLOCK(inum, sb));
    struct dinode *dip = (struct dinode*)b->data + inum % IPB;
    int orphan = dip->type != 0 && dip->nlink == 0;
    struct inode *ip;

    brelse(b);
    if(!orphan)
      continue;
    begin_op();
    ip = iget(dev, inum);
    if(ip){
      ilock(ip);      // loads nlink == 0, so the iput below frees it
      iunlock(ip);
      iput(ip);
    }
    end_op();
    printf("ireclaim: freed orphan inode %d\n", inum);
  }
}

// Mount the file system on dev: read the superblock, replay the log, free
// orphaned inodes. Called once by the first process (may sleep). Panics,
// before writing anything, if dev holds no file system or its superblock
// does not fit the disk (superblock_check() in fs.h).
void
fsinit(int dev)
{
  struct buf *b = bread(dev, 1);
  const char *why;

  memmove(&sb, b->data, sizeof(sb));
  brelse(b);
  if((why = superblock_check(&sb, bdevsize(dev))) != 0){
    printf("fsinit: bad superblock on disk %d: %s; not mounted\n", dev, why);
    panic("fsinit: bad superblock");
  }
  initlog(dev, &sb);
  reclaim_orphans(dev);
}

// ---------------------------------------------------------------------
// Inodes

// Set up the in-memory inode table. Called once at boot.
void
iinit(void)
{
  int i;

  initlock(&itable.lock, "itable");
  for(i = 0; i < NINODE; i++)
    initsleeplock(&itable.inode[i].lock, "inode");
}

// Return an unlocked reference to inode inum of dev, without reading it
// from disk. Returns 0 if the table is full. Takes itable.lock.
static struct inode *
iget(uint dev, uint inum)
{
  struct inode *ip, *empty = 0;

  acquire(&itable.lock);
  for(ip = itable.inode; ip < itable.inode + NINODE; ip++){
    if(ip->ref > 0 && ip->dev == dev && ip->inum == inum){
      ip->ref++;
      release(&itable.lock);
      return ip;
    }
    if(empty == 0 && ip->ref == 0)
      empty = ip;
  }
  if(empty){
    empty->dev = dev;
    empty->inum = inum;
    empty->ref = 1;
    empty->valid = 0;
  }
  release(&itable.lock);
  return empty;
}

// Allocate a free on-disk inode of the given type (T_DIR, T_FILE,
// T_DEVICE) on dev. Returns it referenced and unlocked, or 0 if the disk
// or the inode table is full. Inside a transaction.
struct inode *
ialloc(uint dev, short type)
{
  uint inum;

  for(inum = 1; inum < sb.ninodes; inum++){
    struct buf *b = bread(dev, IBLOCK(inum, sb));
    struct dinode *dip = (struct dinode*)b->data + inum % IPB;
    struct inode *ip;

    if(dip->type != 0){
      brelse(b);
      continue;
    }
    memset(dip, 0, sizeof(*dip));
    dip->type = type;
    log_write(b);
    brelse(b);

    if((ip = iget(dev, inum)) == 0){
      // No room in memory: give the inode back on disk.
      b = bread(dev, IBLOCK(inum, sb));
      dip = (struct dinode*)b->data + inum % IPB;
      dip->type = 0;
      log_write(b);
      brelse(b);
    }
    return ip;
  }
  return 0;
}

// Copy ip's in-memory fields to its on-disk inode. Caller holds ip->lock
// and is inside a transaction.
void
iupdate(struct inode *ip)
{
  struct buf *b = bread(ip->dev, IBLOCK(ip->inum, sb));
  struct dinode *dip = (struct dinode*)b->data + ip->inum % IPB;

  dip->type = ip->type;
  dip->major = ip->major;
  dip->minor = ip->minor;
  dip->nlink = ip->nlink;
  dip->size = ip->size;
  memmove(dip->addrs, ip->addrs, sizeof(ip->addrs));
  log_write(b);
  brelse(b);
}

// Take one more reference to ip. Returns ip. Takes itable.lock.
struct inode *
idup(struct inode *ip)
{
  acquire(&itable.lock);
  ip->ref++;
  release(&itable.lock);
  return ip;
}

// Lock ip, reading it from disk if this is the first use. May sleep.
// Panics if ip is not referenced or is free on disk (kernel bugs).
void
ilock(struct inode *ip)
{
  if(ip == 0 || ip->ref < 1)
    panic("ilock: unreferenced inode");
  acquiresleep(&ip->lock);
  if(!ip->valid){
    struct buf *b = bread(ip->dev, IBLOCK(ip->inum, sb));
    struct dinode *dip = (struct dinode*)b->data + ip->inum % IPB;

    ip->type = dip->type;
    ip->major = dip->major;
    ip->minor = dip->minor;
    ip->nlink = dip->nlink;
    ip->size = dip->size;
    memmove(ip->addrs, dip->addrs, sizeof(ip->addrs));
    brelse(b);
    ip->valid = 1;
    if(ip->type == 0)
      panic("ilock: inode is free on disk");
  }
}

// Unlock ip. Caller holds ip->lock.
void
iunlock(struct inode *ip)
{
  if(ip == 0 || ip->ref < 1 || !holdingsleep(&ip->lock))
    panic("iunlock: not locked");
  releasesleep(&ip->lock);
}

// Whether dropping a reference to ip would free it: ours is the last
// reference and no directory names it. itable.lock must be held; nlink
// may be read without ip->lock because nobody else can reach the inode.
static int
lastput(struct inode *ip)
{
  return ip->ref == 1 && ip->valid && ip->nlink == 0;
}

// Drop a reference to ip (unlocked) if that cannot free anything: then
// no transaction is needed. Decided and done under itable.lock, so no
// other reference can go away in between. Returns 1 if the reference
// was dropped, 0 if not (the caller then calls iput() inside a
// transaction). Takes itable.lock.
int
iputnowrite(struct inode *ip)
{
  acquire(&itable.lock);
  int drop = !lastput(ip);
  if(drop)
    ip->ref--;
  release(&itable.lock);
  return drop;
}

// Drop a reference to ip (unlocked). If it was the last one and no
// directory links to the inode, free its blocks and the inode on disk.
// Inside a transaction (it may write). Takes itable.lock.
void
iput(struct inode *ip)
{
  acquire(&itable.lock);
  if(lastput(ip)){
    // Ours is the only reference and no directory names the inode, so
    // nobody else can find it: its lock is free and we may drop
    // itable.lock while writing.
    acquiresleep(&ip->lock);
    release(&itable.lock);

    itrunc(ip);
    ip->type = 0;
    iupdate(ip);
    ip->valid = 0;

    releasesleep(&ip->lock);
    acquire(&itable.lock);
  }
  ip->ref--;
  release(&itable.lock);
}

// iunlock(ip) then iput(ip).
void
iunlockput(struct inode *ip)
{
  iunlock(ip);
  iput(ip);
}

// Disk block holding byte bn*BSIZE of ip's data. If alloc, allocate the
// block (and the indirect block) when missing; returns 0 if it is missing
// and !alloc, or if the disk is full. Caller holds ip->lock; with alloc,
// inside a transaction. Panics if bn >= MAXFILE (callers check).
static uint
block_of(struct inode *ip, uint bn, int alloc)
{
  uint *slot, bno;
  struct buf *ind = 0;

  if(bn < NDIRECT){
    slot = &ip->addrs[bn];
  } else {
    bn -= NDIRECT;
    if(bn >= NINDIRECT)
      panic("block_of: beyond MAXFILE");
    if(ip->addrs[NDIRECT] == 0){
      if(!alloc || (ip->addrs[NDIRECT] = balloc(ip->dev)) == 0)
        return 0;
    }
    ind = bread(ip->dev, ip->addrs[NDIRECT]);
    slot = (uint*)ind->data + bn;
  }

  bno = *slot;
  if(bno == 0 && alloc && (bno = balloc(ip->dev)) != 0){
    *slot = bno;
    if(ind)
      log_write(ind);
  }
  if(ind)
    brelse(ind);
  return bno;
}

// Free all of ip's data blocks and set its size to 0. Caller holds
// ip->lock and is inside a transaction.
void
itrunc(struct inode *ip)
{
  int i;

  for(i = 0; i < NDIRECT; i++){
    if(ip->addrs[i]){
      bfree(ip->dev, ip->addrs[i]);
      ip->addrs[i] = 0;
    }
  }
  if(ip->addrs[NDIRECT]){
    struct buf *b = bread(ip->dev, ip->addrs[NDIRECT]);
    uint *slots = (uint*)b->data;
    for(i = 0; i < NINDIRECT; i++)
      if(slots[i])
        bfree(ip->dev, slots[i]);
    brelse(b);
    bfree(ip->dev, ip->addrs[NDIRECT]);
    ip->addrs[NDIRECT] = 0;
  }
  ip->size = 0;
  iupdate(ip);
}

// Fill *st from ip. Caller holds ip->lock.
void
stati(struct inode *ip, struct stat *st)
{
  memset(st, 0, sizeof(*st));   // the padding too: st goes to user space
  st->dev = ip->dev;
  st->ino = ip->inum;
  st->type = ip->type;
  st->nlink = ip->nlink;
  st->size = ip->size;
}

// Copy up to n bytes of ip's data, from byte offset off, to dst: a user
// virtual address if user_dst, else a kernel address. Stops at end of
// file. Returns the number of bytes copied (0 at or past the end), or -1
// if nothing could be copied to dst. Caller holds ip->lock.
int
readi(struct inode *ip, int user_dst, uint64 dst, uint off, uint n)
{
  uint done, m;

  if(off > ip->size || off + n < off)
    return 0;
  if(off + n > ip->size)
    n = ip->size - off;

  for(done = 0; done < n; done += m, off += m, dst += m){
    uint bno = block_of(ip, off / BSIZE, 0);
    struct buf *b;

    if(bno == 0)
      break;
    b = bread(ip->dev, bno);
    m = BSIZE - off % BSIZE;
    if(m > n - done)
      m = n - done;
    if(either_copyout(user_dst, dst, b->data + off % BSIZE, m) == -1){
      brelse(b);
      return done > 0 ? done : -1;
    }
    brelse(b);
  }
  return done;
}

// Copy n bytes from src (a user virtual address if user_src, else kernel)
// into ip's data at byte offset off, growing the file as needed. off may
// not exceed the current size; writing stops at MAXFILE*BSIZE bytes or
// when the disk is full. Returns the number of bytes written, or -1 if
// n > 0 and nothing could be written. Caller holds ip->lock and is inside
// a transaction.
int
writei(struct inode *ip, int user_src, uint64 src, uint off, uint n)
{
  uint done, m;

  if(off > ip->size || off + n < off)
    return -1;
  if(n == 0)
    return 0;
  if(off >= MAXFILE_BYTES)
    return -1;
  if(off + n > MAXFILE_BYTES)
    n = MAXFILE_BYTES - off;

  for(done = 0; done < n; done += m, off += m, src += m){
    uint bno = block_of(ip, off / BSIZE, 1);
    struct buf *b;
    int bad;

    if(bno == 0)
      break;   // disk full
    b = bread(ip->dev, bno);
    m = BSIZE - off % BSIZE;
    if(m > n - done)
      m = n - done;
    bad = either_copyin(b->data + off % BSIZE, user_src, src, m) == -1;
    // Log the block even on failure: the copy may have changed part of it,
    // and the cache must not hold data the disk will never see.
    log_write(b);
    brelse(b);
    if(bad)
      break;
  }

  if(off > ip->size)
    ip->size = off;
  // Always write the inode back: block_of() may have filled ip->addrs.
  iupdate(ip);
  return done > 0 ? done : -1;
}

// ---------------------------------------------------------------------
// Directories

// Compare two directory-entry names (at most DIRSIZ bytes). Returns 0 if
// equal, like strncmp otherwise.
int
namecmp(const char *s, const char *t)
{
  return strncmp(s, t, DIRSIZ);
}

// Find name in directory dp. Returns the inode number (0 if absent) and,
// if found and poff != 0, the entry's byte offset in *poff. Caller holds
// dp->lock.
static uint
dirscan(struct inode *dp, char *name, uint *poff)
{
  struct dirent de[8];   // entries read per readi(): 128 bytes of stack

  if(dp->type != T_DIR)
    panic("dirscan: not a directory");
  for(uint off = 0; off < dp->size; off += sizeof(de)){
    uint n = dp->size - off < sizeof(de) ? dp->size - off : sizeof(de);
    if(readi(dp, 0, (uintptr)de, off, n) != n)
      panic("dirscan: short directory read");
    for(uint i = 0; i < n / sizeof(de[0]); i++){
      if(de[i].inum != 0 && namecmp(name, de[i].name) == 0){
        if(poff)
          *poff = off + i * sizeof(de[0]);
        return de[i].inum;
      }
    }
  }
  return 0;
}

// Look name up in directory dp. Returns the entry's inode, referenced and
// unlocked, and its byte offset in *poff if poff != 0; returns 0 if there
// is no such entry or the inode table is full. Caller holds dp->lock.
struct inode *
dirlookup(struct inode *dp, char *name, uint *poff)
{
  uint inum = dirscan(dp, name, poff);

  return inum ? iget(dp->dev, inum) : 0;
}

// Add the entry (name, inum) to directory dp, reusing a free slot if there
// is one. Returns 0, or -1 if name exists already or the directory cannot
// grow (disk full). Caller holds dp->lock and is inside a transaction.
int
dirlink(struct inode *dp, char *name, uint inum)
{
  uint off;
  struct dirent de;

  if(dirscan(dp, name, 0) != 0)
    return -1;

  for(off = 0; off < dp->size; off += sizeof(de)){
    if(readi(dp, 0, (uintptr)&de, off, sizeof(de)) != sizeof(de))
      panic("dirlink: short directory read");
    if(de.inum == 0)
      break;
  }
  memset(&de, 0, sizeof(de));
  strncpy(de.name, name, DIRSIZ);
  de.inum = inum;
  if(writei(dp, 0, (uintptr)&de, off, sizeof(de)) != sizeof(de))
    return -1;
  return 0;
}

// ---------------------------------------------------------------------
// Path names

// Copy the first element of path into name (DIRSIZ bytes, NUL-terminated
// only if shorter; longer elements are truncated) and return the rest of
// path with leading slashes skipped. Returns 0 if path has no element.
//   skipelem("a/bb/c", name) = "bb/c", name = "a"
//   skipelem("///a//bb", name) = "bb", name = "a"
//   skipelem("", name) = skipelem("////", name) = 0
static char *
skipelem(char *path, char *name)
{
  char *start;
  int len;

  while(*path == '/')
    path++;
  if(*path == 0)
    return 0;
  start = path;
  while(*path != '/' && *path != 0)
    path++;
  len = path - start;
  if(len >= DIRSIZ){
    memmove(name, start, DIRSIZ);
  } else {
    memmove(name, start, len);
    name[len] = 0;
  }
  while(*path == '/')
    path++;
  return path;
}

// Walk path from the root (if it starts with '/') or the current
// directory. With want_parent, stop one step early: return the directory
// holding the last element and copy that element into name (DIRSIZ
// bytes). Returns a referenced, unlocked inode, or 0 on any failure; the
// empty path names nothing (as on Linux, ENOENT), not the current
// directory. Must be inside a transaction (it calls iput).
static struct inode *
walkpath(char *path, int want_parent, char *name)
{
  struct inode *ip, *next;

  if(*path == 0)
    return 0;
  if(*path == '/')
    ip = iget(ROOTDEV, ROOTINO);
  else if(myproc()->cwd)
    ip = idup(myproc()->cwd);
  else
    return 0;
  if(ip == 0)
    return 0;

  while((path = skipelem(path, name)) != 0){
    ilock(ip);
    // A directory with no links has been removed (it may still be some
    // process's cwd): nothing can be looked up or created in it, and its
    // ".." may name an inode that is already free.
    if(ip->type != T_DIR || ip->nlink == 0){
      iunlockput(ip);
      return 0;
    }
    if(want_parent && *path == 0){
      iunlock(ip);
      return ip;
    }
    next = dirlookup(ip, name, 0);
    iunlockput(ip);
    if(next == 0)
      return 0;
    ip = next;
  }
  if(want_parent){
    // path had no element (it is all slashes): there is no parent to
    // return.
    iput(ip);
    return 0;
  }
  return ip;
}

// Inode named by path, referenced and unlocked, or 0 if there is none
// (the empty path names none). Inside a transaction.
struct inode *
namei(char *path)
{
  char name[DIRSIZ];

  return walkpath(path, 0, name);
}

// Directory that would hold the last element of path, referenced and
// unlocked, with that element copied into name (DIRSIZ bytes). Returns 0
// if there is none (or path has no element: "", "/"). Inside a
// transaction.
struct inode *
nameiparent(char *path, char *name)
{
  return walkpath(path, 1, name);
}
