/* SPDX-License-Identifier: MIT */
/* honest/fixture.h: the C API of recorded fixtures (docs/fixtures.md): load,
 * validate, read, placeholders, write. Not in <honest.h>: a test that reads a
 * fixture (HN_FIXTURE, HN_STUB_FIXTURE_OF) includes it. Names struct cJSON. */
#ifndef HONEST_FIXTURE_H
#define HONEST_FIXTURE_H

#include <stddef.h>
#include <time.h>

#include <honest/fixture_use.h>

#ifdef __cplusplus
extern "C" {
#endif

struct cJSON;

/* The fixture format version this honest reads and writes. */
#define HN_FIXTURE_VERSION 1

/* hn_fixture, a loaded, validated fixture (opaque; read it with the
 * accessors below), is declared by <honest/fixture_use.h>. */

/* What went wrong, for the caller to show. Filled by every function that
 * takes one (the caller owns it; it may live on the stack). */
typedef enum hn_fixture_errcode {
    HN_FIXTURE_OK = 0,
    HN_FIXTURE_E_IO,          /* the file could not be read or written */
    HN_FIXTURE_E_SYNTAX,      /* not valid JSON */
    HN_FIXTURE_E_VERSION,     /* "honest" names a version this build cannot read */
    HN_FIXTURE_E_UNKNOWN,     /* a field the format does not have */
    HN_FIXTURE_E_MISSING,     /* a required field is absent */
    HN_FIXTURE_E_TYPE,        /* a field has the wrong JSON type */
    HN_FIXTURE_E_VALUE,       /* right type, bad value (date, status, word) */
    HN_FIXTURE_E_DUPLICATE,   /* a field or header given twice */
    HN_FIXTURE_E_PLACEHOLDER, /* a ${NAME} that is malformed or not set */
    HN_FIXTURE_E_NOMEM        /* out of memory */
} hn_fixture_errcode;

typedef struct hn_fixture_error {
    hn_fixture_errcode code;
    char text[1024]; /* what was wrong, what was expected, what to do */
    char file[1024]; /* the file it is about ("" when none) */
    int line;        /* 1-based; 0 when not about a place in the file */
    int column;      /* 1-based, in characters (UTF-8 code points) */
} hn_fixture_error;

/* Writes "file:line:column: text" (or "file: text" without a position) into
 * buf (size bytes, truncated, always NUL-terminated) and returns buf. */
char *hn_fixture_error_format(const hn_fixture_error *e, char *buf, size_t size);

/* ---- Loading ---------------------------------------------------------- */

/* Reads and validates the fixture file at path. Returns a new fixture the
 * caller owns (release with hn_fixture_free), or NULL with *err filled: an
 * unreadable file, invalid JSON, an unsupported "honest" version, an unknown
 * field, a missing required field, a wrong type or a bad value (a date that is
 * not ISO 8601 UTC, a status outside 100..599, a malformed placeholder) all
 * fail, with file:line:column. err may be NULL. */
hn_fixture *hn_fixture_load(const char *path, hn_fixture_error *err);
/* As hn_fixture_load, from len bytes of text in memory; `source` names the
 * text in errors and stands for the path (it may be NULL). Copies what it
 * keeps: text may be freed after the call. */
hn_fixture *hn_fixture_parse(const char *text, size_t len, const char *source,
                             hn_fixture_error *err);
/* Validates a document built in memory (for example by `honest record`, or
 * hn_fixture_to_json edited by `verify --update`). Copies doc; errors carry
 * no line or column. source as for hn_fixture_parse. */
hn_fixture *hn_fixture_from_json(const struct cJSON *doc, const char *source,
                                 hn_fixture_error *err);
/* Releases a fixture and everything its accessors returned. NULL is a no-op. */
void hn_fixture_free(hn_fixture *fx);

/* ---- Reading: the fixture -------------------------------------------- */
/* Strings returned by accessors are owned by the fixture and live until
 * hn_fixture_free. */

/* The path it was loaded from (or the source given to _parse/_from_json, or
 * ""). */
const char *hn_fixture_path(const hn_fixture *fx);
/* "name", or the file's name without ".json" when the field is absent. */
const char *hn_fixture_name(const hn_fixture *fx);
/* "service", or the host of the request URL when absent; NULL when neither
 * is known (a URL that starts with a placeholder). */
const char *hn_fixture_service(const hn_fixture *fx);
/* "description", or NULL. */
const char *hn_fixture_description(const hn_fixture *fx);
/* "recorded_at" as seconds since the epoch (UTC). */
time_t hn_fixture_recorded_at(const hn_fixture *fx);
/* "max_age_days" (default 30). */
int hn_fixture_max_age_days(const hn_fixture *fx);
/* Where the interaction came from ("origin"). */
typedef enum hn_origin {
    HN_ORIGIN_RECORDED = 0, /* "recorded" (the default): honest record, --record */
    HN_ORIGIN_IMPORTED,     /* "imported": honest import, from another tool's file */
    HN_ORIGIN_HAND_WRITTEN  /* "hand-written": typed by a person, or migrated canned data */
} hn_origin;
hn_origin hn_fixture_origin(const hn_fixture *fx);
/* The word for o as written in fixtures: "recorded", "imported", "hand-written". */
const char *hn_origin_name(hn_origin o);
/* For an imported fixture, the format it was imported from ("imported_from"
 * "format": "har", "vcr", "nock", "wiremock", "pact"); NULL otherwise. */
const char *hn_fixture_imported_from(const hn_fixture *fx);
/* Whole days between recorded_at and now (0 when recorded in the future). */
int hn_fixture_age_days(const hn_fixture *fx, time_t now);
/* 1 when age_days(now) > max_age_days, else 0. */
int hn_fixture_is_stale(const hn_fixture *fx, time_t now);

/* ---- Reading: request and response ----------------------------------- */

/* How a message's payload is written in the fixture. */
typedef enum hn_body_kind {
    HN_BODY_NONE = 0, /* no body field: an empty payload */
    HN_BODY_JSON,     /* "body": the payload is JSON */
    HN_BODY_TEXT,     /* "body_text": other text */
    HN_BODY_BASE64    /* "body_base64": bytes */
} hn_body_kind;

/* A response that is a transport failure instead of an HTTP answer
 * ("response": {"error": "timeout"}). */
typedef enum hn_transport_error {
    HN_TRANSPORT_OK = 0,            /* an HTTP response with a status */
    HN_TRANSPORT_TIMEOUT,           /* "timeout" */
    HN_TRANSPORT_CONNECTION_REFUSED,/* "connection_refused" */
    HN_TRANSPORT_DNS,               /* "dns": the host did not resolve */
    HN_TRANSPORT_TLS,               /* "tls": the TLS handshake failed */
    HN_TRANSPORT_CONNECTION_RESET,  /* "connection_reset" while receiving */
    HN_TRANSPORT_EMPTY_REPLY,       /* "empty_reply": closed without a byte */
    HN_TRANSPORT_TOO_MANY_REDIRECTS /* "too_many_redirects" */
} hn_transport_error;
/* The word for e as written in fixtures ("timeout", ...); "" for OK. */
const char *hn_transport_error_name(hn_transport_error e);

/* Request. method and url are as written (placeholders not expanded). */
const char *hn_fixture_method(const hn_fixture *fx);
const char *hn_fixture_url(const hn_fixture *fx);
/* Response status (100..599), or 0 for a transport-error response. */
int hn_fixture_status(const hn_fixture *fx);
/* HN_TRANSPORT_OK, or what the response stands for. */
hn_transport_error hn_fixture_transport_error(const hn_fixture *fx);

/* Which message of the interaction an accessor reads. */
typedef enum hn_fixture_part { HN_RESPONSE = 0, HN_REQUEST = 1 } hn_fixture_part;

/* Headers of the request or the response (`part`). A header
 * written as an array of values (a repeated header) yields one entry per
 * value, in file order. Lookup ignores case and returns the first value, or
 * NULL when absent. */
const char *hn_fixture_header(const hn_fixture *fx, hn_fixture_part part, const char *name);
size_t hn_fixture_header_count(const hn_fixture *fx, hn_fixture_part part);
/* Entry i (< header_count): returns 0 and sets *name and *value, or -1. */
int hn_fixture_header_at(const hn_fixture *fx, hn_fixture_part part, size_t i,
                         const char **name, const char **value);

/* Bodies. The payload bytes: JSON compacted from the file (numbers and
 * escapes kept as written), text as is, base64 decoded. Never NULL: an empty
 * payload is "". Always followed by a NUL that *len does not count, so text
 * can be read as a string (a base64 body may hold NULs). len may be NULL. */
const char *hn_fixture_body(const hn_fixture *fx, hn_fixture_part part, size_t *len);
hn_body_kind hn_fixture_body_kind(const hn_fixture *fx, hn_fixture_part part);
/* The parsed JSON payload ("body"), or NULL for other kinds. */
const struct cJSON *hn_fixture_json(const hn_fixture *fx, hn_fixture_part part);

/* ---- Reading: the verify block --------------------------------------- */

typedef enum hn_fixture_compare {
    HN_FIXTURE_COMPARE_SHAPE = 0, /* "shape" (default): keys, types, array shapes */
    HN_FIXTURE_COMPARE_VALUES     /* "values": values too */
} hn_fixture_compare;
hn_fixture_compare hn_fixture_compare_mode(const hn_fixture *fx);
/* "ignore" and "values" path lists (JSONPath-like, "$.response.body.id"):
 * an array of *n strings owned by the fixture; never NULL (*n may be 0). */
const char *const *hn_fixture_ignore(const hn_fixture *fx, size_t *n);
const char *const *hn_fixture_values(const hn_fixture *fx, size_t *n);

/* ---- Placeholders ---------------------------------------------------- */
/* ${NAME} (NAME: letters, digits, _; not starting with a digit) stands in
 * the request for a value filled from the environment when the request is
 * sent live; $${ writes a literal ${. The response is never expanded. */

/* The distinct NAMEs the request uses (URL, headers, body), in order of
 * first use: an array of *n strings owned by the fixture, never NULL. */
const char *const *hn_fixture_placeholders(const hn_fixture *fx, size_t *n);
/* Looks a NAME up; returns its value or NULL when it is not set. */
typedef const char *(*hn_fixture_lookup)(const char *name, void *data);
/* Returns a malloc'd copy of s with every ${NAME} replaced by lookup(NAME)
 * (getenv when lookup is NULL), or NULL when a NAME is not set (err names
 * it: code HN_FIXTURE_E_PLACEHOLDER) or s holds a malformed placeholder.
 * json_escape: s is JSON text and values are escaped for a JSON string. The
 * caller frees the result. */
char *hn_fixture_expand(const char *s, int json_escape, hn_fixture_lookup lookup,
                        void *data, hn_fixture_error *err);

/* ---- Writing --------------------------------------------------------- */

/* A new cJSON document equal to the fixture, fields in the canonical order
 * (the caller owns it; cJSON_Delete). Edit it and pass it to
 * hn_fixture_from_json to get a validated fixture back. JSON bodies are
 * cJSON trees here, so numbers beyond a double's precision are rounded when
 * printed; hn_fixture_to_text keeps them as written. NULL: no memory. */
struct cJSON *hn_fixture_to_json(const hn_fixture *fx);
/* The fixture as JSON text: canonical field order, 2-space indentation,
 * JSON bodies as written in the file, a final newline. malloc'd; the caller
 * frees it. len may be NULL. NULL: no memory. */
char *hn_fixture_to_text(const hn_fixture *fx, size_t *len);
/* Writes hn_fixture_to_text(fx) to path atomically: a temporary file in the
 * same directory, fsync, then rename over path, so readers see the old file
 * or the new one, never a part. Returns 0, or -1 with *err filled. */
int hn_fixture_write(const hn_fixture *fx, const char *path, hn_fixture_error *err);
/* Sets the payload of a request or response object being built (`msg`, a
 * cJSON object) from bytes: "body" when content_type is JSON (application/
 * json or +json) and the bytes parse, "body_text" when they are UTF-8 text
 * without NULs, else "body_base64". A JSON payload is added as a cJSON raw
 * item holding the compacted text, so hn_fixture_from_json keeps its numbers
 * digit for digit. Replaces any body field msg had. len 0 removes the body.
 * Returns 0, or -1 when out of memory. */
int hn_fixture_json_set_body(struct cJSON *msg, const void *bytes, size_t len,
                             const char *content_type);

/* ---- Dates ----------------------------------------------------------- */

/* Parses an ISO 8601 UTC time, "2026-11-20T10:00:00Z" (fraction of a second
 * allowed and dropped). Returns 0, or -1 when s is not one. */
int hn_fixture_time_parse(const char *s, time_t *out);
/* Writes t as "YYYY-MM-DDTHH:MM:SSZ" into buf (at least 21 bytes). Returns buf. */
char *hn_fixture_time_format(time_t t, char *buf, size_t size);

#ifdef __cplusplus
}
#endif
#endif
