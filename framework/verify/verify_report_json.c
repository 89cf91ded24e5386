/* SPDX-License-Identifier: MIT */
/* verify_report_json.c: a verify run for programs: the JSON report and the
 * JUnit XML report (one test case per fixture). */
#include "verify/verify.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"

static cJSON *str_or_null(const char *s)
{
    return s ? cJSON_CreateString(s) : cJSON_CreateNull();
}

static cJSON *time_or_null(time_t t)
{
    char buf[32];
    return t ? cJSON_CreateString(hn_fixture_time_format(t, buf, sizeof buf)) : cJSON_CreateNull();
}

/* A side of a difference: {"type", "value" | "excerpt", "note"}, or null. */
static cJSON *side_json(const hn_diff_side *s)
{
    if (!s->type)
        return cJSON_CreateNull();
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "type", s->type);
    cJSON *v = s->value && !s->truncated ? cJSON_Parse(s->value) : NULL;
    if (v)
        cJSON_AddItemToObject(o, "value", v);
    else if (s->value)
        cJSON_AddStringToObject(o, "excerpt", s->value);
    if (s->note)
        cJSON_AddStringToObject(o, "note", s->note);
    return o;
}

static cJSON *item_json(const hn__verify_item *it)
{
    cJSON *o = cJSON_CreateObject(), *diffs = cJSON_CreateArray(), *vol = cJSON_CreateArray();
    cJSON_AddStringToObject(o, "path", it->path);
    cJSON_AddItemToObject(o, "name", str_or_null(it->name));
    cJSON_AddItemToObject(o, "service", str_or_null(it->service));
    cJSON_AddItemToObject(o, "method", str_or_null(it->method));
    cJSON_AddItemToObject(o, "url", str_or_null(it->url));
    cJSON_AddStringToObject(o, "outcome", hn__verify_outcome_word(it->outcome));
    cJSON_AddItemToObject(o, "recorded_at", time_or_null(it->recorded_at));
    if (it->age_days >= 0)
        cJSON_AddNumberToObject(o, "age_days", it->age_days);
    else
        cJSON_AddNullToObject(o, "age_days");
    cJSON_AddNumberToObject(o, "max_age_days", it->max_age_days);
    cJSON_AddNumberToObject(o, "live_status", (double)it->live_status);
    cJSON_AddNumberToObject(o, "attempts", it->attempts);
    cJSON_AddNumberToObject(o, "seconds", it->seconds);
    for (size_t i = 0; it->diff && i < hn_diff_count(it->diff); i++) {
        const hn_diff_entry *e = hn_diff_at(it->diff, i);
        cJSON *d = cJSON_CreateObject();
        cJSON_AddStringToObject(d, "kind", hn_diff_kind_word(e->kind));
        cJSON_AddStringToObject(d, "path", e->path);
        cJSON_AddItemToObject(d, "recorded", side_json(&e->a));
        cJSON_AddItemToObject(d, "live", side_json(&e->b));
        cJSON_AddStringToObject(d, "severity", hn__verify_is_warning(it, i) ? "warn" : "drift");
        cJSON_AddItemToArray(diffs, d);
    }
    cJSON_AddItemToObject(o, "differences", diffs);
    cJSON_AddNumberToObject(o, "warnings", (double)it->nwarnings);
    for (size_t i = 0; i < it->nvolatile; i++)
        cJSON_AddItemToArray(vol, cJSON_CreateString(it->volatile_paths[i]));
    cJSON_AddItemToObject(o, "volatile", vol);
    cJSON_AddItemToObject(o, "error", str_or_null(it->error));
    cJSON_AddItemToObject(o, "drifting_since", time_or_null(it->drifting_since));
    cJSON_AddBoolToObject(o, "updated", it->updated);
    cJSON_AddItemToObject(o, "changes", str_or_null(it->changes));
    return o;
}

int hn__verify_report_json(const hn__verify_run *run, int max_drift, const char *path,
                           char *err, size_t errlen)
{
    cJSON *doc = cJSON_CreateObject(), *counts = cJSON_CreateObject();
    cJSON *items = cJSON_CreateArray();
    cJSON_AddNumberToObject(doc, "honest_verify", 1);
    cJSON_AddItemToObject(doc, "checked_at", time_or_null(run->checked_at));
    cJSON_AddNumberToObject(doc, "seconds", run->seconds);
    cJSON_AddNumberToObject(doc, "concurrency", run->concurrency);
    cJSON_AddNumberToObject(doc, "retries", run->retries);
    cJSON_AddNumberToObject(doc, "timeout_ms", (double)run->timeout_ms);
    cJSON_AddBoolToObject(doc, "learn_volatile", run->learn_volatile);
    cJSON_AddNumberToObject(doc, "max_drift", max_drift);
    cJSON_AddNumberToObject(doc, "exit_status", hn__verify_exit_status(run, max_drift));
    cJSON_AddNumberToObject(doc, "fixtures_checked", (double)run->n);
    cJSON_AddNumberToObject(doc, "warnings", (double)run->warnings);
    if (run->shard_n) {
        char shard[32];
        snprintf(shard, sizeof shard, "%d/%d", run->shard_i, run->shard_n);
        cJSON_AddStringToObject(doc, "shard", shard);
    }
    cJSON_AddItemToObject(doc, "state_error", str_or_null(run->state_error));
    for (int o = 0; o < HN__VERIFY_NOUTCOMES; o++)
        cJSON_AddNumberToObject(counts, hn__verify_outcome_word(o), (double)run->counts[o]);
    cJSON_AddItemToObject(doc, "counts", counts);
    for (size_t i = 0; i < run->n; i++)
        cJSON_AddItemToArray(items, item_json(&run->items[i]));
    cJSON_AddItemToObject(doc, "fixtures", items);
    char *text = cJSON_Print(doc);
    cJSON_Delete(doc);
    if (!text) {
        snprintf(err, errlen, "%s: out of memory", path);
        return -1;
    }
    hn__buf b = {0};
    hn__buf_puts(&b, text);
    hn__buf_puts(&b, "\n");
    free(text);
    int rc = hn__verify_report_save(path, b.data, b.len, err, errlen);
    hn__buf_free(&b);
    return rc;
}

