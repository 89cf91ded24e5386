/* SPDX-License-Identifier: MIT */
/* migrate_edit.c: rewriting a test source so that a double answers from the
 * migrated fixture: HN_RETURNS(fn, "canned JSON") becomes
 * HN_RETURNS_FIXTURE(fn, "fixtures/fn_1.json"), the literal of will_return,
 * an fff return_val, HN_FILLS or a stub's return becomes HN_FIXTURE_BODY;
 * printed as a unified diff, or written atomically with --apply. */
#include "audit/migrate.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit/ctok.h"
#include "base/buf.h"
#include "base/file_atomic.h"
#include "base/mem.h"

#define CONTEXT 3 /* lines of context around each change in the patch */

/* path relative to the directory dir (both absolute and resolved). */
static char *relative(const char *dir, const char *path)
{
    size_t common = 0, i = 0;
    while (dir[i] && dir[i] == path[i])
        if (dir[i++] == '/')
            common = i;
    const char *rest = dir + common;
    if (!dir[i] && path[i] == '/') {
        common = i + 1; /* path is inside dir */
        rest = dir + i;
    }
    hn__buf b = {0};
    if (*rest)
        hn__buf_puts(&b, "../");
    for (const char *p = rest; *p; p++)
        if (*p == '/')
            hn__buf_puts(&b, "../");
    hn__buf_puts(&b, path + common);
    return hn__buf_take(&b);
}

/* The absolute, resolved form of path's directory and its base name. */
static char *absolute(const char *path)
{
    char *slash = strrchr(path, '/');
    char *dir = slash ? strndup(path, (size_t)(slash - path) + (slash == path)) : strdup(".");
    char real[PATH_MAX];
    char *r = dir && realpath(dir, real) ? real : NULL;
    free(dir);
    if (!r)
        return NULL;
    hn__buf b = {0};
    hn__buf_printf(&b, "%s/%s", strcmp(r, "/") ? r : "", slash ? slash + 1 : path);
    return hn__buf_take(&b);
}

/* The forms of canned data this file rewrites (by hn__audit_canned.macro),
 * and what is said about the others. */
static const char *const rewritten[] = {"HN_RETURNS", "will_return", "return_val",
                                        "hand-rolled stub", "custom_fake", "HN_FILLS"};

static int can_rewrite(const char *macro)
{
    for (size_t i = 0; macro && i < sizeof rewritten / sizeof rewritten[0]; i++)
        if (!strcmp(macro, rewritten[i]))
            return 1;
    return 0;
}

/* What to do by hand for canned data migrate does not rewrite. */
static void by_hand(FILE *out, const hn__audit_canned *c, const char *fn, const char *rel)
{
    const char *m = c->macro ? c->macro : "canned data";
    size_t n = strlen(m);
    if (n > 6 && !strcmp(m + n - 6, " fills"))
        fprintf(out, "  %s: the %.*s of %s copies canned JSON into an out-parameter; it is not "
                "rewritten automatically: copy from HN_FIXTURE_BODY(\"%s\") (#include <honest.h>) "
                "instead, by hand\n", c->at, (int)(n - 6), m, fn, rel);
    else
        fprintf(out, "  %s at %s is not rewritten automatically: answer %s from %s with "
                "HN_STUB_FIXTURE (or HN_RETURNS_FIXTURE when it returns the body text)\n",
                m, c->at, fn, rel);
}

int hn__migrate_edit_add(hn__migrate_edits *e, const hn__audit_canned *c, const char *fn,
                         const char *fixture_path, FILE *out)
{
    const char *colon = c->at ? strrchr(c->at, ':') : NULL;
    if (!colon) {
        fprintf(out, "  %s: no place to rewrite (neither the audit nor the source scan found "
                "where the data was typed): answer it from %s by hand\n", fn, fixture_path);
        return 0;
    }
    char *file = hn__must(strndup(c->at, (size_t)(colon - c->at)));
    int line = atoi(colon + 1);
    char *src = absolute(file), *fx = absolute(fixture_path);
    if (!src || !fx) {
        fprintf(out, "  %s: cannot resolve %s or %s; rewrite it by hand\n", fn, file,
                fixture_path);
        free(src), free(fx), free(file);
        return 0;
    }
    *strrchr(src, '/') = '\0';
    char *rel = relative(src, fx);
    free(src);
    free(fx);
    int skip = !can_rewrite(c->macro);
    if (skip)
        by_hand(out, c, fn, rel);
    for (size_t i = 0; i < e->n && !skip; i++)
        skip = e->v[i].line == line && !strcmp(e->v[i].file, file);
    if (skip) {
        free(rel);
        free(file);
        return 0;
    }
    if (hn__grow(&e->v, &e->cap, e->n + 1, sizeof *e->v) != 0)
        return -1;
    e->v[e->n++] = (hn__migrate_edit){file, line, hn__must(strdup(fn)), rel,
                                      hn__must(strdup(c->macro))};
    return 0;
}

