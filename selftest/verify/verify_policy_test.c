/* SPDX-License-Identifier: MIT */
/* verify_policy_test.c: what `honest verify` replays and how it judges,
 * against the provider on loopback: refused credentials are `unauthorized`
 * (not drift), unsafe methods are replayed only when asked, severities per
 * kind (run and fixture), a body that became empty or an error answer is
 * one change after the status, the last-verified state survives a run that
 * could not verify, and report files outlive a closed stdout. */
#include <honest.h>
#include <honest/verify.h>

#include <cjson/cJSON.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "support.h"
#include "vt.h"

static const char *str(const cJSON *o, const char *key)
{
    return cJSON_GetStringValue(cJSON_GetObjectItem(o, key));
}

static int num(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItem(o, key);
    HN_ASSERT(cJSON_IsNumber(v));
    return v->valueint;
}

/* Runs `honest verify --json report.json ARGS... fixtures` in dir; returns
 * the parsed report and fills *p (free both). */
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

static const cJSON *fixture(const cJSON *report, const char *name)
{
    const cJSON *f = vt_report_fixture(report, name);
    HN_ASSERT_NOT_NULL(f);
    return f;
}

/* The report's entry for the fixture at path (for fixtures without a name). */
static const cJSON *by_path(const cJSON *report, const char *path)
{
    const cJSON *f;
    cJSON_ArrayForEach(f, cJSON_GetObjectItem(report, "fixtures"))
        if (!strcmp(str(f, "path"), path))
            return f;
    HN_FAIL("no fixture %s in the report", path);
    return NULL;
}

static const cJSON *diff_at(const cJSON *f, int i)
{
    const cJSON *d = cJSON_GetArrayItem(cJSON_GetObjectItem(f, "differences"), i);
    HN_ASSERT_NOT_NULL(d);
    return d;
}

static int ndiffs(const cJSON *f)
{
    return cJSON_GetArraySize(cJSON_GetObjectItem(f, "differences"));
}

/* Records `route` of the provider into fixtures/NAME.json with extra args. */
static char *record(vt_provider *p, const char *dir, const char *route, const char *name,
                    const char *const *env, const char *const *extra)
{
    char url[256], out[128];
    snprintf(url, sizeof url, "%s%s", p->base, route);
    snprintf(out, sizeof out, "fixtures/%s.json", name);
    const char *args[32] = {"record", "--url", url, "-o", out};
    size_t n = 5;
    for (; extra && *extra; extra++)
        args[n++] = *extra;
    args[n] = NULL;
    st_proc r;
    vt_honest(&r, dir, env, args);
    if (r.exit_code)
        HN_LOG("%s%s", r.out, r.err);
    HN_ASSERT_EQ(r.exit_code, 0);
    st_proc_free(&r);
    return st_join(dir, out);
}

/* Sets "verify": {KEY: VALUE} (VALUE as JSON text) in the fixture at path. */
static void set_verify(const char *path, const char *key, const char *json)
{
    cJSON *doc = vt_json_file(path);
    cJSON *v = cJSON_GetObjectItem(doc, "verify");
    if (!v)
        v = cJSON_AddObjectToObject(doc, "verify");
    cJSON_DeleteItemFromObject(v, key);
    cJSON_AddItemToObject(v, key, cJSON_Parse(json));
    vt_json_write(path, doc);
    cJSON_Delete(doc);
}

/* ---- 401 and 403: unauthorized, not drift ------------------------------ */

