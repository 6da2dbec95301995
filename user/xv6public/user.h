// xv6-public's "user.h": the system calls and library of xv6 on x86,
// declared as xv6-public declares them, plus getNumFreePages() of the
// x86 COW assignment. user/user.h includes this file for a program that
// included the flat "types.h" first. Where xv6-public's meaning differs
// from cowos' own function of the same name, the asm label gives the
// declaration a library function of its own (user/lib/xv6public.c,
// user/lib/printf.c): exit() exits with status 0, wait() takes no status,
// printf() takes a file descriptor first, stat() and fstat() fill this
// API's struct stat. The others are cowos' own functions.
#ifndef COWOS_XV6PUBLIC_USER_H
#define COWOS_XV6PUBLIC_USER_H

struct stat;
struct rtcdate;

// System calls.
int fork(void);
int exit(void) __asm__("xv6public_exit") __attribute__((noreturn));
int wait(void) __asm__("xv6public_wait");
int pipe(int*);
int write(int, const void*, int);
int read(int, void*, int);
int close(int);
int kill(int);
int exec(char*, char**);
int open(const char*, int);
int mknod(const char*, short, short);
int unlink(const char*);
int fstat(int fd, struct stat*) __asm__("xv6public_fstat");
int link(const char*, const char*);
int mkdir(const char*);
int chdir(const char*);
int dup(int);
int getpid(void);
char* sbrk(int);
int sleep(int);
int uptime(void);
int getNumFreePages(void);

// Library.
int stat(const char*, struct stat*) __asm__("xv6public_stat");
char* strcpy(char*, const char*);
void *memmove(void*, const void*, int);
char* strchr(const char*, char c);
int strcmp(const char*, const char*);
void printf(int, const char*, ...) __asm__("xv6public_printf")
  __attribute__((format(printf, 2, 3)));
char* gets(char*, int max);
uint strlen(const char*);
void* memset(void*, int, uint);
void* malloc(uint);
void free(void*);
int atoi(const char*);

#endif