/* The offset of the ')' that closes a macro call whose arguments start at
 * text[i], skipping parentheses in strings and characters; or -1. */
static long closing(const char *text, size_t i)
{
    int depth = 1;
    for (; text[i]; i++) {
        char c = text[i];
        if (c == '"' || c == '\'') {
            for (i++; text[i] && text[i] != c; i++)
                if (text[i] == '\\' && text[i + 1])
                    i++;
            if (!text[i])
                return -1;
        } else if (c == '(') {
            depth++;
        } else if (c == ')' && --depth == 0) {
            return (long)i;
        }
    }
    return -1;
}

static size_t line_start(const char *text, int line)
{
    size_t at = 0;
    for (int l = 1; l < line && text[at]; at++)
        if (text[at] == '\n')
            l++;
    return at;
}

/* One change of a source: bytes [from, to) replaced by `with`. */
typedef struct change {
    size_t from, to;
    char *with;
} change;

static int by_from(const void *a, const void *b)
{
    const change *x = a, *y = b;
    return x->from < y->from ? -1 : x->from > y->from;
}

/* Finds HN_RETURNS(fn, ...) on the line of edit m (it may go on past it). */
static int plan_returns(const char *text, const hn__migrate_edit *m, change *ch, FILE *out)
{
    size_t at = line_start(text, m->line);
    const char *eol = strchr(text + at, '\n');
    size_t end = eol ? (size_t)(eol - text) : strlen(text);
    const char *hit = NULL;
    for (const char *p = strstr(text + at, "HN_RETURNS("); p && (size_t)(p - text) < end;
         p = strstr(p + 1, "HN_RETURNS(")) {
        const char *q = p + strlen("HN_RETURNS(");
        while (*q == ' ')
            q++;
        if (!strncmp(q, m->fn, strlen(m->fn)) && (q[strlen(m->fn)] == ',' || q[strlen(m->fn)] == ' ')) {
            hit = p;
            break;
        }
    }
    if (!hit) {
        int done = strstr(text + at, "HN_RETURNS_FIXTURE(") &&
                   (size_t)(strstr(text + at, "HN_RETURNS_FIXTURE(") - text) < end;
        fprintf(out, done ? "  %s:%d: already answers from a fixture\n"
                          : "  %s:%d: no HN_RETURNS(%s, ...) here any more (was the source "
                            "changed since the test binary was built?); left alone\n",
                m->file, m->line, m->fn);
        return 0;
    }
    long close = closing(text, (size_t)(hit - text) + strlen("HN_RETURNS("));
    if (close < 0) {
        fprintf(out, "  %s:%d: cannot find the end of HN_RETURNS(%s, ...); left alone\n",
                m->file, m->line, m->fn);
        return 0;
    }
    hn__buf with = {0};
    hn__buf_printf(&with, "HN_RETURNS_FIXTURE(%s, \"", m->fn);
    hn__buf_escape_c(&with, m->rel, strlen(m->rel));
    hn__buf_puts(&with, "\")");
    *ch = (change){(size_t)(hit - text), (size_t)close + 1, hn__buf_take(&with)};
    return 1;
}

/* The string literals that start at token i on line `line` (and those
 * adjacent to them), as a change to HN_FIXTURE_BODY("rel"); 0 when token i
 * is no literal there. */
static int literal_change(const hn__ctoks *t, size_t i, const hn__migrate_edit *m, change *ch)
{
    if (i >= t->n || t->v[i].kind != HN__TK_STRING)
        return 0;
    size_t k = i;
    while (k + 1 < t->n && t->v[k + 1].kind == HN__TK_STRING)
        k++;
    hn__buf with = {0};
    hn__buf_puts(&with, "HN_FIXTURE_BODY(\"");
    hn__buf_escape_c(&with, m->rel, strlen(m->rel));
    hn__buf_puts(&with, "\")");
    *ch = (change){t->v[i].from, t->v[k].to, hn__buf_take(&with)};
    return 1;
}

