/* SPDX-License-Identifier: MIT */
/* diff_api_test.c: the pieces of the differ the data-driven cases do not
 * reach: path parsing and matching, parse errors with their positions,
 * option errors, the root option, entries added by hand, output details. */
#include <honest.h>
#include <honest/diff.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "json/json_path.h"

/* ---- paths ------------------------------------------------------------- */

typedef struct path_form {
    const char *name, *text, *normal;
} path_form;

static const path_form forms[] = {
    {"root", "$", "$"},
    {"dots", "$.a.b", "$.a.b"},
    {"single_quotes", "$['a b']", "$[\"a b\"]"},
    {"escaped_quote", "$[\"a\\\"b\"]", "$[\"a\\\"b\"]"},
    {"index_and_any", "$.a[0][*]", "$.a[0][*]"},
    {"dot_star", "$.*", "$[*]"},
    {"descent", "$..id", "$..id"},
    {"descent_index", "$..[0]", "$..[0]"},
    {"dash_in_name", "$.response.headers.Content-Type", "$.response.headers[\"Content-Type\"]"},
    {"unicode_escape", "$[\"\\u00e9\"]", "$[\"\xc3\xa9\"]"},
    {"unicode_name", "$.\xc3\xa9t\xc3\xa9", "$[\"\xc3\xa9t\xc3\xa9\"]"},
    {"surrogate_pair", "$[\"\\ud83d\\ude00\"]", "$[\"\xf0\x9f\x98\x80\"]"},
    {"digit_start", "$[\"1st\"]", "$[\"1st\"]"},
};

HN_TEST_PN(diff_paths, normal_form, path_form, forms, name)
{
    char err[200];
    hn__json_path *p = hn__json_path_parse(HN_PARAM->text, err, sizeof err);
    if (!p)
        HN_FAIL("%s: %s", HN_PARAM->text, err);
    HN_ASSERT_STR_EQ(hn__json_path_text(p), HN_PARAM->normal);
    /* The normal form reads back as the same path. */
    hn__json_path *q = hn__json_path_parse(hn__json_path_text(p), NULL, 0);
    HN_ASSERT_NOT_NULL(q);
    HN_ASSERT_STR_EQ(hn__json_path_text(q), HN_PARAM->normal);
    hn__json_path_free(p);
    hn__json_path_free(q);
}

typedef struct bad_path {
    const char *name, *text, *column, *says;
} bad_path;

static const bad_path bad_paths[] = {
    {"no_dollar", "a.b", "column 1 ", "starts with '$'"},
    {"open_bracket", "$.a[", "column 5 ", "expected an index"},
    {"letter_index", "$.a[x]", "column 5 ", "expected an index"},
    {"unclosed_index", "$.a[0", "column 6 ", "expected ']'"},
    {"quote_after_dot", "$.\"a\"", "column 3 ", "expected a name"},
    {"unterminated_key", "$[\"abc]", "column 3 ", "unterminated double-quoted key"},
    {"unknown_escape", "$[\"\\q\"]", "column 4 ", "unknown escape"},
    {"trailing_dot", "$.", "column 3 ", "expected a name"},
    {"no_separator", "$a", "column 2 ", "expected '.' or '['"},
    {"lone_surrogate", "$[\"\\udc00\"]", "column 4 ", "lone low surrogate"},
};

HN_TEST_PN(diff_paths, errors, bad_path, bad_paths, name)
{
    char err[200];
    HN_ASSERT_NULL(hn__json_path_parse(HN_PARAM->text, err, sizeof err));
    HN_CHECK_STR_CONTAINS(err, HN_PARAM->column);
    HN_CHECK_STR_CONTAINS(err, HN_PARAM->says);
}

typedef struct path_match {
    const char *name, *pattern, *path;
    int match, reaches;
} path_match;

