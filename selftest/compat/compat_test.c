/* SPDX-License-Identifier: MIT */
/* compat_test.c: runs the programs written with fff's and cmocka's APIs
 * (fff_subject.c, cmocka_pass.c, cmocka_fail.c) and checks what honest's
 * runner reports for them: results, closing lines, exit status, TAP, JSON,
 * JUnit, filters, resets between tests in one process, and every edge. */
#include <honest.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

static const char *const quiet_env[] = {"NO_COLOR=1", "CI=1", NULL};

static st_proc run(const char *prog, const char *a1, const char *a2, const char *a3)
{
    const char *argv[] = {prog, a1, a2, a3, NULL};
    st_opts o = {.env = quiet_env, .timeout_ms = 60000};
    st_proc p;
    HN_ASSERT_EQ(st_run(&p, argv, &o), 0);
    return p;
}

/* "FILE:LINE" of the line `below` lines under the first line of path
 * containing needle. */
static char *where_below(const char *path, const char *needle, int below)
{
    char *text = st_read_file(path, NULL);
    HN_ASSERT_NOT_NULL(text);
    char *at = strstr(text, needle);
    HN_ASSERT_NOT_NULL(at);
    int line = 1 + below;
    for (char *c = text; c < at; c++)
        line += *c == '\n';
    free(text);
    static char buf[4096];
    snprintf(buf, sizeof buf, "%s:%d:", path, line);
    return buf;
}

static char *where(const char *path, const char *needle)
{
    return where_below(path, needle, 0);
}

/* ---- fff ---- */

HN_TEST(compat, fff_fakes_are_reset_between_tests_in_one_process)
{
    /* No test of the suite calls RESET_FAKE; in one process, the first two
     * tests fail unless the runner resets every fake before each test. */
    st_proc p = run(ST_FFF, "--no-fork", "--filter=fff.fresh_*", NULL);
    HN_CHECK_STR_EQ(st_last_line(&p), "2 passed, 0 failed, 0 skipped");
    p = run(ST_FFF, "--no-fork", NULL, NULL);
    HN_CHECK_STR_EQ(st_last_line(&p), "13 passed, 0 failed, 0 skipped");
    HN_CHECK_EQ(p.exit_code, 0);
    st_proc_free(&p);
}

HN_TEST(compat, fff_fakes_are_counted_by_kind)
{
    st_proc p = run(ST_FFF, "--filter=fff.kinds", NULL, NULL);
    HN_CHECK_STR_CONTAINS(p.out, "doubles: 3 (1 stub, 1 spy, 1 fake)");
    st_proc_free(&p);
}

/* ---- C++ ---- */

/* Compiles ST_SRC_DIR/src with the C++ compiler (and, when alarm, alarm.c
 * with the C one), links libhonest, and runs it with args; skips without g++. */
static st_proc cpp_build_and_run(const char *src, int alarm, const char *args)
{
    st_proc p = run("/bin/sh", "-c", "command -v g++", NULL);
    if (p.exit_code != 0)
        HN_SKIP("no g++ on this machine");
    st_proc_free(&p);
    char *dir = st_tmpdir();
    char cmd[16384];
    snprintf(cmd, sizeof cmd,
             "cd '%s' && gcc %s%s -c -I'%s/cut' '%s/cut/alarm.c' -o alarm.o && "
             "g++ -std=gnu++17 -Wall -Wextra -Wpedantic -Werror %s%s -I'%s' -I'%s/cut' "
             "'%s/%s' %s '%s' $(pkg-config --libs libffi libcurl libcjson) "
             "-ldl -lpthread -lrt -lm -o prog 2>&1 && ./prog --color=never %s",
             dir, ST_SANITIZE[0] ? "-fsanitize=" : "", ST_SANITIZE, ST_SRC_DIR, ST_SRC_DIR,
             ST_SANITIZE[0] ? "-fsanitize=" : "", ST_SANITIZE, ST_INCLUDE, ST_SRC_DIR,
             ST_SRC_DIR, src, alarm ? "alarm.o" : "", ST_LIBHONEST, args);
    p = run("/bin/sh", "-c", cmd, NULL);
    st_rmtree(dir);
    free(dir);
    return p;
}

