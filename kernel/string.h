// Kernel string and memory routines (kernel/string.c).
#ifndef COWOS_STRING_H
#define COWOS_STRING_H
#include "types.h"

void *memset(void *dst, int c, uint n);
void *memmove(void *dst, const void *src, uint n);
void *memcpy(void *dst, const void *src, uint n);
int   strlen(const char *s);
int   strncmp(const char *p, const char *q, uint n);
char *strncpy(char *s, const char *t, int n);
char *safestrcpy(char *s, const char *t, int n);
void  pagecopy(void *dst, const void *src);

#endif
