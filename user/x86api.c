// x86api: xv6-public's user API (user/xv6public/user.h), each call used
// the way xv6-public's own programs use it: fork/exit/wait, pipes, kill,
// exec, open's modes, mknod, unlink, stat and fstat (every field of
// xv6-public's struct stat), link, mkdir/chdir, dup, getpid, sbrk and
// getNumFreePages, sleep and uptime; and its library: strcpy, memmove,
// strchr, strcmp, gets, strlen, memset, malloc/free, atoi and
// printf(fd, ...). Prints "test NAME: OK" or "test NAME: FAILED why" per
// case (cowos' harness, user/testlib.h); `x86api NAME...` runs some.
#include "types.h"
#include "stat.h"
#include "user.h"
#include "fcntl.h"
#include "fs.h"
#include "param.h"
#include "mmu.h"
#include "user/testlib.h"

char buf[8192];

// Create file path holding the n bytes at p. Returns 0 or -1.
int
mkfile(char *path, char *p, int n)
{
  int fd, w;

  fd = open(path, O_CREATE|O_RDWR);
  if(fd < 0)
    return -1;
  w = write(fd, p, n);
  close(fd);
  return w == n ? 0 : -1;
}

// Make a pipe and fork. In the child *fd is the pipe's write end, in
// the parent its read end; each closes the other end. Returns fork()'s
// result, or -1 if pipe() or fork() failed.
int
forkpipe(int *fd)
{
  int p[2], pid;

  if(pipe(p) != 0)
    return -1;
  pid = fork();
  if(pid < 0){
    close(p[0]);
    close(p[1]);
    return -1;
  }
  close(pid == 0 ? p[0] : p[1]);
  *fd = pid == 0 ? p[1] : p[0];
  return pid;
}

// Several children exit; wait() returns each of their pids once, then
// -1 when there are none left.
int
forkwaits(void)
{
  int pids[3], i, j, pid, seen;

  for(i = 0; i < 3; i++){
    pids[i] = fork();
    if(pids[i] < 0)
      return fail("fork");
    if(pids[i] == 0)
      exit();
  }
  seen = 0;
  for(i = 0; i < 3; i++){
    pid = wait();
    for(j = 0; j < 3; j++)
      if(pids[j] == pid)
        break;
    if(j == 3)
      return failn("wait returned a pid that is not a child's", pids[0], pid);
    if(seen & (1 << j))
      return failn("wait returned a pid twice", -1, pid);
    seen |= 1 << j;
  }
  if((pid = wait()) != -1)
    return failn("wait with no children", -1, pid);
  return 0;
}

// A child writes more than a pipe holds; the parent reads all of it, in
// order, then end of file (0) once the child has exited.
int
pipes(void)
{
  enum { N = 5000 };
  int fd, pid, i, n;
  char c;

  if((pid = forkpipe(&fd)) < 0)
    return fail("pipe or fork");
  if(pid == 0){
    for(i = 0; i < N; i++)
      buf[i] = i % 251;
    if(write(fd, buf, N) != N)
      printf(2, "x86api: pipe write failed\n");
    exit();
  }
  memset(buf, 0, N);
  n = readn(fd, buf, N);
  if(n != N)
    return failn("bytes through the pipe", N, n);
  for(i = 0; i < N; i++)
    if((uchar)buf[i] != i % 251)
      return failn("byte through the pipe", i % 251, (uchar)buf[i]);
  if(wait() != pid)
    return fail("wait did not return the writer");
  if((n = read(fd, &c, 1)) != 0)
    return failn("read at end of file", 0, n);
  close(fd);
  if(write(fd, "x", 1) != -1)
    return fail("write to a closed fd succeeded");
  return 0;
}

