/* SPDX-License-Identifier: MIT */
/* migrate_test.c: `honest migrate` on a copy of a legacy suite whose double
 * answers with JSON typed by hand: the patch to review, the fixtures it
 * writes, --apply, a second run that changes nothing, the rebuilt suite
 * still passing from the fixtures, the audit after, and `honest verify`
 * showing how far the typed data was from a live provider on loopback. */
#include <honest.h>

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "support.h"
#include "vt.h"

static const char *const sources[] = {"legacy_test.c", "users.c", "users_remote.c", "users.h",
                                      "fixtures/user_7.json", NULL};

static void copy_subject(const char *dir)
{
    char *fx = st_join(dir, "fixtures");
    HN_ASSERT_EQ(mkdir(fx, 0777), 0);
    free(fx);
    for (const char *const *s = sources; *s; s++) {
        char *from = st_join(ST_SUBJECT_SOURCE, *s), *to = st_join(dir, *s);
        char *text = st_read_file(from, NULL);
        HN_ASSERT_NOT_NULL(text);
        HN_ASSERT_EQ(st_write_file(to, text), 0);
        free(text);
        free(from);
        free(to);
    }
}

/* Builds the suite in dir as honest_add_test would: a link seam (--wrap,
 * and PROVIDE of the forwarder) for each function it doubles. */
static void build(const char *dir)
{
    static const char *const doubled[] = {"users_fetch", "users_store", "users_count",
                                          "gethostname"};
    char *ld = st_join(dir, "doubles.ld");
    char script[1024] = "";
    for (size_t i = 0; i < 4; i++)
        snprintf(script + strlen(script), sizeof script - strlen(script),
                 "PROVIDE(%s = hn__fwd_%s);\n", doubled[i], doubled[i]);
    HN_ASSERT_EQ(st_write_file(ld, script), 0);
    char sanitize[128] = "";
    if (ST_SANITIZE[0])
        snprintf(sanitize, sizeof sanitize, "-fsanitize=%s", ST_SANITIZE);
    const char *argv[] = {ST_CC, "-std=gnu11", "-o", "legacy", "-I", ST_INCLUDE,
                          "legacy_test.c", "users.c", "users_remote.c",
                          "-Wl,--wrap=users_fetch", "-Wl,--wrap=users_store",
                          "-Wl,--wrap=users_count", "-Wl,--wrap=gethostname",
                          "-Wl,-u,users_fetch", "-Wl,-u,users_store", "-Wl,-u,users_count",
                          "-Wl,--export-dynamic", ST_LIBHONEST, "-lcjson", "-lcurl", "-lffi",
                          "-ldl", "-lpthread", "-lrt", "-lm", ld,
                          sanitize[0] ? sanitize : NULL, NULL};
    st_opts o = {.cwd = dir};
    st_proc p;
    HN_ASSERT_EQ(st_run(&p, argv, &o), 0);
    if (p.exit_code != 0)
        HN_FAIL("building the subject failed:\n%s", p.err);
    st_proc_free(&p);
    free(ld);
}

static void run_suite(const char *dir)
{
    char *prog = st_join(dir, "legacy");
    const char *argv[] = {prog, NULL};
    st_opts o = {.cwd = dir};
    st_proc p;
    HN_ASSERT_EQ(st_run(&p, argv, &o), 0);
    HN_CHECK_STR_EQ(st_last_line(&p), "5 passed, 0 failed, 0 skipped");
    st_proc_free(&p);
    free(prog);
}

static void migrate(st_proc *p, const char *dir, int apply)
{
    const char *args[] = {"migrate", "legacy", "--endpoint",
                          "users_fetch=GET ${USERS_BASE}/v1/retyped?id={1}",
                          "--fixtures", "fixtures/migrated", apply ? "--apply" : NULL, NULL};
    vt_honest(p, dir, NULL, args);
    HN_CHECK_EQ(p->exit_code, 0);
}

static char *read_in(const char *dir, const char *name)
{
    char *path = st_join(dir, name);
    char *text = st_read_file(path, NULL);
    free(path);
    HN_ASSERT_NOT_NULL(text);
    return text;
}

