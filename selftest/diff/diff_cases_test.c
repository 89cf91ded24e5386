/* SPDX-License-Identifier: MIT */
/* diff_cases_test.c: the differ against hand-written expectations: each
 * directory cases/NNN-name holds a.json, b.json, options.json (optional) and
 * expected.txt (one "KIND PATH: A -> B" line per difference) or expected.json
 * (the JSON rendering). One test per directory. */
#include <honest.h>
#include <honest/diff.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "diff_cases.h"
#include "support.h"

typedef struct diff_case {
    const char *name;
} diff_case;

static const diff_case cases[] = {ST_DIFF_CASES};
/* The cases without options.json: values mode with default rules. */
static const diff_case plain_cases[] = {ST_DIFF_PLAIN_CASES};

/* Reads dir/file; NULL when it does not exist. */
static char *case_file(const char *dir, const char *file, size_t *len)
{
    char *path = st_join(dir, file);
    char *text = st_read_file(path, len);
    free(path);
    return text;
}

static cJSON *parse_case_json(const char *dir, const char *file)
{
    size_t len;
    char *text = case_file(dir, file, &len);
    if (!text)
        HN_FAIL("%s/%s is missing", dir, file);
    hn_diff_error err;
    cJSON *tree = hn_diff_parse(text, len, &err);
    free(text);
    if (!tree)
        HN_FAIL("%s/%s:%d:%d: %s", dir, file, err.line, err.column, err.text);
    return tree;
}

/* The options of a case (values mode unless options.json says otherwise). */
static hn_diff_opts *case_opts(const char *dir)
{
    hn_diff_opts *o = hn_diff_opts_new(HN_DIFF_VALUES);
    HN_ASSERT_NOT_NULL(o);
    char *path = st_join(dir, "options.json");
    char *text = st_read_file(path, NULL);
    free(path);
    if (!text)
        return o;
    cJSON *spec = cJSON_Parse(text);
    free(text);
    HN_ASSERT_NOT_NULL(spec);
    hn_diff_error err;
    if (hn_diff_opts_from_json(o, spec, &err))
        HN_FAIL("%s/options.json: %s", dir, err.text);
    cJSON_Delete(spec);
    return o;
}

static hn_diff *run_case(const char *dir, int swap)
{
    cJSON *a = parse_case_json(dir, "a.json"), *b = parse_case_json(dir, "b.json");
    hn_diff_opts *o = case_opts(dir);
    hn_diff *d = swap ? hn_diff_json(b, a, o) : hn_diff_json(a, b, o);
    HN_ASSERT_NOT_NULL(d);
    cJSON_Delete(a);
    cJSON_Delete(b);
    hn_diff_opts_free(o);
    return d;
}

HN_TEST_PN(diff_cases, expected, diff_case, cases, name)
{
    char *dir = st_join(ST_DIFF_CASES_DIR, HN_PARAM->name);
    hn_diff *d = run_case(dir, 0);
    char *want = case_file(dir, "expected.txt", NULL);
    if (want) {
        char *got = hn_diff_format_text(d, HN_DIFF_FMT_LINES);
        HN_ASSERT_STR_EQ(got, want);
        free(got);
    } else {
        want = case_file(dir, "expected.json", NULL);
        HN_ASSERT_NOT_NULL(want);
        char *got = hn_diff_format_json(d);
        cJSON *jg = cJSON_Parse(got), *jw = cJSON_Parse(want);
        HN_ASSERT_NOT_NULL(jg);
        HN_ASSERT_NOT_NULL(jw);
        /* cJSON_Compare is independent of the differ under test. */
        if (!cJSON_Compare(jg, jw, 1))
            HN_FAIL("the JSON rendering differs from expected.json\n  got:\n%s\n  want:\n%s", got, want);
        cJSON_Delete(jg);
        cJSON_Delete(jw);
        free(got);
    }
    free(want);
    hn_diff_free(d);
    free(dir);
}

