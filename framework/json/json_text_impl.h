/* SPDX-License-Identifier: MIT */
/* json_text_impl.h: what json_text.c and json_respace.c share (private to
 * framework/json): the byte order mark and JSON's whitespace. */
#ifndef HN_JSON_TEXT_IMPL_H
#define HN_JSON_TEXT_IMPL_H

#include <stddef.h>

/* The length of a UTF-8 byte order mark at s (n bytes): 3 or 0. */
static inline size_t hn__json_skip_bom(const unsigned char *s, size_t n)
{
    return n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF ? 3 : 0;
}

/* 1 for JSON's insignificant whitespace: space, tab, LF, CR. */
static inline int hn__json_is_ws(unsigned char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

#endif
