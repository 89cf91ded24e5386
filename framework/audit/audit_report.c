/* SPDX-License-Identifier: MIT */
/* audit_report.c: the inventory of `honest audit` for people (text), for a
 * pull request (Markdown) and for programs (JSON). */
#include "audit/audit.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/buf.h"

static const char *const kind_words[] = {"dummy", "stub", "spy", "mock", "fake"};

/* "stub", or "stub 3, spy 1" when the double was several kinds. */
static void kinds(hn__buf *b, const hn__audit_double *d)
{
    int many = 0;
    for (size_t k = 0; k < 5; k++)
        many += d->kinds[k] > 0;
    const char *sep = "";
    for (size_t k = 0; k < 5; k++) {
        if (!d->kinds[k])
            continue;
        hn__buf_printf(b, many > 1 ? "%s%s %zu" : "%s%s", sep, kind_words[k], d->kinds[k]);
        sep = ", ";
    }
}

/* What the double's answers rest on. */
static void backing(hn__buf *b, const hn__audit_double *d)
{
    const char *s = d->nfixtures == 1 ? "" : "s";
    if (d->nfixtures && d->ncanned)
        hn__buf_printf(b, "%zu fixture%s and hand-written canned data at %s", d->nfixtures, s,
                       d->canned[0].at ? d->canned[0].at : "?");
    else if (d->nfixtures)
        hn__buf_printf(b, d->backed ? "fixture-backed (%zu fixture%s)"
                                    : "%zu fixture%s, not all backed by reality (hand-written, "
                                      "not verified aligned)",
                       d->nfixtures, s);
    else if (d->ncanned)
        hn__buf_printf(b, "hand-written canned data at %s", d->canned[0].at ? d->canned[0].at : "?");
    else
        hn__buf_puts(b, "hand-written");
}

static const char *base_name(const char *path)
{
    const char *s = path ? strrchr(path, '/') : NULL;
    return s ? s + 1 : path ? path : "?";
}

static void day(char out[16], time_t t)
{
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 16, "%Y-%m-%d", &tm);
}

static void verified_text(hn__buf *b, const hn__audit_fixture *f)
{
    char d[16];
    if (!f->verified) {
        hn__buf_puts(b, "never verified");
        return;
    }
    day(d, f->checked_at);
    hn__buf_printf(b, "%s %s", f->outcome, d);
}

static void percent_line(hn__buf *b, const hn__audit *a)
{
    size_t backed, boundary;
    double r = hn__audit_ratio(a, &backed, &boundary);
    hn__buf_printf(b, "fixture-backed boundary doubles: %zu of %zu (%.0f%%)", backed, boundary,
                   r * 100.0);
}

