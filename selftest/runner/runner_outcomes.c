/* SPDX-License-Identifier: MIT */
/* runner_outcomes.c: the verdicts of real test programs (passing, failing
 * with each assertion family, crashing, hanging, forking, empty, skipped,
 * parameterized, suites, expected signals and exits, asserting nothing) as
 * their exit status, last line and whole text report show them. */
#include <honest.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rt.h"

HN_SUITE(runner_outcomes, .teardown = rt_cleanup);

typedef struct golden_case {
    const char *prog;
    const char *filter; /* NULL: every test */
    int exit_code;
    const char *last_line;
} golden_case;

static const golden_case goldens[] = {
    {"pass", NULL, 0, "6 passed, 0 failed, 0 skipped"},
    {"fail", NULL, 1, "1 passed, 17 failed, 0 skipped"},
    {"crash", NULL, 1, "1 passed, 4 failed, 0 skipped"},
    {"hang", "-hang_flag.*", 1, "1 passed, 2 failed, 0 skipped"},
    {"fork", NULL, 0, "3 passed, 0 failed, 0 skipped"},
    {"empty", NULL, 0, "0 passed, 0 failed, 0 skipped"},
    {"skip", NULL, 0, "1 passed, 0 failed, 2 skipped"},
    {"param", NULL, 1, "5 passed, 2 failed, 0 skipped"},
    {"suite", NULL, 1, "2 passed, 2 failed, 0 skipped"},
    {"expect", NULL, 1, "2 passed, 5 failed, 0 skipped"},
    {"nothing", NULL, 0, "2 passed, 0 failed, 0 skipped"},
    {"output", NULL, 1, "1 passed, 1 failed, 0 skipped"},
};

/* Each subject's whole text report, its exit status and its last line. */
HN_TEST_PN(runner_outcomes, text_report, golden_case, goldens, prog)
{
    st_proc p;
    char filter[256], golden[64];
    snprintf(filter, sizeof filter, "--filter=%s", HN_PARAM->filter ? HN_PARAM->filter : "*");
    RT_RUN(&p, HN_PARAM->prog, "--jobs=1", "--seed=7", "--color=never", filter);
    HN_CHECK_EQ(p.exited, 1);
    HN_CHECK_EQ(p.exit_code, HN_PARAM->exit_code);
    HN_CHECK_STR_EQ(st_last_line(&p), HN_PARAM->last_line);
    HN_CHECK_STR_EQ(p.err, "");
    snprintf(golden, sizeof golden, "%s.txt", HN_PARAM->prog);
    rt_golden(golden, p.out);
    st_proc_free(&p);
}

/* The line of a report that starts with `label name ` (static copy). */
static const char *block_of(const char *out, const char *label_name)
{
    static char block[4096];
    const char *at = strstr(out, label_name);
    HN_ASSERT_NOT_NULL(at);
    const char *end = at + 1;
    /* The block runs until the next line that does not start with a space. */
    while ((end = strchr(end, '\n')) && end[1] == ' ')
        end++;
    size_t n = end ? (size_t)(end - at) : strlen(at);
    snprintf(block, sizeof block, "%.*s", (int)(n < sizeof block - 1 ? n : sizeof block - 1), at);
    return block;
}

HN_TEST(runner_outcomes, crash_names_signal_test_and_last_assertion)
{
    st_proc p;
    char want[512];
    const char *src = RT_SRC_DIR "/progs/crash.c";
    RT_RUN(&p, "crash", "--jobs=1");
    HN_ASSERT_EQ(p.exit_code, 1);
    static const struct { const char *test, *sig, *marker; } crashes[] = {
        {"CRASH   crash.segv ", "SIGSEGV", "HN_ASSERT_NULL(p);"},
        {"CRASH   crash.abort ", "SIGABRT", "HN_CHECK_EQ(1, 1);"},
        {"CRASH   crash.fpe ", "SIGFPE", "HN_ASSERT_EQ(zero, 0);"},
    };
    for (size_t i = 0; i < 3; i++) {
        const char *b = block_of(p.out, crashes[i].test);
        snprintf(want, sizeof want, "crashed with %s (", crashes[i].sig);
        HN_CHECK_STR_CONTAINS(b, want);
        snprintf(want, sizeof want, "last assertion reached: %s:%d", src,
                 rt_line_of(src, crashes[i].marker));
        HN_CHECK_STR_CONTAINS(b, want);
    }
    HN_CHECK_STR_CONTAINS(block_of(p.out, "CRASH   crash.before_any_assertion "),
                          "no assertion was reached");
    /* The run went on after the crashes. */
    HN_CHECK_STR_CONTAINS(p.out, "PASS    crash.survivor ");
    st_proc_free(&p);
}

