/* SPDX-License-Identifier: MIT */
/* verify_update_test.c: what `honest verify` writes: fixtures untouched
 * without --update, rewritten atomically with it (name and rules kept), the
 * last-verified state beside the fixtures, the order of the table, staleness,
 * and the JSON, JUnit and Markdown reports. */
#include <honest.h>
#include <honest/fixture.h>
#include <honest/verify.h>

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "support.h"
#include "vt.h"

static const char *str(const cJSON *o, const char *key)
{
    return cJSON_GetStringValue(cJSON_GetObjectItem(o, key));
}

static char *record_all(vt_provider *p, const char *const *names)
{
    char *dir = st_tmpdir();
    for (; *names; names++) {
        char path[128], name[128];
        snprintf(path, sizeof path, "/v1/%s", *names);
        snprintf(name, sizeof name, "fixtures/%s", *names);
        free(vt_record(p, dir, path, name, NULL));
    }
    return dir;
}

static char *fixture_path(const char *dir, const char *name)
{
    char rel[128];
    snprintf(rel, sizeof rel, "fixtures/%s.json", name);
    return st_join(dir, rel);
}

/* Sets recorded_at of a fixture to `days` days ago (and max_age_days). */
static void age_fixture(const char *dir, const char *name, int days, int max_age)
{
    char *path = fixture_path(dir, name), when[32];
    time_t t = time(NULL) - (time_t)days * 86400;
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", gmtime(&t));
    cJSON *doc = vt_json_file(path);
    cJSON_DeleteItemFromObject(doc, "recorded_at");
    cJSON_AddStringToObject(doc, "recorded_at", when);
    cJSON_AddNumberToObject(doc, "max_age_days", max_age);
    vt_json_write(path, doc);
    cJSON_Delete(doc);
    free(path);
}

static void run_verify(st_proc *run, const char *dir, const char *const *extra)
{
    const char *args[24] = {"verify"};
    size_t n = 1;
    for (; extra && *extra; extra++)
        args[n++] = *extra;
    args[n++] = "fixtures";
    args[n] = NULL;
    vt_honest(run, dir, NULL, args);
}

HN_TEST(verify_files, no_fixture_changes_without_update)
{
    vt_provider p;
    vt_provider_start(&p);
    const char *names[] = {"all", "added", "stable", "clock", NULL};
    char *dir = record_all(&p, names);
    char *before[4];
    for (int i = 0; i < 4; i++) {
        char *path = fixture_path(dir, names[i]);
        before[i] = st_read_file(path, NULL);
        free(path);
    }
    vt_provider_version(&p, 2);
    st_proc run;
    const char *args[] = {"--learn-volatile", "--json", "r.json", "--junit", "r.xml",
                          "--markdown", "r.md", NULL};
    run_verify(&run, dir, args);
    HN_CHECK_EQ(run.exit_code, 1);
    st_proc_free(&run);
    for (int i = 0; i < 4; i++) {
        char *path = fixture_path(dir, names[i]);
        char *after = st_read_file(path, NULL);
        HN_CHECK_STR_EQ(after, before[i]);
        free(after);
        free(before[i]);
        free(path);
    }
    char *fx = st_join(dir, "fixtures");
    HN_CHECK(!vt_temp_files_left(fx));
    free(fx);
    vt_finish(&p, dir);
}

