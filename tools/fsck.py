#!/usr/bin/env python3
"""Check a cowos file system image for consistency, from the host.

usage: fsck.py IMAGE      prints each problem found; exit 1 if any.

The on-disk format is kernel/fs.h: 1024-byte blocks; block 1 is the
superblock; then the log, the inodes (64 bytes each), the free bitmap,
and the data blocks. Checks: every directory has correct . and ..;
directory entries name allocated inodes; every allocated inode is
reachable from the root (an inode unlinked while open must have been
reclaimed at boot); file link counts equal their directory entries;
no block is used twice or lies outside the data area; the bitmap marks
exactly the metadata and the blocks in use (no leaks).
Also importable: Image(path).files("/") for the crash tests.
"""

import struct
import sys

BSIZE = 1024
FSMAGIC = 0x10203040
NDIRECT = 12
NINDIRECT = BSIZE // 4
DINODE_SIZE = 64
IPB = BSIZE // DINODE_SIZE
DIRENT_SIZE = 16
ROOTINO = 1
T_DIR, T_FILE, T_DEVICE = 1, 2, 3
MAXNLINK = 32767          # the largest link count
NLINK_OFFSET = 6          # of nlink in an inode: after type, major, minor
# The superblock (struct superblock) is block 1: eight uints, in this
# order. An Image has an attribute of each name.
SB_FIELDS = ["magic", "size", "nblocks", "ninodes", "nlog", "logstart", "inodestart",
             "bmapstart"]


def sb_offset(field):
    """Byte offset in the image of superblock field field (of SB_FIELDS)."""
    return BSIZE + 4 * SB_FIELDS.index(field)


class Image:
    """A disk image read into memory (raw), with its superblock fields as
    attributes; read-only but for what callers do to raw."""

    def __init__(self, path):
        with open(path, "rb") as f:
            self.raw = f.read()
        for field, value in zip(SB_FIELDS, struct.unpack_from("<8I", self.raw, BSIZE)):
            setattr(self, field, value)
        self.nbitmap = (self.size + BSIZE * 8 - 1) // (BSIZE * 8)
        self.datastart = self.bmapstart + self.nbitmap

    def block(self, b):
        return self.raw[b * BSIZE:(b + 1) * BSIZE]

    def inode_offset(self, inum):
        """Byte offset of inode inum in the image."""
        return (self.inodestart + inum // IPB) * BSIZE + (inum % IPB) * DINODE_SIZE

    def inode(self, inum):
        """(type, major, minor, nlink, size, addrs[13])"""
        off = self.inode_offset(inum)
        t, ma, mi, nl, sz = struct.unpack_from("<4hI", self.raw, off)
        addrs = struct.unpack_from("<13I", self.raw, off + 12)
        return t, ma, mi, nl, sz, addrs

    def blocklist(self, inum):
        """Data block numbers of inum in file order (0 = hole), and the
        indirect block (0 if none)."""
        addrs = self.inode(inum)[5]
        blocks = list(addrs[:NDIRECT])
        ind = addrs[NDIRECT]
        if ind:
            blocks += list(struct.unpack_from("<%dI" % NINDIRECT, self.raw, ind * BSIZE))
        return blocks, ind

    def content(self, inum):
        size = self.inode(inum)[4]
        blocks, _ = self.blocklist(inum)
        out = bytearray()
        for b in blocks:
            if len(out) >= size:
                break
            out += self.block(b) if b else bytes(BSIZE)
        return bytes(out[:size])

    def entries(self, inum):
        """[(inum, name)] of the used entries of directory inum."""
        data = self.content(inum)
        out = []
        for off in range(0, len(data) - DIRENT_SIZE + 1, DIRENT_SIZE):
            e, = struct.unpack_from("<H", data, off)
            if e:
                name = data[off + 2:off + DIRENT_SIZE].split(b"\0", 1)[0]
                out.append((e, name.decode("latin-1")))
        return out

    def files(self, dirinum=ROOTINO):
        """{name: content} of the regular files in a directory."""
        return {name: self.content(e) for e, name in self.entries(dirinum)
                if self.inode(e)[0] == T_FILE}

    def bitmap_bit(self, b):
        byte = self.raw[(self.bmapstart + b // (BSIZE * 8)) * BSIZE + (b % (BSIZE * 8)) // 8]
        return (byte >> (b % 8)) & 1


def check(img):
    """Returns the list of problems found in img (an Image)."""
    errs = []
    if img.magic != FSMAGIC:
        return ["bad superblock magic 0x%x" % img.magic]
    if img.datastart + img.nblocks != img.size:
        errs.append("superblock: data area %d + %d blocks != size %d"
                    % (img.datastart, img.nblocks, img.size))

    # Walk the tree from the root.
    refs = {}            # inum -> directory entries naming it (not . or ..)
    seen = set()
    todo = [(ROOTINO, ROOTINO)]
    while todo:
        d, parent = todo.pop()
        if d in seen:
            errs.append("directory %d reached twice" % d)
            continue
        seen.add(d)
        ents = img.entries(d)
        if len(ents) < 2 or ents[0] != (d, ".") or ents[1] != (parent, ".."):
            errs.append("directory %d: bad . or .. (%s)" % (d, ents[:2]))
        for e, name in ents:
            if name in (".", ".."):
                continue
            if e >= img.ninodes:
                errs.append("directory %d: entry %r names inode %d out of range" % (d, name, e))
                continue
            t = img.inode(e)[0]
            if t == 0:
                errs.append("directory %d: entry %r names free inode %d" % (d, name, e))
                continue
            refs[e] = refs.get(e, 0) + 1
            if t == T_DIR:
                todo.append((e, d))

    owner = {}
    for inum in range(1, img.ninodes):
        t, _, _, nlink, size, _ = img.inode(inum)
        if t == 0:
            continue
        if t not in (T_DIR, T_FILE, T_DEVICE):
            errs.append("inode %d: bad type %d" % (inum, t))
            continue
        if inum != ROOTINO and inum not in refs:
            errs.append("inode %d (type %d, nlink %d): allocated but unreachable"
                        % (inum, t, nlink))
        if t != T_DIR and nlink != refs.get(inum, 0):
            errs.append("inode %d: nlink %d but %d directory entries"
                        % (inum, nlink, refs.get(inum, 0)))
        if size > (NDIRECT + NINDIRECT) * BSIZE:
            errs.append("inode %d: size %d beyond MAXFILE" % (inum, size))
        blocks, ind = img.blocklist(inum)
        for b in [ind] + blocks:
            if b == 0:
                continue
            if not img.datastart <= b < img.size:
                errs.append("inode %d: block %d outside the data area" % (inum, b))
            elif b in owner:
                errs.append("block %d used by inodes %d and %d" % (b, owner[b], inum))
            else:
                owner[b] = inum

    for b in range(img.size):
        used = b < img.datastart or b in owner
        bit = img.bitmap_bit(b)
        if used and not bit:
            errs.append("block %d in use but free in the bitmap" % b)
        elif bit and not used:
            errs.append("block %d marked in the bitmap but unused (leaked)" % b)
    return errs


def main():
    if len(sys.argv) != 2:
        print(__doc__.strip().split("\n")[2])
        return 2
    errs = check(Image(sys.argv[1]))
    for e in errs:
        print("fsck: " + e)
    print("fsck: %s: %s" % (sys.argv[1], "%d problems" % len(errs) if errs else "clean"))
    return 1 if errs else 0


if __name__ == "__main__":
    sys.exit(main())
