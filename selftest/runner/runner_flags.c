/* SPDX-License-Identifier: MIT */
/* runner_flags.c: every flag of a test binary (and the sharding variables of
 * Bazel and GoogleTest), each with a check that fails if the flag stopped
 * working; usage errors exit 2 with a one-line message naming the flag. */
#include <honest.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "rt.h"

HN_SUITE(runner_flags, .teardown = rt_cleanup);

/* The names of names.c in registration order, as --list prints them. */
static const char all_names[] =
    "twenty.t00\ntwenty.t01\ntwenty.t02\ntwenty.t03\ntwenty.t04\ntwenty.t05\ntwenty.t06\n"
    "twenty.t07\ntwenty.t08\ntwenty.t09\ntwenty.t10\ntwenty.t11\ntwenty.t12\ntwenty.t13\n"
    "twenty.t14\ntwenty.t15\ntwenty.t16\ntwenty.t17\ntwenty.t18\ntwenty.t19\n"
    "net.connect\nnet.slow_read\nnet.slow_write\ndisk.read\n";

HN_TEST(runner_flags, list_prints_every_test_and_runs_none)
{
    st_proc p;
    RT_RUN(&p, "names", "--list");
    HN_CHECK_EQ(p.exit_code, 0);
    HN_CHECK_STR_EQ(p.out, all_names);
    HN_CHECK_STR_EQ(p.err, "");
    st_proc_free(&p);
}

typedef struct filter_case {
    const char *name;
    const char *filter;
    const char *selected;
} filter_case;

static const filter_case filters[] = {
    {"glob", "net.*", "net.connect\nnet.slow_read\nnet.slow_write\n"},
    {"exclusion", "net.*:-net.slow*", "net.connect\n"},
    {"question_mark", "twenty.t0?",
     "twenty.t00\ntwenty.t01\ntwenty.t02\ntwenty.t03\ntwenty.t04\ntwenty.t05\n"
     "twenty.t06\ntwenty.t07\ntwenty.t08\ntwenty.t09\n"},
    {"class_and_list", "twenty.t1[0-2]:disk.*", "twenty.t10\ntwenty.t11\ntwenty.t12\ndisk.read\n"},
    {"only_exclusions", "-twenty.*:-net.slow_*", "net.connect\ndisk.read\n"},
    {"exact", "disk.read", "disk.read\n"},
    {"star_inside", "*.slow_*", "net.slow_read\nnet.slow_write\n"},
    {"no_match", "nothing.matches", ""},
};

/* The filter selects the same tests for --list and for a run. */
HN_TEST_PN(runner_flags, filter, filter_case, filters, name)
{
    st_proc p;
    char arg[256], last[64];
    snprintf(arg, sizeof arg, "--filter=%s", HN_PARAM->filter);
    RT_RUN(&p, "names", arg, "--list");
    HN_CHECK_STR_EQ(p.out, HN_PARAM->selected);
    st_proc_free(&p);
    RT_RUN(&p, "names", arg, "--jobs=1");
    HN_CHECK_EQ(p.exit_code, 0);
    char *ran = rt_names(p.out);
    HN_CHECK_STR_EQ(ran, HN_PARAM->selected);
    snprintf(last, sizeof last, "%d passed, 0 failed, 0 skipped", st_count(HN_PARAM->selected, "\n"));
    HN_CHECK_STR_EQ(st_last_line(&p), last);
    free(ran);
    st_proc_free(&p);
}

/* A line "    | partyK line I" of test `me` inside its own output block. */
static void check_blocks(const char *out)
{
    for (int me = 0; me < 4; me++) {
        char head[64], want[64];
        snprintf(head, sizeof head, "PASS    many.party%d ", me);
        const char *at = strstr(out, head);
        HN_ASSERT_NOT_NULL(at);
        at = strstr(at, "    output:\n");
        HN_ASSERT_NOT_NULL(at);
        at += strlen("    output:\n");
        for (int i = 0; i < 300; i++) {
            snprintf(want, sizeof want, "    | party%d line %d\n", me, i);
            if (strncmp(at, want, strlen(want)) != 0)
                HN_FAIL("output of many.party%d is broken at its line %d: \"%.40s\"", me, i, at);
            at += strlen(want);
        }
    }
}