HN_TEST(verify_policy, refused_credentials_are_unauthorized_naming_the_placeholder)
{
    vt_provider p;
    vt_provider_start(&p);
    char *dir = st_tmpdir();
    const char *good[] = {"HN_ST_TOKEN=good-token", NULL};
    const char *hdr[] = {"-H", "Authorization: Bearer ${HN_ST_TOKEN}", NULL};
    char *path = record(&p, dir, "/auth", "me", good, hdr);
    st_proc run;
    const char *expired[] = {"HN_ST_TOKEN=expired-token", NULL};
    const char *junit[] = {"--junit", "r.xml", "--markdown", "r.md", NULL};
    cJSON *report = verify(&run, dir, expired, junit);
    const cJSON *f = fixture(report, "me");
    HN_CHECK_EQ(run.exit_code, 3);
    HN_CHECK_STR_EQ(str(f, "outcome"), "unauthorized");
    HN_CHECK_EQ(ndiffs(f), 0);
    HN_CHECK_EQ(num(f, "live_status"), 401);
    HN_CHECK_STR_CONTAINS(str(f, "error"), "401 (Unauthorized) where the recording has 200");
    HN_CHECK_STR_CONTAINS(str(f, "error"), "The request used ${HN_ST_TOKEN}; check that it is "
                                           "set and valid");
    HN_CHECK_EQ(num(cJSON_GetObjectItem(report, "counts"), "unauthorized"), 1);
    HN_CHECK_EQ(num(cJSON_GetObjectItem(report, "counts"), "drifted"), 0);
    HN_CHECK_STR_CONTAINS(run.out, "OUTCOME         AGE DIFFS  FIXTURE  FILE\nunauthorized     0d     -  me ");
    HN_CHECK_STR_CONTAINS(run.out, "exit 3: 1 fixture unauthorized (credentials refused), no "
                                   "drift past the threshold");
    HN_CHECK(!strstr(run.out, "expired-token"));
    char *xml = st_join(dir, "r.xml"), *md = st_join(dir, "r.md");
    char *xt = st_read_file(xml, NULL), *mt = st_read_file(md, NULL);
    HN_CHECK_STR_CONTAINS(xt, "<error type=\"unauthorized\"");
    HN_CHECK_STR_CONTAINS(xt, "errors=\"1\"");
    HN_CHECK_STR_CONTAINS(mt, "| unauthorized | 0 | me |");
    HN_CHECK_STR_CONTAINS(mt, "- **unauthorized** me: the endpoint refused the credentials");
    free(xt);
    free(mt);
    free(xml);
    free(md);
    cJSON_Delete(report);
    st_proc_free(&run);
    /* 403 too; and with the right token the same fixture is aligned. */
    const char *forbidden[] = {"HN_ST_TOKEN=forbidden", NULL};
    report = verify(&run, dir, forbidden, NULL);
    HN_CHECK_EQ(run.exit_code, 3);
    HN_CHECK_STR_EQ(str(fixture(report, "me"), "outcome"), "unauthorized");
    HN_CHECK_STR_CONTAINS(str(fixture(report, "me"), "error"), "403 (Forbidden)");
    cJSON_Delete(report);
    st_proc_free(&run);
    report = verify(&run, dir, good, NULL);
    HN_CHECK_EQ(run.exit_code, 0);
    HN_CHECK_STR_EQ(str(fixture(report, "me"), "outcome"), "aligned");
    cJSON_Delete(report);
    st_proc_free(&run);
    free(path);
    vt_finish(&p, dir);
}

/* ---- unsafe methods ------------------------------------------------------ */