HN_TEST(verify_files, update_rewrites_keeping_name_and_rules)
{
    vt_provider p;
    vt_provider_start(&p);
    const char *names[] = {"all", "stable", NULL};
    char *dir = record_all(&p, names);
    char *path = fixture_path(dir, "all"), *stable = fixture_path(dir, "stable");
    /* A name of its own, rules, and an old recording date. */
    cJSON *doc = vt_json_file(path);
    cJSON_DeleteItemFromObject(doc, "name");
    cJSON_AddStringToObject(doc, "name", "accounts.user.get");
    cJSON_DeleteItemFromObject(doc, "recorded_at");
    cJSON_AddStringToObject(doc, "recorded_at", "2026-01-02T03:04:05Z");
    cJSON *v = cJSON_AddObjectToObject(doc, "verify");
    cJSON_AddItemToObject(v, "ignore", cJSON_CreateStringArray((const char *[]){"$.response.headers.Date"}, 1));
    cJSON_AddItemToObject(v, "values", cJSON_CreateStringArray((const char *[]){"$.response.body.plan"}, 1));
    cJSON_AddStringToObject(v, "replay", "always");
    cJSON_AddItemToObject(v, "severity", cJSON_Parse("{\"added\": \"drift\"}"));
    vt_json_write(path, doc);
    cJSON_Delete(doc);
    char *stable_before = st_read_file(stable, NULL);
    vt_provider_version(&p, 2);

    st_proc run;
    const char *args[] = {"--update", NULL};
    run_verify(&run, dir, args);
    HN_CHECK_EQ(run.exit_code, 1); /* it drifted: the update is for review */
    HN_CHECK_STR_CONTAINS(run.out, "updated fixtures/all.json; what changed:");
    HN_CHECK_STR_CONTAINS(run.out, "value_changed $.recorded_at:");
    HN_CHECK_STR_CONTAINS(run.out, "$.response.status: 200 -> 202");
    HN_CHECK_STR_CONTAINS(run.out, "updated (--update)");
    st_proc_free(&run);

    doc = vt_json_file(path);
    HN_CHECK_STR_EQ(str(doc, "name"), "accounts.user.get");
    HN_CHECK_STR_NE(str(doc, "recorded_at"), "2026-01-02T03:04:05Z");
    const cJSON *verify = cJSON_GetObjectItem(doc, "verify");
    HN_CHECK_STR_EQ(cJSON_GetArrayItem(cJSON_GetObjectItem(verify, "ignore"), 0)->valuestring,
                    "$.response.headers.Date");
    HN_CHECK_STR_EQ(cJSON_GetArrayItem(cJSON_GetObjectItem(verify, "values"), 0)->valuestring,
                    "$.response.body.plan");
    HN_CHECK_STR_EQ(str(verify, "replay"), "always");
    HN_CHECK_STR_EQ(str(cJSON_GetObjectItem(verify, "severity"), "added"), "drift");
    const cJSON *resp = cJSON_GetObjectItem(doc, "response");
    HN_CHECK_EQ(cJSON_GetObjectItem(resp, "status")->valueint, 202);
    HN_CHECK_STR_EQ(str(cJSON_GetObjectItem(resp, "body"), "username"), "alice");
    cJSON_Delete(doc);
    hn_fixture_error err;
    hn_fixture *fx = hn_fixture_load(path, &err);
    HN_CHECK_NOT_NULL(fx);
    hn_fixture_free(fx);
    char *stable_after = st_read_file(stable, NULL);
    HN_CHECK_STR_EQ(stable_after, stable_before); /* aligned: not rewritten */
    char *fxdir = st_join(dir, "fixtures");
    HN_CHECK(!vt_temp_files_left(fxdir));

    /* The updated fixture now matches, and was recorded as such. */
    run_verify(&run, dir, NULL);
    HN_CHECK_EQ(run.exit_code, 0);
    st_proc_free(&run);
    hn_verified_entry e;
    HN_CHECK_EQ(hn_verified_lookup(path, &e, NULL), 1);
    HN_CHECK_STR_EQ(e.outcome, "aligned");
    free(fxdir);
    free(stable_before);
    free(stable_after);
    free(stable);
    free(path);
    vt_finish(&p, dir);
}

HN_TEST(verify_files, outcome_and_time_kept_beside_the_fixtures)
{
    vt_provider p;
    vt_provider_start(&p);
    const char *names[] = {"removed", "stable", NULL};
    char *dir = record_all(&p, names);
    vt_provider_version(&p, 2);
    time_t t0 = time(NULL);
    st_proc run;
    const char *args[] = {"--json", "r.json", NULL};
    run_verify(&run, dir, args);
    st_proc_free(&run);
    char *removed = fixture_path(dir, "removed"), *stable = fixture_path(dir, "stable");
    hn_verified_entry e;
    HN_ASSERT_EQ(hn_verified_lookup(removed, &e, NULL), 1);
    HN_CHECK_STR_EQ(e.outcome, "drifted");
    HN_CHECK_GE(e.checked_at, t0 - 1);
    HN_CHECK_LE(e.checked_at, time(NULL) + 1);
    HN_ASSERT_EQ(hn_verified_lookup(stable, &e, NULL), 1);
    HN_CHECK_STR_EQ(e.outcome, "aligned");
    char *state = st_join(dir, "fixtures/" HN_VERIFIED_FILE);
    struct stat st;
    HN_CHECK_EQ(stat(state, &st), 0);
    /* The drift's age: `since` stays while the outcome stays. */
    char *report = st_join(dir, "r.json");
    cJSON *doc = vt_json_file(report);
    const cJSON *f = vt_report_fixture(doc, "removed");
    HN_CHECK_NOT_NULL(str(f, "drifting_since"));
    cJSON_Delete(doc);
    /* --no-state leaves it alone. */
    char *before = st_read_file(state, NULL);
    const char *nostate[] = {"--no-state", NULL};
    sleep(1);
    run_verify(&run, dir, nostate);
    st_proc_free(&run);
    char *after = st_read_file(state, NULL);
    HN_CHECK_STR_EQ(after, before);
    free(before);
    free(after);
    free(report);
    free(state);
    free(removed);
    free(stable);
    vt_finish(&p, dir);
}

