// filetest: tests of the file system calls (open, read, write, close, dup,
// fstat, link, unlink, mkdir, chdir, mknod), with bad fds and pointers.
// `filetest NAME...` runs some cases. Works in the current directory.
#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/fcntl.h"
#include "kernel/fs.h"
#include "kernel/param.h"
#include "kernel/memlayout.h"
#include "user/user.h"
#include "user/testlib.h"

// Create (or truncate) name and write n bytes of s to it.
// Returns 0, or -1 on any error.
static int
makefile(const char *name, const char *s, int n)
{
  int fd = open(name, O_CREATE | O_TRUNC | O_WRONLY);
  if(fd < 0)
    return -1;
  int w = write(fd, s, n);
  close(fd);
  return w == n ? 0 : -1;
}

// Returns the size of the file name, or -1 if it cannot be stat()ed.
static int
filesize(const char *name)
{
  struct stat st;
  if(stat(name, &st) < 0)
    return -1;
  return st.size;
}

// What was written can be read back; read() at the end returns 0; the
// file exists after close.
static int
test_createrw(void)
{
  char buf[64];
  int fd = open("ft.a", O_CREATE | O_RDWR);
  if(fd < 0)
    return fail("open O_CREATE");
  if(write(fd, "hello, ", 7) != 7 || write(fd, "world", 5) != 5)
    return fail("write");
  close(fd);
  fd = open("ft.a", O_RDONLY);
  if(fd < 0)
    return fail("reopen");
  int n = read(fd, buf, sizeof(buf));
  int eof = read(fd, buf + 20, sizeof(buf) - 20);
  close(fd);
  unlink("ft.a");
  if(n != 12 || memcmp(buf, "hello, world", 12) != 0)
    return failn("bytes read back", 12, n);
  if(eof != 0)
    return failn("read at end of file", 0, eof);
  if(open("ft.a", O_RDONLY) != -1)
    return fail("file still there after unlink");
  if(open("ft.nosuch", O_RDONLY) != -1)
    return fail("open of a missing file without O_CREATE");
  return 0;
}

// O_TRUNC empties a file; O_CREATE of an existing file keeps its data.
static int
test_trunc(void)
{
  if(makefile("ft.t", "0123456789", 10) < 0)
    return fail("create");
  int fd = open("ft.t", O_CREATE | O_RDWR);
  close(fd);
  if(filesize("ft.t") != 10)
    return failn("size after O_CREATE of an existing file", 10, filesize("ft.t"));
  fd = open("ft.t", O_WRONLY | O_TRUNC);
  if(fd < 0)
    return fail("open O_TRUNC");
  write(fd, "ab", 2);
  close(fd);
  int size = filesize("ft.t");
  unlink("ft.t");
  if(size != 2)
    return failn("size after O_TRUNC and 2 bytes", 2, size);
  return 0;
}

// Read-only and write-only descriptors refuse the other direction.
static int
test_modes(void)
{
  char c;
  if(makefile("ft.m", "x", 1) < 0)
    return fail("create");
  int r = open("ft.m", O_RDONLY);
  int w = open("ft.m", O_WRONLY);
  int bad = (write(r, "y", 1) != -1) || (read(w, &c, 1) != -1);
  int ok = read(r, &c, 1) == 1 && c == 'x' && write(w, "z", 1) == 1;
  close(r);
  close(w);
  unlink("ft.m");
  if(bad)
    return fail("write to O_RDONLY or read from O_WRONLY did not return -1");
  if(!ok)
    return fail("allowed direction failed");
  if(open("/", O_WRONLY) != -1 || open("/", O_RDWR) != -1)
    return fail("directory opened for writing");
  return 0;
}

// Each open() has its own offset; dup() shares one; fds are the lowest
// free numbers.
static int
test_dup(void)
{
  char buf[8];
  if(makefile("ft.d", "abcdef", 6) < 0)
    return fail("create");
  int a = open("ft.d", O_RDONLY);
  int b = open("ft.d", O_RDONLY);
  int c = dup(a);
  if(a < 0 || b < 0 || c < 0)
    return fail("open/dup");
  if(c != b + 1)
    return failn("dup's fd is the lowest free one", b + 1, c);
  read(a, buf, 2);                         // "ab"
  int n = read(c, buf, 2);                 // shares a's offset: "cd"
  int m = read(b, buf + 2, 2);             // its own offset: "ab"
  close(a);
  int k = read(c, buf + 4, 2);             // still open through c: "ef"
  close(b);
  close(c);
  unlink("ft.d");
  if(n != 2 || m != 2 || k != 2 || memcmp(buf, "cdabef", 6) != 0)
    return fail("offsets of open() and dup() descriptors");
  int fd = open("ft.d2", O_CREATE | O_RDWR);
  close(fd);
  int fd2 = open("ft.d2", O_RDWR);
  close(fd2);
  unlink("ft.d2");
  if(fd2 != fd)
    return failn("a closed fd is reused", fd, fd2);
  return 0;
}

