/* SPDX-License-Identifier: MIT */
/* verify_test.c: `honest verify` against a real provider on loopback that
 * drifts from version 1 (recorded) to version 2 (live): every drift kind by
 * exact path and kind, no false alarm, volatile fields, unreachable
 * endpoints, exit statuses, and fixtures left untouched without --update. */
#include <honest.h>

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "support.h"
#include "vt.h"

/* Runs `honest verify --json report.json ARGS... .` in dir; returns the
 * parsed report and fills *p (free both). */
static cJSON *verify(st_proc *p, const char *dir, const char *const *env,
                     const char *const *args)
{
    const char *argv[32] = {"verify", "--json", "report.json", "--backoff", "20"};
    size_t n = 5;
    for (; args && *args; args++)
        argv[n++] = *args;
    argv[n++] = "fixtures";
    argv[n] = NULL;
    vt_honest(p, dir, env, argv);
    char *report = st_join(dir, "report.json");
    cJSON *doc = vt_json_file(report);
    free(report);
    return doc;
}

/* A scratch directory with fixtures/ recorded from the provider's version 1. */
static char *recorded(vt_provider *p, const char *const *names)
{
    char *dir = st_tmpdir();
    char *fx = st_join(dir, "fixtures");
    for (; *names; names++) {
        char path[128], name[128];
        snprintf(path, sizeof path, "/v1/%s", *names);
        snprintf(name, sizeof name, "fixtures/%s", *names);
        free(vt_record(p, dir, path, name, NULL));
    }
    free(fx);
    return dir;
}

static const char *str(const cJSON *o, const char *key)
{
    return cJSON_GetStringValue(cJSON_GetObjectItem(o, key));
}

static const cJSON *fixture(const cJSON *report, const char *name)
{
    const cJSON *f = vt_report_fixture(report, name);
    HN_ASSERT_NOT_NULL(f);
    return f;
}

static int ndiffs(const cJSON *f)
{
    return cJSON_GetArraySize(cJSON_GetObjectItem(f, "differences"));
}

/* Checks difference i of fixture f: kind, path, and the types of each side
 * (NULL: that side is absent). */
static void check_diff(const cJSON *f, int i, const char *kind, const char *path,
                       const char *recorded_type, const char *live_type)
{
    const cJSON *d = cJSON_GetArrayItem(cJSON_GetObjectItem(f, "differences"), i);
    HN_ASSERT_NOT_NULL(d);
    HN_CHECK_STR_EQ(str(d, "kind"), kind);
    HN_CHECK_STR_EQ(str(d, "path"), path);
    const cJSON *rec = cJSON_GetObjectItem(d, "recorded"), *live = cJSON_GetObjectItem(d, "live");
    if (recorded_type)
        HN_CHECK_STR_EQ(str(rec, "type"), recorded_type);
    else
        HN_CHECK(cJSON_IsNull(rec));
    if (live_type)
        HN_CHECK_STR_EQ(str(live, "type"), live_type);
    else
        HN_CHECK(cJSON_IsNull(live));
}

static void check_outcome(const cJSON *report, const char *name, const char *outcome)
{
    HN_CHECK_STR_EQ(str(fixture(report, name), "outcome"), outcome);
}

/* One drift case: record `name` at version 1, verify at version 2. */
static cJSON *drift_case(const char *name, st_proc *run)
{
    vt_provider p;
    vt_provider_start(&p);
    const char *names[] = {name, NULL};
    char *dir = recorded(&p, names);
    vt_provider_version(&p, 2);
    cJSON *report = verify(run, dir, NULL, NULL);
    vt_finish(&p, dir);
    return report;
}

HN_TEST(verify, aligned_fixtures_stay_aligned)
{
    vt_provider p;
    vt_provider_start(&p);
    const char *names[] = {"stable", "items", NULL};
    char *dir = recorded(&p, names);
    vt_provider_version(&p, 2); /* items: a longer array of the same shape */
    st_proc run;
    cJSON *report = verify(&run, dir, NULL, NULL);
    HN_CHECK_EQ(run.exit_code, 0);
    check_outcome(report, "stable", "aligned");
    check_outcome(report, "items", "aligned");
    HN_CHECK_EQ(ndiffs(fixture(report, "items")), 0);
    HN_CHECK_STR_CONTAINS(run.out, "exit 0: no drift");
    HN_CHECK_EQ(cJSON_GetObjectItem(cJSON_GetObjectItem(report, "counts"), "aligned")->valueint, 2);
    cJSON_Delete(report);
    st_proc_free(&run);
    vt_finish(&p, dir);
}

