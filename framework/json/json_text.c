/* SPDX-License-Identifier: MIT */
/* json_text.c: JSON source text, which cJSON does not keep: syntax errors with
 * their offset, where a key or value sits, compacting and re-indenting. */
#include "json/json_text.h"
#include "json/json_text_impl.h"

#include <cjson/cJSON.h>

#include "base/buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct scan {
    const unsigned char *s;
    size_t n;
    size_t i;
    int depth;
    hn__json_text_error *e;
    hn__json_text_member *want; /* members to locate on the way, or NULL */
    size_t nwant;
    unsigned in_outer;          /* bits of want whose outer key holds the value being checked */
} scan;

__attribute__((format(printf, 3, 4))) static int fail(scan *c, size_t at, const char *fmt, ...)
{
    va_list ap;
    c->e->offset = at;
    va_start(ap, fmt);
    vsnprintf(c->e->msg, sizeof c->e->msg, fmt, ap);
    va_end(ap);
    return -1;
}

static void ws(scan *c)
{
    while (c->i < c->n && hn__json_is_ws(c->s[c->i]))
        c->i++;
}

/* Describes the byte at the cursor for "found ..." messages. */
static const char *found(scan *c, char *buf, size_t size)
{
    if (c->i >= c->n)
        return "the end of the file";
    unsigned char ch = c->s[c->i];
    if (ch >= 0x21 && ch < 0x7F)
        snprintf(buf, size, "'%c'", ch);
    else
        snprintf(buf, size, "byte 0x%02X", ch);
    return buf;
}

/* Syntax the user may have meant: comments, single quotes, bare words. */
static int fail_expected(scan *c, const char *what)
{
    char b[16];
    if (c->i + 1 < c->n && c->s[c->i] == '/' && (c->s[c->i + 1] == '/' || c->s[c->i + 1] == '*'))
        return fail(c, c->i, "comments are not allowed in JSON; expected %s (a fixture "
                             "can carry a \"description\" field instead)", what);
    if (c->i < c->n && c->s[c->i] == '\'')
        return fail(c, c->i, "found a single quote; JSON strings use double quotes (expected %s)",
                    what);
    return fail(c, c->i, "found %s; expected %s", found(c, b, sizeof b), what);
}

/* Length of a valid UTF-8 sequence at s (n bytes left), or 0. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    unsigned char b = s[0];
    size_t len;
    unsigned cp;
    if (b < 0x80)
        return 1;
    if (b >= 0xC2 && b <= 0xDF)
        len = 2, cp = b & 0x1F;
    else if (b >= 0xE0 && b <= 0xEF)
        len = 3, cp = b & 0x0F;
    else if (b >= 0xF0 && b <= 0xF4)
        len = 4, cp = b & 0x07;
    else
        return 0;
    if (len > n)
        return 0;
    for (size_t k = 1; k < len; k++) {
        if ((s[k] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[k] & 0x3F);
    }
    if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
        (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
        return 0;
    return len;
}

int hn__json_text_is_utf8(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0, l; i < n; i += l)
        if (!(l = utf8_len(u + i, n - i)))
            return 0;
    return 1;
}

static int is_hex(unsigned char ch)
{
    return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F');
}

static unsigned hexval(unsigned char ch)
{
    return ch <= '9' ? (unsigned)(ch - '0') : (unsigned)((ch | 0x20) - 'a' + 10);
}

/* 1 when v, a high surrogate, is followed by \uDC00-\uDFFF at c->i + 6. */
static int surrogate_pair(const scan *c, unsigned v)
{
    size_t at = c->i + 6;
    if (v > 0xDBFF || at + 6 > c->n || c->s[at] != '\\' || c->s[at + 1] != 'u')
        return 0;
    unsigned w = 0;
    for (size_t k = 2; k < 6; k++) {
        if (!is_hex(c->s[at + k]))
            return 0;
        w = w * 16 + hexval(c->s[at + k]);
    }
    return w >= 0xDC00 && w <= 0xDFFF;
}

