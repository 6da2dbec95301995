// Kernel formatted output to the console, and panic with a backtrace.
#include <stdarg.h>
#include "types.h"
#include "param.h"
#include "riscv.h"
#include "spinlock.h"
#include "console.h"
#include "printf.h"

volatile int panicked = 0;

// Serializes whole printf() calls so lines from different harts don't mix.
static struct {
  struct spinlock lock;
  int locking;
} pr;

static const char digits[] = "0123456789abcdef";

// Print x in the given base; sign says whether x is signed.
static void
printint(uint64 x, int base, int sign)
{
  char buf[24];
  int i = 0;
  int neg = sign && (long)x < 0;

  if(neg)
    x = -(long)x;
  do {
    buf[i++] = digits[x % base];
    x /= base;
  } while(x != 0);
  if(neg)
    buf[i++] = '-';
  while(--i >= 0)
    consputc(buf[i]);
}

static void
printptr(uint64 x)
{
  consputc('0');
  consputc('x');
  for(int i = 0; i < (int)(sizeof(uint64) * 2); i++, x <<= 4)
    consputc(digits[x >> (sizeof(uint64) * 8 - 4)]);
}

// Print to the console. Understands %d %u %x %p %s %c %% and the l / ll
// length modifiers on d, u and x. Output starts on a new line if a user
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
  consnewline();   // a kernel line starts a line of its own

  va_start(ap, fmt);
  for(int i = 0; fmt[i]; i++){
    int c = fmt[i];
    if(c != '%'){
      consputc(c);
      continue;
    }
    c = fmt[++i];
    int lng = 0;
    while(c == 'l'){
      lng = 1;
      c = fmt[++i];
    }
    if(c == 0)
      break;
    switch(c){
    case 'd':
      printint(lng ? va_arg(ap, uint64) : (uint64)(long)va_arg(ap, int), 10, 1);
      break;
    case 'u':
      printint(lng ? va_arg(ap, uint64) : va_arg(ap, uint), 10, 0);
      break;
    case 'x':
      printint(lng ? va_arg(ap, uint64) : va_arg(ap, uint), 16, 0);
      break;
    case 'p':
      printptr(va_arg(ap, uint64));
      break;
    case 'c':
      consputc(va_arg(ap, int));
      break;
    case 's': {
      const char *s = va_arg(ap, const char*);
      if(s == 0)
        s = "(null)";
      for(; *s; s++)
        consputc(*s);
      break;
    }
    case '%':
      consputc('%');
      break;
    default:
      consputc('%');
      consputc(c);
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

// Print the return addresses on this hart's kernel stack, innermost first,
// by following the frame-pointer chain (the kernel is built with
// -fno-omit-frame-pointer; RISC-V psABI: ra at fp-8, caller's fp at fp-16).
// Look the addresses up with addr2line -e build/kernel.elf.
void
backtrace(void)
{
  uint64 fp = r_fp();
  uint64 top = PGROUNDUP(fp);

  printf("backtrace:\n");
  while(fp > top - PGSIZE && fp <= top && (fp & 7) == 0){
    uint64 ra = *(uint64*)(fp - 8);
    printf("  %p\n", (void*)ra);
    fp = *(uint64*)(fp - 16);
  }
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