void hn__audit_report_text(const hn__audit *a, FILE *f)
{
    hn__buf b = {0};
    size_t nb = 0;
    hn__audit_ratio(a, NULL, &nb);
    hn__buf_printf(&b, "honest audit: %zu binar%s, %zu tests, %zu doubles (%zu boundary), "
                   "%zu dummies, %zu fixtures\n", a->binaries, a->binaries == 1 ? "y" : "ies",
                   a->tests, a->ndoubles, nb, a->dummies, a->nfixtures);
    if (a->ndoubles)
        hn__buf_puts(&b, "\ndoubles:\n");
    for (size_t i = 0; i < a->ndoubles; i++) {
        const hn__audit_double *d = &a->doubles[i];
        hn__buf_printf(&b, "  %s [", d->function);
        kinds(&b, d);
        if (d->tests)
            hn__buf_printf(&b, "] %s, %zu test%s, %s: ", d->origin, d->tests,
                           d->tests == 1 ? "" : "s", base_name(d->binary));
        else /* found by the source scan only (a hand-rolled stub) */
            hn__buf_printf(&b, "] %s, in source, %s: ", d->origin, base_name(d->binary));
        if (d->boundary)
            hn__buf_printf(&b, "boundary (%s), ", d->boundary_why);
        backing(&b, d);
        hn__buf_puts(&b, "\n");
        for (size_t k = 0; k < d->ncanned; k++) {
            const hn__audit_canned *c = &d->canned[k];
            const char *t = c->shown ? c->shown : "";
            size_t n = strlen(t);
            hn__buf_printf(&b, "    %s at %s: %.*s%s\n", c->macro ? c->macro : "canned",
                           c->at ? c->at : "?", (int)(n > 72 ? 72 : n), t, n > 72 ? "..." : "");
        }
    }
    if (a->nfixtures)
        hn__buf_puts(&b, "\nfixtures:\n");
    for (size_t i = 0; i < a->nfixtures; i++) {
        const hn__audit_fixture *x = &a->fixtures[i];
        hn__buf_printf(&b, "  %s: %s, ", x->path, x->origin);
        if (x->age_days >= 0)
            hn__buf_printf(&b, "%d days old%s, ", x->age_days, x->stale ? " (stale)" : "");
        verified_text(&b, x);
        hn__buf_printf(&b, ", %zu test%s\n", x->tests, x->tests == 1 ? "" : "s");
    }
    if (a->nunused)
        hn__buf_puts(&b, "\ndoubles no test used:\n");
    for (size_t i = 0; i < a->nunused; i++)
        hn__buf_printf(&b, "  %s\n", a->unused[i]);
    if (a->nsilent)
        hn__buf_puts(&b, "\ntests that asserted nothing:\n");
    for (size_t i = 0; i < a->nsilent; i++)
        hn__buf_printf(&b, "  %s\n", a->silent[i]);
    hn__buf_puts(&b, "\n");
    percent_line(&b, a);
    hn__buf_puts(&b, "\n");
    fputs(hn__buf_str(&b), f);
    hn__buf_free(&b);
}

/* Text for a Markdown table cell: pipes escaped, new lines as spaces. */
static void cell(hn__buf *b, const char *s)
{
    for (; s && *s; s++) {
        if (*s == '|')
            hn__buf_puts(b, "\\|");
        else
            hn__buf_add(b, *s == '\n' || *s == '\r' ? " " : s, 1);
    }
}

char *hn__audit_report_markdown(const hn__audit *a)
{
    hn__buf b = {0}, t = {0};
    hn__buf_puts(&b, "## honest audit\n\n");
    percent_line(&b, a);
    hn__buf_printf(&b, "; %zu tests in %zu binaries.\n\n", a->tests, a->binaries);
    hn__buf_puts(&b, "| double | kind | origin | boundary | backed by |\n|---|---|---|---|---|\n");
    for (size_t i = 0; i < a->ndoubles; i++) {
        const hn__audit_double *d = &a->doubles[i];
        hn__buf_puts(&b, "| `");
        cell(&b, d->function);
        hn__buf_puts(&b, "` | ");
        kinds(&t, d);
        cell(&b, hn__buf_str(&t));
        hn__buf_free(&t);
        hn__buf_puts(&b, " | ");
        cell(&b, d->origin);
        hn__buf_puts(&b, " | ");
        cell(&b, d->boundary ? d->boundary_why : "no");
        hn__buf_puts(&b, " | ");
        backing(&t, d);
        cell(&b, hn__buf_str(&t));
        hn__buf_free(&t);
        hn__buf_puts(&b, " |\n");
    }
    if (a->nfixtures)
        hn__buf_puts(&b, "\n| fixture | origin | age (days) | last verified |\n|---|---|---|---|\n");
    for (size_t i = 0; i < a->nfixtures; i++) {
        const hn__audit_fixture *x = &a->fixtures[i];
        hn__buf_puts(&b, "| `");
        cell(&b, x->path);
        hn__buf_puts(&b, "` | ");
        cell(&b, x->origin);
        hn__buf_printf(&b, " | %d%s | ", x->age_days, x->stale ? " (stale)" : "");
        verified_text(&t, x);
        cell(&b, hn__buf_str(&t));
        hn__buf_free(&t);
        hn__buf_puts(&b, " |\n");
    }
    if (a->nsilent)
        hn__buf_printf(&b, "\n%zu test%s asserted nothing.\n", a->nsilent, a->nsilent == 1 ? "" : "s");
    if (a->nunused)
        hn__buf_printf(&b, "\n%zu declared double%s no test used.\n", a->nunused,
                       a->nunused == 1 ? "" : "s");
    return hn__buf_take(&b);
}

