// xv6-public's "param.h": the kernel's limits, with cowos' values.
#ifndef COWOS_XV6PUBLIC_PARAM_H
#define COWOS_XV6PUBLIC_PARAM_H
#include "kernel/param.h"

#define KSTACKSIZE 4096        // bytes per process kernel stack (one page)
#define LOGSIZE    LOGBLOCKS   // xv6-public's name for the log's size

#endif
