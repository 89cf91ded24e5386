/* SPDX-License-Identifier: MIT */
/* verify_report.c: a verify run for people: the table on stdout (oldest
 * recording first, then every difference) and the Markdown report. */
#include "verify/verify.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "fixtures/fixtures.h"

int hn__verify_report_save(const char *path, const char *text, size_t len, char *err,
                           size_t errlen)
{
    hn_fixture_error fe;
    if (hn__fixture_write_file(path, text, len, &fe) == 0)
        return 0;
    char buf[2300];
    snprintf(err, errlen, "%s", hn_fixture_error_format(&fe, buf, sizeof buf));
    return -1;
}

static const char *colour_of(hn__verify_outcome o)
{
    switch (o) {
    case HN__VERIFY_ALIGNED:
        return "\033[32m";
    case HN__VERIFY_DRIFTED:
        return "\033[1;31m";
    case HN__VERIFY_INVALID:
        return "\033[35m";
    case HN__VERIFY_SKIPPED:
        return "\033[2m";
    default:
        return "\033[33m";
    }
}

static const char *label(const hn__verify_item *it)
{
    return it->name ? it->name : it->path;
}

static void date_of(time_t t, char *buf, size_t cap)
{
    char full[32];
    hn_fixture_time_format(t, full, sizeof full);
    snprintf(buf, cap, "%.10s", full);
}

/* "3 aligned, 1 drifted, ..." (outcomes with a count only; all when none),
 * then "; 2 warnings" when differences were reported as warnings. */
static void counts_text(hn__buf *b, const hn__verify_run *run)
{
    const char *sep = "";
    for (int o = 0; o < HN__VERIFY_NOUTCOMES; o++) {
        if (!run->counts[o] && o > HN__VERIFY_DRIFTED)
            continue;
        hn__buf_printf(b, "%s%zu %s", sep, run->counts[o], hn__verify_outcome_word(o));
        sep = ", ";
    }
    if (run->warnings)
        hn__buf_printf(b, "; %zu warning%s", run->warnings, run->warnings == 1 ? "" : "s");
}

int hn__verify_is_warning(const hn__verify_item *it, size_t i)
{
    return it->warn && it->warn[i];
}

/* What the exit status will be, in words. */
static void verdict_text(hn__buf *b, const hn__verify_run *run, int max_drift)
{
    int status = hn__verify_exit_status(run, max_drift);
    size_t drifted = run->counts[HN__VERIFY_DRIFTED];
    switch (status) {
    case 1:
        hn__buf_printf(b, "exit 1: %zu drifted fixture%s, more than --max-drift %d", drifted,
                       drifted == 1 ? "" : "s", max_drift);
        break;
    case 2:
        hn__buf_printf(b, "exit 2: %zu invalid fixture%s", run->counts[HN__VERIFY_INVALID],
                       run->counts[HN__VERIFY_INVALID] == 1 ? "" : "s");
        break;
    case 3: {
        size_t u = run->counts[HN__VERIFY_UNREACHABLE], a = run->counts[HN__VERIFY_UNAUTHORIZED];
        if (u)
            hn__buf_printf(b, "exit 3: %zu fixture%s unreachable%s, ", u, u == 1 ? "" : "s",
                           a ? " and" : "");
        if (a)
            hn__buf_printf(b, "%s%zu fixture%s unauthorized (credentials refused), ",
                           u ? "" : "exit 3: ", a, a == 1 ? "" : "s");
        hn__buf_puts(b, "no drift past the threshold");
        break;
    }
    default:
        hn__buf_printf(b, "exit 0: %s", drifted ? "drift within --max-drift" : "no drift");
    }
}

char *hn__verify_report_entry(const hn_diff_entry *e)
{
    size_t need = hn_diff_entry_write(e, NULL, 0);
    char *line = malloc(need + 1);
    if (line)
        hn_diff_entry_write(e, line, need + 1);
    return line;
}

