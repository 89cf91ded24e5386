/* SPDX-License-Identifier: MIT */
/* runner_cxx.c: honest.h compiles as C++ (C++11 to C++20, -Wpedantic
 * -Werror), a C++ test program built by honest_add_test runs as any other
 * (progs/cxx.cpp), and a double declared in C++ stops compilation saying so. */
#include <honest.h>

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "rt.h"

HN_SUITE(runner_cxx, .teardown = rt_cleanup);

static void need_cxx(void)
{
    if (!RT_CXX[0])
        HN_SKIP("no C++ compiler was found when honest was configured");
}

HN_TEST(runner_cxx, a_cxx_test_program_runs_and_prints_both_values)
{
    need_cxx();
    st_proc p;
    RT_RUN(&p, "cxx", "--jobs=1", "--color=never");
    HN_CHECK_EQ(p.exit_code, 1);
    HN_CHECK_STR_CONTAINS(p.out, "PASS    cxx.setup_ran ");
    HN_CHECK_STR_CONTAINS(p.out, "PASS    cxx.cxx_types ");
    HN_CHECK_STR_CONTAINS(p.out, "SKIP    cxx.not_today ");
    HN_CHECK_STR_CONTAINS(p.out, "skipped from C++");
    HN_CHECK_STR_CONTAINS(p.out, "PASS    cxx.doubles/one ");
    HN_CHECK_STR_CONTAINS(p.out, "PASS    cxx.doubles/two ");
    HN_CHECK_STR_CONTAINS(p.out, "PASS    cxx.rows_have_names/1 ");
    HN_CHECK_STR_CONTAINS(p.out, "PASS    cxx.json_and_dummies ");
    HN_CHECK_STR_CONTAINS(p.out, "HN_ASSERT_EQ(word.size(), 4u)\n      left:  3\n"
                                 "      right: 4\n");
    HN_CHECK_STR_CONTAINS(p.out, "HN_CHECK_EQ(color::red, color::green)\n      left:  0\n"
                                 "      right: 7\n");
    HN_CHECK_STR_CONTAINS(p.out, "CRASH   cxx.exception_escapes ");
    HN_CHECK_STR_CONTAINS(p.out, "crashed with SIGABRT");
    HN_CHECK_STR_EQ(st_last_line(&p), "7 passed, 3 failed, 1 skipped");
    st_proc_free(&p);
}

/* Compiles src with the C++ compiler as std; returns the finished process. */
static void compile(st_proc *p, const char *std, const char *src)
{
    char cmd[8192];
    snprintf(cmd, sizeof cmd,
             "'%s' -std=%s -Wall -Wextra -Wpedantic -Werror -fsyntax-only -I'%s/include' '%s' 2>&1",
             RT_CXX, std, RT_REPO_DIR, src);
    rt_sh(p, cmd, NULL, 60000);
}

HN_TEST(runner_cxx, honest_h_compiles_as_every_cxx_standard)
{
    need_cxx();
    static const char *const stds[] = {"c++11", "c++14", "c++17", "c++20"};
    for (size_t i = 0; i < sizeof stds / sizeof stds[0]; i++) {
        st_proc p;
        compile(&p, stds[i], RT_SRC_DIR "/progs/cxx.cpp");
        if (p.exit_code != 0)
            HN_FAIL("progs/cxx.cpp does not compile as %s:\n%s", stds[i], p.out);
        st_proc_free(&p);
    }
}

HN_TEST(runner_cxx, a_double_declared_in_cxx_is_refused_by_name)
{
    need_cxx();
    const char *src = rt_path(rt_tmpdir(), "double.cpp");
    FILE *f = fopen(src, "w");
    HN_ASSERT_NOT_NULL(f);
    /* Split so that honest_add_test's scan does not take it for a double of
     * this program. */
    fputs("#include <honest.h>\n#include <stdlib.h>\nHN_DOUBLE" "(int, rand, void);\n", f);
    fclose(f);
    st_proc p;
    compile(&p, "c++17", src);
    HN_CHECK_NE(p.exit_code, 0);
    HN_CHECK_STR_CONTAINS(p.out, "HN_DOUBLE(rand): doubles are declared and configured in "
                                 "C files of the test program, not in C++");
    st_proc_free(&p);
}