HN_TEST(runner_outcomes, check_goes_on_and_assert_stops)
{
    st_proc p;
    RT_RUN(&p, "fail", "--jobs=1", "--filter=fail.check_goes_on");
    const char *b = block_of(p.out, "FAIL    fail.check_goes_on ");
    HN_CHECK_STR_CONTAINS(b, "HN_CHECK_EQ(1, 2)");
    HN_CHECK_STR_CONTAINS(b, "HN_CHECK(0)");
    HN_CHECK_STR_CONTAINS(b, "still running after two failed checks");
    HN_CHECK_STR_CONTAINS(b, "HN_ASSERT_EQ(3, 4)");
    HN_CHECK(strstr(b, "never shown") == NULL);
    HN_CHECK_STR_EQ(st_last_line(&p), "0 passed, 1 failed, 0 skipped");
    st_proc_free(&p);
}

/* An assertion passes its operands as they are, with how to read each kept
 * as static data (include/honest/assert.h, HN__ARG): a kind read back as the
 * wrong type would fail the comparisons that hold or print another value. */
HN_TEST(runner_outcomes, every_kind_of_operand_keeps_its_value)
{
    st_proc p;
    RT_RUN(&p, "kinds", "--jobs=1", "--color=never");
    HN_CHECK_STR_CONTAINS(p.out, "PASS    kinds.every_comparison_holds ");
    const char *b = block_of(p.out, "FAIL    kinds.every_value_is_printed ");
    static const char *const shown[] = {
        "HN_CHECK_EQ(b, 0)\n      left:  true\n      right: 0\n",
        "HN_CHECK_EQ(c, 'r')\n      left:  'q' (113)\n      right: 114\n",
        "HN_CHECK_EQ(sc, 5)\n      left:  -5\n      right: 5\n",
        "HN_CHECK_EQ(us, 1)\n      left:  65000 (0xfde8)\n      right: 1\n",
        "HN_CHECK_EQ(l, 0)\n      left:  -9223372036854775808\n      right: 0\n",
        "HN_CHECK_EQ(ull, 0)\n      left:  18446744073709551615 (0xffffffffffffffff)\n",
        "HN_CHECK_EQ(f, 2.5)\n      left:  1.5\n      right: 2.5\n",
        "HN_CHECK_EQ(ld, -1.25L)\n      left:  3.75\n      right: -1.25\n",
        "HN_CHECK_EQ(e, RED)\n      left:  7\n      right: -2\n",
        "HN_CHECK_EQ((void *)0x10, NULL)\n      left:  0x10\n      right: NULL",
    };
    for (size_t i = 0; i < sizeof shown / sizeof shown[0]; i++)
        HN_CHECK_STR_CONTAINS(b, shown[i]);
    HN_CHECK_STR_EQ(st_last_line(&p), "1 passed, 1 failed, 0 skipped");
    st_proc_free(&p);
}

/* An operand of no kind an assertion can pass on (HN__ARG gives 0) is a
 * compile error naming the assertion, not a value read back as garbage. */
HN_TEST(runner_outcomes, operands_of_no_comparable_kind_do_not_compile)
{
    st_proc p;
    rt_sh(&p, RT_CC " -std=gnu11 -fsyntax-only -I" RT_REPO_DIR "/include " RT_SRC_DIR
              "/progs/kinds_refused.c", NULL, 60000);
    HN_CHECK_NE(p.exit_code, 0);
    HN_CHECK_STR_CONTAINS(p.err, "HN_ASSERT_EQ(p, p): an operand is not an integer, "
                                 "character, enum, floating value or pointer");
#ifndef __clang__ /* clang's _Generic sees a bit-field's declared type (fine) */
    HN_CHECK_STR_CONTAINS(p.err, "HN_CHECK_NE(f.ready, 0): an operand is not an integer");
#endif
    st_proc_free(&p);
}

/* The line of `text` in file `path` (1-based), 0 when it is not there. */
static int line_of(const char *path, const char *text)
{
    char *src = rt_read(path);
    const char *at = src ? strstr(src, text) : NULL;
    int line = 0;
    if (at) {
        line = 1;
        for (const char *c = src; c < at; c++)
            line += *c == '\n';
    }
    free(src);
    return line;
}

/* Every operator, with signed and with unsigned operands, held and failed
 * (include/honest/assert.h, HN__CMP): a wrong operator would fail the held
 * ones or pass the failed ones, a wrong line or text would not match the
 * source, and a failed HN_ASSERT_* must stop its test. */
