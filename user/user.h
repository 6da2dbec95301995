// The user-level API: system calls (user/lib/ARCH/usys.S) and the small C
// library (user/lib/). Source-compatible with xv6 (docs/xv6-compat.md):
// a program that includes "kernel/types.h" first gets xv6-riscv's API,
// below; one that includes the flat "types.h" (user/xv6public/) first,
// as programs written for xv6 on x86 do, gets xv6-public's.
#ifndef COWOS_USER_H
#define COWOS_USER_H

#ifdef COWOS_XV6PUBLIC
#include "xv6public/user.h"
#else

struct stat;
struct memstat;
struct pmapent;

// System calls.
int fork(void);
int exit(int) __attribute__((noreturn));
int wait(int*);
int pipe(int*);
int write(int, const void*, int);
int read(int, void*, int);
int close(int);
int kill(int);
int exec(const char*, char**);
int open(const char*, int);
int mknod(const char*, short, short);
int unlink(const char*);
int fstat(int fd, struct stat*);
int link(const char*, const char*);
int mkdir(const char*);
int chdir(const char*);
int dup(int);
int getpid(void);
char* sys_sbrk(int, int);
int pause(int);
int sleep(int);
int uptime(void);
int getNumFreePages(void);
int memstat(struct memstat*);
int pmap(int pid, uintptr va, struct pmapent *buf, int n);
// Only in a DEBUG kernel (kernel/vmcheck.h); elsewhere it returns -1.
long vmdebug(int op, uintptr va);
// System call num with arguments a..f as given, for fuzzing (user/lib/rawsys.S).
uint64 rawsys(uint64 num, uint64 a, uint64 b, uint64 c, uint64 d, uint64 e, uint64 f);
// System call num(arg) with the other registers full of pattern; returns
// how many of them came back changed (user/lib/rawsys.S).
int regcheck(uint64 num, uint64 arg, uint64 pattern);
// fork(); the child exits 0 at once and the parent waits for it, with no
// store to memory in between; the child's pid or -1 (user/lib/rawsys.S).
int forkwait(void);

// Library (user/lib/ulib.c, printf.c, umalloc.c).
#define SBRK_ERROR ((char *)-1)
char* sbrk(int);
char* sbrklazy(int);
int stat(const char*, struct stat*);
char* strcpy(char*, const char*);
void *memmove(void*, const void*, int);
char* strchr(const char*, char c);
int strcmp(const char*, const char*);
char* gets(char*, int max);
unsigned int strlen(const char*);
void* memset(void*, int, unsigned int);
int atoi(const char*);
int memcmp(const void *, const void *, unsigned int);
void *memcpy(void *, const void *, unsigned int);
void fprintf(int, const char*, ...) __attribute__((format(printf, 2, 3)));
void printf(const char*, ...) __attribute__((format(printf, 1, 2)));
void* malloc(unsigned int);
void free(void*);

#endif // COWOS_XV6PUBLIC
#endif
