/* SPDX-License-Identifier: MIT */
/* ctok.c: the C tokenizer of the audit's source scan (ctok.h): comments,
 * literals, preprocessor lines and brackets; adjacent string literals
 * decoded as the compiler concatenates them. */
#include "audit/ctok.h"

#include <stdlib.h>
#include <string.h>

#include "base/mem.h"

static int ident_start(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$';
}

static int ident_char(char c)
{
    return ident_start(c) || (c >= '0' && c <= '9');
}

static void push(hn__ctoks *t, size_t *cap, hn__ctok_kind k, size_t from, size_t to, int line)
{
    if (hn__grow(&t->v, cap, t->n + 1, sizeof *t->v) != 0)
        hn__must(NULL);
    t->v[t->n++] = (hn__ctok){k, from, to, line};
}

/* The end of the literal opened by the quote at s[i] (just past the closing
 * quote), counting new lines; at the end of the text when unterminated. */
static size_t literal_end(const char *s, size_t i, int *line)
{
    char q = s[i++];
    while (s[i] && s[i] != q && s[i] != '\n') {
        if (s[i] == '\\' && s[i + 1]) {
            if (s[i + 1] == '\n')
                ++*line;
            i++;
        }
        i++;
    }
    return s[i] == q ? i + 1 : i;
}

void hn__ctok_scan(const char *s, hn__ctoks *t)
{
    size_t cap = 0, i = 0;
    int line = 1, line_start = 1; /* nothing but blanks since the last new line */
    memset(t, 0, sizeof *t);
    t->text = s;
    while (s[i]) {
        char c = s[i];
        if (c == '\n') {
            line++, i++, line_start = 1;
        } else if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
            i++;
        } else if (c == '\\' && s[i + 1] == '\n') {
            i += 2, line++;
        } else if (c == '/' && s[i + 1] == '*') {
            for (i += 2; s[i] && !(s[i] == '*' && s[i + 1] == '/'); i++)
                line += s[i] == '\n';
            i += s[i] ? 2 : 0;
        } else if (c == '/' && s[i + 1] == '/') {
            while (s[i] && s[i] != '\n')
                i += s[i] == '\\' && s[i + 1] == '\n' ? (line++, 2) : 1;
        } else if (c == '#' && line_start) {
            /* A directive: to the end of its (continued) line. */
            while (s[i] && s[i] != '\n') {
                if (s[i] == '\\' && s[i + 1] == '\n')
                    i++, line++;
                else if (s[i] == '/' && s[i + 1] == '*')
                    for (i += 2; s[i] && !(s[i] == '*' && s[i + 1] == '/'); i++)
                        line += s[i] == '\n';
                i += s[i] ? 1 : 0;
            }
        } else if (c == '"' || c == '\'') {
            int at = line;
            size_t end = literal_end(s, i, &line);
            push(t, &cap, c == '"' ? HN__TK_STRING : HN__TK_CHAR, i, end, at);
            i = end, line_start = 0;
        } else if (ident_start(c)) {
            size_t b = i;
            while (ident_char(s[i]))
                i++;
            /* L"..", u8"..": a prefixed literal is one token. */
            if ((s[i] == '"' || s[i] == '\'') &&
                (i - b == 1 ? strchr("LuU", s[b]) != NULL : i - b == 2 && !strncmp(s + b, "u8", 2))) {
                int at = line;
                size_t end = literal_end(s, i, &line);
                push(t, &cap, s[i] == '"' ? HN__TK_STRING : HN__TK_CHAR, b, end, at);
                i = end;
            } else {
                push(t, &cap, HN__TK_IDENT, b, i, line);
            }
            line_start = 0;
        } else if (c >= '0' && c <= '9') {
            size_t b = i;
            while (ident_char(s[i]) || s[i] == '.' ||
                   ((s[i] == '+' || s[i] == '-') && strchr("eEpP", s[i - 1])))
                i++;
            push(t, &cap, HN__TK_NUMBER, b, i, line);
            line_start = 0;
        } else {
            push(t, &cap, HN__TK_PUNCT, i, i + 1, line);
            i++, line_start = 0;
        }
    }
}

void hn__ctok_free(hn__ctoks *t)
{
    free(t->v);
    memset(t, 0, sizeof *t);
}

