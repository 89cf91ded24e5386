/* SPDX-License-Identifier: MIT */
/* http_serve.h: what `honest serve` and `honest proxy` (serve/) use of http/:
 * a request that came from outside libcurl, matched against fixtures exactly
 * as HN_HTTP_FIXTURES matches a libcurl transfer, and recorded as --record does. */
#ifndef HN_HTTP_SERVE_H
#define HN_HTTP_SERVE_H

#include <stddef.h>

#include <honest/fixture.h>

#include "base/buf.h"

struct cJSON;

/* A request as a server received it. Opaque; owns copies of what it is given. */
typedef struct hn__http_in hn__http_in;

/* A new request: method ("GET") and absolute URL ("http://127.0.0.1:8080/v1?q=1").
 * Never NULL (out of memory aborts). Free with hn__http_in_free. */
hn__http_in *hn__http_in_new(const char *method, const char *url);
/* Adds one header as sent (repeated names are kept in order). */
void hn__http_in_header(hn__http_in *in, const char *name, const char *value);
/* Sets the body (len bytes, copied). */
void hn__http_in_body(hn__http_in *in, const char *body, size_t len);
/* Releases in; NULL is a no-op. */
void hn__http_in_free(hn__http_in *in);
const char *hn__http_in_method(const hn__http_in *in);
const char *hn__http_in_url(const hn__http_in *in);
/* The body (NUL-terminated; *len bytes when len is not NULL). */
const char *hn__http_in_body_get(const hn__http_in *in, size_t *len);

/* A fixture's request URL taken apart once, kept across requests. */
typedef struct hn__http_pattern hn__http_pattern;
/* Never NULL (out of memory aborts); free with hn__http_pattern_free. */
hn__http_pattern *hn__http_pattern_new(const char *url);
void hn__http_pattern_free(hn__http_pattern *p);

/* 1 when fixture fx, whose request URL is taken as url, answers in. */
int hn__http_in_matches(const hn_fixture *fx, const hn__http_pattern *url,
                        const hn__http_in *in);
/* 0 when fx answers in, else a distance (larger is further); with why, one
 * line per difference is appended ("    method: fixture POST, request GET"),
 * the lines a test's failure shows for a request no fixture matched. */
unsigned hn__http_in_distance(const hn_fixture *fx, const hn__http_pattern *url,
                              const hn__http_in *in, hn__buf *why);

/* in as a fixture's request object, as --record writes it, with url in place
 * of in's URL (a placeholder base). NULL when out of memory. */
struct cJSON *hn__http_in_request_json(const hn__http_in *in, const char *url);
/* Appends the file name stem --record gives a request of method to the URL
 * or path url ("get-v1-items"). */
void hn__http_in_stem(hn__buf *b, const char *method, const char *url);

/* The directory a relative path names, found as HN_HTTP_FIXTURES finds it
 * (--fixtures=DIR, then beside the test's source file, site when no test
 * runs); malloc'd, or NULL when path names no directory. */
char *hn__http_fixture_dir(const char *path, const char *site);
/* 1 when a directory entry named name is a fixture HN_HTTP_FIXTURES loads
 * from a directory (*.json, not a dot file, not HN_VERIFIED_FILE). */
int hn__http_fixture_file_name(const char *name);

#endif
