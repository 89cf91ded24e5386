/* SPDX-License-Identifier: MIT */
/* audit_test.c: --audit=FILE written by a real test binary (subject/, a
 * suite with every kind and origin of double), and `honest audit` run on it
 * as a user runs it: the inventory in text, JSON and Markdown, --fail-under,
 * --build on a CTest directory, --from, hand-written fixtures counted only
 * once verified, and a program that is no test binary refused. */
#include <honest.h>
#include <honest/fixture.h>
#include <honest/verify.h>

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "support.h"

static const char *str(const cJSON *o, const char *key)
{
    return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, key));
}

/* The 1-based line of the subject's source that holds `needle`. */
static int source_line(const char *needle)
{
    char *src = st_read_file(ST_SUBJECT_SOURCE "/legacy_test.c", NULL);
    HN_ASSERT_NOT_NULL(src);
    char *at = strstr(src, needle);
    HN_ASSERT_NOT_NULL(at);
    int line = 1;
    for (char *p = src; p < at; p++)
        line += *p == '\n';
    free(src);
    return line;
}

/* Runs the subject with --audit into dir/audit.jsonl (and extra, may be
 * NULL); returns the records as one JSON array. */
static cJSON *subject_records(const char *dir, const char *extra)
{
    char *file = st_join(dir, "audit.jsonl");
    char flag[4200];
    snprintf(flag, sizeof flag, "--audit=%s", file);
    const char *argv[] = {ST_LEGACY, flag, extra, NULL};
    st_proc p;
    HN_ASSERT_EQ(st_run(&p, argv, NULL), 0);
    HN_ASSERT_STR_EQ(st_last_line(&p), "5 passed, 0 failed, 0 skipped");
    st_proc_free(&p);
    char *text = st_read_file(file, NULL);
    HN_ASSERT_NOT_NULL(text);
    cJSON *all = cJSON_CreateArray();
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        cJSON *r = cJSON_Parse(line);
        HN_ASSERT(cJSON_IsObject(r));
        cJSON_AddItemToArray(all, r);
    }
    free(text);
    free(file);
    return all;
}

/* The record of `type` for `function` (or any, when NULL) in `test`. */
static const cJSON *record(const cJSON *all, const char *type, const char *test,
                           const char *function)
{
    const cJSON *r;
    cJSON_ArrayForEach(r, all) {
        if (strcmp(str(r, "type"), type) || (test && strcmp(str(r, "test"), test)))
            continue;
        if (!function || (str(r, "function") && !strcmp(str(r, "function"), function)))
            return r;
    }
    HN_FAIL("no %s record of %s in %s", type, function ? function : "any", test ? test : "any");
}

