#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# gen.py: writes a suite of N honest tests, each stubbing one function with
# a canned JSON string and asserting on what the code read (so the audit has
# a double and canned data to record for every test); for bench/audit.
"""Usage: gen.py N OUTDIR  -> OUTDIR/fetch.c, subject.c, chunk_KKK.c"""
import os
import sys

CHUNK = 1000


def main():
    n, out = int(sys.argv[1]), sys.argv[2]
    os.makedirs(out, exist_ok=True)
    # fetch in a file of its own: the link seam reaches calls from other files.
    with open(os.path.join(out, "fetch.c"), "w") as f:
        f.write("const char *fetch(int id) { (void)id; return 0; }\n")
    with open(os.path.join(out, "subject.c"), "w") as f:
        f.write("#include <string.h>\nconst char *fetch(int id);\n"
                "int name_len(int id) { const char *b = fetch(id); return b ? (int)strlen(b) : -1; }\n")
    for k in range(0, n, CHUNK):
        with open(os.path.join(out, "chunk_%03d.c" % (k // CHUNK)), "w") as f:
            f.write("#include <honest.h>\nconst char *fetch(int id);\nint name_len(int id);\n"
                    "HN_DOUBLE(const char *, fetch, int);\n")
            for i in range(k, min(n, k + CHUNK)):
                body = '{\\"id\\":%d}' % i
                f.write('HN_TEST(bench, t%05d) { HN_RETURNS(fetch, "%s"); '
                        'HN_ASSERT_EQ(name_len(%d), %d); }\n' % (i, body, i, len('{"id":%d}' % i)))


if __name__ == "__main__":
    main()
