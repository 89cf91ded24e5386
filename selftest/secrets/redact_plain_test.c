/* SPDX-License-Identifier: MIT */
/* redact_plain_test.c: learning without redacting a copy. Where
 * hn__redact_plain_message or hn__redact_plain_answer says a message is
 * plain, redacting it (as hn__redact_learn_fixture and the recorder do) must
 * learn no secret; each place that does teach one must not be called plain.
 * Every case is run both ways, through the real redaction. */
#include <honest.h>
#include <honest/fixture.h>

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fixtures/redact_impl.h"
#include "support.h"

/* Placeholders have values, as in an environment. */
static const char *lookup(const char *name, void *data)
{
    (void)data;
    return strcmp(name, "NOT_SET") ? "looked-up-value-77" : NULL;
}

/* A redaction with a name rule, a known secret and, when path_rule, a path
 * rule. */
static hn__redact *fresh(int path_rule)
{
    hn__redact *r = hn__redact_new();
    char err[256];
    HN_ASSERT_NOT_NULL(r);
    HN_ASSERT_EQ(hn__redact_add_rule(r, "nickname", 0, err, sizeof err), 0);
    HN_ASSERT_EQ(hn__redact_add_secret(r, "known-s3cret-value-9", 20, "KNOWN_TOKEN"), 0);
    if (path_rule)
        HN_ASSERT_EQ(hn__redact_add_rule(r, "$.request.body.a", 0, err, sizeof err), 0);
    return r;
}

/* "plain" when called plain (and then nothing may be learnt: "LEAKED"
 * otherwise), "learns" when not plain and redacting learnt a secret,
 * "perhaps" when not plain and nothing was learnt. */
static const char *verdict(int plain, size_t before, size_t after)
{
    if (plain)
        return after == before ? "plain" : "LEAKED: called plain, yet a secret was learnt";
    return after > before ? "learns" : "perhaps";
}

/* A request (JSON text) as hn__redact_learn_fixture learns from it. */
static const char *request_case(const char *json, int path_rule)
{
    cJSON *req = cJSON_Parse(json);
    HN_ASSERT_NOT_NULL(req);
    hn__redact *r = fresh(path_rule);
    int plain = hn__redact_plain_message(r, req, cJSON_GetObjectItem(req, "body"), 1);
    size_t before = r->nsecrets;
    HN_ASSERT_EQ(hn__redact_request(r, req, lookup, NULL), 0);
    const char *v = verdict(plain, before, r->nsecrets);
    hn__redact_free(r);
    cJSON_Delete(req);
    return v;
}

/* A recorded response (JSON text) as hn__redact_learn_fixture learns. */
static const char *response_case(const char *json)
{
    cJSON *resp = cJSON_Parse(json);
    HN_ASSERT_NOT_NULL(resp);
    hn__redact *r = fresh(0);
    int plain = hn__redact_plain_message(r, resp, cJSON_GetObjectItem(resp, "body"), 0);
    size_t before = r->nsecrets;
    HN_ASSERT_EQ(hn__redact_response_headers(r, resp), 0);
    HN_ASSERT_EQ(hn__redact_response_body(r, resp), 0);
    const char *v = verdict(plain, before, r->nsecrets);
    hn__redact_free(r);
    cJSON_Delete(resp);
    return v;
}

/* A live answer (one header and a body) as the recorder redacts it
 * (live/record.c, response_json): headers, the body scrubbed as bytes, set
 * as the fixture's body, then redacted. */
static const char *answer_case(const char *header, const char *value, const char *body)
{
    hn__redact *r = fresh(0);
    const char *names[] = {"Content-Type", header}, *values[] = {"application/json", value};
    if (!strcasecmp(header, "Content-Type"))
        names[0] = "Date", values[0] = "Tue, 01 Dec 2026 00:00:00 GMT";
    size_t len = strlen(body);
    int plain = hn__redact_plain_answer(r, names, values, 2, body, len);
    size_t before = r->nsecrets;
    cJSON *resp = cJSON_CreateObject(), *headers = cJSON_AddObjectToObject(resp, "headers");
    cJSON_AddStringToObject(headers, names[0], values[0]);
    cJSON_AddStringToObject(headers, names[1], values[1]);
    char *bytes = strdup(body);
    HN_ASSERT_EQ(hn__redact_response_headers(r, resp), 0);
    HN_ASSERT_EQ(hn__redact_bytes(r, &bytes, &len), 0);
    const char *ctype = !strcasecmp(names[1], "Content-Type") ? values[1] : values[0];
    HN_ASSERT_EQ(hn_fixture_json_set_body(resp, bytes, len, ctype), 0);
    HN_ASSERT_EQ(hn__redact_response_body(r, resp), 0);
    const char *v = verdict(plain, before, r->nsecrets);
    free(bytes);
    cJSON_Delete(resp);
    hn__redact_free(r);
    return v;
}