static int check_string(scan *c)
{
    size_t open = c->i++;
    while (c->i < c->n) {
        unsigned char ch = c->s[c->i];
        /* The common case, a run of printable ASCII, without a call a byte
         * (long strings are most of the text a variant builds). */
        if (ch >= 0x20 && ch < 0x80 && ch != '"' && ch != '\\') {
            size_t j = c->i + 1;
            while (j < c->n && (unsigned char)c->s[j] >= 0x20 && (unsigned char)c->s[j] < 0x80 &&
                   c->s[j] != '"' && c->s[j] != '\\')
                j++;
            c->i = j;
            continue;
        }
        if (ch == '"') {
            c->i++;
            return 0;
        }
        if (ch == '\\') {
            unsigned char x = c->i + 1 < c->n ? c->s[c->i + 1] : 0;
            if (x == 'u') {
                unsigned v = 0;
                for (size_t k = 2; k < 6; k++)
                    if (c->i + k >= c->n || !is_hex(c->s[c->i + k]))
                        return fail(c, c->i, "\\u must be followed by 4 hexadecimal digits");
                    else
                        v = v * 16 + (unsigned)hexval(c->s[c->i + k]);
                if (v >= 0xD800 && v <= 0xDFFF && !surrogate_pair(c, v))
                    return fail(c, c->i, "a lone surrogate \\u%04x (half of a UTF-16 pair "
                                         "without the other half) is no character; write the "
                                         "character itself, or both halves (\\ud83d\\ude00)", v);
                c->i += v >= 0xD800 && v <= 0xDBFF ? 12 : 6;
                continue;
            }
            if (!x || !strchr("\"\\/bfnrt", x))
                return fail(c, c->i, "invalid escape in string; expected one of \\\" \\\\ "
                                     "\\/ \\b \\f \\n \\r \\t \\uXXXX");
            c->i += 2;
            continue;
        }
        if (ch < 0x20)
            return fail(c, c->i, ch == '\n' ? "line break inside a string; close the string "
                                              "first, or write \\n for a line break in it"
                                            : "control character 0x%02X inside a string; "
                                              "escape it (\\t, \\u00XX)", ch);
        size_t l = utf8_len(c->s + c->i, c->n - c->i);
        if (!l)
            return fail(c, c->i, "invalid UTF-8 byte 0x%02X in string; fixtures are UTF-8 "
                                 "(binary payloads go in \"body_base64\")", ch);
        c->i += l;
    }
    return fail(c, open, "unterminated string; expected a closing '\"'");
}

static int digits(scan *c)
{
    size_t from = c->i;
    while (c->i < c->n && c->s[c->i] >= '0' && c->s[c->i] <= '9')
        c->i++;
    return c->i > from;
}

static int check_number(scan *c)
{
    size_t from = c->i;
    if (c->s[c->i] == '-')
        c->i++;
    if (c->i < c->n && c->s[c->i] == '0') {
        c->i++;
        if (c->i < c->n && c->s[c->i] >= '0' && c->s[c->i] <= '9')
            return fail(c, from, "number with a leading zero; write it without, or as a "
                                 "string if the zero matters");
    } else if (!digits(c)) {
        return fail(c, from, "invalid number; expected a digit after '-'");
    }
    if (c->i < c->n && c->s[c->i] == '.') {
        c->i++;
        if (!digits(c))
            return fail(c, c->i, "invalid number; expected a digit after '.'");
    }
    if (c->i < c->n && (c->s[c->i] == 'e' || c->s[c->i] == 'E')) {
        c->i++;
        if (c->i < c->n && (c->s[c->i] == '+' || c->s[c->i] == '-'))
            c->i++;
        if (!digits(c))
            return fail(c, c->i, "invalid number; expected a digit in the exponent");
    }
    return 0;
}

static int check_word(scan *c)
{
    static const char *const words[] = {"true", "false", "null"};
    for (size_t k = 0; k < 3; k++) {
        size_t l = strlen(words[k]);
        if (c->n - c->i >= l && !memcmp(c->s + c->i, words[k], l)) {
            c->i += l;
            return 0;
        }
    }
    size_t end = c->i;
    while (end < c->n && end - c->i < 40 &&
           ((c->s[end] | 0x20) >= 'a' && (c->s[end] | 0x20) <= 'z'))
        end++;
    return fail(c, c->i, "unknown word '%.*s'; expected a value (true, false, null, a "
                         "number, a \"string\", an object or an array)",
                (int)(end - c->i), (const char *)c->s + c->i);
}

static int check_value(scan *c);

/* Shared by objects and arrays: the separator after a member or element. */
static int check_after_item(scan *c, char close, const char *what, int *more)
{
    char b[16];
    ws(c);
    if (c->i < c->n && c->s[c->i] == ',') {
        size_t comma = c->i++;
        ws(c);
        if (c->i < c->n && c->s[c->i] == close)
            return fail(c, comma, "trailing comma before '%c'; remove it", close);
        *more = 1;
        return 0;
    }
    if (c->i < c->n && c->s[c->i] == close) {
        c->i++;
        *more = 0;
        return 0;
    }
    return fail(c, c->i, "found %s after %s; expected ',' or '%c'", found(c, b, sizeof b),
                what, close);
}

