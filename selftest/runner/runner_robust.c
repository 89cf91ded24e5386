/* SPDX-License-Identifier: MIT */
/* runner_robust.c: mistakes a test program can make that the runner must
 * catch or survive: names declared twice, fatal assertions off the test's
 * thread, and timeouts under --no-fork. */
#include <honest.h>

#include <stdio.h>
#include <string.h>

#include "rt.h"

HN_SUITE(runner_robust, .teardown = rt_cleanup);

/* "PATH:LINE" of the line of a subject's source holding needle (static). */
static const char *place(const char *file, const char *needle)
{
    static char at[4][512];
    static int next;
    char *s = at[next++ % 4];
    char path[400];
    snprintf(path, sizeof path, RT_SRC_DIR "/progs/%s", file);
    snprintf(s, 512, "%s:%d", path, rt_line_of(path, needle));
    return s;
}

/* A suite declared in two files and a test defined in both: the program
 * stops at start (status 2), names both places of each, and runs nothing;
 * the cases of a parameterized test are not taken for duplicates. */
HN_TEST(runner_robust, duplicate_names_stop_the_run)
{
    st_proc p;
    RT_RUN(&p, "dup", "--jobs=1");
    HN_CHECK_EQ(p.exited, 1);
    HN_CHECK_EQ(p.exit_code, 2);
    HN_CHECK_STR_EQ(p.out, "");
    char want[2048];
    snprintf(want, sizeof want,
             "%s: error: suite shared is declared again (first at %s); HN_SUITE may appear "
             "once per suite: keep one, or rename one of the suites\n",
             place("dup_b.c", "HN_SUITE(shared"), place("dup_a.c", "HN_SUITE(shared"));
    HN_CHECK_STR_CONTAINS(p.err, want);
    snprintf(want, sizeof want,
             "%s: error: test shared.twice is defined again (first at %s); rename one of "
             "them\n",
             place("dup_b.c", "HN_TEST(shared, twice)"),
             place("dup_a.c", "HN_TEST(shared, twice)"));
    HN_CHECK_STR_CONTAINS(p.err, want);
    HN_CHECK_STR_CONTAINS(p.err, "honest: 2 names declared twice; no test ran\n");
    HN_CHECK_EQ(st_count(p.err, "error:"), 2);
    HN_CHECK(!strstr(p.err, "cased"));
    st_proc_free(&p);
    /* Also when only listing. */
    RT_RUN(&p, "dup", "--list");
    HN_CHECK_EQ(p.exit_code, 2);
    HN_CHECK_STR_EQ(p.out, "");
    st_proc_free(&p);
}
