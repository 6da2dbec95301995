// The small C library for user programs: string and memory routines,
// stat(), gets(), atoi() and the two flavours of sbrk.
#include "kernel/types.h"
#include "kernel/stat.h"
#include "kernel/fcntl.h"
#include "kernel/syscall.h"
#include "user/user.h"

// Grow (n > 0) or shrink (n < 0) the heap by n bytes, allocating the new
// memory now. Returns the old break, or SBRK_ERROR if out of memory.
char*
sbrk(int n)
{
  return sys_sbrk(n, SBRK_EAGER);
}

// Move the break by n bytes without allocating; each new page is
// allocated on first touch. Returns the old break, or SBRK_ERROR.
char*
sbrklazy(int n)
{
  return sys_sbrk(n, SBRK_LAZY);
}

// Fill *st with the metadata of the file at path.
// Returns 0, or -1 if path cannot be opened.
int
stat(const char *path, struct stat *st)
{
  int fd, r;

  fd = open(path, O_RDONLY);
  if(fd < 0)
    return -1;
  r = fstat(fd, st);
  close(fd);
  return r;
}

// Copy the NUL-terminated string src, terminator included, to dst.
// Returns dst.
char*
strcpy(char *dst, const char *src)
{
  char *d = dst;

  while((*d++ = *src++) != '\0')
    ;
  return dst;
}

// Compare two strings as unsigned bytes. Returns <0, 0 or >0 as a sorts
// before, equal to, or after b.
int
strcmp(const char *a, const char *b)
{
  while(*a != '\0' && *a == *b){
    a++;
    b++;
  }
  return (uchar)*a - (uchar)*b;
}

// Returns the number of bytes in s before its NUL terminator.
uint
strlen(const char *s)
{
  const char *p = s;

  while(*p != '\0')
    p++;
  return p - s;
}

// Set n bytes at dst to the byte c. Returns dst.
void*
memset(void *dst, int c, uint n)
{
  uchar *d = dst;

  while(n-- > 0)
    *d++ = (uchar)c;
  return dst;
}

// Returns a pointer to the first c in s, or 0 if there is none.
char*
strchr(const char *s, char c)
{
  for(; *s != '\0'; s++)
    if(*s == c)
      return (char*)s;
  return 0;
}

// Read a line from fd 0 into buf (at most max-1 bytes, newline kept),
// and NUL-terminate it. Stops at newline, carriage return or end of input.
// Returns buf; buf[0] is 0 at end of input.
char*
gets(char *buf, int max)
{
  int i = 0;
  char c;

  while(i + 1 < max){
    if(read(0, &c, 1) < 1)
      break;
    buf[i++] = c;
    if(c == '\n' || c == '\r')
      break;
  }
  buf[i] = '\0';
  return buf;
}

// Parse the leading decimal digits of s (no sign, no spaces).
// Returns their value, 0 if there are none.
int
atoi(const char *s)
{
  int n = 0;

  while(*s >= '0' && *s <= '9')
    n = n * 10 + (*s++ - '0');
  return n;
}

// Copy n bytes, forwards or backwards as overlap requires.
static void*
copy(void *dst, const void *src, uint64 n)
{
  uchar *d = dst;
  const uchar *s = src;

  if(n == 0 || d == s)
    return dst;
  if(d < s){
    while(n-- > 0)
      *d++ = *s++;
  } else {
    // Copy backwards so that an overlapping tail is read before written.
    d += n;
    s += n;
    while(n-- > 0)
      *--d = *--s;
  }
  return dst;
}

// Copy n bytes from src to dst; the two regions may overlap. n <= 0
// copies nothing. Returns dst.
void*
memmove(void *dst, const void *src, int n)
{
  if(n <= 0)
    return dst;
  return copy(dst, src, n);
}

// Compare n bytes as unsigned values. Returns <0, 0 or >0 as a sorts
// before, equal to, or after b.
int
memcmp(const void *a, const void *b, uint n)
{
  const uchar *p = a, *q = b;

  for(; n > 0; n--, p++, q++)
    if(*p != *q)
      return *p - *q;
  return 0;
}

// Copy n bytes from src to dst. Overlap is allowed (as memmove).
// Returns dst.
void*
memcpy(void *dst, const void *src, uint n)
{
  return copy(dst, src, n);
}