// kill() of a child sleeping in sleep(): it dies at once and wait()
// returns it; kill() of a pid no process has returns -1.
int
killsleeper(void)
{
  int fd, pid, t0, t1, n;
  char c;

  if((pid = forkpipe(&fd)) < 0)
    return fail("pipe or fork");
  if(pid == 0){
    write(fd, "s", 1);
    sleep(1000);
    write(fd, "w", 1);   // only if it woke up by itself
    exit();
  }
  if(read(fd, &c, 1) != 1)
    return fail("the child did not start");
  sleep(2);
  t0 = uptime();
  if(kill(pid) != 0)
    return fail("kill of a sleeping child");
  if((n = wait()) != pid)
    return failn("wait after kill", pid, n);
  t1 = uptime();
  if(t1 - t0 > 500)
    return failn("ticks from kill to wait (at most 500)", 500, t1 - t0);
  if(read(fd, &c, 1) != 0)
    return fail("the killed child ran on after its sleep");
  close(fd);
  if((n = kill(pid)) != -1)
    return failn("kill of a reaped pid", -1, n);
  return 0;
}

// exec() of echo with an argv, in a child whose fd 1 is a file: the file
// then holds echo's output. exec() of a missing file returns -1.
int
exececho(void)
{
  char *argv[] = { "echo", "x86api", "exec", "args", 0 };
  char *want = "x86api exec args\n";
  int pid, fd, n;

  unlink("x86a-exec");
  pid = fork();
  if(pid < 0)
    return fail("fork");
  if(pid == 0){
    close(1);
    if(open("x86a-exec", O_CREATE|O_WRONLY) != 1)
      exit();
    exec("echo", argv);
    exit();
  }
  if(wait() != pid)
    return fail("wait");
  fd = open("x86a-exec", O_RDONLY);
  if(fd < 0)
    return fail("the child made no output file");
  memset(buf, 0, 100);
  n = readn(fd, buf, 100);
  close(fd);
  unlink("x86a-exec");
  if(n != strlen(want) || strcmp(buf, want) != 0)
    return fail("echo's output is not its arguments");
  argv[0] = "x86a-nosuchprog";
  if((n = exec("x86a-nosuchprog", argv)) != -1)
    return failn("exec of a missing file", -1, n);
  return 0;
}

// open() with O_CREATE|O_RDWR, O_RDONLY and O_WRONLY: each mode reads
// and writes what it may and nothing else; a missing file without
// O_CREATE fails; close() of a closed fd fails.
int
openmodes(void)
{
  int fd, n;

  unlink("x86a-open");
  if(open("x86a-open", O_RDONLY) != -1)
    return fail("open of a missing file without O_CREATE");
  fd = open("x86a-open", O_CREATE|O_RDWR);
  if(fd < 0)
    return fail("open O_CREATE|O_RDWR");
  if((n = write(fd, "0123456789", 10)) != 10)
    return failn("write O_RDWR", 10, n);
  if(close(fd) != 0)
    return fail("close");
  if(close(fd) != -1)
    return fail("close of a closed fd");

  fd = open("x86a-open", O_RDONLY);
  if(fd < 0)
    return fail("open O_RDONLY");
  if(write(fd, "x", 1) != -1)
    return fail("write to an O_RDONLY fd");
  memset(buf, 0, 20);
  if((n = read(fd, buf, 20)) != 10)
    return failn("read O_RDONLY", 10, n);
  if(strcmp(buf, "0123456789") != 0)
    return fail("read back other bytes");
  if((n = read(fd, buf, 20)) != 0)
    return failn("read at end of file", 0, n);
  close(fd);

  fd = open("x86a-open", O_WRONLY);
  if(fd < 0)
    return fail("open O_WRONLY");
  if(read(fd, buf, 1) != -1)
    return fail("read from an O_WRONLY fd");
  if((n = write(fd, "ab", 2)) != 2)
    return failn("write O_WRONLY", 2, n);
  close(fd);

  fd = open("x86a-open", O_RDONLY);
  memset(buf, 0, 20);
  n = read(fd, buf, 20);
  close(fd);
  if(n != 10 || strcmp(buf, "ab23456789") != 0)
    return fail("O_WRONLY did not overwrite in place");
  if(unlink("x86a-open") != 0)
    return fail("unlink");
  if(open("x86a-open", O_RDONLY) != -1)
    return fail("open after unlink");
  if(unlink("x86a-open") != -1)
    return fail("unlink of a missing file");
  return 0;
}