static int is_will_return(const hn__ctoks *t, size_t i)
{
    return hn__ctok_is(t, i, "will_return") || hn__ctok_is(t, i, "will_return_count") ||
           hn__ctok_is(t, i, "will_return_always") || hn__ctok_is(t, i, "will_return_maybe");
}

/* The literal of canned data at m's line, by its form: the value of
 * will_return(fn, "..."), of fn_fake.return_val = "...", or of a stub's
 * (or custom_fake's) return "...". Returns 1 with *ch, else 0. */
static int find_literal(const hn__ctoks *t, const hn__migrate_edit *m, change *ch)
{
    size_t fl = strlen(m->fn);
    for (size_t i = 0; i < t->n; i++) {
        const hn__ctok *k = &t->v[i];
        if (!strcmp(m->macro, "will_return") && is_will_return(t, i) &&
            hn__ctok_is(t, i + 1, "(") && hn__ctok_is(t, i + 2, m->fn) &&
            hn__ctok_is(t, i + 3, ",")) {
            size_t close = hn__ctok_match(t, i + 1), after = i + 4;
            while (after < t->n && t->v[after].kind == HN__TK_STRING)
                after++;
            /* the value is the literal alone: will_return(fn, "...") or
             * will_return_count(fn, "...", n) */
            if (k->line <= m->line && close < t->n && t->v[close].line >= m->line &&
                (hn__ctok_is(t, after, ")") || hn__ctok_is(t, after, ",")))
                return literal_change(t, i + 4, m, ch);
        } else if (!strcmp(m->macro, "return_val") && k->kind == HN__TK_IDENT &&
                   k->to - k->from == fl + 5 && !memcmp(t->text + k->from, m->fn, fl) &&
                   !memcmp(t->text + k->from + fl, "_fake", 5) && hn__ctok_is(t, i + 1, ".") &&
                   hn__ctok_is(t, i + 2, "return_val") && hn__ctok_is(t, i + 3, "=") &&
                   i + 4 < t->n && t->v[i + 4].line == m->line) {
            return literal_change(t, i + 4, m, ch);
        } else if (!strcmp(m->macro, "HN_FILLS") && hn__ctok_is(t, i, "HN_FILLS") &&
                   hn__ctok_is(t, i + 1, "(") && hn__ctok_is(t, i + 2, m->fn) &&
                   hn__ctok_is(t, i + 3, ",")) {
            /* HN_FILLS(fn, i, "...") only: the literal is the pointer stored */
            size_t close = hn__ctok_match(t, i + 1), v = i + 4, after;
            while (v < close && !hn__ctok_is(t, v, ","))
                v++;
            for (after = v + 1; after < t->n && t->v[after].kind == HN__TK_STRING; after++)
                ;
            if (v + 1 < t->n && t->v[v + 1].line == m->line && after == close)
                return literal_change(t, v + 1, m, ch);
        } else if ((!strcmp(m->macro, "hand-rolled stub") || !strcmp(m->macro, "custom_fake")) &&
                   hn__ctok_is(t, i, "return")) {
            size_t j = i + 1;
            while (hn__ctok_is(t, j, "("))
                j++;
            if (j < t->n && t->v[j].line == m->line)
                return literal_change(t, j, m, ch);
        }
    }
    return 0;
}

/* 1 when the file includes <honest.h> (which declares HN_FIXTURE_BODY). */
static int includes_honest(const char *text)
{
    for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
        const char *q = p;
        while (*q == ' ' || *q == '\t')
            q++;
        if (*q != '#')
            continue;
        for (q++; *q == ' ' || *q == '\t'; q++)
            ;
        if (!strncmp(q, "include", 7)) {
            for (q += 7; *q == ' ' || *q == '\t'; q++)
                ;
            if (!strncmp(q, "<honest.h>", 10))
                return 1;
        }
    }
    return 0;
}

/* The directive of the line at p ("include", "ifdef"...), its length in *n;
 * NULL when the line is no directive. */
static const char *directive(const char *p, size_t *n)
{
    while (*p == ' ' || *p == '\t')
        p++;
    if (*p != '#')
        return NULL;
    for (p++; *p == ' ' || *p == '\t'; p++)
        ;
    for (*n = 0; p[*n] >= 'a' && p[*n] <= 'z'; ++*n)
        ;
    return p;
}

