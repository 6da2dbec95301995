// Kernel console output and panic.
#ifndef COWOS_PRINTF_H
#define COWOS_PRINTF_H

void printfinit(void);
void kputc(int c);
int  printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void printlock(void);
void printunlock(void);
void panic(const char *s) __attribute__((noreturn));

extern volatile int panicked;   // set by panic(); other harts stop

#endif
