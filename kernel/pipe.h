// Pipes (kernel/pipe.c).
#ifndef COWOS_PIPE_H
#define COWOS_PIPE_H
#include "types.h"

struct file;
struct pipe;

int  pipealloc(struct file **f0, struct file **f1);
void pipeclose(struct pipe *pi, int writable);
int  piperead(struct pipe *pi, uint64 addr, int n);
int  pipewrite(struct pipe *pi, uint64 addr, int n);

#endif