/* 1 when the key whose text (quotes included) is s[from, to) is exactly
 * name, written without escapes. */
static int key_is(const scan *c, size_t from, size_t to, const char *name)
{
    size_t n = strlen(name);
    return to - from == n + 2 && !memcmp(c->s + from + 1, name, n);
}

/* Counts a member of an object at depth 1 (the root) or 2 (a value of the
 * root) against the wanted members; its key is s[from, to), its value
 * starts at c->i. Returns the bits of want whose outer key it is (root). */
static unsigned want_key(scan *c, size_t from, size_t to, unsigned in_outer)
{
    unsigned outer = 0;
    int escaped = memchr(c->s + from, '\\', to - from) != NULL;
    for (size_t k = 0; k < c->nwant; k++) {
        hn__json_text_member *m = &c->want[k];
        if (c->depth == 1) {
            /* A key with escapes might decode to outer: then it is unsure. */
            if (escaped || key_is(c, from, to, m->outer)) {
                m->outer_count += 1 + escaped;
                outer |= 1u << k;
            }
        } else if (in_outer & (1u << k) && (escaped || key_is(c, from, to, m->inner))) {
            m->inner_count += 1 + escaped;
            m->start = c->i;
        }
    }
    return outer;
}

static int check_object(scan *c)
{
    /* Only the root object and the objects that are its values are
     * searched: the depth of an object inside an array is not its own. */
    unsigned in_outer = c->in_outer;
    int search = c->nwant && (c->depth == 1 || (c->depth == 2 && in_outer));
    c->in_outer = 0;
    c->i++;
    ws(c);
    if (c->i < c->n && c->s[c->i] == '}') {
        c->i++;
        return 0;
    }
    for (int more = 1; more;) {
        if (c->i >= c->n || c->s[c->i] != '"')
            return fail_expected(c, "a member name in double quotes");
        size_t key = c->i;
        if (check_string(c))
            return -1;
        size_t key_end = c->i;
        ws(c);
        if (c->i >= c->n || c->s[c->i] != ':')
            return fail_expected(c, "':' after the member name");
        c->i++;
        ws(c);
        unsigned outer = search ? want_key(c, key, key_end, in_outer) : 0;
        c->in_outer = outer;
        size_t value = c->i;
        if (check_value(c))
            return -1;
        c->in_outer = 0;
        /* An object or array is checked with the whitespace after it. */
        size_t end = c->i;
        while (end > value && hn__json_is_ws(c->s[end - 1]))
            end--;
        for (size_t k = 0; search && c->depth == 2 && k < c->nwant; k++)
            if (c->want[k].start == value && (in_outer & (1u << k)))
                c->want[k].end = end;
        if (check_after_item(c, '}', "a member", &more))
            return -1;
        ws(c);
    }
    return 0;
}

static int check_array(scan *c)
{
    c->in_outer = 0;
    c->i++;
    ws(c);
    if (c->i < c->n && c->s[c->i] == ']') {
        c->i++;
        return 0;
    }
    for (int more = 1; more;) {
        if (check_value(c) || check_after_item(c, ']', "an element", &more))
            return -1;
        ws(c);
    }
    return 0;
}

static int check_value(scan *c)
{
    static const char *const value = "a value (an object, an array, a \"string\", a "
                                      "number, true, false or null)";
    if (c->i >= c->n)
        return fail(c, c->i, "unexpected end of the file; expected %s", value);
    unsigned char ch = c->s[c->i];
    if (ch == '{' || ch == '[') {
        if (++c->depth > HN__JSON_TEXT_MAX_DEPTH)
            return fail(c, c->i, "nested deeper than %d levels", HN__JSON_TEXT_MAX_DEPTH);
        int r = ch == '{' ? check_object(c) : check_array(c);
        c->depth--;
        return r;
    }
    if (ch == '"')
        return check_string(c);
    if (ch == '-' || (ch >= '0' && ch <= '9'))
        return check_number(c);
    if ((ch | 0x20) >= 'a' && (ch | 0x20) <= 'z')
        return check_word(c);
    return fail_expected(c, value);
}