HN_TEST(runner_flags, jobs_runs_tests_at_once_and_never_interleaves_output)
{
    st_proc p;
    char env[4200];
    snprintf(env, sizeof env, "RT_DIR=%s", rt_tmpdir());
    /* The four tests pass only when they all run at the same time. */
    rt_run(&p, "many", RT_ARGS("--jobs=4", "--show-output", "--color=never"), RT_ARGS(env), 20000);
    HN_CHECK_EQ(p.exit_code, 0);
    HN_CHECK_STR_CONTAINS(rt_first_line(p.out), "forked, 4 jobs)");
    HN_CHECK_STR_EQ(st_last_line(&p), "4 passed, 0 failed, 0 skipped");
    check_blocks(p.out);
    st_proc_free(&p);
}

HN_TEST(runner_flags, jobs_accepts_a_separate_value)
{
    st_proc p;
    RT_RUN(&p, "names", "--jobs", "3", "--filter", "disk.read");
    HN_CHECK_EQ(p.exit_code, 0);
    HN_CHECK_STR_CONTAINS(rt_first_line(p.out), "forked, 3 jobs)");
    HN_CHECK_STR_EQ(st_last_line(&p), "1 passed, 0 failed, 0 skipped");
    st_proc_free(&p);
}

/* The text report without its first line (which says forked or no-fork). */
static char *verdicts(const char *prog, const char *mode)
{
    st_proc p;
    RT_RUN(&p, prog, "--jobs=1", "--seed=7", "--color=never", mode);
    char *norm = rt_norm(strchr(p.out, '\n') ? strchr(p.out, '\n') + 1 : p.out);
    st_proc_free(&p);
    return norm;
}

typedef struct prog_name {
    const char *prog;
} prog_name;

static const prog_name same_in_process[] = {{"pass"}, {"fail"}, {"skip"}, {"param"}, {"nothing"}};

HN_TEST_PN(runner_flags, no_fork_gives_the_same_verdicts, prog_name, same_in_process, prog)
{
    char *forked = verdicts(HN_PARAM->prog, "--color=never");
    char *here = verdicts(HN_PARAM->prog, "--no-fork");
    HN_CHECK_STR_EQ(here, forked);
    free(forked);
    free(here);
}

HN_TEST(runner_flags, no_fork_runs_in_process)
{
    st_proc p;
    RT_RUN(&p, "output", "--no-fork", "--jobs=4", "--color=never");
    HN_CHECK_EQ(p.exit_code, 1);
    HN_CHECK_STR_CONTAINS(rt_first_line(p.out), "no-fork)");
    /* Nothing is captured: the tests' output reaches the terminal as is. */
    HN_CHECK_STR_CONTAINS(p.out, "\nto stdout\n");
    HN_CHECK_STR_CONTAINS(p.err, "to stderr\n");
    HN_CHECK(strstr(p.out, "| to stdout") == NULL);
    HN_CHECK_STR_EQ(st_last_line(&p), "1 passed, 1 failed, 0 skipped");
    st_proc_free(&p);
    /* A timeout interrupts the test in-process. */
    rt_run(&p, "hang", RT_ARGS("--no-fork", "--filter=hang.*"), NULL, 10000);
    HN_CHECK_EQ(p.exit_code, 1);
    HN_CHECK_STR_CONTAINS(p.out, "timed out after 200 ms (interrupted in-process)");
    HN_CHECK_STR_EQ(st_last_line(&p), "1 passed, 1 failed, 0 skipped");
    st_proc_free(&p);
    /* One after another: the second limit fires too (slow_suite.suite_limit
     * would sleep 20 s; rt_run fails the test after 10). */
    rt_run(&p, "hang", RT_ARGS("--no-fork", "--filter=hang.own_limit:slow_suite.*"), NULL, 10000);
    HN_CHECK_STR_CONTAINS(p.out, "timed out after 200 ms (interrupted in-process)");
    HN_CHECK_STR_CONTAINS(p.out, "timed out after 150 ms (interrupted in-process)");
    HN_CHECK_STR_EQ(st_last_line(&p), "0 passed, 2 failed, 0 skipped");
    st_proc_free(&p);
}

