// x86trap: system calls made with inline int $T_SYSCALL, as programs for
// xv6 on x86 make them (the number in %eax, the arguments on the stack
// at %esp+4, ...), with good and bad stack pointers, and privileged
// instructions in user mode, which must kill only the process. Written
// against xv6-public's API (user/xv6public/); i386 only. Prints `test
// NAME: OK` or `test NAME: FAILED ...` for each case, then ALL TESTS
// PASSED or SOME TESTS FAILED.
#include "types.h"
#include "stat.h"
#include "user.h"
#include "syscall.h"
#include "traps.h"
#include "memlayout.h"
#include "x86.h"

#define STR(x) #x
#define XSTR(x) STR(x)

static int failed;

static void
result(char *name, int ok, char *why)
{
  if(ok)
    printf(1, "test %s: OK\n", name);
  else {
    printf(1, "test %s: FAILED %s\n", name, why);
    failed = 1;
  }
}

// System call num with three arguments, pushed as a stub's caller
// would, below a (never used) return address slot.
static int
syscall3(int num, int a, int b, int c)
{
  int ret;

  asm volatile("pushl %4\n\t"
               "pushl %3\n\t"
               "pushl %2\n\t"
               "pushl $0\n\t"
               "int $" XSTR(T_SYSCALL) "\n\t"
               "addl $16, %%esp"
               : "=a" (ret)
               : "a" (num), "r" (a), "r" (b), "r" (c)
               : "memory");
  return ret;
}

// System call num made with %esp set to esp (the kernel reads the
// arguments from there); %esp is restored after.
static int
syscallesp(int num, uint esp)
{
  int ret;

  asm volatile("movl %%esp, %%ebx\n\t"
               "movl %2, %%esp\n\t"
               "int $" XSTR(T_SYSCALL) "\n\t"
               "movl %%ebx, %%esp"
               : "=a" (ret)
               : "a" (num), "r" (esp)
               : "ebx", "memory");
  return ret;
}

// int $64 with good stack pointers: the arguments arrive, the result
// comes back in %eax.
static void
goodesp(void)
{
  int fds[2];
  char buf[8];

  if(syscall3(SYS_getpid, 0, 0, 0) != getpid()){
    result("goodesp", 0, "getpid through int $64 differs from getpid()");
    return;
  }
  if(pipe(fds) < 0){
    result("goodesp", 0, "pipe failed");
    return;
  }
  if(syscall3(SYS_write, fds[1], (int)"x86!", 4) != 4){
    result("goodesp", 0, "write through int $64 did not return 4");
    return;
  }
  memset(buf, 0, sizeof(buf));
  if(syscall3(SYS_read, fds[0], (int)buf, sizeof(buf)) != 4 || strcmp(buf, "x86!") != 0){
    result("goodesp", 0, "read through int $64 did not get what was written");
    return;
  }
  close(fds[0]);
  close(fds[1]);
  result("goodesp", 1, "");
}

// int $64 with %esp where no argument can be read: above the break, in
// the kernel's half, at the top of the address space, and 4 bytes below
// the end of the stack so that only the first argument is readable. A
// call with arguments must fail with -1; the process lives on.
static void
badesp(void)
{
  uint top = (uint)sbrk(0);
  uint bad[] = { PGROUNDUP(top) + 16 * PGSIZE, KERNBASE, KERNBASE - 4, 0xfffffff0 };
  int fds[2];
  int i;

  if(pipe(fds) < 0){
    result("badesp", 0, "pipe failed");
    return;
  }
  for(i = 0; i < sizeof(bad) / sizeof(bad[0]); i++){
    if(syscallesp(SYS_write, bad[i]) != -1){
      printf(1, "write with %%esp 0x%x did not return -1\n", bad[i]);
      result("badesp", 0, "a call with a bad %esp did not fail");
      return;
    }
    if(syscallesp(SYS_close, bad[i]) != -1){
      printf(1, "close with %%esp 0x%x did not return -1\n", bad[i]);
      result("badesp", 0, "a call with a bad %esp did not fail");
      return;
    }
  }
  // A call without arguments reads nothing from the stack.
  if(syscallesp(SYS_getpid, KERNBASE) != getpid()){
    result("badesp", 0, "getpid with a bad %esp failed");
    return;
  }
  // Nothing was closed or written by the failed calls.
  if(write(fds[1], "ok", 2) != 2 || close(fds[1]) < 0 || close(fds[0]) < 0){
    result("badesp", 0, "the pipe was disturbed by the failed calls");
    return;
  }
  result("badesp", 1, "");
}

// Run f in a child, which writes one byte to a pipe if f returns. The
// child must be killed before that, and the kernel must go on.
static void
mustkill(char *name, void (*f)(void))
{
  int fds[2], pid;
  char c;

  if(pipe(fds) < 0){
    result(name, 0, "pipe failed");
    return;
  }
  pid = fork();
  if(pid < 0){
    result(name, 0, "fork failed");
    return;
  }
  if(pid == 0){
    close(fds[0]);
    f();
    write(fds[1], "!", 1);
    exit();
  }
  close(fds[1]);
  if(read(fds[0], &c, 1) != 0){
    result(name, 0, "the child survived a privileged instruction");
    wait();
  } else if(wait() != pid)
    result(name, 0, "wait did not return the child");
  else
    result(name, 1, "");
  close(fds[0]);
}

static void
dooutb(void)
{
  outb(0x3f8, 'X');   // COM1's data register
}

static void
doinb(void)
{
  inb(0x1f7);         // the IDE controller's status
}

static void
dolcr3(void)
{
  lcr3(0);            // load the page-directory base
}

int
main(void)
{
  goodesp();
  badesp();
  mustkill("outb", dooutb);
  mustkill("inb", doinb);
  mustkill("lcr3", dolcr3);
  printf(1, failed ? "SOME TESTS FAILED\n" : "ALL TESTS PASSED\n");
  exit();
}