/* Where to add #include <honest.h>: before the file's first #include
 * outside any #if (after a leading #define _GNU_SOURCE, say); failing that,
 * before the first #if group (so that no branch misses it); else at the top. */
static size_t include_point(const char *text)
{
    int depth = 0;
    const char *first_group = NULL;
    for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
        size_t n;
        const char *d = directive(p, &n);
        if (!d)
            continue;
        if (n == 7 && !strncmp(d, "include", 7) && depth == 0)
            return (size_t)(p - text);
        if (n >= 2 && !strncmp(d, "if", 2)) {
            if (depth++ == 0 && !first_group)
                first_group = p;
        } else if (n == 5 && !strncmp(d, "endif", 5) && depth > 0) {
            depth--;
        }
    }
    return first_group ? (size_t)(first_group - text) : 0;
}

/* Plans the edit m of text: the literal replaced by HN_FIXTURE_BODY. */
static int plan(const char *text, const hn__migrate_edit *m, change *ch, FILE *out)
{
    if (!strcmp(m->macro, "HN_RETURNS"))
        return plan_returns(text, m, ch, out);
    hn__ctoks t;
    hn__ctok_scan(text, &t);
    memset(ch, 0, sizeof *ch);
    int found = find_literal(&t, m, ch);
    hn__ctok_free(&t);
    if (found)
        return 1;
    size_t at = line_start(text, m->line);
    const char *eol = strchr(text + at, '\n');
    size_t len = eol ? (size_t)(eol - text) - at : strlen(text + at);
    char *l = hn__must(strndup(text + at, len));
    int done = strstr(l, "HN_FIXTURE_BODY(") != NULL;
    free(l);
    if (!done && !strcmp(m->macro, "HN_FILLS")) {
        /* HN_FILLS_BYTES copies n bytes: the fixture's body may be longer
         * than the buffer the literal fitted, so it is not rewritten. */
        fprintf(out, "  %s:%d: HN_FILLS of %s with canned JSON is not rewritten automatically "
                "(only HN_FILLS(%s, i, \"...\") is): fill the out-parameter from "
                "HN_FIXTURE_BODY(\"%s\") by hand, minding the size of the buffer, or answer "
                "%s with an HN_STUB_FIXTURE adapter\n", m->file, m->line, m->fn, m->fn,
                m->rel, m->fn);
        return 0;
    }
    fprintf(out, done ? "  %s:%d: already answers from a fixture\n"
                      : "  %s:%d: the canned JSON of %s (%s) is not here any more (was the "
                        "source changed since the test binary was built?); left alone\n",
            m->file, m->line, m->fn, m->macro);
    return 0;
}

static int count_lines(const char *s, size_t from, size_t to)
{
    int n = 0;
    for (size_t i = from; i < to; i++)
        n += s[i] == '\n';
    return n;
}

/* Appends lines [first, last] (1-based) of text, each prefixed. */
static void put_lines(hn__buf *b, const char *text, int first, int last, char prefix)
{
    size_t at = line_start(text, first);
    for (int l = first; l <= last && text[at]; l++) {
        const char *eol = strchr(text + at, '\n');
        size_t n = eol ? (size_t)(eol - text - (long)at) + 1 : strlen(text + at);
        hn__buf_add(b, &prefix, 1);
        hn__buf_add(b, text + at, n);
        if (!eol)
            hn__buf_puts(b, "\n\\ No newline at end of file\n");
        at += n;
    }
}

