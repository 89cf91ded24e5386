/* SPDX-License-Identifier: MIT */
/* variants_apply_test.c: the fixture a variant answers with (built beside its
 * body text, without checking the text again) is, for every place of a set
 * of fixtures, the fixture the long way makes: its body set through
 * hn_fixture_json_set_body and the whole read by hn_fixture_from_json. */
#include <honest.h>
#include <honest/fixture.h>

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"
#include "variants/variants.h"

typedef struct fcase {
    const char *name;
    const char *response; /* the fixture's "response" object */
} fcase;

static const fcase fcases[] = {
    {"shape", "{\"status\": 200, \"headers\": {\"Content-Type\": \"application/json\"}, \"body\": "
              "{ \"n\": 12.50, \"s\": \"abc\", \"b\": true, \"o\": { \"x\": 1, \"y\": \"two\" }, "
              "\"a\": [1, 2, 3], \"z\": null }}"},
    /* Escapes, which long_string repeats as written and unicode writes anew;
     * numbers spelt in strings, one with spaces after it. */
    {"escapes_and_numeric_strings",
     "{\"status\": 201, \"headers\": {\"Content-Type\": \"application/json; charset=utf-8\", "
     "\"Content-Length\": \"999\", \"X-Id\": [\"a\", \"b\"]}, \"body\": {\"q\": \"say \\\"hi\\\" "
     "\\u00e9\\n\\t\\\\\", \"amount\": \"12.50\", \"spaced\": \"7 \", \"neg\": \"-3e2\", "
     "\"dash\": \"-\", \"empty\": \"\", \"u\": \"\xe6\x9d\xb1\xe4\xba\xac caf\xc3\xa9 ok\", "
     "\"big\": 1e300, \"tiny\": -0.0}}"},
    /* Arrays of objects, nested; a root that is an array. */
    {"nested_array_root",
     "{\"status\": 200, \"headers\": {\"Content-Type\": \"application/vnd.api+json\"}, \"body\": "
     "[{\"id\": 1, \"tags\": [\"x\", \"y\"], \"meta\": {}}, {\"id\": 2, \"tags\": [], \"meta\": "
     "{\"k\": [[1, 2], [3]]}}, []]}"},
    /* A root that is a string or a number. */
    {"string_root", "{\"status\": 200, \"body\": \"just text\"}"},
    {"number_root", "{\"status\": 200, \"body\": 42.000}"},
    /* No JSON body: the whole-response kinds only. */
    {"text_body", "{\"status\": 404, \"headers\": {\"Retry-After\": \"9\"}, \"body_text\": "
                  "\"not here\"}"},
    {"no_body", "{\"status\": 204}"},
};

/* The fixture the long way makes of v: its body set again by
 * hn_fixture_json_set_body (strict check, compact text) and the document read
 * by hn_fixture_from_json (body parsed again). */
static hn_fixture *long_way(const hn_fixture *v)
{
    cJSON *doc = hn_fixture_to_json(v);
    HN_ASSERT_NOT_NULL(doc);
    cJSON *resp = cJSON_GetObjectItem(doc, "response");
    size_t len;
    const char *body = hn_fixture_body(v, HN_RESPONSE, &len);
    if (hn_fixture_body_kind(v, HN_RESPONSE) == HN_BODY_JSON)
        HN_ASSERT_EQ(hn_fixture_json_set_body(resp, body, len, "application/json"), 0);
    hn_fixture_error fe;
    hn_fixture *ref = hn_fixture_from_json(doc, hn_fixture_path(v), &fe);
    cJSON_Delete(doc);
    HN_ASSERT_NOT_NULL(ref);
    return ref;
}

/* How v and ref differ, in the first of: status, error, headers in order,
 * body bytes, body kind, body tree (members in order), the fixture written
 * out; "" when they answer alike. */
