/* SPDX-License-Identifier: MIT */
/* record_test.c: `honest record` against the provider on loopback: secrets
 * never reach the fixture or the log, no overwrite without --force, a killed
 * recorder leaves the previous fixture intact, re-recording keeps a
 * fixture's name and rules, encoded bodies are stored decoded. */
#include <honest.h>
#include <honest/fixture.h>

#include <cjson/cJSON.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "support.h"
#include "vt.h"

static const char *str(const cJSON *o, const char *key)
{
    return cJSON_GetStringValue(cJSON_GetObjectItem(o, key));
}

/* Every secret the redaction test sends or receives. */
static const char *const secrets[] = {
    "s3cr3t-bearer-value", /* Authorization */
    "apikey-abcdef",       /* X-Api-Key */
    "cookie-secret-777",   /* Cookie */
    "tok-from-env-12345",  /* ${HN_ST_TOKEN} from the environment */
    "hunter2-pass",        /* a body field named in .honest-redact */
    "qkey-9876",           /* a query parameter named with --redact */
    "srv-session-",        /* the provider's Set-Cookie */
    NULL};

static void check_no_secret(const char *where, const char *text)
{
    for (const char *const *s = secrets; *s; s++)
        if (strstr(text, *s))
            HN_FAIL("%s holds the secret \"%s\"", where, *s);
    HN_CHECK(1);
}

HN_TEST(record, no_secret_reaches_the_fixture_or_the_log)
{
    vt_provider p;
    vt_provider_start(&p);
    char *dir = st_tmpdir(), *fxdir = st_join(dir, "fixtures");
    HN_ASSERT_EQ(mkdir(fxdir, 0777), 0);
    char *list = st_join(fxdir, ".honest-redact");
    HN_ASSERT_EQ(st_write_file(list, "# fields of our API that carry secrets\npassword\n"), 0);
    char url[256];
    snprintf(url, sizeof url, "%s/echo?api_key=qkey-9876&page=1", p.base);
    const char *args[] = {"record", "--url", url, "-o", "fixtures/echo.json",
                          "-H", "Authorization: Bearer s3cr3t-bearer-value",
                          "-H", "X-Api-Key: apikey-abcdef",
                          "-H", "Cookie: sid=cookie-secret-777",
                          "-H", "X-Token: ${HN_ST_TOKEN}",
                          "-d", "{\"user\":\"alice\",\"password\":\"hunter2-pass\"}",
                          "--redact", "api_key", NULL};
    const char *env[] = {"HN_ST_TOKEN=tok-from-env-12345", NULL};
    st_proc run;
    vt_honest(&run, dir, env, args);
    HN_ASSERT_EQ(run.exit_code, 0);
    check_no_secret("stdout", run.out);
    check_no_secret("stderr", run.err);
    HN_CHECK_STR_CONTAINS(run.out, "redacted: request header Authorization");
    HN_CHECK_STR_CONTAINS(run.out, "redacted: request field password");
    HN_CHECK_STR_CONTAINS(run.out, "redacted: query parameter api_key");
    HN_CHECK_STR_CONTAINS(run.out, "redacted: response header Set-Cookie");
    st_proc_free(&run);

    char *path = st_join(fxdir, "echo.json"), *text = st_read_file(path, NULL);
    HN_ASSERT_NOT_NULL(text);
    check_no_secret("the fixture", text);
    cJSON *doc = cJSON_Parse(text);
    const cJSON *req = cJSON_GetObjectItem(doc, "request");
    const cJSON *h = cJSON_GetObjectItem(req, "headers");
    HN_CHECK_STR_EQ(str(h, "Authorization"), "Bearer ${AUTHORIZATION}");
    HN_CHECK_STR_EQ(str(h, "X-Api-Key"), "${X_API_KEY}");
    HN_CHECK_STR_EQ(str(h, "Cookie"), "${COOKIE}");
    HN_CHECK_STR_EQ(str(h, "X-Token"), "${HN_ST_TOKEN}");
    HN_CHECK_STR_CONTAINS(str(req, "url"), "/echo?api_key=${API_KEY}&page=1");
    HN_CHECK_STR_EQ(str(cJSON_GetObjectItem(req, "body"), "password"), "${PASSWORD}");
    const cJSON *resp = cJSON_GetObjectItem(doc, "response");
    HN_CHECK_STR_EQ(str(cJSON_GetObjectItem(resp, "headers"), "Set-Cookie"), "${SET_COOKIE}");
    /* The provider echoed what it was sent: scrubbed from the body too. */
    HN_CHECK_STR_EQ(str(cJSON_GetObjectItem(resp, "body"), "authorization"),
                    "Bearer ${AUTHORIZATION}");
    cJSON_Delete(doc);
    hn_fixture *fx = hn_fixture_load(path, NULL);
    HN_CHECK_NOT_NULL(fx);
    hn_fixture_free(fx);

    /* Verified with the secrets in the environment, the fixture is aligned. */
    const char *venv[] = {"AUTHORIZATION=s3cr3t-bearer-value", "X_API_KEY=apikey-abcdef",
                          "COOKIE=sid=cookie-secret-777", "HN_ST_TOKEN=tok-from-env-12345",
                          "API_KEY=qkey-9876", "PASSWORD=hunter2-pass", NULL};
    const char *vargs[] = {"verify", "fixtures", NULL};
    vt_honest(&run, dir, venv, vargs);
    HN_CHECK_EQ(run.exit_code, 0);
    check_no_secret("verify's stdout", run.out);
    st_proc_free(&run);
    free(text);
    free(path);
    free(list);
    free(fxdir);
    vt_finish(&p, dir);
}

