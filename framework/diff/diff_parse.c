/* SPDX-License-Identifier: MIT */
/* diff_parse.c: a strict JSON parser building cJSON trees, with line:column
 * errors that say what was expected, floats marked as written, and an arena
 * mode for trees that live only as long as one comparison. */
#include "diff/diff_impl.h"

#include <limits.h>
#include <locale.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "json/json_text.h"

#define MAX_DEPTH 1000

typedef struct ps {
    const char *s;
    size_t len, at;
    int depth;
    hn__diff_arena *arena; /* NULL: every node from cJSON_malloc */
    hn_diff_error *err;
} ps;

static void *alloc(ps *p, size_t n)
{
    return p->arena ? hn__diff_arena_alloc(p->arena, n) : cJSON_malloc(n);
}

static void release(ps *p, cJSON *node)
{
    if (!p->arena && node)
        cJSON_Delete(node);
}

static cJSON *fail(ps *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static cJSON *fail(ps *p, const char *fmt, ...)
{
    if (p->err && !p->err->line) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(p->err->text, sizeof p->err->text, fmt, ap);
        va_end(ap);
        hn__json_text_linecol(p->s, p->len, p->at, &p->err->line, &p->err->column);
    }
    return NULL;
}

/* Names what sits at the parse position, for messages. */
static const char *found(ps *p, char *buf, size_t cap)
{
    if (p->at >= p->len)
        return "the end of the text";
    unsigned char c = (unsigned char)p->s[p->at];
    if (c >= 0x20 && c < 0x7F)
        snprintf(buf, cap, "'%c'", c);
    else
        snprintf(buf, cap, "byte 0x%02X", c);
    return buf;
}

static void skip_ws(ps *p)
{
    while (p->at < p->len) {
        unsigned char c = (unsigned char)p->s[p->at];
        if (c > ' ' || (c != ' ' && c != '\n' && c != '\r' && c != '\t'))
            return; /* one comparison for the usual case, a token */
        p->at++;
    }
}

static cJSON *new_node(ps *p, int type)
{
    cJSON *n = alloc(p, sizeof *n);
    if (!n)
        return fail(p, "out of memory");
    memset(n, 0, sizeof *n);
    n->type = type;
    return n;
}

/* The offset in s[0..n) of the first quote, backslash or control byte, or
 * n. Eight bytes at a time where it can: strings are most of a document. */
static size_t special(const char *s, size_t n)
{
    size_t i = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    for (; i + 8 <= n; i += 8) {
        uint64_t v;
        memcpy(&v, s + i, 8);
        uint64_t q = v ^ (ones * '"'), b = v ^ (ones * '\\');
        /* The high bit of each byte that is '"', '\\' or < 0x20; bits above
         * the first true one may be false, the lowest is exact. */
        uint64_t m = ((q - ones) & ~q) | ((b - ones) & ~b) | ((v - ones * 0x20) & ~v);
        if (m & highs)
            return i + ((size_t)__builtin_ctzll(m & highs) >> 3);
    }
#endif
    for (; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\' || c < 0x20)
            break;
    }
    return i;
}

/* A string at p->at (on the quote) into new storage (NUL-terminated). */
static char *string(ps *p)
{
    size_t start = ++p->at, end = start;
    int escapes = 0;
    for (;;) {
        size_t hit = special(p->s + end, p->len - end);
        end += hit;
        if (end >= p->len)
            break;
        unsigned char c = (unsigned char)p->s[end];
        if (c == '"')
            break;
        if (c < 0x20) {
            p->at = end;
            fail(p, "a raw control character (0x%02X) inside a string: write it escaped (\\n, \\t, \\u00%02X)", c, c);
            return NULL;
        }
        escapes = 1; /* a backslash: skip it and the byte it escapes */
        if (p->len - end < 2) {
            end = p->len; /* the text ends on the backslash: never read past it */
            break;
        }
        end += 2;
    }
    if (end >= p->len) {
        p->at = start - 1;
        fail(p, "a string that never ends: add the closing '\"'");
        return NULL;
    }
    char *out = alloc(p, end - start + 1);
    if (!out) {
        fail(p, "out of memory");
        return NULL;
    }
    if (!escapes) {
        memcpy(out, p->s + start, end - start);
        out[end - start] = '\0';
        p->at = end + 1;
        return out;
    }
    size_t bad = 0;
    const char *why = NULL;
    if (hn__json_path_unescape(p->s + start, end - start, 0, out, &bad, &why) == SIZE_MAX) {
        p->at = start + bad;
        fail(p, "%s in a string", why);
        if (!p->arena)
            cJSON_free(out);
        return NULL;
    }
    p->at = end + 1;
    return out;
}

