// ls: list directories (one line per entry) and files. Each line holds
// the name padded to DIRSIZ, then type, inode number and size in bytes.
#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/fs.h"
#include "kernel/fcntl.h"
#include "user/user.h"

#define PATH_BYTES 512   // longest path ls builds, in bytes

// The last element of path, padded with spaces to DIRSIZ. Points into a
// static buffer, or into path itself when the name is DIRSIZ or longer.
static const char*
fmtname(const char *path)
{
  static char name[DIRSIZ + 1];
  const char *p = path + strlen(path);
  int n;

  while(p > path && p[-1] != '/')
    p--;
  n = strlen(p);
  if(n >= DIRSIZ)
    return p;
  memmove(name, p, n);
  memset(name + n, ' ', DIRSIZ - n);
  name[DIRSIZ] = '\0';
  return name;
}

static void
show(const char *path, struct stat *st)
{
  printf("%s %d %d %llu\n", fmtname(path), st->type, st->ino, (unsigned long long)st->size);
}

// Print one line per entry of the directory open as fd, named path.
static void
lsdir(const char *path, int fd)
{
  char buf[PATH_BYTES], *p;
  struct dirent de;
  struct stat st;

  if(strlen(path) + 1 + DIRSIZ + 1 > sizeof(buf)){
    fprintf(2, "ls: path too long\n");
    return;
  }
  strcpy(buf, path);
  p = buf + strlen(buf);
  *p++ = '/';
  while(read(fd, &de, sizeof(de)) == sizeof(de)){
    if(de.inum == 0)
      continue;
    memmove(p, de.name, DIRSIZ);
    p[DIRSIZ] = '\0';
    if(stat(buf, &st) < 0){
      fprintf(2, "ls: cannot stat %s\n", buf);
      continue;
    }
    show(buf, &st);
  }
}

static void
ls(const char *path)
{
  struct stat st;
  int fd;

  if((fd = open(path, O_RDONLY)) < 0){
    fprintf(2, "ls: cannot open %s\n", path);
    return;
  }
  if(fstat(fd, &st) < 0){
    fprintf(2, "ls: cannot stat %s\n", path);
    close(fd);
    return;
  }
  if(st.type == T_DIR)
    lsdir(path, fd);
  else
    show(path, &st);
  close(fd);
}

int
main(int argc, char *argv[])
{
  int i;

  if(argc < 2){
    ls(".");
    exit(0);
  }
  for(i = 1; i < argc; i++)
    ls(argv[i]);
  exit(0);
}