HN_TEST(record, writes_the_fixture_format)
{
    vt_provider p;
    vt_provider_start(&p);
    char *dir = st_tmpdir();
    const char *extra[] = {"--service", "catalog", "--max-age-days", "14", "--name",
                           "catalog.stable", NULL};
    char *path = vt_record(&p, dir, "/v1/stable", "stable", extra);
    hn_fixture_error err;
    hn_fixture *fx = hn_fixture_load(path, &err);
    HN_ASSERT_NOT_NULL(fx);
    HN_CHECK_STR_EQ(hn_fixture_name(fx), "catalog.stable");
    HN_CHECK_STR_EQ(hn_fixture_service(fx), "catalog");
    HN_CHECK_EQ(hn_fixture_max_age_days(fx), 14);
    HN_CHECK_EQ(hn_fixture_status(fx), 200);
    HN_CHECK_STR_EQ(hn_fixture_method(fx), "GET");
    HN_CHECK_LE(hn_fixture_age_days(fx, time(NULL)), 0);
    HN_CHECK_EQ(hn_fixture_body_kind(fx, HN_RESPONSE), HN_BODY_JSON);
    HN_CHECK_STR_EQ(hn_fixture_header(fx, HN_RESPONSE, "content-type"), "application/json");
    HN_CHECK_NULL(hn_fixture_header(fx, HN_RESPONSE, "Content-Length"));
    hn_fixture_free(fx);
    free(path);
    vt_finish(&p, dir);
}

HN_TEST(record, no_overwrite_without_force)
{
    vt_provider p;
    vt_provider_start(&p);
    char *dir = st_tmpdir();
    char *path = vt_record(&p, dir, "/v1/added", "fx", NULL);
    char *before = st_read_file(path, NULL);
    char url[256];
    snprintf(url, sizeof url, "%s/v1/stable", p.base);
    const char *args[] = {"record", "--url", url, "-o", "fx.json", NULL};
    long requests = vt_provider_count(&p);
    st_proc run;
    vt_honest(&run, dir, NULL, args);
    HN_CHECK_EQ(run.exit_code, 2);
    HN_CHECK_STR_CONTAINS(run.err, "fx.json exists; add --force");
    st_proc_free(&run);
    HN_CHECK_EQ(vt_provider_count(&p), requests); /* refused before sending */
    char *after = st_read_file(path, NULL);
    HN_CHECK_STR_EQ(after, before);
    free(after);
    const char *force[] = {"record", "--force", "--url", url, "-o", "fx.json", NULL};
    vt_honest(&run, dir, NULL, force);
    HN_CHECK_EQ(run.exit_code, 0);
    st_proc_free(&run);
    after = st_read_file(path, NULL);
    HN_CHECK_STR_CONTAINS(after, "/v1/stable");
    free(after);
    free(before);
    free(path);
    vt_finish(&p, dir);
}

HN_TEST(record, killed_recorder_leaves_the_previous_fixture_intact)
{
    vt_provider p;
    vt_provider_start(&p);
    char *dir = st_tmpdir();
    char *path = vt_record(&p, dir, "/v1/stable", "slow", NULL);
    char *before = st_read_file(path, NULL);
    char url[256];
    snprintf(url, sizeof url, "%s/slow?ms=5000", p.base);
    const char *argv[] = {ST_HONEST, "record", "--force", "--url", url, "-o", "slow.json", NULL};
    long requests = vt_provider_count(&p);
    pid_t pid = vt_spawn(argv, dir);
    /* Wait until the provider is answering it, then kill it mid-way. */
    for (int i = 0; i < 500 && vt_provider_count(&p) == requests; i++)
        usleep(10000);
    HN_ASSERT_GT(vt_provider_count(&p), requests);
    HN_ASSERT_EQ(kill(pid, SIGKILL), 0);
    int status;
    HN_ASSERT_EQ(waitpid(pid, &status, 0), pid);
    HN_CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
    char *after = st_read_file(path, NULL);
    HN_CHECK_STR_EQ(after, before);
    HN_CHECK(!vt_temp_files_left(dir));
    hn_fixture *fx = hn_fixture_load(path, NULL);
    HN_CHECK_NOT_NULL(fx);
    hn_fixture_free(fx);
    free(after);
    free(before);
    free(path);
    vt_finish(&p, dir);
}

