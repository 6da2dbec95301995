#!/usr/bin/env python3
"""Check README.md's list of the machine interface against the code.

The list is the part of README.md between a line that begins
<!-- machine-interface and the line <!-- /machine-interface --> ("What a
machine provides"): one item a line, "- `NAME`, `NAME`: what they are".
The names listed are the backticked ones before the item's first colon
outside backticks, each the identifier a span begins with (`PTE_COW`,
`PX(level, va)`) or `struct NAME`. The names a machine provides
are what kernel/ARCH/machine.h and kernel/ARCH/trapframe.h define (for
every machine folder), and what kernel/arch.h and kernel/disk.h declare
but no portable .c file defines: macros, types, structs, functions and
variables. A portable file (kernel/*.c, kernel/*.h, comments and strings
left out) that uses one of them which the list lacks is an offence, and
so is a listed name that no machine provides any more.

Usage: python3 tools/machinelist.py [KERNELDIR [README]]
(defaults: kernel and README.md beside tools/). Prints one line per
offence and exits 1 if there is any, else prints nothing and exits 0.
Python 3 standard library only.
"""

import glob
import os
import re
import sys

BEGIN = "<!-- machine-interface"
END = "<!-- /machine-interface -->"
IDENT = re.compile(r"[A-Za-z_]\w*")
KEYWORDS = {"if", "while", "for", "switch", "return", "sizeof", "asm",
            "__asm__", "__attribute__", "_Static_assert", "defined"}


def strip(text):
    """text with comments and string and character literals blanked
    (newlines kept)."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c, d = text[i], text[i:i + 2]
        if d == "//":
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif d == "/*":
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            out.append(" ")
            i = j + 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def toplevel(text):
    """The parts of stripped C text outside every brace, preprocessor
    lines left out, as one string (for declarations)."""
    out, depth = [], 0
    for line in text.split("\n"):
        if line.lstrip().startswith("#"):
            out.append("\n")
            continue
        for c in line:
            if c == "{":
                depth += 1
                out.append(" { ")
            elif c == "}":
                depth -= 1
                out.append(" } ")
            elif depth == 0:
                out.append(c)
        out.append("\n")
    return "".join(out)


def defined(text):
    """The names a header defines or declares: macros (but include
    guards), typedefs, structs ("struct NAME"), functions, extern
    variables."""
    names = set()
    guards = set(re.findall(r"^\s*#\s*ifndef\s+(\w+_H)\b", text, re.M))
    for name in re.findall(r"^\s*#\s*define\s+(\w+)", text, re.M):
        if name not in guards:
            names.add(name)
    top = toplevel(text)
    names.update(re.findall(r"\btypedef\b[^;{]*?\b(\w+)\s*;", top))
    names.update("struct " + s for s in re.findall(r"\bstruct\s+(\w+)\s*\{", top))
    names.update(n for n in re.findall(r"\b(\w+)\s*\(", top) if n not in KEYWORDS)
    names.update(re.findall(r"\bextern\b[^;(]*?\b(\w+)\s*;", top))
    return names


def funcdefs(text):
    """The functions a stripped .c file defines (a name, its parameters,
    then a body)."""
    top = toplevel(text)
    return set(re.findall(r"\b(\w+)\s*\([^;{}()]*\)\s*(?:__attribute__\s*\(\([^)]*\)\)\s*)?\{", top))


def uses(text):
    """The identifiers of stripped C text, and "struct NAME" for each
    struct it names."""
    found = set(IDENT.findall(text))
    found.update("struct " + s for s in re.findall(r"\bstruct\s+(\w+)", text))
    return found


def listed(readme):
    """The names in README's marked list, or None if it has none."""
    with open(readme) as f:
        text = f.read()
    if BEGIN not in text or END not in text:
        return None
    part = text.split(BEGIN, 1)[1].split(END, 1)[0]
    names = set()
    for line in part.split("\n")[1:]:
        if not re.match(r"\s*[-*] ", line):
            continue
        # The item's head: up to its first colon outside backticks.
        head = re.match(r"[^:`]*(?:`[^`]*`[^:`]*)*", line).group(0)
        for span in re.findall(r"`([^`]*)`", head):
            m = re.match(r"\s*(struct\s+\w+|[A-Za-z_]\w*)", span)
            if m:
                names.add(re.sub(r"\s+", " ", m.group(1)))
    return names


def main(argv):
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    kdir = argv[1] if len(argv) > 1 else os.path.join(root, "kernel")
    readme = argv[2] if len(argv) > 2 else os.path.join(root, "README.md")
    kdir = kdir.rstrip("/")

    def read(path):
        with open(path) as f:
            return strip(f.read())

    headers = sorted(glob.glob(os.path.join(kdir, "*", "machine.h")) +
                     glob.glob(os.path.join(kdir, "*", "trapframe.h")))
    portheaders = [os.path.join(kdir, h) for h in ("arch.h", "disk.h")]
    provided = set()
    for h in headers + [p for p in portheaders if os.path.exists(p)]:
        provided |= defined(read(h))
    portable = sorted(glob.glob(os.path.join(kdir, "*.c")) +
                      glob.glob(os.path.join(kdir, "*.h")))
    for c in portable:
        if c.endswith(".c"):
            provided -= funcdefs(read(c))

    used = {}   # name -> "file:line" of its first use in the portable kernel
    for f in portable:
        if f in portheaders:
            continue
        text = read(f)
        for name in sorted(uses(text) & provided):
            if name not in used:
                word = re.escape(name).replace(r"\ ", r"\s+")
                m = re.search(r"\b%s\b" % word, text)
                used[name] = "%s:%d" % (f, text.count("\n", 0, m.start()) + 1)

    have = listed(readme)
    if have is None:
        print("%s: no machine-interface list (%s ... %s)" % (readme, BEGIN + " -->", END))
        return 1
    bad = 0
    for name in sorted(set(used) - have):
        print("%s: uses `%s` of the machine interface, which %s's list lacks"
              % (used[name], name, os.path.basename(readme)))
        bad = 1
    for name in sorted(have - provided):
        print("%s: the machine-interface list names `%s`, which no machine provides"
              % (os.path.basename(readme), name))
        bad = 1
    return bad


if __name__ == "__main__":
    sys.exit(main(sys.argv))