/* exit() in --no-fork ends the run, but the test is reported, the reports
 * are written and the summary line printed first. */
HN_TEST(runner_flags, no_fork_exit_is_reported_before_the_run_ends)
{
    st_proc p;
    char *dir = st_tmpdir(), *json = st_join(dir, "r.json"), arg[4096];
    snprintf(arg, sizeof arg, "--json=%s", json);
    RT_RUN(&p, "expect", "--no-fork", "--filter=expect.unexpected_exit", "--color=never", arg);
    HN_CHECK_EQ(p.exit_code, 1);
    HN_CHECK_STR_CONTAINS(p.out, "FAIL    expect.unexpected_exit ");
    HN_CHECK_STR_CONTAINS(p.out, "the test called exit(0) in --no-fork mode, which ends the run");
    HN_CHECK_STR_EQ(st_last_line(&p), "0 passed, 1 failed, 0 skipped");
    char *doc = st_read_file(json, NULL);
    HN_ASSERT_NOT_NULL(doc);
    HN_CHECK_STR_CONTAINS(doc, "\"status\": \"failed\"");
    free(doc);
    st_proc_free(&p);
    st_rmtree(dir);
    free(json);
    free(dir);
}

/* Starts the hang subject on a test that sleeps 20 s, its standard output
 * into *out (the caller reads and closes it); returns once the test runs. */
static pid_t start_hanging_run(int *out)
{
    pid_t pid = rt_start("hang", RT_ARGS("--filter=hang_flag.sleeps", "--color=never"), out);
    usleep(300 * 1000);
    return pid;
}

/* SIGINT (Ctrl-C) or SIGTERM to the runner ends the run promptly: running
 * tests are killed, the summary line is printed, the status is 1. */
static void interrupt_with(int sig)
{
    int out;
    pid_t pid = start_hanging_run(&out);
    HN_ASSERT_EQ(kill(pid, sig), 0);
    char buf[8192] = "";
    size_t got = 0;
    ssize_t n;
    while (got < sizeof buf - 1 && (n = read(out, buf + got, sizeof buf - 1 - got)) > 0)
        got += (size_t)n;
    buf[got] = '\0';
    close(out);
    int status = 0;
    HN_ASSERT_EQ(waitpid(pid, &status, 0), pid);
    HN_CHECK(WIFEXITED(status));
    HN_CHECK_EQ(WEXITSTATUS(status), 1);
    HN_CHECK_STR_CONTAINS(buf, "interrupted: 1 of 1 tests ran");
    HN_CHECK_STR_CONTAINS(buf, "\n0 passed, 1 failed, 0 skipped\n");
}

/* 300 tests: their descriptors fill pages the launcher keeps out of test
 * processes; every test still runs with its own name, options and case. */
HN_TEST(runner_flags, many_tests_keep_their_descriptors)
{
    st_proc p;
    RT_RUN(&p, "wide", "--jobs=2", "--color=never");
    HN_CHECK_EQ(p.exit_code, 0);
    HN_CHECK_STR_EQ(st_last_line(&p), "305 passed, 0 failed, 0 skipped");
    HN_CHECK_STR_CONTAINS(p.out, "PASS    wide.t299 ");
    HN_CHECK_STR_CONTAINS(p.out, "PASS    wide.case/2 ");
    HN_CHECK_STR_CONTAINS(p.out, "PASS    wide.descriptor_pages_stay_out_of_test_processes ");
    st_proc_free(&p);
    rt_run(&p, "wide", RT_ARGS("--no-fork", "--color=never"), RT_ARGS("WIDE_IN_PROCESS=1"), 0);
    HN_CHECK_STR_EQ(st_last_line(&p), "305 passed, 0 failed, 0 skipped");
    st_proc_free(&p);
}

/* A runner killed outright (SIGKILL) leaves no test running behind it: the
 * launcher notices and kills the test, so the pipe it holds closes. */