/* An added field is backward compatible: a warning by default, not drift. */
HN_TEST(verify, field_added_is_a_warning)
{
    st_proc run;
    cJSON *report = drift_case("added", &run);
    const cJSON *f = fixture(report, "added");
    HN_CHECK_EQ(run.exit_code, 0);
    HN_CHECK_STR_EQ(str(f, "outcome"), "aligned");
    HN_ASSERT_EQ(ndiffs(f), 1);
    check_diff(f, 0, "added", "$.response.body.nickname", NULL, "string");
    const cJSON *d = cJSON_GetArrayItem(cJSON_GetObjectItem(f, "differences"), 0);
    HN_CHECK_STR_EQ(str(d, "severity"), "warn");
    HN_CHECK_EQ(cJSON_GetObjectItem(f, "warnings")->valueint, 1);
    HN_CHECK_EQ(cJSON_GetObjectItem(report, "warnings")->valueint, 1);
    HN_CHECK_STR_CONTAINS(run.out, "added          $.response.body.nickname: string \"al\" "
                                   "[warning]");
    HN_CHECK_STR_CONTAINS(run.out, "1 aligned, 0 drifted; 1 warning");
    HN_CHECK_STR_CONTAINS(run.out, "exit 0: no drift");
    cJSON_Delete(report);
    st_proc_free(&run);
}

HN_TEST(verify, field_removed)
{
    st_proc run;
    cJSON *report = drift_case("removed", &run);
    const cJSON *f = fixture(report, "removed");
    HN_CHECK_EQ(run.exit_code, 1);
    HN_ASSERT_EQ(ndiffs(f), 1);
    check_diff(f, 0, "removed", "$.response.body.plan", "string", NULL);
    cJSON_Delete(report);
    st_proc_free(&run);
}

HN_TEST(verify, number_sent_as_string)
{
    st_proc run;
    cJSON *report = drift_case("retyped", &run);
    const cJSON *f = fixture(report, "retyped");
    HN_ASSERT_EQ(ndiffs(f), 1);
    check_diff(f, 0, "type_changed", "$.response.body.age", "number", "string");
    const cJSON *d = cJSON_GetArrayItem(cJSON_GetObjectItem(f, "differences"), 0);
    HN_CHECK_EQ(cJSON_GetObjectItem(cJSON_GetObjectItem(d, "recorded"), "value")->valueint, 30);
    HN_CHECK_STR_EQ(str(cJSON_GetObjectItem(d, "live"), "value"), "30");
    cJSON_Delete(report);
    st_proc_free(&run);
}

HN_TEST(verify, renamed_key)
{
    st_proc run;
    cJSON *report = drift_case("renamed", &run);
    const cJSON *f = fixture(report, "renamed");
    HN_ASSERT_EQ(ndiffs(f), 2);
    check_diff(f, 0, "removed", "$.response.body.userName", "string", NULL);
    check_diff(f, 1, "added", "$.response.body.username", NULL, "string");
    HN_CHECK_STR_CONTAINS(run.out, "(renamed to \"username\"?)");
    cJSON_Delete(report);
    st_proc_free(&run);
}

HN_TEST(verify, status_change)
{
    st_proc run;
    cJSON *report = drift_case("status", &run);
    const cJSON *f = fixture(report, "status");
    HN_ASSERT_EQ(ndiffs(f), 1);
    check_diff(f, 0, "status_changed", "$.response.status", "number", "number");
    HN_CHECK_EQ(cJSON_GetObjectItem(f, "live_status")->valueint, 410);
    HN_CHECK_STR_CONTAINS(run.out, "$.response.status: number 200 -> number 410");
    cJSON_Delete(report);
    st_proc_free(&run);
}

HN_TEST(verify, content_type_change)
{
    st_proc run;
    cJSON *report = drift_case("ctype", &run);
    const cJSON *f = fixture(report, "ctype");
    HN_ASSERT_EQ(ndiffs(f), 1);
    check_diff(f, 0, "header_changed", "$.response.headers[\"content-type\"]", "string", "string");
    const cJSON *d = cJSON_GetArrayItem(cJSON_GetObjectItem(f, "differences"), 0);
    HN_CHECK_STR_EQ(str(cJSON_GetObjectItem(d, "live"), "value"), "text/csv; charset=utf-8");
    cJSON_Delete(report);
    st_proc_free(&run);
}

