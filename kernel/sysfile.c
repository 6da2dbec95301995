// File-system system calls: argument checking and the multi-step
// operations (open, link, unlink, mkdir, ...) built on fs.c and file.c.
// Every user-supplied fd, pointer and path is checked; failures return -1.
#include "types.h"
#include "param.h"
#include "machine.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "printf.h"
#include "string.h"
#include "kalloc.h"
#include "proc.h"
#include "fault.h"
#include "vm.h"
#include "syscallarg.h"
#include "stat.h"
#include "fcntl.h"
#include "fs.h"
#include "buf.h"
#include "log.h"
#include "file.h"
#include "pipe.h"
#include "vmcheck.h"

// Fetch system-call argument n as a file descriptor of the current
// process. Returns 0 with *pfd and *pf set (either may be 0), or -1 if it
// is out of range or not open.
static int
argfd(int n, int *pfd, struct file **pf)
{
  int fd;
  struct file *f;

  argint(n, &fd);
  if(fd < 0 || fd >= NOFILE || (f = myproc()->ofile[fd]) == 0)
    return -1;
  if(pfd)
    *pfd = fd;
  if(pf)
    *pf = f;
  return 0;
}

// Give f the lowest free descriptor of the current process. Returns it, or
// -1 if all NOFILE are in use (the caller still owns f then).
static int
fdalloc(struct file *f)
{
  struct proc *p = myproc();
  int fd;

  for(fd = 0; fd < NOFILE; fd++){
    if(p->ofile[fd] == 0){
      p->ofile[fd] = f;
      return fd;
    }
  }
  return -1;
}

// dup(fd): a second descriptor for the same open file. Returns the lowest
// free descriptor, or -1 if fd is bad or none is free.
uint64
sys_dup(void)
{
  struct file *f;
  int fd;

  if(argfd(0, 0, &f) < 0)
    return -1;
  if((fd = fdalloc(f)) < 0)
    return -1;
  filedup(f);
  return fd;
}

// read(fd, buf, n): read up to n bytes into user address buf. Returns the
// count (0 at end of file) or -1.
uint64
sys_read(void)
{
  struct file *f;
  uint64 addr;
  int n;

  argaddr(1, &addr);
  argint(2, &n);
  if(argfd(0, 0, &f) < 0 || n < 0)
    return -1;
  return fileread(f, addr, n);
}

// write(fd, buf, n): write n bytes from user address buf. Returns the
// count written or -1.
uint64
sys_write(void)
{
  struct file *f;
  uint64 addr;
  int n;

  argaddr(1, &addr);
  argint(2, &n);
  if(argfd(0, 0, &f) < 0 || n < 0)
    return -1;
  return filewrite(f, addr, n);
}

// close(fd): release descriptor fd. Returns 0, or -1 if fd is bad.
uint64
sys_close(void)
{
  struct file *f;
  int fd;

  if(argfd(0, &fd, &f) < 0)
    return -1;
  myproc()->ofile[fd] = 0;
  fileclose(f);
  return 0;
}

// fstat(fd, st): store a struct stat at user address st. Returns 0 or -1.
uint64
sys_fstat(void)
{
  struct file *f;
  uint64 st;

  argaddr(1, &st);
  if(argfd(0, 0, &f) < 0)
    return -1;
  return filestat(f, st);
}

// link(old, new): give the file at old a second name, new. Returns 0, or
// -1 if old is missing or a directory or already has MAXNLINK links, or new
// exists or is on another device.
uint64
sys_link(void)
{
  char old[MAXPATH], new[MAXPATH], name[DIRSIZ];
  struct inode *ip, *dp;

  if(argstr(0, old, MAXPATH) < 0 || argstr(1, new, MAXPATH) < 0)
    return -1;

  begin_op();
  if((ip = namei(old)) == 0){
    end_op();
    return -1;
  }
  ilock(ip);
  if(ip->type == T_DIR || ip->nlink >= MAXNLINK){
    iunlockput(ip);
    end_op();
    return -1;
  }
  // Count the new link first: a crash then leaves one link too many,
  // never a name pointing at a freed inode.
  ip->nlink++;
  iupdate(ip);
  iunlock(ip);

  if((dp = nameiparent(new, name)) != 0){
    ilock(dp);
    if(dp->dev == ip->dev && dirlink(dp, name, ip->inum) == 0){
      iunlockput(dp);
      iput(ip);
      end_op();
      return 0;
    }
    iunlockput(dp);
  }

  ilock(ip);
  ip->nlink--;
  iupdate(ip);
  iunlockput(ip);
  end_op();
  return -1;
}

// Returns 1 if directory dp holds nothing but "." and "..". Caller holds
// dp->lock.
static int
dir_is_empty(struct inode *dp)
{
  struct dirent de;
  uint off;

  for(off = 2 * sizeof(de); off < dp->size; off += sizeof(de)){
    if(readi(dp, 0, (uintptr)&de, off, sizeof(de)) != sizeof(de))
      panic("dir_is_empty: short directory read");
    if(de.inum != 0)
      return 0;
  }
  return 1;
}

