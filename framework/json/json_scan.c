/* SPDX-License-Identifier: MIT */
/* json_scan.c: the one strict JSON scanner: what valid JSON is (strings,
 * escapes, surrogates, UTF-8, numbers, depth), cJSON trees built on the way,
 * and a fault with its offsets instead of a worded message. */
#include "json/json_scan.h"
#include "json/json_path.h"
#include "json/json_text_impl.h"

#include <cjson/cJSON.h>

#include <limits.h>
#include <locale.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"

typedef struct scan {
    const unsigned char *s;
    size_t n, i;
    int depth;
    hn__json_scan_error *e;
    const hn__json_build *b;    /* NULL: check only */
    int bump;                   /* b->next set: nodes come from its free space: */
    char *next, *end;           /* this, written back at the end */
    hn__json_text_member *want; /* members to locate on the way, or NULL */
    size_t nwant;
    unsigned in_outer;          /* bits of want whose outer key holds the value being scanned */
} scan;

/* Cold and out of line: the scanning loops keep their registers. */
__attribute__((cold, noinline)) static int fault(scan *c, hn__json_fault f, size_t at,
                                                 unsigned value)
{
    c->e->fault = f;
    c->e->at = c->e->from = c->e->to = at;
    c->e->value = value;
    return -1;
}

static void ws(scan *c)
{
    while (c->i < c->n) {
        unsigned char ch = c->s[c->i];
        if (ch > ' ' || !hn__json_is_ws(ch))
            return; /* one comparison for the usual case, a token */
        c->i++;
    }
}

/* ---- memory of a built tree ------------------------------------------ */

static void *grow(scan *c, size_t n)
{
    const hn__json_build *b = c->b;
    *b->next = c->next;
    void *p = b->grow(b->ctx, n);
    c->next = *b->next;
    c->end = *b->end;
    return p;
}

static inline __attribute__((always_inline)) void *alloc(scan *c, size_t n)
{
    if (!c->bump)
        return cJSON_malloc(n);
    void *p = hn__json_bump(&c->next, c->end, &n);
    return p ? p : grow(c, n);
}

static void release(scan *c, cJSON *node)
{
    if (node && !c->bump)
        cJSON_Delete(node);
}

static inline __attribute__((always_inline)) int node(scan *c, int type, cJSON **out)
{
    cJSON *n = alloc(c, sizeof *n);
    if (!n)
        return fault(c, HN__JF_OOM, c->i, 0);
    memset(n, 0, sizeof *n);
    n->type = type;
    *out = n;
    return 0;
}

/* Appends child v to container t, whose last child is *last (cJSON also
 * keeps the last child in t->child->prev). */
static void link_child(cJSON *t, cJSON **last, cJSON *v)
{
    if (*last) {
        (*last)->next = v;
        v->prev = *last;
    } else {
        t->child = v;
    }
    *last = v;
    t->child->prev = v;
}

/* ---- strings ----------------------------------------------------------- */

int hn__json_text_is_utf8(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0, l; i < n; i += l)
        if (!(l = hn__utf8_len(u + i, n - i)))
            return 0;
    return 1;
}

/* The offset in s[0..n) of the first '"', '\\', byte below 0x20 or byte
 * above 0x7F, or n. Eight bytes at a time where it can: strings are most of
 * a document. */
static size_t special(const unsigned char *s, size_t n)
{
    size_t i = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    for (; i + 8 <= n; i += 8) {
        uint64_t v;
        memcpy(&v, s + i, 8);
        uint64_t q = v ^ (ones * '"'), b = v ^ (ones * '\\');
        /* The high bit of each byte that is '"', '\\', < 0x20 or > 0x7F;
         * bits above the first true one may be false, the lowest is exact. */
        uint64_t m = ((q - ones) & ~q) | ((b - ones) & ~b) | ((v - ones * 0x20) & ~v) | v;
        if (m & highs)
            return i + ((size_t)__builtin_ctzll(m & highs) >> 3);
    }
#endif
    for (; i < n; i++)
        if (s[i] == '"' || s[i] == '\\' || s[i] < 0x20 || s[i] > 0x7F)
            break;
    return i;
}

/* The value of four hex digits at s[at..], -1 when one is not a hex digit,
 * -2 when the text ends first. */