static const path_match matches[] = {
    {"any_matches_index", "$.a[*].b", "$.a[3].b", 1, 0},
    {"any_matches_any", "$.a[*].b", "$.a[*].b", 1, 0},
    {"index_not_any", "$.a[0].b", "$.a[*].b", 0, 0},
    {"descent_deep", "$..b", "$.x.y.b", 1, 1},
    {"descent_zero_steps", "$..b", "$.b", 1, 1},
    {"descent_not_below", "$..b", "$.b.c", 0, 1},
    {"star_key", "$.*", "$.q", 1, 0},
    {"star_index", "$.*", "$[2]", 1, 0},
    {"root", "$", "$", 1, 0},
    {"longer_pattern", "$.a", "$", 0, 1},
    {"quotes_alike", "$[\"a b\"]", "$['a b']", 1, 0},
    {"descent_then_index", "$..[0].id", "$.x[0].id", 1, 1}, /* $.x[0].id[0].id */
    {"reaches_below", "$.a[*].b", "$.a", 0, 1},
    {"other_branch", "$.a", "$.b", 0, 0},
    {"key_not_index", "$.a.0", "$.a[0]", 0, 0},
};

HN_TEST_PN(diff_paths, match_and_reach, path_match, matches, name)
{
    hn__json_path *p = hn__json_path_parse(HN_PARAM->pattern, NULL, 0);
    hn__json_path *at = hn__json_path_parse(HN_PARAM->path, NULL, 0);
    HN_ASSERT_NOT_NULL(p);
    HN_ASSERT_NOT_NULL(at);
    size_t n;
    const hn__json_seg *segs = hn__json_path_segs(at, &n);
    HN_CHECK_EQ(hn__json_path_match(p, segs, n), HN_PARAM->match);
    HN_CHECK_EQ(hn__json_path_match_text(p, HN_PARAM->path), HN_PARAM->match);
    HN_CHECK_EQ(hn__json_path_reaches(p, segs, n), HN_PARAM->reaches);
    hn__json_path_free(p);
    hn__json_path_free(at);
}

HN_TEST(diff_paths, get_in_tree)
{
    cJSON *t = cJSON_Parse("{\"a\": [{\"b c\": 1}, {\"d\": [true]}]}");
    hn__json_path *p = hn__json_path_parse("$.a[0][\"b c\"]", NULL, 0);
    hn__json_path *q = hn__json_path_parse("$.a[1].d[0]", NULL, 0);
    hn__json_path *missing = hn__json_path_parse("$.a[2]", NULL, 0);
    hn__json_path *wild = hn__json_path_parse("$.a[*]", NULL, 0);
    const cJSON *at = hn__json_path_get(t, p);
    HN_ASSERT_NOT_NULL(at);
    HN_ASSERT_EQ(at->valueint, 1);
    HN_ASSERT(cJSON_IsTrue(hn__json_path_get(t, q)));
    HN_ASSERT_NULL(hn__json_path_get(t, missing));
    HN_ASSERT_NULL(hn__json_path_get(t, wild));
    HN_ASSERT_EQ(hn__json_path_is_concrete(p), 1);
    HN_ASSERT_EQ(hn__json_path_is_concrete(wild), 0);
    hn__json_path_free(p);
    hn__json_path_free(q);
    hn__json_path_free(missing);
    hn__json_path_free(wild);
    cJSON_Delete(t);
}

/* ---- parsing ----------------------------------------------------------- */

typedef struct bad_json {
    const char *name, *text;
    int line, column;
    const char *says;
} bad_json;

static const bad_json bad_texts[] = {
    {"empty", "  \n ", 2, 2, "empty"},
    {"trailing_comma_object", "{\"a\":1,}", 1, 8, "trailing comma before '}'"},
    {"trailing_comma_array", "[1,]", 1, 4, "trailing comma before ']'"},
    {"single_quotes", "{'a':1}", 1, 2, "single quotes"},
    {"leading_zero", "[01]", 1, 2, "leading zero"},
    {"dot_without_digits", "[1.]", 1, 4, "followed by digits"},
    {"text_after", "{\"a\":1} x", 1, 9, "after the end"},
    {"unknown_escape", "\"\\x\"", 1, 2, "unknown escape"},
    {"lone_high_surrogate", "[\"\\ud800\"]", 1, 3, "high surrogate"},
    {"misspelt_null", "\n\n  nul", 3, 3, "expected a value but found the word 'nul'"},
    {"nan", "[1, NaN]", 1, 5, "NaN and Infinity are not JSON"},
    {"missing_colon", "{\"a\" 1}", 1, 6, "expected ':'"},
    {"missing_comma", "[1 2]", 1, 4, "expected ',' or ']'"},
    {"unterminated_string", "\"abc", 1, 1, "never ends"},
    {"raw_tab", "[\"a\tb\"]", 1, 4, "control character"},
    {"comment", "// c\n{}", 1, 1, "comment"},
    {"columns_count_characters", "{\"\xc3\xa9\xc3\xa9\": x}", 1, 8, "found the word 'x'"},
    {"bare_minus", "-", 1, 2, "followed by digits"},
    {"exponent_without_digits", "1e+", 1, 4, "exponent"},
};