static void entry_line(hn__buf *b, const hn_diff_entry *e, int warning)
{
    char *line = hn__verify_report_entry(e);
    hn__buf_printf(b, "  %-14s %s%s\n", hn_diff_kind_word(e->kind), line ? line : e->path,
                   warning ? " [warning]" : "");
    free(line);
}

/* "3 differences" or "1 difference, 2 warnings" (n: all of them). */
static void diff_count_text(hn__buf *b, size_t n, size_t warnings)
{
    size_t drift = n - warnings;
    if (drift || !warnings)
        hn__buf_printf(b, "%zu difference%s", drift, drift == 1 ? "" : "s");
    if (warnings)
        hn__buf_printf(b, "%s%zu warning%s (not drift)", drift || !warnings ? ", " : "",
                       warnings, warnings == 1 ? "" : "s");
}

static void details(hn__buf *b, const hn__verify_item *it, int color)
{
    const char *c0 = color ? colour_of(it->outcome) : "", *c1 = color ? "\033[0m" : "";
    char rec[16], since[16];
    if (it->outcome == HN__VERIFY_DRIFTED) {
        size_t n = hn_diff_count(it->diff);
        date_of(it->recorded_at, rec, sizeof rec);
        hn__buf_printf(b, "\n%sdrifted%s %s (%s): ", c0, c1, label(it), it->path);
        diff_count_text(b, n, it->nwarnings);
        hn__buf_printf(b, "; recorded %s, %d day%s ago", rec, it->age_days,
                       it->age_days == 1 ? "" : "s");
        if (it->drifting_since) {
            date_of(it->drifting_since, since, sizeof since);
            hn__buf_printf(b, "; drifting since %s", since);
        }
        hn__buf_puts(b, it->updated ? "; updated (--update)\n" : "\n");
        for (size_t i = 0; i < n; i++)
            entry_line(b, hn_diff_at(it->diff, i), hn__verify_is_warning(it, i));
    } else if (it->error) {
        hn__buf_printf(b, "\n%s%s%s %s (%s): %s\n", c0, hn__verify_outcome_word(it->outcome), c1,
                       label(it), it->path, it->error);
    } else if (it->outcome == HN__VERIFY_STALE) {
        hn__buf_printf(b, "\n%sstale%s %s (%s): aligned, but recorded %d days ago (max_age_days "
                       "%d); re-record it with `honest record %s`\n", c0, c1, label(it),
                       it->path, it->age_days, it->max_age_days, it->path);
    } else if (it->nvolatile || it->diff) {
        hn__buf_printf(b, "\n%s%s%s %s (%s)", c0, hn__verify_outcome_word(it->outcome), c1,
                       label(it), it->path);
        if (it->diff) {
            hn__buf_puts(b, ": ");
            diff_count_text(b, hn_diff_count(it->diff), it->nwarnings);
        }
        hn__buf_puts(b, "\n");
    }
    if (it->outcome != HN__VERIFY_DRIFTED)
        for (size_t i = 0; it->diff && i < hn_diff_count(it->diff); i++)
            entry_line(b, hn_diff_at(it->diff, i), hn__verify_is_warning(it, i));
    if (it->outcome == HN__VERIFY_DRIFTED && it->error)
        hn__buf_printf(b, "  %s\n", it->error);
    if (it->nvolatile) {
        hn__buf_puts(b, "  volatile (values not compared):");
        for (size_t i = 0; i < it->nvolatile; i++)
            hn__buf_printf(b, " %s", it->volatile_paths[i]);
        hn__buf_puts(b, "\n");
    }
}

/* s padded with spaces to width bytes, as printf's %*s does: on the left
 * when width > 0, on the right (%-*s) when width < 0. */