HN_TEST(runner_flags, killed_runner_leaves_no_test_behind)
{
    int out;
    pid_t pid = start_hanging_run(&out);
    HN_ASSERT_EQ(kill(pid, SIGKILL), 0);
    HN_ASSERT_EQ(waitpid(pid, NULL, 0), pid);
    /* EOF comes when the launcher and the test (20 s of sleep) are gone. */
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    char buf[4096];
    while (read(out, buf, sizeof buf) > 0)
        ;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    close(out);
    HN_CHECK_LT(t1.tv_sec - t0.tv_sec, 10);
}

HN_TEST(runner_flags, sigint_ends_the_run_with_a_summary)
{
    interrupt_with(SIGINT);
}

HN_TEST(runner_flags, sigterm_ends_the_run_with_a_summary)
{
    interrupt_with(SIGTERM);
}

HN_TEST(runner_flags, timeout_limits_tests_without_their_own)
{
    st_proc p;
    /* hang_flag.sleeps sleeps 20 s; the run must end within 10 s. */
    rt_run(&p, "hang", RT_ARGS("--filter=hang_flag.*", "--timeout=200"), NULL, 10000);
    HN_CHECK_EQ(p.exit_code, 1);
    HN_CHECK_STR_CONTAINS(p.out, "TIMEOUT hang_flag.sleeps ");
    HN_CHECK_STR_CONTAINS(p.out, "timed out after 200 ms");
    HN_CHECK_STR_EQ(st_last_line(&p), "0 passed, 1 failed, 0 skipped");
    st_proc_free(&p);
    /* A test's own limit still applies under a larger --timeout. */
    rt_run(&p, "hang", RT_ARGS("--filter=hang.own_limit", "--timeout=5000"), NULL, 10000);
    HN_CHECK_STR_CONTAINS(p.out, "timed out after 200 ms");
    st_proc_free(&p);
}

/* The order in which the twenty tests ran with the given flags. */
static char *order(const char *a, const char *b, char *seed_line, size_t cap)
{
    st_proc p;
    RT_RUN(&p, "names", "--filter=twenty.*", "--jobs=1", "--color=never", a, b);
    HN_ASSERT_EQ(p.exit_code, 0);
    HN_CHECK_STR_EQ(st_last_line(&p), "20 passed, 0 failed, 0 skipped");
    if (seed_line)
        snprintf(seed_line, cap, "%s", rt_first_line(p.out));
    char *names = rt_names(p.out);
    st_proc_free(&p);
    return names;
}

/* The same names in any order: each of the twenty exactly once. */
static void check_permutation(const char *names)
{
    HN_CHECK_EQ(st_count(names, "\n"), 20);
    for (int i = 0; i < 20; i++) {
        char want[32];
        snprintf(want, sizeof want, "twenty.t%02d\n", i);
        HN_CHECK_EQ(st_count(names, want), 1);
    }
}

HN_TEST(runner_flags, shuffle_and_seed)
{
    char line[1024];
    char *plain = order("--seed=1", "--color=never", NULL, 0);
    char *one = order("--shuffle", "--seed=1", line, sizeof line);
    char *again = order("--seed=1", "--shuffle", NULL, 0);
    char *two = order("--shuffle", "--seed=2", NULL, 0);
    HN_CHECK_STR_EQ(plain, "twenty.t00\ntwenty.t01\ntwenty.t02\ntwenty.t03\ntwenty.t04\n"
                           "twenty.t05\ntwenty.t06\ntwenty.t07\ntwenty.t08\ntwenty.t09\n"
                           "twenty.t10\ntwenty.t11\ntwenty.t12\ntwenty.t13\ntwenty.t14\n"
                           "twenty.t15\ntwenty.t16\ntwenty.t17\ntwenty.t18\ntwenty.t19\n");
    HN_CHECK_STR_CONTAINS(line, "(seed 1, forked, 1 job, shuffled)");
    check_permutation(one);
    check_permutation(two);
    HN_CHECK_STR_NE(one, plain);
    HN_CHECK_STR_EQ(again, one);
    HN_CHECK_STR_NE(two, one);
    free(plain);
    free(one);
    free(again);
    free(two);
}

