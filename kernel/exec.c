// exec: replace the current process's memory with a program loaded from
// an ELF file. Each loadable segment gets the permissions its program
// header asks for, so text stays read-only (and is never made COW).
#include "types.h"
#include "param.h"
#include "machine.h"
#include "spinlock.h"
#include "proc.h"
#include "fault.h"
#include "vm.h"
#include "file.h"
#include "buf.h"
#include "log.h"
#include "elf.h"
#include "string.h"
#include "printf.h"
#include "arch.h"
#include "vmcheck.h"

// PTE permissions (beyond R and U) for an ELF segment's p_flags.
static int
flags2perm(uint flags)
{
  int perm = 0;
  if(flags & ELF_PROG_FLAG_EXEC)
    perm |= PTE_X;
  if(flags & ELF_PROG_FLAG_WRITE)
    perm |= PTE_W;
  return perm;
}

// Read sz bytes from ip at offset off into user virtual address va of
// pagetable, whose pages are already mapped. va must be page-aligned.
// Returns 0, or -1 on a short read.
static int
loadseg(pagetable_t pagetable, uint64 va, struct inode *ip, uint off, uint sz)
{
  for(uint i = 0; i < sz; i += PGSIZE){
    uint64 pa = walkaddr(pagetable, va + i);
    if(pa == 0)
      panic("loadseg: page not mapped");
    uint n = sz - i < PGSIZE ? sz - i : PGSIZE;
    if(readi(ip, 0, (uintptr)P2V(pa), off + i, n) != n)
      return -1;
  }
  return 0;
}

// Load the program's segments from ip into pagetable. Returns the size
// of the loaded image in bytes and sets *entry, or returns 0 if the file
// is not a well-formed executable for this machine (ELF class and machine
// number from machine.h) or memory is short. Either way
// *mapped is the size below which pages are mapped or page tables may
// have been made, for the caller to free on failure (a segment may fail
// after earlier ones were mapped). ip must be locked.
static uint64
loadelf(pagetable_t pagetable, struct inode *ip, uint64 *entry, uint64 *mapped)
{
  struct elfhdr elf;
  struct proghdr ph;
  uint64 sz = 0;

  if(readi(ip, 0, (uintptr)&elf, 0, sizeof(elf)) != sizeof(elf))
    return 0;
  if(elf.magic != ELF_MAGIC || elf.elf[ELF_CLASS_BYTE] != ELF_CLASS_VALUE ||
     elf.machine != ELF_MACHINE || elf.phentsize != sizeof(ph))
    return 0;
  // File offsets are 64-bit in the ELF but readi takes 32: bound every
  // one by the file's size first, so none is silently truncated.
  if(elf.phoff > ip->size || elf.phnum * sizeof(ph) > ip->size - elf.phoff)
    return 0;
  for(int i = 0; i < elf.phnum; i++){
    uint off = elf.phoff + i * sizeof(ph);
    if(readi(ip, 0, (uintptr)&ph, off, sizeof(ph)) != sizeof(ph))
      return 0;
    if(ph.type != ELF_PROG_LOAD)
      continue;
    if(ph.memsz < ph.filesz || ph.vaddr + ph.memsz < ph.vaddr)
      return 0;
    if(ph.off > ip->size || ph.filesz > ip->size - ph.off)
      return 0;
    // Segments must start on a fresh page, in ascending order, so that
    // no page holds both text and data.
    if(ph.vaddr % PGSIZE != 0 || ph.vaddr < PGROUNDUP(sz))
      return 0;
    if(ph.vaddr + ph.memsz > USERTOP)
      return 0;
    // Leave any gap below the segment unmapped: map from vaddr.
    if(PGROUNDUP(sz) < ph.vaddr)
      sz = ph.vaddr;
    // What to free on failure: up to the end of the segment, since a
    // failed uvmalloc may leave page tables anywhere in it (uvmfree()
    // visits only the tables below the size it is given).
    *mapped = ph.vaddr + ph.memsz;
    uint64 nsz = uvmalloc(pagetable, sz, ph.vaddr + ph.memsz, flags2perm(ph.flags));
    if(nsz == 0)
      return 0;
    VMCHECK_RO(pagetable, ph.vaddr, nsz, flags2perm(ph.flags));
    sz = nsz;
    if(loadseg(pagetable, ph.vaddr, ip, ph.off, ph.filesz) < 0)
      return 0;
  }
  *entry = elf.entry;
  return sz;
}

