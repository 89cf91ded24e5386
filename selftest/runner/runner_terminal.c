/* SPDX-License-Identifier: MIT */
/* runner_terminal.c: what a test binary does on a terminal (a live progress
 * line, colour with --color=auto) and what it does not do in a pipe, under
 * CI, with TERM=dumb or NO_COLOR. The terminal is a real pseudo-terminal made
 * by util-linux's script(1). */
#include <honest.h>

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "rt.h"

/* Runs "PROG ARGS" on a pseudo-terminal with the extra environment. */
static void on_terminal(st_proc *p, const char *prog_args, const char *const *env)
{
    char cmd[8192];
    snprintf(cmd, sizeof cmd, "script -qec \"%s/%s\" /dev/null", RT_PROGS_DIR, prog_args);
    rt_sh(p, cmd, env, 20000);
    HN_ASSERT_EQ(p->exited, 1);
}

static const char *const terminal_env[] = {"TERM=xterm", NULL};

HN_TEST(runner_terminal, progress_line_on_a_terminal)
{
    st_proc p;
    on_terminal(&p, "names --filter='twenty.*' --jobs=1 --color=never", terminal_env);
    HN_CHECK_EQ(p.exit_code, 0);
    HN_CHECK_STR_CONTAINS(p.out, "[1/20] 0 failed\r\033[K");
    HN_CHECK_STR_CONTAINS(p.out, "[20/20] 0 failed\r\033[K");
    /* Passing tests are quiet on a terminal: the progress line says enough. */
    HN_CHECK(strstr(p.out, "PASS ") == NULL);
    HN_CHECK_STR_EQ(st_last_line(&p), "20 passed, 0 failed, 0 skipped\r");
    st_proc_free(&p);
}

HN_TEST(runner_terminal, progress_counts_failures_and_failures_are_shown)
{
    st_proc p;
    on_terminal(&p, "fail --jobs=1 --color=never", terminal_env);
    HN_CHECK_EQ(p.exit_code, 1);
    HN_CHECK_STR_CONTAINS(p.out, "[1/18] 1 failed\r\033[K");
    HN_CHECK_STR_CONTAINS(p.out, "[18/18] 17 failed\r\033[K");
    HN_CHECK_STR_CONTAINS(p.out, "FAIL    fail.assert ");
    HN_CHECK_STR_EQ(st_last_line(&p), "1 passed, 17 failed, 0 skipped\r");
    st_proc_free(&p);
}

HN_TEST(runner_terminal, no_progress_line_in_a_pipe)
{
    st_proc p;
    RT_RUN(&p, "names", "--filter=twenty.*", "--jobs=1");
    HN_CHECK(strstr(p.out, "[1/") == NULL);
    HN_CHECK(strchr(p.out, '\033') == NULL);
    HN_CHECK(strchr(p.out, '\r') == NULL);
    HN_CHECK_EQ(st_count(p.out, "PASS    twenty."), 20);
    st_proc_free(&p);
}

HN_TEST(runner_terminal, no_progress_line_under_ci_dumb_terminal_or_tap)
{
    static const char *const ci[] = {"TERM=xterm", "CI=true", NULL};
    static const char *const dumb[] = {"TERM=dumb", NULL};
    st_proc p;
    on_terminal(&p, "names --filter='twenty.*' --jobs=1", ci);
    HN_CHECK(strstr(p.out, "[1/20]") == NULL);
    HN_CHECK_EQ(st_count(p.out, "PASS "), 20);
    st_proc_free(&p);
    on_terminal(&p, "names --filter='twenty.*' --jobs=1", dumb);
    HN_CHECK(strstr(p.out, "[1/20]") == NULL);
    HN_CHECK(strchr(p.out, '\033') == NULL);
    st_proc_free(&p);
    on_terminal(&p, "names --filter='twenty.*' --jobs=1 --tap", terminal_env);
    HN_CHECK(strstr(p.out, "[1/20]") == NULL);
    HN_CHECK_STR_CONTAINS(p.out, "ok 20 - twenty.t19");
    st_proc_free(&p);
}

HN_TEST(runner_terminal, color_auto_follows_the_terminal_and_no_color)
{
    static const char *const no_color[] = {"TERM=xterm", "NO_COLOR=1", NULL};
    st_proc p;
    on_terminal(&p, "output --jobs=1", terminal_env);
    HN_CHECK_STR_CONTAINS(p.out, "\033[31mFAIL");
    st_proc_free(&p);
    on_terminal(&p, "output --jobs=1 --color=auto", no_color);
    HN_CHECK_STR_CONTAINS(p.out, "FAIL    out.fails");
    HN_CHECK(strstr(p.out, "\033[31m") == NULL);
    st_proc_free(&p);
    on_terminal(&p, "output --jobs=1 --color=never", terminal_env);
    HN_CHECK(strstr(p.out, "\033[31m") == NULL);
    st_proc_free(&p);
}

static double ms_since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) * 1e3 + (double)(t.tv_nsec - t0->tv_nsec) / 1e6;
}

/* The launcher reports the ends of several tests in one message, but holds
 * none back for long: a test's result is shown while the test after it
 * still runs, even with more tests queued behind (later.b_sleeps sleeps 3 s;
 * later.c to later.f wait behind it). */
HN_TEST(runner_terminal, a_result_is_shown_while_the_next_test_runs)
{
    int out;
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pid_t pid = rt_start("later", RT_ARGS("--jobs=1", "--color=never"), &out);
    char buf[8192] = "";
    size_t got = 0;
    ssize_t n;
    while (!strstr(buf, "PASS    later.a_quick ") && got < sizeof buf - 1 &&
           (n = read(out, buf + got, sizeof buf - 1 - got)) > 0) {
        got += (size_t)n;
        buf[got] = '\0';
    }
    double shown_ms = ms_since(&t0);
    kill(pid, SIGTERM);
    waitpid(pid, NULL, 0);
    close(out);
    HN_CHECK_STR_CONTAINS(buf, "PASS    later.a_quick ");
    HN_CHECK(strstr(buf, "later.b_sleeps") == NULL);
    /* Well before later.b_sleeps could end (3 s). */
    HN_CHECK_LT(shown_ms, 2000.0);
}