HN_TEST(compat, layers_compile_and_run_in_cpp)
{
    st_proc p = cpp_build_and_run("cpp_check.cpp", 1, "");
    HN_CHECK_EQ(p.exit_code, 0);
    HN_CHECK_STR_CONTAINS(p.out, "PASS    cpp.buzzes_through_cpp_fakes");
    HN_CHECK_STR_CONTAINS(p.out, "1 passed, 0 failed, 0 skipped");
    st_proc_free(&p);
}

HN_TEST(compat, fff_custom_fakes_as_std_function_in_cpp)
{
    /* In one process, so the runner's reset is what clears a lambda. */
    st_proc p = cpp_build_and_run("fff_function_template.cpp", 0, "--no-fork");
    HN_CHECK_EQ(p.exit_code, 0);
    HN_CHECK_STR_CONTAINS(p.out, "PASS    tests.lambdas_capture");
    HN_CHECK_STR_EQ(st_last_line(&p), "5 passed, 0 failed, 0 skipped");
    st_proc_free(&p);
}

/* ---- fff's numbered forms and CUSTOM_FFF_FUNCTION_TEMPLATE ---- */

HN_TEST(compat, fff_numbered_forms_and_the_function_template)
{
    st_proc p = run(ST_FFF_LEGACY, "--no-fork", NULL, NULL);
    HN_CHECK_EQ(p.exit_code, 0);
    HN_CHECK_STR_CONTAINS(p.out, "PASS    fff_legacy.numbered_forms_record_and_answer");
    HN_CHECK_STR_EQ(st_last_line(&p), "5 passed, 0 failed, 0 skipped");
    st_proc_free(&p);
}

/* ---- cmocka: a program that passes ---- */

HN_TEST(compat, cmocka_groups_run_under_honest)
{
    st_proc p = run(ST_CMOCKA_PASS, NULL, NULL, NULL);
    HN_CHECK_EQ(p.exit_code, 0);
    HN_CHECK_EQ(st_count(p.out, "PASS    api."), 10);
    HN_CHECK_STR_CONTAINS(p.out, "SKIP    api.prints_and_skips");
    HN_CHECK_STR_CONTAINS(p.out, "\n10 passed, 0 failed, 1 skipped\n");
    HN_CHECK_STR_CONTAINS(p.out, "PASS    shared.group_state_first");
    HN_CHECK_STR_CONTAINS(p.out, "\n2 passed, 0 failed, 0 skipped\n");
    /* Group setup ran once before the run; each test changed its own copy. */
    HN_CHECK_STR_CONTAINS(p.out, "group teardown saw 100");
    HN_CHECK_STR_CONTAINS(p.out, "doubles: 14 (5 stubs, 9 mocks)");
    st_proc_free(&p);
}

/* 64 tests, listed in the reverse of their definitions, each with its own
 * prestate and every other one with its own setup: each test process (and
 * each test of a --no-fork run) finds its own entry of the group. */
HN_TEST(compat, cmocka_tests_each_find_their_own_entry)
{
    const char *modes[] = {"--jobs=2", "--no-fork"};
    for (int m = 0; m < 2; m++) {
        st_proc p = run(ST_CMOCKA_MANY, modes[m], NULL, NULL);
        HN_CHECK_EQ(p.exit_code, 0);
        HN_CHECK_STR_EQ(st_last_line(&p), "64 passed, 0 failed, 0 skipped");
        st_proc_free(&p);
    }
}

/* The lock the cmocka layer takes in each test is bound once, in the
 * process that forks the tests: a test process does not look the symbol up
 * again (64 lookups for 64 tests before, each about 13 page faults). Seen
 * with the dynamic linker's own trace, which forked processes append to one
 * file. */
