/* SPDX-License-Identifier: MIT */
/* json_path.h: JSONPath-like paths ($.a.b[0].c, $["a b"], [*], ..key): parse
 * patterns, match them against concrete paths, format paths for people. */
#ifndef HN_JSON_PATH_H
#define HN_JSON_PATH_H

#include <stddef.h>

struct cJSON;
struct hn__buf;

/* One step of a path. A concrete path (where a value sits) holds KEY and
 * INDEX steps, and ANY for "every element" of an array summarised as a
 * whole; a pattern may also hold DESCENT ("..": any number of steps). */
typedef enum hn__json_seg_kind {
    HN__JSEG_KEY = 1, /* .key or ["key"]; key is NUL-terminated */
    HN__JSEG_INDEX,   /* [0] */
    HN__JSEG_ANY,     /* [*] or .*: any key or index */
    HN__JSEG_DESCENT  /* ..: zero or more steps (patterns only) */
} hn__json_seg_kind;

typedef struct hn__json_seg {
    int kind;        /* hn__json_seg_kind */
    size_t index;    /* HN__JSEG_INDEX */
    const char *key; /* HN__JSEG_KEY; borrowed from whoever built the step */
} hn__json_seg;

/* A parsed pattern. Opaque; owns its steps and key strings. */
typedef struct hn__json_path hn__json_path;

/* Parses text ("$", ".key", "[\"key\"]", "['key']", "[0]", "[*]", ".*",
 * "..key"). Returns a new pattern (free with hn__json_path_free), or NULL
 * when text is not a path: then err (errlen bytes, may be NULL) says what was
 * wrong and at which column (1-based) of text. NULL on out-of-memory too. */
hn__json_path *hn__json_path_parse(const char *text, char *err, size_t errlen);
/* Releases p; NULL is a no-op. */
void hn__json_path_free(hn__json_path *p);
/* The steps of p (valid while p lives) and their number. */
const hn__json_seg *hn__json_path_segs(const hn__json_path *p, size_t *n);
/* p in normal form ("$.a[\"b c\"][*]"); owned by p. */
const char *hn__json_path_text(const hn__json_path *p);
/* 1 when p has no [*], .* or .. (it names at most one place), else 0. */
int hn__json_path_is_concrete(const hn__json_path *p);

/* 1 when pattern p matches the concrete path of n steps, else 0. A pattern
 * step [*] matches any step; a key or index step of p does not match a
 * path's ANY step (an element of a summarised array has no position). */
int hn__json_path_match(const hn__json_path *p, const hn__json_seg *path,
                        size_t n);
/* 1 when p could match a strict descendant of path (path followed by one or
 * more further steps), else 0. */
int hn__json_path_reaches(const hn__json_path *p, const hn__json_seg *path,
                          size_t n);
/* Convenience: parses concrete as a path and matches it against p. Returns
 * 1 or 0, and -1 when concrete is not a path. */
int hn__json_path_match_text(const hn__json_path *p, const char *concrete);

/* Appends path in normal form to b. Keys that are not identifiers
 * ([A-Za-z_][A-Za-z0-9_]*) are written quoted: $["a b"]. */
void hn__json_path_append(struct hn__buf *b, const hn__json_seg *path,
                          size_t n);
/* As hn__json_path_append into a new malloc'd string (caller frees); NULL on
 * out-of-memory. */
char *hn__json_path_format(const hn__json_seg *path, size_t n);

/* Decodes the body of a JSON string s[0..n) (without its quotes): \" \\ \/
 * \b \f \n \r \t, \uXXXX and surrogate pairs to UTF-8, and \' when squote
 * (single-quoted path keys). out needs n + 1 bytes (the result is never
 * longer) and is NUL-terminated. Returns the decoded length, or SIZE_MAX
 * with *bad the offset of the faulty escape and *why a static message. */
size_t hn__json_path_unescape(const char *s, size_t n, int squote, char *out,
                              size_t *bad, const char **why);

/* The node of root at concrete pattern p (keys compared exactly; the first
 * member wins when a key repeats), or NULL when there is none or p is not
 * concrete. Borrowed from root. */
const struct cJSON *hn__json_path_get(const struct cJSON *root,
                                      const hn__json_path *p);

#endif
