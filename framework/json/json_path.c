/* SPDX-License-Identifier: MIT */
/* json_path.c: parse, match and format JSONPath-like paths ($.a["b c"][0],
 * [*], ..key) used by ignore/values rules, the differ and fixtures. */
#include "json/json_path.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "base/buf.h"
#include "base/mem.h"

struct hn__json_path {
    size_t n;
    hn__json_seg *segs;
    char *keys; /* the unescaped keys, NUL-separated */
    char *text; /* normal form */
};

typedef struct parser {
    const char *s;
    size_t at;
    char *err;
    size_t errlen;
    hn__json_seg *segs;
    size_t n, cap;
    char *keys;  /* one buffer as long as the text: keys never grow when unescaped */
    size_t kused;
} parser;

static int fail(parser *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int fail(parser *p, const char *fmt, ...)
{
    if (p->err && p->errlen) {
        char what[160];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(what, sizeof what, fmt, ap);
        va_end(ap);
        snprintf(p->err, p->errlen, "column %zu of path \"%s\": %s", p->at + 1, p->s, what);
    }
    return -1;
}

static int push(parser *p, int kind, size_t index, const char *key)
{
    if (hn__grow(&p->segs, &p->cap, p->n + 1, sizeof *p->segs))
        return fail(p, "out of memory");
    p->segs[p->n++] = (hn__json_seg){.kind = kind, .index = index, .key = key};
    return 0;
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c |= 0x20;
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* The value of four hex digits at s[0..n), or -1. */
static long hex4(const char *s, size_t n)
{
    long v = 0;
    for (size_t i = 0; i < 4; i++) {
        int h = i < n ? hexval((unsigned char)s[i]) : -1;
        if (h < 0)
            return -1;
        v = v * 16 + h;
    }
    return v;
}

static size_t utf8_put(char *out, unsigned long cp)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* A \u escape (pair) at s[0..n) (on the backslash) into out; returns the
 * text it used (6 or 12 bytes) and sets *w, or 0 with *why. */
static size_t unicode_escape(const char *s, size_t n, char *out, size_t *w, const char **why)
{
    long hi = hex4(s + 2, n - 2);
    if (hi < 0)
        return *why = "\\u must be followed by four hex digits", 0;
    if (hi >= 0xDC00 && hi <= 0xDFFF)
        return *why = "a lone low surrogate \\uDCxx: write the character as UTF-8 or a \\uD8xx\\uDCxx pair", 0;
    if (hi < 0xD800 || hi > 0xDBFF) {
        *w = utf8_put(out, (unsigned long)hi);
        return 6;
    }
    long lo = n >= 12 && s[6] == '\\' && s[7] == 'u' ? hex4(s + 8, n - 8) : -1;
    if (lo < 0xDC00 || lo > 0xDFFF)
        return *why = "a high surrogate \\uD8xx must be followed by a low surrogate \\uDCxx", 0;
    *w = utf8_put(out, 0x10000 + (((unsigned long)hi - 0xD800) << 10) + ((unsigned long)lo - 0xDC00));
    return 12;
}

size_t hn__json_path_unescape(const char *s, size_t n, int squote, char *out, size_t *bad,
                              const char **why)
{
    size_t len = 0;
    for (size_t i = 0; i < n;) {
        if (s[i] != '\\') {
            out[len++] = s[i++];
            continue;
        }
        char e = i + 1 < n ? s[i + 1] : '\0';
        const char *from = "\"\\/bfnrt'", *to = "\"\\/\b\f\n\r\t'";
        const char *hit = e && (e != '\'' || squote) ? strchr(from, e) : NULL;
        size_t used = 2, w = 1;
        if (e == 'u')
            used = unicode_escape(s + i, n - i, out + len, &w, why);
        else if (hit)
            out[len] = to[hit - from];
        else
            used = 0, *why = squote ? "an unknown escape (known: \\\" \\' \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)"
                                    : "an unknown escape (known: \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)";
        if (!used) {
            *bad = i;
            return SIZE_MAX;
        }
        len += w;
        i += used;
    }
    out[len] = '\0';
    return len;
}

/* A quoted key inside [...]; p->at is on the opening quote. */
static int quoted_key(parser *p)
{
    char q = p->s[p->at++];
    size_t start = p->at, bad = 0;
    const char *why = NULL;
    while (p->s[p->at] && p->s[p->at] != q)
        p->at += p->s[p->at] == '\\' && p->s[p->at + 1] ? 2 : 1;
    if (!p->s[p->at]) {
        p->at = start - 1; /* point at the opening quote */
        return fail(p, "unterminated %s-quoted key: add the closing %c", q == '"' ? "double" : "single", q);
    }
    char *key = p->keys + p->kused;
    size_t len = hn__json_path_unescape(p->s + start, p->at - start, q == '\'', key, &bad, &why);
    if (len == SIZE_MAX) {
        p->at = start + bad;
        return fail(p, "%s", why);
    }
    p->at++;
    p->kused += len + 1;
    return push(p, HN__JSEG_KEY, 0, key);
}

static int bracket(parser *p)
{
    p->at++; /* '[' */
    char c = p->s[p->at];
    if (c == '*') {
        p->at++;
        if (push(p, HN__JSEG_ANY, 0, NULL))
            return -1;
    } else if (c >= '0' && c <= '9') {
        size_t v = 0;
        while (p->s[p->at] >= '0' && p->s[p->at] <= '9') {
            size_t d = (size_t)(p->s[p->at] - '0');
            if (v > (SIZE_MAX - d) / 10)
                return fail(p, "index too large");
            v = v * 10 + d;
            p->at++;
        }
        if (push(p, HN__JSEG_INDEX, v, NULL))
            return -1;
    } else if (c == '"' || c == '\'') {
        if (quoted_key(p))
            return -1;
    } else {
        return fail(p, "expected an index, * or a quoted key after '['");
    }
    if (p->s[p->at] != ']')
        return fail(p, "expected ']'");
    p->at++;
    return 0;
}

/* A name after '.': any bytes but '.', '[', ']', quotes and white space. */
static int dotted_name(parser *p)
{
    size_t start = p->at;
    while (p->s[p->at] && !strchr(".[]\"' \t\r\n", p->s[p->at]))
        p->at++;
    if (p->at == start)
        return fail(p, "expected a name, * or '[' after '.' (quote unusual keys: [\"a b\"])");
    char *key = p->keys + p->kused;
    memcpy(key, p->s + start, p->at - start);
    key[p->at - start] = '\0';
    p->kused += p->at - start + 1;
    return push(p, HN__JSEG_KEY, 0, key);
}

static int step(parser *p)
{
    if (p->s[p->at] == '[')
        return bracket(p);
    if (p->s[p->at] != '.')
        return fail(p, "expected '.' or '['");
    p->at++;
    if (p->s[p->at] == '.') {
        p->at++;
        if (push(p, HN__JSEG_DESCENT, 0, NULL))
            return -1;
        if (p->s[p->at] == '[')
            return bracket(p);
    }
    if (p->s[p->at] == '*') {
        p->at++;
        return push(p, HN__JSEG_ANY, 0, NULL);
    }
    return dotted_name(p);
}

hn__json_path *hn__json_path_parse(const char *text, char *err, size_t errlen)
{
    parser p = {.s = text ? text : "", .err = err, .errlen = errlen};
    if (err && errlen)
        err[0] = '\0';
    if (p.s[0] != '$') {
        fail(&p, "a path starts with '$' (for example $.user.id)");
        return NULL;
    }
    hn__json_path *out = calloc(1, sizeof *out);
    p.keys = malloc(strlen(p.s) + 1);
    if (!out || !p.keys) {
        fail(&p, "out of memory");
        goto bad;
    }
    p.at = 1;
    while (p.s[p.at])
        if (step(&p))
            goto bad;
    out->n = p.n;
    out->segs = p.segs;
    out->keys = p.keys;
    out->text = hn__json_path_format(p.segs, p.n);
    if (!out->text) {
        fail(&p, "out of memory");
        out->segs = NULL;
        out->keys = NULL;
        goto bad;
    }
    return out;
bad:
    free(p.segs);
    free(p.keys);
    free(out);
    return NULL;
}

void hn__json_path_free(hn__json_path *p)
{
    if (!p)
        return;
    free(p->segs);
    free(p->keys);
    free(p->text);
    free(p);
}

const hn__json_seg *hn__json_path_segs(const hn__json_path *p, size_t *n)
{
    *n = p->n;
    return p->segs;
}

const char *hn__json_path_text(const hn__json_path *p)
{
    return p->text;
}

int hn__json_path_is_concrete(const hn__json_path *p)
{
    for (size_t i = 0; i < p->n; i++)
        if (p->segs[i].kind == HN__JSEG_ANY || p->segs[i].kind == HN__JSEG_DESCENT)
            return 0;
    return 1;
}

static int seg_match(const hn__json_seg *pat, const hn__json_seg *at)
{
    switch (pat->kind) {
    case HN__JSEG_ANY:
        return 1;
    case HN__JSEG_KEY:
        return at->kind == HN__JSEG_KEY && !strcmp(pat->key, at->key);
    case HN__JSEG_INDEX:
        return at->kind == HN__JSEG_INDEX && pat->index == at->index;
    default:
        return 0;
    }
}

/* Whether pattern steps [i, np) match path steps [j, n); with `reach`,
 * whether they match path[j, n) followed by at least one more step. */
static int match_from(const hn__json_seg *pat, size_t i, size_t np,
                      const hn__json_seg *path, size_t j, size_t n, int reach)
{
    while (i < np) {
        if (pat[i].kind == HN__JSEG_DESCENT) {
            for (size_t k = j; k <= n; k++)
                if (match_from(pat, i + 1, np, path, k, n, reach))
                    return 1;
            return 0;
        }
        if (j == n)
            return reach; /* the path ran out first: a descendant can match */
        if (!seg_match(&pat[i], &path[j]))
            return 0;
        i++;
        j++;
    }
    return !reach && j == n;
}

int hn__json_path_match(const hn__json_path *p, const hn__json_seg *path, size_t n)
{
    return match_from(p->segs, 0, p->n, path, 0, n, 0);
}

int hn__json_path_reaches(const hn__json_path *p, const hn__json_seg *path, size_t n)
{
    return match_from(p->segs, 0, p->n, path, 0, n, 1);
}

int hn__json_path_match_text(const hn__json_path *p, const char *concrete)
{
    hn__json_path *c = hn__json_path_parse(concrete, NULL, 0);
    if (!c)
        return -1;
    int r = hn__json_path_match(p, c->segs, c->n);
    hn__json_path_free(c);
    return r;
}

static int is_identifier(const char *k)
{
    if (!((*k >= 'A' && *k <= 'Z') || (*k >= 'a' && *k <= 'z') || *k == '_'))
        return 0;
    for (k++; *k; k++)
        if (!((*k >= 'A' && *k <= 'Z') || (*k >= 'a' && *k <= 'z') ||
              (*k >= '0' && *k <= '9') || *k == '_'))
            return 0;
    return 1;
}

static void put_quoted(hn__buf *b, const char *k)
{
    hn__buf_add(b, "[\"", 2);
    const char *run = k;
    for (; *k; k++) {
        char esc[8];
        size_t n = hn__json_escape_char((unsigned char)*k, esc);
        if (!n)
            continue;
        hn__buf_add(b, run, (size_t)(k - run));
        hn__buf_add(b, esc, n);
        run = k + 1;
    }
    hn__buf_add(b, run, (size_t)(k - run));
    hn__buf_add(b, "\"]", 2);
}

void hn__json_path_append(hn__buf *b, const hn__json_seg *path, size_t n)
{
    hn__buf_add(b, "$", 1);
    for (size_t i = 0; i < n; i++) {
        const hn__json_seg *s = &path[i];
        int after_descent = i > 0 && path[i - 1].kind == HN__JSEG_DESCENT;
        switch (s->kind) {
        case HN__JSEG_KEY:
            if (is_identifier(s->key)) {
                if (!after_descent)
                    hn__buf_add(b, ".", 1);
                hn__buf_puts(b, s->key);
            } else {
                put_quoted(b, s->key);
            }
            break;
        case HN__JSEG_INDEX:
            hn__buf_printf(b, "[%zu]", s->index);
            break;
        case HN__JSEG_ANY:
            hn__buf_add(b, "[*]", 3);
            break;
        case HN__JSEG_DESCENT:
            hn__buf_add(b, "..", 2);
            break;
        }
    }
}

char *hn__json_path_format(const hn__json_seg *path, size_t n)
{
    hn__buf b = {.soft = 1};
    hn__json_path_append(&b, path, n);
    return hn__buf_take(&b);
}

const struct cJSON *hn__json_path_get(const struct cJSON *root, const hn__json_path *p)
{
    if (!hn__json_path_is_concrete(p))
        return NULL;
    const cJSON *at = root;
    for (size_t i = 0; at && i < p->n; i++) {
        const hn__json_seg *s = &p->segs[i];
        if (s->kind == HN__JSEG_KEY) {
            at = cJSON_IsObject(at) ? cJSON_GetObjectItemCaseSensitive(at, s->key) : NULL;
        } else {
            const cJSON *e = cJSON_IsArray(at) ? at->child : NULL;
            for (size_t k = 0; e && k < s->index; k++)
                e = e->next;
            at = e;
        }
    }
    return at;
}