// stat() and fstat() fill every field of xv6-public's struct stat: a
// file's type, dev, ino, nlink and size (as written), the same through
// both; a directory is T_DIR, the root's ino is ROOTINO; the console is
// T_DEV. fstat() of a closed fd fails and leaves the struct alone.
int
stats(void)
{
  struct stat fs, ss, ds;
  int fd, i;

  unlink("x86a-stat");
  fd = open("x86a-stat", O_CREATE|O_RDWR);
  if(fd < 0)
    return fail("create");
  for(i = 0; i < 1500; i++)
    buf[i] = 'a' + i % 26;
  if(write(fd, buf, 1500) != 1500)
    return fail("write");
  memset(&fs, 0x55, sizeof(fs));
  if(fstat(fd, &fs) != 0)
    return fail("fstat");
  if(fs.type != T_FILE)
    return failn("fstat type", T_FILE, fs.type);
  if(fs.dev != ROOTDEV)
    return failn("fstat dev", ROOTDEV, fs.dev);
  if(fs.ino == 0 || fs.ino == 0x55555555)
    return failn("fstat ino is not set", 1, fs.ino);
  if(fs.nlink != 1)
    return failn("fstat nlink", 1, fs.nlink);
  if(fs.size != 1500)
    return failn("fstat size", 1500, fs.size);

  memset(&ss, 0x55, sizeof(ss));
  if(stat("x86a-stat", &ss) != 0)
    return fail("stat");
  if(ss.type != T_FILE)
    return failn("stat type", T_FILE, ss.type);
  if(ss.dev != fs.dev)
    return failn("stat dev", fs.dev, ss.dev);
  if(ss.ino != fs.ino)
    return failn("stat ino differs from fstat's", fs.ino, ss.ino);
  if(ss.nlink != 1)
    return failn("stat nlink", 1, ss.nlink);
  if(ss.size != 1500)
    return failn("stat size", 1500, ss.size);

  if(write(fd, buf, 700) != 700)
    return fail("second write");
  if(fstat(fd, &fs) != 0 || fs.size != 2200)
    return failn("fstat size after a second write", 2200, fs.size);
  close(fd);
  memset(&ss, 0x55, sizeof(ss));
  if(fstat(fd, &ss) != -1)
    return fail("fstat of a closed fd");
  if(ss.type != 0x5555 || ss.ino != 0x55555555 || ss.size != 0x55555555)
    return fail("a failed fstat wrote to the struct");
  if(stat("x86a-nosuchfile", &ss) != -1)
    return fail("stat of a missing file");

  memset(&ds, 0x55, sizeof(ds));
  if(stat("/", &ds) != 0)
    return fail("stat /");
  if(ds.type != T_DIR)
    return failn("stat / type", T_DIR, ds.type);
  if(ds.ino != ROOTINO)
    return failn("stat / ino", ROOTINO, ds.ino);
  if(ds.dev != fs.dev)
    return failn("stat / dev", fs.dev, ds.dev);
  if(ds.nlink < 1 || ds.nlink == 0x5555)
    return failn("stat / nlink", 1, ds.nlink);
  if(ds.size == 0 || ds.size % sizeof(struct dirent) != 0)
    return failn("stat / size, a number of entries", sizeof(struct dirent), ds.size);

  memset(&ds, 0x55, sizeof(ds));
  if(stat("console", &ds) != 0)
    return fail("stat console");
  if(ds.type != T_DEV)
    return failn("stat console type", T_DEV, ds.type);
  fd = open("console", O_RDWR);
  if(fd < 0)
    return fail("open console");
  memset(&ss, 0x55, sizeof(ss));
  if(fstat(fd, &ss) != 0 || ss.type != T_DEV || ss.ino != ds.ino)
    return fail("fstat of the console: not T_DEV or another ino");
  close(fd);
  unlink("x86a-stat");
  return 0;
}