static void padded(hn__buf *b, const char *s, int width)
{
    static const char spaces[] = "                                                ";
    size_t n = strlen(s), w = (size_t)(width < 0 ? -width : width);
    size_t pad = w > n ? w - n : 0;
    if (width < 0)
        hn__buf_add(b, s, n);
    while (pad) {
        size_t k = pad < sizeof spaces - 1 ? pad : sizeof spaces - 1;
        hn__buf_add(b, spaces, k);
        pad -= k;
    }
    if (width > 0)
        hn__buf_add(b, s, n);
}

void hn__verify_report_text(const hn__verify_run *run, int max_drift, FILE *f, int color)
{
    hn__buf b = {0};
    hn__buf_printf(&b, "honest verify: %zu fixture%s in %.2f s: ", run->n,
                   run->n == 1 ? "" : "s", run->seconds);
    counts_text(&b, run);
    hn__buf_puts(&b, "\n\n");
    size_t wname = 7;
    for (size_t i = 0; i < run->n; i++) {
        size_t l = strlen(label(&run->items[i]));
        if (l > wname)
            wname = l < 48 ? l : 48;
    }
    /* The outcome column fits "unreachable"; it grows only for a longer word
     * ("unauthorized"), so the usual table keeps its shape. */
    int wout = 11;
    for (size_t i = 0; i < run->n; i++) {
        int l = (int)strlen(hn__verify_outcome_word(run->items[i].outcome));
        wout = l > wout ? l : wout;
    }
    hn__buf_printf(&b, "%-*s %6s %5s  %-*s  %s\n", wout, "OUTCOME", "AGE", "DIFFS", (int)wname,
                   "FIXTURE", "FILE");
    for (size_t i = 0; i < run->n; i++) {
        const hn__verify_item *it = &run->items[i];
        char age[24] = "-", diffs[48] = "-";
        if (it->age_days >= 0)
            snprintf(age, sizeof age, "%dd", it->age_days);
        if (it->diff && it->nwarnings)
            snprintf(diffs, sizeof diffs, "%zu+%zuw", hn_diff_count(it->diff) - it->nwarnings,
                     it->nwarnings);
        else if (it->diff)
            snprintf(diffs, sizeof diffs, "%zu", hn_diff_count(it->diff));
        /* As "%s%-*s%s %6s %5s  %-*s  %s\n" prints it, without printf's
         * cost on every row. */
        hn__buf_puts(&b, color ? colour_of(it->outcome) : "");
        padded(&b, hn__verify_outcome_word(it->outcome), -wout);
        hn__buf_puts(&b, color ? "\033[0m " : " ");
        padded(&b, age, 6);
        hn__buf_puts(&b, " ");
        padded(&b, diffs, 5);
        hn__buf_puts(&b, "  ");
        padded(&b, label(it), -(int)wname);
        hn__buf_puts(&b, "  ");
        hn__buf_puts(&b, it->path);
        hn__buf_puts(&b, "\n");
    }
    for (size_t i = 0; i < run->n; i++)
        details(&b, &run->items[i], color);
    if (run->state_error)
        hn__buf_printf(&b, "\nwarning: the last-verified state was not written: %s\n",
                       run->state_error);
    hn__buf_puts(&b, "\n");
    verdict_text(&b, run, max_drift);
    hn__buf_puts(&b, "\n");
    fputs(hn__buf_str(&b), f);
    fflush(f);
    hn__buf_free(&b);
}

/* ---- Markdown ----------------------------------------------------------- */

/* Text for a table cell: pipes escaped, line breaks as spaces. */
static void cell(hn__buf *b, const char *s)
{
    for (; s && *s; s++) {
        if (*s == '|')
            hn__buf_puts(b, "\\|");
        else if (*s == '\n' || *s == '\r')
            hn__buf_puts(b, " ");
        else
            hn__buf_add(b, s, 1);
    }
}

/* A cell as inline code (when it holds no backtick), else plain. */
static void code_cell(hn__buf *b, const char *s)
{
    if (!s || !*s)
        return;
    int plain = strchr(s, '`') != NULL;
    hn__buf_puts(b, plain ? "" : "`");
    cell(b, s);
    hn__buf_puts(b, plain ? "" : "`");
}

