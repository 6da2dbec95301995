// find: print every path under a directory whose last element is the
// given name: `find DIR NAME` (xv6 lab exercise).
#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/fs.h"
#include "kernel/fcntl.h"
#include "user/user.h"

// Return the part of path after its last '/'.
char*
basename(char *path)
{
  char *p = path + strlen(path);
  while(p > path && *(p-1) != '/')
    p--;
  return p;
}

// Print path if its last element is name, and if it is a directory,
// look inside it (but not in . or ..).
void
find(char *path, char *name)
{
  char buf[512], *p;
  int fd;
  struct dirent de;
  struct stat st;

  if((fd = open(path, O_RDONLY)) < 0){
    fprintf(2, "find: cannot open %s\n", path);
    return;
  }
  if(fstat(fd, &st) < 0){
    fprintf(2, "find: cannot stat %s\n", path);
    close(fd);
    return;
  }
  if(strcmp(basename(path), name) == 0)
    printf("%s\n", path);
  if(st.type != T_DIR){
    close(fd);
    return;
  }
  if(strlen(path) + 1 + DIRSIZ + 1 > sizeof(buf)){
    fprintf(2, "find: path too long\n");
    close(fd);
    return;
  }
  strcpy(buf, path);
  p = buf + strlen(buf);
  *p++ = '/';
  while(read(fd, &de, sizeof(de)) == sizeof(de)){
    if(de.inum == 0)
      continue;
    memmove(p, de.name, DIRSIZ);
    p[DIRSIZ] = 0;
    if(strcmp(p, ".") == 0 || strcmp(p, "..") == 0)
      continue;
    find(buf, name);
  }
  close(fd);
}

// find DIR NAME. Exits 0, or 1 on a usage error.
int
main(int argc, char *argv[])
{
  if(argc != 3){
    fprintf(2, "usage: find dir name\n");
    exit(1);
  }
  find(argv[1], argv[2]);
  exit(0);
}