HN_TEST(redact_plain, requests_plain_only_where_nothing_is_learnt)
{
    /* What honest verify's benchmark sends: plain, no copy is redacted. */
    HN_CHECK_STR_EQ(request_case("{\"method\": \"GET\", \"url\": \"http://127.0.0.1:1/bench/7\","
                                 " \"headers\": {}}", 0),
                    "plain");
    HN_CHECK_STR_EQ(request_case("{\"method\": \"POST\", \"url\": \"https://h/v1/items\","
                                 " \"headers\": {\"Accept\": \"application/json\"},"
                                 " \"body\": {\"id\": \"1\", \"tags\": [\"a\", {\"b\": 2}]}}", 0),
                    "plain");
    /* Each place that teaches a secret. */
    const char *const learning[] = {
        "{\"method\": \"GET\", \"url\": \"https://h/\", \"headers\": {\"Authorization\": "
        "\"Bearer abcdefgh1234\"}}",
        "{\"method\": \"GET\", \"url\": \"https://h/x?api_key=abcd12345\"}",
        "{\"method\": \"GET\", \"url\": \"https://user:passw0rd99@h/x\"}",
        "{\"method\": \"POST\", \"url\": \"https://h/\", \"body\": {\"password\": \"hunter2xyz\"}}",
        "{\"method\": \"POST\", \"url\": \"https://h/\", \"body\": {\"pass\\u0077ord\": "
        "\"hunter2xyz\"}}",
        "{\"method\": \"POST\", \"url\": \"https://h/\", \"body\": {\"a\": {\"b\": [{\"token\": "
        "\"abcd12345\"}]}}}",
        "{\"method\": \"POST\", \"url\": \"https://h/\", \"body\": {\"next\": "
        "\"https://h/x?access_token=abcd12345\"}}",
        "{\"method\": \"POST\", \"url\": \"https://h/\", \"body\": {\"nickname\": \"bobby-the-1\"}}",
        "{\"method\": \"GET\", \"url\": \"https://h/\", \"headers\": {\"X-Trace\": "
        "\"${MY_TOKEN}\"}}",
        "{\"method\": \"GET\", \"url\": \"https://h/${MY_TOKEN}/x\"}",
        "{\"method\": \"POST\", \"url\": \"https://h/\", \"headers\": {\"Content-Type\": "
        "\"application/x-www-form-urlencoded\"}, \"body_text\": \"user=a&password=zzzz1234\"}",
        "{\"method\": \"POST\", \"url\": \"https://h/\", \"body_text\": "
        "\"<login><password>abcd12345</password></login>\"}",
        "{\"method\": \"POST\", \"url\": \"https://h/\", \"body\": \"${MY_TOKEN}\"}",
    };
    for (size_t i = 0; i < sizeof learning / sizeof *learning; i++) {
        HN_LOG("request %zu: %s", i, learning[i]);
        HN_CHECK_STR_EQ(request_case(learning[i], 0), "learns");
    }
    /* A secret already known in the URL: scrubbed before the body's second
     * pass, so not plain. A path rule: not plain, whatever it names. */
    HN_CHECK_STR_NE(request_case("{\"method\": \"GET\", \"url\": "
                                 "\"https://h/known-s3cret-value-9/x\"}", 0),
                    "plain");
    HN_CHECK_STR_EQ(request_case("{\"method\": \"POST\", \"url\": \"https://h/\", "
                                 "\"body\": {\"a\": \"abcd12345\"}}", 1),
                    "learns");
}

HN_TEST(redact_plain, recorded_responses_plain_only_where_nothing_is_learnt)
{
    HN_CHECK_STR_EQ(response_case("{\"status\": 200, \"headers\": {\"Content-Type\": "
                                  "\"application/json\"}, \"body\": {\"id\": \"1\", "
                                  "\"price\": 12.5}}"),
                    "plain");
    const char *const learning[] = {
        "{\"status\": 200, \"headers\": {\"Set-Cookie\": \"sid=abcd12345; Path=/\"}}",
        "{\"status\": 302, \"headers\": {\"Location\": \"https://h/x?sig=abcd12345\"}}",
        "{\"status\": 200, \"body\": {\"access_token\": \"abcd12345\"}}",
        "{\"status\": 200, \"body\": [{\"links\": {\"next\": \"/p?token=abcd12345\"}}]}",
        "{\"status\": 200, \"headers\": {\"Content-Type\": "
        "\"application/x-www-form-urlencoded\"}, \"body_text\": \"access_token=abcd12345\"}",
        "{\"status\": 200, \"body_text\": \"<r><token>abcd12345</token></r>\"}",
    };
    for (size_t i = 0; i < sizeof learning / sizeof *learning; i++) {
        HN_LOG("response %zu: %s", i, learning[i]);
        HN_CHECK_STR_EQ(response_case(learning[i]), "learns");
    }
}

