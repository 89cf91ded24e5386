/* SPDX-License-Identifier: MIT */
/* buf.c: growable NUL-terminated byte buffers and the escapes reports need. */
#include "base/buf.h"
#include "base/sys.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"

/* Makes room for more bytes and the NUL. Returns 0, or -1 when a soft
 * buffer ran out of memory (a buffer that is not soft aborts). */
static int reserve(hn__buf *b, size_t more)
{
    if (b->oom)
        return -1;
    if (b->len + more + 1 <= b->cap && more < SIZE_MAX / 2)
        return 0;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + more + 1 && cap <= SIZE_MAX / 2)
        cap *= 2;
    char *p = cap >= b->len + more + 1 && more < SIZE_MAX / 2 ? realloc(b->data, cap) : NULL;
    if (!p) {
        if (!b->soft) {
            fputs("honest: out of memory\n", stderr);
            abort();
        }
        free(b->data);
        b->data = NULL;
        b->len = b->cap = 0;
        b->oom = 1;
        return -1;
    }
    b->data = p;
    b->cap = cap;
    return 0;
}

HN__TEST_PATH void hn__buf_add(hn__buf *b, const void *p, size_t n)
{
    if (reserve(b, n) != 0)
        return;
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void hn__buf_puts(hn__buf *b, const char *s)
{
    hn__buf_add(b, s, strlen(s));
}

void hn__buf_vprintf(hn__buf *b, const char *fmt, va_list ap)
{
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    if (n < 0 || reserve(b, (size_t)n) != 0)
        return;
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

void hn__buf_printf(hn__buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    hn__buf_vprintf(b, fmt, ap);
    va_end(ap);
}

/* The two-character escape C and JSON share for c, or NULL. */
static const char *short_escape(unsigned char c)
{
    switch (c) {
    case '"': return "\\\"";
    case '\\': return "\\\\";
    case '\n': return "\\n";
    case '\r': return "\\r";
    case '\t': return "\\t";
    default: return NULL;
    }
}

void hn__buf_escape_c(hn__buf *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        const char *esc = short_escape(c);
        if (esc)
            hn__buf_puts(b, esc);
        else if (c < 0x20 || c == 0x7f)
            hn__buf_printf(b, "\\x%02x", c);
        else
            hn__buf_add(b, &s[i], 1);
    }
}

void hn__buf_quote_json(hn__buf *b, const char *s)
{
    hn__buf_puts(b, "\"");
    if (s)
        hn__buf_escape_json(b, s, strlen(s));
    hn__buf_puts(b, "\"");
}

size_t hn__json_escape_char(unsigned char c, char out[8])
{
    const char *esc = short_escape(c);
    if (esc)
        return (size_t)snprintf(out, 8, "%s", esc);
    if (c < 0x20)
        return (size_t)snprintf(out, 8, "\\u%04x", c);
    out[0] = '\0';
    return 0;
}

void hn__buf_escape_json(hn__buf *b, const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        unsigned char c = u[i];
        size_t len = hn__utf8_len(u + i, n - i);
        i += len ? len : 1;
        if (len == 0) {
            /* JSON is UTF-8: a byte that is not gets U+FFFD, as in XML. */
            hn__buf_puts(b, "\xef\xbf\xbd");
            continue;
        }
        char esc[8];
        size_t elen = hn__json_escape_char(c, esc);
        hn__buf_add(b, elen ? esc : (const char *)u + i - len, elen ? elen : len);
    }
}

void hn__buf_escape_xml(hn__buf *b, const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        unsigned char c = u[i];
        size_t len = hn__utf8_len(u + i, n - i);
        if (len == 0 || (c < 0x20 && c != '\n' && c != '\t' && c != '\r')) {
            hn__buf_puts(b, "\xef\xbf\xbd");
            i++;
            continue;
        }
        switch (c) {
        case '<': hn__buf_puts(b, "&lt;"); break;
        case '>': hn__buf_puts(b, "&gt;"); break;
        case '&': hn__buf_puts(b, "&amp;"); break;
        case '"': hn__buf_puts(b, "&quot;"); break;
        case '\n': hn__buf_puts(b, "&#10;"); break;
        case '\r': hn__buf_puts(b, "&#13;"); break;
        case '\t': hn__buf_puts(b, "&#9;"); break;
        default: hn__buf_add(b, u + i, len);
        }
        i += len;
    }
}

char *hn__base64(const void *data, size_t n)
{
    static const char abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const unsigned char *p = data;
    char *out = malloc((n + 2) / 3 * 4 + 1), *o = out;
    if (!out)
        return NULL;
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned)p[i] << 16 | (i + 1 < n ? (unsigned)p[i + 1] << 8 : 0) |
                     (i + 2 < n ? p[i + 2] : 0);
        *o++ = abc[v >> 18];
        *o++ = abc[(v >> 12) & 63];
        *o++ = i + 1 < n ? abc[(v >> 6) & 63] : '=';
        *o++ = i + 2 < n ? abc[v & 63] : '=';
    }
    *o = '\0';
    return out;
}

const char *hn__buf_str(const hn__buf *b)
{
    return b->data ? b->data : "";
}

HN__TEST_PATH char *hn__buf_take(hn__buf *b)
{
    if (!b->data)
        hn__buf_add(b, "", 0);
    char *p = b->data;
    b->data = NULL;
    b->len = b->cap = 0;
    b->oom = 0;
    return p;
}

void hn__buf_clear(hn__buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

HN__TEST_PATH void hn__buf_free(hn__buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
    b->oom = 0;
}