static long hex4(const scan *c, size_t at)
{
    long v = 0;
    for (size_t k = at; k < at + 4; k++) {
        if (k >= c->n)
            return -2;
        unsigned char h = c->s[k];
        if (h >= '0' && h <= '9')
            v = v * 16 + (h - '0');
        else if ((h | 0x20) >= 'a' && (h | 0x20) <= 'f')
            v = v * 16 + ((h | 0x20) - 'a' + 10);
        else
            return -1;
    }
    return v;
}

/* The escape at c->i (on the backslash) of the string opened at open. A text
 * that ends inside an escape leaves the string unterminated. */
__attribute__((noinline)) static int escape(scan *c, size_t open)
{
    size_t at = c->i;
    if (at + 1 >= c->n)
        return fault(c, HN__JF_UNTERMINATED, open, 0);
    unsigned char x = c->s[at + 1];
    if (x != 'u') {
        if (!x || !strchr("\"\\/bfnrt", x))
            return fault(c, HN__JF_ESCAPE, at, 0);
        c->i += 2;
        return 0;
    }
    long v = hex4(c, at + 2);
    if (v < 0)
        return v == -2 ? fault(c, HN__JF_UNTERMINATED, open, 0) : fault(c, HN__JF_HEX, at, 0);
    c->i += 6;
    if (v < 0xD800 || v > 0xDFFF)
        return 0;
    if (v >= 0xDC00)
        return fault(c, HN__JF_SURROGATE, at, (unsigned)v);
    /* A high surrogate: the low half must follow as \uDC00-\uDFFF. */
    size_t lo = c->i;
    long w = lo + 1 >= c->n ? -2 : c->s[lo] != '\\' || c->s[lo + 1] != 'u' ? -1 : hex4(c, lo + 2);
    if (w == -2)
        return fault(c, HN__JF_UNTERMINATED, open, 0);
    if (w < 0xDC00 || w > 0xDFFF)
        return fault(c, HN__JF_SURROGATE, at, (unsigned)v);
    c->i += 6;
    return 0;
}

/* The string at c->i (on its quote), c->i moved past it; *escaped: 1 when it
 * holds an escape. */
static inline __attribute__((always_inline)) int string(scan *c, int *escaped)
{
    size_t open = c->i++;
    *escaped = 0;
    for (;;) {
        c->i += special(c->s + c->i, c->n - c->i);
        if (c->i >= c->n)
            return fault(c, HN__JF_UNTERMINATED, open, 0);
        unsigned char ch = c->s[c->i];
        if (ch == '"') {
            c->i++;
            return 0;
        }
        if (ch == '\\') {
            *escaped = 1;
            if (escape(c, open))
                return -1;
            continue;
        }
        if (ch < 0x20)
            return fault(c, HN__JF_CONTROL, c->i, ch);
        size_t l = hn__utf8_len(c->s + c->i, c->n - c->i);
        if (!l)
            return fault(c, HN__JF_UTF8, c->i, ch);
        c->i += l;
    }
}

/* The checked string text s[from, to) (no quotes) decoded into new storage,
 * NUL-terminated; NULL when memory ran out. */
static inline __attribute__((always_inline)) char *decoded(scan *c, size_t from, size_t to,
                                                          int escaped)
{
    char *out = alloc(c, to - from + 1);
    if (!out)
        return NULL;
    if (!escaped) {
        memcpy(out, c->s + from, to - from);
        out[to - from] = '\0';
        return out;
    }
    size_t bad = 0;
    const char *why = NULL;
    hn__json_path_unescape((const char *)c->s + from, to - from, 0, out, &bad, &why);
    return out;
}

/* ---- numbers ----------------------------------------------------------- */

