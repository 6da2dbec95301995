// The console's line discipline (kernel/console.c), between the UART
// driver (kernel/ARCH/uart.c) or the machine's keyboard and the devsw
// entry for major CONSOLE.
#ifndef COWOS_CONSOLE_H
#define COWOS_CONSOLE_H

void consoleinit(void);
void consoleintr(void);
void consoleinput(int c);

#endif