// Remove directory entry name (at byte offset off) from dp, whose inode
// is ip; both locked. Inside a transaction.
static void
remove_entry(struct inode *dp, struct inode *ip, uint off)
{
  struct dirent de;

  memset(&de, 0, sizeof(de));
  if(writei(dp, 0, (uintptr)&de, off, sizeof(de)) != sizeof(de))
    panic("unlink: cannot clear directory entry");
  if(ip->type == T_DIR){
    dp->nlink--;   // ip's ".." no longer refers to dp
    iupdate(dp);
  }
  ip->nlink--;
  iupdate(ip);
}

// unlink(path): remove a name; the file goes when its last name and last
// open reference are gone. Returns 0, or -1 for a missing name, ".", ".."
// or a non-empty directory.
uint64
sys_unlink(void)
{
  char path[MAXPATH], name[DIRSIZ];
  struct inode *dp, *ip;
  uint off;

  if(argstr(0, path, MAXPATH) < 0)
    return -1;

  begin_op();
  if((dp = nameiparent(path, name)) == 0){
    end_op();
    return -1;
  }
  ilock(dp);
  if(namecmp(name, ".") == 0 || namecmp(name, "..") == 0 ||
      (ip = dirlookup(dp, name, &off)) == 0){
    iunlockput(dp);
    end_op();
    return -1;
  }
  // Parent before child: the lock order used everywhere.
  ilock(ip);
  if(ip->nlink < 1)
    panic("unlink: inode with no links");
  if(ip->type == T_DIR && !dir_is_empty(ip)){
    iunlockput(ip);
    iunlockput(dp);
    end_op();
    return -1;
  }
  remove_entry(dp, ip, off);
  iunlockput(dp);
  iunlockput(ip);
  end_op();
  return 0;
}

// Create a file of the given type at path, or, for T_FILE, open an
// existing file or device there. Returns the inode locked and referenced,
// or 0 on failure. Inside a transaction.
static struct inode *
create(char *path, short type, short major, short minor)
{
  char name[DIRSIZ];
  struct inode *dp, *ip;

  if((dp = nameiparent(path, name)) == 0)
    return 0;
  ilock(dp);

  if((ip = dirlookup(dp, name, 0)) != 0){
    iunlockput(dp);
    ilock(ip);
    if(type == T_FILE && (ip->type == T_FILE || ip->type == T_DEVICE))
      return ip;
    iunlockput(ip);
    return 0;
  }

  // A new directory's ".." is one more link to dp.
  if(type == T_DIR && dp->nlink >= MAXNLINK){
    iunlockput(dp);
    return 0;
  }
  if((ip = ialloc(dp->dev, type)) == 0){
    iunlockput(dp);
    return 0;
  }
  ilock(ip);
  ip->major = major;
  ip->minor = minor;
  ip->nlink = 1;
  iupdate(ip);

  if(type == T_DIR){
    // "." is not counted in ip->nlink, to avoid a cycle of counts.
    if(dirlink(ip, ".", ip->inum) < 0 || dirlink(ip, "..", dp->inum) < 0)
      goto fail;
  }
  if(dirlink(dp, name, ip->inum) < 0)
    goto fail;
  if(type == T_DIR){
    dp->nlink++;   // for ip's ".."
    iupdate(dp);
  }
  iunlockput(dp);
  return ip;

fail:
  // Nothing names ip yet: dropping its only link frees it in iput.
  ip->nlink = 0;
  iupdate(ip);
  iunlockput(ip);
  iunlockput(dp);
  return 0;
}

// Open the inode at path with mode omode (O_RDONLY, O_WRONLY, O_RDWR, plus
// O_CREATE and O_TRUNC). Returns a locked inode or 0. Inside a transaction.
static struct inode *
open_inode(char *path, int omode)
{
  struct inode *ip;

  if(omode & O_CREATE)
    return create(path, T_FILE, 0, 0);
  if((ip = namei(path)) == 0)
    return 0;
  ilock(ip);
  if(ip->type == T_DIR && (omode & (O_WRONLY | O_RDWR))){
    iunlockput(ip);
    return 0;
  }
  return ip;
}

// open(path, omode): open (O_CREATE: create if missing; O_TRUNC: empty a
// regular file) with O_RDONLY, O_WRONLY or O_RDWR access. Directories may
// only be opened read-only. Returns the new descriptor or -1.
uint64
sys_open(void)
{
  char path[MAXPATH];
  int omode, fd;
  struct file *f;
  struct inode *ip;

  argint(1, &omode);
  if(argstr(0, path, MAXPATH) < 0)
    return -1;

  begin_op();
  if((ip = open_inode(path, omode)) == 0){
    end_op();
    return -1;
  }
  if(ip->type == T_DEVICE && (ip->major < 0 || ip->major >= NDEV))
    goto fail;
  if((f = filealloc()) == 0)
    goto fail;
  if((fd = fdalloc(f)) < 0){
    fileclose(f);
    goto fail;
  }

  if(ip->type == T_DEVICE){
    f->type = FD_DEVICE;
    f->major = ip->major;
  } else {
    f->type = FD_INODE;
    f->off = 0;
  }
  f->ip = ip;
  f->readable = !(omode & O_WRONLY);
  f->writable = (omode & O_WRONLY) || (omode & O_RDWR);
  if((omode & O_TRUNC) && ip->type == T_FILE)
    itrunc(ip);

  iunlock(ip);
  end_op();
  return fd;

fail:
  iunlockput(ip);
  end_op();
  return -1;
}

