// Kernel output: formatted printing, the console's output stream (which
// the console's line discipline also writes through), and panic with a
// backtrace. Bytes go straight to the machine's UART (uartputc()) and its
// screen, if it has one (screenputc()), so printf and panic work before
// and without the console driver.
#include <stdarg.h>
#include "types.h"
#include "param.h"
#include "spinlock.h"
#include "printf.h"
#include "arch.h"

volatile int panicked = 0;

// Serializes whole printf() calls so lines from different harts don't mix.
static struct {
  struct spinlock lock;
  int locking;
} pr;

static const char digits[] = "0123456789abcdef";

// Whether the last character sent was not a newline. Changed only with
// the printf lock held (printlock()), or after a panic.
static int midline;

// Send one byte to the console: the machine's UART and its screen. Usable
// from any context; callers that want their output kept together hold
// printlock().
// After a panic on another hart, this hart stops here.
void
kputc(int c)
{
  if(panicked)
    for(;;)
      ;
  uartputc(c);
  screenputc(c);
  midline = c != '\n';
}

// Print x in the given base; sign says whether x is signed.
static void
printint(uint64 x, int base, int sign)
{
  char buf[24];
  int i = 0;
  int neg = sign && (long long)x < 0;

  if(neg)
    x = -(long long)x;
  do {
    buf[i++] = digits[x % base];
    x /= base;
  } while(x != 0);
  if(neg)
    buf[i++] = '-';
  while(--i >= 0)
    kputc(buf[i]);
}

// Print a pointer in hex, with all its digits (16 on a 64-bit machine).
static void
printptr(uintptr x)
{
  kputc('0');
  kputc('x');
  for(int i = 0; i < (int)(sizeof(uintptr) * 2); i++, x <<= 4)
    kputc(digits[x >> (sizeof(uintptr) * 8 - 4)]);
}

// Print to the console. Understands %d %u %x %p %s %c %% and the length
// modifiers l (long: pointer-sized) and ll (long long: 64 bits, uint64)
// on d, u and x. Output starts on a new line if a user
// program left a partial one. Returns 0. Takes the printf lock unless
// the kernel is panicking, so lines from different harts and user writes
// never mix.
int
printf(const char *fmt, ...)
{
  va_list ap;
  int locking = pr.locking;

  if(locking)
    acquire(&pr.lock);
  if(midline)
    kputc('\n');   // a kernel line starts a line of its own

  va_start(ap, fmt);
  for(int i = 0; fmt[i]; i++){
    int c = fmt[i];
    if(c != '%'){
      kputc(c);
      continue;
    }
    c = fmt[++i];
    int lng = 0;   // number of l's
    while(c == 'l'){
      lng++;
      c = fmt[++i];
    }
    if(c == 0)
      break;
    switch(c){
    case 'd':
      printint(lng >= 2 ? va_arg(ap, uint64) :
               lng == 1 ? (uint64)va_arg(ap, long) : (uint64)va_arg(ap, int), 10, 1);
      break;
    case 'u':
    case 'x':
      printint(lng >= 2 ? va_arg(ap, uint64) :
               lng == 1 ? va_arg(ap, unsigned long) : va_arg(ap, uint),
               c == 'u' ? 10 : 16, 0);
      break;
    case 'p':
      printptr((uintptr)va_arg(ap, void*));
      break;
    case 'c':
      kputc(va_arg(ap, int));
      break;
    case 's': {
      const char *s = va_arg(ap, const char*);
      if(s == 0)
        s = "(null)";
      for(; *s; s++)
        kputc(*s);
      break;
    }
    case '%':
      kputc('%');
      break;
    default:
      kputc('%');
      kputc(c);
      break;
    }
  }
  va_end(ap);

  if(locking)
    release(&pr.lock);
  return 0;
}

// Take the console for output that must go out as one unit (a whole
// user write, an echoed key): printf() on other harts waits until
// printunlock(). Spins with interrupts off, so the holder must not sleep.
// Does nothing once the kernel has panicked.
void
printlock(void)
{
  if(pr.locking)
    acquire(&pr.lock);
}

// Release the console taken by printlock().
void
printunlock(void)
{
  if(pr.locking)
    release(&pr.lock);
}

// Report a kernel bug and stop: prints "panic: s" and a backtrace, then
// freezes this hart; other harts stop at their next console output or
// clock interrupt. Never returns.
void
panic(const char *s)
{
  pr.locking = 0;
  printf("panic: %s\n", s);
  backtrace();
  panicked = 1;
  for(;;)
    ;
}

// Set up the printf lock. Called once, by hart 0, at boot.
void
printfinit(void)
{
  initlock(&pr.lock, "pr");
  pr.locking = 1;
}
