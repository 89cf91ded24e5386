/* SPDX-License-Identifier: MIT */
/* json_respace.c: valid JSON text compacted or re-indented, strings and
 * numbers kept as written (split from json_text.c). */
#include "json/json_text.h"
#include "json/json_text_impl.h"

#include "base/buf.h"

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
    while (i < n && hn__json_is_ws((unsigned char)s[i]))
        i++;
    return i < n ? s[i] : 0;
}

char *hn__json_text_pretty(const char *text, size_t len, size_t *out_len)
{
    hn__buf b = {0};
    int depth = 0;
    size_t i = hn__json_skip_bom((const unsigned char *)text, len);
    while (i < len) {
        char ch = text[i];
        if (ch == '"') {
            copy_string(&b, text, len, &i);
            continue;
        }
        i++;
        if (hn__json_is_ws((unsigned char)ch))
            continue;
        if (ch == '{' || ch == '[') {
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
    /* Whitespace outside strings dropped, the rest appended a run at a
     * time (everything between two stretches of whitespace outside strings)
     * rather than a byte at a time: every fixture's body is compacted. */
    hn__buf b = {0};
    size_t i = hn__json_skip_bom((const unsigned char *)text, len), run = i;
    while (i < len) {
        if (text[i] == '"') {
            for (i++; i < len && text[i] != '"'; i++)
                if (text[i] == '\\')
                    i++;
            i = i < len ? i + 1 : len;
        } else if (hn__json_is_ws((unsigned char)text[i])) {
            if (i > run)
                hn__buf_add(&b, text + run, i - run);
            run = ++i;
        } else {
            i++;
        }
    }
    if (len > run)
        hn__buf_add(&b, text + run, len - run);
    if (out_len)
        *out_len = b.len;
    return hn__buf_take(&b);
}
