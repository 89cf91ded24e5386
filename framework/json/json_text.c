/* SPDX-License-Identifier: MIT */
/* json_text.c: JSON source text, which cJSON does not keep: syntax errors with
 * their offset, where a key or value sits, compacting and re-indenting. */
#include "json/json_text.h"

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

static size_t skip_bom(const unsigned char *s, size_t n)
{
    return n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF ? 3 : 0;
}

static int is_ws(unsigned char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

static void ws(scan *c)
{
    while (c->i < c->n && is_ws(c->s[c->i]))
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

static int check_object(scan *c)
{
    c->i++;
    ws(c);
    if (c->i < c->n && c->s[c->i] == '}') {
        c->i++;
        return 0;
    }
    for (int more = 1; more;) {
        if (c->i >= c->n || c->s[c->i] != '"')
            return fail_expected(c, "a member name in double quotes");
        if (check_string(c))
            return -1;
        ws(c);
        if (c->i >= c->n || c->s[c->i] != ':')
            return fail_expected(c, "':' after the member name");
        c->i++;
        ws(c);
        if (check_value(c) || check_after_item(c, '}', "a member", &more))
            return -1;
        ws(c);
    }
    return 0;
}

static int check_array(scan *c)
{
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

int hn__json_text_check(const char *text, size_t len, hn__json_text_error *e)
{
    scan c = {(const unsigned char *)text, len, 0, 0, e};
    c.i = skip_bom(c.s, len);
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

void hn__json_text_linecol(const char *text, size_t len, size_t offset, int *line,
                           int *column)
{
    int l = 1, col = 1;
    const unsigned char *s = (const unsigned char *)text;
    size_t i = skip_bom(s, len);
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
        while (c->i < c->n && !is_ws(c->s[c->i]) && !strchr(",]}", c->s[c->i]))
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
    scan c = {(const unsigned char *)text, len, 0, 0, NULL};
    size_t key = 0;
    c.i = skip_bom(c.s, len);
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

/* ---- Re-spacing ------------------------------------------------------ */

/* Copies a string token at s[*i] to b, advancing *i past it. */
static void copy_string(hn__buf *b, const char *s, size_t n, size_t *i)
{
    size_t from = (*i)++;
    while (*i < n && s[*i] != '"')
        *i += s[*i] == '\\' ? 2 : 1;
    (*i)++;
    hn__buf_add(b, s + from, *i - from);
}

static void newline(hn__buf *b, int depth)
{
    hn__buf_puts(b, "\n");
    for (int k = 0; k < depth; k++)
        hn__buf_puts(b, "  ");
}

/* The next byte that is not whitespace at or after i, or 0. */
static char peek(const char *s, size_t n, size_t i)
{
    while (i < n && is_ws((unsigned char)s[i]))
        i++;
    return i < n ? s[i] : 0;
}

static char *respace(const char *text, size_t len, size_t *out_len, int pretty)
{
    hn__buf b = {0};
    int depth = 0;
    size_t i = skip_bom((const unsigned char *)text, len);
    while (i < len) {
        char ch = text[i];
        if (ch == '"') {
            copy_string(&b, text, len, &i);
            continue;
        }
        i++;
        if (is_ws((unsigned char)ch))
            continue;
        if (!pretty) {
            hn__buf_add(&b, &ch, 1);
        } else if (ch == '{' || ch == '[') {
            char close = ch == '{' ? '}' : ']';
            hn__buf_add(&b, &ch, 1);
            if (peek(text, len, i) == close) {
                while (text[i] != close)
                    i++;
                hn__buf_add(&b, text + i++, 1);
            } else {
                newline(&b, ++depth);
            }
        } else if (ch == '}' || ch == ']') {
            newline(&b, --depth);
            hn__buf_add(&b, &ch, 1);
        } else if (ch == ',') {
            hn__buf_puts(&b, ",");
            newline(&b, depth);
        } else if (ch == ':') {
            hn__buf_puts(&b, ": ");
        } else {
            hn__buf_add(&b, &ch, 1);
        }
    }
    if (out_len)
        *out_len = b.len;
    return hn__buf_take(&b);
}

char *hn__json_text_compact(const char *text, size_t len, size_t *out_len)
{
    return respace(text, len, out_len, 0);
}

char *hn__json_text_pretty(const char *text, size_t len, size_t *out_len)
{
    return respace(text, len, out_len, 1);
}
