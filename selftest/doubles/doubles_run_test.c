/* SPDX-License-Identifier: MIT */
/* doubles_run_test.c: runs the subject programs of the doubles (subject.c,
 * leak.c, outside.c, shlib.c, a non-PIE build) and the compiler on drifted
 * declarations, and checks what they print and how they end. */
#include <honest.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

static const char *const quiet_env[] = {"NO_COLOR=1", "HN_SEAM_WATCH", NULL};

/* Runs a subject with the given arguments (NULL-terminated after prog). */
static st_proc run(const char *prog, const char *a1, const char *a2, const char *a3)
{
    const char *argv[] = {prog, a1, a2, a3, NULL};
    st_opts o = {.env = quiet_env, .timeout_ms = 60000};
    st_proc p;
    HN_ASSERT_EQ(st_run(&p, argv, &o), 0);
    return p;
}

static st_proc subject(const char *test)
{
    char filter[128];
    snprintf(filter, sizeof filter, "--filter=subject.%s", test);
    return run(ST_SUBJECT, filter, "--jobs=1", NULL);
}

/* The line number of the first line of path containing needle (0: none). */
static int line_of(const char *path, const char *needle)
{
    char *text = st_read_file(path, NULL);
    HN_ASSERT_NOT_NULL(text);
    char *at = strstr(text, needle);
    int line = 0;
    if (at) {
        line = 1;
        for (char *p = text; p < at; p++)
            line += *p == '\n';
    }
    free(text);
    HN_ASSERT_GT(line, 0);
    return line;
}

static void expect_output(const st_proc *p, const char *needle)
{
    if (!strstr(p->out, needle))
        HN_FAIL("output lacks [%s]; it was:\n%s%s", needle, p->out, p->err);
}

HN_TEST(doubles_run, unexpected_call_prints_its_arguments_and_the_expectations)
{
    st_proc p = subject("unexpected_call");
    HN_ASSERT_EQ(p.exit_code, 1);
    int line = line_of(ST_SUBJECT_SRC, "hn_eq(4), hn_str_eq(\"hello bob\")");
    char want[256];
    snprintf(want, sizeof want, "subject.c:%d: unexpected call cut_send(3, \"hello bob\") "
             "(call #0 of cut_send); it matched no expectation:", line);
    expect_output(&p, want);
    snprintf(want, sizeof want, "subject.c:%d cut_send(== 4, \"hello bob\"): "
             "argument 0: 3 is not == 4", line);
    expect_output(&p, want);
    st_proc_free(&p);
}

HN_TEST(doubles_run, unmet_expectation_is_reported_where_it_was_declared)
{
    st_proc p = subject("unmet_expectation");
    HN_ASSERT_EQ(p.exit_code, 1);
    char want[256];
    snprintf(want, sizeof want, "subject.c:%d: unmet expectation cut_send(any, any): "
             "wanted exactly 2 calls, got 1; calls of cut_send:",
             line_of(ST_SUBJECT_SRC, ".times = hn_times(2)"));
    expect_output(&p, want);
    expect_output(&p, "#0 cut_send(3, \"hello al\")");
    st_proc_free(&p);
}

HN_TEST(doubles_run, seam_miss_is_reported_by_name)
{
    st_proc p = subject("seam_miss");
    HN_ASSERT_EQ(p.exit_code, 1);
    expect_output(&p, "seam miss: HN_RETURNS(cut_add) configured a double of cut_add "
                      "here, but the real cut_add ran 2 times without passing through "
                      "the double, called from cut_sum3+");
    st_proc_free(&p);
    /* Without the watch, the same test passes silently: the report is what
     * makes it fail. */
    const char *argv[] = {ST_SUBJECT, "--filter=subject.seam_miss", NULL};
    const char *const env[] = {"NO_COLOR=1", "HN_SEAM_WATCH=0", NULL};
    st_opts o = {.env = env};
    HN_ASSERT_EQ(st_run(&p, argv, &o), 0);
    HN_ASSERT_EQ(p.exit_code, 0);
    st_proc_free(&p);
}