// mknod() makes a T_DEV node with one link and no size; a second
// mknod() of the name fails; unlink() removes it.
int
mknods(void)
{
  struct stat st;

  unlink("x86a-node");
  if(mknod("x86a-node", 1, 1) != 0)
    return fail("mknod");
  memset(&st, 0x55, sizeof(st));
  if(stat("x86a-node", &st) != 0)
    return fail("stat of the node");
  if(st.type != T_DEV)
    return failn("node type", T_DEV, st.type);
  if(st.nlink != 1)
    return failn("node nlink", 1, st.nlink);
  if(st.size != 0)
    return failn("node size", 0, st.size);
  if(st.ino == 0 || st.ino == 0x55555555)
    return fail("node ino not set");
  if(mknod("x86a-node", 1, 1) != -1)
    return fail("mknod of an existing name");
  if(unlink("x86a-node") != 0)
    return fail("unlink of the node");
  if(stat("x86a-node", &st) != -1)
    return fail("stat after unlink");
  return 0;
}

// link() gives a file a second name: the same ino, nlink 2 through
// either; unlink() of one name leaves the other with nlink 1.
int
links(void)
{
  struct stat a, b;
  int fd, n;

  unlink("x86a-l1");
  unlink("x86a-l2");
  if(mkfile("x86a-l1", "linked", 6) != 0)
    return fail("create");
  if(link("x86a-l1", "x86a-l2") != 0)
    return fail("link");
  if(stat("x86a-l1", &a) != 0 || stat("x86a-l2", &b) != 0)
    return fail("stat");
  if(a.nlink != 2)
    return failn("nlink after link", 2, a.nlink);
  if(b.nlink != 2)
    return failn("nlink of the new name", 2, b.nlink);
  if(a.ino != b.ino)
    return failn("the two names' ino", a.ino, b.ino);
  if(b.size != 6)
    return failn("size through the new name", 6, b.size);
  if(link("x86a-l1", "x86a-l2") != -1)
    return fail("link onto an existing name");
  if(link("x86a-nosuchfile", "x86a-l3") != -1)
    return fail("link of a missing file");
  if(unlink("x86a-l1") != 0)
    return fail("unlink");
  if(stat("x86a-l2", &b) != 0 || b.nlink != 1)
    return failn("nlink after unlink of the other name", 1, b.nlink);
  fd = open("x86a-l2", O_RDONLY);
  memset(buf, 0, 10);
  n = read(fd, buf, 10);
  close(fd);
  if(n != 6 || strcmp(buf, "linked") != 0)
    return fail("content through the second name");
  unlink("x86a-l2");
  return 0;
}

// mkdir() makes a T_DIR of "." and ".." with one link and one more for
// its parent; chdir() into it and back; a non-empty directory cannot be
// unlinked, an empty one can.
int
dirs(void)
{
  struct stat st, dot;
  int nlink0, fd;

  unlink("x86a-dir/f");
  unlink("x86a-dir");
  if(stat(".", &dot) != 0)
    return fail("stat .");
  nlink0 = dot.nlink;
  if(mkdir("x86a-dir") != 0)
    return fail("mkdir");
  if(mkdir("x86a-dir") != -1)
    return fail("mkdir of an existing name");
  memset(&st, 0x55, sizeof(st));
  if(stat("x86a-dir", &st) != 0)
    return fail("stat of the new directory");
  if(st.type != T_DIR)
    return failn("new directory type", T_DIR, st.type);
  if(st.nlink != 1)
    return failn("new directory nlink", 1, st.nlink);
  if(st.size != 2 * sizeof(struct dirent))
    return failn("new directory size (. and ..)", 2 * sizeof(struct dirent), st.size);
  if(stat(".", &dot) != 0 || dot.nlink != nlink0 + 1)
    return failn("parent's nlink after mkdir", nlink0 + 1, dot.nlink);
  if(chdir("x86a-nosuchdir") != -1)
    return fail("chdir to a missing directory");
  if(chdir("x86a-dir") != 0)
    return fail("chdir");
  fd = open("f", O_CREATE|O_RDWR);
  if(fd < 0)
    return fail("create in the new directory");
  close(fd);
  if(stat(".", &st) != 0 || stat("..", &dot) != 0)
    return fail("stat . or .. in the new directory");
  if(chdir("..") != 0)
    return fail("chdir ..");
  if(stat(".", &st) != 0 || st.ino != dot.ino)
    return fail("chdir .. went elsewhere than ..");
  if(stat("x86a-dir/f", &st) != 0 || st.type != T_FILE)
    return fail("the file made after chdir is not in the directory");
  if(unlink("x86a-dir") != -1)
    return fail("unlink of a non-empty directory");
  if(unlink("x86a-dir/f") != 0 || unlink("x86a-dir") != 0)
    return fail("unlink of the file and the directory");
  if(stat(".", &dot) != 0 || dot.nlink != nlink0)
    return failn("parent's nlink after the directory went", nlink0, dot.nlink);
  return 0;
}