HN_TEST_PN(diff_parse, errors, bad_json, bad_texts, name)
{
    hn_diff_error err;
    cJSON *t = hn_diff_parse(HN_PARAM->text, strlen(HN_PARAM->text), &err);
    HN_ASSERT_NULL(t);
    HN_CHECK_EQ(err.line, HN_PARAM->line);
    HN_CHECK_EQ(err.column, HN_PARAM->column);
    HN_CHECK_STR_CONTAINS(err.text, HN_PARAM->says);
}

/* A text placed so that its last byte is the last of a readable page, with
 * an unreadable page after it: a parser that reads one byte too far faults. */
static char *at_page_end(const char *text, size_t len, void **map, size_t *maplen)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    *maplen = 2 * page;
    char *m = mmap(NULL, *maplen, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED)
        return NULL;
    mprotect(m + page, page, PROT_NONE);
    *map = m;
    memcpy(m + page - len, text, len);
    return m + page - len;
}

static const char *const backslash_ends[] = {"\"\\", "{\"a\":\"\\", "[\"abc\\", "\"\\\\\\"};

/* Issue 11, item 4: a string ending in a backslash read past the text. */
HN_TEST(diff_parse, string_ending_in_backslash_stays_inside_the_text)
{
    for (size_t i = 0; i < sizeof backslash_ends / sizeof *backslash_ends; i++) {
        void *map = NULL;
        size_t maplen = 0, len = strlen(backslash_ends[i]);
        char *text = at_page_end(backslash_ends[i], len, &map, &maplen);
        HN_ASSERT_NOT_NULL(text);
        hn_diff_error err;
        memset(&err, 0, sizeof err);
        HN_CHECK_NULL(hn_diff_parse(text, len, &err));
        HN_CHECK_STR_CONTAINS(err.text, "never ends");
        HN_CHECK_EQ(err.line, 1);
        munmap(map, maplen);
    }
    /* And through hn_diff_text, the path verify's live bodies take. */
    hn_diff_error err;
    memset(&err, 0, sizeof err);
    HN_ASSERT_NULL(hn_diff_text("{\"a\":1}", "{\"a\":\"\\", NULL, &err));
    HN_CHECK_STR_CONTAINS(err.text, "never ends");
}

HN_TEST(diff_parse, nesting_limit)
{
    char deep[1200];
    memset(deep, '[', 1001);
    deep[1001] = '\0';
    hn_diff_error err;
    HN_ASSERT_NULL(hn_diff_parse(deep, strlen(deep), &err));
    HN_ASSERT_STR_CONTAINS(err.text, "nested deeper than 1000");
    HN_ASSERT_EQ(err.column, 1001);
}

HN_TEST(diff_parse, numbers_exact_and_floats_marked)
{
    const char *text = "[1, 1.0, 1e2, -0.5, 12345678901234567890, 3.141592653589793, 0.1, 5e-324]";
    cJSON *t = hn_diff_parse(text, strlen(text), NULL);
    HN_ASSERT_NOT_NULL(t);
    const int floats[] = {0, 1, 1, 1, 0, 1, 1, 1};
    const double values[] = {1, 1.0, 100, -0.5, 12345678901234567890.0, 3.141592653589793, 0.1, 5e-324};
    int i = 0;
    for (const cJSON *e = t->child; e; e = e->next, i++) {
        HN_CHECK(cJSON_IsNumber(e));
        HN_CHECK_EQ(!!(e->type & HN_DIFF_FLOAT_BIT), floats[i]);
        HN_CHECK(e->valuedouble == values[i]); /* exact: the same double as the C compiler's */
    }
    HN_ASSERT_EQ(i, 8);
    HN_ASSERT_EQ(t->child->valueint, 1);
    cJSON_Delete(t); /* the tree is cJSON's own: cJSON_Delete frees it */
}