HN_TEST(verify_files, table_sorted_oldest_recording_first)
{
    vt_provider p;
    vt_provider_start(&p);
    const char *names[] = {"added", "removed", "stable", NULL};
    char *dir = record_all(&p, names);
    age_fixture(dir, "added", 3, 365);
    age_fixture(dir, "removed", 40, 365);
    age_fixture(dir, "stable", 12, 365);
    vt_provider_version(&p, 2);
    st_proc run;
    run_verify(&run, dir, NULL);
    const char *r = strstr(run.out, "removed "), *s = strstr(run.out, "stable "),
               *a = strstr(run.out, "added ");
    HN_ASSERT(r && s && a);
    HN_CHECK(r < s && s < a);
    HN_CHECK_STR_CONTAINS(run.out, "drifted        40d");
    HN_CHECK_STR_CONTAINS(run.out, "aligned        12d");
    st_proc_free(&run);
    vt_finish(&p, dir);
}

HN_TEST(verify_files, old_aligned_fixture_is_stale)
{
    vt_provider p;
    vt_provider_start(&p);
    const char *names[] = {"stable", NULL};
    char *dir = record_all(&p, names);
    age_fixture(dir, "stable", 100, 30);
    st_proc run;
    run_verify(&run, dir, NULL);
    HN_CHECK_EQ(run.exit_code, 0);
    HN_CHECK_STR_CONTAINS(run.out, "stale         100d");
    HN_CHECK_STR_CONTAINS(run.out, "aligned, but recorded 100 days ago (max_age_days 30)");
    st_proc_free(&run);
    char *path = fixture_path(dir, "stable");
    hn_verified_entry e;
    HN_CHECK_EQ(hn_verified_lookup(path, &e, NULL), 1);
    HN_CHECK_STR_EQ(e.outcome, "stale");
    free(path);
    vt_finish(&p, dir);
}

HN_TEST(verify_files, simulated_transport_errors_are_skipped)
{
    char *dir = st_tmpdir(), *fx = st_join(dir, "fixtures"), *path = fixture_path(dir, "t");
    HN_ASSERT_EQ(mkdir(fx, 0777), 0);
    HN_ASSERT_EQ(st_write_file(path, "{\"honest\": 1, \"recorded_at\": \"2026-11-01T00:00:00Z\","
                                     " \"request\": {\"method\": \"GET\", \"url\": "
                                     "\"http://127.0.0.1:1/x\"}, \"response\": {\"error\": "
                                     "\"timeout\"}}\n"), 0);
    st_proc run;
    run_verify(&run, dir, (const char *[]){"--junit", "r.xml", NULL});
    HN_CHECK_EQ(run.exit_code, 0);
    HN_CHECK_STR_CONTAINS(run.out, "skipped");
    HN_CHECK_STR_CONTAINS(run.out, "the recorded response is a transport error (timeout)");
    st_proc_free(&run);
    char *xml = st_join(dir, "r.xml"), *text = st_read_file(xml, NULL);
    HN_CHECK_STR_CONTAINS(text, "<skipped message=");
    free(text);
    free(xml);
    free(path);
    free(fx);
    vt_finish(NULL, dir);
}

/* ---- the reports -------------------------------------------------------- */

/* A run over every drift case, one unreachable fixture and an aligned one. */
static char *reports(vt_provider *p, int *status)
{
    const char *names[] = {"all", "stable", "status", NULL};
    char *dir = record_all(p, names);
    char *gone = fixture_path(dir, "gone");
    free(vt_record(p, dir, "/v1/stable", "fixtures/gone", NULL));
    char url[128];
    snprintf(url, sizeof url, "http://127.0.0.1:%u/x", vt_dead_port());
    vt_json_set(gone, "request", "url", url);
    vt_json_set(gone, NULL, "name", "gone|away"); /* a pipe to escape */
    free(gone);
    vt_provider_version(p, 2);
    st_proc run;
    const char *args[] = {"--retries", "0", "--json", "r.json", "--junit", "r.xml",
                          "--markdown", "r.md", NULL};
    run_verify(&run, dir, args);
    *status = run.exit_code;
    st_proc_free(&run);
    return dir;
}