HN_TEST(doubles_run, unused_stub_is_reported_and_strict_fails_it)
{
    st_proc p = subject("unused_stub");
    HN_ASSERT_EQ(p.exit_code, 0);
    expect_output(&p, "HN_RETURNS(cut_add) was configured but cut_add was never called");
    st_proc_free(&p);
    p = run(ST_SUBJECT, "--filter=subject.unused_stub", "--strict", NULL);
    HN_ASSERT_EQ(p.exit_code, 1);
    st_proc_free(&p);
}

HN_TEST(doubles_run, failed_call_count_lists_the_calls_made)
{
    st_proc p = subject("assert_called_lists_calls");
    HN_ASSERT_EQ(p.exit_code, 1);
    expect_output(&p, "HN_ASSERT_CALLED(cut_add, 1): cut_add was called 2 times, "
                      "expected 1:");
    expect_output(&p, "#0 cut_add(5, 5)");
    expect_output(&p, "#1 cut_add(6, 6)");
    st_proc_free(&p);
}

HN_TEST(doubles_run, called_with_lists_why_each_call_did_not_match)
{
    st_proc p = subject("called_with_none_matched");
    HN_ASSERT_EQ(p.exit_code, 1);
    expect_output(&p, "HN_ASSERT_CALLED_WITH(cut_send): no call of cut_send matched");
    expect_output(&p, "#0 cut_send(1, \"hello ann\"): argument 0: 1 is not == 2");
    st_proc_free(&p);
}

HN_TEST(doubles_run, call_out_of_sequence_order_fails)
{
    st_proc p = subject("out_of_order");
    HN_ASSERT_EQ(p.exit_code, 1);
    expect_output(&p, "unexpected call cut_add(1, 1)");
    char want[160];
    snprintf(want, sizeof want, "matches, but out of order: the expectation at "
             "%s:%d of its sequence comes first", ST_SUBJECT_SRC,
             line_of(ST_SUBJECT_SRC, "HN_EXPECT_CALL(cut_send, hn_any(), hn_any(), .seq"));
    expect_output(&p, want);
    st_proc_free(&p);
}

HN_TEST(doubles_run, misuse_is_explained)
{
    st_proc p = subject("variadic_call_through");
    HN_ASSERT_EQ(p.exit_code, 1);
    expect_output(&p, "cut_logf is variadic: its double cannot call the real cut_logf");
    st_proc_free(&p);
    p = subject("arg_of_a_call_that_did_not_happen");
    expect_output(&p, "HN_ARG(cut_add, 5, ...): cut_add was called 1 time, so call #5 "
                      "did not happen");
    st_proc_free(&p);
    p = subject("never_expected");
    expect_output(&p, "matches, but is saturated: it wants never and had 0");
    st_proc_free(&p);
    p = subject("fill_through_null");
    HN_ASSERT_EQ(p.exit_code, 1);
    char want[256];
    snprintf(want, sizeof want, "subject.c:%d: cut_read_cfg: parameter 1 was NULL, so "
             "the fill of ", line_of(ST_SUBJECT_SRC, "HN_FILLS(cut_read_cfg, 1, want)"));
    expect_output(&p, want);
    expect_output(&p, " bytes configured here could not be written");
    st_proc_free(&p);
}

HN_TEST(doubles_run, unexpected_calls_from_threads_are_all_recorded)
{
    st_proc p = subject("unexpected_calls_from_threads");
    HN_ASSERT_EQ(p.exited, 1);
    HN_ASSERT_EQ(p.exit_code, 1);
    HN_ASSERT_EQ(st_count(p.out, "unexpected call cut_add("), 6);
    st_proc_free(&p);
}

HN_TEST(doubles_run, configuring_outside_a_test_is_an_error)
{
    st_proc p = run(ST_OUTSIDE, NULL, NULL, NULL);
    HN_ASSERT_EQ(p.exit_code, 2);
    HN_ASSERT_STR_CONTAINS(p.err, "HN_RETURNS(cut_add) configures a double outside a "
                                  "test");
    st_proc_free(&p);
}

/* ---- Verdicts do not depend on order or isolation. ---- */

