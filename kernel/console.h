// Console and UART (kernel/console.c, kernel/uart.c).
#ifndef COWOS_CONSOLE_H
#define COWOS_CONSOLE_H

void consoleinit(void);
void consoleintr(int c);
void consputc(int c);
void consnewline(void);
int  consolefull(void);

void uartinit(void);
void uartintr(void);
void uartrxon(void);
void uartrxoff(void);
void uartputc(int c);

#endif