HN_TEST(compat, cmocka_tests_resolve_no_symbol_of_their_own)
{
    if (ST_SANITIZE[0])
        return; /* the sanitizers' runtime takes pthread_mutex_lock over */
    const char *argv[] = {ST_CMOCKA_MANY, "--jobs=1", "--color=never", NULL};
    st_proc p;
    int binds = st_ld_binds(&p, argv, "pthread_mutex_lock");
    HN_CHECK_STR_EQ(st_last_line(&p), "64 passed, 0 failed, 0 skipped");
    st_proc_free(&p);
    HN_CHECK_GT(binds, 0); /* the trace works */
    HN_CHECK_LE(binds, 2);
}

/* A trivial cmocka test copies no page of its program's data (cmocka_lean.c
 * reads /proc/self/pagemap from inside its test process): the layer keeps
 * the running test and its state with the test's context, and the parts
 * linked in (fixtures, the layer's queues) write nothing when they have
 * nothing to do. Each such page would be a page fault every test. */
HN_TEST(compat, cmocka_test_copies_no_page_of_the_programs_data)
{
    if (ST_SANITIZE[0])
        return; /* the launcher leaves memory as it is under a sanitizer */
    st_proc p = run(ST_CMOCKA_LEAN, "--jobs=1", NULL, NULL);
    HN_CHECK_EQ(p.exit_code, 0);
    HN_CHECK_STR_EQ(st_last_line(&p), "1 passed, 0 failed, 0 skipped");
    st_proc_free(&p);
}

HN_TEST(compat, cmocka_program_takes_honest_flags)
{
    st_proc p = run(ST_CMOCKA_PASS, "--tap", NULL, NULL);
    HN_CHECK_EQ(st_count(p.out, "TAP version 13"), 2);
    /* TAP numbers follow the order tests end, which two jobs may swap:
     * each test's line, and none "not ok". */
    HN_CHECK_STR_CONTAINS(p.out, " - api.buzzes_above_the_limit\n");
    HN_CHECK_EQ(st_count(p.out, "\nok "), 13);
    HN_CHECK_EQ(st_count(p.out, "not ok"), 0);
    HN_CHECK_STR_CONTAINS(p.out, "1..2");
    st_proc_free(&p);

    p = run(ST_CMOCKA_PASS, "--list", NULL, NULL);
    HN_CHECK_STR_CONTAINS(p.out, "api.every_assertion\n");
    HN_CHECK_STR_CONTAINS(p.out, "shared.group_state_second\n");
    HN_CHECK_EQ(st_count(p.out, "\n"), 13);
    st_proc_free(&p);

    p = run(ST_CMOCKA_PASS, "--no-such-flag", NULL, NULL);
    HN_CHECK_EQ(p.exit_code, 2);
    HN_CHECK_STR_CONTAINS(p.err, "--no-such-flag");
    st_proc_free(&p);
}

HN_TEST(compat, cmocka_json_and_junit_reports)
{
    char *dir = st_tmpdir();
    char *json = st_join(dir, "run.json"), *xml = st_join(dir, "run.xml");
    char a1[4096], a2[4096];
    snprintf(a1, sizeof a1, "--json=%s", json);
    snprintf(a2, sizeof a2, "--junit=%s", xml);
    st_proc p = run(ST_CMOCKA_PASS, a1, a2, NULL);
    HN_CHECK_EQ(p.exit_code, 0);
    char *text = st_read_file(json, NULL);
    HN_ASSERT_NOT_NULL(text);
    HN_CHECK_STR_CONTAINS(text, "\"api.call_order\"");
    free(text);
    /* The second group's reports go beside the first's, named after it. */
    char *json2 = st_join(dir, "run.shared.json"), *xml2 = st_join(dir, "run.shared.xml");
    HN_ASSERT_NOT_NULL(text = st_read_file(json2, NULL));
    HN_CHECK_STR_CONTAINS(text, "\"shared.group_state_first\"");
    free(text);
    HN_ASSERT_NOT_NULL(text = st_read_file(xml, NULL));
    HN_CHECK_STR_CONTAINS(text, "every_assertion");
    free(text);
    HN_ASSERT_NOT_NULL(text = st_read_file(xml2, NULL));
    HN_CHECK_STR_CONTAINS(text, "group_state_second");
    free(text);
    st_proc_free(&p);
    st_rmtree(dir);
    free(json), free(xml), free(json2), free(xml2), free(dir);
}

