/* SPDX-License-Identifier: MIT */
/* out_text.c: the human report on standard output: a line per test (or a
 * live progress line on a terminal), failures in full, and the summary. */
#include "report/writer.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <honest/test.h>

#include "base/buf.h"

typedef struct text {
    hn__writer w;
    FILE *f;
    const hn__options *o;
    int progress_shown;
} text;

#define RED "\033[31m"
#define GREEN "\033[32m"
#define YELLOW "\033[33m"
#define BOLD "\033[1m"
#define RESET "\033[0m"

static const char *paint(const text *t, const char *code)
{
    return t->o->use_color ? code : "";
}

static void begin(hn__writer *w, const hn__report *rep)
{
    text *t = (text *)w;
    fprintf(t->f, "honest %s: %zu test%s from %s (seed %llu, %s", HN_VERSION, rep->planned,
            rep->planned == 1 ? "" : "s", rep->program, (unsigned long long)rep->seed,
            rep->forked ? "forked" : "no-fork");
    if (rep->forked)
        fprintf(t->f, ", %d job%s", rep->jobs, rep->jobs == 1 ? "" : "s");
    fprintf(t->f, "%s)\n", rep->shuffle ? ", shuffled" : "");
    fflush(t->f);
}

static void label(hn__buf *b, const text *t, const hn__result *r)
{
    static const char *const words[] = {"PASS", "FAIL", "SKIP", "CRASH", "TIMEOUT"};
    static const char *const colors[] = {GREEN, RED, YELLOW, RED, RED};
    /* "%s%-7s%s %s" put together without a format to parse: a line per
     * test is most of what the runner writes. */
    static const char pad[] = "       ";
    const char *word = words[r->status];
    hn__buf_puts(b, paint(t, colors[r->status]));
    hn__buf_puts(b, word);
    hn__buf_add(b, pad, 7 - strlen(word));
    hn__buf_puts(b, paint(t, RESET));
    hn__buf_puts(b, " ");
    hn__buf_puts(b, r->inst->name);
    if (r->iteration > 0)
        hn__buf_printf(b, " (repeat %d)", r->iteration + 1);
}

/* printf's exact rounding of the double (printf_fp) was the dearest part
 * of a passing test's line. The double's rounding can differ from the
 * integer's only at a tie (ns a multiple of 5,000 ns past a hundredth of a
 * millisecond) or for durations beyond 11 days: printf decides those. */
void hn__out_duration(hn__buf *b, uint64_t ns)
{
    uint64_t hundredths = ns / 10000, rest = ns % 10000;
    if (rest == 5000 || ns >= UINT64_C(1000000000000000)) {
        hn__buf_printf(b, " (%.2f ms)\n", (double)ns / 1e6);
        return;
    }
    hundredths += rest > 5000;
    char tmp[32];
    size_t at = sizeof tmp;
    tmp[--at] = '\n';
    tmp[--at] = ')';
    tmp[--at] = 's';
    tmp[--at] = 'm';
    tmp[--at] = ' ';
    tmp[--at] = (char)('0' + hundredths % 10);
    tmp[--at] = (char)('0' + hundredths / 10 % 10);
    tmp[--at] = '.';
    uint64_t whole = hundredths / 100;
    do {
        tmp[--at] = (char)('0' + whole % 10);
        whole /= 10;
    } while (whole);
    tmp[--at] = '(';
    tmp[--at] = ' ';
    hn__buf_add(b, tmp + at, sizeof tmp - at);
}

/* A message, its first line after "file:line: ", the rest indented. */
static void message(hn__buf *b, const hn__msg *m)
{
    static const char *const prefix[] = {"", "", "log ", "warning: ", "warning: ", "skipped: ", "note: "};
    hn__buf_puts(b, "    ");
    if ((unsigned)m->kind < 7)
        hn__buf_puts(b, prefix[m->kind]);
    if (m->file)
        hn__buf_printf(b, "%s:%d: ", m->file, m->line);
    for (const char *p = m->text; *p;) {
        size_t n = strcspn(p, "\n");
        hn__buf_add(b, p, n);
        hn__buf_puts(b, "\n");
        p += n;
        if (*p == '\n' && *++p)
            hn__buf_puts(b, "    ");
    }
    if (!*m->text)
        hn__buf_puts(b, "\n");
}

static void output_block(hn__buf *b, const hn__result *r)
{
    hn__buf_puts(b, "    output:\n");
    for (const char *p = r->output; *p;) {
        size_t n = strcspn(p, "\n");
        hn__buf_puts(b, "    | ");
        hn__buf_add(b, p, n);
        hn__buf_puts(b, "\n");
        p += n + (p[n] == '\n');
    }
}

