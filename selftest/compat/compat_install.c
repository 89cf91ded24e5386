/* SPDX-License-Identifier: MIT */
/* compat_install.c: an installed honest serves fff and cmocka suites: the
 * layers' headers are installed, find_package(honest) + honest_add_test
 * build and register a cmocka program that keeps its main, and pkg-config
 * links one by hand. */
#include <honest.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "support.h"

static char *tmp;

static void remove_tmp(void)
{
    if (tmp)
        st_rmtree(tmp);
    free(tmp);
    tmp = NULL;
}

HN_SUITE(compat_install, .teardown = remove_tmp, .timeout_ms = 300000);

static st_proc sh(const char *cmd)
{
    const char *argv[] = {"/bin/sh", "-c", cmd, NULL};
    st_opts o = {.timeout_ms = 240000};
    st_proc p;
    HN_ASSERT_EQ(st_run(&p, argv, &o), 0);
    return p;
}

/* Sanitizer builds install instrumented libraries; users need the flags. */
static const char *san(void)
{
    static char flags[256];
    snprintf(flags, sizeof flags, "%s%s", ST_SANITIZE[0] ? "-fsanitize=" : "", ST_SANITIZE);
    return flags;
}

static const char *install(void)
{
    static char prefix[4200];
    char cmd[9000];
    tmp = st_tmpdir();
    snprintf(prefix, sizeof prefix, "%s/prefix", tmp);
    /* Tests that install run at once under ctest -j: cmake --install writes
     * the build directory's install_manifest.txt, so they take turns. */
    snprintf(cmd, sizeof cmd, "flock '%s/.honest-install.lock' '%s' --install '%s' --prefix '%s' "
             ">/dev/null", ST_BUILD_DIR, ST_CMAKE, ST_BUILD_DIR, prefix);
    st_proc p = sh(cmd);
    if (p.exit_code != 0)
        HN_FAIL("cmake --install failed (%d): %s", p.exit_code, p.err);
    st_proc_free(&p);
    static const char *const headers[] = {"include/honest/fff.h", "include/honest/cmocka.h"};
    for (int i = 0; i < 2; i++) {
        char *path = st_join(prefix, headers[i]);
        HN_CHECK_EQ(access(path, F_OK), 0);
        free(path);
    }
    return prefix;
}

HN_TEST(compat_install, find_package_builds_and_ctest_runs_fff_and_cmocka_suites)
{
    const char *prefix = install();
    char cmd[16384];
    snprintf(cmd, sizeof cmd,
             "'%s' -S '%s/consumer' -B '%s/build' -DCMAKE_PREFIX_PATH='%s' "
             "-DCMAKE_C_COMPILER='%s' -DCMAKE_C_FLAGS='%s' -DCMAKE_EXE_LINKER_FLAGS='%s' 2>&1 && "
             "'%s' --build '%s/build' -j2 2>&1 && '%s' --test-dir '%s/build' 2>&1",
             ST_CMAKE, ST_SRC_DIR, tmp, prefix, ST_CC, san(), san(), ST_CMAKE, tmp, ST_CTEST,
             tmp);
    st_proc p = sh(cmd);
    HN_CHECK_EQ(p.exit_code, 0);
    HN_CHECK_STR_CONTAINS(p.out, "alarm.buzzes_above_limit ");
    HN_CHECK_STR_CONTAINS(p.out, "alarm.quiet_at_limit ");
    HN_CHECK_STR_CONTAINS(p.out, "alarm_fff.buzzes_above_limit ");
    HN_CHECK_STR_CONTAINS(p.out, "100% tests passed, 0 tests failed out of 3");
    st_proc_free(&p);
}

/* pkg-config's -lhonest is the shared library, which holds honest's main:
 * the program's own main comes first, and runs its group under honest. */
HN_TEST(compat_install, pkg_config_links_a_cmocka_program)
{
    const char *prefix = install();
    char cmd[16384];
    snprintf(cmd, sizeof cmd,
             "cd '%s' && PKG_CONFIG_PATH='%s/%s/pkgconfig' && export PKG_CONFIG_PATH && "
             "'%s' %s -I'%s/cut' '%s/consumer/alarm_cmocka.c' '%s/cut/alarm.c' "
             "$(pkg-config --cflags --libs honest) -o alarm_cmocka 2>&1 && "
             "LD_LIBRARY_PATH='%s/%s' ./alarm_cmocka --tap",
             tmp, prefix, ST_LIBDIR, ST_CC, san(), ST_SRC_DIR, ST_SRC_DIR, ST_SRC_DIR, prefix,
             ST_LIBDIR);
    st_proc p = sh(cmd);
    HN_CHECK_EQ(p.exit_code, 0);
    /* TAP numbers tests in the order they end, which two jobs may swap. */
    HN_CHECK_STR_CONTAINS(p.out, " - alarm.buzzes_above_limit\n");
    HN_CHECK_STR_CONTAINS(p.out, " - alarm.quiet_at_limit\n");
    HN_CHECK_EQ(st_count(p.out, "not ok"), 0);
    HN_CHECK_STR_CONTAINS(p.out, "2 passed, 0 failed, 0 skipped");
    st_proc_free(&p);
}