/* Runs prog with NO_COLOR, CI and the variables e1 and e2 (either NULL). */
static st_proc run_env(const char *prog, const char *e1, const char *e2)
{
    const char *argv[] = {prog, NULL};
    const char *env[] = {"NO_COLOR=1", "CI=1", e1, e2, NULL};
    if (!e1)
        env[2] = e2, env[3] = NULL;
    st_opts o = {.env = env, .timeout_ms = 60000};
    st_proc p;
    HN_ASSERT_EQ(st_run(&p, argv, &o), 0);
    return p;
}

HN_TEST(compat, cmocka_message_output_variables_choose_the_report)
{
    /* CMOCKA_MESSAGE_OUTPUT wins over cmocka_set_message_output, as in cmocka. */
    st_proc p = run_env(ST_CMOCKA_PASS, "CMOCKA_MESSAGE_OUTPUT=Tap", NULL);
    HN_CHECK_EQ(st_count(p.out, "TAP version 13"), 2); /* one per group */
    HN_CHECK_EQ(p.exit_code, 0);
    st_proc_free(&p);
    p = run_env(ST_CMOCKA_CONFIG, "CMOCKA_MESSAGE_OUTPUT=stdout", NULL);
    HN_CHECK_EQ(st_count(p.out, "TAP version"), 0);
    HN_CHECK_STR_CONTAINS(p.out, "PASS    config.fast_one");
    st_proc_free(&p);
    /* xml writes JUnit to CMOCKA_XML_FILE: %g is the group's name; without
     * it, the second group's file is named after the group. */
    char *dir = st_tmpdir();
    char var[4096];
    snprintf(var, sizeof var, "CMOCKA_XML_FILE=%s/%%g-report.xml", dir);
    p = run_env(ST_CMOCKA_PASS, "CMOCKA_MESSAGE_OUTPUT=XML", var);
    HN_CHECK_EQ(p.exit_code, 0);
    st_proc_free(&p);
    char *api = st_join(dir, "api-report.xml"), *shared = st_join(dir, "shared-report.xml");
    char *text;
    HN_ASSERT_NOT_NULL(text = st_read_file(api, NULL));
    HN_CHECK_STR_CONTAINS(text, "every_assertion");
    free(text);
    HN_ASSERT_NOT_NULL(text = st_read_file(shared, NULL));
    HN_CHECK_STR_CONTAINS(text, "group_state_second");
    free(text);
    snprintf(var, sizeof var, "CMOCKA_XML_FILE=%s/all.xml", dir);
    p = run_env(ST_CMOCKA_PASS, "CMOCKA_MESSAGE_OUTPUT=xml", var);
    st_proc_free(&p);
    char *all = st_join(dir, "all.xml"), *all2 = st_join(dir, "all.shared.xml");
    HN_ASSERT_NOT_NULL(text = st_read_file(all, NULL));
    HN_CHECK_STR_CONTAINS(text, "every_assertion");
    HN_CHECK_EQ(st_count(text, "group_state_second"), 0);
    free(text);
    HN_ASSERT_NOT_NULL(text = st_read_file(all2, NULL));
    HN_CHECK_STR_CONTAINS(text, "group_state_second");
    free(text);
    st_rmtree(dir);
    free(api), free(shared), free(all), free(all2), free(dir);
}

HN_TEST(compat, cmocka_filter_runs_one_test_with_one_closing_line)
{
    st_proc p = run(ST_CMOCKA_PASS, "--filter=shared.group_state_first", NULL, NULL);
    HN_CHECK_EQ(st_count(p.out, "passed, "), 1);
    HN_CHECK_STR_CONTAINS(p.out, "\n1 passed, 0 failed, 0 skipped\n");
    st_proc_free(&p);
    p = run(ST_CMOCKA_PASS, "--filter=no.such_test", NULL, NULL);
    HN_CHECK_EQ(st_count(p.out, "passed, "), 1);
    HN_CHECK_STR_EQ(st_last_line(&p), "0 passed, 0 failed, 0 skipped");
    st_proc_free(&p);
}

