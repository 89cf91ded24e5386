/* SPDX-License-Identifier: MIT */
/* verify_merge.c: `honest verify --merge`: the JSON reports of several
 * shards read back into one run, which the usual reports then write. */
#include "verify/verify.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixtures/fixtures.h"
#include "base/mem.h"

static char *dup_str(const cJSON *o, const char *key)
{
    const char *s = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, key));
    return s ? strdup(s) : NULL;
}

static double num(const cJSON *o, const char *key, double otherwise)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsNumber(v) ? v->valuedouble : otherwise;
}

static time_t when(const cJSON *o, const char *key)
{
    time_t t = 0;
    const char *s = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, key));
    if (s && hn_fixture_time_parse(s, &t))
        t = 0;
    return t;
}

/* A side of a difference back from the report; texts kept in *value. */
static int side_of(const cJSON *j, hn_diff_side *s, char **value)
{
    memset(s, 0, sizeof *s);
    *value = NULL;
    if (!cJSON_IsObject(j))
        return 0;
    s->type = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(j, "type"));
    if (!s->type)
        return -1;
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(j, "value");
    if (v) {
        *value = cJSON_PrintUnformatted(v);
        s->value = *value;
    } else if ((s->value = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(j, "excerpt")))) {
        s->truncated = 1;
    }
    s->note = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(j, "note"));
    return 0;
}

static int diffs_of(const cJSON *list, hn__verify_item *it)
{
    int n = cJSON_GetArraySize(list);
    if (!n)
        return 0;
    it->diff = hn_diff_new();
    it->warn = calloc((size_t)n, 1);
    if (!it->diff || !it->warn)
        return -1;
    size_t k = 0;
    const cJSON *d;
    cJSON_ArrayForEach(d, list) {
        hn_diff_kind kind = hn_diff_kind_from_word(
            cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(d, "kind")));
        const char *path = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(d, "path"));
        const char *sev = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(d, "severity"));
        hn_diff_side a, b;
        char *va = NULL, *vb = NULL;
        int rc = !kind || !path ||
                 side_of(cJSON_GetObjectItemCaseSensitive(d, "recorded"), &a, &va) ||
                 side_of(cJSON_GetObjectItemCaseSensitive(d, "live"), &b, &vb) ||
                 hn_diff_add(it->diff, kind, path, a.type ? &a : NULL, b.type ? &b : NULL);
        free(va);
        free(vb);
        if (rc)
            return -1;
        it->warn[k] = sev && !strcmp(sev, "warn");
        it->nwarnings += it->warn[k++];
    }
    return 0;
}

static int volatile_of(const cJSON *list, hn__verify_item *it)
{
    int n = cJSON_GetArraySize(list);
    if (!n)
        return 0;
    it->volatile_paths = calloc((size_t)n, sizeof *it->volatile_paths);
    if (!it->volatile_paths)
        return -1;
    const cJSON *v;
    cJSON_ArrayForEach(v, list) {
        if (!cJSON_IsString(v) || !(it->volatile_paths[it->nvolatile] = strdup(v->valuestring)))
            return -1;
        it->nvolatile++;
    }
    return 0;
}

/* Reads fixture f of a report into it; 0, or -1 (it partly filled). */
static int item_of(const cJSON *f, hn__verify_item *it)
{
    memset(it, 0, sizeof *it);
    int o = hn__verify_outcome_from_word(
        cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(f, "outcome")));
    it->path = dup_str(f, "path");
    if (o < 0 || !it->path)
        return -1;
    it->outcome = (hn__verify_outcome)o;
    it->name = dup_str(f, "name");
    it->service = dup_str(f, "service");
    it->method = dup_str(f, "method");
    it->url = dup_str(f, "url");
    it->error = dup_str(f, "error");
    it->changes = dup_str(f, "changes");
    it->recorded_at = when(f, "recorded_at");
    it->drifting_since = when(f, "drifting_since");
    it->age_days = (int)num(f, "age_days", -1);
    it->max_age_days = (int)num(f, "max_age_days", 30);
    it->live_status = (long)num(f, "live_status", 0);
    it->attempts = (int)num(f, "attempts", 0);
    it->seconds = num(f, "seconds", 0);
    it->updated = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(f, "updated"));
    return diffs_of(cJSON_GetObjectItemCaseSensitive(f, "differences"), it) ||
           volatile_of(cJSON_GetObjectItemCaseSensitive(f, "volatile"), it);
}