HN_TEST(redact_plain, live_answers_plain_only_where_nothing_is_learnt)
{
    HN_CHECK_STR_EQ(answer_case("X-Request-Id", "r-1",
                                "{\"id\": \"7\", \"name\": \"item\", \"price\": 12.5, "
                                "\"tags\": [\"a\", \"b\"], \"note\": \"say \\\"hi\\\"\"}"),
                    "plain");
    HN_CHECK_STR_EQ(answer_case("X-Request-Id", "r-1", ""), "plain");
    HN_CHECK_STR_EQ(answer_case("Content-Type", "text/plain", "just some text"), "plain");
    const char *const learning[][3] = {
        {"Set-Cookie", "sid=abcd12345; Path=/", "{}"},
        {"Location", "https://h/x?sig=abcd12345", "{}"},
        {"X-Request-Id", "r-1", "{\"refresh_token\": \"abcd12345\"}"},
        {"X-Request-Id", "r-1", "{\"refresh\\u005ftoken\": \"abcd12345\"}"},
        {"X-Request-Id", "r-1", "{\"a\": \"x\\\"y\", \"token\": \"abcd12345\"}"},
        {"X-Request-Id", "r-1", "{\"next\": \"https://h/?sig=abcd12345\"}"},
        {"X-Request-Id", "r-1", "{\"next\": \"https://h/\\u003fsig=abcd12345\"}"},
        {"X-Request-Id", "r-1", "{\"nickname\": \"bobby-the-1\"}"},
        {"Content-Type", "application/x-www-form-urlencoded", "access_token=abcd12345"},
        {"Content-Type", "application/xml", "<r><token>abcd12345</token></r>"},
    };
    for (size_t i = 0; i < sizeof learning / sizeof *learning; i++) {
        HN_LOG("answer %zu: %s: %s, %s", i, learning[i][0], learning[i][1], learning[i][2]);
        HN_CHECK_STR_EQ(answer_case(learning[i][0], learning[i][1], learning[i][2]), "learns");
    }
    /* A secret already known in the body: scrubbed as bytes before it is
     * parsed, so not plain. */
    HN_CHECK_STR_NE(answer_case("X-Request-Id", "r-1", "{\"id\": \"known-s3cret-value-9\"}"),
                    "plain");
}

/* hn__redact_show returns text without a character scan acts on (and
 * without a known secret) as it is; with one, it still hides. */
HN_TEST(redact_plain, text_shown_as_is_only_without_anything_to_hide)
{
    hn__redact *r = fresh(0);
    const char *const as_is[] = {"http://127.0.0.1:33139/bench/7", "bench.00007",
                                 "127.0.0.1:33139", "$.response.body.price", ""};
    for (size_t i = 0; i < sizeof as_is / sizeof *as_is; i++) {
        char *shown = hn__redact_show(r, as_is[i]);
        HN_CHECK_STR_EQ(shown, as_is[i]);
        free(shown);
    }
    const char *const hidden[][2] = {
        {"https://h/x/known-s3cret-value-9", "https://h/x/${KNOWN_TOKEN}"},
        {"https://h/x?api_key=abcd12345", "https://h/x?api_key=" HN__REDACTED},
        {"https://u:pw9876543@h/x", "https://u:" HN__REDACTED "@h/x"},
        {"Bearer abcd12345", "Bearer " HN__REDACTED},
        {"{\"token\":\"abcd12345\"}", "{\"token\":\"" HN__REDACTED "\"}"},
        {"<token>abcd12345</token>", "<token>" HN__REDACTED "</token>"},
        {"a=1;sig=abcd12345", "a=1;sig=" HN__REDACTED},
    };
    for (size_t i = 0; i < sizeof hidden / sizeof *hidden; i++) {
        char *shown = hn__redact_show(r, hidden[i][0]);
        HN_CHECK_STR_EQ(shown, hidden[i][1]);
        free(shown);
    }
    hn__redact_free(r);
}