// fstat reports type, size and link count for files, directories and
// the console device.
static int
test_fstat(void)
{
  struct stat st;
  if(makefile("ft.s", "12345", 5) < 0)
    return fail("create");
  int fd = open("ft.s", O_RDONLY);
  int r = fstat(fd, &st);
  close(fd);
  unlink("ft.s");
  if(r != 0 || st.type != T_FILE || st.size != 5 || st.nlink != 1)
    return fail("fstat of a 5-byte file");
  fd = open(".", O_RDONLY);
  r = fstat(fd, &st);
  close(fd);
  if(r != 0 || st.type != T_DIR || st.size == 0)
    return fail("fstat of .");
  if(fstat(1, &st) != 0 || st.type != T_DEVICE)
    return fail("fstat of fd 1 (the console)");
  return 0;
}

// link() gives a second name to the same inode; unlink() removes one
// name; the data lives while a name or an open fd remains.
static int
test_link(void)
{
  struct stat st1, st2;
  char buf[8];
  if(makefile("ft.l1", "linked", 6) < 0)
    return fail("create");
  if(link("ft.l1", "ft.l2") != 0)
    return fail("link");
  if(link("ft.l1", "ft.l2") != -1)
    return fail("link to an existing name");
  if(link("ft.nosuch", "ft.l3") != -1)
    return fail("link of a missing file");
  if(stat("ft.l1", &st1) < 0 || stat("ft.l2", &st2) < 0)
    return fail("stat");
  if(st1.ino != st2.ino || st1.nlink != 2)
    return failn("nlink of a file with two names", 2, st1.nlink);
  if(unlink("ft.l1") != 0)
    return fail("unlink");
  int fd = open("ft.l2", O_RDONLY);
  if(unlink("ft.l2") != 0)
    return fail("unlink of the second name");
  int n = read(fd, buf, sizeof(buf));     // open fd keeps the inode
  close(fd);
  if(n != 6 || memcmp(buf, "linked", 6) != 0)
    return fail("data through the second name / open fd after unlink");
  if(unlink("ft.l2") != -1)
    return fail("unlink of a missing name");
  if(link(".", "ft.dirlink") != -1){
    unlink("ft.dirlink");
    return fail("link of a directory");
  }
  return 0;
}

// mkdir, chdir, relative paths and "..", and what a directory refuses.
static int
test_dirs(void)
{
  struct stat st;
  if(mkdir("ft.dir") != 0)
    return fail("mkdir");
  if(mkdir("ft.dir") != -1)
    return fail("mkdir of an existing name");
  if(chdir("ft.dir") != 0)
    return fail("chdir");
  if(makefile("inner", "in", 2) < 0)
    return fail("create in the new directory");
  if(mkdir("sub") != 0 || chdir("sub") != 0 || chdir("../..") != 0)
    return fail("mkdir sub; chdir sub; chdir ../..");
  if(stat("ft.dir/inner", &st) < 0 || st.size != 2)
    return fail("file through a relative path");
  if(stat("ft.dir/sub/../inner", &st) < 0)
    return fail("path with ..");
  if(unlink("ft.dir") != -1)
    return fail("unlink of a non-empty directory");
  if(chdir("ft.dir/inner") != -1)
    return fail("chdir to a file");
  if(chdir("ft.nosuch") != -1)
    return fail("chdir to a missing directory");
  if(open("ft.dir/inner/x", O_CREATE | O_RDWR) != -1)
    return fail("create under a file");
  if(unlink("ft.dir/sub/.") != -1 || unlink("ft.dir/sub/..") != -1)
    return fail("unlink of . or ..");
  if(unlink("ft.dir/inner") != 0 || unlink("ft.dir/sub") != 0 || unlink("ft.dir") != 0)
    return fail("unlink the emptied tree");
  if(stat("ft.dir", &st) != -1)
    return fail("directory still there");
  return 0;
}

// A directory reads as struct dirent records, starting with . and ..
static int
test_dirent(void)
{
  struct dirent de;
  int dot = 0, dotdot = 0, found = 0;
  if(mkdir("ft.de") != 0 || makefile("ft.de/member", "", 0) < 0)
    return fail("mkdir/create");
  int fd = open("ft.de", O_RDONLY);
  while(read(fd, &de, sizeof(de)) == sizeof(de)){
    if(de.inum == 0)
      continue;
    if(strcmp(de.name, ".") == 0)
      dot = 1;
    else if(strcmp(de.name, "..") == 0)
      dotdot = 1;
    else if(strcmp(de.name, "member") == 0)
      found = 1;
  }
  close(fd);
  unlink("ft.de/member");
  unlink("ft.de");
  if(!dot || !dotdot || !found)
    return fail("., .. or the new entry missing from the directory");
  return 0;
}