int hn__ctok_is(const hn__ctoks *t, size_t i, const char *s)
{
    if (i >= t->n)
        return 0;
    size_t n = t->v[i].to - t->v[i].from;
    return (t->v[i].kind == HN__TK_IDENT || t->v[i].kind == HN__TK_PUNCT) && strlen(s) == n &&
           !memcmp(t->text + t->v[i].from, s, n);
}

static int hex(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
         : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

static void utf8(hn__buf *b, unsigned long cp)
{
    char o[4];
    size_t n;
    if (cp < 0x80)
        o[0] = (char)cp, n = 1;
    else if (cp < 0x800)
        o[0] = (char)(0xC0 | cp >> 6), o[1] = (char)(0x80 | (cp & 0x3F)), n = 2;
    else if (cp < 0x10000)
        o[0] = (char)(0xE0 | cp >> 12), o[1] = (char)(0x80 | ((cp >> 6) & 0x3F)),
        o[2] = (char)(0x80 | (cp & 0x3F)), n = 3;
    else
        o[0] = (char)(0xF0 | cp >> 18), o[1] = (char)(0x80 | ((cp >> 12) & 0x3F)),
        o[2] = (char)(0x80 | ((cp >> 6) & 0x3F)), o[3] = (char)(0x80 | (cp & 0x3F)), n = 4;
    hn__buf_add(b, o, n);
}

/* Decodes the body of one literal, s[from, to) without its quotes. */
static void decode(hn__buf *b, const char *s, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++) {
        if (s[i] != '\\' || i + 1 >= to) {
            hn__buf_add(b, s + i, 1);
            continue;
        }
        char e = s[++i], c;
        int d;
        switch (e) {
        case 'n': c = '\n'; break;
        case 't': c = '\t'; break;
        case 'r': c = '\r'; break;
        case 'a': c = '\a'; break;
        case 'b': c = '\b'; break;
        case 'f': c = '\f'; break;
        case 'v': c = '\v'; break;
        case '\n': continue; /* a continued line */
        case 'x': {
            unsigned v = 0;
            while (i + 1 < to && (d = hex(s[i + 1])) >= 0)
                v = v * 16 + (unsigned)d, i++;
            c = (char)v;
            break;
        }
        case 'u': case 'U': {
            unsigned long v = 0;
            int want = e == 'u' ? 4 : 8;
            for (; want && i + 1 < to && (d = hex(s[i + 1])) >= 0; want--)
                v = v * 16 + (unsigned long)d, i++;
            utf8(b, v);
            continue;
        }
        default:
            if (e >= '0' && e <= '7') {
                unsigned v = (unsigned)(e - '0');
                for (int k = 0; k < 2 && i + 1 < to && s[i + 1] >= '0' && s[i + 1] <= '7'; k++)
                    v = v * 8 + (unsigned)(s[++i] - '0');
                c = (char)v;
            } else {
                c = e; /* \" \' \\ \? */
            }
        }
        hn__buf_add(b, &c, 1);
    }
}

size_t hn__ctok_string(const hn__ctoks *t, size_t i, hn__buf *out)
{
    size_t k = i;
    for (; k < t->n && t->v[k].kind == HN__TK_STRING; k++) {
        const char *s = t->text + t->v[k].from;
        size_t len = t->v[k].to - t->v[k].from;
        if (s[0] != '"' && strncmp(s, "u8\"", 3))
            return i; /* wide: not text this scan reads */
        size_t open = s[0] == '"' ? 1 : 3;
        if (len < open + 1 || s[len - 1] != '"')
            return i; /* unterminated */
        decode(out, t->text, t->v[k].from + open, t->v[k].to - 1);
    }
    return k;
}

size_t hn__ctok_match(const hn__ctoks *t, size_t i)
{
    char open = t->text[t->v[i].from], close = open == '(' ? ')' : open == '{' ? '}' : ']';
    int depth = 0;
    for (size_t k = i; k < t->n; k++) {
        if (t->v[k].kind != HN__TK_PUNCT)
            continue;
        char c = t->text[t->v[k].from];
        if (c == open)
            depth++;
        else if (c == close && --depth == 0)
            return k;
    }
    return t->n;
}
