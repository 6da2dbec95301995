// Copy-on-write (kernel/cow.c): the one place that decides, for a page
// and for a leaf page table that fork shared, whether a store may take it
// back or needs a copy. vm.c calls it.
#ifndef COWOS_COW_H
#define COWOS_COW_H
#include "types.h"
#include "machine.h"

int cowfault(pte_t *pte, uint64 va);
int cowtable(pte_t *entry);

#endif