/* hn__json_text_check, locating the members of want (nwant) on the way. */
static int check_text(const char *text, size_t len, hn__json_text_error *e,
                      hn__json_text_member *want, size_t nwant)
{
    e->oom = 0;
    scan c = {(const unsigned char *)text, len, 0, 0, e, want, nwant, 0};
    for (size_t k = 0; k < nwant; k++)
        want[k].outer_count = want[k].inner_count = 0, want[k].start = want[k].end = 0;
    c.i = hn__json_skip_bom(c.s, len);
    ws(&c);
    if (c.i >= c.n)
        return fail(&c, c.i, "the file is empty; expected a JSON object");
    if (check_value(&c))
        return -1;
    ws(&c);
    if (c.i < c.n)
        return fail(&c, c.i, "text after the end of the JSON document; a file holds one "
                             "value (is a ',' or a bracket misplaced?)");
    return 0;
}

int hn__json_text_check(const char *text, size_t len, hn__json_text_error *e)
{
    return check_text(text, len, e, NULL, 0);
}

struct cJSON *hn__json_text_parse(const char *text, size_t len, hn__json_text_error *e)
{
    return hn__json_text_parse_find(text, len, e, NULL, 0);
}

struct cJSON *hn__json_text_parse_find(const char *text, size_t len, hn__json_text_error *e,
                                       hn__json_text_member *want, size_t nwant)
{
    if (check_text(text, len, e, want, nwant))
        return NULL;
    size_t bom = hn__json_skip_bom((const unsigned char *)text, len);
    cJSON *doc = cJSON_ParseWithLength(text + bom, len - bom);
    if (!doc) {
        /* The text is valid JSON: cJSON fails only for want of memory. */
        e->oom = 1;
        e->offset = 0;
        snprintf(e->msg, sizeof e->msg, "out of memory");
    }
    return doc;
}

void hn__json_text_linecol(const char *text, size_t len, size_t offset, int *line,
                           int *column)
{
    int l = 1, col = 1;
    const unsigned char *s = (const unsigned char *)text;
    size_t i = hn__json_skip_bom(s, len);
    for (; i < offset && i < len; i++) {
        if (s[i] == '\n')
            l++, col = 1;
        else if ((s[i] & 0xC0) != 0x80)
            col++;
    }
    *line = l;
    *column = col;
}

/* ---- Walking valid text --------------------------------------------- */

static void skip_string(scan *c)
{
    for (c->i++; c->i < c->n && c->s[c->i] != '"'; c->i++)
        if (c->s[c->i] == '\\')
            c->i++;
    c->i++;
}

static void skip_value(scan *c)
{
    unsigned char ch = c->s[c->i];
    if (ch == '"') {
        skip_string(c);
        return;
    }
    if (ch != '{' && ch != '[') {
        while (c->i < c->n && !hn__json_is_ws(c->s[c->i]) && !strchr(",]}", c->s[c->i]))
            c->i++;
        return;
    }
    int depth = 0;
    do {
        ch = c->s[c->i];
        if (ch == '"') {
            skip_string(c);
            continue;
        }
        if (ch == '{' || ch == '[')
            depth++;
        else if (ch == '}' || ch == ']')
            depth--;
        c->i++;
    } while (depth > 0 && c->i < c->n);
}

/* Moves to child k of the container at the cursor; *key gets the offset of
 * its key (objects) or of the element. Returns 0, or -1 when absent. */
static int enter_child(scan *c, int k, size_t *key)
{
    int object = c->s[c->i] == '{';
    c->i++;
    for (int at = 0;; at++) {
        ws(c);
        if (c->i >= c->n || c->s[c->i] == '}' || c->s[c->i] == ']')
            return -1;
        *key = c->i;
        if (object) {
            skip_string(c);
            ws(c);
            c->i++; /* ':' */
            ws(c);
        }
        if (at == k)
            return 0;
        skip_value(c);
        ws(c);
        if (c->i < c->n && c->s[c->i] == ',')
            c->i++;
    }
}

int hn__json_text_locate(const char *text, size_t len, const int *path, size_t depth,
                         int want_key, size_t *start, size_t *end)
{
    scan c = {(const unsigned char *)text, len, 0, 0, NULL, NULL, 0, 0};
    size_t key = 0;
    c.i = hn__json_skip_bom(c.s, len);
    ws(&c);
    for (size_t d = 0; d < depth; d++) {
        if (c.i >= c.n || (c.s[c.i] != '{' && c.s[c.i] != '['))
            return -1;
        if (enter_child(&c, path[d], &key))
            return -1;
    }
    if (want_key && depth) {
        *start = key;
        c.i = key;
        skip_string(&c);
        *end = c.i;
        return 0;
    }
    *start = c.i;
    skip_value(&c);
    *end = c.i;
    return 0;
}
