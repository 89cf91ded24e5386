/* SPDX-License-Identifier: MIT */
/* dummy_test.c: runs dummy_prog, forked and with --no-fork, and checks that a
 * used dummy is reported by name, type, site and use, and that the run goes on. */
#include <honest.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

/* The line of dummy_prog.c that carries the comment marker, or 0. */
static int line_of(const char *marker)
{
    char *src = st_read_file(ST_DUMMY_SRC, NULL);
    HN_ASSERT_NOT_NULL(src);
    int line = 1, found = 0;
    for (const char *p = src; *p && !found; p++) {
        if (*p == '\n')
            line++;
        else if (strncmp(p, marker, strlen(marker)) == 0)
            found = line;
    }
    free(src);
    HN_ASSERT_GT(found, 0);
    return found;
}

/* Runs dummy_prog with a filter, forked or not; the caller frees p. */
static void run_prog(st_proc *p, const char *filter, int no_fork)
{
    char arg[256];
    snprintf(arg, sizeof arg, "--filter=%s", filter);
    const char *argv[] = {ST_DUMMY_PROG, arg, "--color=never", "--jobs=1",
                          no_fork ? "--no-fork" : NULL, NULL};
    HN_ASSERT_EQ(st_run(p, argv, &(st_opts){.timeout_ms = 30000}), 0);
    HN_ASSERT_EQ(p->timed_out, 0);
}

typedef struct use_case {
    const char *name;
    const char *test;   /* the test of dummy_prog to run */
    int no_fork;
    const char *marker; /* marks the HN_DUMMY line */
    const char *type;   /* as written in HN_DUMMY(...) */
    const char *use;    /* what the report says happened */
} use_case;

static const use_case uses[] = {
    {"read/forked", "target.read", 0, "@read", "struct conn *",
     "read at offset 4 in conn_port"},
    {"read/no_fork", "target.read", 1, "@read", "struct conn *",
     "read at offset 4 in conn_port"},
    {"write/forked", "target.write", 0, "@write", "struct conn *",
     "written at offset 0 in conn_close"},
    {"write/no_fork", "target.write", 1, "@write", "struct conn *",
     "written at offset 0 in conn_close"},
    {"call/forked", "target.call", 0, "@call ", "on_event_fn", "called from dispatch"},
    {"call/no_fork", "target.call", 1, "@call ", "on_event_fn", "called from dispatch"},
    {"call_literal_type/forked", "target.call_literal_type", 0, "@call_literal",
     "int (*)(int)", "called from dispatch"},
    {"call_literal_type/no_fork", "target.call_literal_type", 1, "@call_literal",
     "int (*)(int)", "called from dispatch"},
    {"struct_field/forked", "target.struct_field", 0, "@struct_field",
     "struct config", "read at offset 4 in config_port"},
    {"struct_field/no_fork", "target.struct_field", 1, "@struct_field",
     "struct config", "read at offset 4 in config_port"},
    {"other_thread/forked", "target.thread", 0, "@thread", "struct conn *",
     "read at offset 4 in conn_port"},
    {"other_thread/no_fork", "target.thread", 1, "@thread", "struct conn *",
     "read at offset 4 in conn_port"},
};

HN_TEST_PN(dummy, use_is_reported_by_name, use_case, uses, name)
{
    st_proc p;
    run_prog(&p, HN_PARAM->test, HN_PARAM->no_fork);
    int line = line_of(HN_PARAM->marker);
    char want[512], fail_line[128];
    snprintf(want, sizeof want, "dummy_prog.c:%d: dummy '%s' (dummy_prog.c:%d) was used: %s\n",
             line, HN_PARAM->type, line, HN_PARAM->use);
    snprintf(fail_line, sizeof fail_line, "FAIL    %s ", HN_PARAM->test);
    HN_CHECK_STR_CONTAINS(p.out, want);
    HN_CHECK_STR_CONTAINS(p.out, fail_line);
    HN_CHECK(strstr(p.out, "SIGSEGV") == NULL);
    HN_CHECK(strstr(p.out, "CRASH") == NULL);
    HN_CHECK_EQ(p.exited, 1);
    HN_CHECK_EQ(p.exit_code, 1);
    HN_CHECK_STR_EQ(st_last_line(&p), "0 passed, 1 failed, 0 skipped");
    st_proc_free(&p);
}

/* The PASS and FAIL lines of a run, without their durations, in order. */
static char *verdicts(const char *out)
{
    size_t n = strlen(out);
    char *v = calloc(n + 1, 1), *w = v;
    for (const char *line = out; *line;) {
        const char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) : strlen(line);
        if (strncmp(line, "PASS ", 5) == 0 || strncmp(line, "FAIL ", 5) == 0) {
            const char *paren = memchr(line, '(', len);
            size_t keep = paren ? (size_t)(paren - line) : len;
            memcpy(w, line, keep);
            w += keep;
            *w++ = '\n';
        }
        line += len + (end ? 1 : 0);
    }
    return v;
}