// dup() returns a new fd sharing the offset: writes through either land
// one after the other. dup() of a closed fd fails.
int
dups(void)
{
  int fd, fd2, n;

  unlink("x86a-dup");
  fd = open("x86a-dup", O_CREATE|O_RDWR);
  if(fd < 0)
    return fail("create");
  fd2 = dup(fd);
  if(fd2 < 0 || fd2 == fd)
    return failn("dup", fd + 1, fd2);
  if(write(fd, "ab", 2) != 2 || write(fd2, "cd", 2) != 2)
    return fail("write");
  close(fd);
  if(write(fd2, "ef", 2) != 2)
    return fail("write through the dup after the original was closed");
  close(fd2);
  if(dup(fd2) != -1)
    return fail("dup of a closed fd");
  fd = open("x86a-dup", O_RDONLY);
  memset(buf, 0, 10);
  n = read(fd, buf, 10);
  close(fd);
  unlink("x86a-dup");
  if(n != 6 || strcmp(buf, "abcdef") != 0)
    return fail("dup'ed fds do not share the offset");
  return 0;
}

// getpid(): the child's own pid is what fork() returned to the parent,
// and is not the parent's.
int
getpids(void)
{
  int fd, pid, cpid, n;

  if((pid = forkpipe(&fd)) < 0)
    return fail("pipe or fork");
  if(pid == 0){
    cpid = getpid();
    write(fd, &cpid, sizeof(cpid));
    exit();
  }
  cpid = 0;
  n = read(fd, &cpid, sizeof(cpid));
  wait();
  close(fd);
  if(n != sizeof(cpid))
    return fail("no pid from the child");
  if(cpid != pid)
    return failn("child's getpid", pid, cpid);
  if(getpid() <= 0 || getpid() == cpid)
    return failn("parent's getpid", getpid(), cpid);
  return 0;
}

// sbrk() grows the heap by whole pages of memory (getNumFreePages()
// drops by that many), returns the old break, and shrinks it again
// (the pages come back).
int
sbrks(void)
{
  enum { NPG = 10 };
  char *start, *p, *q;
  int free0, free1, free2, i;

  start = sbrk(0);
  free0 = getNumFreePages();
  if(free0 <= NPG)
    return failn("getNumFreePages", NPG + 1, free0);
  p = sbrk(NPG * PGSIZE);
  if(p != start)
    return fail("sbrk did not return the old break");
  if(sbrk(0) != start + NPG * PGSIZE)
    return fail("the break did not move by the size asked");
  free1 = getNumFreePages();
  if(free0 - free1 < NPG || free0 - free1 > NPG + 2)
    return failn("pages sbrk took", NPG, free0 - free1);
  for(i = 0; i < NPG * PGSIZE; i++)
    p[i] = i % 253;
  for(i = 0; i < NPG * PGSIZE; i++)
    if((uchar)p[i] != i % 253)
      return failn("heap byte", i % 253, (uchar)p[i]);
  q = sbrk(-NPG * PGSIZE);
  if(q != start + NPG * PGSIZE)
    return fail("shrinking sbrk did not return the old break");
  if(sbrk(0) != start)
    return fail("the break did not come back");
  free2 = getNumFreePages();
  if(free2 < free0 - 2 || free2 > free0 + 2)
    return failn("free pages after the shrink", free0, free2);
  return 0;
}

// sleep(n) sleeps at least n ticks, as uptime() counts them.
int
sleeps(void)
{
  int t0, t1, r;

  t0 = uptime();
  r = sleep(10);
  t1 = uptime();
  if(r != 0)
    return failn("sleep's result", 0, r);
  if(t1 - t0 < 10)
    return failn("ticks across sleep(10)", 10, t1 - t0);
  if(t1 - t0 > 500)
    return failn("ticks across sleep(10), at most", 500, t1 - t0);
  if(sleep(0) != 0 || uptime() < t1)
    return fail("sleep(0), or uptime went back");
  return 0;
}

