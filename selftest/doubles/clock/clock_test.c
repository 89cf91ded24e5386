/* SPDX-License-Identifier: MIT */
/* clock_test.c: runs clock_prog in forked, --no-fork, shuffled and repeated
 * runs and checks that every test of it passes, in far less than the time
 * its code under test sleeps, and that misuse is reported. */
#include <honest.h>

#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "support.h"

static long long kernel_ms(void)
{
    struct timespec ts;
    syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The number of tests clock_prog holds, from its --list. */
static int test_count(void)
{
    st_proc p;
    const char *argv[] = {ST_CLOCK_PROG, "--list", NULL};
    HN_ASSERT_EQ(st_run(&p, argv, NULL), 0);
    int n = st_count(p.out, "\n");
    st_proc_free(&p);
    return n;
}

typedef struct run_case {
    const char *name;
    const char *args[5];
    int repeat;
} run_case;

static const run_case runs[] = {
    {"forked", {"--jobs=1"}, 1},
    {"forked_two_jobs_shuffled", {"--jobs=2", "--shuffle", "--repeat=5"}, 5},
    {"no_fork", {"--no-fork"}, 1},
    {"no_fork_shuffled_repeated", {"--no-fork", "--shuffle", "--repeat=20"}, 20},
};

HN_TEST_PN(clock, every_fake_clock_test_passes, run_case, runs, name)
{
    int n = test_count();
    HN_ASSERT_EQ(n, 10);
    const char *argv[8] = {ST_CLOCK_PROG, "--color=never"};
    for (int i = 0; i < 5 && HN_PARAM->args[i]; i++)
        argv[2 + i] = HN_PARAM->args[i];
    st_proc p;
    long long t0 = kernel_ms();
    HN_ASSERT_EQ(st_run(&p, argv, &(st_opts){.timeout_ms = 60000}), 0);
    long long took = kernel_ms() - t0;
    HN_CHECK_EQ(p.timed_out, 0);
    char want[64];
    snprintf(want, sizeof want, "%d passed, 0 failed, 0 skipped", n * HN_PARAM->repeat);
    HN_CHECK_STR_EQ(st_last_line(&p), want);
    HN_CHECK_EQ(p.exit_code, 0);
    snprintf(want, sizeof want, "(%d fakes)", 8 * HN_PARAM->repeat);
    HN_CHECK_STR_CONTAINS(p.out, want);
    /* The code under test sleeps 28 s of fake time per repetition: a run
     * that took half of that really slept (a bound loose enough for a
     * loaded machine, where the whole run once took 10 s for 5 s of work). */
    HN_CHECK_LT(took, 14000LL * HN_PARAM->repeat);
    if (p.exit_code != 0)
        HN_LOG("clock_prog printed:\n%s%s", p.out, p.err);
    st_proc_free(&p);
}

HN_TEST(clock, fake_outside_a_test_is_an_error)
{
    st_proc p;
    const char *argv[] = {ST_CLOCK_PROG, NULL};
    const char *env[] = {"CLOCK_PROG_OUTSIDE=1", NULL};
    HN_ASSERT_EQ(st_run(&p, argv, &(st_opts){.env = env}), 0);
    HN_CHECK_EQ(p.exited, 1);
    HN_CHECK_EQ(p.exit_code, 2);
    HN_CHECK_STR_CONTAINS(p.err, "hn_clock_fake was called outside a test");
    HN_CHECK(strstr(p.out, "passed") == NULL);
    st_proc_free(&p);
}
