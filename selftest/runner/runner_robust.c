/* SPDX-License-Identifier: MIT */
/* runner_robust.c: mistakes a test program can make that the runner must
 * catch or survive: names declared twice, fatal assertions off the test's
 * thread, timeouts under --no-fork, and a part's cleanup that fails. */
#include <honest.h>

#include <stdio.h>
#include <stdlib.h>
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

/* A fatal assertion on a thread the test started ends that thread (the
 * statement after it never runs; pthread_join sees it end early), the test's
 * thread goes on, and the test fails with the assertion's message; forked
 * and under --no-fork alike. */
HN_TEST(runner_robust, fatal_assertion_off_the_tests_thread_ends_that_thread)
{
    static const char *const modes[] = {"--jobs=1", "--no-fork"};
    for (int m = 0; m < 2; m++) {
        st_proc p;
        RT_RUN(&p, "thread_assert", modes[m], "--color=never", "--filter=off_thread.*");
        HN_CHECK_EQ(p.exit_code, 1);
        HN_CHECK_STR_EQ(st_last_line(&p), "0 passed, 3 failed, 0 skipped");
        HN_CHECK_STR_CONTAINS(p.out, "FAIL    off_thread.assert_eq");
        HN_CHECK_STR_CONTAINS(p.out, "HN_ASSERT_EQ(1 + 1, 3)\n      left:  2\n      right: 3");
        HN_CHECK_STR_CONTAINS(p.out, "HN_ASSERT_NOT_NULL(p)\n      value: NULL");
        HN_CHECK_STR_CONTAINS(p.out, "HN_ASSERT(arg != NULL)\n      arg != NULL is false");
        HN_CHECK(!strstr(p.out, "after HN_ASSERT"));
        HN_CHECK_EQ(st_count(p.out, "the test's thread goes on; the thread returned nothing "
                                    "(it ended early)"),
                    3);
        st_proc_free(&p);
    }
}

/* HN_CHECK_* from two threads at once: every check is counted (40,000) and
 * the test passes; under ThreadSanitizer (.ci/run) no race is reported. */
HN_TEST(runner_robust, checks_from_two_threads_at_once)
{
    const char *json = rt_path(rt_tmpdir(), "r.json");
    char arg[4200];
    snprintf(arg, sizeof arg, "--json=%s", json);
    st_proc p;
    RT_RUN(&p, "thread_assert", "--filter=on_threads.*", "--color=never", arg);
    HN_CHECK_EQ(p.exit_code, 0);
    HN_CHECK_STR_EQ(p.err, "");
    HN_CHECK_STR_EQ(st_last_line(&p), "1 passed, 0 failed, 0 skipped");
    char *report = rt_read(json);
    HN_CHECK_STR_CONTAINS(report, "\"assertions\": 40002");
    free(report);
    st_proc_free(&p);
}

/* gcc -fanalyzer sees that the code after HN_ASSERT_NOT_NULL(p) runs only
 * when p is not NULL (no "dereference of possibly-NULL" warning). */
HN_TEST(runner_robust, analyzer_sees_that_a_fatal_assertion_does_not_return)
{
    st_proc p;
    rt_sh(&p, "'" RT_CC "' --version", NULL, 10000);
    int gcc = strstr(p.out, "Free Software Foundation") != NULL;
    st_proc_free(&p);
    if (!gcc)
        HN_SKIP("the compiler is not GCC (no -fanalyzer)");
    const char *src = rt_path(rt_tmpdir(), "analyzed.c");
    HN_ASSERT_EQ(st_write_file(src, "#include <honest.h>\n#include <stdlib.h>\n"
                                    "HN_TEST(a, b)\n{\n    int *p = malloc(sizeof *p);\n"
                                    "    HN_ASSERT_NOT_NULL(p);\n    *p = 1;\n"
                                    "    HN_ASSERT(p != NULL);\n    HN_ASSERT_EQ(*p, 1);\n"
                                    "    free(p);\n}\n"),
                 0);
    char cmd[8192];
    snprintf(cmd, sizeof cmd,
             "'%s' -fanalyzer -Werror -c -o /dev/null -I'%s/include' '%s' 2>&1", RT_CC,
             RT_REPO_DIR, src);
    rt_sh(&p, cmd, NULL, 60000);
    HN_CHECK_EQ(p.exit_code, 0);
    HN_CHECK_STR_EQ(p.out, "");
    st_proc_free(&p);
}

/* --no-fork: a timeout stops a test at its next assertion, check or log
 * (busy.checks, spinning in malloc and stdio between checks); a test that
 * reaches none (busy.never_calls_honest) cannot be stopped safely
 * in-process, so the run ends with a message naming it, the tests after it
 * not run. Several runs: the timeout lands at different places inside
 * malloc and stdio, and no run deadlocks. */
HN_TEST(runner_robust, no_fork_timeout_stops_only_where_it_is_safe)
{
    for (int i = 0; i < 4; i++) {
        st_proc p;
        rt_run(&p, "busy", RT_ARGS("--no-fork", "--color=never", "--seed=1"), NULL, 10000);
        HN_CHECK_EQ(p.timed_out, 0);
        HN_CHECK_EQ(p.exited, 1);
        HN_CHECK_EQ(p.exit_code, 1);
        HN_CHECK_STR_CONTAINS(p.out, "TIMEOUT busy.checks");
        HN_CHECK_STR_CONTAINS(p.out, "timed out after 100 ms (interrupted in-process)");
        char want[1024];
        snprintf(want, sizeof want,
                 "honest: busy.never_calls_honest (%s) timed out after 100 ms under "
                 "--no-fork and reached no assertion, check or log within 1000 ms more",
                 place("busy.c", "HN_TEST(busy, never_calls_honest"));
        HN_CHECK_STR_CONTAINS(p.err, want);
        HN_CHECK_STR_CONTAINS(p.err, "the run ends here: this test and the ones after it "
                                     "are not reported");
        HN_CHECK(!strstr(p.out, "zz_after ran"));
        st_proc_free(&p);
    }
}

/* A part's cleanup that fails fatally fails the test, and the parts after
 * it still clean up: once per test, the failing one not run again (were the
 * runner to start the cleanups over after the jump, the first part would
 * fail again and again). Forked and under --no-fork, where the second test
 * shows that the place to go on from does not outlive its test. */
HN_TEST(runner_robust, a_fatal_failure_in_a_cleanup_lets_the_next_parts_clean_up)
{
    static const char *const modes[] = {"--jobs=1", "--no-fork"};
    for (int m = 0; m < 2; m++) {
        st_proc p;
        RT_RUN(&p, "parts", modes[m], "--color=never");
        HN_CHECK_EQ(p.exit_code, 1);
        HN_CHECK_STR_EQ(st_last_line(&p), "0 passed, 2 failed, 0 skipped");
        HN_CHECK_EQ(st_count(p.out, "the first part's cleanup failed"), 2);
        HN_CHECK_EQ(st_count(p.out, "first part cleans up after parts.one\n"), 1);
        HN_CHECK_EQ(st_count(p.out, "first part cleans up after parts.two\n"), 1);
        HN_CHECK_EQ(st_count(p.out, "second part cleaned up after parts.one\n"), 1);
        HN_CHECK_EQ(st_count(p.out, "second part cleaned up after parts.two\n"), 1);
        st_proc_free(&p);
    }
}
