/* SPDX-License-Identifier: MIT */
/* json_scan.h: the one strict JSON scanner (RFC 8259, UTF-8): it says what is
 * valid JSON for every reader in honest, builds cJSON trees on the way when
 * asked, and reports a syntax error as a fault its caller words. */
#ifndef HN_JSON_SCAN_H
#define HN_JSON_SCAN_H

#include <stddef.h>

/* Deepest nesting accepted (as cJSON's own limit). */
#define HN__JSON_TEXT_MAX_DEPTH 1000

struct cJSON;

/* What was wrong with the text. Each user words it in its own voice; the
 * offsets say where (text[at], which may be the end of the text). */
typedef enum hn__json_fault {
    HN__JF_NONE = 0,
    HN__JF_EMPTY,         /* nothing but white space (at: the end) */
    HN__JF_AFTER_END,     /* text after the document (at: its first byte) */
    HN__JF_VALUE,         /* no value where one belongs (at: what is there) */
    HN__JF_KEY,           /* no '"' where a member name belongs; value: 1 after a ',' */
    HN__JF_COLON,         /* no ':' after a member name (from, to: the name, quotes included) */
    HN__JF_SEPARATOR,     /* no ',' or closer after an item (value: the closer) */
    HN__JF_TRAILING_COMMA,/* a ',' before a closer (at: the closer, from: the ','; value: the closer) */
    HN__JF_UNTERMINATED,  /* a string the text ends in (at: its opening quote) */
    HN__JF_CONTROL,       /* a raw byte below 0x20 in a string (value: the byte) */
    HN__JF_UTF8,          /* a byte that starts no valid UTF-8 sequence in a string (value) */
    HN__JF_ESCAPE,        /* an unknown escape (at: the backslash) */
    HN__JF_HEX,           /* \u without four hex digits (at: the backslash) */
    HN__JF_SURROGATE,     /* a lone UTF-16 surrogate (at: the backslash; value: it) */
    HN__JF_LEADING_ZERO,  /* a number with a leading zero (at: the zero; from: the number) */
    HN__JF_MINUS,         /* a '-' without digits (at: after it; from: the '-') */
    HN__JF_FRACTION,      /* a '.' without digits (at: after it) */
    HN__JF_EXPONENT,      /* an exponent without digits (at: where a digit belongs) */
    HN__JF_DEPTH,         /* nested deeper than HN__JSON_TEXT_MAX_DEPTH (at: the bracket) */
    HN__JF_OOM            /* memory ran out while building (not a syntax error) */
} hn__json_fault;

typedef struct hn__json_scan_error {
    hn__json_fault fault;
    size_t at;      /* byte offset of the problem */
    size_t from;    /* the start of what holds it (see the fault), else at */
    size_t to;      /* HN__JF_COLON: the end of the member name, else at */
    unsigned value; /* the byte, closer or surrogate the fault names, else 0 */
} hn__json_scan_error;

/* How hn__json_scan builds a tree. With next set, nodes and strings come
 * from the free space [*next, *end), 8-aligned, and grow(ctx, n) gives n
 * more bytes (NULL: out of memory) when it is full; they are never freed one
 * by one. With next NULL they come from cJSON_malloc and the tree is freed
 * with cJSON_Delete (a failed scan frees what it built). */
typedef struct hn__json_build {
    char **next, **end;
    void *(*grow)(void *ctx, size_t n);
    void *ctx;
    int float_bit; /* added to the type of numbers written with '.' or an exponent */
} hn__json_build;

/* 1 when s[0..n) is valid UTF-8 (no overlong forms, no surrogates), else 0:
 * the test the scanner applies inside strings. */
int hn__json_text_is_utf8(const char *s, size_t n);

/* n bytes, rounded up to 8 (*n gets the rounded size), from the free space
 * [*next, end), or NULL when it is too small: the fast path of the bump
 * allocators (hn__json_scan's builds, the differ's arena). */
static inline void *hn__json_bump(char **next, char *end, size_t *n)
{
    *n = (*n + 7) & ~(size_t)7;
    if ((size_t)(end - *next) < *n)
        return NULL;
    void *p = *next;
    *next += *n;
    return p;
}

/* A member to locate while the text is checked: root["outer"]["inner"]. */
typedef struct hn__json_text_member {
    const char *outer, *inner; /* in: keys (matched as written, no escapes) */
    size_t start, end;         /* out: the byte range of the value */
    int outer_count;           /* out: root members that are (or may be) outer */
    int inner_count;           /* out: members of those that are (or may be) inner */
} hn__json_text_member;
/* The range is exact when outer_count and inner_count are both 1 (a key
 * written with escapes counts twice, as it might be either): then it is
 * the member cJSON finds, and hn__json_text_locate would give the same. */
#define HN__JSON_TEXT_FOUND(m) ((m)->outer_count == 1 && (m)->inner_count == 1)

/* Scans text[0..len) (NULL is empty) as exactly one JSON document: RFC 8259,
 * valid UTF-8 in strings, no lone surrogates, an optional UTF-8 byte order
 * mark, nesting up to HN__JSON_TEXT_MAX_DEPTH. With b, builds the tree into
 * *tree as b says (keys and strings decoded, "\u0000" ending a C string as
 * in cJSON); without, only checks (tree may be NULL). Locates the members
 * of want (nwant, at most 32) on the way. Returns 0, or -1 with *e filled
 * (HN__JF_OOM: memory ran out while building) and *tree NULL. */
int hn__json_scan(const char *text, size_t len, const hn__json_build *b, struct cJSON **tree,
                  hn__json_text_member *want, size_t nwant, hn__json_scan_error *e);

#endif
