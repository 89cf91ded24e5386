/* SPDX-License-Identifier: MIT */
/* redact_test.c: the redaction rules one by one: the fixture's "redact" list
 * (loaded, checked with file:line:column), the default names by place, what
 * reports may show (hn__redact_show, hn__redact_show_path), and the rules of
 * .honest-redact files and --redact as `honest record` applies and keeps
 * them against the secrets provider. */
#include <honest.h>
#include <honest/fixture.h>

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/buf.h"
#include "fixtures/fixtures.h"
#include "fixtures/redact_impl.h"
#include "support.h"
#include "vt.h"

/* ---- the fixture's "redact" list ------------------------------------- */

static const char fixture_head[] =
    "{\"honest\": 1, \"recorded_at\": \"2026-12-01T00:00:00Z\",\n"
    " \"request\": {\"method\": \"GET\", \"url\": \"https://api.example.com/v1\"},\n"
    " \"response\": {\"status\": 200},\n";

static hn_fixture *parse(const char *redact, hn_fixture_error *err)
{
    char text[1024];
    snprintf(text, sizeof text, "%s \"redact\": %s}", fixture_head, redact);
    return hn_fixture_parse(text, strlen(text), "mem.json", err);
}

HN_TEST(redact_rules, fixture_list_is_loaded_as_written)
{
    hn_fixture_error err;
    hn_fixture *fx = parse("[\"X-Session\", \"$.response.body.session.id\", \"$..handle\"]", &err);
    HN_ASSERT_NOT_NULL(fx);
    size_t n;
    const char *const *rules = hn__fixture_redact(fx, &n);
    HN_ASSERT_EQ(n, 3);
    HN_CHECK_STR_EQ(rules[0], "X-Session");
    HN_CHECK_STR_EQ(rules[1], "$.response.body.session.id");
    HN_CHECK_STR_EQ(rules[2], "$..handle");
    /* Written back (verify --update, record PATH) in canonical order, kept. */
    char *text = hn_fixture_to_text(fx, NULL);
    HN_CHECK_STR_CONTAINS(text, "\"redact\": [\n    \"X-Session\",");
    free(text);
    hn_fixture_free(fx);
}

HN_TEST(redact_rules, bad_list_is_an_error_at_its_place)
{
    hn_fixture_error err;
    char buf[2048];
    HN_ASSERT_NULL(parse("\"X-Session\"", &err));
    HN_CHECK_STR_CONTAINS(hn_fixture_error_format(&err, buf, sizeof buf),
                          "mem.json:4:12: \"redact\" is a string; expected an array");
    HN_ASSERT_NULL(parse("[\"ok\", \"$.a[\"]", &err));
    HN_CHECK_STR_CONTAINS(hn_fixture_error_format(&err, buf, sizeof buf),
                          "mem.json:4:19: element 1 of \"redact\" is not a name or a path (");
    HN_ASSERT_NULL(parse("[\"\"]", &err));
    HN_CHECK_STR_CONTAINS(hn_fixture_error_format(&err, buf, sizeof buf),
                          "element 0 of \"redact\" is not a name or a path (it is empty)");
    HN_ASSERT_NULL(parse("[3]", &err));
    HN_CHECK_STR_CONTAINS(err.text, "(it is not a string)");
}

/* ---- default names ----------------------------------------------------- */