// mknod makes a device file; opening it reaches the device.
static int
test_mknod(void)
{
  struct stat st;
  if(mknod("ft.cons", 1, 0) != 0)
    return fail("mknod");
  int fd = open("ft.cons", O_WRONLY);
  int r = fstat(fd, &st);
  close(fd);
  unlink("ft.cons");
  if(fd < 0 || r != 0 || st.type != T_DEVICE)
    return fail("device file does not fstat as T_DEVICE");
  if(mknod("ft.cons", 1, 0) != 0 || unlink("ft.cons") != 0)
    return fail("mknod after unlink");
  return 0;
}

// mknod through the usual stub, with the int arguments the system call
// itself takes (user.h declares them short).
int mknodint(const char *path, int major, int minor) __asm__("mknod");

// A major or minor that does not fit the inode's short is refused, with
// nothing created: 65537 must not become major 1, the console. Every
// short, negative ones too, is taken. (unlink tells whether the name
// was made: stat cannot, since open() refuses majors outside [0, NDEV).)
static int
test_mknodrange(void)
{
  static const int bad[] = { 65537, 32768, -32769, 0x7fffffff, -0x7fffffff - 1 };
  static const int good[] = { 32767, -32768, -1 };

  for(int i = 0; i < NELEM(bad); i++){
    int r1 = mknodint("ft.nod", bad[i], 0);
    int u1 = unlink("ft.nod");
    int r2 = mknodint("ft.nod", 1, bad[i]);
    int u2 = unlink("ft.nod");
    if(r1 != -1 || u1 != -1)
      return failn("mknod did not fail (or made a name): major", -1, bad[i]);
    if(r2 != -1 || u2 != -1)
      return failn("mknod did not fail (or made a name): minor", -1, bad[i]);
  }
  for(int i = 0; i < NELEM(good); i++)
    if(mknodint("ft.nod", good[i], good[i]) != 0 || unlink("ft.nod") != 0)
      return failn("mknod or the unlink after it failed: major = minor", 0, good[i]);
  return 0;
}

// The empty path names nothing, as on Linux (ENOENT): open() with any
// flags, stat, mkdir, mknod, unlink, link (either name), chdir and exec
// of "" all return -1.
static int
test_emptypath(void)
{
  static const int modes[] = {
    O_RDONLY, O_WRONLY, O_RDWR, O_CREATE | O_RDONLY, O_CREATE | O_RDWR,
    O_CREATE | O_WRONLY | O_TRUNC, O_RDWR | O_TRUNC,
  };
  char *argv[] = { "", 0 };
  struct stat st;

  for(int i = 0; i < NELEM(modes); i++){
    int fd = open("", modes[i]);
    if(fd >= 0){
      close(fd);
      return failn("open(\"\") did not return -1: flags", -1, modes[i]);
    }
  }
  if(stat("", &st) != -1)
    return fail("stat(\"\")");
  if(mkdir("") != -1 || mknod("", 1, 0) != -1 || unlink("") != -1)
    return fail("mkdir, mknod or unlink of \"\"");
  if(chdir("") != -1)
    return fail("chdir(\"\")");
  if(exec("", argv) != -1)
    return fail("exec(\"\")");
  if(makefile("ft.e", "e", 1) < 0)
    return fail("create");
  int l1 = link("", "ft.e2");
  int l2 = link("ft.e", "");
  int n = stat("ft.e", &st) == 0 ? st.nlink : -1;
  unlink("ft.e2");
  unlink("ft.e");
  if(l1 != -1 || l2 != -1)
    return fail("link from or to \"\"");
  if(n != 1)
    return failn("links of ft.e after the failed links", 1, n);
  return 0;
}

// A file bigger than the direct blocks (it needs the indirect block)
// reads back intact.
static int
test_bigfile(void)
{
  enum { BLOCKS = NDIRECT + 40 };
  char *buf = malloc(BSIZE);
  if(buf == 0)
    return fail("malloc");
  int fd = open("ft.big", O_CREATE | O_TRUNC | O_WRONLY);
  if(fd < 0)
    return fail("create");
  for(int b = 0; b < BLOCKS; b++){
    memset(buf, 'A' + b % 26, BSIZE);
    ((int*)buf)[0] = b;
    if(write(fd, buf, BSIZE) != BSIZE){
      close(fd);
      unlink("ft.big");
      return failn("write of block", b, -1);
    }
  }
  close(fd);
  fd = open("ft.big", O_RDONLY);
  int bad = -1;
  for(int b = 0; b < BLOCKS && bad < 0; b++){
    if(read(fd, buf, BSIZE) != BSIZE || ((int*)buf)[0] != b ||
       buf[BSIZE - 1] != 'A' + b % 26)
      bad = b;
  }
  close(fd);
  int size = filesize("ft.big");
  unlink("ft.big");
  free(buf);
  if(bad >= 0)
    return failn("first bad block", -1, bad);
  if(size != BLOCKS * BSIZE)
    return failn("size", BLOCKS * BSIZE, size);
  return 0;
}

