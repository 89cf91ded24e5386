#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# gen.py: writes N trivial tests (one integer equality each) for honest,
# Criterion, cmocka or Check as C sources; used by bench/runner/run.sh.
"""Usage: gen.py FRAMEWORK N OUTDIR   (FRAMEWORK: honest criterion cmocka check)

Writes OUTDIR/chunk_KKK.c (at most 1,000 tests each, so that a build can use
both cores) and, for frameworks whose main lists the tests, OUTDIR/main.c.
Every test reads a volatile int and asserts that it equals a constant, so the
comparison really runs in every framework and nothing is folded away."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import benchlib  # noqa: E402

CHUNK = 1000


def body(i):
    return "volatile int v = %d;" % i


def honest_chunk(ids):
    out = ["#include <honest.h>\n"]
    out += ["HN_TEST(bench, t%05d) { %s HN_ASSERT_EQ(v, %d); }\n"
            % (i, body(i), i) for i in ids]
    return out


def criterion_chunk(ids):
    out = ["#include <criterion/criterion.h>\n"]
    out += ["Test(bench, t%05d) { %s cr_assert_eq(v, %d); }\n"
            % (i, body(i), i) for i in ids]
    return out


CMOCKA_HEAD = ("#include <stdarg.h>\n#include <stddef.h>\n#include <stdint.h>\n"
               "#include <setjmp.h>\n#include <cmocka.h>\n")


def cmocka_chunk(ids):
    out = [CMOCKA_HEAD]
    for i in ids:
        out.append("void bench_t%05d(void **state);\n" % i)
        out.append("void bench_t%05d(void **state) { (void)state; %s "
                   "assert_int_equal(v, %d); }\n" % (i, body(i), i))
    return out


def cmocka_main(n):
    out = [CMOCKA_HEAD]
    out += ["void bench_t%05d(void **state);\n" % i for i in range(n)]
    out.append("int main(void)\n{\n    const struct CMUnitTest tests[] = {\n")
    out += ["        cmocka_unit_test(bench_t%05d),\n" % i for i in range(n)]
    out.append("    };\n    return cmocka_run_group_tests_name(\"bench\", "
               "tests, NULL, NULL);\n}\n")
    return out


def check_chunk(ids, k):
    out = ["#include <check.h>\n"]
    for i in ids:
        out.append("START_TEST(t%05d) { %s ck_assert_int_eq(v, %d); }\n"
                   "END_TEST\n" % (i, body(i), i))
    out.append("void bench_add_%03d(TCase *tc);\n" % k)
    out.append("void bench_add_%03d(TCase *tc)\n{\n" % k)
    out += ["    tcase_add_test(tc, t%05d);\n" % i for i in ids]
    out.append("}\n")
    return out


def check_main(chunks):
    out = ["#include <check.h>\n#include <stdlib.h>\n"]
    out += ["void bench_add_%03d(TCase *tc);\n" % k for k in range(chunks)]
    out.append("int main(void)\n{\n    Suite *s = suite_create(\"bench\");\n"
               "    TCase *tc = tcase_create(\"bench\");\n")
    out += ["    bench_add_%03d(tc);\n" % k for k in range(chunks)]
    out.append("    suite_add_tcase(s, tc);\n"
               "    SRunner *sr = srunner_create(s);\n"
               "    srunner_run_all(sr, CK_NORMAL);\n"
               "    int failed = srunner_ntests_failed(sr);\n"
               "    srunner_free(sr);\n"
               "    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;\n}\n")
    return out


def generate(fw, n):
    """Returns {file name: list of text pieces} for framework fw."""
    files = {}
    chunks = (n + CHUNK - 1) // CHUNK
    for k in range(chunks):
        ids = range(k * CHUNK, min(n, (k + 1) * CHUNK))
        name = "chunk_%03d.c" % k
        if fw == "honest":
            files[name] = honest_chunk(ids)
        elif fw == "criterion":
            files[name] = criterion_chunk(ids)
        elif fw == "cmocka":
            files[name] = cmocka_chunk(ids)
        else:
            files[name] = check_chunk(ids, k)
    if fw == "cmocka":
        files["main.c"] = cmocka_main(n)
    elif fw == "check":
        files["main.c"] = check_main(chunks)
    return files


def main(argv):
    fws = ("honest", "criterion", "cmocka", "check")
    if len(argv) != 4 or argv[1] not in fws or not argv[2].isdigit():
        sys.stderr.write(__doc__ + "\n")
        return 2
    benchlib.write_changed(argv[3], generate(argv[1], int(argv[2])))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
