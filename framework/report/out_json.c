/* SPDX-License-Identifier: MIT */
/* out_json.c: the run as one JSON document for programs (format described in
 * docs/runner.md). */
#include "report/writer.h"

#include <stdlib.h>
#include <string.h>

#include <honest/test.h>

#include "base/buf.h"

static void messages(hn__buf *b, const hn__result *r)
{
    hn__buf_puts(b, ", \"messages\": [");
    for (size_t i = 0; i < r->nmsgs; i++) {
        const hn__msg *m = &r->msgs[i];
        hn__buf_printf(b, "%s{\"kind\": \"%s\"", i ? ", " : "", hn__out_kind_word(m->kind));
        if (m->file) {
            hn__buf_puts(b, ", \"file\": ");
            hn__buf_quote_json(b, m->file);
            hn__buf_printf(b, ", \"line\": %d", m->line);
        }
        hn__buf_puts(b, ", \"text\": ");
        hn__buf_quote_json(b, m->text);
        hn__buf_puts(b, "}");
    }
    hn__buf_puts(b, "]");
}

static void str_field(hn__buf *b, const char *name, const char *v)
{
    hn__buf_printf(b, ", \"%s\": ", name);
    if (v)
        hn__buf_quote_json(b, v);
    else
        hn__buf_puts(b, "null");
}

/* --variants: the test's variant runs. */
static void variants(hn__buf *b, const hn__result *r)
{
    static const char *const expects[] = {NULL, "tolerate", "notice"};
    hn__buf_puts(b, ", \"variants\": [");
    for (size_t i = 0; i < r->nvariants; i++) {
        const hn__variant_result *v = &r->variants[i];
        hn__buf_puts(b, i ? ", {\"id\": " : "{\"id\": ");
        hn__buf_quote_json(b, v->id);
        str_field(b, "kind", v->kind);
        str_field(b, "fixture", v->fixture);
        str_field(b, "path", v->path);
        str_field(b, "outcome", hn__voutcome_word(v->outcome));
        str_field(b, "expected", expects[v->expected]);
        hn__buf_printf(b, ", \"flagged\": %s", v->flagged ? "true" : "false");
        str_field(b, "value", v->value);
        str_field(b, "detail", v->detail);
        hn__buf_printf(b, ", \"duration_ms\": %.3f}", (double)v->duration_ns / 1e6);
    }
    hn__buf_puts(b, "]");
}

static void test(hn__buf *b, const hn__result *r)
{
    const hn_test *t = r->inst->test;
    hn__buf_puts(b, "    {\"name\": ");
    hn__buf_quote_json(b, r->inst->name);
    hn__buf_puts(b, ", \"suite\": ");
    hn__buf_quote_json(b, t->suite);
    hn__buf_puts(b, ", \"file\": ");
    hn__buf_quote_json(b, t->file);
    hn__buf_printf(b, ", \"line\": %d, \"status\": \"%s\", \"duration_ms\": %.3f, "
                      "\"iteration\": %d, \"assertions\": %llu",
                   t->line, hn__status_word(r->status), (double)r->duration_ns / 1e6,
                   r->iteration + 1, (unsigned long long)r->asserts);
    if (r->signal)
        hn__buf_printf(b, ", \"signal\": \"%s\"", hn__signal_name(r->signal));
    if (r->exit_code >= 0)
        hn__buf_printf(b, ", \"exit_code\": %d", r->exit_code);
    if (r->last_file) {
        hn__buf_puts(b, ", \"last_assertion\": {\"file\": ");
        hn__buf_quote_json(b, r->last_file);
        hn__buf_printf(b, ", \"line\": %d}", r->last_line);
    }
    messages(b, r);
    if (r->nvariants)
        variants(b, r);
    if (r->output_len) {
        hn__buf_puts(b, ", \"output\": \"");
        hn__buf_escape_json(b, r->output, r->output_len);
        hn__buf_puts(b, "\"");
    }
    hn__buf_puts(b, "}");
}

static void stats(hn__buf *b, const hn__report *rep)
{
    static const char *const names[] = {"dummy", "stub", "spy", "mock", "fake",
                                        "fixture_backed", "fixtures_loaded", "fixtures_stale"};
    hn__buf_puts(b, "  \"doubles\": {");
    for (int i = 0; i < 8; i++)
        hn__buf_printf(b, "%s\"%s\": %u", i ? ", " : "", names[i], rep->stats[i]);
    hn__buf_puts(b, "},\n  \"notes\": [");
    for (size_t i = 0; i < rep->nnotes; i++) {
        hn__buf_puts(b, i ? ", " : "");
        hn__buf_quote_json(b, rep->notes[i]);
    }
    hn__buf_puts(b, "],\n");
}

static void render_json(const hn__report *rep, hn__buf *out)
{
    const hn__result **v = hn__out_sorted(rep);
    hn__buf b = {0};
    char stamp[32];
    strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", gmtime(&rep->started_at));
    hn__buf_printf(&b, "{\n  \"honest\": \"%s\",\n  \"program\": ", HN_VERSION);
    hn__buf_quote_json(&b, rep->program);
    hn__buf_printf(&b, ",\n  \"started_at\": \"%s\",\n  \"duration_ms\": %.3f,\n"
                       "  \"seed\": %llu,\n  \"shuffle\": %s,\n  \"forked\": %s,\n"
                       "  \"jobs\": %d,\n  \"strict\": %s,\n",
                   stamp, (double)rep->duration_ns / 1e6, (unsigned long long)rep->seed,
                   rep->shuffle ? "true" : "false", rep->forked ? "true" : "false", rep->jobs,
                   rep->strict ? "true" : "false");
    hn__buf_printf(&b, "  \"summary\": {\"passed\": %zu, \"failed\": %zu, \"skipped\": %zu},\n",
                   rep->passed, rep->failed, rep->skipped);
    if (rep->variants)
        hn__buf_printf(&b, "  \"variants\": {\"tolerated\": %zu, \"noticed\": %zu, \"crashed\": "
                           "%zu, \"hung\": %zu, \"flagged\": %zu},\n",
                       rep->voutcomes[0], rep->voutcomes[1], rep->voutcomes[2],
                       rep->voutcomes[3], rep->vflagged);
    stats(&b, rep);
    hn__buf_puts(&b, "  \"tests\": [\n");
    for (size_t i = 0; i < rep->nresults; i++) {
        test(&b, v[i]);
        hn__buf_puts(&b, i + 1 < rep->nresults ? ",\n" : "\n");
    }
    hn__buf_puts(&b, "  ]\n}\n");
    free(v);
    *out = b;
}

hn__writer *hn__out_json_new(const char *path)
{
    return hn__out_file_new(path, "--json", render_json);
}