HN_TEST(runner_outcomes, every_operator_holds_and_fails_on_both_paths)
{
    st_proc p;
    RT_RUN(&p, "operators", "--jobs=1", "--color=never");
    HN_CHECK_STR_CONTAINS(p.out, "PASS    operators.every_operator_holds ");
    const char *b = block_of(p.out, "FAIL    operators.every_operator_fails ");
    static const char *const failed[] = {
        "HN_CHECK_EQ(a, b)\n      left:  1\n      right: 2\n",
        "HN_CHECK_NE(a, a)\n      left:  1\n      right: 1\n",
        "HN_CHECK_LT(b, a)\n      left:  2\n      right: 1\n",
        "HN_CHECK_LE(b, a)\n      left:  2\n      right: 1\n",
        "HN_CHECK_GT(a, b)\n      left:  1\n      right: 2\n",
        "HN_CHECK_GE(a, b)\n      left:  1\n      right: 2\n",
        "HN_CHECK_EQ(ua, ub)\n      left:  1\n      right: 2\n",
        "HN_CHECK_NE(ua, ua)\n      left:  1\n      right: 1\n",
        "HN_CHECK_LT(ub, ua)\n      left:  2\n      right: 1\n",
        "HN_CHECK_LE(ub, ua)\n      left:  2\n      right: 1\n",
        "HN_CHECK_GT(ua, ub)\n      left:  1\n      right: 2\n",
        "HN_CHECK_GE(ua, ub)\n      left:  1\n      right: 2\n",
    };
    const char *src = RT_SRC_DIR "/progs/operators.c";
    for (size_t i = 0; i < sizeof failed / sizeof failed[0]; i++) {
        HN_CHECK_STR_CONTAINS(b, failed[i]);
        char text[64], where[128];
        snprintf(text, sizeof text, "%.*s;", (int)(strchr(failed[i], '\n') - failed[i]),
                 failed[i]);
        int line = line_of(src, text);
        HN_CHECK_GT(line, 0);
        snprintf(where, sizeof where, "operators.c:%d: %.*s\n", line, (int)strlen(text) - 1,
                 text);
        HN_CHECK_STR_CONTAINS(b, where);
    }
    HN_CHECK_STR_CONTAINS(b, "still running after twelve failed checks");
    const char *s = block_of(p.out, "FAIL    operators.signed_assert_stops ");
    HN_CHECK_STR_CONTAINS(s, "HN_ASSERT_GT(a, 2)\n      left:  -3\n      right: 2");
    HN_CHECK(strstr(s, "never shown") == NULL);
    const char *u = block_of(p.out, "FAIL    operators.unsigned_assert_stops ");
    HN_CHECK_STR_CONTAINS(u, "HN_ASSERT_LE(a, 2u)\n      left:  3\n      right: 2");
    HN_CHECK(strstr(u, "never shown") == NULL);
    HN_CHECK_STR_EQ(st_last_line(&p), "1 passed, 3 failed, 0 skipped");
    st_proc_free(&p);
}

HN_TEST(runner_outcomes, timeouts_kill_hanging_tests_and_the_run_goes_on)
{
    st_proc p;
    /* Both hanging tests would run for ever (or 20 s); the run must end. */
    rt_run(&p, "hang", RT_ARGS("--jobs=2", "--filter=-hang_flag.*"), NULL, 10000);
    HN_ASSERT_EQ(p.exit_code, 1);
    HN_CHECK_STR_CONTAINS(block_of(p.out, "TIMEOUT hang.own_limit "), "timed out after 200 ms");
    HN_CHECK_STR_CONTAINS(block_of(p.out, "TIMEOUT slow_suite.suite_limit "),
                          "timed out after 150 ms");
    HN_CHECK_STR_CONTAINS(p.out, "PASS    hang.quick ");
    HN_CHECK_STR_EQ(st_last_line(&p), "1 passed, 2 failed, 0 skipped");
    st_proc_free(&p);
}