HN_TEST(runner_flags, shuffle_prints_its_seed_and_the_seed_replays_the_order)
{
    st_proc p;
    RT_RUN(&p, "names", "--filter=twenty.*", "--jobs=1", "--shuffle");
    unsigned long long seed = 0;
    const char *at = strstr(p.out, "(seed ");
    HN_ASSERT_NOT_NULL(at);
    HN_ASSERT_EQ(sscanf(at, "(seed %llu,", &seed), 1);
    char rerun[128];
    snprintf(rerun, sizeof rerun, "seed: %llu (rerun this order with --seed=%llu --shuffle)", seed,
             seed);
    HN_CHECK_STR_CONTAINS(p.out, rerun);
    char *first = rt_names(p.out);
    st_proc_free(&p);
    char arg[64];
    snprintf(arg, sizeof arg, "--seed=%llu", seed);
    char *replay = order("--shuffle", arg, NULL, 0);
    HN_CHECK_STR_EQ(replay, first);
    free(first);
    free(replay);
}

HN_TEST(runner_flags, repeat_runs_the_selection_again)
{
    st_proc p;
    const char *json = rt_path(rt_tmpdir(), "r.json");
    char arg[4200];
    snprintf(arg, sizeof arg, "--json=%s", json);
    RT_RUN(&p, "names", "--filter=disk.read", "--repeat=3", "--jobs=1", arg);
    HN_CHECK_EQ(p.exit_code, 0);
    HN_CHECK_EQ(st_count(p.out, "PASS    disk.read "), 3);
    HN_CHECK_STR_CONTAINS(p.out, "PASS    disk.read (repeat 2) ");
    HN_CHECK_STR_CONTAINS(p.out, "PASS    disk.read (repeat 3) ");
    HN_CHECK_STR_EQ(st_last_line(&p), "3 passed, 0 failed, 0 skipped");
    st_proc_free(&p);
    char *text = rt_read(json);
    HN_CHECK_STR_CONTAINS(text, "\"iteration\": 3");
    free(text);
    RT_RUN(&p, "fail", "--filter=fail.assert", "--repeat=2");
    HN_CHECK_EQ(p.exit_code, 1);
    HN_CHECK_STR_EQ(st_last_line(&p), "0 passed, 2 failed, 0 skipped");
    st_proc_free(&p);
}

HN_TEST(runner_flags, fail_fast_stops_after_the_first_failure)
{
    st_proc p;
    RT_RUN(&p, "fail", "--jobs=1", "--fail-fast");
    HN_CHECK_EQ(p.exit_code, 1);
    HN_CHECK_EQ(st_count(p.out, "FAIL    "), 1);
    /* The tests it did not start are counted, with the reason. */
    HN_CHECK_STR_CONTAINS(p.out, "17 of 18 tests not run: --fail-fast stopped the run after "
                                 "the first failure\n");
    HN_CHECK_STR_EQ(st_last_line(&p), "0 passed, 1 failed, 0 skipped");
    st_proc_free(&p);
    RT_RUN(&p, "fail", "--jobs=1");
    HN_CHECK_STR_EQ(st_last_line(&p), "1 passed, 17 failed, 0 skipped");
    st_proc_free(&p);
}

/* Issue 11, item 14: with --no-fork a test that changes directory does not
 * move the report files (resolved when the run starts), and a test's own
 * alarm() is not passed off as honest's time limit. */
HN_TEST(runner_flags, no_fork_reports_stay_and_own_alarm_is_named, .timeout_ms = 60000)
{
    char *here = st_tmpdir(), *there = st_tmpdir(), env[4200];
    snprintf(env, sizeof env, "RT_CHDIR=%s", there);
    const char *argv[] = {rt_prog("nofork"), "--no-fork", "--color=never", "--json=r.json",
                          "--junit=r.xml", NULL};
    const char *envv[] = {env, NULL};
    st_proc p;
    HN_ASSERT_EQ(st_run(&p, argv, &(st_opts){.env = envv, .cwd = here, .timeout_ms = 30000}), 0);
    HN_CHECK_STR_EQ(st_last_line(&p), "1 passed, 1 failed, 0 skipped");
    const char *const names[] = {"r.json", "r.xml"};
    for (int i = 0; i < 2; i++) {
        char *in_here = st_join(here, names[i]), *in_there = st_join(there, names[i]);
        HN_CHECK_EQ(access(in_here, F_OK), 0);
        HN_CHECK_NE(access(in_there, F_OK), 0);
        free(in_here);
        free(in_there);
    }
    HN_CHECK_STR_CONTAINS(p.out, "CRASH   own.alarm_before_the_limit");
    HN_CHECK_STR_CONTAINS(p.out, "before its time limit of 20000 ms: the test's own alarm() or "
                                 "setitimer()");
    HN_CHECK(strstr(p.out, "timed out") == NULL);
    st_proc_free(&p);
    st_rmtree(here);
    st_rmtree(there);
    free(here);
    free(there);
}