// Opening more than NOFILE files fails with -1; closing makes room.
static int
test_fdlimit(void)
{
  int fds[NOFILE];
  int n = 0, inuse = 0;
  struct stat st;
  for(int fd = 0; fd < NOFILE; fd++)
    if(fstat(fd, &st) == 0)
      inuse++;
  if(makefile("ft.fd", "", 0) < 0)
    return fail("create");
  for(;;){
    int fd = open("ft.fd", O_RDONLY);
    if(fd < 0)
      break;
    if(n == NOFILE){
      close(fd);
      break;
    }
    fds[n++] = fd;
  }
  int extra = open("ft.fd", O_RDONLY);
  int d = dup(0);
  for(int i = 0; i < n; i++)
    close(fds[i]);
  int again = open("ft.fd", O_RDONLY);
  close(again);
  unlink("ft.fd");
  if(n != NOFILE - inuse)
    return failn("files opened beside those already open", NOFILE - inuse, n);
  if(extra != -1 || d != -1)
    return fail("open or dup with every fd in use did not return -1");
  if(again < 0)
    return fail("open after closing");
  return 0;
}

// Bad file descriptors return -1.
static int
test_badfd(void)
{
  char buf[4];
  struct stat st;
  int fds[] = { -1, NOFILE, NOFILE + 1, 1000000, 12 };
  for(int i = 0; i < NELEM(fds); i++){
    int fd = fds[i];
    if(read(fd, buf, 1) != -1 || write(fd, "x", 1) != -1 || close(fd) != -1 ||
       fstat(fd, &st) != -1 || dup(fd) != -1)
      return failn("a call on a bad fd did not return -1: fd", -1, fd);
  }
  return 0;
}

// Path and buffer arguments that are bad pointers return -1.
static int
test_badptr(void)
{
  char *k = (char*)KERNBASE;
  char *unmapped = (char*)UNMAPPED_VA;
  if(open(k, O_RDONLY) != -1 || open(unmapped, O_CREATE | O_RDWR) != -1)
    return fail("open with a bad path pointer");
  if(mkdir(k) != -1 || chdir(unmapped) != -1 || unlink(k) != -1 ||
     mknod(unmapped, 1, 0) != -1)
    return fail("mkdir/chdir/unlink/mknod with a bad path pointer");
  if(makefile("ft.p", "data", 4) < 0)
    return fail("create");
  if(link(k, "ft.q") != -1 || link("ft.p", unmapped) != -1)
    return fail("link with a bad path pointer");
  int fd = open("ft.p", O_RDWR);
  int r1 = read(fd, k, 4);
  int r2 = read(fd, unmapped, 4);
  int w1 = write(fd, k, 4);
  int w2 = write(fd, unmapped, 4);
  int f1 = fstat(fd, (struct stat*)k);
  close(fd);
  int size = filesize("ft.p");
  unlink("ft.p");
  if(r1 != -1 || r2 != -1)
    return fail("read into a bad pointer");
  if(w1 != -1 || w2 != -1)
    return fail("write from a bad pointer");
  if(f1 != -1)
    return fail("fstat into a bad pointer");
  if(size != 4)
    return failn("file size after the failed writes", 4, size);
  return 0;
}

static const struct testcase tests[] = {
  { "createrw", test_createrw },
  { "trunc",    test_trunc },
  { "modes",    test_modes },
  { "dup",      test_dup },
  { "fstat",    test_fstat },
  { "link",     test_link },
  { "dirs",     test_dirs },
  { "dirent",   test_dirent },
  { "mknod",    test_mknod },
  { "mknodrange", test_mknodrange },
  { "emptypath", test_emptypath },
  { "bigfile",  test_bigfile },
  { "fdlimit",  test_fdlimit },
  { "badfd",    test_badfd },
  { "badptr",   test_badptr },
};

// Run the cases named in argv (all if none). Returns 0 if all passed, else 1.
int
main(int argc, char **argv)
{
  return runtests(tests, NELEM(tests), argc, argv,
                  "ALL TESTS PASSED", "SOME TESTS FAILED");
}