HN_TEST(redact_rules, default_names_by_place)
{
    const int H = HN__REDACT_HEADER, Q = HN__REDACT_QUERY, F = HN__REDACT_FIELD;
    static const struct {
        int place;
        const char *name;
        int secret;
    } cases[] = {
        {H, "Authorization", 1},   {H, "proxy-authorization", 1}, {H, "Cookie", 1},
        {H, "Set-Cookie", 1},      {H, "X-API-Key", 1},           {H, "X-Session-Token", 1},
        {H, "X-Auth-User", 1},     {H, "WWW-Authenticate", 1},    {H, "Content-Type", 0},
        {H, "X-Request-Id", 0},    {Q, "api_key", 1},             {Q, "apikey", 1},
        {Q, "key", 1},             {Q, "sig", 1},                 {Q, "signature", 1},
        {Q, "access_token", 1},    {Q, "page", 0},                {F, "password", 1},
        {F, "client_secret", 1},   {F, "refresh_token", 1},       {F, "id_token", 1},
        {F, "accessToken", 1},     {F, "user_api_key", 1},        {F, "key", 0},
        {F, "sig", 0},             {F, "name", 0},                {F, "token_type", 1},
        {F, "cookies", 1},         {F, "credentials", 1},         {F, "private_key", 1},
        {Q, "cookie_consent", 0},  {H, "Cookie2", 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char got[128], want[128];
        snprintf(got, sizeof got, "%s: %d", cases[i].name,
                 hn__redact_default_name(cases[i].place, cases[i].name));
        snprintf(want, sizeof want, "%s: %d", cases[i].name, cases[i].secret);
        HN_CHECK_STR_EQ(got, want);
    }
}

HN_TEST(redact_rules, a_sensitive_member_hides_all_below_it_when_recording)
{
    hn__redact *r = hn__redact_new();
    HN_ASSERT_NOT_NULL(r);
    cJSON *resp = cJSON_Parse("{\"status\":200,\"body\":{\"name\":\"alice\","
                              "\"credentials\":{\"user\":\"bob-user-1\",\"pin\":\"12345678\"},"
                              "\"tokens\":[\"tk-aaaa1111\",\"tk-bbbb2222\"],"
                              "\"echo\":\"pin was 12345678\"}}");
    HN_ASSERT_NOT_NULL(resp);
    HN_ASSERT_EQ(hn__redact_response_body(r, resp), 0);
    char *text = cJSON_PrintUnformatted(resp);
    HN_CHECK_STR_EQ(text, "{\"status\":200,\"body\":{\"name\":\"alice\",\"credentials\":"
                          "{\"user\":\"${USER}\",\"pin\":\"${PIN}\"},\"tokens\":[\"${TOKENS}\","
                          "\"${TOKENS}\"],\"echo\":\"pin was ${PIN}\"}}");
    free(text);
    cJSON_Delete(resp);
    hn__redact_free(r);
}

/* ---- what may be shown ------------------------------------------------- */

static void shows(const hn__redact *r, const char *text, const char *want)
{
    char *got = hn__redact_show(r, text);
    HN_CHECK_STR_EQ(got, want);
    free(got);
}

HN_TEST(redact_rules, show_hides_values_by_name_and_known_secrets)
{
    hn__redact *r = hn__redact_new();
    HN_ASSERT_NOT_NULL(r);
    char err[256];
    HN_ASSERT_EQ(hn__redact_add_rule(r, "X-Tenant", 0, err, sizeof err), 0);
    shows(r, "{\"id\":1,\"access_token\":\"abc123xyz\",\"n\":{\"password\":42}}",
          "{\"id\":1,\"access_token\":\"<redacted>\",\"n\":{\"password\":\"<redacted>\"}}");
    /* JSON written inside a JSON string, and a value cut short. */
    shows(r, "\"{\\\"client_secret\\\":\\\"s3cr3t-value\\\",\\\"a\\\":1}\"",
          "\"{\\\"client_secret\\\":\\\"<redacted>\\\",\\\"a\\\":1}\"");
    shows(r, "{\"refresh_token\":\"abcdefgh...", "{\"refresh_token\":\"<redacted>\"");
    /* Below a sensitive name, everything; in a string in a string, credentials. */
    shows(r, "{\"credentials\":{\"user\":\"bob\",\"pin\":[1,2]},\"ok\":1}",
          "{\"credentials\":\"<redacted>\",\"ok\":1}");
    shows(r, "{\"tokens\":[\"a-1\",\"b-2\"", "{\"tokens\":\"<redacted>\"");
    shows(r, "\"{\\\"auth\\\":\\\"Bearer abc123\\\"}\"",
          "\"{\\\"auth\\\":\\\"Bearer <redacted>\\\"}\"");
    /* Query parameters, credentials after a scheme, a name rule. */
    shows(r, "GET https://h/x?page=2&api_key=k-123&sig=zz#f",
          "GET https://h/x?page=2&api_key=<redacted>&sig=<redacted>#f");
    shows(r, "\"Bearer eyJ.abc.def\" and Basic dXNlcjpwYXNz", "\"Bearer <redacted>\" and Basic <redacted>");
    shows(r, "GET https://bob:pw-778899@h.example/x failed", "GET https://bob:<redacted>@h.example/x failed");
    /* XML: an element's text, also in an excerpt cut short. */
    shows(r, "<login><user>al</user><wsse:Password Type=\"t\">pw-4433</wsse:Password></login>",
          "<login><user>al</user><wsse:Password Type=\"t\"><redacted></wsse:Password></login>");
    shows(r, "text \"<a><token>tk-998877...\"", "text \"<a><token><redacted>\"");
    /* A text body that is a form (an OAuth token endpoint's answer). */
    shows(r, "text \"access_token=at-9f8e7d&token_type=bearer&scope=read\"",
          "text \"access_token=<redacted>&token_type=<redacted>&scope=read\"");
    shows(r, "{\"X-Tenant\": \"t-998877\"}", "{\"X-Tenant\": \"<redacted>\"}");
    /* A placeholder is not a value: it stays. So do plain words. */
    shows(r, "{\"token\":\"${API_TOKEN}\",\"name\":\"bear\"}",
          "{\"token\":\"${API_TOKEN}\",\"name\":\"bear\"}");
    /* A secret met in a request is shown as its placeholder anywhere. */
    cJSON *req = cJSON_Parse("{\"method\":\"GET\",\"url\":\"https://h/x?api_key=qk-55667788\","
                             "\"headers\":{\"Authorization\":\"Bearer tk-11223344\"}}");
    HN_ASSERT_EQ(hn__redact_learn_request(r, req), 0);
    cJSON_Delete(req);
    shows(r, "echoed qk-55667788 and tk-11223344", "echoed ${API_KEY} and ${AUTHORIZATION}");
    hn__redact_free(r);
}

HN_TEST(redact_rules, show_path_by_name_and_by_rule)
{
    hn__redact *r = hn__redact_new();
    HN_ASSERT_NOT_NULL(r);
    char err[256];
    HN_ASSERT_EQ(hn__redact_add_rule(r, "$.response.body.session", 0, err, sizeof err), 0);
    HN_CHECK_EQ(hn__redact_show_path(r, "$.response.headers.Set-Cookie"), 1);
    HN_CHECK_EQ(hn__redact_show_path(r, "$.response.headers.X-Auth-Token"), 1);
    HN_CHECK_EQ(hn__redact_show_path(r, "$.response.body.data[0].access_token"), 1);
    HN_CHECK_EQ(hn__redact_show_path(r, "$.response.body.session.id"), 1); /* below a rule */
    HN_CHECK_EQ(hn__redact_show_path(r, "$.response.body.sessions"), 0);
    HN_CHECK_EQ(hn__redact_show_path(r, "$.response.body.user.name"), 0);
    HN_CHECK_EQ(hn__redact_show_path(r, "$.response.status"), 0);
    HN_CHECK_EQ(hn__redact_add_rule(r, "$.a[", 0, err, sizeof err), -1);
    HN_CHECK_STR_CONTAINS(err, "redaction rule \"$.a[\" is not a path");
    hn__redact_free(r);
}

/* ---- the secrets met, at scale ------------------------------------------ */

HN_TEST(redact_rules, longest_secret_wins_and_placeholders_stay)
{
    hn__redact *r = hn__redact_new();
    HN_ASSERT_NOT_NULL(r);
    cJSON *req = cJSON_Parse("{\"method\":\"GET\",\"url\":\"https://h/x\",\"headers\":"
                             "{\"X-Api-Key\":\"abcd1234\",\"Authorization\":\"Bearer abcd12345678\"}}");
    HN_ASSERT_EQ(hn__redact_learn_request(r, req), 0);
    cJSON_Delete(req);
    shows(r, "k=abcd12345678 j=abcd1234 ${X_API_KEY} abcd123",
          "k=${AUTHORIZATION} j=${X_API_KEY} ${X_API_KEY} abcd123");
    hn__redact_free(r);
}

HN_TEST(redact_rules, a_hundred_thousand_secrets_are_found_in_linear_time, .timeout_ms = 60000)
{
    /* An answer with 100,000 tokens: each learned, then a text holding all of
     * them scrubbed. Quadratic, this takes minutes of CPU; linear, well under
     * a second (the bound leaves room for sanitizers and a busy machine). */
    hn__redact *r = hn__redact_new();
    HN_ASSERT_NOT_NULL(r);
    enum { N = 100000 };
    hn__buf text = {0};
    clock_t t0 = clock();
    for (int i = 0; i < N; i++) {
        char tok[32];
        int n = snprintf(tok, sizeof tok, "tok-%08d", i);
        HN_ASSERT_EQ(hn__redact_add_secret(r, tok, (size_t)n, "TOKEN"), 0);
        hn__buf_printf(&text, "%s,", tok);
    }
    hn__buf out = {0};
    size_t hits = hn__redact_scrub_into(r, text.data, text.len, &out);
    double cpu = (double)(clock() - t0) / CLOCKS_PER_SEC;
    HN_CHECK_EQ(hits, (size_t)N);
    HN_CHECK(strstr(hn__buf_str(&out), "tok-") == NULL);
    HN_LOG("100,000 secrets learned and scrubbed in %.2f s of CPU", cpu);
    HN_CHECK_LT(cpu, 10.0);
    hn__buf_free(&out);
    hn__buf_free(&text);
    hn__redact_free(r);
}

/* ---- rules beside the fixtures, and --redact, with honest record -------- */

static void record(st_proc *r, const char *dir, const vt_provider *p, const char *extra)
{
    char url[256];
    snprintf(url, sizeof url, "%s/api?page=1&key=qk-record-7766&sig=sg-record-5544", p->base);
    const char *argv[] = {ST_HONEST, "record", "--force", "--url", url, "-o", "fixtures/a.json",
                          extra ? "--redact" : NULL, extra, NULL};
    st_opts o = {.cwd = dir};
    HN_ASSERT_EQ(st_run(r, argv, &o), 0);
}

HN_TEST(redact_rules, record_applies_rules_beside_and_keeps_its_own)
{
    vt_provider p;
    vt_provider_start_secrets(&p, "rt-nonce-4242");
    char *dir = st_tmpdir(), *fx = st_join(dir, "fixtures"), *file;
    HN_ASSERT_EQ(mkdir(fx, 0777), 0);
    file = st_join(fx, ".honest-redact");
    HN_ASSERT_EQ(st_write_file(file, "# for the whole directory\n$.response.body.items\n"), 0);
    st_proc r;
    record(&r, dir, &p, "$.response.body.session.opaque_handle");
    HN_CHECK_EQ(r.exit_code, 0);
    /* key and sig are secret in a query by default: never printed. */
    HN_CHECK_STR_CONTAINS(r.out, "/api?page=1&key=${KEY}&sig=${SIG} -> 200");
    HN_CHECK(strstr(r.out, "qk-record-7766") == NULL && strstr(r.out, "sg-record-5544") == NULL);
    HN_CHECK_STR_CONTAINS(r.out, "redacted: response field opaque_handle");
    st_proc_free(&r);
    char *a = st_join(fx, "a.json"), *text = st_read_file(a, NULL);
    HN_ASSERT_NOT_NULL(text);
    HN_CHECK(strstr(text, "rt-nonce-4242-handle") == NULL); /* the --redact rule */
    HN_CHECK(strstr(text, "rt-nonce-4242-item") == NULL);   /* the rule beside */
    HN_CHECK(strstr(text, "qk-record-7766") == NULL);
    /* Only --redact is kept in the fixture: the file beside stays the source
     * of its own rules. */
    HN_CHECK_STR_CONTAINS(text, "\"redact\": [\n    \"$.response.body.session.opaque_handle\"\n  ]");
    free(text);
    /* A rule file that does not parse stops the writer, naming its line. */
    HN_ASSERT_EQ(st_write_file(file, "X-Fine\n$.broken[\n"), 0);
    record(&r, dir, &p, NULL);
    HN_CHECK_EQ(r.exit_code, 2);
    HN_CHECK_STR_CONTAINS(r.err, "/fixtures/.honest-redact:2: redaction rule \"$.broken[\" is not a path");
    st_proc_free(&r);
    vt_provider_stop(&p);
    st_rmtree(dir);
    free(a);
    free(file);
    free(fx);
    free(dir);
}