// strcpy, strlen, strcmp, strchr, memmove (overlapping, both ways),
// memset and atoi.
int
strings(void)
{
  char s[32];

  if(strcpy(s, "hello") != s || s[5] != 0 || s[0] != 'h' || s[4] != 'o')
    return fail("strcpy");
  if(strlen(s) != 5 || strlen("") != 0)
    return failn("strlen", 5, strlen(s));
  if(strcmp(s, "hello") != 0 || strcmp("abc", "abd") >= 0 ||
     strcmp("abd", "abc") <= 0 || strcmp("ab", "abc") >= 0 || strcmp("", "") != 0)
    return fail("strcmp");
  if(strchr(s, 'l') != s + 2 || strchr(s, 'o') != s + 4 || strchr(s, 'z') != 0)
    return fail("strchr");
  strcpy(s, "0123456789");
  if(memmove(s + 2, s, 5) != s + 2 || strcmp(s, "0101234789") != 0)
    return fail("memmove to a higher overlapping address");
  strcpy(s, "0123456789");
  if(memmove(s, s + 2, 5) != s || strcmp(s, "2345656789") != 0)
    return fail("memmove to a lower overlapping address");
  if(memset(s, 'x', 4) != s || strcmp(s, "xxxx656789") != 0)
    return fail("memset");
  if(atoi("1234") != 1234 || atoi("007") != 7 || atoi("12ab") != 12 || atoi("") != 0)
    return failn("atoi", 1234, atoi("1234"));
  return 0;
}

// gets() reads lines from fd 0: a child reads a pipe dup()ed onto fd 0
// and sends back what each gets() returned (the third call may take 3
// bytes only), then what it returns at end of input (an empty string).
int
getss(void)
{
  char *in = "first line\nsecond\nabcdefgh\n";
  char *want = "first line\n|second\n|abc|defgh\n||";
  int max[] = { 64, 64, 4, 64, 64 };
  int p[2], fd, pid, i, n;
  char line[64];

  // The input fits in the pipe: write it all before the fork.
  if(pipe(p) != 0)
    return fail("pipe");
  write(p[1], in, strlen(in));
  close(p[1]);
  if((pid = forkpipe(&fd)) < 0)
    return fail("pipe or fork");
  if(pid == 0){
    close(0);
    dup(p[0]);
    close(p[0]);
    for(i = 0; i < sizeof(max) / sizeof(max[0]); i++){
      gets(line, max[i]);
      write(fd, line, strlen(line));
      write(fd, "|", 1);
    }
    exit();
  }
  close(p[0]);
  memset(buf, 0, 100);
  n = readn(fd, buf, 100);
  close(fd);
  wait();
  if(n != strlen(want) || strcmp(buf, want) != 0){
    printf(1, "x86api: gets returned \"%s\"\n", buf);
    return fail("gets returned other lines");
  }
  return 0;
}

// malloc() many blocks of many sizes, fill each with its own byte, check
// that none overwrote another, free them all; then a big block; and
// malloc/free in a loop does not grow the heap.
int
mallocs(void)
{
  enum { NB = 300 };
  char *b[NB], *top;
  int i, j, n;

  for(i = 0; i < NB; i++){
    n = 1 + (i * 53) % 700;
    b[i] = malloc(n);
    if(b[i] == 0)
      return failn("malloc", n, 0);
    memset(b[i], i % 256, n);
  }
  for(i = 0; i < NB; i++){
    n = 1 + (i * 53) % 700;
    for(j = 0; j < n; j++)
      if((uchar)b[i][j] != i % 256)
        return failn("a block was overwritten: byte", i % 256, (uchar)b[i][j]);
  }
  for(i = 0; i < NB; i++)
    free(b[i]);
  b[0] = malloc(100000);
  if(b[0] == 0)
    return fail("malloc of 100000 bytes");
  memset(b[0], 1, 100000);
  free(b[0]);
  b[0] = malloc(1000);
  free(b[0]);
  top = sbrk(0);
  for(i = 0; i < 1000; i++){
    b[0] = malloc(1000);
    if(b[0] == 0)
      return fail("malloc in the loop");
    b[0][999] = 1;
    free(b[0]);
  }
  if(sbrk(0) != top)
    return fail("malloc/free in a loop grew the heap: free does not free");
  return 0;
}