/* Issue 10, defect 11: a header path is spelled as every path is (lower
 * case, bracketed when not an identifier), and a rule names the header
 * whichever way it is spelled: the path copied from the report included. */
HN_TEST(verify, header_paths_spelled_one_way)
{
    static const char *const rules[] = {"$.response.headers[\"content-type\"]",
                                        "$.response.headers.Content-Type",
                                        "$.response.headers[\"CONTENT-TYPE\"]"};
    for (size_t i = 0; i < 3; i++) {
        vt_provider p;
        vt_provider_start(&p);
        const char *names[] = {"ctype", NULL};
        char *dir = recorded(&p, names);
        char *path = st_join(dir, "fixtures/ctype.json");
        cJSON *doc = vt_json_file(path);
        cJSON *v = cJSON_AddObjectToObject(doc, "verify");
        cJSON_AddItemToObject(v, "ignore", cJSON_CreateStringArray(&rules[i], 1));
        vt_json_write(path, doc);
        cJSON_Delete(doc);
        free(path);
        vt_provider_version(&p, 2);
        st_proc run;
        cJSON *report = verify(&run, dir, NULL, NULL);
        HN_LOG("rule %s", rules[i]);
        check_outcome(report, "ctype", "aligned");
        HN_CHECK_EQ(run.exit_code, 0);
        cJSON_Delete(report);
        st_proc_free(&run);
        vt_finish(&p, dir);
    }
}

HN_TEST(verify, every_change_at_once)
{
    st_proc run;
    cJSON *report = drift_case("all", &run);
    const cJSON *f = fixture(report, "all");
    HN_ASSERT_EQ(ndiffs(f), 7);
    check_diff(f, 0, "status_changed", "$.response.status", "number", "number");
    check_diff(f, 1, "header_changed", "$.response.headers[\"content-type\"]", "string", "string");
    check_diff(f, 2, "type_changed", "$.response.body.id", "number", "string");
    check_diff(f, 3, "removed", "$.response.body.userName", "string", NULL);
    check_diff(f, 4, "removed", "$.response.body.plan", "string", NULL);
    check_diff(f, 5, "added", "$.response.body.username", NULL, "string");
    check_diff(f, 6, "added", "$.response.body.nickname", NULL, "string");
    cJSON_Delete(report);
    st_proc_free(&run);
}

/* The clock fixture compares values: its timestamp and id change every time. */
static char *clock_fixture(vt_provider *p)
{
    const char *names[] = {"clock", NULL};
    char *dir = recorded(p, names);
    char *path = st_join(dir, "fixtures/clock.json");
    cJSON *doc = vt_json_file(path);
    cJSON *v = cJSON_AddObjectToObject(doc, "verify");
    cJSON_AddStringToObject(v, "compare", "values");
    vt_json_write(path, doc);
    cJSON_Delete(doc);
    free(path);
    return dir;
}

HN_TEST(verify, volatile_fields_alarm_in_value_checks)
{
    vt_provider p;
    vt_provider_start(&p);
    char *dir = clock_fixture(&p);
    st_proc run;
    cJSON *report = verify(&run, dir, NULL, NULL);
    const cJSON *f = fixture(report, "clock");
    HN_CHECK_EQ(run.exit_code, 1);
    HN_ASSERT_EQ(ndiffs(f), 2);
    check_diff(f, 0, "value_changed", "$.response.body.now", "string", "string");
    check_diff(f, 1, "value_changed", "$.response.body.request_id", "number", "number");
    cJSON_Delete(report);
    st_proc_free(&run);
    vt_finish(&p, dir);
}