static void side_cell(hn__buf *b, const hn_diff_side *s)
{
    if (!s->type)
        return;
    cell(b, s->type);
    if (s->value) {
        hn__buf_puts(b, " ");
        code_cell(b, s->value);
    }
    if (s->note) {
        hn__buf_puts(b, " (");
        cell(b, s->note);
        hn__buf_puts(b, ")");
    }
}

int hn__verify_report_markdown(const hn__verify_run *run, int max_drift, const char *path,
                               char *err, size_t errlen)
{
    hn__buf b = {0};
    char when[32];
    hn_fixture_time_format(run->checked_at, when, sizeof when);
    hn__buf_printf(&b, "## honest verify, %s\n\n%zu fixture%s: ", when, run->n,
                   run->n == 1 ? "" : "s");
    counts_text(&b, run);
    hn__buf_puts(&b, ". ");
    verdict_text(&b, run, max_drift);
    hn__buf_puts(&b, ".\n\n| Outcome | Age (days) | Fixture | File | Differences |\n"
                     "|---|---:|---|---|---:|\n");
    for (size_t i = 0; i < run->n; i++) {
        const hn__verify_item *it = &run->items[i];
        hn__buf_printf(&b, "| %s | ", hn__verify_outcome_word(it->outcome));
        if (it->age_days >= 0)
            hn__buf_printf(&b, "%d", it->age_days);
        hn__buf_puts(&b, " | ");
        cell(&b, label(it));
        hn__buf_puts(&b, " | ");
        code_cell(&b, it->path);
        hn__buf_printf(&b, " | %zu", it->diff ? hn_diff_count(it->diff) - it->nwarnings : 0);
        if (it->nwarnings)
            hn__buf_printf(&b, " (+%zu warning%s)", it->nwarnings, it->nwarnings == 1 ? "" : "s");
        hn__buf_puts(&b, " |\n");
    }
    int any = 0;
    for (size_t i = 0; i < run->n; i++) {
        const hn__verify_item *it = &run->items[i];
        for (size_t k = 0; it->diff && k < hn_diff_count(it->diff); k++) {
            const hn_diff_entry *e = hn_diff_at(it->diff, k);
            if (!any++)
                hn__buf_puts(&b, "\n### Drift\n\n| Fixture | Kind | Path | Recorded | Live |\n"
                                 "|---|---|---|---|---|\n");
            hn__buf_puts(&b, "| ");
            cell(&b, label(it));
            hn__buf_printf(&b, " | %s%s | ", hn_diff_kind_word(e->kind),
                           hn__verify_is_warning(it, k) ? " (warning)" : "");
            code_cell(&b, e->path);
            hn__buf_puts(&b, " | ");
            side_cell(&b, &e->a);
            hn__buf_puts(&b, " | ");
            side_cell(&b, &e->b);
            hn__buf_puts(&b, " |\n");
        }
    }
    any = 0;
    for (size_t i = 0; i < run->n; i++) {
        const hn__verify_item *it = &run->items[i];
        if (!it->error && !it->nvolatile)
            continue;
        if (!any++)
            hn__buf_puts(&b, "\n### Notes\n\n");
        hn__buf_printf(&b, "- **%s** ", hn__verify_outcome_word(it->outcome));
        cell(&b, label(it));
        if (it->error) {
            hn__buf_puts(&b, ": ");
            cell(&b, it->error);
        }
        for (size_t k = 0; k < it->nvolatile; k++) {
            hn__buf_puts(&b, k ? ", " : (it->error ? "; volatile: " : ": volatile: "));
            code_cell(&b, it->volatile_paths[k]);
        }
        hn__buf_puts(&b, "\n");
    }
    int rc = hn__verify_report_save(path, b.data ? b.data : "", b.len, err, errlen);
    hn__buf_free(&b);
    return rc;
}