// Whether s begins with the string w.
int
begins(char *s, char *w)
{
  while(*w != 0)
    if(*s++ != *w++)
      return 0;
  return 1;
}

// Read hex digits (after an optional 0x) at *s; advance *s past them.
uintptr
gethex(char **s)
{
  uintptr v;
  char *p;

  p = *s;
  if(p[0] == '0' && p[1] == 'x')
    p += 2;
  v = 0;
  for(; (*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f'); p++)
    v = v * 16 + (*p <= '9' ? *p - '0' : *p - 'a' + 10);
  *s = p;
  return v;
}

// printf(fd, ...) to a file: %d (negative, zero, the largest), %x, %p,
// %s, %c, %% and a string longer than any buffer, read back and compared
// with the text expected. %p prints as %x does, as xv6-public's printf
// prints it (no 0x, no leading zeros).
int
printfs(void)
{
  char *want1 = "d=-42 0 2147483647 x=beef ffffffd6 p=";
  char *want2 = " s=hello c=z pct=% end\n";
  char *p, *q;
  int fd, n, i;
  uintptr v;

  unlink("x86a-printf");
  fd = open("x86a-printf", O_CREATE|O_RDWR);
  if(fd < 0)
    return fail("create");
  printf(fd, "d=%d %d %d x=%x %x p=%p s=%s c=%c pct=%% end\n",
         -42, 0, 2147483647, 0xbeef, -42, (void*)&testname, "hello", 'z');
  for(i = 0; i < 300; i++)
    buf[i] = 'A' + i % 26;
  buf[300] = 0;
  printf(fd, "[%s]\n", buf);
  close(fd);
  fd = open("x86a-printf", O_RDONLY);
  memset(buf, 0, 1000);
  n = readn(fd, buf, 999);
  close(fd);
  unlink("x86a-printf");
  if(strlen(buf) != n)
    return fail("the file holds a NUL");
  q = strchr(buf, '\n');
  if(q != 0)
    *q = 0;   // the first line, for the messages
  if(!begins(buf, want1)){
    printf(1, "x86api: printf wrote \"%s\"\n", buf);
    return fail("%d or %x printed other text");
  }
  p = buf + strlen(want1);
  v = gethex(&p);
  if(p == buf + strlen(want1) || v != (uintptr)&testname || buf[strlen(want1)] == '0'){
    printf(1, "x86api: printf wrote \"%s\" for %p of 0x%x\n", buf, (void*)&testname, (uint)(uintptr)&testname);
    return fail("%p printed another address");
  }
  if(q != 0)
    *q = '\n';
  if(!begins(p, want2)){
    printf(1, "x86api: printf wrote \"%s\"\n", buf);
    return fail("%s, %c or %% printed other text");
  }
  p += strlen(want2);
  if(strlen(p) != 303 || p[0] != '[' || p[301] != ']' || p[302] != '\n')
    return failn("length of the line of 300 characters", 303, strlen(p));
  for(i = 0; i < 300; i++)
    if(p[1 + i] != 'A' + i % 26)
      return failn("a character of the long line", 'A' + i % 26, p[1 + i]);
  return 0;
}

struct testcase tests[] = {
  { "forkwait", forkwaits },
  { "pipe", pipes },
  { "kill", killsleeper },
  { "exec", exececho },
  { "open", openmodes },
  { "stat", stats },
  { "mknod", mknods },
  { "link", links },
  { "dir", dirs },
  { "dup", dups },
  { "getpid", getpids },
  { "sbrk", sbrks },
  { "sleep", sleeps },
  { "string", strings },
  { "gets", getss },
  { "malloc", mallocs },
  { "printf", printfs },
};

int
main(int argc, char *argv[])
{
  runtests(tests, NELEM(tests), argc, argv, "ALL TESTS PASSED", "SOME TESTS FAILED");
  exit();
}
