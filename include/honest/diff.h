/* SPDX-License-Identifier: MIT */
/* honest/diff.h: the C API of the structural JSON differ (docs/diff.md), and
 * cJSON trees in HN_ASSERT_JSON_EQ. Not in <honest.h>: a test that calls the
 * differ or passes a tree includes it. Names struct cJSON. */
#ifndef HONEST_DIFF_H
#define HONEST_DIFF_H

#include <stddef.h>

#include <honest/json_assert.h>

#ifdef __cplusplus
extern "C" {
#endif

/* cJSON trees, from <cjson/cJSON.h> (Debian's libcjson-dev). */
struct cJSON;

/* What one difference is. Document A is the reference (a fixture, the
 * expected value), B the one checked against it (live, the actual value):
 * `added` means B has something A lacks, `removed` A has something B lacks. */
typedef enum hn_diff_kind {
    HN_DIFF_ADDED = 1,
    HN_DIFF_REMOVED,
    HN_DIFF_TYPE_CHANGED,
    HN_DIFF_VALUE_CHANGED,
    HN_DIFF_STATUS_CHANGED, /* fixture comparisons: the HTTP status */
    HN_DIFF_HEADER_CHANGED  /* fixture comparisons: a response header */
} hn_diff_kind;

/* The kind's word, the same everywhere (reports, JSON, messages): "added",
 * "removed", "type_changed", "value_changed", "status_changed",
 * "header_changed"; "unknown" for any other value. Static storage. */
const char *hn_diff_kind_word(hn_diff_kind kind);
/* The kind whose word is `word`, or 0 when there is none. */
hn_diff_kind hn_diff_kind_from_word(const char *word);

/* How values are compared. SHAPE: keys, JSON types and the shape of array
 * elements; values are ignored. VALUES: everything, exactly. */
typedef enum hn_diff_mode { HN_DIFF_SHAPE = 1, HN_DIFF_VALUES } hn_diff_mode;

/* How the elements of an array are paired. INDEX: by position (after the
 * common head and tail are set aside, so one insertion is one `added`).
 * UNORDERED: as a multiset. KEYED: by the value of a member (say "id"). */
typedef enum hn_diff_array {
    HN_DIFF_ARRAY_INDEX = 1,
    HN_DIFF_ARRAY_UNORDERED,
    HN_DIFF_ARRAY_KEYED
} hn_diff_array;

/* Detail of a failed call, filled by the callee. */
typedef struct hn_diff_error {
    char text[512]; /* what was wrong and what to do; NUL-terminated */
    int side;       /* 1: document A, 2: document B, 0: neither (an option) */
    int line;       /* 1-based line of a JSON syntax error, else 0 */
    int column;     /* 1-based column (in characters) of it, else 0 */
} hn_diff_error;

/* ---- options ----------------------------------------------------------- */

/* The rules of a comparison. Opaque; one set may serve many comparisons
 * (also from several threads once it is no longer changed). */
typedef struct hn_diff_opts hn_diff_opts;

/* New options in `mode` (HN_DIFF_SHAPE or HN_DIFF_VALUES) with arrays by
 * index, no tolerance, integers and floats both "number". NULL on
 * out-of-memory. Free with hn_diff_opts_free. */
hn_diff_opts *hn_diff_opts_new(hn_diff_mode mode);
/* Releases o; NULL is a no-op. */
void hn_diff_opts_free(hn_diff_opts *o);
/* Changes the mode (a fixture's "compare"); other rules are kept. */
void hn_diff_opts_set_mode(hn_diff_opts *o, hn_diff_mode mode);
/* The mode in force (from hn_diff_opts_new, _set_mode or _from_json). */
hn_diff_mode hn_diff_opts_mode(const hn_diff_opts *o);

/* Path rules. Each returns 0, or -1 with err filled when `path` is not a
 * path ("$", ".key", "[\"key\"]", "['key']", "[0]", "[*]", ".*", "..key")
 * or memory ran out; err may be NULL. The path text is copied.
 * ignore: the values at matching paths, and everything under them, are left
 *   out of the comparison on both sides.
 * values_path: in shape mode, the values at matching paths (and under them)
 *   must be equal too. An array whose elements a values path reaches into is
 *   compared element by element instead of summarised.
 * shape_path: in values mode, only the shape counts at matching paths.
 * When a values path and a shape path match the same place, values wins. */
int hn_diff_opts_ignore(hn_diff_opts *o, const char *path, hn_diff_error *err);
int hn_diff_opts_values_path(hn_diff_opts *o, const char *path, hn_diff_error *err);
int hn_diff_opts_shape_path(hn_diff_opts *o, const char *path, hn_diff_error *err);

/* How arrays pair their elements: at `path` (a pattern; the first matching
 * rule wins), or for every other array when path is NULL. `key` names the
 * member for HN_DIFF_ARRAY_KEYED and is ignored otherwise. A keyed array
 * whose elements are not all objects holding a string or number `key` is
 * compared as it would be without the rule, and the result notes why when
 * the rule named the path (hn_diff_note_at). Returns 0 or -1 (err). */
int hn_diff_opts_array(hn_diff_opts *o, const char *path, hn_diff_array how,
                       const char *key, hn_diff_error *err);
/* Numbers within `tolerance` of each other (|a - b| <= tolerance) are equal.
 * Returns 0, or -1 when tolerance is negative or not a number. */
int hn_diff_opts_tolerance(hn_diff_opts *o, double tolerance);
/* on != 0: integers and floats are different types ("integer", "float").
 * A number is a float when it was written with a fraction or an exponent
 * (trees from hn_diff_parse know this) or its value is not whole. */
void hn_diff_opts_int_float(hn_diff_opts *o, int on);
/* Where the compared documents sit in a larger one: paths are reported and
 * rules matched below `path` (concrete, for example "$.response.body"), so
 * a fixture's rules apply to its body unchanged. Returns 0 or -1 (err). */
int hn_diff_opts_root(hn_diff_opts *o, const char *path, hn_diff_error *err);
/* Applies options written as JSON: {"compare": "shape"|"values", "ignore":
 * [paths], "values": [paths], "shape": [paths], "arrays": "index"|
 * "unordered", "key": "id", "arrays_at": {"$.path": "index"|"unordered"|
 * {"key": "id"}}, "tolerance": 0.01, "int_float": true}. Every field is
 * optional; an unknown field or a wrong type is an error. Returns 0 or -1
 * (err). spec is only read. */
int hn_diff_opts_from_json(hn_diff_opts *o, const struct cJSON *spec, hn_diff_error *err);

/* ---- results ----------------------------------------------------------- */

/* One side of a difference. For an absent side (B of `removed`, A of
 * `added`) type is NULL. */
typedef struct hn_diff_side {
    const char *type;  /* "null", "boolean", "number" ("integer", "float"),
                          "string", "array", "object"; in array summaries a
                          union such as "integer|null" */
    const char *value; /* compact JSON of the value, cut after about 100
                          bytes (then truncated is 1 and it ends "..."); NULL
                          in array summaries (shape mode) */
    int truncated;
    const char *note;  /* extra words, e.g. "present in 2 of 5", or NULL */
} hn_diff_side;

/* One difference. Strings are owned by the hn_diff that holds it. */
typedef struct hn_diff_entry {
    hn_diff_kind kind;
    const char *path; /* "$.a.b[0]"; [*] stands for every element of an
                         array summarised as a whole (shape mode) */
    hn_diff_side a, b;
} hn_diff_entry;

/* A list of differences, possibly from several comparisons. Opaque. */
typedef struct hn_diff hn_diff;

/* An empty list; NULL on out-of-memory. Free with hn_diff_free. */
hn_diff *hn_diff_new(void);
/* Releases d and every string it handed out; NULL is a no-op. */
void hn_diff_free(hn_diff *d);
/* Compares a (the reference) with b under o (NULL: values mode, defaults)
 * and appends the differences to d, in document order. The trees are only
 * read and may be freed afterwards. Returns 0, or -1 on out-of-memory (d
 * then holds what was found so far). */
int hn_diff_run(hn_diff *d, const struct cJSON *a, const struct cJSON *b,
                const hn_diff_opts *o);
/* hn_diff_new and hn_diff_run in one: a new list the caller frees, or NULL
 * on out-of-memory. */
hn_diff *hn_diff_json(const struct cJSON *a, const struct cJSON *b,
                      const hn_diff_opts *o);
/* Parses two JSON texts (NUL-terminated) and compares them. Returns a new
 * list the caller frees, or NULL with err filled (err->side says which text,
 * line and column where it breaks) when a text is not JSON or memory ran
 * out. err may be NULL. */
hn_diff *hn_diff_text(const char *a, const char *b, const hn_diff_opts *o,
                      hn_diff_error *err);
/* Appends a difference made elsewhere (a status or header comparison).
 * path, a and b are copied; a or b may be NULL for an absent side. Returns
 * 0 or -1 on out-of-memory. */
int hn_diff_add(hn_diff *d, hn_diff_kind kind, const char *path,
                const hn_diff_side *a, const hn_diff_side *b);
/* Number of differences in d (0 means equal under the rules used). */
size_t hn_diff_count(const hn_diff *d);
/* Number of differences of one kind. */
size_t hn_diff_count_kind(const hn_diff *d, hn_diff_kind kind);
/* The i-th difference (i < hn_diff_count(d)), owned by d; valid until d is
 * freed or grows. */
const hn_diff_entry *hn_diff_at(const hn_diff *d, size_t i);
/* Notes about how rules were applied (a keyed rule that could not apply,
 * say), at most 100 and then one "more notes left out". Owned by d. */
size_t hn_diff_note_count(const hn_diff *d);
const char *hn_diff_note_at(const hn_diff *d, size_t i);

/* ---- output ------------------------------------------------------------ */

enum {
    HN_DIFF_FMT_COLOR = 1, /* ANSI colours (green added, red removed, ...) */
    HN_DIFF_FMT_LINES = 2  /* "KIND PATH: A -> B" lines in order, no headings */
};

/* One difference as one line, "PATH: A -> B" ("PATH: B" for added, "PATH:
 * A" for removed when B is absent); a side is "TYPE VALUE (NOTE)" or
 * "absent", and value_changed shows values without types. Writes at most
 * cap bytes with a NUL (when cap > 0) and returns the length the whole line
 * needs, as snprintf does (0 on out-of-memory). */
size_t hn_diff_entry_write(const hn_diff_entry *e, char *buf, size_t cap);
/* d for people: "N differences: 1 added, ..." then the entries grouped by
 * kind (added, removed, type_changed, value_changed, status_changed,
 * header_changed; in document order within a kind), or "no differences";
 * with HN_DIFF_FMT_LINES one "KIND PATH: ..." line per entry in order and
 * nothing else. Then a "note: ..." line per note. A new string the caller
 * frees with free(); NULL on out-of-memory. */
char *hn_diff_format_text(const hn_diff *d, int flags);
/* d for programs: {"equal": bool, "count": n, "counts": {"added": n, ...},
 * "differences": [{"kind", "path", "a", "b"}], "notes": [...]}, where a side
 * is null or {"type", "value" (JSON) or "excerpt" (cut text), "note"}. A
 * new string the caller frees with free(); NULL on out-of-memory. */
char *hn_diff_format_json(const hn_diff *d);

/* ---- parsing ----------------------------------------------------------- */

/* Bits hn_diff_parse sets in cJSON's `type` (above cJSON's own): a number
 * written with a fraction or exponent. cJSON's functions ignore them; test
 * types with cJSON_IsNumber() and friends, not `type ==`. */
#define HN_DIFF_FLOAT_BIT 0x4000

/* Parses len bytes of JSON text (RFC 8259; a leading UTF-8 BOM is skipped)
 * into a cJSON tree the caller frees with cJSON_Delete. Numbers written as
 * floats carry HN_DIFF_FLOAT_BIT. Returns NULL with err filled (line,
 * column, what was expected) when the text is not JSON, nests deeper than
 * 1000, or memory runs out; err may be NULL. */
struct cJSON *hn_diff_parse(const char *text, size_t len, hn_diff_error *err);

/* ---- assertions -------------------------------------------------------- */

/* With this header, HN_ASSERT_JSON_EQ and HN_CHECK_JSON_EQ (declared by
 * <honest/json_assert.h>, part of <honest.h>) take a cJSON tree (cJSON *)
 * as well as JSON text for either argument. */
hn__diff_arg hn__diff_arg_tree(const struct cJSON *tree);

#ifdef __cplusplus
} /* extern "C" */
inline hn__diff_arg hn__diff_arg_of(const struct cJSON *x) { return hn__diff_arg_tree(x); }
extern "C" {
#else
#undef HN__DIFF_ARG
#define HN__DIFF_ARG(x)                                                         \
    _Generic((x), char *: hn__diff_arg_text, const char *: hn__diff_arg_text,   \
        struct cJSON *: hn__diff_arg_tree,                                      \
        const struct cJSON *: hn__diff_arg_tree,                                \
        void *: hn__diff_arg_ptr, const void *: hn__diff_arg_ptr)(x)
#endif

#ifdef __cplusplus
}
#endif
#endif
