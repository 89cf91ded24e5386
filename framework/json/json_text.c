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
} scan;

static void ws(scan *c)
{
    while (c->i < c->n && hn__json_is_ws(c->s[c->i]))
        c->i++;
}

/* ---- A scanner's fault in the words of a file's reader ---------------- */

__attribute__((format(printf, 3, 4))) static int say(hn__json_text_error *e, size_t at,
                                                     const char *fmt, ...)
{
    va_list ap;
    e->offset = at;
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
    return -1;
}

/* Describes the byte at s[at] for "found ..." messages. */
static const char *found(const unsigned char *s, size_t n, size_t at, char *buf, size_t size)
{
    if (at >= n)
        return "the end of the file";
    if (s[at] >= 0x21 && s[at] < 0x7F)
        snprintf(buf, size, "'%c'", s[at]);
    else
        snprintf(buf, size, "byte 0x%02X", s[at]);
    return buf;
}

/* Syntax the user may have meant at s[at]: comments, single quotes. */
static int say_expected(hn__json_text_error *e, const unsigned char *s, size_t n, size_t at,
                        const char *what)
{
    char b[16];
    if (at + 1 < n && s[at] == '/' && (s[at + 1] == '/' || s[at + 1] == '*'))
        return say(e, at, "comments are not allowed in JSON; expected %s (a fixture can "
                          "carry a \"description\" field instead)", what);
    if (at < n && s[at] == '\'')
        return say(e, at, "found a single quote; JSON strings use double quotes (expected %s)",
                   what);
    return say(e, at, "found %s; expected %s", found(s, n, at, b, sizeof b), what);
}

/* Words f, a fault of hn__json_scan in text[0..n), into e; returns -1. */
static int word(const char *text, size_t n, const hn__json_scan_error *f,
                hn__json_text_error *e)
{
    static const char *const value = "a value (an object, an array, a \"string\", a "
                                      "number, true, false or null)";
    const unsigned char *s = (const unsigned char *)text;
    size_t at = f->at;
    char b[16];
    e->oom = 0;
    switch (f->fault) {
    case HN__JF_EMPTY:
        return say(e, at, "the file is empty; expected a JSON object");
    case HN__JF_AFTER_END:
        return say(e, at, "text after the end of the JSON document; a file holds one value "
                          "(is a ',' or a bracket misplaced?)");
    case HN__JF_VALUE: {
        if (at >= n)
            return say(e, at, "unexpected end of the file; expected %s", value);
        size_t end = at;
        while (end < n && end - at < 40 && (s[end] | 0x20) >= 'a' && (s[end] | 0x20) <= 'z')
            end++;
        if (end > at)
            return say(e, at, "unknown word '%.*s'; expected a value (true, false, null, a "
                              "number, a \"string\", an object or an array)",
                       (int)(end - at), text + at);
        return say_expected(e, s, n, at, value);
    }
    case HN__JF_KEY:
        return say_expected(e, s, n, at, "a member name in double quotes");
    case HN__JF_COLON:
        return say_expected(e, s, n, at, "':' after the member name");
    case HN__JF_SEPARATOR:
        return say(e, at, "found %s after %s; expected ',' or '%c'", found(s, n, at, b, sizeof b),
                   f->value == '}' ? "a member" : "an element", (char)f->value);
    case HN__JF_TRAILING_COMMA:
        return say(e, f->from, "trailing comma before '%c'; remove it", (char)f->value);
    case HN__JF_UNTERMINATED:
        return say(e, at, "unterminated string; expected a closing '\"'");
    case HN__JF_CONTROL:
        if (f->value == '\n')
            return say(e, at, "line break inside a string; close the string first, or write "
                              "\\n for a line break in it");
        return say(e, at, "control character 0x%02X inside a string; escape it (\\t, \\u00XX)",
                   f->value);
    case HN__JF_UTF8:
        return say(e, at, "invalid UTF-8 byte 0x%02X in string; fixtures are UTF-8 (binary "
                          "payloads go in \"body_base64\")", f->value);
    case HN__JF_ESCAPE:
        return say(e, at, "invalid escape in string; expected one of \\\" \\\\ \\/ \\b \\f \\n "
                          "\\r \\t \\uXXXX");
    case HN__JF_HEX:
        return say(e, at, "\\u must be followed by 4 hexadecimal digits");
    case HN__JF_SURROGATE:
        return say(e, at, "a lone surrogate \\u%04x (half of a UTF-16 pair without the other "
                          "half) is no character; write the character itself, or both halves "
                          "(\\ud83d\\ude00)", f->value);
    case HN__JF_LEADING_ZERO:
        return say(e, f->from, "number with a leading zero; write it without, or as a string "
                               "if the zero matters");
    case HN__JF_MINUS:
        return say(e, f->from, "invalid number; expected a digit after '-'");
    case HN__JF_FRACTION:
        return say(e, at, "invalid number; expected a digit after '.'");
    case HN__JF_EXPONENT:
        return say(e, at, "invalid number; expected a digit in the exponent");
    case HN__JF_DEPTH:
        return say(e, at, "nested deeper than %d levels", HN__JSON_TEXT_MAX_DEPTH);
    case HN__JF_OOM:
    case HN__JF_NONE:
        break;
    }
    e->oom = 1;
    return say(e, 0, "out of memory");
}

int hn__json_text_check(const char *text, size_t len, hn__json_text_error *e)
{
    hn__json_scan_error f;
    if (hn__json_scan(text, len, NULL, NULL, NULL, 0, &f))
        return word(text, len, &f, e);
    e->oom = 0;
    return 0;
}

struct cJSON *hn__json_text_parse(const char *text, size_t len, hn__json_text_error *e)
{
    return hn__json_text_parse_find(text, len, e, NULL, 0);
}

struct cJSON *hn__json_text_parse_find(const char *text, size_t len, hn__json_text_error *e,
                                       hn__json_text_member *want, size_t nwant)
{
    static const hn__json_build malloced = {0};
    hn__json_scan_error f;
    cJSON *doc = NULL;
    if (hn__json_scan(text, len, &malloced, &doc, want, nwant, &f)) {
        word(text, len, &f, e);
        return NULL;
    }
    e->oom = 0;
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
    scan c = {(const unsigned char *)text, len, 0};
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
