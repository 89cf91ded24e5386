/* SPDX-License-Identifier: MIT */
/* record.h: from a fixture's request to one ready to send (placeholders
 * filled), and from a live answer back to a fixture (decoded, redacted). */
#ifndef HN_RECORD_H
#define HN_RECORD_H

#include <stddef.h>
#include <time.h>

#include <honest/fixture.h>

#include "live/http_client.h"
#include "fixtures/redact.h"

struct cJSON;

/* A request ready to send: every ${NAME} filled. `req` points into the
 * other fields; free with hn__record_send_free. */
typedef struct hn__record_send {
    hn__http_request req;
    char *url;
    char **lines; /* "Name: value" */
    size_t nlines, linecap;
    char *body;
    size_t body_len;
} hn__record_send;

/* Fills *out from the request of fx, placeholders filled through lookup
 * (getenv when NULL). Returns 0, or -1 with *err filled (a variable that is
 * not set is named, with the fixture's path in err->file). */
int hn__record_send_fixture(const hn_fixture *fx, hn_fixture_lookup lookup, void *data,
                            hn__record_send *out, hn_fixture_error *err);
/* The same from a request object as written ({"method", "url", "headers",
 * "body"|"body_text"|"body_base64"}), for requests given on a command line. */
int hn__record_send_json(const struct cJSON *request, hn_fixture_lookup lookup, void *data,
                         hn__record_send *out, hn_fixture_error *err);
/* Releases what s holds; zeroes it. */
void hn__record_send_free(hn__record_send *s);

/* Adds header name: value to a fixture's headers object; a name already
 * there (any case) becomes an array of its values. 0, or -1 when out of
 * memory. */
int hn__record_add_header(struct cJSON *headers, const char *name, const char *value);

/* What a new recording says about itself. NULL/0 fields are left out. */
typedef struct hn__record_meta {
    const char *name;
    const char *service;
    const char *description;
    int max_age_days;
    const char *origin;        /* "imported", "hand-written"; NULL: recorded */
    const char *import_format; /* "imported_from": format (required with */
    const char *import_file;   /* "imported"), file and entry */
    const char *import_entry;
    const char *body_type;     /* how to store a response body when the answer
                                  has no Content-Type (NULL: as bytes or text) */
} hn__record_meta;

/* Builds a new fixture from `request` (as written; a redacted copy is kept)
 * and its live answer (which must be an HTTP answer), recorded at `now`,
 * with redaction r, whose kept rules become the fixture's "redact" list. `source` names the fixture in errors (its path).
 * Returns a validated fixture the caller frees, or NULL with *err filled. */
hn_fixture *hn__record_new(const struct cJSON *request, const hn__http_response *live,
                           const hn__record_meta *meta, hn__redact *r, time_t now,
                           const char *source, hn_fixture_error *err);
/* Re-records old from its live answer: keeps every field but the response
 * and recorded_at (name, service, request as written, verify rules ...),
 * redacting with r and old's "redact" rules (added to r, kept) (placeholders filled through lookup to learn secrets).
 * Returns a new fixture the caller frees, or NULL with *err filled. */
hn_fixture *hn__record_again(const hn_fixture *old, const hn__http_response *live,
                             hn__redact *r, hn_fixture_lookup lookup, void *data,
                             time_t now, hn_fixture_error *err);

/* The reviewable change from old to new as text for people ("KIND PATH: A
 * -> B" lines, values compared; recorded_at included), shown through r
 * (hn__live_redact_diff: no secret r knows, no value at a sensitive path).
 * malloc'd; the caller frees it. NULL when out of memory. */
char *hn__record_changes(const hn_fixture *old, const hn_fixture *new_fx, const hn__redact *r);
/* Learns the secrets of a live answer into r, as a recording would redact
 * them (nothing is built). 0 or -1 (out of memory). */
int hn__record_learn_response(hn__redact *r, const hn__http_response *live);

#endif
