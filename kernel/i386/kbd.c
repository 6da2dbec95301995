// The PC's PS/2 keyboard, through the 8042 keyboard controller: a byte
// is waiting at data port 0x60 while bit 0 of status port 0x64 is set
// (bit 5: it came from the auxiliary device, a mouse), and the
// controller raises ISA IRQ 1 for each (Intel 8042 / IBM PC AT
// Technical Reference, keyboard controller). The 8042 translates the
// keyboard's codes to scan code set 1, as the BIOS leaves it: a key's
// make code on press, make | 0x80 on release, a 0xE0 byte before the
// codes of the extended keys (right Ctrl, the keypad's Enter and '/',
// arrows). Keys become bytes by the US layout; Shift, Ctrl and Caps
// Lock change them, and Ctrl with a letter gives its control code (^C
// 3, ^D 4, ^U 21, ^P 16), as a terminal sends them on the serial line.
// The bytes go to the console's line discipline like the UART's.
#include "types.h"
#include "machine.h"
#include "x86.h"
#include "pc.h"
#include "console.h"

#define KBSTATP 0x64             // status port
#define KBS_DIB 0x01             // a byte is waiting at the data port
#define KBS_AUX 0x20             // ... and it is the mouse's
#define KBDATAP 0x60             // data port

#define SHIFT    (1<<0)          // modifier and state bits of `mods`
#define CTL      (1<<1)
#define CAPSLOCK (1<<2)
#define E0ESC    (1<<3)          // the last byte was 0xE0

// Set 1 make codes of the modifier keys.
#define SC_LCTRL  0x1D
#define SC_LSHIFT 0x2A
#define SC_RSHIFT 0x36
#define SC_CAPS   0x3A
#define SC_ENTER  0x1C
#define SC_SLASH  0x35

// The byte of each set 1 make code on a US keyboard, without and with
// Shift; 0: no byte (a modifier, a function key, ...).
static const uchar normalmap[0x59] = {
  0,    0x1B, '1',  '2',  '3',  '4',  '5',  '6',   // 0x00
  '7',  '8',  '9',  '0',  '-',  '=',  '\b', '\t',
  'q',  'w',  'e',  'r',  't',  'y',  'u',  'i',   // 0x10
  'o',  'p',  '[',  ']',  '\n', 0,    'a',  's',
  'd',  'f',  'g',  'h',  'j',  'k',  'l',  ';',   // 0x20
  '\'', '`',  0,    '\\', 'z',  'x',  'c',  'v',
  'b',  'n',  'm',  ',',  '.',  '/',  0,    '*',   // 0x30
  0,    ' ',  0,    0,    0,    0,    0,    0,
  0,    0,    0,    0,    0,    0,    0,    '7',   // 0x40: keypad
  '8',  '9',  '-',  '4',  '5',  '6',  '+',  '1',
  '2',  '3',  '0',  '.',  0,    0,    0,    0,     // 0x50
  0,
};

static const uchar shiftmap[0x59] = {
  0,    0x1B, '!',  '@',  '#',  '$',  '%',  '^',   // 0x00
  '&',  '*',  '(',  ')',  '_',  '+',  '\b', '\t',
  'Q',  'W',  'E',  'R',  'T',  'Y',  'U',  'I',   // 0x10
  'O',  'P',  '{',  '}',  '\n', 0,    'A',  'S',
  'D',  'F',  'G',  'H',  'J',  'K',  'L',  ':',   // 0x20
  '"',  '~',  0,    '|',  'Z',  'X',  'C',  'V',
  'B',  'N',  'M',  '<',  '>',  '?',  0,    '*',   // 0x30
  0,    ' ',  0,    0,    0,    0,    0,    0,
  0,    0,    0,    0,    0,    0,    0,    '7',   // 0x40: keypad
  '8',  '9',  '-',  '4',  '5',  '6',  '+',  '1',
  '2',  '3',  '0',  '.',  0,    0,    0,    0,     // 0x50
  0,
};

// Modifiers held and Caps Lock, changed only by kbdintr() on CPU 0 (the
// one CPU that takes IRQ 1), with interrupts off: no lock.
static int mods;

// The byte one scan code data makes, or -1 if none (a release, a
// modifier, an unmapped key, the 0xE0 prefix).
static int
kbddecode(int data)
{
  if(data == 0xE0){
    mods |= E0ESC;
    return -1;
  }
  int e0 = mods & E0ESC;
  mods &= ~E0ESC;
  int code = data & 0x7F;
  int up = data & 0x80;

  // Fake shifts the 8042 sends around extended keys (0xE0 0x2A, 0xE0
  // 0xAA and the like) are not the user's.
  if(e0 && (code == SC_LSHIFT || code == SC_RSHIFT))
    return -1;
  if(code == SC_LSHIFT || code == SC_RSHIFT || code == SC_LCTRL){
    int bit = code == SC_LCTRL ? CTL : SHIFT;   // 0xE0 0x1D: right Ctrl
    if(up)
      mods &= ~bit;
    else
      mods |= bit;
    return -1;
  }
  if(up)
    return -1;
  if(code == SC_CAPS){
    mods ^= CAPSLOCK;
    return -1;
  }
  if(e0){
    // Of the extended keys, only the keypad's Enter and '/' type bytes.
    if(code == SC_ENTER)
      return '\n';
    if(code == SC_SLASH)
      return '/';
    return -1;
  }
  if(code >= sizeof(normalmap))
    return -1;
  int c = (mods & SHIFT) ? shiftmap[code] : normalmap[code];
  if(c == 0)
    return -1;
  if(mods & CAPSLOCK){
    if(c >= 'a' && c <= 'z')
      c += 'A' - 'a';
    else if(c >= 'A' && c <= 'Z')
      c += 'a' - 'A';
  }
  if(mods & CTL){
    if((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
      c &= 0x1F;                // ^A = 1 ... ^Z = 26
    else if(c == '@' || c == ' ' || c == '2')
      c = 0;                    // ^@: no byte (consolekey() drops 0)
  }
  return c;
}

// The keyboard's interrupt (IRQ 1, routed to CPU 0 by irqinit(); trap.c's
// devintr() calls this with interrupts off): take every byte the 8042
// holds, decode it, and hand each byte typed to the console
// (consoleinput(), which drops it if its buffer is full: the 8042 holds
// one byte, so input cannot wait there as it does in the UART). Mouse
// bytes are read and dropped.
void
kbdintr(void)
{
  int st;

  while((st = inb(KBSTATP)) & KBS_DIB){
    int data = inb(KBDATAP);
    if(st & KBS_AUX)
      continue;
    int c = kbddecode(data);
    if(c >= 0)
      consoleinput(c);
  }
}