// Push the argument strings and the argv array on the new user stack,
// which ends at sp and may not go below stackbase. Sets *spp to the
// final (16-byte aligned) stack pointer. Returns argc, or -1 if the
// arguments do not fit.
static int
pushargs(pagetable_t pagetable, char **argv, uint64 *spp, uint64 stackbase)
{
  uintptr ustack[MAXARG+1];   // user pointers: as wide as the kernel's
  uint64 sp = *spp;
  int argc;

  for(argc = 0; argv[argc]; argc++){
    if(argc >= MAXARG)
      return -1;
    sp -= strlen(argv[argc]) + 1;
    sp -= sp % 16;
    if(sp < stackbase)
      return -1;
    if(copyout(pagetable, sp, argv[argc], strlen(argv[argc]) + 1) < 0)
      return -1;
    ustack[argc] = sp;
  }
  ustack[argc] = 0;
  sp -= (argc + 1) * sizeof(uintptr);
  sp -= sp % 16;
  if(sp < stackbase)
    return -1;
  if(copyout(pagetable, sp, (char*)ustack, (argc + 1) * sizeof(uintptr)) < 0)
    return -1;
  *spp = sp;
  return argc;
}

// Replace the current process's image with the program at path, with
// arguments argv (kernel strings, 0-terminated array). On success the
// old memory is freed and the process starts at the ELF entry with
// argc as the return value and argv where tf_setexec() puts it. Returns -1, with the
// process untouched, on a bad path, a bad ELF, too many or too long
// arguments, or no memory.
int
kexec(char *path, char **argv)
{
  struct proc *p = myproc();
  pagetable_t pagetable = 0;
  uint64 sz = 0, entry = 0, sp, mapped = 0;
  struct inode *ip;
  int argc;

  begin_op();
  if((ip = namei(path)) == 0){
    end_op();
    return -1;
  }
  ilock(ip);
  if((pagetable = proc_pagetable(p)) == 0)
    goto bad;
  if((sz = loadelf(pagetable, ip, &entry, &mapped)) == 0){
    sz = mapped;   // free what loadelf mapped before it failed
    goto bad;
  }
  iunlockput(ip);
  end_op();
  ip = 0;

  // Then a guard page (mapped, not user-accessible) and the stack.
  sz = PGROUNDUP(sz);
  uint64 nsz = uvmalloc(pagetable, sz, sz + (USERSTACK + 1) * PGSIZE, PTE_W);
  if(nsz == 0)
    goto bad;
  sz = nsz;
  uvmclear(pagetable, sz - (USERSTACK + 1) * PGSIZE);
  sp = sz;
  if((argc = pushargs(pagetable, argv, &sp, sz - USERSTACK * PGSIZE)) < 0)
    goto bad;

  // Commit to the new image.
  char *last = path, *s;
  for(s = path; *s; s++)
    if(*s == '/')
      last = s + 1;
  safestrcpy(p->name, last, sizeof(p->name));

  VMBEGIN();
  pagetable_t oldpagetable = p->pagetable;
  uint64 oldsz = p->sz;
  p->pagetable = pagetable;
  p->sz = sz;
  tf_setexec(p->trapframe, entry, sp, sp);
  if(oldpagetable)
    proc_freepagetable(oldpagetable, oldsz);
  VMEND();
  return argc;

bad:
  if(pagetable)
    proc_freepagetable(pagetable, sz);
  if(ip){
    iunlockput(ip);
    end_op();
  }
  return -1;
}
