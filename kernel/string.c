// Memory and string routines for the kernel (no libc in a freestanding kernel).
#include "types.h"
#include "string.h"

// Fill n bytes at dst with the byte c. Returns dst. Stores 64-bit words,
// eight per loop, where dst is 8-byte aligned: zeroing a page (page
// tables, new user pages) is a common and hot case.
void*
memset(void *dst, int c, uint n)
{
  uchar *d = dst;

  if(((uintptr)d & 7) == 0){
    uint64 w = (uchar)c;
    w |= w << 8;
    w |= w << 16;
    w |= w << 32;
    uint64 *q = (uint64*)d;
    for(; n >= 64; n -= 64, q += 8){
      q[0] = w; q[1] = w; q[2] = w; q[3] = w;
      q[4] = w; q[5] = w; q[6] = w; q[7] = w;
    }
    for(; n >= 8; n -= 8)
      *q++ = w;
    d = (uchar*)q;
  }
  while(n-- > 0)
    *d++ = c;
  return dst;
}

// Copy n bytes from src to dst; the regions may overlap. Returns dst.
void*
memmove(void *dst, const void *src, uint n)
{
  const uchar *s = src;
  uchar *d = dst;

  if(n == 0)
    return dst;
  if(s < d && s + n > d){
    // Overlap with dst above src: copy from the end.
    s += n;
    d += n;
    while(n-- > 0)
      *--d = *--s;
  } else {
    // Forward: 64-bit words while both are 8-byte aligned (the buffer
    // cache and copyin/copyout move whole blocks and pages this way).
    if((((uintptr)s | (uintptr)d) & 7) == 0){
      for(; n >= 8; n -= 8, s += 8, d += 8)
        *(uint64*)d = *(const uint64*)s;
    }
    while(n-- > 0)
      *d++ = *s++;
  }
  return dst;
}

// memcpy is memmove: gcc may emit calls to it for structure copies.
void*
memcpy(void *dst, const void *src, uint n)
{
  return memmove(dst, src, n);
}

// Copy one 4096-byte page, a 64-bit word at a time, eight words per loop.
// Both addresses must be page-aligned kernel (direct-mapped) addresses.
void
pagecopy(void *dst, const void *src)
{
  uint64 *d = dst;
  const uint64 *s = src;
  const uint64 *e = s + 4096 / sizeof(uint64);

  while(s < e){
    uint64 a = s[0], b = s[1], c = s[2], x = s[3];
    uint64 f = s[4], g = s[5], h = s[6], i = s[7];
    d[0] = a; d[1] = b; d[2] = c; d[3] = x;
    d[4] = f; d[5] = g; d[6] = h; d[7] = i;
    s += 8;
    d += 8;
  }
}

// Compare at most n characters of two NUL-terminated strings.
// Returns <0, 0 or >0.
int
strncmp(const char *p, const char *q, uint n)
{
  for(; n > 0 && *p && *p == *q; n--, p++, q++)
    ;
  if(n == 0)
    return 0;
  return (uchar)*p - (uchar)*q;
}

// Copy at most n bytes of t into s, padding with NULs as C's strncpy does
// (s may end up unterminated). Returns s.
char*
strncpy(char *s, const char *t, int n)
{
  char *r = s;
  while(n > 0 && *t){
    *s++ = *t++;
    n--;
  }
  while(n-- > 0)
    *s++ = 0;
  return r;
}

// Like strncpy, but always NUL-terminates s (n is its size in bytes, > 0).
// Returns s.
char*
safestrcpy(char *s, const char *t, int n)
{
  char *r = s;
  if(n <= 0)
    return r;
  while(--n > 0 && *t)
    *s++ = *t++;
  *s = 0;
  return r;
}

// Length of a NUL-terminated string, in bytes.
int
strlen(const char *s)
{
  int n = 0;
  while(s[n])
    n++;
  return n;
}