HN_TEST(migrate, typed_json_becomes_fixtures_that_verify_checks)
{
    char *dir = st_tmpdir();
    copy_subject(dir);
    build(dir);
    run_suite(dir);
    char *before = read_in(dir, "legacy_test.c");

    /* Without --apply: fixtures written, a patch printed, the source kept. */
    st_proc p;
    migrate(&p, dir, 0);
    HN_CHECK_STR_CONTAINS(p.out, "users_fetch (HN_RETURNS at ");
    HN_CHECK_STR_CONTAINS(p.out, "GET ${USERS_BASE}/v1/retyped?id=7\n");
    HN_CHECK_STR_CONTAINS(p.out, "wrote fixtures/migrated/users_fetch_1.json\n");
    HN_CHECK_STR_CONTAINS(p.out, "--- legacy_test.c\n+++ legacy_test.c\n@@ -33,7 +33,7 @@\n");
    HN_CHECK_STR_CONTAINS(p.out, "-    HN_RETURNS(users_fetch, \"{\\\"id\\\":7,\\\"name\\\":\\\"alice\\\"}\");\n"
                                 "+    HN_RETURNS_FIXTURE(users_fetch, \"fixtures/migrated/users_fetch_1.json\");\n");
    st_proc_free(&p);
    char *same = read_in(dir, "legacy_test.c");
    HN_CHECK_STR_EQ(same, before);
    free(same);
    char *fx_text = read_in(dir, "fixtures/migrated/users_fetch_2.json");
    cJSON *fx = cJSON_Parse(fx_text);
    HN_ASSERT_NOT_NULL(fx);
    HN_CHECK_STR_EQ(cJSON_GetStringValue(cJSON_GetObjectItem(fx, "origin")), "hand-written");
    HN_CHECK_STR_EQ(cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(fx, "request"),
                                                             "url")),
                    "${USERS_BASE}/v1/retyped?id=8");
    const cJSON *body = cJSON_GetObjectItem(cJSON_GetObjectItem(fx, "response"), "body");
    HN_CHECK_STR_EQ(cJSON_GetStringValue(cJSON_GetObjectItem(body, "name")), "bob");
    cJSON_Delete(fx);

    /* --apply, then again: the second run changes nothing. */
    migrate(&p, dir, 1);
    HN_CHECK_STR_CONTAINS(p.out, "unchanged fixtures/migrated/users_fetch_1.json");
    HN_CHECK_STR_CONTAINS(p.out, "rewrote legacy_test.c: 2 changes");
    st_proc_free(&p);
    char *after = read_in(dir, "legacy_test.c");
    HN_CHECK_STR_CONTAINS(after, "HN_RETURNS_FIXTURE(users_fetch, \"fixtures/migrated/users_fetch_2.json\");");
    HN_CHECK_EQ(st_count(after, "HN_RETURNS(users_fetch"), 0);
    migrate(&p, dir, 1);
    HN_CHECK_STR_CONTAINS(p.out, "already answers from a fixture");
    HN_CHECK_EQ(st_count(p.out, "rewrote"), 0);
    st_proc_free(&p);
    char *again = read_in(dir, "legacy_test.c"), *fx_again = read_in(dir, "fixtures/migrated/users_fetch_2.json");
    HN_CHECK_STR_EQ(again, after);
    HN_CHECK_STR_EQ(fx_again, fx_text);
    free(again);
    free(fx_again);

    /* Rebuilt, the suite passes from the fixtures, and the audit sees them. */
    build(dir);
    run_suite(dir);
    const char *audit[] = {"audit", "legacy", NULL};
    vt_honest(&p, dir, NULL, audit);
    HN_CHECK_STR_CONTAINS(p.out, "users_fetch [stub] HN_DOUBLE, 3 tests");
    HN_CHECK_STR_CONTAINS(p.out, "3 fixtures, not all backed by reality");
    HN_CHECK_STR_CONTAINS(p.out, "users_fetch_1.json: hand-written, 0 days old, never verified");
    HN_CHECK_EQ(st_count(p.out, "HN_RETURNS at"), 0);
    st_proc_free(&p);

    /* verify: the typed data had drifted from the provider's answers. */
    vt_verify_against_provider(&p, dir, "USERS_BASE", "fixtures/migrated");
    HN_CHECK_EQ(p.exit_code, 1);
    HN_CHECK_STR_CONTAINS(p.out, "2 drifted");
    HN_CHECK_STR_CONTAINS(p.out, "$.response.body.name");
    HN_CHECK_STR_CONTAINS(p.out, "$.response.body.age");
    st_proc_free(&p);

    free(before);
    free(after);
    free(fx_text);
    st_rmtree(dir);
    free(dir);
}