HN_TEST(audit, records_say_what_each_double_did)
{
    char *dir = st_tmpdir();
    cJSON *all = subject_records(dir, NULL);

    const cJSON *r = record(all, "double", "legacy.canned_json_typed_by_hand", "users_fetch");
    HN_CHECK_STR_EQ(str(r, "kind"), "stub");
    HN_CHECK_STR_EQ(str(r, "origin"), "HN_DOUBLE");
    HN_CHECK_STR_EQ(str(r, "macro"), "HN_RETURNS");
    const cJSON *canned = cJSON_GetArrayItem(cJSON_GetObjectItem(r, "canned"), 0);
    HN_ASSERT_NOT_NULL(canned);
    HN_CHECK_STR_EQ(str(canned, "text"), "{\"id\":7,\"name\":\"alice\"}");
    char at[64];
    snprintf(at, sizeof at, "legacy_test.c:%d", source_line("HN_RETURNS(users_fetch, \"{\\\"id\\\":7"));
    HN_CHECK_STR_CONTAINS(str(canned, "at"), at);
    HN_CHECK_STR_EQ(str(record(all, "double", "legacy.canned_json_typed_by_hand", "users_store"),
                        "kind"), "fake");

    r = record(all, "double", "legacy.answered_from_a_recording", "users_fetch");
    HN_CHECK_STR_EQ(str(r, "macro"), "HN_STUB_FIXTURE");
    HN_CHECK_STR_CONTAINS(str(r, "fixture"), "subject/fixtures/user_7.json");
    HN_CHECK_STR_EQ(str(record(all, "double", "legacy.answered_from_a_recording", "users_store"),
                        "kind"), "spy");
    HN_CHECK_STR_EQ(str(record(all, "double", "legacy.store_is_told_the_greeting", "users_store"),
                        "kind"), "mock");

    r = record(all, "double", "legacy.a_dummy_and_the_host_name", "gethostname");
    HN_CHECK_STR_CONTAINS(str(r, "library"), "libc");
    HN_CHECK_STR_EQ(str(record(all, "dummy", "legacy.a_dummy_and_the_host_name", NULL), "name"),
                    "void *");
    HN_CHECK_NULL(str(record(all, "double", "legacy.canned_json_typed_by_hand", "users_fetch"),
                      "library"));

    r = record(all, "test", "legacy.asserts_nothing", NULL);
    HN_CHECK_EQ(cJSON_GetObjectItem(r, "assertions")->valueint, 0);
    HN_CHECK_GT(cJSON_GetObjectItem(record(all, "test", "legacy.store_is_told_the_greeting", NULL),
                                    "assertions")->valueint, 0);
    HN_CHECK_STR_CONTAINS(str(record(all, "declared", NULL, "users_count"), "declared_at"),
                          "legacy_test.c:");
    HN_CHECK_STR_CONTAINS(str(record(all, "run", NULL, NULL), "binary"), "hn_st_audit_legacy");
    cJSON_Delete(all);
    st_rmtree(dir);
    free(dir);
}

static const cJSON *double_named(const cJSON *inv, const char *fn)
{
    const cJSON *d;
    cJSON_ArrayForEach(d, cJSON_GetObjectItem(inv, "doubles"))
        if (!strcmp(str(d, "function"), fn))
            return d;
    HN_FAIL("the inventory has no double %s", fn);
}

static int has_line(const cJSON *list, const char *needle)
{
    const cJSON *s;
    cJSON_ArrayForEach(s, list)
        if (strstr(s->valuestring, needle))
            return 1;
    return 0;
}

