// pipetest: tests of pipes: data through a pipe, end of file, writing to
// a pipe nobody reads, big transfers, many writers, blocking, no leaks.
// `pipetest NAME...` runs some cases.
#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/param.h"
#include "kernel/memlayout.h"
#include "user/user.h"
#include "user/testlib.h"

// Bytes written in one process come out in order in another.
static int
test_basic(void)
{
  int p[2];
  char buf[16];
  if(pipe(p) != 0)
    return fail("pipe");
  if(p[0] < 0 || p[1] < 0 || p[0] == p[1])
    return fail("pipe returned bad fds");
  int pid = fork();
  if(pid < 0)
    return fail("fork");
  if(pid == 0){
    close(p[0]);
    write(p[1], "hello ", 6);
    write(p[1], "pipe", 4);
    exit(0);
  }
  close(p[1]);
  int n = readn(p[0], buf, sizeof(buf));
  close(p[0]);
  wait(0);
  if(n != 10 || memcmp(buf, "hello pipe", 10) != 0)
    return failn("bytes through the pipe", 10, n);
  return 0;
}

// read() returns what is there (not waiting for the whole count), and 0
// once every write end is closed and the pipe is empty.
static int
test_eof(void)
{
  int p[2];
  char buf[32];
  if(pipe(p) != 0)
    return fail("pipe");
  int w2 = dup(p[1]);
  write(p[1], "abc", 3);
  int n = read(p[0], buf, sizeof(buf));
  if(n != 3)
    return failn("read returns what is there", 3, n);
  close(p[1]);
  write(w2, "de", 2);
  close(w2);           // now no writer is left
  n = read(p[0], buf, sizeof(buf));
  int e1 = read(p[0], buf, sizeof(buf));
  int e2 = read(p[0], buf, sizeof(buf));
  close(p[0]);
  if(n != 2)
    return failn("data written through a dup'd end", 2, n);
  if(e1 != 0 || e2 != 0)
    return failn("read after the last writer closed", 0, e1 != 0 ? e1 : e2);
  return 0;
}

// Make two pipes, a and b. Returns 0, or -1 with neither open.
static int
twopipes(int *a, int *b)
{
  if(pipe(a) != 0)
    return -1;
  if(pipe(b) != 0){
    close(a[0]);
    close(a[1]);
    return -1;
  }
  return 0;
}

// Writing to a pipe whose read end is closed returns -1 (and does not
// block or kill the writer). The child writes only once the parent has
// closed its copy of the read end too, which the parent tells it through
// a second pipe.
static int
test_closedreader(void)
{
  int p[2], go[2];
  if(twopipes(p, go) != 0)
    return fail("pipe");
  int pid = fork();
  if(pid < 0)
    return fail("fork");
  if(pid == 0){
    char c;
    close(p[0]);
    close(go[1]);
    if(read(go[0], &c, 1) != 1)
      exit(2);
    int r = write(p[1], "x", 1);
    exit(r == -1 ? 0 : 1);
  }
  close(p[0]);
  close(p[1]);
  close(go[0]);
  int w = write(go[1], "g", 1);
  close(go[1]);
  int st = waitstatus();
  if(w != 1)
    return failn("write of the go-ahead", 1, w);
  if(st != 0)
    return failn("child writing to a pipe with no reader (1: write did not fail, "
                 "2: no go-ahead)", 0, st);
  return 0;
}

// A writer blocked on a full pipe returns when the reader goes away (with
// the count of bytes it moved, or -1 if it had moved none).
static int
test_fullthenclose(void)
{
  int p[2];
  if(pipe(p) != 0)
    return fail("pipe");
  int pid = fork();
  if(pid < 0)
    return fail("fork");
  if(pid == 0){
    static char big[8192];
    close(p[0]);
    int r = write(p[1], big, sizeof(big));   // more than a pipe holds
    exit(r == -1 || (r >= 0 && r < sizeof(big)) ? 0 : 1);
  }
  close(p[1]);
  pause(3);            // let the child fill the pipe and block
  close(p[0]);
  int st = waitstatus();
  if(st != 0)
    return failn("writer blocked when the reader closed (1: write claimed success)", 0, st);
  return 0;
}