/* --variants: the test's variants as a table of kinds by outcome (each one
 * that fails the test is one of its failure messages, with its replay id). */
static void variants_block(hn__buf *b, const hn__result *r)
{
    size_t by[HN__VO_COUNT] = {0};
    for (size_t i = 0; i < r->nvariants; i++)
        by[r->variants[i].outcome]++;
    hn__buf_printf(b, "    variants: %zu run: %zu tolerated, %zu noticed, %zu crashed, %zu hung\n",
                   r->nvariants, by[0], by[1], by[2], by[3]);
    hn__buf_printf(b, "      %-18s %9s %7s %7s %4s\n", "kind", "tolerated", "noticed", "crashed",
                   "hung");
    for (size_t i = 0; i < r->nvariants; i++) {
        const char *kind = r->variants[i].kind;
        size_t j = 0, row[HN__VO_COUNT] = {0};
        while (j < i && strcmp(r->variants[j].kind, kind))
            j++;
        if (j < i)
            continue; /* the kind's row is written */
        for (j = i; j < r->nvariants; j++)
            if (!strcmp(r->variants[j].kind, kind))
                row[r->variants[j].outcome]++;
        hn__buf_printf(b, "      %-18s %9zu %7zu %7zu %4zu\n", kind, row[0], row[1], row[2],
                       row[3]);
    }
}

static void clear_progress(text *t)
{
    if (t->progress_shown) {
        fputs("\r\033[K", t->f);
        t->progress_shown = 0;
    }
}

/* Whether a passing test has something to say (logs, warnings). */
static int has_messages(const hn__result *r)
{
    for (size_t i = 0; i < r->nmsgs; i++)
        if (r->msgs[i].kind != HN__EV_NOTE)
            return 1;
    return 0;
}

static void result(hn__writer *w, const hn__report *rep, const hn__result *r)
{
    text *t = (text *)w;
    int quiet_pass = t->o->progress && r->status == HN__PASSED && !has_messages(r) &&
                     !r->nvariants &&
                     !(t->o->show_output && r->output_len);
    hn__buf b = {0};
    if (!quiet_pass) {
        label(&b, t, r);
        hn__out_duration(&b, r->duration_ns);
        for (size_t i = 0; i < r->nmsgs; i++)
            if (r->msgs[i].kind != HN__EV_NOTE)
                message(&b, &r->msgs[i]);
        if (r->nvariants)
            variants_block(&b, r);
        int show = r->status == HN__FAILED || r->status == HN__CRASHED ||
                   r->status == HN__TIMED_OUT || t->o->show_output;
        if (show && r->output_len)
            output_block(&b, r);
    }
    clear_progress(t);
    fwrite(hn__buf_str(&b), 1, b.len, t->f);
    hn__buf_free(&b);
    if (t->o->progress) {
        size_t done = rep->nresults;
        fprintf(t->f, "[%zu/%zu] %zu failed", done, rep->planned, rep->failed);
        t->progress_shown = 1;
    }
    fflush(t->f);
}

static int end(hn__writer *w, const hn__report *rep)
{
    text *t = (text *)w;
    char line[512];
    clear_progress(t);
    if (rep->failed) {
        const hn__result **v = hn__out_sorted(rep);
        fprintf(t->f, "\n%sFailed tests:%s\n", paint(t, BOLD), paint(t, RESET));
        for (size_t i = 0; i < rep->nresults; i++) {
            const hn__result *r = v[i];
            if (r->status == HN__PASSED || r->status == HN__SKIPPED)
                continue;
            fprintf(t->f, "  %s (%s:%d): %s\n", r->inst->name, r->inst->test->file,
                    r->inst->test->line, hn__status_word(r->status));
        }
        free(v);
    }
    hn__out_doubles_line(rep, line, sizeof line);
    if (line[0])
        fprintf(t->f, "%s\n", line);
    for (size_t i = 0; i < rep->nnotes; i++)
        fprintf(t->f, "note: %s\n", rep->notes[i]);
    fprintf(t->f, "seed: %llu (rerun this order with --seed=%llu%s)\n",
            (unsigned long long)rep->seed, (unsigned long long)rep->seed,
            rep->shuffle ? " --shuffle" : "");
    fflush(t->f);
    return 0;
}

static void destroy(hn__writer *w)
{
    free(w);
}

hn__writer *hn__out_text_new(FILE *f, const hn__options *o)
{
    text *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->w = (hn__writer){begin, result, end, destroy};
    t->f = f;
    t->o = o;
    return &t->w;
}