HN_TEST(dummy, no_fork_run_goes_on_with_same_verdicts)
{
    st_proc forked, same;
    run_prog(&forked, "target.*", 0);
    run_prog(&same, "target.*", 1);
    HN_CHECK_STR_EQ(st_last_line(&forked), "2 passed, 7 failed, 0 skipped");
    HN_CHECK_STR_EQ(st_last_line(&same), "2 passed, 7 failed, 0 skipped");
    HN_CHECK_EQ(same.exited, 1);
    char *a = verdicts(forked.out), *b = verdicts(same.out);
    HN_CHECK_EQ(st_count(a, "\n"), 9);
    HN_CHECK_STR_EQ(a, b);
    free(a);
    free(b);
    st_proc_free(&forked);
    st_proc_free(&same);
}

HN_TEST(dummy, use_inside_libc_is_reported_by_name)
{
    int line = line_of("@libc");
    char want[256];
    snprintf(want, sizeof want,
             "dummy_prog.c:%d: dummy 'const char *' (dummy_prog.c:%d) was used: read at offset 0",
             line, line);
    for (int no_fork = 0; no_fork <= 1; no_fork++) {
        st_proc p;
        run_prog(&p, "target.libc_reads_it", no_fork);
        HN_CHECK_STR_CONTAINS(p.out, want);
        HN_CHECK_STR_EQ(st_last_line(&p), "0 passed, 1 failed, 0 skipped");
        st_proc_free(&p);
    }
}

HN_TEST(dummy, unused_dummies_pass_and_are_counted)
{
    st_proc p;
    run_prog(&p, "target.untouched", 1);
    HN_CHECK_STR_CONTAINS(p.out, "PASS    target.untouched");
    HN_CHECK_STR_CONTAINS(p.out, "5 dummies");
    HN_CHECK_STR_EQ(st_last_line(&p), "1 passed, 0 failed, 0 skipped");
    st_proc_free(&p);
}

HN_TEST(dummy, genuine_crash_stays_a_crash)
{
    st_proc p;
    run_prog(&p, "crash.segv", 0);
    /* Plain builds report a crash by SIGSEGV; under AddressSanitizer its own
     * handler reports the SEGV and the test exits 1. Both fail the test. */
    HN_CHECK(strstr(p.out, "CRASH   crash.segv") != NULL ||
             strstr(p.out, "FAIL    crash.segv") != NULL);
    HN_CHECK_STR_CONTAINS(p.out, "SEGV");
    HN_CHECK_STR_EQ(st_last_line(&p), "0 passed, 1 failed, 0 skipped");
    HN_CHECK(strstr(p.out, "dummy '") == NULL);
    st_proc_free(&p);
}

HN_TEST(dummy, dummy_of_an_earlier_test_is_named_so)
{
    st_proc p;
    run_prog(&p, "earlier.*", 1);
    int line = line_of("@kept");
    char want[256];
    snprintf(want, sizeof want,
             "dummy 'struct conn *' (dummy_prog.c:%d, made by an earlier test) was used: "
             "read at offset 4 in conn_port", line);
    HN_CHECK_STR_CONTAINS(p.out, want);
    HN_CHECK_STR_EQ(st_last_line(&p), "1 passed, 1 failed, 0 skipped");
    st_proc_free(&p);
}

/* The SIGSEGV handler that reports a used dummy allocates nothing (the
 * subject's malloc tells when it is called on the signal stack) and still
 * names the dummy and the function that used it, forked and --no-fork. */
HN_TEST(dummy, handler_allocates_nothing)
{
#ifndef ST_DUMMY_SAFE_PROG
    HN_SKIP("built with sanitizers, which replace malloc themselves");
#else
    for (int no_fork = 0; no_fork <= 1; no_fork++) {
        const char *argv[] = {ST_DUMMY_SAFE_PROG, "--color=never", "--jobs=1",
                              no_fork ? "--no-fork" : NULL, NULL};
        st_proc p;
        HN_ASSERT_EQ(st_run(&p, argv, &(st_opts){.timeout_ms = 30000}), 0);
        HN_CHECK_EQ(p.timed_out, 0);
        HN_CHECK_STR_CONTAINS(p.out, "dummy 'struct conn *' (dummy_safe_prog.c:");
        HN_CHECK_STR_CONTAINS(p.out, ") was used: read at offset 4 in conn_port_safe\n");
        HN_CHECK(strstr(p.out, "ALLOCATED IN A SIGNAL HANDLER") == NULL);
        HN_CHECK_STR_EQ(st_last_line(&p), "0 passed, 1 failed, 0 skipped");
        st_proc_free(&p);
    }
#endif
}
