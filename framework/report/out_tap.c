/* SPDX-License-Identifier: MIT */
/* out_tap.c: TAP version 13: a line per test with YAML diagnostics for
 * failures, the plan at the end. */
#include "report/writer.h"

#include <stdlib.h>
#include <string.h>

#include <honest/test.h>

#include "base/buf.h"

typedef struct tap {
    hn__writer w;
    FILE *f;
    size_t n;
} tap;

static void begin(hn__writer *w, const hn__report *rep)
{
    tap *t = (tap *)w;
    fprintf(t->f, "TAP version 13\n# honest %s, seed %llu\n", HN_VERSION,
            (unsigned long long)rep->seed);
    fflush(t->f);
}

/* YAML double-quoted scalars are written as JSON strings (a subset). */
static void diagnostics(hn__buf *b, const hn__result *r)
{
    hn__buf_puts(b, "  ---\n  status: ");
    hn__buf_puts(b, hn__status_word(r->status));
    hn__buf_printf(b, "\n  at: ");
    hn__buf_quote_json(b, r->inst->test->file);
    hn__buf_printf(b, "\n  line: %d\n  duration_ms: %.3f\n", r->inst->test->line,
                   (double)r->duration_ns / 1e6);
    if (r->nmsgs)
        hn__buf_puts(b, "  messages:\n");
    for (size_t i = 0; i < r->nmsgs; i++) {
        const hn__msg *m = &r->msgs[i];
        hn__buf_printf(b, "    - kind: %s\n", hn__out_kind_word(m->kind));
        if (m->file) {
            hn__buf_puts(b, "      file: ");
            hn__buf_quote_json(b, m->file);
            hn__buf_printf(b, "\n      line: %d\n", m->line);
        }
        hn__buf_puts(b, "      text: ");
        hn__buf_quote_json(b, m->text);
        hn__buf_puts(b, "\n");
    }
    if (r->output_len) {
        hn__buf_puts(b, "  output: ");
        hn__buf_quote_json(b, r->output);
        hn__buf_puts(b, "\n");
    }
    hn__buf_puts(b, "  ...\n");
}

/* Logs and warnings of a passing or skipped test, as TAP comments. */
static void comments(hn__buf *b, const hn__result *r)
{
    for (size_t i = 0; i < r->nmsgs; i++) {
        const hn__msg *m = &r->msgs[i];
        if (m->kind != HN__EV_LOG && m->kind != HN__EV_WARN && m->kind != HN__EV_STRICT)
            continue;
        hn__buf_printf(b, "# %s: ", hn__out_kind_word(m->kind));
        if (m->file)
            hn__buf_printf(b, "%s:%d: ", m->file, m->line);
        for (const char *p = m->text; *p; p++)
            hn__buf_add(b, *p == '\n' ? " " : p, 1);
        hn__buf_puts(b, "\n");
    }
}

/* Appends s with '#' escaped (a TAP description). */
static void description(hn__buf *b, const char *s)
{
    for (; *s; s++) {
        if (*s == '#')
            hn__buf_puts(b, "\\");
        hn__buf_add(b, *s == '\n' ? " " : s, 1);
    }
}

/* --variants: the test's variant runs as a subtest before its own line. */
static void subtest(hn__buf *b, const hn__result *r)
{
    hn__buf_printf(b, "    # Subtest: %s variants\n", r->inst->name);
    for (size_t i = 0; i < r->nvariants; i++) {
        const hn__variant_result *v = &r->variants[i];
        hn__buf_printf(b, "    %s %zu - ", v->flagged ? "not ok" : "ok", i + 1);
        description(b, v->id);
        hn__buf_printf(b, " (%s)\n", hn__voutcome_word(v->outcome));
        if (!v->flagged)
            continue;
        hn__buf_printf(b, "      ---\n      outcome: %s\n", hn__voutcome_word(v->outcome));
        if (v->expected)
            hn__buf_printf(b, "      expected: %s\n", v->expected == 1 ? "tolerate" : "notice");
        if (v->value) {
            hn__buf_puts(b, "      value: ");
            hn__buf_quote_json(b, v->value);
            hn__buf_puts(b, "\n");
        }
        if (v->detail) {
            hn__buf_puts(b, "      detail: ");
            hn__buf_quote_json(b, v->detail);
            hn__buf_puts(b, "\n");
        }
        hn__buf_puts(b, "      replay: ");
        hn__buf_quote_json(b, v->id);
        hn__buf_puts(b, "\n      ...\n");
    }
    hn__buf_printf(b, "    1..%zu\n", r->nvariants);
}

static void result(hn__writer *w, const hn__report *rep, const hn__result *r)
{
    tap *t = (tap *)w;
    hn__buf b = {0};
    (void)rep;
    t->n++;
    if (r->nvariants)
        subtest(&b, r);
    int ok = r->status == HN__PASSED || r->status == HN__SKIPPED;
    hn__buf_printf(&b, "%s %zu - %s", ok ? "ok" : "not ok", t->n, r->inst->name);
    if (r->iteration > 0)
        hn__buf_printf(&b, " (repeat %d)", r->iteration + 1);
    if (r->status == HN__SKIPPED) {
        const char *why = "";
        for (size_t i = 0; i < r->nmsgs; i++)
            if (r->msgs[i].kind == HN__EV_SKIP)
                why = r->msgs[i].text;
        hn__buf_puts(&b, " # SKIP ");
        for (const char *p = why; *p; p++)
            hn__buf_add(&b, *p == '\n' ? " " : p, 1);
    }
    hn__buf_puts(&b, "\n");
    if (!ok)
        diagnostics(&b, r);
    else
        comments(&b, r);
    fwrite(hn__buf_str(&b), 1, b.len, t->f);
    fflush(t->f);
    hn__buf_free(&b);
}

static int end(hn__writer *w, const hn__report *rep)
{
    tap *t = (tap *)w;
    fprintf(t->f, "1..%zu\n", t->n);
    if (rep->variants)
        fprintf(t->f, "# variants: %zu tolerated, %zu noticed, %zu crashed, %zu hung, %zu failed the run (seed %llu)\n",
                rep->voutcomes[0], rep->voutcomes[1], rep->voutcomes[2], rep->voutcomes[3],
                rep->vflagged, (unsigned long long)rep->seed);
    for (size_t i = 0; i < rep->nnotes; i++)
        fprintf(t->f, "# note: %s\n", rep->notes[i]);
    fflush(t->f);
    return 0;
}

static void destroy(hn__writer *w)
{
    free(w);
}

hn__writer *hn__out_tap_new(FILE *f, const hn__options *o)
{
    (void)o;
    tap *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->w = (hn__writer){begin, result, end, destroy};
    t->f = f;
    return &t->w;
}