#define PIPESIZE 512   // the bytes a pipe holds (kernel/pipe.c)
#define PARTIAL_READ (PIPESIZE + 100)

// A write that moved some bytes before the reader closed its end returns
// that count, not -1; a write with no reader left returns -1, and the
// writer lives on (cowos has no SIGPIPE). No timing: the parent reads
// PARTIAL_READ bytes of a 3 * PIPESIZE write and closes, so the write is
// still under way (at most PIPESIZE more fit) and has moved between
// PARTIAL_READ and PARTIAL_READ + PIPESIZE bytes.
static int
test_partialwrite(void)
{
  static char buf[3 * PIPESIZE];
  int p[2], res[2], r[2] = { -2, -2 };

  if(twopipes(p, res) != 0)
    return fail("pipe");
  for(int i = 0; i < sizeof(buf); i++)
    buf[i] = (char)(i * 7 + 1);
  int pid = fork();
  if(pid < 0)
    return fail("fork");
  if(pid == 0){
    close(p[0]);
    close(res[0]);
    r[0] = write(p[1], buf, sizeof(buf));
    r[1] = write(p[1], "x", 1);
    write(res[1], r, sizeof(r));
    exit(0);
  }
  close(p[1]);
  close(res[1]);
  static char got[PARTIAL_READ];
  int n = readn(p[0], got, sizeof(got));
  close(p[0]);
  int m = readn(res[0], r, sizeof(r));
  close(res[0]);
  int st = waitstatus();
  if(n != sizeof(got) || memcmp(got, buf, sizeof(got)) != 0)
    return failn("bytes read before closing", sizeof(got), n);
  if(st != 0 || m != sizeof(r))
    return failn("writer's status (-1: killed)", 0, st);
  if(r[0] < PARTIAL_READ || r[0] > PARTIAL_READ + PIPESIZE)
    return failn("count of the write cut short by the reader's close (what "
                 "was read, up to PIPESIZE more)", PARTIAL_READ, r[0]);
  if(r[1] != -1)
    return failn("write with no reader", -1, r[1]);
  return 0;
}

#define BIG_BYTES (200 * 1024)

// The byte at position i of the big transfer.
static char
bigbyte(int i)
{
  return (char)(i * 31 + (i >> 9));
}

// 200 KiB in odd-sized writes arrive intact through odd-sized reads.
static int
test_big(void)
{
  int p[2];
  if(pipe(p) != 0)
    return fail("pipe");
  int pid = fork();
  if(pid < 0)
    return fail("fork");
  if(pid == 0){
    static char chunk[1500];
    close(p[0]);
    int sent = 0, sizes[] = { 1, 511, 512, 513, 1500, 7, 1024 };
    for(int k = 0; sent < BIG_BYTES; k++){
      int n = sizes[k % 7];
      if(n > BIG_BYTES - sent)
        n = BIG_BYTES - sent;
      for(int i = 0; i < n; i++)
        chunk[i] = bigbyte(sent + i);
      if(write(p[1], chunk, n) != n)
        exit(1);
      sent += n;
    }
    exit(0);
  }
  close(p[1]);
  static char buf[777];
  int got = 0, bad = -1, r;
  while((r = read(p[0], buf, sizeof(buf))) > 0){
    for(int i = 0; i < r && bad < 0; i++)
      if(buf[i] != bigbyte(got + i))
        bad = got + i;
    got += r;
  }
  close(p[0]);
  int st = waitstatus();
  if(st != 0)
    return failn("writer status", 0, st);
  if(got != BIG_BYTES)
    return failn("bytes received", BIG_BYTES, got);
  if(bad >= 0)
    return failn("first wrong byte at", -1, bad);
  return 0;
}

#define WRITERS 4
#define WRITER_BYTES 5000

