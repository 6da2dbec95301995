// The console: line-edited keyboard input from the UART (and from the
// machine's own keyboard, if it has one: consoleinput()) and output to
// the UART and the machine's screen (printf.c's kputc()).
// Reads return a line at a time. Editing keys: backspace or DEL erases a
// character, ^U kills the line, ^D ends input (read returns 0 on an empty
// line), ^P prints the process list.
#include "types.h"
#include "param.h"
#include "spinlock.h"
#include "proc.h"
#include "file.h"
#include "console.h"
#include "printf.h"
#include "arch.h"

#define CTRL(x) ((x) - '@')
#define BACKSPACE 0x100      // consputc() code: erase the last character

#define INPUT_BUF_SIZE 128   // bytes

static struct {
  struct spinlock lock;
  char buf[INPUT_BUF_SIZE];
  uint r;   // next byte read() takes
  uint w;   // end of the lines read() may take
  uint e;   // end of the line being edited
} cons;

// Put one character on the screen (through printf.c's kputc()).
// BACKSPACE erases the previous one. Usable from any context; callers
// that want their output kept together hold printlock().
static void
consputc(int c)
{
  if(c == BACKSPACE){
    kputc('\b');
    kputc(' ');
    kputc('\b');
  } else {
    kputc(c);
  }
}

// Echo an input character (or BACKSPACE) as one unit of console output.
static void
echo(int c)
{
  printlock();
  consputc(c);
  printunlock();
}

// devsw write: send n bytes from user (user_src=1) or kernel memory at src
// to the console, as one unit: no kernel line or other write lands inside
// them. Returns the number of bytes written; fewer than n if src stops
// being readable, -1 if not even the first byte is (as for files and
// pipes: a bad pointer is an error, not a zero-byte write).
static int
consolewrite(int user_src, uint64 src, int n)
{
  char chunk[64];
  int done = 0;

  // Copying from user memory under the spinning lock is safe: copyin
  // never sleeps (at most it allocates a lazy page).
  printlock();
  while(done < n){
    int m = n - done;
    if(m > (int)sizeof(chunk))
      m = sizeof(chunk);
    if(either_copyin(chunk, user_src, src + done, m) < 0)
      break;
    for(int i = 0; i < m; i++)
      consputc(chunk[i]);
    done += m;
  }
  printunlock();
  return done > 0 || n == 0 ? done : -1;
}

// devsw read: copy up to n bytes of input to dst, at most one line.
// Sleeps until a line is complete. Returns bytes read, 0 at ^D on an
// empty line, -1 if the process was killed or dst is not writable.
static int
consoleread(int user_dst, uint64 dst, int n)
{
  int want = n;

  acquire(&cons.lock);
  while(n > 0){
    while(cons.r == cons.w){
      if(killed(myproc())){
        release(&cons.lock);
        return -1;
      }
      sleep(&cons.r, &cons.lock);
    }
    int c = cons.buf[cons.r % INPUT_BUF_SIZE];
    if(c == CTRL('D')){
      // End of input. If some bytes were already read, leave the ^D
      // for the next read so that it returns 0.
      if(n == want){
        cons.r++;
        uartrxon();
      }
      break;
    }
    char cbuf = c;
    if(either_copyout(user_dst, dst, &cbuf, 1) < 0){
      if(n == want)
        want = n - 1;    // report -1 below
      break;
    }
    cons.r++;
    uartrxon();
    dst++;
    n--;
    if(c == '\n')
      break;
  }
  release(&cons.lock);
  return want - n;
}

// Returns 1, with the UART's receive interrupts switched off, if the input
// buffer has no room for another byte; else 0. The test and the switch are
// one step under cons.lock, as is consoleread()'s uartrxon() after it makes
// room: a read emptying the buffer between them would otherwise find
// interrupts still on, and the switch after it would stall input for good.
// Called from consoleintr() with interrupts off.
static int
consolefull(void)
{
  acquire(&cons.lock);
  int full = cons.e - cons.r >= INPUT_BUF_SIZE;
  if(full)
    uartrxoff();
  release(&cons.lock);
  return full;
}

// Take one input byte: edit the line, echo, and wake readers when a line
// is complete. Called with interrupts off.
static void
consolekey(int c)
{
  acquire(&cons.lock);
  switch(c){
  case CTRL('P'):
    procdump();
    break;
  case CTRL('U'):
    while(cons.e != cons.w && cons.buf[(cons.e-1) % INPUT_BUF_SIZE] != '\n'){
      cons.e--;
      echo(BACKSPACE);
    }
    break;
  case CTRL('H'):
  case '\x7f':
    if(cons.e != cons.w){
      cons.e--;
      echo(BACKSPACE);
    }
    break;
  default:
    if(c == 0 || cons.e - cons.r >= INPUT_BUF_SIZE)
      break;
    if(c == '\r')
      c = '\n';
    if(c != CTRL('D'))
      echo(c);
    cons.buf[cons.e++ % INPUT_BUF_SIZE] = c;
    if(c == '\n' || c == CTRL('D') || cons.e - cons.r == INPUT_BUF_SIZE){
      cons.w = cons.e;
      wakeup(&cons.r);
    }
    break;
  }
  release(&cons.lock);
}

// Set up the console: UART and the devsw entry for major CONSOLE.
// Called once by hart 0 at boot.
void
consoleinit(void)
{
  initlock(&cons.lock, "cons");
  uartinit();
  devsw[CONSOLE].read = consoleread;
  devsw[CONSOLE].write = consolewrite;
}

// The UART's receive interrupt (the machine's trap handler calls this with
// interrupts off): take every byte the UART holds while the input buffer
// has room. When it is full, consolefull() stops receive interrupts and
// the bytes stay in the UART (QEMU then holds back its input) until
// consoleread() makes room and calls uartrxon().
void
consoleintr(void)
{
  int c;

  while(!consolefull() && (c = uartgetc()) >= 0)
    consolekey(c);
}

// One byte typed on the machine's own keyboard (kernel/i386/kbd.c; the
// keyboard's interrupt handler calls this with interrupts off): edited,
// echoed and read exactly as a byte from the UART. Dropped if the input
// buffer is full.
void
consoleinput(int c)
{
  consolekey(c);
}