// mkdir(path): create an empty directory. Returns 0, or -1 if path exists
// or its parent does not.
uint64
sys_mkdir(void)
{
  char path[MAXPATH];
  struct inode *ip;

  if(argstr(0, path, MAXPATH) < 0)
    return -1;
  begin_op();
  if((ip = create(path, T_DIR, 0, 0)) == 0){
    end_op();
    return -1;
  }
  iunlockput(ip);
  end_op();
  return 0;
}

// mknod(path, major, minor): create a device file. The inode keeps major
// and minor as shorts, as user.h declares them, but the call passes ints:
// a number that does not fit a short is refused, not cut down to another
// device's (65537 would be 1, the console). Negative numbers fit and are
// kept, as xv6 keeps them (open() refuses a major outside [0, NDEV)).
// Returns 0, or -1 with nothing created.
uint64
sys_mknod(void)
{
  char path[MAXPATH];
  int major, minor;
  struct inode *ip;

  argint(1, &major);
  argint(2, &minor);
  if(major != (short)major || minor != (short)minor)
    return -1;
  if(argstr(0, path, MAXPATH) < 0)
    return -1;
  begin_op();
  if((ip = create(path, T_DEVICE, major, minor)) == 0){
    end_op();
    return -1;
  }
  iunlockput(ip);
  end_op();
  return 0;
}

// chdir(path): make the directory at path the current one. Returns 0 or -1.
uint64
sys_chdir(void)
{
  char path[MAXPATH];
  struct inode *ip;
  struct proc *p = myproc();

  if(argstr(0, path, MAXPATH) < 0)
    return -1;
  begin_op();
  if((ip = namei(path)) == 0){
    end_op();
    return -1;
  }
  ilock(ip);
  if(ip->type != T_DIR){
    iunlockput(ip);
    end_op();
    return -1;
  }
  iunlock(ip);
  if(p->cwd)
    iput(p->cwd);
  end_op();
  p->cwd = ip;
  return 0;
}

// Free the kalloc'ed strings of a 0-terminated kernel argv.
static void
free_argv(char **argv)
{
  int i;

  for(i = 0; i < MAXARG && argv[i]; i++)
    kfree(argv[i]);
}

// exec(path, argv): copy the path and the argument strings (each into its
// own page) out of user memory and hand them to kexec(). At most MAXARG-1
// arguments fit, with the terminating null pointer in the last slot.
// Returns what kexec() returns (argc), or -1 on any bad pointer, argv a
// null pointer included (address 0 is the program's text, which would
// otherwise be read as an argv).
uint64
sys_exec(void)
{
  char path[MAXPATH];
  char *argv[MAXARG];
  uint64 uargv, uarg;
  int i, ret = -1;

  argaddr(1, &uargv);
  if(uargv == 0 || argstr(0, path, MAXPATH) < 0)
    return -1;

  memset(argv, 0, sizeof(argv));
  for(i = 0; ; i++){
    if(i >= MAXARG)
      goto out;   // no null pointer within MAXARG entries
    if(fetchaddr(uargv + sizeof(uintptr) * i, &uarg) < 0)   // user pointers are pointer-sized
      goto out;
    if(uarg == 0)
      break;
    if((argv[i] = kalloc()) == 0)
      goto out;
    if(fetchstr(uarg, argv[i], PGSIZE) < 0)
      goto out;
  }
  ret = kexec(path, argv);
  VMCHECK("exec");

out:
  free_argv(argv);
  return ret;
}

// pipe(fds): create a pipe and store its read and write descriptors in the
// two ints at user address fds. Returns 0, or -1 (nothing left open).
uint64
sys_pipe(void)
{
  uint64 fdarray;
  struct file *rf, *wf;
  int fd0, fd1;
  struct proc *p = myproc();

  argaddr(0, &fdarray);
  if(pipealloc(&rf, &wf) < 0)
    return -1;
  fd0 = fdalloc(rf);
  fd1 = fd0 < 0 ? -1 : fdalloc(wf);
  if(fd1 < 0)
    goto fail;
  if(copyout(p->pagetable, fdarray, (char*)&fd0, sizeof(fd0)) < 0 ||
      copyout(p->pagetable, fdarray + sizeof(fd0), (char*)&fd1,
              sizeof(fd1)) < 0)
    goto fail;
  return 0;

fail:
  if(fd0 >= 0)
    p->ofile[fd0] = 0;
  if(fd1 >= 0)
    p->ofile[fd1] = 0;
  fileclose(rf);
  fileclose(wf);
  return -1;
}
