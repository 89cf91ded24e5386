/* SPDX-License-Identifier: MIT */
/* fuzz_diff.c: the differ's parser and both modes on any two texts (the
 * input split at its first NUL). The differ's parser and the strict check
 * the fixture loader uses agree on what is JSON (one scanner); a document
 * compared with itself has no difference, in values mode and under a
 * tolerance; every difference can be written as text and as JSON. */
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>
#include <honest/diff.h>

#include "fuzz.h"
#include "json/json_text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void compare(const cJSON *a, const cJSON *b, hn_diff_mode mode, double tolerance,
                    int same)
{
    hn_diff_opts *o = hn_diff_opts_new(mode);
    if (!o)
        return;
    if (tolerance > 0)
        hn_diff_opts_tolerance(o, tolerance);
    hn_diff *d = hn_diff_json(a, b, o);
    if (d) {
        if (same && hn_diff_count(d))
            FZ_FINDING("a document differs from itself (%s mode, tolerance %g): %s",
                       mode == HN_DIFF_SHAPE ? "shape" : "values", tolerance,
                       hn_diff_at(d, 0)->path);
        char line[512];
        for (size_t i = 0; i < hn_diff_count(d); i++)
            hn_diff_entry_write(hn_diff_at(d, i), line, sizeof line);
        free(hn_diff_format_text(d, 0));
        free(hn_diff_format_json(d));
    }
    hn_diff_free(d);
    hn_diff_opts_free(o);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *a, *b;
    size_t na, nb;
    int two = fz_split(data, size, &a, &na, &b, &nb);
    hn_diff_error err, err_a;
    cJSON *ta = hn_diff_parse(a, na, &err_a);
    cJSON *tb = two ? hn_diff_parse(b, nb, &err) : NULL;
    hn__json_text_error je;
    if (!ta != !!hn__json_text_check(a, na, &je))
        FZ_FINDING("the differ and the fixture loader disagree on JSON: differ %s, loader %s",
                   ta ? "accepts" : err_a.text, ta ? je.msg : "accepts");
    if (ta) {
        compare(ta, ta, HN_DIFF_VALUES, 0, 1);
        compare(ta, ta, HN_DIFF_VALUES, 0.5, 1);
        compare(ta, ta, HN_DIFF_SHAPE, 0, 1);
    }
    if (ta && tb) {
        compare(ta, tb, HN_DIFF_VALUES, 0, 0);
        compare(ta, tb, HN_DIFF_SHAPE, 0, 0);
        compare(tb, ta, HN_DIFF_VALUES, 0.01, 0);
    }
    cJSON_Delete(ta);
    cJSON_Delete(tb);
    hn_diff_free(hn_diff_text(a, b, NULL, &err));
    free(a);
    free(b);
    return 0;
}