HN_TEST(verify_policy, unsafe_methods_are_replayed_only_when_asked)
{
    vt_provider p;
    vt_provider_start(&p);
    char *dir = st_tmpdir();
    const char *post[] = {"-d", "{\"n\":1}", NULL};
    char *created = record(&p, dir, "/echo", "create", NULL, post);
    char *always = record(&p, dir, "/echo", "always", NULL, post);
    char *never = record(&p, dir, "/echo", "never", NULL, post);
    char *flagged = record(&p, dir, "/v1/stable", "flagged", NULL, NULL);
    set_verify(always, "replay", "\"always\"");
    set_verify(never, "replay", "\"never\"");
    set_verify(flagged, "replay", "\"flag\"");
    long before = vt_provider_count(&p);
    st_proc run;
    const char *junit[] = {"--junit", "r.xml", NULL};
    cJSON *report = verify(&run, dir, NULL, junit);
    HN_CHECK_EQ(run.exit_code, 0);
    HN_CHECK_EQ(vt_provider_count(&p) - before, 1); /* "always" only */
    HN_CHECK_STR_EQ(str(fixture(report, "always"), "outcome"), "aligned");
    HN_CHECK_STR_EQ(str(fixture(report, "create"), "outcome"), "skipped");
    HN_CHECK_STR_CONTAINS(str(fixture(report, "create"), "error"),
                          "not replayed: POST may change data on the live service, so it is "
                          "replayed only with `honest verify --unsafe`");
    HN_CHECK_STR_EQ(str(fixture(report, "never"), "outcome"), "skipped");
    HN_CHECK_STR_CONTAINS(str(fixture(report, "never"), "error"), "\"replay\": \"never\"");
    HN_CHECK_STR_EQ(str(fixture(report, "flagged"), "outcome"), "skipped");
    HN_CHECK_STR_CONTAINS(str(fixture(report, "flagged"), "error"), "\"replay\": \"flag\"");
    HN_CHECK_EQ(num(cJSON_GetObjectItem(report, "counts"), "skipped"), 3);
    HN_CHECK_STR_CONTAINS(run.out, "skipped create (fixtures/create.json): not replayed: POST");
    char *xml = st_join(dir, "r.xml"), *xt = st_read_file(xml, NULL);
    HN_CHECK_STR_CONTAINS(xt, "<skipped message=\"not replayed: POST may change data");
    free(xt);
    free(xml);
    cJSON_Delete(report);
    st_proc_free(&run);
    /* --unsafe replays the POST and the flagged GET, never "never". */
    before = vt_provider_count(&p);
    const char *unsafe[] = {"--unsafe", NULL};
    report = verify(&run, dir, NULL, unsafe);
    HN_CHECK_EQ(run.exit_code, 0);
    HN_CHECK_EQ(vt_provider_count(&p) - before, 3);
    HN_CHECK_STR_EQ(str(fixture(report, "create"), "outcome"), "aligned");
    HN_CHECK_STR_EQ(str(fixture(report, "flagged"), "outcome"), "aligned");
    HN_CHECK_STR_EQ(str(fixture(report, "never"), "outcome"), "skipped");
    cJSON_Delete(report);
    st_proc_free(&run);
    free(created);
    free(always);
    free(never);
    free(flagged);
    vt_finish(&p, dir);
}

HN_TEST(verify_policy, a_bad_replay_or_severity_is_an_invalid_fixture_with_its_position)
{
    vt_provider p;
    vt_provider_start(&p);
    char *dir = st_tmpdir();
    char *a = record(&p, dir, "/v1/stable", "a", NULL, NULL);
    char *b = record(&p, dir, "/v1/stable", "b", NULL, NULL);
    set_verify(a, "replay", "\"sometimes\"");
    set_verify(b, "severity", "{\"added\": \"warn\", \"removed\": \"loud\"}");
    st_proc run;
    cJSON *report = verify(&run, dir, NULL, NULL);
    HN_CHECK_EQ(run.exit_code, 2);
    const char *ea = str(by_path(report, "fixtures/a.json"), "error");
    const char *eb = str(by_path(report, "fixtures/b.json"), "error");
    /* vt_json_write indents by a tab: the verify block is the last member. */
    HN_CHECK_STR_CONTAINS(ea, "fixtures/a.json:");
    HN_CHECK_STR_CONTAINS(ea, "\"replay\" in \"verify\" is \"sometimes\"; expected \"always\"");
    HN_CHECK_STR_CONTAINS(eb, "\"removed\" in \"severity\" is \"loud\"; expected \"drift\"");
    char *text = st_read_file(a, NULL);
    int line = 1;
    for (const char *s = text; *s && strncmp(s, "\"replay\"", 8); s++)
        line += *s == '\n';
    char where[64];
    snprintf(where, sizeof where, "fixtures/a.json:%d:", line);
    HN_CHECK_STR_CONTAINS(ea, where);
    free(text);
    cJSON_Delete(report);
    st_proc_free(&run);
    free(a);
    free(b);
    vt_finish(&p, dir);
}

/* ---- severities ------------------------------------------------------------ */