HN_TEST(verify_reports, json_parses_and_counts)
{
    vt_provider p;
    vt_provider_start(&p);
    int status;
    char *dir = reports(&p, &status);
    HN_CHECK_EQ(status, 1);
    char *path = st_join(dir, "r.json");
    cJSON *doc = vt_json_file(path);
    HN_CHECK_EQ(cJSON_GetObjectItem(doc, "honest_verify")->valueint, 1);
    HN_CHECK_EQ(cJSON_GetObjectItem(doc, "exit_status")->valueint, 1);
    HN_CHECK_EQ(cJSON_GetObjectItem(doc, "fixtures_checked")->valueint, 4);
    const cJSON *counts = cJSON_GetObjectItem(doc, "counts");
    HN_CHECK_EQ(cJSON_GetObjectItem(counts, "drifted")->valueint, 2);
    HN_CHECK_EQ(cJSON_GetObjectItem(counts, "aligned")->valueint, 1);
    HN_CHECK_EQ(cJSON_GetObjectItem(counts, "unreachable")->valueint, 1);
    HN_CHECK_EQ(cJSON_GetArraySize(cJSON_GetObjectItem(doc, "fixtures")), 4);
    const cJSON *f = vt_report_fixture(doc, "status");
    HN_ASSERT_NOT_NULL(f);
    HN_CHECK_STR_EQ(str(f, "path"), "fixtures/status.json");
    HN_CHECK_STR_EQ(str(f, "method"), "GET");
    HN_CHECK(cJSON_IsNumber(cJSON_GetObjectItem(f, "age_days")));
    cJSON_Delete(doc);
    free(path);
    vt_finish(&p, dir);
}

HN_TEST(verify_reports, junit_is_valid_xml_one_case_per_fixture)
{
    vt_provider p;
    vt_provider_start(&p);
    int status;
    char *dir = reports(&p, &status);
    st_proc lint;
    const char *argv[] = {"/usr/bin/xmllint", "--noout", "r.xml", NULL};
    st_opts o = {.cwd = dir};
    HN_ASSERT_EQ(st_run(&lint, argv, &o), 0);
    HN_CHECK_EQ(lint.exit_code, 0);
    HN_CHECK_STR_EQ(lint.err, "");
    st_proc_free(&lint);
    char *path = st_join(dir, "r.xml"), *xml = st_read_file(path, NULL);
    HN_CHECK_EQ(st_count(xml, "<testcase "), 4);
    HN_CHECK_EQ(st_count(xml, "<failure type=\"drifted\""), 2);
    HN_CHECK_EQ(st_count(xml, "<error type=\"unreachable\""), 1);
    HN_CHECK_STR_CONTAINS(xml, "tests=\"4\" failures=\"2\" errors=\"1\"");
    HN_CHECK_STR_CONTAINS(xml, "status_changed $.response.status: number 200 -&gt; number 410");
    free(xml);
    free(path);
    vt_finish(&p, dir);
}

/* Cells of a Markdown table row (pipes escaped as \| do not count). */
static int cells(const char *line)
{
    int n = 0;
    for (const char *s = line; *s && *s != '\n'; s++)
        if (*s == '|' && (s == line || s[-1] != '\\'))
            n++;
    return n - 1;
}

HN_TEST(verify_reports, markdown_tables_keep_their_shape)
{
    vt_provider p;
    vt_provider_start(&p);
    int status;
    char *dir = reports(&p, &status);
    char *path = st_join(dir, "r.md"), *md = st_read_file(path, NULL);
    HN_ASSERT_NOT_NULL(md);
    HN_CHECK_STR_CONTAINS(md, "| Outcome | Age (days) | Fixture | File | Differences |\n"
                              "|---|---:|---|---|---:|\n");
    HN_CHECK_STR_CONTAINS(md, "| Fixture | Kind | Path | Recorded | Live |\n|---|---|---|---|---|\n");
    HN_CHECK_STR_CONTAINS(md, "| unreachable | 0 | gone\\|away | `fixtures/gone.json` | 0 |");
    int rows = 0, drift_rows = 0, in_drift = 0;
    for (char *line = strtok(md, "\n"); line; line = strtok(NULL, "\n")) {
        if (!strncmp(line, "### Drift", 9))
            in_drift = 1;
        else if (!strncmp(line, "### ", 4))
            in_drift = 0;
        if (line[0] != '|')
            continue;
        HN_CHECK_EQ(cells(line), 5); /* every row of both tables has 5 cells */
        if (in_drift)
            drift_rows++;
        else
            rows++;
    }
    HN_CHECK_EQ(rows, 2 + 4);        /* header, separator, 4 fixtures */
    HN_CHECK_EQ(drift_rows, 2 + 8);  /* header, separator, 7 + 1 differences */
    free(md);
    free(path);
    vt_finish(&p, dir);
}
