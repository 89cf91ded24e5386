/* SPDX-License-Identifier: MIT */
/* import.h: `honest import`: recordings of other tools (HAR, VCR, nock,
 * WireMock, Pact) read into interactions, turned into fixtures and written. */
#ifndef HN_IMPORT_H
#define HN_IMPORT_H

#include <stddef.h>
#include <time.h>

#include "live/http_client.h"

struct cJSON;

/* One --base-placeholder: the origin (scheme://host[:port]) that becomes
 * ${name}; origin NULL stands for every origin. */
typedef struct hn__import_base {
    const char *name;
    const char *origin;
} hn__import_base;

/* What the command line asked for. Strings are the caller's. */
typedef struct hn__import_opts {
    const char *format;        /* "har", "vcr", "nock", "wiremock", "pact" */
    const char *out_dir;
    const hn__import_base *bases;
    size_t nbases;
    const char *const *redact; /* more names to redact */
    size_t nredact;
    int has_recorded_at;       /* --recorded-at given: it wins over the source */
    time_t recorded_at;
    time_t now;                /* when nothing says when it was recorded */
    int force;                 /* replace fixture files that exist */
    int max_age_days;          /* 0: the default */
} hn__import_opts;

/* One interaction read from a source file, before it becomes a fixture. */
typedef struct hn__import_item {
    char *file;                /* the source file, as given */
    char *entry;               /* where in it: "log.entries[3]" */
    int line, column;          /* of the entry in the file (YAML); 0: see node */
    const struct cJSON *node;  /* the entry in a JSON source (kept by the run), */
    const struct cJSON *root;  /* its document and text, to find its line and */
    const char *text;          /* column only when an error needs them */
    size_t len;
    struct cJSON *request;     /* {"method", "url", "headers", body}; the URL
                                  may be a bare path when the format has no
                                  origin (WireMock, Pact) */
    hn__http_response response;/* status, headers, body bytes (may be encoded) */
    const char *body_type;     /* how to store a response body without a
                                  Content-Type ("application/json" for JSON
                                  values), or NULL */
    int has_time;
    time_t recorded_at;
    struct cJSON *values;      /* paths whose values verify must compare, or NULL */
    char *description;         /* for the fixture's "description", or NULL */
    const char *transport_error; /* the response is this failure ("connection_reset"),
                                    not an answer (a static string), or NULL */
} hn__import_item;

/* A run: the items read so far, and the first error. */
typedef struct hn__import {
    const hn__import_opts *opts;
    hn__import_item *items;
    size_t n, cap;
    char error[2048];          /* "FILE:LINE:COL: ENTRY: what, what to do" */
    struct cJSON **docs;       /* JSON sources, kept until the run ends */
    size_t ndocs, doccap;
} hn__import;

/* Reads one source file of a format into im->items (in file order).
 * Returns 0, or -1 with im->error filled. */
typedef int (*hn__import_reader)(hn__import *im, const char *path, const char *text, size_t len);
int hn__import_har(hn__import *im, const char *path, const char *text, size_t len);
int hn__import_vcr(hn__import *im, const char *path, const char *text, size_t len);
int hn__import_nock(hn__import *im, const char *path, const char *text, size_t len);
int hn__import_wiremock(hn__import *im, const char *path, const char *text, size_t len);
int hn__import_pact(hn__import *im, const char *path, const char *text, size_t len);

/* The reader of a format name, or NULL. */
hn__import_reader hn__import_reader_of(const char *format);
/* The format names, for messages: "har, vcr, nock, wiremock, pact". */
const char *hn__import_formats(void);

/* Reads every file, builds every fixture (validated, redacted) and, when all
 * succeeded and no target exists (unless opts->force), writes each
 * atomically into opts->out_dir, printing one line per fixture on stdout.
 * Returns 0, or 2 after a message on stderr with nothing written (an error
 * while writing says which files were written). */
int hn__import_run(const hn__import_opts *opts, const char *const *files, size_t nfiles);

/* ---- for the readers (import.c) ---------------------------------------- */