HN_TEST(verify_policy, severity_per_run_and_per_fixture)
{
    vt_provider p;
    vt_provider_start(&p);
    char *dir = st_tmpdir();
    char *added = record(&p, dir, "/v1/added", "added", NULL, NULL);
    char *removed = record(&p, dir, "/v1/removed", "removed", NULL, NULL);
    char *retyped = record(&p, dir, "/v1/retyped", "retyped", NULL, NULL);
    vt_provider_version(&p, 2);
    st_proc run;
    /* The run makes added fields drift. */
    const char *strict[] = {"--severity", "added=drift", NULL};
    cJSON *report = verify(&run, dir, NULL, strict);
    HN_CHECK_EQ(run.exit_code, 1);
    HN_CHECK_STR_EQ(str(fixture(report, "added"), "outcome"), "drifted");
    HN_CHECK_STR_EQ(str(diff_at(fixture(report, "added"), 0), "severity"), "drift");
    cJSON_Delete(report);
    st_proc_free(&run);
    /* A fixture's own rule wins over the run's. */
    set_verify(removed, "severity", "{\"removed\": \"warn\"}");
    set_verify(retyped, "severity", "{\"type_changed\": \"ignore\"}");
    set_verify(added, "severity", "{\"added\": \"ignore\"}");
    const char *files[] = {"--severity", "added=drift", "--junit", "r.xml", "--markdown", "r.md",
                           NULL};
    report = verify(&run, dir, NULL, files);
    HN_CHECK_EQ(run.exit_code, 0);
    const cJSON *r = fixture(report, "removed");
    HN_CHECK_STR_EQ(str(r, "outcome"), "aligned");
    HN_ASSERT_EQ(ndiffs(r), 1);
    HN_CHECK_STR_EQ(str(diff_at(r, 0), "kind"), "removed");
    HN_CHECK_STR_EQ(str(diff_at(r, 0), "severity"), "warn");
    HN_CHECK_EQ(ndiffs(fixture(report, "retyped")), 0); /* ignored: not listed */
    HN_CHECK_STR_EQ(str(fixture(report, "retyped"), "outcome"), "aligned");
    HN_CHECK_EQ(ndiffs(fixture(report, "added")), 0);
    HN_CHECK_EQ(num(report, "warnings"), 1);
    HN_CHECK_STR_CONTAINS(run.out, "aligned removed (fixtures/removed.json): 1 warning (not "
                                   "drift)");
    HN_CHECK_STR_CONTAINS(run.out, "  removed        $.response.body.plan: string \"free\" "
                                   "[warning]");
    char *xml = st_join(dir, "r.xml"), *md = st_join(dir, "r.md");
    char *xt = st_read_file(xml, NULL), *mt = st_read_file(md, NULL);
    HN_CHECK_STR_CONTAINS(xt, "<system-out>removed $.response.body.plan: string &quot;free&quot; "
                              "[warning]&#10;</system-out>");
    HN_CHECK_STR_CONTAINS(xt, "failures=\"0\"");
    HN_CHECK_STR_CONTAINS(mt, "| aligned | 0 | removed | `fixtures/removed.json` | 0 (+1 "
                              "warning) |");
    HN_CHECK_STR_CONTAINS(mt, "| removed | removed (warning) | `$.response.body.plan` |");
    free(xt);
    free(mt);
    free(xml);
    free(md);
    cJSON_Delete(report);
    st_proc_free(&run);
    /* A bad --severity is a usage error. */
    const char *bad[] = {"verify", "--severity", "added=loud", "fixtures", NULL};
    vt_honest(&run, dir, NULL, bad);
    HN_CHECK_EQ(run.exit_code, 2);
    HN_CHECK_STR_CONTAINS(run.err, "--severity added=loud: \"added=loud\" is not KIND=LEVEL");
    st_proc_free(&run);
    free(added);
    free(removed);
    free(retyped);
    vt_finish(&p, dir);
}

/* ---- a body that became empty; an error answer ----------------------------- */