HN_TEST(compat, cmocka_set_message_output_and_skip_filter_become_flags)
{
    st_proc p = run(ST_CMOCKA_CONFIG, NULL, NULL, NULL);
    HN_CHECK_EQ(p.exit_code, 0);
    HN_CHECK_STR_CONTAINS(p.out, "TAP version 13");
    HN_CHECK_STR_CONTAINS(p.out, "ok 1 - config.fast_one");
    HN_CHECK_EQ(st_count(p.out, "slow_one"), 0);
    HN_CHECK_STR_CONTAINS(p.out, "1 passed, 0 failed, 0 skipped");
    st_proc_free(&p);
    /* The program's own flags come after, and win. */
    p = run(ST_CMOCKA_CONFIG, "--filter=config.slow_one", NULL, NULL);
    HN_CHECK_EQ(p.exit_code, 1);
    HN_CHECK_STR_CONTAINS(p.out, "not ok 1 - config.slow_one");
    st_proc_free(&p);
}

HN_TEST(compat, cmocka_interrupt_stops_the_program_not_only_its_group)
{
    char cmd[4096];
    snprintf(cmd, sizeof cmd,
             "'%s' --show-output & pid=$!; sleep 1; kill -INT $pid; wait $pid; echo \"rc=$?\"",
             ST_CMOCKA_INTERRUPT);
    st_proc p = run("/bin/sh", "-c", cmd, NULL);
    HN_CHECK_STR_CONTAINS(p.out, "interrupted: ");
    HN_CHECK_EQ(st_count(p.out, "the second group ran"), 0);
    HN_CHECK_STR_CONTAINS(p.out, "rc=1");
    st_proc_free(&p);
}

/* ---- cmocka: every way a test fails ---- */

/* Runs one test of cmocka_fail.c; checks it failed with `message` at the
 * line of cmocka_fail.c holding `at`. */
static void fails_with(const char *test, const char *at, const char *message)
{
    char filter[256];
    snprintf(filter, sizeof filter, "--filter=edges.%s", test);
    st_proc p = run(ST_CMOCKA_FAIL, filter, NULL, NULL);
    HN_CHECK_EQ(p.exit_code, 1);
    HN_CHECK_STR_EQ(st_last_line(&p), "0 passed, 1 failed, 0 skipped");
    char expected[8192];
    snprintf(expected, sizeof expected, "%s %s", where(ST_CMOCKA_FAIL_SRC, at), message);
    HN_CHECK_STR_CONTAINS(p.out, expected);
    st_proc_free(&p);
}

HN_TEST(compat, cmocka_value_left_in_a_queue_fails_naming_where_it_was_queued)
{
    fails_with("leftover_value", "will_return_count(value_of, 5, 2)",
               "value_of(): 1 value(s) queued with will_return here were never returned "
               "by mock()");
    fails_with("leftover_expectation", "expect_value(fetch, id, 2)",
               "fetch(): parameter id has 1 expected value(s) queued here that no "
               "check_expected(id) took");
}

HN_TEST(compat, cmocka_will_return_always_unused_and_a_zero_count)
{
    fails_with("always_never_used", "will_return_always(value_of, 1)",
               "value_of(): the value queued with will_return_always here was never "
               "returned by mock()");
    fails_with("zero_count", "will_return_count(value_of, 1, 0)",
               "will_return(value_of) with count 0: give a count of at least 1, or "
               "WILL_RETURN_ALWAYS (-1) or WILL_RETURN_ONCE (-2)");
}