static const double tens[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                              1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                              1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

static locale_t c_locale;
static pthread_once_t c_locale_once = PTHREAD_ONCE_INIT;
static void make_c_locale(void)
{
    c_locale = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
}

/* The value of a checked number text [from, to): exact fast path when the
 * digits fit in 2^53 and the power of ten is exact, strtod_l otherwise. */
static double number_value(const unsigned char *s, size_t from, size_t to, int neg,
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

static int is_digit(const scan *c, size_t i)
{
    return i < c->n && c->s[i] >= '0' && c->s[i] <= '9';
}

static int number(scan *c, cJSON **out)
{
    size_t from = c->i, i = c->i;
    const unsigned char *s = c->s;
    int neg = 0, digits = 0, is_float = 0;
    uint64_t m = 0;
    long exp10 = 0;
    if (s[i] == '-')
        neg = 1, i++;
    if (!is_digit(c, i)) {
        fault(c, HN__JF_MINUS, i, 0);
        c->e->from = from;
        return -1;
    }
    if (s[i] == '0' && is_digit(c, i + 1)) {
        fault(c, HN__JF_LEADING_ZERO, i, 0);
        c->e->from = from;
        return -1;
    }
    for (; is_digit(c, i); i++) {
        if (digits < 19 && (m || s[i] != '0'))
            m = m * 10 + (uint64_t)(s[i] - '0'), digits++;
        else if (m || s[i] != '0')
            exp10++, digits++; /* digits past 19 only scale (slow path anyway) */
    }
    if (i < c->n && s[i] == '.') {
        is_float = 1;
        if (!is_digit(c, ++i))
            return fault(c, HN__JF_FRACTION, i, 0);
        for (; is_digit(c, i); i++) {
            if (digits < 19) {
                m = m * 10 + (uint64_t)(s[i] - '0');
                exp10--;
                if (m)
                    digits++;
            }
        }
    }
    if (i < c->n && (s[i] == 'e' || s[i] == 'E')) {
        is_float = 1;
        i++;
        int eneg = i < c->n && s[i] == '-';
        if (i < c->n && (s[i] == '-' || s[i] == '+'))
            i++;
        if (!is_digit(c, i))
            return fault(c, HN__JF_EXPONENT, i, 0);
        long e = 0;
        for (; is_digit(c, i); i++)
            if (e < 100000)
                e = e * 10 + (s[i] - '0');
        exp10 += eneg ? -e : e;
    }
    c->i = i;
    if (!c->b)
        return 0;
    if (node(c, cJSON_Number | (is_float ? c->b->float_bit : 0), out))
        return -1;
    double v = number_value(s, from, i, neg, m, digits, exp10);
    (*out)->valuedouble = v;
    (*out)->valueint = v >= INT_MAX ? INT_MAX : v <= (double)INT_MIN ? INT_MIN : (int)v;
    return 0;
}

/* ---- values ------------------------------------------------------------ */

/* true, false or null at c->i; anything else is no value. */
static int literal(scan *c, cJSON **out)
{
    static const struct {
        const char *word;
        size_t n;
        int type;
    } words[] = {{"true", 4, cJSON_True}, {"false", 5, cJSON_False}, {"null", 4, cJSON_NULL}};
    unsigned char ch = c->s[c->i];
    int k = ch == 't' ? 0 : ch == 'f' ? 1 : ch == 'n' ? 2 : -1;
    if (k < 0 || c->n - c->i < words[k].n || memcmp(c->s + c->i, words[k].word, words[k].n))
        return fault(c, HN__JF_VALUE, c->i, 0);
    c->i += words[k].n;
    return c->b ? node(c, words[k].type, out) : 0;
}

static int value(scan *c, cJSON **out);

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

/* After an item of a container that closes with close: a ',' (*more = 1)
 * or the closer (*more = 0). */
static int after_item(scan *c, unsigned char close, int *more)
{
    ws(c);
    if (c->i < c->n && c->s[c->i] == ',') {
        size_t comma = c->i++;
        ws(c);
        if (c->i < c->n && c->s[c->i] == close) {
            fault(c, HN__JF_TRAILING_COMMA, c->i, close);
            c->e->from = comma;
            return -1;
        }
        *more = 1;
        return 0;
    }
    if (c->i < c->n && c->s[c->i] == close) {
        c->i++;
        *more = 0;
        return 0;
    }
    return fault(c, HN__JF_SEPARATOR, c->i, close);
}

/* One member of an object being built as obj: its name and value. */
static int member(scan *c, cJSON *obj, cJSON **last, int search, unsigned in_outer)
{
    size_t key = c->i;
    int escaped;
    if (string(c, &escaped))
        return -1;
    size_t key_end = c->i;
    ws(c);
    if (c->i >= c->n || c->s[c->i] != ':') {
        fault(c, HN__JF_COLON, c->i, 0);
        c->e->from = key;
        c->e->to = key_end;
        return -1;
    }
    c->i++;
    ws(c);
    c->in_outer = search ? want_key(c, key, key_end, in_outer) : 0;
    size_t start = c->i;
    cJSON *v = NULL;
    if (value(c, &v))
        return -1;
    c->in_outer = 0;
    for (size_t k = 0; search && c->depth == 2 && k < c->nwant; k++)
        if (c->want[k].start == start && (in_outer & (1u << k)))
            c->want[k].end = c->i;
    if (!c->b)
        return 0;
    if (!(v->string = decoded(c, key + 1, key_end - 1, escaped))) {
        release(c, v);
        return fault(c, HN__JF_OOM, c->i, 0);
    }
    link_child(obj, last, v);
    return 0;
}

/* An object or array at c->i (on its bracket). */
static int container(scan *c, cJSON **out)
{
    int object = c->s[c->i] == '{';
    unsigned char close = object ? '}' : ']';
    /* Only the root object and the objects that are its values are
     * searched: the depth of an object inside an array is not its own. */
    unsigned in_outer = c->in_outer;
    int search = object && c->nwant && (c->depth == 1 || (c->depth == 2 && in_outer));
    c->in_outer = 0;
    cJSON *t = NULL, *last = NULL;
    if (c->b && node(c, object ? cJSON_Object : cJSON_Array, &t))
        return -1;
    c->i++;
    ws(c);
    if (c->i < c->n && c->s[c->i] == close) {
        c->i++;
        *out = t;
        return 0;
    }
    for (int more = 1, after_comma = 0; more; after_comma = 1) {
        if (object && (c->i >= c->n || c->s[c->i] != '"')) {
            fault(c, HN__JF_KEY, c->i, (unsigned)after_comma);
            goto failed;
        }
        cJSON *v = NULL;
        if (object ? member(c, t, &last, search, in_outer) : value(c, &v))
            goto failed;
        if (v)
            link_child(t, &last, v);
        if (after_item(c, close, &more))
            goto failed;
        ws(c);
    }
    *out = t;
    return 0;
failed:
    release(c, t);
    return -1;
}

static int value(scan *c, cJSON **out)
{
    if (c->i >= c->n)
        return fault(c, HN__JF_VALUE, c->i, 0);
    unsigned char ch = c->s[c->i];
    if (ch == '{' || ch == '[') {
        if (++c->depth > HN__JSON_TEXT_MAX_DEPTH)
            return fault(c, HN__JF_DEPTH, c->i, 0);
        int r = container(c, out);
        c->depth--;
        return r;
    }
    if (ch == '"') {
        size_t open = c->i;
        int escaped;
        if (string(c, &escaped))
            return -1;
        if (!c->b)
            return 0;
        if (node(c, cJSON_String, out))
            return -1;
        if (!((*out)->valuestring = decoded(c, open + 1, c->i - 1, escaped))) {
            release(c, *out);
            *out = NULL;
            return fault(c, HN__JF_OOM, c->i, 0);
        }
        return 0;
    }
    if (ch == '-' || (ch >= '0' && ch <= '9'))
        return number(c, out);
    return literal(c, out);
}

int hn__json_scan(const char *text, size_t len, const hn__json_build *b, struct cJSON **tree,
                  hn__json_text_member *want, size_t nwant, hn__json_scan_error *e)
{
    memset(e, 0, sizeof *e);
    scan c = {(const unsigned char *)(text ? text : ""), text ? len : 0, 0, 0, e, b, 0, NULL,
              NULL, want, nwant, 0};
    if (b && b->next)
        c.bump = 1, c.next = *b->next, c.end = *b->end;
    for (size_t k = 0; k < nwant; k++)
        want[k].outer_count = want[k].inner_count = 0, want[k].start = want[k].end = 0;
    if (tree)
        *tree = NULL;
    c.i = hn__json_skip_bom(c.s, c.n);
    ws(&c);
    if (c.i >= c.n)
        return fault(&c, HN__JF_EMPTY, c.i, 0);
    cJSON *root = NULL;
    int r = value(&c, &root);
    ws(&c);
    if (!r && c.i < c.n) {
        if (b)
            release(&c, root);
        r = fault(&c, HN__JF_AFTER_END, c.i, 0);
    }
    if (c.bump)
        *b->next = c.next;
    if (tree && !r)
        *tree = root;
    return r;
}
