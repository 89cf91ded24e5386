/* SPDX-License-Identifier: MIT */
/* diff_parse.c: the differ's JSON parser: the one scanner of framework/json
 * (json_scan.h) building cJSON trees with floats marked as written, in an
 * arena for trees that live only as long as one comparison, and its faults
 * worded as line:column errors that say what was expected. */
#include "diff/diff_impl.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "json/json_path.h"
#include "json/json_text.h"

__attribute__((format(printf, 5, 6))) static int say(hn_diff_error *err, const char *text,
                                                      size_t len, size_t at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->text, sizeof err->text, fmt, ap);
    va_end(ap);
    hn__json_text_linecol(text, len, at, &err->line, &err->column);
    return -1;
}

/* Names what sits at s[at], for messages. */
static const char *found(const char *s, size_t len, size_t at, char *buf, size_t cap)
{
    if (at >= len)
        return "the end of the text";
    unsigned char c = (unsigned char)s[at];
    if (c >= 0x20 && c < 0x7F)
        snprintf(buf, cap, "'%c'", c);
    else
        snprintf(buf, cap, "byte 0x%02X", c);
    return buf;
}

/* No value at s[at]: what was there, in words. */
static int say_no_value(hn_diff_error *err, const char *s, size_t len, size_t at)
{
    char buf[32];
    char c = at < len ? s[at] : '\0';
    size_t n = 0;
    if (at >= len)
        return say(err, s, len, at, "the text ends where a value (object, array, string, number, true, "
                             "false or null) was expected");
    if (c == '\'')
        return say(err, s, len, at, "a string in single quotes: JSON strings use double quotes");
    if (c == '/')
        return say(err, s, len, at, "a comment: JSON has no comments, remove it");
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
        while (n < 24 && at + n < len && s[at + n] &&
               strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_", s[at + n]))
            n++;
        return say(err, s, len, at, "expected a value but found the word '%.*s': JSON's words are true, "
                             "false and null (NaN and Infinity are not JSON), and strings need "
                             "double quotes", (int)n, s + at);
    }
    return say(err, s, len, at, "expected a value (object, array, string, number, true, false or "
                             "null) but found %s", found(s, len, at, buf, sizeof buf));
}

/* A missing ':' after the member name s[from, to) (quotes included). */
static int say_no_colon(hn_diff_error *err, const char *s, size_t len, size_t at, size_t from,
                         size_t to)
{
    char buf[32], key[41] = "", *all = malloc(to - from);
    size_t bad;
    const char *why;
    if (all && hn__json_path_unescape(s + from + 1, to - from - 2, 0, all, &bad, &why) != SIZE_MAX)
        snprintf(key, sizeof key, "%s", all);
    free(all);
    return say(err, s, len, at, "expected ':' after the member name \"%.40s\" but found %s", key,
        found(s, len, at, buf, sizeof buf));
}

/* The faults worded the same wherever they are: the text alone. */
static const char *const plain[] = {
    [HN__JF_EMPTY] = "the text is empty: a JSON document holds one value (for example {} or [])",
    [HN__JF_UNTERMINATED] = "a string that never ends: add the closing '\"'",
    [HN__JF_ESCAPE] = "an unknown escape (known: \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX) in "
                      "a string",
    [HN__JF_HEX] = "\\u must be followed by four hex digits in a string",
    [HN__JF_LEADING_ZERO] = "a number with a leading zero: JSON numbers do not start with 0 "
                            "unless they are 0 or 0.x",
    [HN__JF_MINUS] = "a '-' must be followed by digits",
    [HN__JF_FRACTION] = "a '.' in a number must be followed by digits (write 1.0, not 1.)",
    [HN__JF_EXPONENT] = "an exponent must have digits (write 1e5 or 1e-5)",
    [HN__JF_OOM] = "out of memory",
};

