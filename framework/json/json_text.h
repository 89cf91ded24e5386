/* SPDX-License-Identifier: MIT */
/* json_text.h: JSON source text, which cJSON does not keep: syntax errors with
 * their offset, where a key or value sits, compacting and re-indenting. */
/* The component framework/json/: JSON source text with positions, and
 * JSONPath-like paths. It uses base (framework/LAYERS); this is its main
 * header. */
#ifndef HN_JSON_TEXT_H
#define HN_JSON_TEXT_H

#include <stddef.h>

#include "json/json_scan.h"

typedef struct hn__json_text_error {
    size_t offset;  /* byte offset of the problem */
    char msg[256];  /* what was found and what was expected */
    int oom;        /* hn__json_text_parse: memory ran out (not a syntax error) */
} hn__json_text_error;

struct cJSON;

/* Checks that text[0..len) is exactly one JSON document, as hn__json_scan
 * (json_scan.h) says. Returns 0, or -1 with *e filled (worded for a file). */
int hn__json_text_check(const char *text, size_t len, hn__json_text_error *e);

/* The strict parse every reader of JSON files uses: text[0..len) checked as
 * hn__json_text_check does and built into a cJSON tree in the same scan.
 * Returns the tree (free it with cJSON_Delete), or NULL with *e filled:
 * e->oom 0, the text is not JSON (e->offset and e->msg as
 * hn__json_text_check gives them); e->oom 1, memory ran out. */
struct cJSON *hn__json_text_parse(const char *text, size_t len, hn__json_text_error *e);

/* As hn__json_text_parse, also locating the members of want (nwant of them,
 * at most 32) in the same scan, so that no second scan looks for them. */
struct cJSON *hn__json_text_parse_find(const char *text, size_t len, hn__json_text_error *e,
                                       hn__json_text_member *want, size_t nwant);

/* 1-based line and column of a byte offset; the column counts UTF-8 code
 * points, so it matches what editors show. */
void hn__json_text_linecol(const char *text, size_t len, size_t offset,
                           int *line, int *column);

/* Locates a value in valid text by a path of child positions: path[k] is the
 * index of a member (objects, duplicates counted) or element (arrays) inside
 * the container reached so far. With want_key the last step gives its key
 * (a member only). Returns 0 with the byte range [*start, *end), or -1 when
 * the path does not exist. */
int hn__json_text_locate(const char *text, size_t len, const int *path,
                         size_t depth, int want_key, size_t *start, size_t *end);

/* Copies the valid JSON text[0..len) without insignificant whitespace.
 * Returns a malloc'd NUL-terminated string (length in *out_len, may be NULL);
 * out of memory aborts (as hn__buf does). */
char *hn__json_text_compact(const char *text, size_t len, size_t *out_len);

/* Re-indents valid JSON text: one member or element per line, 2 spaces per
 * level, ": " after keys, empty containers as {} and []. Strings and numbers
 * are copied as written. Returns malloc'd text without a final newline (the
 * caller frees it); out of memory aborts. */
char *hn__json_text_pretty(const char *text, size_t len, size_t *out_len);

#endif
