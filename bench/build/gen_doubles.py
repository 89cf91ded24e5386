#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# gen_doubles.py: writes N tests that each double a two-parameter function
# and use it once, for honest (HN_DOUBLE, HN_RETURNS) and for fff
# (FAKE_VALUE_FUNC, return_val) with cmocka as its runner (fff has none);
# used by bench/build/run.sh to measure what doubles cost the compiler.
"""Usage: gen_doubles.py FRAMEWORK N OUTDIR   (FRAMEWORK: honest fff)

Writes OUTDIR/chunk_000.c (every test: declare the real prototype, double it,
make it answer 7, call it, assert the answer and one call), OUTDIR/main.c for
fff, and OUTDIR/link.rsp, the link options the program needs (honest: the
link seam, -Wl,--wrap=FN for each doubled function, as honest_add_test
passes; fff: none, its fake is the definition). fff.h comes from the
compiler's include path (run.sh adds the directory of FFF_H)."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import benchlib  # noqa: E402


def name(i):
    return "dep_%05d" % i


def honest(n):
    out = ["#include <honest.h>\n"]
    for i in range(n):
        f = name(i)
        out.append("int %s(int a, int b);\n" % f)
        out.append("HN_DOUBLE(int, %s, int, int);\n" % f)
        out.append("HN_TEST(dbl, t%05d) { HN_RETURNS(%s, 7); HN_ASSERT_EQ(%s(%d, 1), 7); "
                   "HN_ASSERT_CALLED(%s, 1); }\n" % (i, f, f, i, f))
    rsp = "".join("-Wl,--wrap=%s\n" % name(i) for i in range(n))
    return {"chunk_000.c": out}, rsp


CMOCKA_HEAD = ("#include <stdarg.h>\n#include <stddef.h>\n#include <stdint.h>\n"
               "#include <setjmp.h>\n#include <cmocka.h>\n#include \"fff.h\"\n")


def fff(n):
    out = [CMOCKA_HEAD]
    for i in range(n):
        f = name(i)
        out.append("int %s(int a, int b);\n" % f)
        out.append("FAKE_VALUE_FUNC(int, %s, int, int);\n" % f)
        out.append("void dbl_t%05d(void **state);\n" % i)
        out.append("void dbl_t%05d(void **state) { (void)state; RESET_FAKE(%s); "
                   "%s_fake.return_val = 7; assert_int_equal(%s(%d, 1), 7); "
                   "assert_int_equal(%s_fake.call_count, 1); }\n" % (i, f, f, f, i, f))
    main = [CMOCKA_HEAD, "DEFINE_FFF_GLOBALS;\n"]
    main += ["void dbl_t%05d(void **state);\n" % i for i in range(n)]
    main.append("int main(void)\n{\n    const struct CMUnitTest tests[] = {\n")
    main += ["        cmocka_unit_test(dbl_t%05d),\n" % i for i in range(n)]
    main.append("    };\n    return cmocka_run_group_tests_name(\"dbl\", tests, NULL, NULL);\n}\n")
    return {"chunk_000.c": out, "main.c": main}, ""


def main(argv):
    if len(argv) != 4 or argv[1] not in ("honest", "fff") or not argv[2].isdigit():
        sys.stderr.write(__doc__ + "\n")
        return 2
    files, rsp = (honest if argv[1] == "honest" else fff)(int(argv[2]))
    files["link.rsp"] = [rsp]
    benchlib.write_changed(argv[3], files)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