// Several writers at once on all harts: every byte arrives, none is
// duplicated.
static int
test_writers(void)
{
  int p[2];
  if(pipe(p) != 0)
    return fail("pipe");
  for(int w = 0; w < WRITERS; w++){
    int pid = fork();
    if(pid < 0)
      return fail("fork");
    if(pid == 0){
      static char buf[100];
      close(p[0]);
      memset(buf, 'a' + w, sizeof(buf));
      for(int i = 0; i < WRITER_BYTES / sizeof(buf); i++)
        if(write(p[1], buf, sizeof(buf)) != sizeof(buf))
          exit(1);
      exit(0);
    }
  }
  close(p[1]);
  int count[WRITERS] = { 0 };
  int other = 0, r;
  static char buf[333];
  while((r = read(p[0], buf, sizeof(buf))) > 0){
    for(int i = 0; i < r; i++){
      int w = buf[i] - 'a';
      if(w >= 0 && w < WRITERS)
        count[w]++;
      else
        other++;
    }
  }
  close(p[0]);
  int bad = 0;
  for(int w = 0; w < WRITERS; w++){
    int st = waitstatus();
    if(st != 0)
      bad = 1;
  }
  if(bad)
    return fail("a writer failed");
  if(other)
    return failn("bytes from nobody", 0, other);
  for(int w = 0; w < WRITERS; w++)
    if(count[w] != WRITER_BYTES)
      return failn("bytes from one writer", WRITER_BYTES, count[w]);
  return 0;
}

// A read on an empty pipe sleeps until a writer comes along.
static int
test_blocking(void)
{
  int p[2];
  char c = 0;
  if(pipe(p) != 0)
    return fail("pipe");
  int pid = fork();
  if(pid < 0)
    return fail("fork");
  if(pid == 0){
    pause(5);
    write(p[1], "!", 1);
    exit(0);
  }
  int t0 = uptime();
  int n = read(p[0], &c, 1);
  int t1 = uptime();
  wait(0);
  close(p[0]);
  close(p[1]);
  if(n != 1 || c != '!')
    return fail("byte from the late writer");
  if(t1 - t0 < 3)
    return failn("ticks the reader waited, at least", 3, t1 - t0);
  return 0;
}

// Pipes given back leave no pages or fds behind; pipe() with no free fd
// returns -1; pipe() into a bad pointer returns -1.
static int
test_leak(void)
{
  int p[2];
  int before = getNumFreePages();
  for(int i = 0; i < 20; i++){
    if(pipe(p) != 0)
      return fail("pipe");
    write(p[1], "x", 1);
    close(p[0]);
    close(p[1]);
  }
  int after = getNumFreePages();
  if(after != before)
    return failn("free pages after 20 pipes", before, after);

  int fds[NOFILE];
  int n = 0;
  while(n < NOFILE && (fds[n] = dup(0)) >= 0)
    n++;
  close(fds[--n]);                       // exactly one free fd
  int r = pipe(p);
  int again = dup(0);                    // the fd pipe() must not keep
  if(again >= 0)
    close(again);
  for(int i = 0; i < n; i++)
    close(fds[i]);
  if(r != -1)
    return fail("pipe() with only one free fd did not return -1");
  if(again < 0)
    return fail("failed pipe() kept an fd");

  if(pipe((int*)KERNBASE) != -1 || pipe((int*)UNMAPPED_VA) != -1)
    return fail("pipe() into a bad pointer");
  if(pipe(p) != 0)
    return fail("pipe after the failures");
  close(p[0]);
  close(p[1]);
  return 0;
}

static const struct testcase tests[] = {
  { "basic",        test_basic },
  { "eof",          test_eof },
  { "closedreader", test_closedreader },
  { "fullthenclose", test_fullthenclose },
  { "partialwrite", test_partialwrite },
  { "big",          test_big },
  { "writers",      test_writers },
  { "blocking",     test_blocking },
  { "leak",         test_leak },
};

// Run the cases named in argv (all if none). Returns 0 if all passed, else 1.
int
main(int argc, char **argv)
{
  return runtests(tests, NELEM(tests), argc, argv,
                  "ALL TESTS PASSED", "SOME TESTS FAILED");
}
