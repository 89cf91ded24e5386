/* SPDX-License-Identifier: MIT */
/* json_agree_test.c: the differ (`honest diff`, run as a process) and the
 * fixture loader read the same file for each tricky input and must agree on
 * whether it is JSON, and with RFC 8259: one grammar for both. */
#include <honest.h>
#include <honest/fixture.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

typedef struct tricky {
    const char *name;
    const char *body;   /* the response body's JSON text, or NULL: nest arrays */
    int nest;           /* body NULL: this many '[' then as many ']' */
    const char *before; /* bytes before the document ("" or a byte order mark) */
    const char *after;  /* bytes after it */
    int json;           /* 1: RFC 8259 JSON (both accept), 0: both reject */
} tricky;

/* The fixture around the body sits at depth 2 (root, "response"), so a body
 * of 998 nested arrays reaches depth 1000, the deepest both accept. */
static const tricky cases[] = {
    {"pair_of_surrogates", "\"\\ud83d\\ude00\"", 0, "", "", 1},
    {"lone_high_surrogate", "\"\\ud800\"", 0, "", "", 0},
    {"lone_low_surrogate", "\"\\udc00x\"", 0, "", "", 0},
    {"high_then_no_low", "\"\\ud800\\u0041\"", 0, "", "", 0},
    {"high_at_the_end", "\"a\\ud800\"", 0, "", "", 0},
    {"escaped_nul", "\"a\\u0000b\"", 0, "", "", 1},
    {"huge_exponent", "1e400", 0, "", "", 1},
    {"minus_zero", "-0", 0, "", "", 1},
    {"minus_zero_point", "-0.0e-0", 0, "", "", 1},
    {"leading_zero", "01", 0, "", "", 0},
    {"minus_leading_zero", "-01", 0, "", "", 0},
    {"bare_minus", "-", 0, "", "", 0},
    {"plus_sign", "+1", 0, "", "", 0},
    {"dot_first", ".5", 0, "", "", 0},
    {"dot_last", "1.", 0, "", "", 0},
    {"empty_exponent", "1e+", 0, "", "", 0},
    {"long_number", "123456789012345678901234567890123456789012345678901234567890123456789", 0,
     "", "", 1},
    {"trailing_comma_array", "[1,]", 0, "", "", 0},
    {"trailing_comma_object", "{\"a\": 1,}", 0, "", "", 0},
    {"duplicate_keys", "{\"a\": 1, \"a\": 2}", 0, "", "", 1},
    {"nesting_at_the_limit", NULL, 998, "", "", 1},
    {"nesting_past_the_limit", NULL, 999, "", "", 0},
    {"byte_order_mark", "1", 0, "\xEF\xBB\xBF", "", 1},
    {"byte_order_mark_as_a_value", "\xEF\xBB\xBF", 0, "", "", 0},
    {"two_byte_order_marks", "1", 0, "\xEF\xBB\xBF\xEF\xBB\xBF", "", 0},
    {"utf8", "\"caf\xC3\xA9 \xF0\x9F\x98\x80\"", 0, "", "", 1},
    {"latin1_byte", "\"caf\xE9\"", 0, "", "", 0},
    {"overlong_slash", "\"\xC0\xAF\"", 0, "", "", 0},
    {"encoded_surrogate", "\"\xED\xA0\x80\"", 0, "", "", 0},
    {"cut_sequence", "\"\xE2\x82\"", 0, "", "", 0},
    {"above_u10ffff", "\"\xF4\x90\x80\x80\"", 0, "", "", 0},
    {"raw_tab", "\"a\tb\"", 0, "", "", 0},
    {"raw_delete", "\"a\x7F\"", 0, "", "", 1},
    {"escapes", "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\"", 0, "", "", 1},
    {"unknown_escape", "\"\\x\"", 0, "", "", 0},
    {"short_unicode_escape", "\"\\u12\"", 0, "", "", 0},
    {"bad_hex", "\"\\u12G4\"", 0, "", "", 0},
    {"nan", "NaN", 0, "", "", 0},
    {"capital_true", "True", 0, "", "", 0},
    {"cut_literal", "nul", 0, "", "", 0},
    {"literal_and_more", "truex", 0, "", "", 0},
    {"single_quotes", "'a'", 0, "", "", 0},
    {"comment", "/* c */ 1", 0, "", "", 0},
    {"text_after", "1", 0, "", " x", 0},
    {"white_space_after", "1", 0, "", " \r\n\t", 1},
    {"form_feed_is_no_space", "1", 0, "", "\f", 0},
};

static char *fixture_text(const tricky *t)
{
    size_t n = (t->body ? strlen(t->body) : 2 * (size_t)t->nest) + 512;
    char *body = malloc(n), *text = malloc(n + 64);
    if (t->body) {
        snprintf(body, n, "%s", t->body);
    } else {
        memset(body, '[', (size_t)t->nest);
        memset(body + t->nest, ']', (size_t)t->nest);
        body[2 * t->nest] = '\0';
    }
    snprintf(text, n + 64,
             "%s{\"honest\": 1, \"recorded_at\": \"2026-11-20T10:00:00Z\", \"request\": "
             "{\"method\": \"GET\", \"url\": \"https://api.example.com/v1/items\"}, "
             "\"response\": {\"status\": 200, \"body\": %s}}%s",
             t->before, body, t->after);
    free(body);
    return text;
}

HN_TEST_PN(json_agree, differ_and_fixture_loader, tricky, cases, name)
{
    char *dir = st_tmpdir();
    HN_ASSERT_NOT_NULL(dir);
    char *path = st_join(dir, "f.json"), *text = fixture_text(HN_PARAM);
    HN_ASSERT_EQ(st_write_file(path, text), 0);

    /* The differ: a document equals itself (exit 0), or is no JSON (exit 2). */
    st_proc p;
    const char *argv[] = {ST_HONEST, "diff", "f.json", "f.json", NULL};
    HN_ASSERT_EQ(st_run(&p, argv, &(st_opts){.cwd = dir}), 0);
    HN_ASSERT_EQ(p.exited, 1);
    HN_LOG("honest diff: exit %d, %s", p.exit_code, p.err);
    HN_ASSERT(p.exit_code == 0 || p.exit_code == 2);
    int differ_json = p.exit_code == 0;
    if (!differ_json)
        HN_CHECK_STR_CONTAINS(p.err, "not valid JSON");

    /* The fixture loader: loads, or fails with a syntax error. */
    hn_fixture_error err;
    memset(&err, 0, sizeof err);
    hn_fixture *fx = hn_fixture_load(path, &err);
    HN_LOG("fixture loader: %s", fx ? "loaded" : err.text);
    if (!fx)
        HN_CHECK_EQ(err.code, HN_FIXTURE_E_SYNTAX); /* no other reason to refuse it */
    int loader_json = fx != NULL;

    HN_CHECK_EQ(differ_json, loader_json);
    HN_CHECK_EQ(differ_json, HN_PARAM->json);
    hn_fixture_free(fx);
    st_proc_free(&p);
    free(text);
    free(path);
    st_rmtree(dir);
    free(dir);
}