#define LEAK_TESTS 10
static const char *const leak_names[LEAK_TESTS] = {
    "leak.a_configures_a_stub", "leak.b_relies_on_a_leaked_stub",
    "leak.c_counts_from_zero", "leak.d_meets_its_own_expectation",
    "leak.e_leaves_an_expectation_unmet", "leak.f_relies_on_a_leaked_fake",
    "leak.g_configures_a_fake", "leak.h_makes_an_hn_fn",
    "leak.i_watches_a_seam", "leak.j_runs_the_real_function_unwatched"};
static const char leak_want[LEAK_TESTS] = {'P', 'F', 'P', 'P', 'F', 'F', 'P', 'P', 'F', 'P'};

/* Counts PASS and FAIL lines per test of a leak run into pass[] and fail[]. */
static void tally(const char *out, int *pass, int *fail)
{
    for (const char *l = out; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
        int is_pass = strncmp(l, "PASS", 4) == 0, is_fail = strncmp(l, "FAIL", 4) == 0;
        if (!is_pass && !is_fail)
            continue;
        for (int i = 0; i < LEAK_TESTS; i++) {
            const char *at = strstr(l, leak_names[i]);
            const char *eol = strchr(l, '\n');
            if (at && (!eol || at < eol)) {
                (is_pass ? pass : fail)[i]++;
                break;
            }
        }
    }
}

static void expect_verdicts(const char *how, const char *out, int repeat)
{
    int pass[LEAK_TESTS] = {0}, fail[LEAK_TESTS] = {0};
    tally(out, pass, fail);
    for (int i = 0; i < LEAK_TESTS; i++) {
        int want_pass = leak_want[i] == 'P';
        if (pass[i] != (want_pass ? repeat : 0) || fail[i] != (want_pass ? 0 : repeat))
            HN_FAIL("%s: %s passed %d and failed %d times of %d, want always %s",
                    how, leak_names[i], pass[i], fail[i], repeat,
                    want_pass ? "pass" : "fail");
    }
}

HN_TEST(doubles_run, same_verdicts_forked_and_in_process_in_any_order)
{
    st_proc p = run(ST_LEAK, NULL, NULL, NULL);
    expect_verdicts("forked", p.out, 1);
    st_proc_free(&p);
    p = run(ST_LEAK, "--shuffle", "--repeat=5", NULL);
    expect_verdicts("forked, shuffled", p.out, 5);
    st_proc_free(&p);
    static const char *const seeds[] = {"--seed=1", "--seed=2", "--seed=3"};
    for (int s = 0; s < 3; s++) {
        const char *argv[] = {ST_LEAK, "--no-fork", "--shuffle", "--repeat=50", seeds[s],
                              NULL};
        st_opts o = {.env = quiet_env};
        HN_ASSERT_EQ(st_run(&p, argv, &o), 0);
        expect_verdicts(seeds[s], p.out, 50);
        HN_ASSERT_STR_CONTAINS(st_last_line(&p), "300 passed, 200 failed");
        st_proc_free(&p);
    }
}

/* ---- Seams in other builds. ---- */

HN_TEST(doubles_run, code_under_test_in_a_shared_library)
{
    st_proc p = run(ST_SHLIB, "--jobs=1", NULL, NULL);
    HN_ASSERT_EQ(p.exit_code, 1);
    HN_ASSERT_EQ(st_count(p.out, "PASS"), 4);
    expect_output(&p, "FAIL    shlib.call_inside_a_file_of_the_library_is_a_seam_miss");
    expect_output(&p, "seam miss: HN_RETURNS(cut_add) configured a double of cut_add "
                      "here, but the real cut_add ran 2 times");
    expect_output(&p, "called from cut_sum3+");
    st_proc_free(&p);
}

HN_TEST(doubles_run, non_pie_build_passes_and_counts_its_doubles)
{
    st_proc p = run(ST_NOPIE, NULL, NULL, NULL);
    HN_ASSERT_EQ(p.exit_code, 0);
    HN_ASSERT_STR_CONTAINS(st_last_line(&p), " passed, 0 failed, 0 skipped");
    expect_output(&p, "stubs");
    expect_output(&p, "spies");
    expect_output(&p, "fakes");
    expect_output(&p, "mocks");
    st_proc_free(&p);
}

