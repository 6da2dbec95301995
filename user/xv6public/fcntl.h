// xv6-public's "fcntl.h": O_RDONLY, O_WRONLY, O_RDWR, O_CREATE, with
// the same values in cowos (which adds O_TRUNC).
#include "kernel/fcntl.h"
