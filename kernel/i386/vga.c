// The PC's screen in VGA text mode, the mode the BIOS leaves it in: 80
// columns by 25 rows of 16-bit cells at physical 0xB8000, each the
// character's code in the low byte and its attribute (0x07: light grey on
// black) in the high byte; the hardware cursor's cell number is CRT
// controller registers 0x0E (high byte) and 0x0F (low byte), reached by
// writing the register number to port 0x3D4 and the value to 0x3D5 (IBM
// VGA Technical Reference: text buffer B8000, CRTC index/data 3D4/3D5,
// Cursor Location High/Low). The kernel reaches the buffer at P2V(0xB8000):
// its first 4 MiB page at KERNBASE maps physical 0 up (entry.S's
// entrypgdir from the first instruction, kvm.c's directory after it).
#include "types.h"
#include "machine.h"
#include "x86.h"
#include "string.h"
#include "arch.h"

#define COLS 80
#define ROWS 25
#define ATTR 0x0700              // light grey on black, in a cell's high byte
#define CRTPORT 0x3D4            // CRT controller index port; data at +1
#define CRT_CURSOR_HI 0x0E
#define CRT_CURSOR_LO 0x0F

static volatile ushort *screen = (volatile ushort*)P2V(0xB8000);

// The hardware cursor's cell number, 0..COLS*ROWS-1.
static int
getcursor(void)
{
  int pos;

  outb(CRTPORT, CRT_CURSOR_HI);
  pos = inb(CRTPORT + 1) << 8;
  outb(CRTPORT, CRT_CURSOR_LO);
  pos |= inb(CRTPORT + 1);
  return pos;
}

static void
setcursor(int pos)
{
  outb(CRTPORT, CRT_CURSOR_HI);
  outb(CRTPORT + 1, pos >> 8);
  outb(CRTPORT, CRT_CURSOR_LO);
  outb(CRTPORT + 1, pos);
}

// Show character c on the screen at the cursor, and move the cursor:
// '\n' to the start of the next row, '\r' to the start of this one, '\b'
// back one cell (the console erases with "\b \b"), '\t' to the next
// multiple of 8 columns; other bytes are drawn as the VGA's code page 437
// shows them. Below the last row, the screen scrolls up one row. The
// cursor position is kept in the CRT controller itself (read back on each
// call), so output continues where the BIOS left it. Any context; the
// caller serializes (printf.c's kputc(), under printlock() except after
// a panic).
void
screenputc(int c)
{
  int pos = getcursor();

  if(pos < 0 || pos >= COLS*ROWS)
    pos = 0;
  c &= 0xFF;
  if(c == '\n'){
    pos += COLS - pos % COLS;
  } else if(c == '\r'){
    pos -= pos % COLS;
  } else if(c == '\b'){
    if(pos > 0)
      pos--;
  } else if(c == '\t'){
    pos += 8 - pos % COLS % 8;
  } else {
    screen[pos++] = c | ATTR;
  }

  if(pos >= COLS*ROWS){
    // Scroll: rows 1..ROWS-1 up one, a blank last row.
    memmove((void*)screen, (void*)(screen + COLS), sizeof(screen[0]) * COLS * (ROWS-1));
    pos -= COLS;
    for(int i = pos - pos % COLS; i < COLS*ROWS; i++)
      screen[i] = ' ' | ATTR;
  }
  setcursor(pos);
}