HN_TEST(verify_policy, a_body_that_became_empty_is_one_type_change)
{
    vt_provider p;
    vt_provider_start(&p);
    char *dir = st_tmpdir();
    free(record(&p, dir, "/v1/empty", "empty", NULL, NULL));
    vt_provider_version(&p, 2);
    st_proc run;
    cJSON *report = verify(&run, dir, NULL, NULL);
    const cJSON *f = fixture(report, "empty");
    HN_CHECK_EQ(run.exit_code, 1);
    HN_ASSERT_EQ(ndiffs(f), 3);
    HN_CHECK_STR_EQ(str(diff_at(f, 0), "kind"), "status_changed");
    HN_CHECK_STR_EQ(str(diff_at(f, 1), "kind"), "header_changed");
    const cJSON *body = diff_at(f, 2);
    HN_CHECK_STR_EQ(str(body, "kind"), "type_changed");
    HN_CHECK_STR_EQ(str(body, "path"), "$.response.body");
    HN_CHECK_STR_EQ(str(cJSON_GetObjectItem(body, "recorded"), "type"), "object");
    HN_CHECK_STR_EQ(str(cJSON_GetObjectItem(body, "live"), "type"), "none");
    HN_CHECK_STR_CONTAINS(run.out, "type_changed   $.response.body: object {\"id\":1,"
                                   "\"name\":\"x\"} -> none (no body)");
    cJSON_Delete(report);
    st_proc_free(&run);
    vt_finish(&p, dir);
}

HN_TEST(verify_policy, an_error_answer_is_the_status_first_then_one_body_change)
{
    vt_provider p;
    vt_provider_start(&p);
    char *dir = st_tmpdir();
    free(record(&p, dir, "/v1/error", "error", NULL, NULL));
    vt_provider_version(&p, 2);
    st_proc run;
    cJSON *report = verify(&run, dir, NULL, NULL);
    const cJSON *f = fixture(report, "error");
    HN_CHECK_EQ(run.exit_code, 1);
    HN_ASSERT_EQ(ndiffs(f), 2);
    HN_CHECK_STR_EQ(str(diff_at(f, 0), "kind"), "status_changed");
    HN_CHECK_STR_EQ(str(diff_at(f, 1), "path"), "$.response.body");
    HN_CHECK_STR_EQ(str(diff_at(f, 1), "kind"), "value_changed");
    HN_CHECK_STR_EQ(str(cJSON_GetObjectItem(diff_at(f, 1), "live"), "note"),
                    "the body of a 500 answer; not compared field by field");
    const char *st = strstr(run.out, "status_changed $.response.status: number 200 -> number 500");
    HN_ASSERT_NOT_NULL(st);
    HN_CHECK(!strstr(st + 1, "status_changed")); /* once */
    HN_CHECK(!strstr(run.out, "$.response.body.plan"));
    cJSON_Delete(report);
    st_proc_free(&run);
    vt_finish(&p, dir);
}

/* ---- the last-verified state -------------------------------------------- */

static cJSON *state_entry(cJSON *state, const char *name)
{
    return cJSON_GetObjectItem(cJSON_GetObjectItem(state, "fixtures"), name);
}