static void jstr(hn__buf *b, const char *name, const char *v, const char *after)
{
    hn__buf_printf(b, "\"%s\": ", name);
    if (v)
        hn__buf_quote_json(b, v);
    else
        hn__buf_puts(b, "null");
    hn__buf_puts(b, after);
}

static void jlines(hn__buf *b, const char *name, char **v, size_t n, const char *after)
{
    hn__buf_printf(b, "\"%s\": [", name);
    for (size_t i = 0; i < n; i++) {
        hn__buf_puts(b, i ? ", " : "");
        hn__buf_quote_json(b, v[i]);
    }
    hn__buf_printf(b, "]%s", after);
}

static void json_double(hn__buf *b, const hn__audit_double *d)
{
    hn__buf_puts(b, "{");
    jstr(b, "function", d->function, ", ");
    jstr(b, "origin", d->origin, ", ");
    jstr(b, "binary", d->binary, ", ");
    jstr(b, "declared_at", d->declared_at, ", ");
    hn__buf_printf(b, "\"tests\": %zu, \"kinds\": {", d->tests);
    const char *sep = "";
    for (size_t k = 0; k < 5; k++)
        if (d->kinds[k]) {
            hn__buf_printf(b, "%s\"%s\": %zu", sep, kind_words[k], d->kinds[k]);
            sep = ", ";
        }
    hn__buf_printf(b, "}, \"boundary\": %s, ", d->boundary ? "true" : "false");
    jstr(b, "boundary_why", d->boundary_why, ", ");
    jstr(b, "library", d->library, ", ");
    hn__buf_printf(b, "\"fixture_backed\": %s, ", d->backed ? "true" : "false");
    jlines(b, "fixtures", d->fixtures, d->nfixtures, ", \"canned\": [");
    for (size_t k = 0; k < d->ncanned; k++) {
        hn__buf_puts(b, k ? ", {" : "{");
        jstr(b, "macro", d->canned[k].macro, ", ");
        jstr(b, "at", d->canned[k].at, ", ");
        hn__buf_printf(b, "\"json\": %s, ", d->canned[k].json ? "true" : "false");
        jstr(b, "text", d->canned[k].shown, "}");
    }
    hn__buf_puts(b, "]}");
}

char *hn__audit_report_json(const hn__audit *a)
{
    hn__buf b = {0};
    size_t backed, boundary;
    double r = hn__audit_ratio(a, &backed, &boundary);
    hn__buf_printf(&b, "{\"binaries\": %zu, \"tests\": %zu, \"dummies\": %zu,\n \"ratio\": %.4f, "
                   "\"boundary_doubles\": %zu, \"fixture_backed\": %zu,\n \"doubles\": [",
                   a->binaries, a->tests, a->dummies, r, boundary, backed);
    for (size_t i = 0; i < a->ndoubles; i++) {
        hn__buf_puts(&b, i ? ",\n  " : "\n  ");
        json_double(&b, &a->doubles[i]);
    }
    hn__buf_puts(&b, "],\n \"fixtures\": [");
    for (size_t i = 0; i < a->nfixtures; i++) {
        const hn__audit_fixture *x = &a->fixtures[i];
        hn__buf_puts(&b, i ? ",\n  {" : "\n  {");
        jstr(&b, "path", x->path, ", ");
        jstr(&b, "name", x->name, ", ");
        jstr(&b, "origin", x->origin, ", ");
        hn__buf_printf(&b, "\"age_days\": %d, \"stale\": %s, \"tests\": %zu, \"backed_by_reality\": %s, ",
                       x->age_days, x->stale ? "true" : "false", x->tests, x->real ? "true" : "false");
        jstr(&b, "last_verified", x->verified ? x->outcome : NULL, "}");
    }
    hn__buf_puts(&b, "],\n ");
    jlines(&b, "unused_doubles", a->unused, a->nunused, ",\n ");
    jlines(&b, "asserted_nothing", a->silent, a->nsilent, "}\n");
    return hn__buf_take(&b);
}