static int add_items(hn__verify_run *run, const cJSON *list, const char *path, char *err,
                     size_t errlen)
{
    int n = cJSON_GetArraySize(list), i = 0;
    if (hn__grow(&run->items, &run->cap, run->n + (size_t)n + 1, sizeof *run->items)) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    const cJSON *f;
    cJSON_ArrayForEach(f, list) {
        hn__verify_item *it = &run->items[run->n];
        int rc = item_of(f, it);
        run->n++; /* freed with the run even when partly read */
        if (rc) {
            snprintf(err, errlen, "%s: fixture %d of \"fixtures\" is not one a verify report "
                     "holds (a \"path\", an \"outcome\" word, differences with a kind and a "
                     "path); give files written by `honest verify --json`", path, i);
            return -1;
        }
        run->counts[it->outcome]++;
        run->warnings += it->nwarnings;
        i++;
    }
    return 0;
}

static int one_report(hn__verify_run *run, const char *path, int first, int *max_drift,
                      char *err, size_t errlen)
{
    hn_fixture_error fe;
    size_t len;
    char *text = hn__fixture_read_file(path, &len, &fe);
    if (!text) {
        char buf[2300];
        snprintf(err, errlen, "%s", hn_fixture_error_format(&fe, buf, sizeof buf));
        return -1;
    }
    cJSON *doc = cJSON_ParseWithLength(text, len);
    free(text);
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(doc, "fixtures");
    if (num(doc, "honest_verify", 0) != 1 || !cJSON_IsArray(list)) {
        snprintf(err, errlen, "%s: not a report of `honest verify --json` (expected an object "
                 "with \"honest_verify\": 1 and \"fixtures\": [...])", path);
        cJSON_Delete(doc);
        return -1;
    }
    time_t at = when(doc, "checked_at");
    if (first || (at && at < run->checked_at))
        run->checked_at = at;
    double secs = num(doc, "seconds", 0);
    run->seconds = first || secs > run->seconds ? secs : run->seconds;
    if (first) {
        run->concurrency = (int)num(doc, "concurrency", 8);
        run->retries = (int)num(doc, "retries", 2);
        run->timeout_ms = (long)num(doc, "timeout_ms", 30000);
        run->learn_volatile = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(doc, "learn_volatile"));
    }
    int md = (int)num(doc, "max_drift", 0);
    if (first || md > *max_drift)
        *max_drift = md;
    const char *se = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(doc, "state_error"));
    if (se && !run->state_error)
        run->state_error = strdup(se);
    int rc = add_items(run, list, path, err, errlen);
    cJSON_Delete(doc);
    return rc;
}

static int by_path(const void *a, const void *b)
{
    return strcmp(((const hn__verify_item *)a)->path, ((const hn__verify_item *)b)->path);
}

int hn__verify_merge(const char *const *paths, size_t n, hn__verify_run *run, int *max_drift,
                     char *err, size_t errlen)
{
    memset(run, 0, sizeof *run);
    run->merged = (int)n;
    *max_drift = 0;
    for (size_t i = 0; i < n; i++)
        if (one_report(run, paths[i], i == 0, max_drift, err, errlen))
            return -1;
    if (run->n)
        qsort(run->items, run->n, sizeof *run->items, by_path);
    for (size_t i = 1; i < run->n; i++)
        if (!strcmp(run->items[i - 1].path, run->items[i].path)) {
            snprintf(err, errlen, "%s is in more than one of the reports: merge the reports of "
                     "distinct shards (--shard I/N with the same N), each once",
                     run->items[i].path);
            return -1;
        }
    hn__verify_run_sort(run);
    return 0;
}
