/* SPDX-License-Identifier: MIT */
/* buf.h: the one growable byte buffer, kept NUL-terminated, for building
 * messages, reports and JSON; and the escapes they need. Out of memory aborts
 * (the framework cannot report without memory), unless the buffer is soft. */
/* The component framework/base/: growable buffers, atomic file replace, raw
 * system calls, the seeded RNG, the monotonic clock. It uses nothing but the C
 * library and the system (framework/LAYERS); this is its main header. */
#ifndef HN_BUF_H
#define HN_BUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct hn__buf {
    char *data; /* NUL-terminated; NULL until the first append */
    size_t len;
    size_t cap;
    /* Set soft = 1 before the first append for a buffer behind a public
     * function documented to return NULL when out of memory: running out
     * then frees the contents, sets oom, and ignores later appends, and
     * hn__buf_take returns NULL. A zeroed buffer is not soft. */
    int soft;
    int oom;
} hn__buf;

/* Appends n bytes. */
void hn__buf_add(hn__buf *b, const void *p, size_t n);
/* Appends a NUL-terminated string. */
void hn__buf_puts(hn__buf *b, const char *s);
/* Appends printf-style text. */
void hn__buf_printf(hn__buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void hn__buf_vprintf(hn__buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Appends s as a C string literal body (quotes not included): escapes
 * quotes, backslashes and control bytes; n bytes of s. */
void hn__buf_escape_c(hn__buf *b, const char *s, size_t n);
/* The JSON escape of byte c (\" \\ \n \r \t, or \u00XX for another
 * control byte) into out, NUL-terminated; returns its length, or 0 when c
 * stands for itself. The one JSON escaper: every writer of JSON text uses
 * it, directly or through hn__buf_escape_json. */
size_t hn__json_escape_char(unsigned char c, char out[8]);
/* Appends s (n bytes) escaped for a JSON string (quotes not included);
 * bytes that are not valid UTF-8 are written as U+FFFD. */
void hn__buf_escape_json(hn__buf *b, const char *s, size_t n);
/* Appends s as a quoted JSON string ("" quotes included); NULL as "". */
void hn__buf_quote_json(hn__buf *b, const char *s);
/* Appends s (n bytes) escaped for XML text and attributes; bytes that XML
 * 1.0 cannot carry are written as U+FFFD. */
void hn__buf_escape_xml(hn__buf *b, const char *s, size_t n);
/* Standard base64 (RFC 4648, with padding) of n bytes at p: a malloc'd
 * NUL-terminated string the caller frees, or NULL when out of memory. */
char *hn__base64(const void *p, size_t n);
/* Returns the contents ("" when empty); the buffer keeps ownership. */
const char *hn__buf_str(const hn__buf *b);
/* Hands the contents to the caller (malloc'd; "" when empty) and empties b.
 * NULL only for a soft buffer that ran out of memory. */
char *hn__buf_take(hn__buf *b);
/* Empties b and keeps its memory for the next contents (a scratch buffer
 * reused many times allocates once); an out-of-memory mark stays. */
void hn__buf_clear(hn__buf *b);
/* Frees the contents. */
void hn__buf_free(hn__buf *b);

#endif