static const char *differ(const hn_fixture *v, const hn_fixture *ref)
{
    static char d[512];
    size_t nh = hn_fixture_header_count(v, HN_RESPONSE), la, lb;
    if (hn_fixture_status(v) != hn_fixture_status(ref) ||
        hn_fixture_transport_error(v) != hn_fixture_transport_error(ref))
        return "status or transport error";
    if (nh != hn_fixture_header_count(ref, HN_RESPONSE))
        return "the number of headers";
    for (size_t i = 0; i < nh; i++) {
        const char *a, *av, *b, *bv;
        if (hn_fixture_header_at(v, HN_RESPONSE, i, &a, &av) ||
            hn_fixture_header_at(ref, HN_RESPONSE, i, &b, &bv) || strcmp(a, b) || strcmp(av, bv))
            return "a header";
    }
    const char *ba = hn_fixture_body(v, HN_RESPONSE, &la);
    const char *bb = hn_fixture_body(ref, HN_RESPONSE, &lb);
    if (la != lb || memcmp(ba, bb, la)) {
        snprintf(d, sizeof d, "the body: %.100s (%zu bytes) against %.100s (%zu bytes)", ba, la,
                 bb, lb);
        return d;
    }
    if (hn_fixture_body_kind(v, HN_RESPONSE) != hn_fixture_body_kind(ref, HN_RESPONSE))
        return "the body's kind";
    const cJSON *ja = hn_fixture_json(v, HN_RESPONSE), *jb = hn_fixture_json(ref, HN_RESPONSE);
    if ((ja == NULL) != (jb == NULL) || (ja && !cJSON_Compare(ja, jb, 1)))
        return "the body's tree";
    /* cJSON_Compare finds members by name: their order is compared here. */
    char *pa = ja ? cJSON_PrintUnformatted(ja) : NULL, *pb = jb ? cJSON_PrintUnformatted(jb) : NULL;
    int order = pa && pb && strcmp(pa, pb);
    free(pa);
    free(pb);
    if (order)
        return "the order in the body's tree";
    char *ta = hn_fixture_to_text(v, NULL), *tb = hn_fixture_to_text(ref, NULL);
    int texts = strcmp(ta, tb);
    free(ta);
    free(tb);
    return texts ? "the fixture written out" : "";
}

HN_TEST_PN(variants_apply, every_variant_is_what_the_long_way_makes, fcase, fcases, name)
{
    char text[2048];
    snprintf(text, sizeof text,
             "{\"honest\": 1, \"recorded_at\": \"2026-11-20T10:00:00Z\", \"request\": "
             "{\"method\": \"GET\", \"url\": \"https://api.example/v1/x\"}, \"response\": %s}",
             HN_PARAM->response);
    hn_fixture_error fe;
    char msg[512];
    hn_fixture *fx = hn_fixture_parse(text, strlen(text), "f.json", &fe);
    if (!fx)
        HN_FAIL("%s", hn_fixture_error_format(&fe, msg, sizeof msg));
    hn__variant_place *places;
    size_t n;
    HN_ASSERT_EQ(hn__variant_places(fx, HN__VK_ALL, &places, &n), 0);
    HN_ASSERT_GE(n, 5u); /* the whole-response kinds at least */
    for (size_t i = 0; i < n; i++) {
        char err[1024], what[256], *value = NULL;
        snprintf(what, sizeof what, "%s@%s", hn__vkind_name((int)places[i].kind), places[i].path);
        hn_fixture *v = hn__variant_apply(fx, places[i].kind, places[i].path, &value, err,
                                          sizeof err);
        if (!v)
            HN_FAIL("%s: %s", what, err);
        HN_CHECK_NOT_NULL(value);
        hn_fixture *ref = long_way(v);
        char got[1024];
        snprintf(got, sizeof got, "%s: %s", what, differ(v, ref));
        snprintf(err, sizeof err, "%s: ", what);
        HN_CHECK_STR_EQ(got, err);
        hn_fixture_free(ref);
        hn_fixture_free(v);
        free(value);
    }
    hn__variant_places_free(places, n);
    hn_fixture_free(fx);
}