static const double tens[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                              1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                              1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

static locale_t c_locale;
static pthread_once_t c_locale_once = PTHREAD_ONCE_INIT;
static void make_c_locale(void)
{
    c_locale = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
}

/* The value of a validated number text [from, to): exact fast path when the
 * digits fit in 2^53 and the power of ten is exact, strtod_l otherwise. */
static double number_value(const char *s, size_t from, size_t to, int neg,
                           uint64_t m, int digits, long exp10)
{
    if (digits <= 15 && exp10 >= -22 && exp10 <= 22) {
        double v = exp10 >= 0 ? (double)m * tens[exp10] : (double)m / tens[-exp10];
        return neg ? -v : v;
    }
    char small[64], *buf = to - from < sizeof small ? small : malloc(to - from + 1);
    if (!buf)
        return 0;
    memcpy(buf, s + from, to - from);
    buf[to - from] = '\0';
    pthread_once(&c_locale_once, make_c_locale);
    double v = c_locale ? strtod_l(buf, NULL, c_locale) : strtod(buf, NULL);
    if (buf != small)
        free(buf);
    return v;
}

static cJSON *number(ps *p)
{
    size_t from = p->at, i = p->at;
    const char *s = p->s;
    int neg = 0, digits = 0, is_float = 0;
    uint64_t m = 0;
    long exp10 = 0;
    if (s[i] == '-') {
        neg = 1;
        i++;
    }
    if (i >= p->len || s[i] < '0' || s[i] > '9') {
        p->at = i;
        return fail(p, "a '-' must be followed by digits");
    }
    if (s[i] == '0' && i + 1 < p->len && s[i + 1] >= '0' && s[i + 1] <= '9') {
        p->at = i;
        return fail(p, "a number with a leading zero: JSON numbers do not start with 0 unless they are 0 or 0.x");
    }
    for (; i < p->len && s[i] >= '0' && s[i] <= '9'; i++) {
        if (digits < 19 && (m || s[i] != '0'))
            m = m * 10 + (uint64_t)(s[i] - '0'), digits++;
        else if (m || s[i] != '0')
            exp10++, digits++; /* digits past 19 only scale (slow path anyway) */
    }
    if (i < p->len && s[i] == '.') {
        is_float = 1;
        if (++i >= p->len || s[i] < '0' || s[i] > '9') {
            p->at = i;
            return fail(p, "a '.' in a number must be followed by digits (write 1.0, not 1.)");
        }
        for (; i < p->len && s[i] >= '0' && s[i] <= '9'; i++) {
            if (digits < 19) {
                m = m * 10 + (uint64_t)(s[i] - '0');
                exp10--;
                if (m)
                    digits++;
            }
        }
    }
    if (i < p->len && (s[i] == 'e' || s[i] == 'E')) {
        is_float = 1;
        i++;
        int eneg = i < p->len && s[i] == '-';
        if (i < p->len && (s[i] == '-' || s[i] == '+'))
            i++;
        if (i >= p->len || s[i] < '0' || s[i] > '9') {
            p->at = i;
            return fail(p, "an exponent must have digits (write 1e5 or 1e-5)");
        }
        long e = 0;
        for (; i < p->len && s[i] >= '0' && s[i] <= '9'; i++)
            if (e < 100000)
                e = e * 10 + (s[i] - '0');
        exp10 += eneg ? -e : e;
    }
    cJSON *n = new_node(p, cJSON_Number | (is_float ? HN_DIFF_FLOAT_BIT : 0));
    if (!n)
        return NULL;
    double v = number_value(s, from, i, neg, m, digits, exp10);
    n->valuedouble = v;
    n->valueint = v >= INT_MAX ? INT_MAX : v <= (double)INT_MIN ? INT_MIN : (int)v;
    p->at = i;
    return n;
}

static cJSON *value(ps *p);

/* Appends child v to container c, whose last child is *last (cJSON also
 * keeps the last child in c->child->prev). */
static void link_child(cJSON *c, cJSON **last, cJSON *v)
{
    if (*last) {
        (*last)->next = v;
        v->prev = *last;
    } else {
        c->child = v;
    }
    *last = v;
    c->child->prev = v;
}

/* After a ',' in a container: names a trailing comma before the closer. */
static cJSON *expected_after(ps *p, const char *what, char closer)
{
    char buf[32];
    if (p->at < p->len && p->s[p->at] == closer)
        return fail(p, "a trailing comma before '%c': remove the comma (JSON has no trailing commas)", closer);
    return fail(p, "expected %s but found %s", what, found(p, buf, sizeof buf));
}

static cJSON *array(ps *p)
{
    cJSON *arr = new_node(p, cJSON_Array), *last = NULL;
    char buf[32];
    if (!arr)
        return NULL;
    p->at++;
    skip_ws(p);
    if (p->at < p->len && p->s[p->at] == ']') {
        p->at++;
        return arr;
    }
    for (;;) {
        cJSON *v = value(p);
        if (!v)
            return release(p, arr), NULL;
        link_child(arr, &last, v);
        skip_ws(p);
        if (p->at < p->len && p->s[p->at] == ']') {
            p->at++;
            return arr;
        }
        if (p->at >= p->len || p->s[p->at] != ',') {
            fail(p, "expected ',' or ']' after an array element but found %s", found(p, buf, sizeof buf));
            return release(p, arr), NULL;
        }
        p->at++;
        skip_ws(p);
        if (p->at < p->len && p->s[p->at] == ']') {
            expected_after(p, "a value", ']');
            return release(p, arr), NULL;
        }
    }
}

static cJSON *object(ps *p)
{
    cJSON *obj = new_node(p, cJSON_Object), *last = NULL;
    char buf[32];
    if (!obj)
        return NULL;
    p->at++;
    skip_ws(p);
    if (p->at < p->len && p->s[p->at] == '}') {
        p->at++;
        return obj;
    }
    for (;;) {
        if (p->at >= p->len || p->s[p->at] != '"') {
            if (last)
                expected_after(p, "a member name in double quotes", '}');
            else if (p->at < p->len && p->s[p->at] == '\'')
                fail(p, "a member name in single quotes: JSON uses double quotes");
            else
                fail(p, "expected a member name in double quotes or '}' but found %s", found(p, buf, sizeof buf));
            return release(p, obj), NULL;
        }
        char *key = string(p);
        if (!key)
            return release(p, obj), NULL;
        skip_ws(p);
        if (p->at >= p->len || p->s[p->at] != ':') {
            fail(p, "expected ':' after the member name \"%.40s\" but found %s", key, found(p, buf, sizeof buf));
            if (!p->arena)
                cJSON_free(key);
            return release(p, obj), NULL;
        }
        p->at++;
        cJSON *v = value(p);
        if (!v) {
            if (!p->arena)
                cJSON_free(key);
            return release(p, obj), NULL;
        }
        v->string = key;
        link_child(obj, &last, v);
        skip_ws(p);
        if (p->at < p->len && p->s[p->at] == '}') {
            p->at++;
            return obj;
        }
        if (p->at >= p->len || p->s[p->at] != ',') {
            fail(p, "expected ',' or '}' after an object member but found %s", found(p, buf, sizeof buf));
            return release(p, obj), NULL;
        }
        p->at++;
        skip_ws(p);
    }
}

/* true, false or null at p->at, or NULL (with nothing consumed). */
static cJSON *literal(ps *p)
{
    static const struct {
        const char *word;
        size_t n;
        int type;
    } words[] = {{"true", 4, cJSON_True}, {"false", 5, cJSON_False}, {"null", 4, cJSON_NULL}};
    char c = p->s[p->at];
    int i = c == 't' ? 0 : c == 'f' ? 1 : c == 'n' ? 2 : -1;
    if (i < 0 || p->len - p->at < words[i].n || memcmp(p->s + p->at, words[i].word, words[i].n))
        return NULL;
    p->at += words[i].n;
    return new_node(p, words[i].type);
}

static cJSON *value(ps *p)
{
    char buf[32];
    skip_ws(p);
    if (p->at >= p->len)
        return fail(p, "the text ends where a value (object, array, string, number, true, false or null) was expected");
    char c = p->s[p->at];
    cJSON *n = NULL;
    if (c == '{' || c == '[') {
        if (++p->depth > MAX_DEPTH)
            return fail(p, "nested deeper than %d levels", MAX_DEPTH);
        n = c == '{' ? object(p) : array(p);
        p->depth--;
        return n;
    }
    if (c == '"') {
        char *s = string(p);
        if (!s)
            return NULL;
        n = new_node(p, cJSON_String);
        if (n)
            n->valuestring = s;
        else if (!p->arena)
            cJSON_free(s);
        return n;
    }
    if (c == '-' || (c >= '0' && c <= '9'))
        return number(p);
    if ((n = literal(p)))
        return n;
    if (p->err && p->err->line)
        return NULL; /* out of memory in literal() */
    if (c == '\'')
        return fail(p, "a string in single quotes: JSON strings use double quotes");
    if (c == '/')
        return fail(p, "a comment: JSON has no comments, remove it");
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
        size_t n = 0;
        while (n < 24 && p->at + n < p->len && strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_",
                                                      p->s[p->at + n]) && p->s[p->at + n])
            n++;
        return fail(p, "expected a value but found the word '%.*s': JSON's words are true, false and null "
                       "(NaN and Infinity are not JSON), and strings need double quotes", (int)n, p->s + p->at);
    }
    return fail(p, "expected a value (object, array, string, number, true, false or null) but found %s",
                found(p, buf, sizeof buf));
}