/* Issue 11, item 13: a test that kills the launcher (its parent). The tests
 * that passed before keep their results, the one that killed it did not run
 * to its end, and the others are not run, each with the reason. */
HN_TEST(runner_flags, killed_launcher_keeps_known_results)
{
    st_proc p;
    RT_RUN(&p, "killer", "--jobs=1", "--color=never");
    HN_CHECK_EQ(p.exit_code, 1);
    HN_CHECK_STR_CONTAINS(p.out, "PASS    before.one");
    HN_CHECK_STR_CONTAINS(p.out, "PASS    before.two");
    HN_CHECK_STR_CONTAINS(p.out, "FAIL    kills.its_parent");
    HN_CHECK_STR_CONTAINS(p.out, "did not run to its end: the test launcher (the process that "
                                 "forks each test) was killed by SIGKILL");
    HN_CHECK_EQ(st_count(p.out, ": not run: the test launcher (the process that forks each "
                                "test) was killed by SIGKILL; a test that signals its parent "
                                "process (getppid()) reaches it\n"), 2);
    HN_CHECK(strstr(p.out, "could not be started") == NULL);
    HN_CHECK_STR_EQ(st_last_line(&p), "2 passed, 3 failed, 0 skipped");
    st_proc_free(&p);
    /* With --fail-fast, the run stops at the killer; the rest are counted. */
    RT_RUN(&p, "killer", "--jobs=1", "--color=never", "--fail-fast");
    HN_CHECK_STR_CONTAINS(p.out, "PASS    before.two");
    HN_CHECK_STR_CONTAINS(p.out, "2 of 5 tests not run: --fail-fast stopped the run after the "
                                 "first failure\n");
    HN_CHECK_STR_EQ(st_last_line(&p), "2 passed, 1 failed, 0 skipped");
    st_proc_free(&p);
}

/* The tests that one shard runs and lists, with the given flag or env. */
static char *shard(const char *arg, const char *const *env)
{
    st_proc p;
    rt_run(&p, "names", RT_ARGS("--list", arg), env, 0);
    HN_ASSERT_EQ(p.exit_code, 0);
    char *listed = strdup(p.out);
    st_proc_free(&p);
    rt_run(&p, "names", RT_ARGS("--jobs=1", arg), env, 0);
    HN_ASSERT_EQ(p.exit_code, 0);
    char *ran = rt_names(p.out);
    st_proc_free(&p);
    HN_CHECK_STR_EQ(ran, listed);
    free(listed);
    return ran;
}

/* Every test of names.c in exactly one of the three shards. */
static void check_partition(char *const shards[3])
{
    for (const char *p = all_names; *p;) {
        size_t n = strcspn(p, "\n") + 1;
        char line[64];
        snprintf(line, sizeof line, "%.*s", (int)n, p);
        int seen = 0;
        for (int i = 0; i < 3; i++)
            seen += st_count(shards[i], line);
        if (seen != 1)
            HN_FAIL("%.*s ran in %d shards, not 1", (int)n - 1, p, seen);
        p += n;
    }
    for (int i = 0; i < 3; i++)
        HN_CHECK_GT(st_count(shards[i], "\n"), 0);
    HN_CHECK_EQ(st_count(shards[0], "\n") + st_count(shards[1], "\n") + st_count(shards[2], "\n"),
                24);
}

HN_TEST(runner_flags, shard_partitions_the_tests)
{
    char *s[3];
    for (int i = 0; i < 3; i++) {
        char arg[32];
        snprintf(arg, sizeof arg, "--shard=%d/3", i);
        s[i] = shard(arg, NULL);
    }
    check_partition(s);
    for (int i = 0; i < 3; i++)
        free(s[i]);
}