HN_TEST(migrate, bad_endpoint_and_missing_argument_are_clear)
{
    char *dir = st_tmpdir();
    copy_subject(dir);
    build(dir);
    const char *bad[] = {"migrate", "legacy", "--endpoint", "users_fetch GET /x", "--fixtures",
                         "out", NULL};
    st_proc p;
    vt_honest(&p, dir, NULL, bad);
    HN_CHECK_EQ(p.exit_code, 2);
    HN_CHECK_STR_CONTAINS(p.err, "--endpoint 'users_fetch GET /x': expected 'FN=METHOD URL'");
    st_proc_free(&p);
    const char *arg[] = {"migrate", "legacy", "--endpoint", "users_fetch=GET http://h/{2}",
                         "--fixtures", "out", NULL};
    vt_honest(&p, dir, NULL, arg);
    HN_CHECK_EQ(p.exit_code, 2);
    HN_CHECK_STR_CONTAINS(p.err, "the endpoint of users_fetch uses {2}, but users_fetch had 1 "
                                 "argument");
    st_proc_free(&p);
    const char *none[] = {"migrate", "legacy", "--fixtures", "out", NULL};
    vt_honest(&p, dir, NULL, none);
    HN_CHECK_EQ(p.exit_code, 0);
    HN_CHECK_STR_CONTAINS(p.out, "users_fetch: canned JSON at ");
    HN_CHECK_STR_CONTAINS(p.out, "give --endpoint 'users_fetch=METHOD URL' to migrate it");
    st_proc_free(&p);
    st_rmtree(dir);
    free(dir);
}

/* The fixtures' names follow where the data was typed, not the order the
 * tests ran in (two jobs write their audit records in either order): the
 * same audit with its records reversed migrates to the same files. */
HN_TEST(migrate, fixture_names_do_not_depend_on_the_order_tests_ran)
{
    char *dir = st_tmpdir();
    copy_subject(dir);
    build(dir);
    char *prog = st_join(dir, "legacy");
    const char *run[] = {prog, "--jobs=1", "--audit=in_order.jsonl", NULL};
    st_opts o = {.cwd = dir};
    st_proc p;
    HN_ASSERT_EQ(st_run(&p, run, &o), 0);
    HN_ASSERT_EQ(p.exit_code, 0);
    st_proc_free(&p);
    /* The same records, last first. */
    char *text = read_in(dir, "in_order.jsonl");
    size_t len = strlen(text);
    size_t n = st_count(text, "\n");
    HN_ASSERT_GT(n, 2u);
    char **lines = calloc(n, sizeof *lines);
    char *save = NULL;
    size_t k = 0;
    for (char *l = strtok_r(text, "\n", &save); l && k < n; l = strtok_r(NULL, "\n", &save))
        lines[k++] = l;
    char *rev = calloc(len + 2, 1);
    for (size_t i = k; i-- > 0;)
        strcat(strcat(rev, lines[i]), "\n");
    char *rev_path = st_join(dir, "reversed.jsonl");
    HN_ASSERT_EQ(st_write_file(rev_path, rev), 0);
    const char *from[2] = {"in_order.jsonl", "reversed.jsonl"};
    const char *out[2] = {"fx_a", "fx_b"};
    for (int i = 0; i < 2; i++) {
        const char *args[] = {"migrate", "--from", from[i], "--endpoint",
                              "users_fetch=GET ${USERS_BASE}/v1/retyped?id={1}", "--fixtures",
                              out[i], NULL};
        vt_honest(&p, dir, NULL, args);
        HN_CHECK_EQ(p.exit_code, 0);
        HN_CHECK_STR_CONTAINS(p.out, "wrote ");
        st_proc_free(&p);
    }
    for (int f = 1; f <= 2; f++) {
        char a[64], b[64];
        snprintf(a, sizeof a, "fx_a/users_fetch_%d.json", f);
        snprintf(b, sizeof b, "fx_b/users_fetch_%d.json", f);
        /* The same fixture but for its recording date (the two runs may
         * straddle a second). */
        char *ta = read_in(dir, a), *tb = read_in(dir, b);
        cJSON *ja = cJSON_Parse(ta), *jb = cJSON_Parse(tb);
        HN_ASSERT_NOT_NULL(ja);
        HN_ASSERT_NOT_NULL(jb);
        cJSON_DeleteItemFromObject(ja, "recorded_at");
        cJSON_DeleteItemFromObject(jb, "recorded_at");
        char *sa = cJSON_Print(ja), *sb = cJSON_Print(jb);
        HN_CHECK_STR_EQ(sa, sb);
        free(sa);
        free(sb);
        cJSON_Delete(ja);
        cJSON_Delete(jb);
        free(ta);
        free(tb);
    }
    char *first = read_in(dir, "fx_b/users_fetch_1.json");
    HN_CHECK_STR_CONTAINS(first, "retyped?id=7");
    free(first);
    free(lines);
    free(rev);
    free(rev_path);
    free(text);
    free(prog);
    st_rmtree(dir);
    free(dir);
}
