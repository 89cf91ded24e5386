/* SPDX-License-Identifier: MIT */
/* redact.h: keeping secrets out of recorded fixtures: sensitive headers,
 * fields and query parameters become ${NAME} placeholders, and every secret
 * value that was sent or received is scrubbed wherever else it appears. */
#ifndef HN_REDACT_H
#define HN_REDACT_H

#include <stddef.h>

#include <honest/fixture.h>

struct cJSON;

/* The file, beside fixtures (or in a directory above them, up to the
 * repository's root), that names more headers and fields to redact: one name
 * per line, '#' starts a comment. */
#define HN__REDACT_FILE ".honest-redact"
/* Secret values shorter than this are not searched for (they would match
 * everywhere); they are still replaced where their name marks them. */
#define HN__REDACT_MIN_SECRET 4

/* One recording's redaction: the sensitive names and the secrets met so far.
 * Opaque; one per recorded interaction (secrets must not leak between two). */
typedef struct hn__redact hn__redact;

/* A new redaction with the default names (Authorization, Cookie, Set-Cookie,
 * Proxy-Authorization, X-Api-Key). NULL when out of memory. */
hn__redact *hn__redact_new(void);
/* Releases r (and wipes the secrets it held); NULL is a no-op. */
void hn__redact_free(hn__redact *r);
/* Adds a header, field or query parameter name (compared without case).
 * Returns 0 or -1 (out of memory). */
int hn__redact_add_name(hn__redact *r, const char *name);
/* Adds the names in the redaction file at path. Returns 1 when it was read,
 * 0 when there is none, -1 when it exists but cannot be read (err filled,
 * errlen bytes). */
int hn__redact_load_file(hn__redact *r, const char *path, char *err, size_t errlen);
/* Adds the names of every HN__REDACT_FILE in the directory of fixture_path
 * and in its parents, up to the first that holds .git (or /). Returns 0 or
 * -1 (err filled). */
int hn__redact_load_beside(hn__redact *r, const char *fixture_path, char *err,
                           size_t errlen);
/* 1 when name is sensitive, else 0. */
int hn__redact_is_sensitive(const hn__redact *r, const char *name);
/* Writes the placeholder NAME for a header or field name ("X-Api-Key" ->
 * "X_API_KEY") into buf (cap bytes, NUL-terminated). */
void hn__redact_placeholder(const char *name, char *buf, size_t cap);

/* Redacts a request object being recorded ({"method", "url", "headers",
 * "body"|"body_text"}, as the user wrote it, placeholders unexpanded) in
 * place: sensitive headers, query parameters, form fields and JSON fields
 * with literal values become ${NAME} (an Authorization scheme word such as
 * "Bearer" is kept); the values that placeholders stand for in sensitive
 * places, or whose NAME looks secret (TOKEN, KEY, SECRET, PASSWORD, AUTH,
 * COOKIE, SESSION, CREDENTIAL), are looked up (lookup: getenv when NULL)
 * and remembered as secrets; then every secret is scrubbed from the whole
 * request. Returns 0 or -1 (out of memory). */
int hn__redact_request(hn__redact *r, struct cJSON *request, hn_fixture_lookup lookup,
                       void *data);
/* Redacts an answer being recorded in two steps. Before the body is set:
 * hn__redact_response_headers turns sensitive headers of response (an
 * object with "headers") into placeholders, remembering their values, and
 * hn__redact_bytes scrubs known secrets from the raw body (*body, *len: a
 * malloc'd buffer that may be replaced). After hn_fixture_json_set_body:
 * hn__redact_response_body redacts sensitive JSON fields, then scrubs every
 * secret from the body and the headers. Each returns 0 or -1 (no memory). */
int hn__redact_response_headers(hn__redact *r, struct cJSON *response);
int hn__redact_bytes(hn__redact *r, char **body, size_t *len);
int hn__redact_response_body(hn__redact *r, struct cJSON *response);

/* What was redacted, for the log: "request header Authorization", "3 secret
 * values in the response body" ... (never a value). Owned by r. */
size_t hn__redact_note_count(const hn__redact *r);
const char *hn__redact_note_at(const hn__redact *r, size_t i);
/* 1 when text[0..len) holds a secret r knows (for tests of the tool's own
 * output), else 0. */
int hn__redact_leaks(const hn__redact *r, const char *text, size_t len);

#endif