HN_TEST(runner_flags, gtest_sharding_variables)
{
    char *s[3];
    for (int i = 0; i < 3; i++) {
        char idx[64], flag[32];
        snprintf(idx, sizeof idx, "GTEST_SHARD_INDEX=%d", i);
        s[i] = shard("--color=never", RT_ARGS("GTEST_TOTAL_SHARDS=3", idx));
        snprintf(flag, sizeof flag, "--shard=%d/3", i);
        char *same = shard(flag, NULL);
        HN_CHECK_STR_EQ(s[i], same);
        free(same);
    }
    check_partition(s);
    /* --shard wins over the environment. */
    char *flag_wins = shard("--shard=1/3", RT_ARGS("GTEST_TOTAL_SHARDS=3", "GTEST_SHARD_INDEX=0"));
    HN_CHECK_STR_EQ(flag_wins, s[1]);
    free(flag_wins);
    for (int i = 0; i < 3; i++)
        free(s[i]);
}

HN_TEST(runner_flags, bazel_sharding_status_file_and_xml_output)
{
    const char *dir = rt_tmpdir();
    char *s[3];
    for (int i = 0; i < 3; i++) {
        char idx[64], status[4200], xml[4200], name[32];
        snprintf(name, sizeof name, "status%d", i);
        snprintf(status, sizeof status, "TEST_SHARD_STATUS_FILE=%s/%s", dir, name);
        snprintf(xml, sizeof xml, "XML_OUTPUT_FILE=%s/shard%d.xml", dir, i);
        snprintf(idx, sizeof idx, "TEST_SHARD_INDEX=%d", i);
        s[i] = shard("--color=never", RT_ARGS("TEST_TOTAL_SHARDS=3", idx, status, xml));
        /* Bazel asks the binary to touch the status file when it shards. */
        HN_CHECK_EQ(access(rt_path(dir, name), F_OK), 0);
        /* XML_OUTPUT_FILE gets the JUnit report of the shard. */
        snprintf(name, sizeof name, "shard%d.xml", i);
        char *report = rt_read(rt_path(dir, name));
        HN_CHECK_EQ(st_count(report, "<testcase "), st_count(s[i], "\n"));
        free(report);
    }
    check_partition(s);
    for (int i = 0; i < 3; i++)
        free(s[i]);
}

HN_TEST(runner_flags, color)
{
    st_proc p;
    RT_RUN(&p, "output", "--color=always");
    HN_CHECK_STR_CONTAINS(p.out, "\033[32mPASS");
    HN_CHECK_STR_CONTAINS(p.out, "\033[31mFAIL");
    st_proc_free(&p);
    /* An explicit --color=always wins over NO_COLOR, as no-color.org asks. */
    rt_run(&p, "output", RT_ARGS("--color=always"), RT_ARGS("NO_COLOR=1"), 0);
    HN_CHECK_STR_CONTAINS(p.out, "\033[32mPASS");
    st_proc_free(&p);
    RT_RUN(&p, "output", "--color=never");
    HN_CHECK(strchr(p.out, '\033') == NULL);
    st_proc_free(&p);
    /* auto: no colour into a pipe (the terminal cases are in runner_terminal). */
    RT_RUN(&p, "output", "--color=auto");
    HN_CHECK(strchr(p.out, '\033') == NULL);
    st_proc_free(&p);
}

HN_TEST(runner_flags, strict_fails_tests_that_assert_nothing)
{
    st_proc p;
    RT_RUN(&p, "nothing", "--jobs=1");
    HN_CHECK_EQ(p.exit_code, 0);
    HN_CHECK_STR_CONTAINS(p.out, "warning: ");
    HN_CHECK_STR_EQ(st_last_line(&p), "2 passed, 0 failed, 0 skipped");
    st_proc_free(&p);
    RT_RUN(&p, "nothing", "--jobs=1", "--strict");
    HN_CHECK_EQ(p.exit_code, 1);
    HN_CHECK_STR_CONTAINS(p.out, "FAIL    quiet.asserts_nothing ");
    HN_CHECK_STR_CONTAINS(p.out, "the test asserted nothing");
    HN_CHECK_STR_CONTAINS(p.out, "PASS    quiet.asserts ");
    HN_CHECK_STR_EQ(st_last_line(&p), "1 passed, 1 failed, 0 skipped");
    st_proc_free(&p);
}

