// The console's line discipline (kernel/console.c), between the UART
// driver (kernel/ARCH/uart.c) and the devsw entry for major CONSOLE.
#ifndef COWOS_CONSOLE_H
#define COWOS_CONSOLE_H

void consoleinit(void);
void consoleintr(void);

#endif