HN_TEST(compat, cmocka_mock_and_check_failures)
{
    fails_with("missing_value", "return mock_type(int)",
               "mock() in value_of(): no value is queued for value_of");
    fails_with("wrong_parameter", "check_expected(id)",
               "check_expected(id) in fetch(): 4 (0x4) != 3 (0x3)");
    st_proc p = run(ST_CMOCKA_FAIL, "--filter=edges.out_of_order", NULL, NULL);
    char expected[8192];
    snprintf(expected, sizeof expected, "%s second() was called, but a call to first() was "
             "expected first (expect_function_call at %s", where_below(ST_CMOCKA_FAIL_SRC,
             "static void second(void)", 2), ST_CMOCKA_FAIL_SRC);
    HN_CHECK_STR_CONTAINS(p.out, expected);
    st_proc_free(&p);
}

HN_TEST(compat, cmocka_test_malloc_leak_and_overrun)
{
    fails_with("leaked_block", "test_malloc(12)",
               "the 12-byte block allocated here with test_malloc was never given back "
               "with test_free (a leak)");
    st_proc p = run(ST_CMOCKA_FAIL, "--filter=edges.overrun_block", NULL, NULL);
    char expected[8192];
    snprintf(expected, sizeof expected, "the 4-byte block allocated at %s was written past "
             "its bounds", where(ST_CMOCKA_FAIL_SRC, "test_malloc(4)"));
    expected[strlen(expected) - strlen(" was written past its bounds") - 1] = '\0';
    HN_CHECK_STR_CONTAINS(p.out, expected);
    HN_CHECK_STR_CONTAINS(p.out, " was written past its bounds");
    HN_CHECK_EQ(p.exit_code, 1);
    st_proc_free(&p);
}

HN_TEST(compat, cmocka_leak_check_runs_in_a_program_that_queues_nothing)
{
    st_proc p = run(ST_CMOCKA_ALLOC_ONLY, NULL, NULL, NULL);
    HN_CHECK_EQ(p.exit_code, 1);
    HN_CHECK_STR_CONTAINS(p.out, "the 3-byte block allocated here with test_malloc was never "
                          "given back with test_free (a leak)");
    st_proc_free(&p);
}

HN_TEST(compat, cmocka_fail_msg_assert_setup_and_teardown)
{
    fails_with("failing_message", "fail_msg(", "the answer was 41");
    fails_with("unequal_ints", "assert_int_equal(answer, 42)",
               "assert_int_equal(answer, 42) failed: 41 (0x29) != 42 (0x2a)");
    fails_with("never_runs", "cmocka_unit_test_setup_teardown(never_runs",
               "the setup of never_runs returned 3, so the test did not run");
    st_proc p = run(ST_CMOCKA_FAIL, "--filter=edges.fails_then_tears_down", NULL, NULL);
    HN_CHECK_STR_CONTAINS(p.out, "fail() was called");
    HN_CHECK_STR_CONTAINS(p.out, "| teardown ran");
    st_proc_free(&p);
}

HN_TEST(compat, cmocka_failed_group_setup_fails_its_tests)
{
    st_proc p = run(ST_CMOCKA_FAIL, "--filter=broken.*", NULL, NULL);
    HN_CHECK_EQ(p.exit_code, 1);
    HN_CHECK_STR_CONTAINS(p.out, "the group setup of broken returned 5, so its tests do not run");
    HN_CHECK_EQ(st_count(p.out, "the body ran"), 0);
    HN_CHECK_EQ(st_count(p.out, "group teardown ran"), 0);
    HN_CHECK_EQ(st_count(p.out, "passed, "), 1);
    st_proc_free(&p);
}

HN_TEST(compat, cmocka_assertion_in_group_setup_fails_its_tests_and_goes_on)
{
    st_proc p = run(ST_CMOCKA_FAIL, "--filter=asserting.*", NULL, NULL);
    HN_CHECK_EQ(p.exit_code, 1);
    HN_CHECK_STR_CONTAINS(p.err, "assert_int_equal(6 * 7, 41)");
    HN_CHECK_EQ(st_count(p.out, "the group setup of asserting failed an assertion"), 2);
    HN_CHECK_EQ(st_count(p.out, "the body ran"), 0);
    HN_CHECK_EQ(st_count(p.out, "group teardown ran"), 0);
    HN_CHECK_STR_EQ(st_last_line(&p), "0 passed, 2 failed, 0 skipped");
    st_proc_free(&p);
}