HN_TEST(verify, learned_volatile_fields_do_not_alarm)
{
    vt_provider p;
    vt_provider_start(&p);
    char *dir = clock_fixture(&p);
    long before = vt_provider_count(&p);
    st_proc run;
    const char *args[] = {"--learn-volatile", NULL};
    cJSON *report = verify(&run, dir, NULL, args);
    const cJSON *f = fixture(report, "clock");
    HN_CHECK_EQ(run.exit_code, 0);
    HN_CHECK_STR_EQ(str(f, "outcome"), "aligned");
    HN_CHECK_EQ(ndiffs(f), 0);
    const cJSON *vol = cJSON_GetObjectItem(f, "volatile");
    HN_ASSERT_EQ(cJSON_GetArraySize(vol), 2);
    HN_CHECK_STR_EQ(cJSON_GetArrayItem(vol, 0)->valuestring, "$.response.body.now");
    HN_CHECK_STR_EQ(cJSON_GetArrayItem(vol, 1)->valuestring, "$.response.body.request_id");
    HN_CHECK_STR_CONTAINS(run.out, "volatile (values not compared): $.response.body.now");
    HN_CHECK_EQ(vt_provider_count(&p) - before, 2); /* asked twice */
    cJSON_Delete(report);
    st_proc_free(&run);
    vt_finish(&p, dir);
}

/* A fixture whose URL points where nothing listens. */
static void point_at_dead_port(const char *path)
{
    char url[128];
    snprintf(url, sizeof url, "http://127.0.0.1:%u/v1/stable", vt_dead_port());
    vt_json_set(path, "request", "url", url);
}

HN_TEST(verify, nothing_listening_is_unreachable_not_drift)
{
    vt_provider p;
    vt_provider_start(&p);
    const char *names[] = {"stable", NULL};
    char *dir = recorded(&p, names);
    free(vt_record(&p, dir, "/v1/stable", "fixtures/gone", NULL));
    char *gone = st_join(dir, "fixtures/gone.json");
    point_at_dead_port(gone);
    st_proc run;
    const char *args[] = {"--retries", "1", NULL};
    cJSON *report = verify(&run, dir, NULL, args);
    const cJSON *f = fixture(report, "gone");
    HN_CHECK_EQ(run.exit_code, 3);
    HN_CHECK_STR_EQ(str(f, "outcome"), "unreachable");
    HN_CHECK_EQ(ndiffs(f), 0);
    HN_CHECK_EQ(cJSON_GetObjectItem(f, "attempts")->valueint, 2);
    HN_CHECK_STR_CONTAINS(str(f, "error"), "connection_refused");
    check_outcome(report, "stable", "aligned");
    HN_CHECK_STR_CONTAINS(run.out, "exit 3: 1 fixture unreachable");
    cJSON_Delete(report);
    st_proc_free(&run);
    free(gone);
    vt_finish(&p, dir);
}

HN_TEST(verify, unreachable_with_drift_exits_1)
{
    vt_provider p;
    vt_provider_start(&p);
    const char *names[] = {"removed", NULL};
    char *dir = recorded(&p, names);
    free(vt_record(&p, dir, "/v1/stable", "fixtures/gone", NULL));
    char *gone = st_join(dir, "fixtures/gone.json");
    point_at_dead_port(gone);
    vt_provider_version(&p, 2);
    st_proc run;
    const char *args[] = {"--retries", "0", NULL};
    cJSON *report = verify(&run, dir, NULL, args);
    HN_CHECK_EQ(run.exit_code, 1);
    check_outcome(report, "gone", "unreachable");
    check_outcome(report, "removed", "drifted");
    cJSON_Delete(report);
    st_proc_free(&run);
    free(gone);
    vt_finish(&p, dir);
}

/* fixtures/NAME.json recorded from `route`, then pointed at `live` (both on
 * the provider); its path (malloc'd). */
static char *moved(vt_provider *p, const char *dir, const char *name, const char *route,
                   const char *live)
{
    char rel[128], url[256];
    snprintf(rel, sizeof rel, "fixtures/%s", name);
    char *path = vt_record(p, dir, route, rel, NULL);
    snprintf(url, sizeof url, "%s%s", p->base, live);
    vt_json_set(path, "request", "url", url);
    return path;
}