/* 1 when pid names a live process (a zombie counts as ended). */
static int alive(int pid)
{
    char path[64], state = 0;
    snprintf(path, sizeof path, "/proc/%d/stat", pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    int n = fscanf(f, "%*d (%*[^)]) %c", &state);
    fclose(f);
    return n == 1 && state != 'Z' && state != 'X';
}

HN_TEST(runner_outcomes, a_test_that_forks_does_not_hang_the_runner)
{
    st_proc p;
    const char *dir = rt_tmpdir();
    const char *pidfile = rt_path(dir, "child.pid");
    char env_pid[4200];
    snprintf(env_pid, sizeof env_pid, "RT_PIDFILE=%s", pidfile);
    /* The child sleeps 30 s; the run must end long before (10 s limit). */
    rt_run(&p, "fork", RT_ARGS("--jobs=2"), RT_ARGS(env_pid), 10000);
    HN_ASSERT_EQ(p.exit_code, 0);
    HN_CHECK_STR_EQ(st_last_line(&p), "3 passed, 0 failed, 0 skipped");
    /* Reported once each, though child_returns' child went through the runner. */
    HN_CHECK_EQ(st_count(p.out, "fork.child_returns "), 1);
    HN_CHECK_EQ(st_count(p.out, "PASS "), 3);
    char *text = rt_read(pidfile);
    int pid = atoi(text);
    free(text);
    HN_ASSERT_GT(pid, 1);
    /* The runner killed what the test left behind. */
    for (int i = 0; i < 100 && alive(pid); i++)
        usleep(20000);
    HN_CHECK_EQ(alive(pid), 0);
    if (alive(pid))
        kill(pid, SIGKILL);
    st_proc_free(&p);
}

HN_TEST(runner_outcomes, captured_output_is_shown_for_failures_only)
{
    st_proc p;
    RT_RUN(&p, "output", "--jobs=1");
    HN_CHECK(strstr(p.out, "to stdout") == NULL);
    HN_CHECK(strstr(p.out, "to stderr") == NULL);
    HN_CHECK_STR_CONTAINS(block_of(p.out, "FAIL    out.fails "), "    | before the failure");
    /* Nothing of the tests' output leaks out of the capture. */
    HN_CHECK_STR_EQ(p.err, "");
    st_proc_free(&p);
}

/* Issue 11, item 15: a test writing 256 MiB holds a bounded amount of
 * memory (the subject checks its own output file's blocks), and the report
 * shows the head and the tail and says how much was dropped. */
HN_TEST(runner_outcomes, huge_output_keeps_head_and_tail_in_bounded_memory, .timeout_ms = 120000)
{
    st_proc p;
    rt_run(&p, "flood", RT_ARGS("--color=never", "--show-output"), NULL, 90000);
    HN_CHECK_STR_EQ(st_last_line(&p), "1 passed, 0 failed, 0 skipped");
    HN_CHECK_STR_CONTAINS(p.out, "warning: the test wrote 268435485 bytes of output: the first "
                                 "and the last 512 KiB are kept, the 267386909 between were "
                                 "dropped\n");
    HN_CHECK_STR_CONTAINS(p.out, "    | the first line\n");
    HN_CHECK_STR_CONTAINS(p.out, "    | [... honest dropped 267386909 bytes of output here: the "
                                 "first and the last 512 KiB are kept ...]\n");
    HN_CHECK_STR_CONTAINS(p.out, "    | the last line\n");
    st_proc_free(&p);
}

HN_TEST(runner_outcomes, skipped_tests_do_not_run)
{
    st_proc p;
    RT_RUN(&p, "skip", "--jobs=1");
    HN_CHECK_EQ(p.exit_code, 0);
    HN_CHECK(strstr(p.out, "must not run") == NULL);
    HN_CHECK(strstr(p.out, "not reached") == NULL);
    HN_CHECK_STR_CONTAINS(block_of(p.out, "SKIP    skip.declared "), "waiting for issue 12");
    HN_CHECK_STR_CONTAINS(block_of(p.out, "SKIP    skip.at_run_time "), "needs IPv6");
    st_proc_free(&p);
}

HN_TEST(runner_outcomes, parameterized_cases_are_tests_of_their_own)
{
    st_proc p;
    RT_RUN(&p, "param", "--list");
    HN_CHECK_EQ(p.exit_code, 0);
    HN_CHECK_STR_EQ(p.out, "square.named/zero\nsquare.named/two\nsquare.named/wrong\n"
                           "square.named/3\nodd.by_index/0\nodd.by_index/1\nodd.by_index/2\n");
    st_proc_free(&p);
    /* A case can be selected by its name like any test. */
    RT_RUN(&p, "param", "--filter=square.named/wrong");
    HN_CHECK_EQ(p.exit_code, 1);
    HN_CHECK_STR_CONTAINS(p.out, "left:  9\n      right: 10\n");
    HN_CHECK_STR_EQ(st_last_line(&p), "0 passed, 1 failed, 0 skipped");
    st_proc_free(&p);
}