HN_TEST(record, rerecord_keeps_name_and_rules)
{
    vt_provider p;
    vt_provider_start(&p);
    char *dir = st_tmpdir();
    char *path = vt_record(&p, dir, "/v1/renamed", "user", NULL);
    cJSON *doc = vt_json_file(path);
    cJSON_DeleteItemFromObject(doc, "name");
    cJSON_AddStringToObject(doc, "name", "users.get");
    cJSON_DeleteItemFromObject(doc, "recorded_at");
    cJSON_AddStringToObject(doc, "recorded_at", "2026-01-01T00:00:00Z");
    cJSON *v = cJSON_AddObjectToObject(doc, "verify");
    cJSON_AddStringToObject(v, "compare", "values");
    vt_json_write(path, doc);
    cJSON_Delete(doc);
    vt_provider_version(&p, 2);
    st_proc run;
    const char *args[] = {"record", "user.json", NULL};
    vt_honest(&run, dir, NULL, args);
    HN_CHECK_EQ(run.exit_code, 0);
    HN_CHECK_STR_CONTAINS(run.out, "re-recorded users.get");
    HN_CHECK_STR_CONTAINS(run.out, "removed $.response.body.userName");
    HN_CHECK_STR_CONTAINS(run.out, "added $.response.body.username");
    st_proc_free(&run);
    doc = vt_json_file(path);
    HN_CHECK_STR_EQ(str(doc, "name"), "users.get");
    HN_CHECK_STR_NE(str(doc, "recorded_at"), "2026-01-01T00:00:00Z");
    HN_CHECK_STR_EQ(str(cJSON_GetObjectItem(doc, "verify"), "compare"), "values");
    HN_CHECK_STR_EQ(str(cJSON_GetObjectItem(cJSON_GetObjectItem(doc, "response"), "body"),
                        "username"), "alice");
    cJSON_Delete(doc);
    HN_CHECK(!vt_temp_files_left(dir));
    free(path);
    vt_finish(&p, dir);
}

HN_TEST(record, encoded_bodies_are_stored_decoded)
{
    vt_provider p;
    vt_provider_start(&p);
    char *dir = st_tmpdir();
    const char *enc[] = {"gzip", "deflate"};
    for (int i = 0; i < 2; i++) {
        char route[32];
        snprintf(route, sizeof route, "/%s", enc[i]);
        char *path = vt_record(&p, dir, route, enc[i], NULL);
        hn_fixture *fx = hn_fixture_load(path, NULL);
        HN_ASSERT_NOT_NULL(fx);
        HN_CHECK_EQ(hn_fixture_body_kind(fx, HN_RESPONSE), HN_BODY_JSON);
        HN_CHECK_STR_EQ(cJSON_GetStringValue(cJSON_GetObjectItem(hn_fixture_json(fx, HN_RESPONSE),
                                                                 "compressed")), enc[i]);
        HN_CHECK_STR_EQ(hn_fixture_header(fx, HN_RESPONSE, "Content-Encoding"), enc[i]);
        hn_fixture_free(fx);
        free(path);
    }
    st_proc run;
    const char *args[] = {"verify", ".", NULL};
    vt_honest(&run, dir, NULL, args);
    HN_CHECK_EQ(run.exit_code, 0);
    st_proc_free(&run);
    vt_finish(&p, dir);
}

HN_TEST(record, unreachable_exits_3_and_writes_nothing)
{
    char *dir = st_tmpdir(), url[128];
    snprintf(url, sizeof url, "http://127.0.0.1:%u/x", vt_dead_port());
    const char *args[] = {"record", "--retries", "0", "--url", url, "-o", "x.json", NULL};
    st_proc run;
    vt_honest(&run, dir, NULL, args);
    HN_CHECK_EQ(run.exit_code, 3);
    HN_CHECK_STR_CONTAINS(run.err, "connection_refused");
    HN_CHECK_STR_CONTAINS(run.err, "nothing was written");
    st_proc_free(&run);
    char *path = st_join(dir, "x.json");
    HN_CHECK_NULL(st_read_file(path, NULL));
    free(path);
    vt_finish(NULL, dir);
}

HN_TEST(record, unset_variable_exits_2)
{
    char *dir = st_tmpdir();
    const char *args[] = {"record", "--url", "http://127.0.0.1:1/${HN_ST_NOPE}", "-o", "x.json",
                          NULL};
    const char *env[] = {"HN_ST_NOPE", NULL};
    st_proc run;
    vt_honest(&run, dir, env, args);
    HN_CHECK_EQ(run.exit_code, 2);
    HN_CHECK_STR_CONTAINS(run.err, "HN_ST_NOPE is not set");
    st_proc_free(&run);
    vt_finish(NULL, dir);
}