static int by_text(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* "KIND PATH" of every entry, with added and removed exchanged when swap,
 * sorted: comparing A with B and B with A must find the same places. */
static char *kinds_and_paths(const hn_diff *d, int swap)
{
    size_t n = hn_diff_count(d), len = 0;
    char **lines = calloc(n + 1, sizeof *lines);
    HN_ASSERT_NOT_NULL(lines);
    for (size_t i = 0; i < n; i++) {
        const hn_diff_entry *e = hn_diff_at(d, i);
        hn_diff_kind k = e->kind;
        if (swap && (k == HN_DIFF_ADDED || k == HN_DIFF_REMOVED))
            k = k == HN_DIFF_ADDED ? HN_DIFF_REMOVED : HN_DIFF_ADDED;
        HN_ASSERT_NE(asprintf(&lines[i], "%s %s\n", hn_diff_kind_word(k), e->path), -1);
        len += strlen(lines[i]);
    }
    qsort(lines, n, sizeof *lines, by_text);
    char *all = calloc(len + 1, 1);
    for (size_t i = 0; i < n; i++) {
        strcat(all, lines[i]);
        free(lines[i]);
    }
    free(lines);
    return all;
}

/* In values mode with default rules the comparison is symmetric: B against
 * A finds the same places with added and removed exchanged. (Shape mode and
 * keyed arrays are not symmetric by design.) */
HN_TEST_PN(diff_cases, swapped, diff_case, plain_cases, name)
{
    char *dir = st_join(ST_DIFF_CASES_DIR, HN_PARAM->name);
    hn_diff *ab = run_case(dir, 0), *ba = run_case(dir, 1);
    char *x = kinds_and_paths(ab, 0), *y = kinds_and_paths(ba, 1);
    HN_ASSERT_STR_EQ(y, x);
    free(x);
    free(y);
    hn_diff_free(ab);
    hn_diff_free(ba);
    free(dir);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(((const diff_case *)a)->name, ((const diff_case *)b)->name);
}

/* The list compiled in is the set of directories on disk (CMake regenerates
 * it when a case is added), and there are enough of them. */
HN_TEST(diff_cases, all_directories_listed)
{
    size_t n = sizeof cases / sizeof cases[0], seen = 0;
    HN_ASSERT_GE(n, 60);
    DIR *d = opendir(ST_DIFF_CASES_DIR);
    HN_ASSERT_NOT_NULL(d);
    for (struct dirent *e; (e = readdir(d));) {
        if (e->d_name[0] == '.')
            continue;
        diff_case key = {e->d_name};
        if (!bsearch(&key, cases, n, sizeof cases[0], by_name))
            HN_FAIL("cases/%s is not in the compiled list: re-run cmake", e->d_name);
        seen++;
    }
    closedir(d);
    HN_ASSERT_EQ(seen, n);
}

/* Every kind and both modes appear among the expectations. */
HN_TEST(diff_cases, cover_every_kind_and_mode)
{
    static const char *const needles[] = {"added ",   "removed ",  "type_changed ", "value_changed ",
                                          "[*]",      "note: ",    "\"shape\"",     "\"unordered\"",
                                          "\"key\"",  "tolerance", "int_float",     "ignore",
                                          "\"values\"", "\"shape\": ["};
    char *all = calloc(1, 1);
    size_t len = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *dir = st_join(ST_DIFF_CASES_DIR, cases[i].name);
        const char *files[] = {"expected.txt", "expected.json", "options.json"};
        for (int f = 0; f < 3; f++) {
            size_t n = 0;
            char *t = case_file(dir, files[f], &n);
            if (!t)
                continue;
            all = realloc(all, len + n + 1);
            memcpy(all + len, t, n + 1);
            len += n;
            free(t);
        }
        free(dir);
    }
    for (size_t i = 0; i < sizeof needles / sizeof needles[0]; i++)
        HN_CHECK_STR_CONTAINS(all, needles[i]);
    free(all);
}