/* ---- Signature drift does not compile. ---- */

static st_proc compile(const char *file)
{
    char *src = st_join(ST_DRIFT_DIR, file);
    const char *argv[] = {ST_CC, "-std=gnu11", "-fsyntax-only", "-I" ST_INCLUDE,
                          "-I" ST_CUT_DIR, src, NULL};
    st_proc p;
    HN_ASSERT_EQ(st_run(&p, argv, NULL), 0);
    free(src);
    return p;
}

HN_TEST(doubles_run, matching_declarations_compile)
{
    st_proc p = compile("ok.c");
    if (p.exit_code != 0)
        HN_FAIL("ok.c did not compile:\n%s", p.err);
    st_proc_free(&p);
}

HN_TEST(doubles_run, drifted_declarations_do_not_compile_and_name_the_function)
{
    static const struct {
        const char *file, *fn;
    } cases[] = {{"return_type.c", "cut_read_cfg"},
                 {"parameter_type.c", "cut_notify"},
                 {"parameter_count.c", "cut_add"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        st_proc p = compile(cases[i].file);
        char want[160];
        snprintf(want, sizeof want, "HN_DOUBLE(%s): the declared signature does not "
                 "match the real prototype of %s", cases[i].fn, cases[i].fn);
        HN_CHECK_NE(p.exit_code, 0);
        if (!strstr(p.err, want))
            HN_FAIL("%s: the compiler's errors lack [%s]:\n%s", cases[i].file, want, p.err);
        st_proc_free(&p);
    }
}

/* A mock written for another arity than its double's does not compile
 * (the real function gained a parameter, the HN_DOUBLE line was updated, the
 * expectation was not). */
HN_TEST(doubles_run, wrong_matcher_counts_do_not_compile_and_name_the_function)
{
    static const struct {
        const char *file, *macro, *fn;
    } cases[] = {{"expect_too_few.c", "HN_EXPECT_CALL", "cut_send"},
                 {"expect_too_many.c", "HN_EXPECT_CALL", "cut_add"},
                 {"called_with_too_few.c", "HN_ASSERT_CALLED_WITH", "cut_send"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        st_proc p = compile(cases[i].file);
        char want[200];
        snprintf(want, sizeof want, "%s(%s): the number of matchers is not the number of "
                 "parameters of %s", cases[i].macro, cases[i].fn, cases[i].fn);
        HN_CHECK_NE(p.exit_code, 0);
        if (!strstr(p.err, want))
            HN_FAIL("%s: the compiler's errors lack [%s]:\n%s", cases[i].file, want, p.err);
        st_proc_free(&p);
    }
}

/* ---- docs/doubles.md shows the code the selftests run. ---- */

HN_TEST(doubles_run, every_c_example_of_the_docs_is_tested_code)
{
    char *doc = st_read_file(ST_DOC, NULL);
    char *tests = st_read_file(ST_DOC_EXAMPLES, NULL);
    char *header = st_read_file(ST_DOC_HEADER, NULL);
    char *session = st_read_file(ST_DOC_SESSION, NULL);
    HN_ASSERT_NOT_NULL(doc);
    HN_ASSERT_NOT_NULL(tests);
    HN_ASSERT_NOT_NULL(header);
    HN_ASSERT_NOT_NULL(session);
    int blocks = 0, from_session = 0;
    for (char *at = strstr(doc, "\n```c\n"); at; at = strstr(at, "\n```c\n")) {
        char *start = at + 6, *end = strstr(start, "```");
        HN_ASSERT_NOT_NULL(end);
        size_t n = (size_t)(end - start);
        char *block = strndup(start, n);
        if (strstr(session, block))
            from_session++;
        else if (!strstr(tests, block) && !strstr(header, block))
            HN_FAIL("this C block of docs/doubles.md is not in doc_examples.c, "
                    "thermo.h or examples/doubles/session_test.c:\n%s", block);
        free(block);
        blocks++;
        at = end;
    }
    HN_ASSERT_GE(blocks, 8);
    HN_ASSERT_GE(from_session, 3); /* dummies and the fake clock */
    free(doc);
    free(tests);
    free(header);
    free(session);
}