HN_TEST(audit, inventory_in_text_json_and_markdown)
{
    char *dir = st_tmpdir(), *json = st_join(dir, "inv.json"), *md = st_join(dir, "inv.md");
    const char *argv[] = {ST_HONEST, "audit", ST_LEGACY, "--json", json, "--markdown", md, NULL};
    st_proc p;
    HN_ASSERT_EQ(st_run(&p, argv, NULL), 0);
    HN_CHECK_EQ(p.exit_code, 0);
    HN_CHECK_STR_CONTAINS(p.out, "honest audit: 1 binary, 5 tests, 3 doubles (2 boundary), "
                                 "1 dummies, 1 fixtures");
    HN_CHECK_STR_CONTAINS(p.out, "users_fetch [stub] HN_DOUBLE, 3 tests");
    HN_CHECK_STR_CONTAINS(p.out, "HN_RETURNS at ");
    HN_CHECK_STR_CONTAINS(p.out, "tests that asserted nothing:\n  ");
    HN_CHECK_STR_CONTAINS(p.out, "legacy.asserts_nothing");
    HN_CHECK_STR_CONTAINS(p.out, "doubles no test used:\n  ");
    HN_CHECK_STR_CONTAINS(p.out, "fixture-backed boundary doubles: 0 of 2 (0%)");
    st_proc_free(&p);

    char *text = st_read_file(json, NULL);
    cJSON *inv = cJSON_Parse(text);
    HN_ASSERT_NOT_NULL(inv);
    const cJSON *fetch = double_named(inv, "users_fetch");
    HN_CHECK(cJSON_IsTrue(cJSON_GetObjectItem(fetch, "boundary")));
    /* Answered from a recording in one test and from typed JSON in two: not
     * fixture-backed, and the typed data is listed with its place. */
    HN_CHECK(cJSON_IsFalse(cJSON_GetObjectItem(fetch, "fixture_backed")));
    HN_CHECK_EQ(cJSON_GetArraySize(cJSON_GetObjectItem(fetch, "canned")), 2);
    HN_CHECK_EQ(cJSON_GetObjectItem(cJSON_GetObjectItem(fetch, "kinds"), "stub")->valueint, 3);
    const cJSON *host = double_named(inv, "gethostname");
    HN_CHECK(cJSON_IsTrue(cJSON_GetObjectItem(host, "boundary")));
    HN_CHECK_STR_CONTAINS(str(host, "boundary_why"), "libc");
    HN_CHECK(cJSON_IsFalse(cJSON_GetObjectItem(double_named(inv, "users_store"), "boundary")));
    HN_CHECK(has_line(cJSON_GetObjectItem(inv, "unused_doubles"), "users_count"));
    HN_CHECK(has_line(cJSON_GetObjectItem(inv, "asserted_nothing"), "legacy.asserts_nothing"));
    HN_CHECK(!has_line(cJSON_GetObjectItem(inv, "asserted_nothing"), "legacy.store_is_told"));
    const cJSON *fx = cJSON_GetArrayItem(cJSON_GetObjectItem(inv, "fixtures"), 0);
    HN_CHECK_STR_EQ(str(fx, "origin"), "recorded");
    HN_CHECK(cJSON_IsNull(cJSON_GetObjectItem(fx, "last_verified")));
    HN_CHECK_EQ(cJSON_GetObjectItem(inv, "ratio")->valuedouble, 0.0);
    cJSON_Delete(inv);
    free(text);

    text = st_read_file(md, NULL);
    HN_ASSERT_NOT_NULL(text);
    HN_CHECK_STR_CONTAINS(text, "| double | kind | origin | boundary | backed by |");
    HN_CHECK_STR_CONTAINS(text, "| `users_fetch` | stub | HN_DOUBLE | answered from fixtures | "
                                "1 fixture and hand-written canned data at ");
    free(text);
    st_rmtree(dir);
    free(dir);
    free(json);
    free(md);
}

HN_TEST(audit, fail_under_gates_ci)
{
    const char *under[] = {ST_HONEST, "audit", ST_LEGACY, "--fail-under", "0.5", NULL};
    st_proc p;
    HN_ASSERT_EQ(st_run(&p, under, NULL), 0);
    HN_CHECK_EQ(p.exit_code, 1);
    HN_CHECK_STR_CONTAINS(p.out, "the fixture-backed ratio is under --fail-under 0.5");
    st_proc_free(&p);
    const char *zero[] = {ST_HONEST, "audit", ST_LEGACY, "--fail-under", "0", NULL};
    HN_ASSERT_EQ(st_run(&p, zero, NULL), 0);
    HN_CHECK_EQ(p.exit_code, 0);
    st_proc_free(&p);
    const char *bad[] = {ST_HONEST, "audit", ST_LEGACY, "--fail-under", "80%", NULL};
    HN_ASSERT_EQ(st_run(&p, bad, NULL), 0);
    HN_CHECK_EQ(p.exit_code, 2);
    HN_CHECK_STR_CONTAINS(p.err, "--fail-under 80%: expected a ratio from 0 to 1");
    st_proc_free(&p);
}

