/* SPDX-License-Identifier: MIT */
/* out_json.c: the run as one JSON document for programs (format described in
 * docs/runner.md). */
#include "writer.h"

#include <stdlib.h>
#include <string.h>

#include <honest.h>

#include "buf.h"

typedef struct json {
    hn__writer w;
    char *path;
} json;

static void str(hn__buf *b, const char *s)
{
    hn__buf_puts(b, "\"");
    if (s)
        hn__buf_escape_json(b, s, strlen(s));
    hn__buf_puts(b, "\"");
}

static void begin(hn__writer *w, const hn__report *rep)
{
    (void)w;
    (void)rep;
}

static void result(hn__writer *w, const hn__report *rep, const hn__result *r)
{
    (void)w;
    (void)rep;
    (void)r;
}

static void messages(hn__buf *b, const hn__result *r)
{
    hn__buf_puts(b, ", \"messages\": [");
    for (size_t i = 0; i < r->nmsgs; i++) {
        const hn__msg *m = &r->msgs[i];
        hn__buf_printf(b, "%s{\"kind\": \"%s\"", i ? ", " : "", hn__out_kind_word(m->kind));
        if (m->file) {
            hn__buf_puts(b, ", \"file\": ");
            str(b, m->file);
            hn__buf_printf(b, ", \"line\": %d", m->line);
        }
        hn__buf_puts(b, ", \"text\": ");
        str(b, m->text);
        hn__buf_puts(b, "}");
    }
    hn__buf_puts(b, "]");
}

static void test(hn__buf *b, const hn__result *r)
{
    const hn_test *t = r->inst->test;
    hn__buf_puts(b, "    {\"name\": ");
    str(b, r->inst->name);
    hn__buf_puts(b, ", \"suite\": ");
    str(b, t->suite);
    hn__buf_puts(b, ", \"file\": ");
    str(b, t->file);
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
        str(b, r->last_file);
        hn__buf_printf(b, ", \"line\": %d}", r->last_line);
    }
    messages(b, r);
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
        str(b, rep->notes[i]);
    }
    hn__buf_puts(b, "],\n");
}

static int end(hn__writer *w, const hn__report *rep)
{
    json *j = (json *)w;
    const hn__result **v = hn__out_sorted(rep);
    hn__buf b = {0};
    char stamp[32];
    strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", gmtime(&rep->started_at));
    hn__buf_printf(&b, "{\n  \"honest\": \"%s\",\n  \"program\": ", HN_VERSION);
    str(&b, rep->program);
    hn__buf_printf(&b, ",\n  \"started_at\": \"%s\",\n  \"duration_ms\": %.3f,\n"
                       "  \"seed\": %llu,\n  \"shuffle\": %s,\n  \"forked\": %s,\n"
                       "  \"jobs\": %d,\n  \"strict\": %s,\n",
                   stamp, (double)rep->duration_ns / 1e6, (unsigned long long)rep->seed,
                   rep->shuffle ? "true" : "false", rep->forked ? "true" : "false", rep->jobs,
                   rep->strict ? "true" : "false");
    hn__buf_printf(&b, "  \"summary\": {\"passed\": %zu, \"failed\": %zu, \"skipped\": %zu},\n",
                   rep->passed, rep->failed, rep->skipped);
    stats(&b, rep);
    hn__buf_puts(&b, "  \"tests\": [\n");
    for (size_t i = 0; i < rep->nresults; i++) {
        test(&b, v[i]);
        hn__buf_puts(&b, i + 1 < rep->nresults ? ",\n" : "\n");
    }
    hn__buf_puts(&b, "  ]\n}\n");
    free(v);
    int rc = hn__out_write_file(j->path, b.data, b.len);
    hn__buf_free(&b);
    return rc;
}

static void destroy(hn__writer *w)
{
    json *j = (json *)w;
    free(j->path);
    free(j);
}

hn__writer *hn__out_json_new(const char *path)
{
    if (hn__out_check_path(path, "--json") != 0)
        return NULL;
    json *j = calloc(1, sizeof *j);
    if (!j || !(j->path = strdup(path))) {
        free(j);
        return NULL;
    }
    j->w = (hn__writer){begin, result, end, destroy};
    return &j->w;
}