/* The unified diff of one source's changes (sorted, not overlapping). */
static void patch(hn__buf *b, const char *file, const char *old, const change *ch, size_t n)
{
    int total = count_lines(old, 0, strlen(old)) + 1, delta = 0, shown = 0;
    /* Named from the current directory when the file is under it, so that
     * `patch -p0` in that directory applies it. */
    char cwd[PATH_MAX], *abs = absolute(file);
    char *name = abs && getcwd(cwd, sizeof cwd) ? relative(cwd, abs) : NULL;
    const char *shown_name = name && strncmp(name, "../", 3) ? name : abs ? abs : file;
    hn__buf_printf(b, "--- %s\n+++ %s\n", shown_name, shown_name);
    free(name);
    free(abs);
    for (size_t i = 0; i < n; i++) {
        int first = count_lines(old, 0, ch[i].from) + 1;
        int last = count_lines(old, 0, ch[i].to) + 1;
        int ctx0 = first - CONTEXT > shown + 1 ? first - CONTEXT : shown + 1;
        int ctx1 = last + CONTEXT < total ? last + CONTEXT : total;
        if (i + 1 < n) {
            int next = count_lines(old, 0, ch[i + 1].from) + 1;
            if (ctx1 >= next)
                ctx1 = next - 1;
        }
        size_t a = line_start(old, first), z = line_start(old, last + 1);
        hn__buf now = {0};
        hn__buf_add(&now, old + a, ch[i].from - a);
        hn__buf_puts(&now, ch[i].with);
        hn__buf_add(&now, old + ch[i].to, z - ch[i].to);
        int added = count_lines(now.data, 0, now.len) + (now.len && now.data[now.len - 1] != '\n');
        int removed = last - first + 1;
        int old_count = ctx1 - ctx0 + 1, new_count = old_count - removed + added;
        hn__buf_printf(b, "@@ -%d,%d +%d,%d @@\n", ctx0, old_count, ctx0 + delta, new_count);
        put_lines(b, old, ctx0, first - 1, ' ');
        put_lines(b, old, first, last, '-');
        put_lines(b, now.data, 1, added, '+');
        put_lines(b, old, last + 1, ctx1, ' ');
        hn__buf_free(&now);
        delta += added - removed;
        shown = ctx1;
    }
}

/* Rewrites one source: every planned edit of `file`. */
static int finish_file(const hn__migrate_edits *e, const char *file, int apply, FILE *out,
                       char *err, size_t errlen)
{
    FILE *f = fopen(file, "r");
    if (!f) {
        snprintf(err, errlen, "cannot read %s: %s", file, strerror(errno));
        return -1;
    }
    hn__buf text = {0};
    char chunk[8192];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
        hn__buf_add(&text, chunk, got);
    fclose(f);
    const char *old = hn__buf_str(&text);
    change *ch = hn__must(calloc(e->n, sizeof *ch));
    size_t n = 0;
    for (size_t i = 0; i < e->n; i++)
        if (!strcmp(e->v[i].file, file))
            n += plan(old, &e->v[i], &ch[n], out);
    int need_include = 0;
    for (size_t i = 0; i < n; i++)
        need_include |= !strncmp(ch[i].with, "HN_FIXTURE_BODY(", 16);
    if (need_include && !includes_honest(old)) {
        /* HN_FIXTURE_BODY is declared by <honest.h>. */
        size_t at = include_point(old);
        ch = hn__must(realloc(ch, (e->n + 1) * sizeof *ch));
        ch[n++] = (change){at, at, hn__must(strdup("#include <honest.h>\n"))};
    }
    qsort(ch, n, sizeof *ch, by_from);
    int rc = 0;
    if (n) {
        hn__buf now = {0};
        size_t at = 0;
        for (size_t i = 0; i < n; i++) {
            hn__buf_add(&now, old + at, ch[i].from - at);
            hn__buf_puts(&now, ch[i].with);
            at = ch[i].to;
        }
        hn__buf_puts(&now, old + at);
        const char *step = "write";
        if (!apply) {
            hn__buf p = {0};
            patch(&p, file, old, ch, n);
            fputs(hn__buf_str(&p), out);
            hn__buf_free(&p);
        } else if (hn__file_atomic_write(file, now.data, now.len, &step) != 0) {
            snprintf(err, errlen, "cannot rewrite %s (%s: %s)", file, step, strerror(errno));
            rc = -1;
        } else {
            fprintf(out, "rewrote %s: %zu change%s\n", file, n, n == 1 ? "" : "s");
        }
        hn__buf_free(&now);
    }
    for (size_t i = 0; i < n; i++)
        free(ch[i].with);
    free(ch);
    hn__buf_free(&text);
    return rc;
}

int hn__migrate_edits_finish(const hn__migrate_edits *e, int apply, FILE *out, char *err,
                             size_t errlen)
{
    for (size_t i = 0; i < e->n; i++) {
        int first = 1;
        for (size_t k = 0; k < i && first; k++)
            first = strcmp(e->v[k].file, e->v[i].file) != 0;
        if (first && finish_file(e, e->v[i].file, apply, out, err, errlen) != 0)
            return -1;
    }
    return 0;
}

void hn__migrate_edits_free(hn__migrate_edits *e)
{
    for (size_t i = 0; i < e->n; i++) {
        free(e->v[i].file);
        free(e->v[i].fn);
        free(e->v[i].rel);
        free(e->v[i].macro);
    }
    free(e->v);
    memset(e, 0, sizeof *e);
}