HN_TEST(verify, retries_ride_out_transient_failures)
{
    vt_provider p;
    vt_provider_start(&p);
    char *dir = st_tmpdir();
    /* Recorded when the provider answered at once; live, it drops the first
     * two requests of key 6. */
    char *path = moved(&p, dir, "flaky", "/flaky?key=5&fail=0", "/flaky?key=6&fail=2");
    st_proc run;
    const char *none[] = {"--retries", "0", NULL};
    cJSON *report = verify(&run, dir, NULL, none);
    HN_CHECK_EQ(run.exit_code, 3);
    HN_CHECK_STR_CONTAINS(str(fixture(report, "flaky"), "error"), "empty_reply");
    cJSON_Delete(report);
    st_proc_free(&run);
    const char *two[] = {"--retries", "2", NULL};
    report = verify(&run, dir, NULL, two); /* 1 more failure, then an answer */
    HN_CHECK_EQ(run.exit_code, 0);
    check_outcome(report, "flaky", "aligned");
    HN_CHECK_EQ(cJSON_GetObjectItem(fixture(report, "flaky"), "attempts")->valueint, 2);
    cJSON_Delete(report);
    st_proc_free(&run);
    free(path);
    vt_finish(&p, dir);
}

HN_TEST(verify, timeout_is_unreachable)
{
    vt_provider p;
    vt_provider_start(&p);
    char *dir = st_tmpdir();
    char *path = moved(&p, dir, "slow", "/slow?ms=1", "/slow?ms=3000");
    st_proc run;
    const char *args[] = {"--timeout", "200", "--retries", "0", NULL};
    cJSON *report = verify(&run, dir, NULL, args);
    HN_CHECK_EQ(run.exit_code, 3);
    check_outcome(report, "slow", "unreachable");
    HN_CHECK_STR_CONTAINS(str(fixture(report, "slow"), "error"), "timeout");
    cJSON_Delete(report);
    st_proc_free(&run);
    free(path);
    vt_finish(&p, dir);
}

HN_TEST(verify, unset_variable_is_invalid_naming_it_and_the_fixture)
{
    vt_provider p;
    vt_provider_start(&p);
    char *dir = st_tmpdir();
    const char *hdr[] = {"-H", "X-Tenant: ${HN_ST_TENANT}", NULL};
    const char *env_rec[] = {"HN_ST_TENANT=acme", NULL};
    char url[128];
    snprintf(url, sizeof url, "%s/v1/stable", p.base);
    const char *args[] = {"record", "--url", url, "-o", "fixtures/tenant.json", hdr[0], hdr[1],
                          NULL};
    st_proc rec;
    vt_honest(&rec, dir, env_rec, args);
    HN_ASSERT_EQ(rec.exit_code, 0);
    st_proc_free(&rec);
    const char *unset[] = {"HN_ST_TENANT", NULL};
    st_proc run;
    cJSON *report = verify(&run, dir, unset, NULL);
    const cJSON *f = fixture(report, "tenant");
    HN_CHECK_EQ(run.exit_code, 2);
    HN_CHECK_STR_EQ(str(f, "outcome"), "invalid");
    HN_CHECK_STR_CONTAINS(str(f, "error"), "HN_ST_TENANT is not set");
    HN_CHECK_STR_CONTAINS(str(f, "error"), "fixtures/tenant.json");
    HN_CHECK_STR_CONTAINS(run.out, "invalid     ");
    HN_CHECK_STR_CONTAINS(run.out, "tenant (fixtures/tenant.json): ");
    cJSON_Delete(report);
    st_proc_free(&run);
    /* Set, the same fixture verifies. */
    report = verify(&run, dir, env_rec, NULL);
    HN_CHECK_EQ(run.exit_code, 0);
    cJSON_Delete(report);
    st_proc_free(&run);
    vt_finish(&p, dir);
}

HN_TEST(verify, malformed_fixture_is_invalid_with_its_position)
{
    char *dir = st_tmpdir();
    char *fx = st_join(dir, "fixtures");
    HN_ASSERT_EQ(mkdir(fx, 0777), 0);
    char *bad = st_join(fx, "bad.json");
    HN_ASSERT_EQ(st_write_file(bad, "{\n  \"honest\": 1,\n  \"name\": 5\n}\n"), 0);
    st_proc run;
    cJSON *report = verify(&run, dir, NULL, NULL);
    const cJSON *f = cJSON_GetArrayItem(cJSON_GetObjectItem(report, "fixtures"), 0);
    HN_CHECK_EQ(run.exit_code, 2);
    HN_CHECK_STR_EQ(str(f, "outcome"), "invalid");
    HN_CHECK_STR_CONTAINS(str(f, "error"), "fixtures/bad.json:3:");
    cJSON_Delete(report);
    st_proc_free(&run);
    free(bad);
    free(fx);
    vt_finish(NULL, dir);
}

