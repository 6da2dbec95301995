// The copy-on-write store fault (kernel/cow.c), called by vmfault().
#ifndef COWOS_COW_H
#define COWOS_COW_H
#include "types.h"
#include "machine.h"

int cowfault(pte_t *pte, uint64 va);

#endif
