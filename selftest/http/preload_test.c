/* SPDX-License-Identifier: MIT */
/* preload_test.c: fixtures the launcher loads once before forking (see
 * fixtures/fixture_cache.c) change nothing a test sees: preload_prog run
 * forked and with --no-fork reports the same outcomes and messages, and the
 * audit file shows that the forked run did give tests the launcher's copy. */
#include <honest.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "support.h"

static const char item[] =
    "{\"honest\": 1, \"name\": \"items.42\", \"recorded_at\": \"2026-11-02T09:00:00Z\",\n"
    " \"max_age_days\": 3650,\n"
    " \"request\": {\"method\": \"GET\", \"url\": \"https://api.example.com/v1/items/42\"},\n"
    " \"response\": {\"status\": 200, \"headers\": {\"Content-Type\": \"application/json\"},\n"
    "              \"body\": {\"id\": 42, \"name\": \"widget\"}}}\n";
/* Line 3, column 13: a member without its value. */
static const char bad[] = "{\"honest\": 1,\n \"name\": \"bad\",\n \"request\": ,\n}\n";

/* The scratch directory, with its fixtures written more than 2 s ago (the
 * launcher leaves out files changed more recently). */
static char *dir(void)
{
    char *d = st_tmpdir();
    HN_ASSERT_NOT_NULL(d);
    char *p = st_join(d, "item.json"), *q = st_join(d, "bad.json");
    HN_ASSERT_EQ(st_write_file(p, item), 0);
    HN_ASSERT_EQ(st_write_file(q, bad), 0);
    free(p);
    free(q);
    sleep(3);
    return d;
}

/* Runs the program; checks every outcome and message; returns the audit. */
static char *run(const char *d, const char *mode)
{
    char env[1100], audit[1100];
    snprintf(env, sizeof env, "ST_DIR=%s", d);
    snprintf(audit, sizeof audit, "--audit=%s/audit.jsonl", d);
    const char *argv[] = {ST_PRELOAD_PROG, "--color=never", "--strict", mode, audit, NULL};
    const char *envv[] = {env, NULL};
    st_proc p;
    HN_ASSERT_EQ(st_run(&p, argv, &(st_opts){.env = envv}), 0);
    HN_LOG("%s:\n%s", mode, p.out);
    HN_CHECK_STR_EQ(st_last_line(&p), "4 passed, 3 failed, 0 skipped");
    HN_CHECK(strstr(p.out, "PASS    preload.a_uses_and_scribbles") != NULL);
    HN_CHECK(strstr(p.out, "FAIL    preload.b_loads_but_never_requests") != NULL);
    HN_CHECK(strstr(p.out, "PASS    preload.c_sees_the_file") != NULL);
    HN_CHECK(strstr(p.out, "PASS    preload.e_sees_the_change") != NULL);
    HN_CHECK_EQ(st_count(p.out, "was loaded by HN_HTTP_FIXTURES but never requested"), 1);
    /* c's two extra HN_FIXTUREs are not HN_HTTP_FIXTURES: not reported. */
    HN_CHECK_EQ(st_count(p.out, "bad.json:3:13"), 2);
    HN_CHECK_STR_CONTAINS(p.out, "FAIL    preload.f_bad");
    HN_CHECK_STR_CONTAINS(p.out, "FAIL    preload.g_bad_again");
    st_proc_free(&p);
    char *path = st_join(d, "audit.jsonl");
    char *text = st_read_file(path, NULL);
    HN_ASSERT_NOT_NULL(text);
    free(path);
    return text;
}

/* Whether a fixture record of test `test` in the audit says preloaded. */
static int preloaded(const char *audit, const char *test, const char *value)
{
    char want[256];
    int n = 0;
    snprintf(want, sizeof want, "\"test\":\"%s\"", test);
    for (const char *l = audit; *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : l + strlen(l)) {
        size_t len = strcspn(l, "\n");
        char rec[4096];
        snprintf(rec, sizeof rec, "%.*s", (int)(len < sizeof rec ? len : sizeof rec - 1), l);
        if (strstr(rec, "\"type\":\"fixture\"") && strstr(rec, want) &&
            strstr(rec, value))
            n++;
    }
    return n;
}

HN_TEST(preload, forked_tests_see_what_they_would_see_alone)
{
    char *d = dir();
    char *forked = run(d, "--jobs=1");
    /* The first test loaded item.json itself; b and c got the launcher's
     * copy; c's second and third uses, its own; e, the changed file, its own. */
    HN_CHECK_EQ(preloaded(forked, "preload.a_uses_and_scribbles", "\"preloaded\":false"), 1);
    HN_CHECK_EQ(preloaded(forked, "preload.b_loads_but_never_requests", "\"preloaded\":true"), 1);
    HN_CHECK_EQ(preloaded(forked, "preload.c_sees_the_file", "\"preloaded\":true"), 1);
    HN_CHECK_EQ(preloaded(forked, "preload.c_sees_the_file", "\"preloaded\":false"), 2);
    HN_CHECK_EQ(preloaded(forked, "preload.e_sees_the_change", "\"preloaded\":false"), 1);
    free(forked);
    /* The same outcomes in one process, where nothing is preloaded. */
    char *p = st_join(d, "item.json");
    HN_ASSERT_EQ(st_write_file(p, item), 0);
    free(p);
    char *alone = run(d, "--no-fork");
    HN_CHECK_EQ(st_count(alone, "\"preloaded\":true"), 0);
    HN_CHECK_EQ(st_count(alone, "\"preloaded\":false"), 6);
    free(alone);
    st_rmtree(d);
    free(d);
}