HN_TEST(diff_parse, strings_and_bom)
{
    const char *text = "\xEF\xBB\xBF{\"k\\u00e9y\": \"a\\n\\\"b\\\"\\ud83d\\ude00\", \"e\": \"\"}";
    cJSON *t = hn_diff_parse(text, strlen(text), NULL);
    HN_ASSERT_NOT_NULL(t);
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(t, "k\xc3\xa9y");
    HN_ASSERT(cJSON_IsString(v));
    HN_ASSERT_STR_EQ(v->valuestring, "a\n\"b\"\xf0\x9f\x98\x80");
    HN_ASSERT_STR_EQ(cJSON_GetObjectItemCaseSensitive(t, "e")->valuestring, "");
    char *printed = cJSON_PrintUnformatted(t);
    HN_ASSERT_STR_EQ(printed, "{\"k\xc3\xa9y\":\"a\\n\\\"b\\\"\xf0\x9f\x98\x80\",\"e\":\"\"}");
    free(printed);
    cJSON_Delete(t);
}

/* ---- options ----------------------------------------------------------- */

typedef struct bad_opts {
    const char *name, *json, *says;
} bad_opts;

static const bad_opts bad_options[] = {
    {"unknown_field", "{\"colour\": 1}", "unknown option \"colour\""},
    {"compare_word", "{\"compare\": \"exact\"}", "\"compare\" must be \"shape\" or \"values\""},
    {"ignore_not_path", "{\"ignore\": [\"a.b\"]}", "in \"ignore\": not a path: column 1"},
    {"ignore_not_string", "{\"ignore\": [1]}", "\"ignore\" must hold paths"},
    {"negative_tolerance", "{\"tolerance\": -1}", "\"tolerance\" must be a number >= 0"},
    {"arrays_keyed", "{\"arrays\": {\"key\": \"id\"}}", "use \"key\" for keyed arrays"},
    {"arrays_at_word", "{\"arrays_at\": {\"$.x\": \"sideways\"}}", "\"arrays_at\"[\"$.x\"]"},
    {"int_float_type", "{\"int_float\": 1}", "\"int_float\" must be true or false"},
    {"not_object", "[]", "options must be a JSON object"},
};

HN_TEST_PN(diff_opts, errors, bad_opts, bad_options, name)
{
    hn_diff_opts *o = hn_diff_opts_new(HN_DIFF_SHAPE);
    cJSON *spec = cJSON_Parse(HN_PARAM->json);
    hn_diff_error err;
    HN_ASSERT_NOT_NULL(spec);
    HN_ASSERT_EQ(hn_diff_opts_from_json(o, spec, &err), -1);
    HN_ASSERT_STR_CONTAINS(err.text, HN_PARAM->says);
    cJSON_Delete(spec);
    hn_diff_opts_free(o);
}

HN_TEST(diff_opts, setters_reject_bad_values)
{
    hn_diff_opts *o = hn_diff_opts_new(HN_DIFF_VALUES);
    hn_diff_error err;
    HN_ASSERT_EQ(hn_diff_opts_array(o, NULL, HN_DIFF_ARRAY_KEYED, NULL, &err), -1);
    HN_ASSERT_STR_CONTAINS(err.text, "keyed arrays need the name");
    HN_ASSERT_EQ(hn_diff_opts_root(o, "$.a[*]", &err), -1);
    HN_ASSERT_STR_CONTAINS(err.text, "must name one place");
    HN_ASSERT_EQ(hn_diff_opts_tolerance(o, -0.5), -1);
    HN_ASSERT_EQ(hn_diff_opts_ignore(o, "$$", &err), -1);
    HN_ASSERT_EQ(hn_diff_opts_mode(o), HN_DIFF_VALUES);
    hn_diff_opts_set_mode(o, HN_DIFF_SHAPE);
    HN_ASSERT_EQ(hn_diff_opts_mode(o), HN_DIFF_SHAPE);
    hn_diff_opts_free(o);
    hn_diff_opts_free(NULL);
}

/* A fixture's rules are written from the fixture's root; the body compared
 * alone is placed at $.response.body so they apply unchanged. */
HN_TEST(diff_opts, root_places_the_documents)
{
    hn_diff_opts *o = hn_diff_opts_new(HN_DIFF_VALUES);
    HN_ASSERT_EQ(hn_diff_opts_root(o, "$.response.body", NULL), 0);
    HN_ASSERT_EQ(hn_diff_opts_ignore(o, "$.response.body.ts", NULL), 0);
    hn_diff *d = hn_diff_text("{\"ts\": 1, \"v\": 1}", "{\"ts\": 2, \"v\": 2}", o, NULL);
    HN_ASSERT_NOT_NULL(d);
    HN_ASSERT_EQ(hn_diff_count(d), 1);
    HN_ASSERT_STR_EQ(hn_diff_at(d, 0)->path, "$.response.body.v");
    hn_diff_free(d);
    hn_diff_opts_free(o);
}