/* hn__ctx_guarded's other way out: a failed check returns to the group
 * setup, which runs to its end; the failure still fails the group. */
HN_TEST(compat, cmocka_failed_check_in_group_setup_fails_its_tests)
{
    st_proc p = run(ST_CMOCKA_FAIL, "--filter=checking.*", NULL, NULL);
    HN_CHECK_EQ(p.exit_code, 1);
    HN_CHECK_STR_CONTAINS(p.err, "HN_CHECK_EQ(6 * 7, 41)");
    HN_CHECK_EQ(st_count(p.out, "the group setup went on after its check"), 1);
    HN_CHECK_EQ(st_count(p.out, "the group setup of checking failed an assertion"), 1);
    HN_CHECK_EQ(st_count(p.out, "the body ran"), 0);
    HN_CHECK_EQ(st_count(p.out, "group teardown ran"), 0);
    HN_CHECK_STR_EQ(st_last_line(&p), "0 passed, 1 failed, 0 skipped");
    st_proc_free(&p);
}

HN_TEST(compat, cmocka_queues_are_reset_between_tests_in_one_process)
{
    /* stale_first leaves a value queued; stale_second passes only if the
     * runner emptied the queue before it. */
    st_proc p = run(ST_CMOCKA_FAIL, "--no-fork", "--filter=edges.stale_*", NULL);
    HN_CHECK_STR_CONTAINS(p.out, "PASS    edges.stale_second");
    HN_CHECK_STR_EQ(st_last_line(&p), "1 passed, 1 failed, 0 skipped");
    HN_CHECK_EQ(p.exit_code, 1);
    st_proc_free(&p);
}

/* ---- What cmocka's own test suite relies on (cmocka_repeats.c) ---- */

HN_TEST(compat, cmocka_a_test_listed_twice_runs_once_per_entry)
{
    /* cmocka's test_fixtures.c lists one test four times; honest names the
     * second entry name/2 and the third name/3, each with its own state. */
    st_proc p = run(ST_CMOCKA_REPEATS, "--list", "--filter=again.*", NULL);
    HN_CHECK_STR_CONTAINS(p.out, "again.sees_its_own_state\nagain.sees_its_own_state/2\n"
                                 "again.sees_its_own_state/3\n");
    st_proc_free(&p);
    p = run(ST_CMOCKA_REPEATS, "--filter=again.sees_its_own_state/3", "--show-output", NULL);
    HN_CHECK_STR_CONTAINS(p.out, "PASS    again.sees_its_own_state/3");
    HN_CHECK_STR_CONTAINS(p.out, "level 13");
    HN_CHECK_EQ(st_count(p.out, "level "), 1);
    HN_CHECK_STR_EQ(st_last_line(&p), "1 passed, 0 failed, 0 skipped");
    st_proc_free(&p);
    p = run(ST_CMOCKA_REPEATS, "--filter=again.*", "--no-fork", "--show-output");
    HN_CHECK_STR_CONTAINS(p.out, "level 1\n");
    HN_CHECK_STR_CONTAINS(p.out, "level 2\n");
    HN_CHECK_STR_EQ(st_last_line(&p), "3 passed, 0 failed, 0 skipped");
    HN_CHECK_EQ(p.exit_code, 0);
    st_proc_free(&p);
}

