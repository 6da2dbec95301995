// The other CPUs: found in the MP configuration table that the BIOS
// (SeaBIOS, under QEMU) leaves in memory, and started with INIT and
// STARTUP IPIs. Facts: Intel MultiProcessor Specification 1.4, 4.1 (the
// floating pointer structure and where to look for it), 4.2 (the
// configuration table header), 4.3.1 (processor entries), B.4 (the
// INIT-SIPI-SIPI start-up sequence).
#include "types.h"
#include "param.h"
#include "machine.h"
#include "x86.h"
#include "pc.h"
#include "string.h"
#include "printf.h"

int ncpu = 1;

// The MP floating pointer structure (MP spec 4.1): 16 bytes.
struct mpfp {
  uchar sig[4];        // "_MP_"
  uint32 conf;         // physical address of the configuration table
  uchar length;        // in 16-byte units: 1
  uchar specrev;
  uchar checksum;      // all bytes sum to 0
  uchar feature[5];
};

// The configuration table header (MP spec 4.2).
struct mpconf {
  uchar sig[4];        // "PCMP"
  ushort length;       // of the base table, header included
  uchar version;
  uchar checksum;
  uchar oem[20];
  uint32 oemtable;
  ushort oemlength;
  ushort entries;
  uint32 lapic;
  ushort xlength;
  uchar xchecksum;
  uchar reserved;
};

// A processor entry (MP spec 4.3.1): 20 bytes. Other entries are 8.
struct mpproc {
  uchar type;          // MPPROC
  uchar apicid;
  uchar version;
  uchar flags;         // MPENABLED
  uchar signature[4];
  uint32 feature;
  uchar reserved[8];
};

#define MPPROC    0
#define MPENABLED 0x01

// Whether the 4 bytes at p are the signature s.
static int
sigis(uchar *p, const char *s)
{
  return p[0] == s[0] && p[1] == s[1] && p[2] == s[2] && p[3] == s[3];
}

// The sum of n bytes at p, modulo 256 (a good table's is 0).
static int
sum(uchar *p, int n)
{
  int s = 0;
  for(int i = 0; i < n; i++)
    s += p[i];
  return s & 0xFF;
}

// The floating pointer in physical [pa, pa+len), or 0. It sits on a
// 16-byte boundary.
static struct mpfp*
mpsearch1(uint32 pa, int len)
{
  for(uint32 a = pa; a + sizeof(struct mpfp) <= pa + len; a += 16){
    struct mpfp *f = P2V(a);
    if(sigis(f->sig, "_MP_") && sum((uchar*)f, sizeof(*f)) == 0)
      return f;
  }
  return 0;
}

// Where MP spec 4.1 says to look: the first KiB of the EBDA (its segment
// is the word at 0x40E of the BIOS data area), else the last KiB of base
// memory (its size in KiB is the word at 0x413), else the BIOS ROM at
// 0xF0000-0xFFFFF.
static struct mpfp*
mpsearch(void)
{
  struct mpfp *f;
  uint32 ebda = *(ushort*)P2V(0x40E) << 4;
  uint32 basekb = *(ushort*)P2V(0x413);

  if(ebda && (f = mpsearch1(ebda, 1024)))
    return f;
  if(basekb && (f = mpsearch1(basekb * 1024 - 1024, 1024)))
    return f;
  return mpsearch1(0xF0000, 0x10000);
}

// Fill pcpus[].apicid from the MP table's enabled processors, this CPU
// (the bootstrap processor) as number 0, and set ncpu (at most NCPU; more
// are left idle). With no MP table, only this CPU runs. CPU 0, at boot.
void
mpinit(void)
{
  struct mpfp *f = mpsearch();
  int me = lapicid();

  pcpus[0].apicid = me;
  ncpu = 1;
  if(f == 0 || f->conf == 0){
    printf("mpinit: no MP table, one CPU\n");
    return;
  }
  struct mpconf *c = P2V(f->conf);
  if(!sigis(c->sig, "PCMP") || sum((uchar*)c, c->length) != 0){
    printf("mpinit: bad MP table, one CPU\n");
    return;
  }
  if(c->lapic != LAPIC)
    panic("mpinit: local APIC not at 0xFEE00000");
  uchar *p = (uchar*)(c + 1), *e = (uchar*)c + c->length;
  while(p < e){
    if(*p != MPPROC){
      p += 8;
      continue;
    }
    struct mpproc *pr = (struct mpproc*)p;
    if((pr->flags & MPENABLED) && pr->apicid != me){
      if(ncpu < NCPU)
        pcpus[ncpu++].apicid = pr->apicid;
      else
        printf("mpinit: CPU with APIC ID %d left idle (NCPU %d)\n", pr->apicid, NCPU);
    }
    p += sizeof(struct mpproc);
  }
}

extern char aptramp[], aptramp_end[], apt_stack[], apt_entry[], apt_pgdir[];
extern char bootstacks[];
extern volatile int apnext;
void apstart(void);

// Start CPUs 1..ncpu-1, one at a time: copy aptramp.S's code to
// APSTART, give it the CPU's boot stack, and wait until the CPU reports
// from apstart() (start.c). Each then waits in main() for CPU 0 to finish
// booting. CPU 0, at boot, after mpinit().
void
startothers(void)
{
  char *code = P2V(APSTART);
  memmove(code, aptramp, aptramp_end - aptramp);
  for(int i = 1; i < ncpu; i++){
    *(uint32*)(code + (apt_stack - aptramp)) = (uintptr)(bootstacks + (i + 1) * BOOTSTACK);
    *(uint32*)(code + (apt_entry - aptramp)) = (uintptr)apstart;
    *(uint32*)(code + (apt_pgdir - aptramp)) = V2P(entrypgdir);
    apnext = i;
    __sync_synchronize();
    lapicstartap(pcpus[i].apicid, APSTART);
    while(__atomic_load_n(&pcpus[i].up, __ATOMIC_ACQUIRE) == 0)
      ;
  }
}