HN_TEST(verify, usage_errors_exit_2)
{
    st_proc run;
    const char *none[] = {"verify", NULL};
    vt_honest(&run, "/", NULL, none);
    HN_CHECK_EQ(run.exit_code, 2);
    HN_CHECK_STR_CONTAINS(run.err, "give the fixtures to verify");
    st_proc_free(&run);
    const char *missing[] = {"verify", "/nonexistent/fixtures", NULL};
    vt_honest(&run, "/", NULL, missing);
    HN_CHECK_EQ(run.exit_code, 2);
    HN_CHECK_STR_CONTAINS(run.err, "/nonexistent/fixtures: No such file or directory");
    st_proc_free(&run);
    const char *badflag[] = {"verify", "--concurrency", "0", "x", NULL};
    vt_honest(&run, "/", NULL, badflag);
    HN_CHECK_EQ(run.exit_code, 2);
    HN_CHECK_STR_CONTAINS(run.err, "--concurrency 0");
    st_proc_free(&run);
}

HN_TEST(verify, max_drift_is_a_threshold)
{
    vt_provider p;
    vt_provider_start(&p);
    const char *names[] = {"retyped", "removed", "stable", NULL};
    char *dir = recorded(&p, names);
    vt_provider_version(&p, 2);
    st_proc run;
    const char *two[] = {"--max-drift", "2", NULL}, *one[] = {"--max-drift", "1", NULL};
    cJSON *report = verify(&run, dir, NULL, two);
    HN_CHECK_EQ(run.exit_code, 0);
    HN_CHECK_STR_CONTAINS(run.out, "exit 0: drift within --max-drift");
    cJSON_Delete(report);
    st_proc_free(&run);
    report = verify(&run, dir, NULL, one);
    HN_CHECK_EQ(run.exit_code, 1);
    HN_CHECK_EQ(cJSON_GetObjectItem(report, "exit_status")->valueint, 1);
    cJSON_Delete(report);
    st_proc_free(&run);
    vt_finish(&p, dir);
}

/* A self-signed certificate for 127.0.0.1 in dir (cert.pem, key.pem). */
static void make_certificate(const char *dir)
{
    const char *argv[] = {"/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                          "-days", "2", "-subj", "/CN=127.0.0.1", "-addext",
                          "subjectAltName=IP:127.0.0.1", "-keyout", "key.pem", "-out",
                          "cert.pem", NULL};
    st_proc r;
    st_opts o = {.cwd = dir};
    HN_ASSERT_EQ(st_run(&r, argv, &o), 0);
    HN_ASSERT_EQ(r.exit_code, 0);
    st_proc_free(&r);
}

HN_TEST(verify, tls_is_verified)
{
    char *dir = st_tmpdir(), *cert = st_join(dir, "cert.pem"), *key = st_join(dir, "key.pem");
    make_certificate(dir);
    vt_provider p;
    vt_provider_start_tls(&p, cert, key);
    HN_ASSERT_STR_CONTAINS(p.base, "https://");
    /* Recording trusts only the CA it is given. */
    const char *ca[] = {"--cacert", cert, NULL};
    free(vt_record(&p, dir, "/v1/stable", "fixtures/stable", ca));
    char url[128];
    snprintf(url, sizeof url, "%s/v1/stable", p.base);
    const char *untrusted[] = {"record", "--retries", "0", "--url", url, "-o", "x.json", NULL};
    st_proc run;
    vt_honest(&run, dir, NULL, untrusted);
    HN_CHECK_EQ(run.exit_code, 3);
    HN_CHECK_STR_CONTAINS(run.err, "tls: ");
    st_proc_free(&run);
    /* Verified without the CA: the certificate is refused, and that is not drift. */
    const char *none[] = {"--retries", "0", NULL};
    cJSON *report = verify(&run, dir, NULL, none);
    HN_CHECK_EQ(run.exit_code, 3);
    check_outcome(report, "stable", "unreachable");
    HN_CHECK_STR_CONTAINS(str(fixture(report, "stable"), "error"), "tls: ");
    cJSON_Delete(report);
    st_proc_free(&run);
    report = verify(&run, dir, NULL, ca);
    HN_CHECK_EQ(run.exit_code, 0);
    check_outcome(report, "stable", "aligned");
    cJSON_Delete(report);
    st_proc_free(&run);
    free(cert);
    free(key);
    vt_finish(&p, dir);
}
