/* SPDX-License-Identifier: MIT */
/* utf8.h: what a valid UTF-8 sequence is (RFC 3629: no overlong form, no
 * surrogate, nothing past U+10FFFF), in one place for the JSON scanner that
 * reads text and the escapers that write it (buf.c), so that honest never
 * writes a string its own reader refuses. */
#ifndef HN_BASE_UTF8_H
#define HN_BASE_UTF8_H

#include <stddef.h>

/* The length (1 to 4) of the valid UTF-8 sequence at s, which has n >= 1
 * bytes left; 0 when s[0] starts none. Inline: the scanner's inner loop. */
static inline size_t hn__utf8_len(const unsigned char *s, size_t n)
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

#endif