HN_TEST(compat, cmocka_filters_naming_a_repeated_test_select_every_entry)
{
    const char *argv[] = {ST_CMOCKA_REPEATS, "--show-output", NULL};
    const char *only[] = {"NO_COLOR=1", "CI=1", "REPEATS_TEST_FILTER=sees_its_own_state", NULL};
    st_opts o = {.env = only, .timeout_ms = 60000};
    st_proc p;
    HN_ASSERT_EQ(st_run(&p, argv, &o), 0);
    HN_CHECK_STR_CONTAINS(p.out, "PASS    again.sees_its_own_state/3");
    HN_CHECK_STR_CONTAINS(p.out, "level 13");
    HN_CHECK_STR_EQ(st_last_line(&p), "3 passed, 0 failed, 0 skipped");
    st_proc_free(&p);
    const char *skip[] = {"NO_COLOR=1", "CI=1", "REPEATS_SKIP_FILTER=sees_its_own_state", NULL};
    o.env = skip;
    HN_ASSERT_EQ(st_run(&p, argv, &o), 0);
    HN_CHECK_EQ(st_count(p.out, "sees_its_own_state"), 0);
    HN_CHECK_STR_CONTAINS(p.out, "PASS    order.any_call_after_a_later_one");
    st_proc_free(&p);
}

/* "FILE:LINE" (no colon after) of the line `below` lines under needle. */
static char *place(const char *needle, int below)
{
    char *w = where_below(ST_CMOCKA_REPEATS_SRC, needle, below);
    w[strlen(w) - 1] = '\0';
    return w;
}

HN_TEST(compat, cmocka_call_order_keeps_entries_passed_over)
{
    /* An ignore_function_calls entry, and an expect_function_call_any one
     * once called, still answer after a later entry was called (cmocka's
     * test_ordering.c); an uncalled _any entry and a counted one block. */
    st_proc p = run(ST_CMOCKA_REPEATS, "--filter=order.*", NULL, NULL);
    HN_CHECK_STR_EQ(st_last_line(&p), "2 passed, 0 failed, 0 skipped");
    HN_CHECK_EQ(p.exit_code, 0);
    st_proc_free(&p);
    p = run(ST_CMOCKA_REPEATS, "--filter=order_fails.*", NULL, NULL);
    HN_CHECK_STR_EQ(st_last_line(&p), "0 passed, 2 failed, 0 skipped");
    char expected[8192];
    char pong_called[4096];
    snprintf(pong_called, sizeof pong_called, "%s", place("static void pong(void)", 2));
    snprintf(expected, sizeof expected, "%s: pong() was called, but a call to ping() was "
             "expected first (expect_function_call at %s)", pong_called,
             place("static void uncalled_any_blocks", 3));
    HN_CHECK_STR_CONTAINS(p.out, expected);
    char ping_called[4096];
    snprintf(ping_called, sizeof ping_called, "%s", place("static void ping(void)", 2));
    snprintf(expected, sizeof expected, "%s: ping() was called, but a call to pong() was "
             "expected first (expect_function_call at %s)", ping_called,
             place("static void counted_blocks", 3));
    HN_CHECK_STR_CONTAINS(p.out, expected);
    st_proc_free(&p);
}

HN_TEST(compat, cmocka_test_malloc_under_its_cmocka_names_from_code_under_test)
{
    /* cut/pool.c declares _test_malloc, _test_calloc, _test_realloc,
     * _test_free and mock_assert itself, as cmocka's examples do, and does
     * not include the header; the leak it makes is found at its own line. */
    st_proc p = run(ST_CMOCKA_MODULE, NULL, NULL, NULL);
    HN_CHECK_STR_CONTAINS(p.out, "PASS    pool.copies_grows_and_releases");
    HN_CHECK_STR_CONTAINS(p.out, "PASS    pool.zeroed_is_zero");
    HN_CHECK_STR_CONTAINS(p.out, "PASS    pool.null_text_asserts");
    char expected[8192];
    snprintf(expected, sizeof expected, "%s the 5-byte block allocated here with test_malloc "
             "was never given back with test_free (a leak)",
             where(ST_POOL_SRC, "pool_dup allocates here"));
    HN_CHECK_STR_CONTAINS(p.out, expected);
    HN_CHECK_STR_EQ(st_last_line(&p), "3 passed, 1 failed, 0 skipped");
    HN_CHECK_EQ(p.exit_code, 1);
    st_proc_free(&p);
}
