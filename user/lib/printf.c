// Formatted output for user programs: printf() to fd 1 and fprintf() to
// any fd (and xv6-public's printf(fd, ...), nearly fprintf()). Each call collects its output and writes it with one write()
// (or a few, for very long output), so lines from concurrent processes
// rarely interleave.
#include <stdarg.h>

#include "kernel/types.h"
#include "user/user.h"

#define OUTBUF_BYTES 256   // output gathered before a write(), in bytes

static const char hexdigits[] = "0123456789abcdef";

// Output gathered by one printf/fprintf call.
struct outbuf {
  int fd;
  int barep;                 // %p as %x, with no 0x or padding (xv6-public's printf)
  int n;                     // bytes used in buf
  char buf[OUTBUF_BYTES];
};

static void
flush(struct outbuf *o)
{
  if(o->n > 0)
    write(o->fd, o->buf, o->n);
  o->n = 0;
}

static void
putc(struct outbuf *o, char c)
{
  if(o->n == OUTBUF_BYTES)
    flush(o);
  o->buf[o->n++] = c;
}

static void
puts(struct outbuf *o, const char *s)
{
  if(s == 0)
    s = "(null)";
  while(*s != '\0')
    putc(o, *s++);
}

// Print x in the given base (10 or 16); if sgn, x is a signed value
// that was sign-extended to 64 bits.
static void
putnum(struct outbuf *o, uint64 x, int base, int sgn)
{
  char tmp[24];
  int i = 0, neg = 0;

  if(sgn && (long)x < 0){
    neg = 1;
    x = -x;   // also right for the most negative value, as unsigned
  }
  do {
    tmp[i++] = hexdigits[x % base];
    x /= base;
  } while(x != 0);
  if(neg)
    tmp[i++] = '-';
  while(--i >= 0)
    putc(o, tmp[i]);
}

static void
putptr(struct outbuf *o, uint64 p)
{
  int shift;

  putc(o, '0');
  putc(o, 'x');
  for(shift = 60; shift >= 0; shift -= 4)
    putc(o, hexdigits[(p >> shift) & 0xf]);
}

// Format one conversion. f points just after the '%'. Returns the
// pointer to the first character after the conversion.
static const char*
convert(struct outbuf *o, const char *f, va_list *ap)
{
  int longs = 0;
  uint64 x;

  while(*f == 'l'){
    longs++;
    f++;
  }
  switch(*f){
  case 'd':
    x = longs >= 2 ? (uint64)va_arg(*ap, long long) :
        longs ? (uint64)va_arg(*ap, long) : (uint64)(long)va_arg(*ap, int);
    putnum(o, x, 10, 1);
    break;
  case 'u':
  case 'x':
    x = longs >= 2 ? va_arg(*ap, unsigned long long) :
        longs ? va_arg(*ap, unsigned long) : va_arg(*ap, unsigned int);
    putnum(o, x, *f == 'u' ? 10 : 16, 0);
    break;
  case 'p':
    if(o->barep)
      putnum(o, (uintptr)va_arg(*ap, void*), 16, 0);
    else
      putptr(o, (uintptr)va_arg(*ap, void*));
    break;
  case 's':
    puts(o, va_arg(*ap, const char*));
    break;
  case 'c':
    putc(o, (char)va_arg(*ap, int));
    break;
  case '%':
    putc(o, '%');
    break;
  case '\0':
    // A lone '%' at the end: print it and stop.
    putc(o, '%');
    return f;
  default:
    // Unknown conversion: print it as written.
    putc(o, '%');
    while(longs-- > 0)
      putc(o, 'l');
    putc(o, *f);
    break;
  }
  return f + 1;
}

static void
vprintf(int fd, int barep, const char *fmt, va_list ap)
{
  struct outbuf o;
  const char *f = fmt;
  va_list args;

  va_copy(args, ap);   // a local copy, so that its address can be passed
  o.fd = fd;
  o.barep = barep;
  o.n = 0;
  while(*f != '\0'){
    if(*f != '%'){
      putc(&o, *f++);
      continue;
    }
    f = convert(&o, f + 1, &args);
  }
  va_end(args);
  flush(&o);
}

// Write fmt to file descriptor fd, expanding %d %u %x (each optionally
// with l or ll), %p, %s, %c and %%. Errors from write() are ignored.
void
fprintf(int fd, const char *fmt, ...)
{
  va_list ap;

  va_start(ap, fmt);
  vprintf(fd, 0, fmt, ap);
  va_end(ap);
}

// As fprintf() to fd 1 (standard output).
void
printf(const char *fmt, ...)
{
  va_list ap;

  va_start(ap, fmt);
  vprintf(1, 0, fmt, ap);
  va_end(ap);
}

// xv6-public's printf(fd, fmt, ...), under the name its user.h gives
// that declaration (user/xv6public/user.h): fprintf(), except that %p
// prints as %x does, as xv6-public's printf prints it.
void
xv6public_printf(int fd, const char *fmt, ...)
{
  va_list ap;

  va_start(ap, fmt);
  vprintf(fd, 1, fmt, ap);
  va_end(ap);
}