/* ---- JUnit -------------------------------------------------------------- */

static void xml(hn__buf *b, const char *s)
{
    hn__buf_escape_xml(b, s ? s : "", s ? strlen(s) : 0);
}

static void diff_lines(hn__buf *b, const hn__verify_item *it)
{
    for (size_t i = 0; it->diff && i < hn_diff_count(it->diff); i++) {
        const hn_diff_entry *e = hn_diff_at(it->diff, i);
        char *line = hn__verify_report_entry(e);
        hn__buf_printf(b, "%s %s%s\n", hn_diff_kind_word(e->kind), line ? line : e->path,
                       hn__verify_is_warning(it, i) ? " [warning]" : "");
        free(line);
    }
}

static void testcase(hn__buf *b, const hn__verify_item *it)
{
    hn__buf t = {0};
    hn__buf_puts(b, "    <testcase classname=\"");
    xml(b, it->service ? it->service : "fixtures");
    hn__buf_puts(b, "\" name=\"");
    xml(b, it->name ? it->name : it->path);
    hn__buf_puts(b, "\" file=\"");
    xml(b, it->path);
    hn__buf_printf(b, "\" time=\"%.3f\">\n", it->seconds);
    switch (it->outcome) {
    case HN__VERIFY_DRIFTED:
        hn__buf_printf(b, "      <failure type=\"drifted\" message=\"%zu difference%s from the "
                       "recording\">", hn_diff_count(it->diff) - it->nwarnings,
                       hn_diff_count(it->diff) - it->nwarnings == 1 ? "" : "s");
        diff_lines(&t, it);
        if (it->error)
            hn__buf_printf(&t, "%s\n", it->error);
        xml(b, hn__buf_str(&t));
        hn__buf_puts(b, "</failure>\n");
        break;
    case HN__VERIFY_UNREACHABLE:
    case HN__VERIFY_UNAUTHORIZED:
    case HN__VERIFY_INVALID:
        hn__buf_printf(b, "      <error type=\"%s\" message=\"", hn__verify_outcome_word(it->outcome));
        xml(b, it->error);
        hn__buf_puts(b, "\">");
        xml(b, it->error);
        hn__buf_puts(b, "</error>\n");
        break;
    case HN__VERIFY_SKIPPED:
        hn__buf_puts(b, "      <skipped message=\"");
        xml(b, it->error);
        hn__buf_puts(b, "\"/>\n");
        break;
    default:
        break;
    }
    /* One system-out: the stale note, and the warnings of an aligned fixture. */
    if (it->outcome == HN__VERIFY_STALE || (it->outcome != HN__VERIFY_DRIFTED && it->diff)) {
        hn__buf_free(&t);
        if (it->outcome == HN__VERIFY_STALE)
            hn__buf_printf(&t, "stale: aligned, but recorded %d days ago (max_age_days %d)%s",
                           it->age_days, it->max_age_days, it->diff ? "\n" : "");
        if (it->outcome != HN__VERIFY_DRIFTED)
            diff_lines(&t, it);
        hn__buf_puts(b, "      <system-out>");
        xml(b, hn__buf_str(&t));
        hn__buf_puts(b, "</system-out>\n");
    }
    if (it->nvolatile) {
        hn__buf_puts(b, "      <system-err>volatile (values not compared):");
        for (size_t i = 0; i < it->nvolatile; i++) {
            hn__buf_puts(b, " ");
            xml(b, it->volatile_paths[i]);
        }
        hn__buf_puts(b, "</system-err>\n");
    }
    hn__buf_puts(b, "    </testcase>\n");
    hn__buf_free(&t);
}

int hn__verify_report_junit(const hn__verify_run *run, int max_drift, const char *path,
                            char *err, size_t errlen)
{
    (void)max_drift;
    hn__buf b = {0};
    char when[32];
    hn_fixture_time_format(run->checked_at, when, sizeof when);
    size_t errors = run->counts[HN__VERIFY_UNREACHABLE] + run->counts[HN__VERIFY_INVALID] +
                    run->counts[HN__VERIFY_UNAUTHORIZED];
    hn__buf_printf(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                       "<testsuites name=\"honest verify\" tests=\"%zu\" failures=\"%zu\" "
                       "errors=\"%zu\" skipped=\"%zu\" time=\"%.3f\">\n"
                       "  <testsuite name=\"honest verify\" tests=\"%zu\" failures=\"%zu\" "
                       "errors=\"%zu\" skipped=\"%zu\" time=\"%.3f\" timestamp=\"%.19s\">\n",
                   run->n, run->counts[HN__VERIFY_DRIFTED], errors,
                   run->counts[HN__VERIFY_SKIPPED], run->seconds, run->n,
                   run->counts[HN__VERIFY_DRIFTED], errors, run->counts[HN__VERIFY_SKIPPED],
                   run->seconds, when);
    for (size_t i = 0; i < run->n; i++)
        testcase(&b, &run->items[i]);
    hn__buf_puts(&b, "  </testsuite>\n</testsuites>\n");
    int rc = hn__verify_report_save(path, b.data, b.len, err, errlen);
    hn__buf_free(&b);
    return rc;
}