static cJSON *parse(ps *p)
{
    if (p->len >= 3 && !memcmp(p->s, "\xEF\xBB\xBF", 3))
        p->at = 3;
    skip_ws(p);
    if (p->at >= p->len)
        return fail(p, "the text is empty: a JSON document holds one value (for example {} or [])");
    cJSON *root = value(p);
    if (!root)
        return NULL;
    skip_ws(p);
    if (p->at < p->len) {
        char buf[32];
        fail(p, "unexpected %s after the end of the JSON value: a document holds one value",
             found(p, buf, sizeof buf));
        release(p, root);
        return NULL;
    }
    return root;
}

struct cJSON *hn_diff_parse(const char *text, size_t len, hn_diff_error *err)
{
    if (err)
        memset(err, 0, sizeof *err);
    ps p = {.s = text ? text : "", .len = text ? len : 0, .err = err};
    return parse(&p);
}

struct cJSON *hn__diff_parse_arena(const char *text, size_t len, hn__diff_arena **arena,
                                   hn_diff_error *err)
{
    if (err)
        memset(err, 0, sizeof *err);
    *arena = hn__diff_arena_new();
    ps p = {.s = text ? text : "", .len = text ? len : 0, .arena = *arena, .err = err};
    if (!*arena)
        return fail(&p, "out of memory");
    cJSON *root = parse(&p);
    if (!root) {
        hn__diff_arena_free(*arena);
        *arena = NULL;
    }
    return root;
}