HN_TEST(verify_policy, a_run_that_cannot_verify_keeps_the_previous_verdict)
{
    vt_provider p;
    vt_provider_start(&p);
    char *dir = st_tmpdir();
    const char *env[] = {"HN_ST_TENANT=acme", NULL};
    const char *hdr[] = {"-H", "X-Tenant: ${HN_ST_TENANT}", NULL};
    char *tenant = record(&p, dir, "/v1/stable", "tenant", env, hdr);
    char *gone = record(&p, dir, "/v1/stable", "gone", NULL, NULL);
    char *state = st_join(dir, "fixtures/" HN_VERIFIED_FILE);
    st_proc run;
    cJSON *report = verify(&run, dir, env, NULL);
    HN_CHECK_EQ(run.exit_code, 0);
    cJSON_Delete(report);
    st_proc_free(&run);
    cJSON *s = vt_json_file(state);
    char *checked = strdup(str(state_entry(s, "tenant.json"), "checked_at"));
    HN_CHECK_STR_EQ(str(state_entry(s, "tenant.json"), "outcome"), "aligned");
    HN_CHECK_NOT_NULL(state_entry(s, "gone.json"));
    cJSON_Delete(s);
    /* The variable unset and one fixture deleted: exit 2, the verdict stays
     * with the error beside it, and the deleted fixture leaves the state. */
    HN_ASSERT_EQ(unlink(gone), 0);
    sleep(1);
    const char *unset[] = {"HN_ST_TENANT", NULL};
    report = verify(&run, dir, unset, NULL);
    HN_CHECK_EQ(run.exit_code, 2);
    HN_CHECK_STR_EQ(str(fixture(report, "tenant"), "outcome"), "invalid");
    cJSON_Delete(report);
    st_proc_free(&run);
    s = vt_json_file(state);
    const cJSON *e = state_entry(s, "tenant.json");
    HN_ASSERT_NOT_NULL(e);
    HN_CHECK_STR_EQ(str(e, "outcome"), "aligned");
    HN_CHECK_STR_EQ(str(e, "checked_at"), checked);
    HN_CHECK_STR_EQ(str(e, "error_outcome"), "invalid");
    HN_CHECK_STR_CONTAINS(str(e, "error"), "HN_ST_TENANT is not set");
    HN_CHECK_NOT_NULL(str(e, "error_at"));
    HN_CHECK_NULL(state_entry(s, "gone.json"));
    cJSON_Delete(s);
    hn_verified_entry v;
    HN_CHECK_EQ(hn_verified_lookup(tenant, &v, NULL), 1); /* still readable */
    HN_CHECK_STR_EQ(v.outcome, "aligned");
    /* Verified again: a verdict clears the error. */
    report = verify(&run, dir, env, NULL);
    HN_CHECK_EQ(run.exit_code, 0);
    cJSON_Delete(report);
    st_proc_free(&run);
    s = vt_json_file(state);
    e = state_entry(s, "tenant.json");
    HN_CHECK_STR_EQ(str(e, "outcome"), "aligned");
    HN_CHECK_NULL(cJSON_GetObjectItem(e, "error"));
    HN_CHECK(strcmp(str(e, "checked_at"), checked) != 0);
    cJSON_Delete(s);
    free(checked);
    free(state);
    free(tenant);
    free(gone);
    vt_finish(&p, dir);
}

/* ---- a closed stdout ------------------------------------------------------ */

HN_TEST(verify_policy, report_files_are_written_when_stdout_is_gone)
{
    vt_provider p;
    vt_provider_start(&p);
    char *dir = st_tmpdir();
    free(record(&p, dir, "/v1/removed", "removed", NULL, NULL));
    vt_provider_version(&p, 2);
    int fds[2];
    HN_ASSERT_EQ(pipe(fds), 0);
    close(fds[0]); /* `| true`: the reader is gone before the first write */
    pid_t pid = fork();
    HN_ASSERT_GE(pid, 0);
    if (pid == 0) {
        signal(SIGPIPE, SIG_DFL);
        dup2(fds[1], 1);
        if (chdir(dir) != 0)
            _exit(126);
        execl(ST_HONEST, ST_HONEST, "verify", "--json", "r.json", "--junit", "r.xml",
              "--markdown", "r.md", "fixtures", (char *)NULL);
        _exit(127);
    }
    close(fds[1]);
    int status;
    HN_ASSERT_EQ(waitpid(pid, &status, 0), pid);
    HN_CHECK(!WIFSIGNALED(status));
    HN_CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 1); /* the drift, as if read */
    const char *files[] = {"r.json", "r.xml", "r.md"};
    for (int i = 0; i < 3; i++) {
        char *path = st_join(dir, files[i]), *text = st_read_file(path, NULL);
        HN_CHECK_NOT_NULL(text);
        if (text)
            HN_CHECK_STR_CONTAINS(text, "removed");
        free(text);
        free(path);
    }
    vt_finish(&p, dir);
}