HN_TEST(audit, build_directory_is_searched_for_honest_binaries)
{
    const char *argv[] = {ST_HONEST, "audit", "--build", ST_SUBJECT_BUILD, NULL};
    st_proc p;
    HN_ASSERT_EQ(st_run(&p, argv, NULL), 0);
    HN_CHECK_EQ(p.exit_code, 0);
    HN_CHECK_STR_CONTAINS(p.out, "honest audit: 1 binary, 5 tests, 3 doubles");
    st_proc_free(&p);
    const char *none[] = {ST_HONEST, "audit", "--build", "/", NULL};
    HN_ASSERT_EQ(st_run(&p, none, NULL), 0);
    HN_CHECK_EQ(p.exit_code, 2);
    HN_CHECK_STR_CONTAINS(p.err, "honest audit: ");
    st_proc_free(&p);
}

HN_TEST(audit, a_program_that_is_no_test_binary_is_refused)
{
    const char *argv[] = {ST_HONEST, "audit", "/bin/true", NULL};
    st_proc p;
    HN_ASSERT_EQ(st_run(&p, argv, NULL), 0);
    HN_CHECK_EQ(p.exit_code, 2);
    HN_CHECK_STR_CONTAINS(p.err, "/bin/true wrote no audit (exit status 0): is it a test binary "
                                 "built with honest?");
    st_proc_free(&p);
}

/* A hand-written fixture backs nothing until verify finds it aligned. */
HN_TEST(audit, hand_written_fixture_counts_once_verified)
{
    char *dir = st_tmpdir(), *fxdir = st_join(dir, "fixtures");
    HN_ASSERT_EQ(mkdir(fxdir, 0777), 0);
    char *src = st_read_file(ST_SUBJECT_SOURCE "/fixtures/user_7.json", NULL);
    char *at = strstr(src, "\"recorded_at\"");
    HN_ASSERT_NOT_NULL(at);
    char text[4096];
    snprintf(text, sizeof text, "%.*s\"origin\": \"hand-written\",\n  %s", (int)(at - src), src, at);
    char *fx = st_join(fxdir, "user_7.json");
    HN_ASSERT_EQ(st_write_file(fx, text), 0);
    char flag[4200];
    snprintf(flag, sizeof flag, "--fixtures=%s", dir);
    cJSON_Delete(subject_records(dir, flag));
    char *audit = st_join(dir, "audit.jsonl"), *json = st_join(dir, "inv.json");

    const char *argv[] = {ST_HONEST, "audit", "--from", audit, "--json", json, NULL};
    st_proc p;
    HN_ASSERT_EQ(st_run(&p, argv, NULL), 0);
    HN_CHECK_STR_CONTAINS(p.out, "user_7.json: hand-written, ");
    HN_CHECK_STR_CONTAINS(p.out, "never verified");
    st_proc_free(&p);
    char *out = st_read_file(json, NULL);
    cJSON *inv = cJSON_Parse(out);
    const cJSON *f = cJSON_GetArrayItem(cJSON_GetObjectItem(inv, "fixtures"), 0);
    HN_CHECK_STR_EQ(str(f, "origin"), "hand-written");
    HN_CHECK(cJSON_IsFalse(cJSON_GetObjectItem(f, "backed_by_reality")));
    cJSON_Delete(inv);
    free(out);

    hn_fixture_error err;
    HN_ASSERT_EQ(hn_verified_record(fx, time(NULL), "aligned", &err), 0);
    HN_ASSERT_EQ(st_run(&p, argv, NULL), 0);
    HN_CHECK_STR_CONTAINS(p.out, "user_7.json: hand-written, ");
    HN_CHECK_STR_CONTAINS(p.out, "aligned ");
    st_proc_free(&p);
    out = st_read_file(json, NULL);
    inv = cJSON_Parse(out);
    f = cJSON_GetArrayItem(cJSON_GetObjectItem(inv, "fixtures"), 0);
    HN_CHECK(cJSON_IsTrue(cJSON_GetObjectItem(f, "backed_by_reality")));
    HN_CHECK_STR_EQ(str(f, "last_verified"), "aligned");
    cJSON_Delete(inv);
    free(out);
    st_rmtree(dir);
    free(dir);
    free(fxdir);
    free(src);
    free(fx);
    free(audit);
    free(json);
}