/* Fills im->error with "FILE[:LINE:COL]: [ENTRY: ]message" and returns -1. */
int hn__import_fail(hn__import *im, const char *file, int line, int column, const char *entry,
                    const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* A new item at the end of im->items, with file and entry copied and a
 * request {"method": METHOD (upper-cased), "url": url, "headers": {}}.
 * NULL after hn__import_fail (out of memory). */
hn__import_item *hn__import_add(hn__import *im, const char *file, const char *entry, int line,
                                int column, const char *method, const char *url);
/* Keeps doc (a parsed source) until the run ends, when it is freed; items
 * point into it. 0, or -1 (out of memory: doc is freed). */
int hn__import_keep(hn__import *im, struct cJSON *doc);
/* The line and column of an item's entry (0 when unknown). */
void hn__import_item_where(const hn__import_item *it, int *line, int *column);
/* Adds a request header (repeated names become arrays). 0 or -1 (no memory). */
int hn__import_req_header(hn__import_item *it, const char *name, const char *value);
/* Adds a response header. 0 or -1 (no memory). */
int hn__import_resp_header(hn__import_item *it, const char *name, const char *value);
/* Sets the request body from bytes (content_type: how to store them; NULL
 * takes the request's Content-Type). 0 or -1. */
int hn__import_req_body(hn__import_item *it, const void *bytes, size_t len,
                        const char *content_type);
/* Sets the response body (copied). 0 or -1. */
int hn__import_resp_body(hn__import_item *it, const void *bytes, size_t len);
/* A JSON header value as text: strings as they are, numbers without a
 * fraction as integers ("1024"), booleans as words. Writes into buf (cap
 * bytes); NULL when v is an object, an array or null. */
const char *hn__import_scalar(const struct cJSON *v, char *buf, size_t cap);
/* Decodes base64 (RFC 4648, padding optional, whitespace skipped) into a
 * malloc'd buffer (*len bytes, NUL-terminated); NULL when it is not base64. */
char *hn__import_base64(const char *s, size_t *len);
/* Parses a date of a recording: ISO 8601 with Z or an offset ("2009-04-16T12:07:25.123+01:00"),
 * or RFC 1123 ("Tue, 01 Nov 2011 04:58:44 GMT"), or a date alone
 * ("2024-05-01"). Returns 0, or -1. */
int hn__import_date(const char *s, time_t *out);

/* ---- JSON sources (import_json.c) ------------------------------------- */

/* Parses a JSON source file; NULL after hn__import_fail with the line and
 * column of a syntax error. */
struct cJSON *hn__import_json_parse(hn__import *im, const char *path, const char *text,
                                    size_t len);

/* A JSON source being read: errors point into its text. */
typedef struct hn__import_src hn__import_src;
/* hn__import_add for the entry `node` of a JSON source. */
hn__import_item *hn__import_json_add(const hn__import_src *s, const struct cJSON *node,
                                     const char *entry, const char *method, const char *url);
struct hn__import_src {
    hn__import *im;
    const char *path, *text;
    size_t len;
    const struct cJSON *root;
};

/* What a member must be. */
typedef enum hn__import_type {
    HN__IMPORT_ANY,
    HN__IMPORT_STRING,
    HN__IMPORT_NUMBER,
    HN__IMPORT_OBJECT,
    HN__IMPORT_ARRAY
} hn__import_type;

/* Member `name` of obj when it has type t; NULL when absent and not
 * required (*failed 0), or after an error naming the entry, the member and
 * its place (*failed 1). `what` names obj in messages ("request"). */
const struct cJSON *hn__import_json_get(const hn__import_src *s, const struct cJSON *obj,
                                        const char *entry, const char *what, const char *name,
                                        hn__import_type t, int required, int *failed);
/* An error about node (its line and column) in entry; returns -1. */
int hn__import_json_fail(const hn__import_src *s, const struct cJSON *node, const char *entry,
                         const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Adds every header of a JSON headers value to the request (req) or the
 * response: an object of names to strings, numbers or arrays of them, or an
 * array of {"name", "value"} objects (HAR). 0, or -1 after an error. */
int hn__import_json_headers(const hn__import_src *s, hn__import_item *it, int req,
                            const struct cJSON *headers, const char *entry, const char *what);

#endif