HN_TEST(runner_flags, show_output_shows_passing_tests_output)
{
    st_proc p;
    RT_RUN(&p, "output", "--jobs=1", "--show-output");
    HN_CHECK_STR_CONTAINS(p.out, "PASS    out.prints ");
    HN_CHECK_STR_CONTAINS(p.out, "    output:\n    | to stdout\n    | to stderr\n");
    st_proc_free(&p);
    RT_RUN(&p, "output", "--jobs=1");
    HN_CHECK(strstr(p.out, "to stdout") == NULL);
    st_proc_free(&p);
}

HN_TEST(runner_flags, help_names_every_flag)
{
    static const char *const flags[] = {
        "--list",   "--filter=", "--shard=",  "--jobs=",  "--no-fork",     "--timeout=",
        "--shuffle", "--seed=",  "--repeat=", "--fail-fast", "--strict",   "--tap",
        "--junit=", "--json=",   "--color=auto|always|never", "--show-output", "--help",
        "--version", "GTEST_TOTAL_SHARDS", "TEST_TOTAL_SHARDS", "XML_OUTPUT_FILE", "NO_COLOR",
    };
    st_proc p;
    RT_RUN(&p, "names", "--help");
    HN_CHECK_EQ(p.exit_code, 0);
    HN_CHECK_STR_EQ(rt_first_line(p.out), "usage: names [OPTIONS]");
    for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++)
        HN_CHECK_STR_CONTAINS(p.out, flags[i]);
    HN_CHECK_STR_EQ(p.err, "");
    /* Nothing ran. */
    HN_CHECK(strstr(p.out, " skipped\n") == NULL);
    st_proc_free(&p);
}

HN_TEST(runner_flags, version)
{
    st_proc p;
    RT_RUN(&p, "names", "--version");
    HN_CHECK_EQ(p.exit_code, 0);
    HN_CHECK_STR_EQ(p.out, "honest " HN_VERSION "\n");
    st_proc_free(&p);
}

typedef struct usage_case {
    const char *arg;
    const char *names; /* what the one-line message must name */
    const char *env[3]; /* extra environment, NULL-terminated */
} usage_case;

static const usage_case usage_errors[] = {
    {"--bogus", "'--bogus'", {NULL}},
    {"-x", "'-x'", {NULL}},
    {"--jobs=0", "--jobs", {NULL}},
    {"--jobs=many", "--jobs", {NULL}},
    {"--jobs", "--jobs", {NULL}},
    {"--timeout=-5", "--timeout", {NULL}},
    {"--seed=abc", "--seed", {NULL}},
    {"--repeat=0", "--repeat", {NULL}},
    {"--shard=3/3", "--shard", {NULL}},
    {"--shard=1", "--shard", {NULL}},
    {"--color=red", "--color", {NULL}},
    {"--filter", "--filter", {NULL}},
    {"--junit=", "--junit", {NULL}},
    {"--json=", "--json", {NULL}},
    {"--junit=/nonexistent-dir/r.xml", "--junit", {NULL}},
    {"--json=/nonexistent-dir/r.json", "--json", {NULL}},
    {"--list", "GTEST_TOTAL_SHARDS", {"GTEST_TOTAL_SHARDS=abc"}},
    {"--list", "TEST_SHARD_INDEX", {"TEST_TOTAL_SHARDS=3", "TEST_SHARD_INDEX=3"}},
};

HN_TEST_P(runner_flags, usage_errors_exit_2_naming_the_flag, usage_case, usage_errors)
{
    st_proc p;
    rt_run(&p, "names", RT_ARGS(HN_PARAM->arg), HN_PARAM->env, 0);
    HN_CHECK_EQ(p.exited, 1);
    HN_CHECK_EQ(p.exit_code, 2);
    HN_CHECK_STR_EQ(p.out, "");
    const char *first = rt_first_line(p.err);
    HN_CHECK(strncmp(first, "honest: ", 8) == 0);
    HN_CHECK_STR_CONTAINS(first, HN_PARAM->names);
    st_proc_free(&p);
}