/* Words f, a fault of the scanner in s[0..len), into err. */
static int word(hn_diff_error *err, const char *s, size_t len, const hn__json_scan_error *f)
{
    char buf[32];
    size_t at = f->at;
    unsigned v = f->value;
    if ((size_t)f->fault < sizeof plain / sizeof *plain && plain[f->fault])
        return say(err, s, len, at, "%s", plain[f->fault]);
    switch (f->fault) {
    case HN__JF_AFTER_END:
        return say(err, s, len, at, "unexpected %s after the end of the JSON value: a document "
                                    "holds one value", found(s, len, at, buf, sizeof buf));
    case HN__JF_VALUE:
        return say_no_value(err, s, len, at);
    case HN__JF_KEY:
        if (v)
            return say(err, s, len, at, "expected a member name in double quotes but found %s",
                       found(s, len, at, buf, sizeof buf));
        if (at < len && s[at] == '\'')
            return say(err, s, len, at, "a member name in single quotes: JSON uses double quotes");
        return say(err, s, len, at, "expected a member name in double quotes or '}' but found %s",
                   found(s, len, at, buf, sizeof buf));
    case HN__JF_COLON:
        return say_no_colon(err, s, len, at, f->from, f->to);
    case HN__JF_SEPARATOR:
        return say(err, s, len, at, "expected ',' or '%c' after %s but found %s", (char)v,
                   v == ']' ? "an array element" : "an object member",
                   found(s, len, at, buf, sizeof buf));
    case HN__JF_TRAILING_COMMA:
        return say(err, s, len, at, "a trailing comma before '%c': remove the comma (JSON has no "
                                    "trailing commas)", (char)v);
    case HN__JF_CONTROL:
        return say(err, s, len, at, "a raw control character (0x%02X) inside a string: write it "
                                    "escaped (\\n, \\t, \\u00%02X)", v, v);
    case HN__JF_UTF8:
        return say(err, s, len, at, "invalid UTF-8 (byte 0x%02X) in a string: JSON text is "
                                    "UTF-8; write the character in UTF-8 or as \\uXXXX", v);
    case HN__JF_SURROGATE:
        return say(err, s, len, at, "%s", v >= 0xDC00
                       ? "a lone low surrogate \\uDCxx: write the character as UTF-8 or a "
                         "\\uD8xx\\uDCxx pair in a string"
                       : "a high surrogate \\uD8xx must be followed by a low surrogate \\uDCxx "
                         "in a string");
    case HN__JF_DEPTH:
        return say(err, s, len, at, "nested deeper than %d levels", HN__JSON_TEXT_MAX_DEPTH);
    default:
        return say(err, s, len, at, "out of memory");
    }
}

/* Scans text with b, wording a fault into err (which may be NULL). */
static cJSON *parse(const char *text, size_t len, const hn__json_build *b, hn_diff_error *err)
{
    hn__json_scan_error f;
    cJSON *root = NULL;
    if (err)
        memset(err, 0, sizeof *err);
    if (hn__json_scan(text, len, b, &root, NULL, 0, &f) && err)
        word(err, text ? text : "", text ? len : 0, &f);
    return root;
}

struct cJSON *hn_diff_parse(const char *text, size_t len, hn_diff_error *err)
{
    static const hn__json_build malloced = {.float_bit = HN_DIFF_FLOAT_BIT};
    return parse(text, len, &malloced, err);
}

static void *arena_grow(void *arena, size_t n)
{
    return hn__diff_arena_grow(arena, n);
}

struct cJSON *hn__diff_parse_arena(const char *text, size_t len, hn__diff_arena **arena,
                                   hn_diff_error *err)
{
    *arena = hn__diff_arena_new();
    if (!*arena) {
        if (err) {
            memset(err, 0, sizeof *err);
            snprintf(err->text, sizeof err->text, "out of memory");
            err->line = err->column = 1;
        }
        return NULL;
    }
    hn__json_build b = {&(*arena)->next, &(*arena)->end, arena_grow, *arena, HN_DIFF_FLOAT_BIT};
    cJSON *root = parse(text, len, &b, err);
    if (!root) {
        hn__diff_arena_free(*arena);
        *arena = NULL;
    }
    return root;
}
