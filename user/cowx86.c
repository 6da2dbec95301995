#include "types.h"
#include "stat.h"
#include "user.h"
int main(void) {
  int before = getNumFreePages();
  if(fork() == 0){ printf(1, "child sees %d free\n", getNumFreePages()); exit(); }
  wait();
  printf(1, "parent: %d before, %d after\n", before, getNumFreePages());
  exit();
}
