/* SPDX-License-Identifier: MIT */
/* ctok.h: a small C tokenizer for `honest audit`'s source scan and
 * `honest migrate`'s rewrites: it knows comments, string and character
 * literals, preprocessor lines and braces, so that canned text is found in
 * code, never in a comment, and rewritten at its exact bytes. */
#ifndef HN_AUDIT_CTOK_H
#define HN_AUDIT_CTOK_H

#include <stddef.h>

#include "base/buf.h"

typedef enum hn__ctok_kind {
    HN__TK_IDENT,  /* identifiers and keywords */
    HN__TK_STRING, /* a string literal, prefix (L, u, U, u8) included */
    HN__TK_CHAR,   /* a character literal */
    HN__TK_NUMBER,
    HN__TK_PUNCT   /* one character: ( ) { } ; , . = and the rest */
} hn__ctok_kind;

typedef struct hn__ctok {
    hn__ctok_kind kind;
    size_t from, to; /* its bytes in the text: [from, to) */
    int line;        /* 1-based line of its first byte */
} hn__ctok;

typedef struct hn__ctoks {
    hn__ctok *v;
    size_t n;
    const char *text; /* borrowed */
} hn__ctoks;

/* Splits text (NUL-terminated) into tokens: comments, white space and
 * preprocessor lines are left out. An unterminated comment or literal ends
 * the text. Free with hn__ctok_free. */
void hn__ctok_scan(const char *text, hn__ctoks *t);
void hn__ctok_free(hn__ctoks *t);

/* 1 when token i is the identifier (or one-character punctuator) s. */
int hn__ctok_is(const hn__ctoks *t, size_t i, const char *s);

/* The string literal at token i and every literal adjacent to it (C's
 * concatenation), decoded (escapes, \x, octal, \u as UTF-8) into out.
 * Returns the index of the first token after them, or i when token i is
 * not a string literal. Wide and UTF-16/32 literals are not decoded
 * (returns i). */
size_t hn__ctok_string(const hn__ctoks *t, size_t i, hn__buf *out);

/* The index of the token that closes the bracket at token i ('(' or '{'),
 * or t->n when it is not closed. */
size_t hn__ctok_match(const hn__ctoks *t, size_t i);

#endif