/* ---- results ----------------------------------------------------------- */

HN_TEST(diff_result, kind_words)
{
    static const char *const words[] = {"added", "removed", "type_changed", "value_changed",
                                        "status_changed", "header_changed"};
    for (int k = HN_DIFF_ADDED; k <= HN_DIFF_HEADER_CHANGED; k++) {
        HN_CHECK_STR_EQ(hn_diff_kind_word((hn_diff_kind)k), words[k - 1]);
        HN_CHECK_EQ(hn_diff_kind_from_word(words[k - 1]), k);
    }
    HN_CHECK_STR_EQ(hn_diff_kind_word((hn_diff_kind)99), "unknown");
    HN_CHECK_EQ(hn_diff_kind_from_word("changed"), 0);
}

/* Status and header differences come from the fixture comparison; they are
 * added by hand and printed like the rest. */
HN_TEST(diff_result, added_by_hand)
{
    hn_diff *d = hn_diff_new();
    char path[] = "$.response.status";
    hn_diff_side a = {.type = "number", .value = "200"}, b = {.type = "number", .value = "500"};
    HN_ASSERT_EQ(hn_diff_add(d, HN_DIFF_STATUS_CHANGED, path, &a, &b), 0);
    path[2] = 'X'; /* copied, so this does not show */
    hn_diff_side ha = {.type = "string", .value = "\"application/json\""}, hb = {.type = "string", .value = "\"text/html\""};
    HN_ASSERT_EQ(hn_diff_add(d, HN_DIFF_HEADER_CHANGED, "$.response.headers[\"Content-Type\"]", &ha, &hb), 0);
    HN_ASSERT_EQ(hn_diff_add(d, HN_DIFF_HEADER_CHANGED, "$.response.headers.Date", &ha, NULL), 0);
    /* Differences of the body are appended to the same list. */
    cJSON *x = cJSON_Parse("{\"a\": 1}"), *y = cJSON_Parse("{\"a\": 1, \"b\": 2}");
    HN_ASSERT_EQ(hn_diff_run(d, x, y, NULL), 0);
    cJSON_Delete(x);
    cJSON_Delete(y);
    char *text = hn_diff_format_text(d, 0);
    HN_ASSERT_STR_EQ(text,
                     "4 differences: 1 added, 1 status_changed, 2 header_changed\n"
                     "added:\n"
                     "  $.b: number 2\n"
                     "status_changed:\n"
                     "  $.response.status: number 200 -> number 500\n"
                     "header_changed:\n"
                     "  $.response.headers[\"Content-Type\"]: string \"application/json\" -> string \"text/html\"\n"
                     "  $.response.headers.Date: string \"application/json\" -> absent\n");
    free(text);
    HN_ASSERT_EQ(hn_diff_count_kind(d, HN_DIFF_HEADER_CHANGED), 2);
    HN_ASSERT_NULL(hn_diff_at(d, 4));
    hn_diff_free(d);
    hn_diff_free(NULL);
    HN_ASSERT_EQ(hn_diff_count(NULL), 0);
}

HN_TEST(diff_result, text_errors_name_the_side)
{
    hn_diff_error err;
    HN_ASSERT_NULL(hn_diff_text("{}", "[1,", NULL, &err));
    HN_ASSERT_EQ(err.side, 2);
    HN_ASSERT_EQ(err.line, 1);
    HN_ASSERT_EQ(err.column, 4);
    HN_ASSERT_NULL(hn_diff_text("{\"a\" 1}", "{}", NULL, &err));
    HN_ASSERT_EQ(err.side, 1);
    HN_ASSERT_NULL(hn_diff_text(NULL, "{}", NULL, &err));
    HN_ASSERT_EQ(err.side, 1);
}

