// Physical page allocator with a reference count per page (kernel/kalloc.c).
#ifndef COWOS_KALLOC_H
#define COWOS_KALLOC_H
#include "types.h"

void   kinit(void);
void  *kalloc(void);
void   kfree(void *pa);
void   krefinc(void *pa);
int    krefcount(void *pa);
uint64 nfreepages(void);

#endif