HN_TEST(diff_result, entry_write_sizes_like_snprintf)
{
    hn_diff *d = hn_diff_text("{\"s\": \"ok\"}", "{\"s\": \"error\"}", NULL, NULL);
    HN_ASSERT_NOT_NULL(d);
    const char *full = "$.s: \"ok\" -> \"error\"";
    char small[8];
    HN_ASSERT_EQ(hn_diff_entry_write(hn_diff_at(d, 0), small, sizeof small), strlen(full));
    HN_ASSERT_STR_EQ(small, "$.s: \"o");
    char big[64];
    hn_diff_entry_write(hn_diff_at(d, 0), big, sizeof big);
    HN_ASSERT_STR_EQ(big, full);
    hn_diff_free(d);
}

HN_TEST(diff_result, colour_and_grouping)
{
    hn_diff *d = hn_diff_text("{\"a\": 1, \"r\": 0}", "{\"a\": 2, \"n\": 0}", NULL, NULL);
    char *plain = hn_diff_format_text(d, 0), *colour = hn_diff_format_text(d, HN_DIFF_FMT_COLOR);
    HN_ASSERT_STR_EQ(plain, "3 differences: 1 added, 1 removed, 1 value_changed\n"
                            "added:\n  $.n: number 0\n"
                            "removed:\n  $.r: number 0\n"
                            "value_changed:\n  $.a: 1 -> 2\n");
    HN_ASSERT_STR_CONTAINS(colour, "\033[32madded:\033[0m\n");
    HN_ASSERT_STR_CONTAINS(colour, "\033[31mremoved:\033[0m\n");
    HN_ASSERT_STR_CONTAINS(colour, "\033[33mvalue_changed:\033[0m\n");
    HN_ASSERT(!strchr(plain, '\033'));
    free(plain);
    free(colour);
    hn_diff_free(d);
    hn_diff *same = hn_diff_text("[]", "[]", NULL, NULL);
    char *none = hn_diff_format_text(same, 0), *lines = hn_diff_format_text(same, HN_DIFF_FMT_LINES);
    HN_ASSERT_STR_EQ(none, "no differences\n");
    HN_ASSERT_STR_EQ(lines, "");
    free(none);
    free(lines);
    hn_diff_free(same);
}

/* ---- scale ------------------------------------------------------------- */

/* Many equal elements must not make pairing quadratic: each used element
 * leaves its hash list. (Quadratic pairing of these arrays would take
 * minutes and hit the timeout; linear takes milliseconds.) */
static char *repeated(const char *item, const char *last, int n)
{
    size_t len = strlen(item), cap = (size_t)n * (len + 1) + strlen(last) + 4;
    char *s = malloc(cap), *p = s;
    *p++ = '[';
    for (int i = 0; i < n - 1; i++) {
        memcpy(p, item, len);
        p += len;
        *p++ = ',';
    }
    p += sprintf(p, "%s]", last);
    return s;
}

HN_TEST(diff_scale, unordered_many_equal_elements, .timeout_ms = 10000)
{
    char *a = repeated("true", "true", 200000), *b = repeated("true", "false", 200000);
    hn_diff_opts *o = hn_diff_opts_new(HN_DIFF_VALUES);
    hn_diff_opts_array(o, NULL, HN_DIFF_ARRAY_UNORDERED, NULL, NULL);
    hn_diff *d = hn_diff_text(a, b, o, NULL);
    HN_ASSERT_NOT_NULL(d);
    char *lines = hn_diff_format_text(d, HN_DIFF_FMT_LINES);
    HN_ASSERT_STR_EQ(lines, "removed $[199999]: boolean true\nadded $[199999]: boolean false\n");
    free(lines);
    hn_diff_free(d);
    hn_diff_opts_free(o);
    free(a);
    free(b);
}

HN_TEST(diff_scale, keyed_many_equal_keys, .timeout_ms = 10000)
{
    char *a = repeated("{\"id\":1}", "{\"id\":1}", 200000), *b = repeated("{\"id\":1}", "{\"id\":2}", 200000);
    hn_diff_opts *o = hn_diff_opts_new(HN_DIFF_VALUES);
    hn_diff_opts_array(o, NULL, HN_DIFF_ARRAY_KEYED, "id", NULL);
    hn_diff *d = hn_diff_text(a, b, o, NULL);
    HN_ASSERT_NOT_NULL(d);
    char *lines = hn_diff_format_text(d, HN_DIFF_FMT_LINES);
    HN_ASSERT_STR_EQ(lines, "removed $[199999]: object {\"id\":1}\nadded $[199999]: object {\"id\":2}\n");
    free(lines);
    hn_diff_free(d);
    hn_diff_opts_free(o);
    free(a);
    free(b);
}
