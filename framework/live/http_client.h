/* SPDX-License-Identifier: MIT */
/* http_client.h: a small libcurl multi client for verify and record: many
 * requests in flight, retries with backoff, timeouts, TLS verified, bodies decoded. */
/* The component framework/live/: talking to live services: libcurl loaded on
 * first use, the multi client, sendable requests, re-recording. It uses base,
 * json, core, diff, fixtures (framework/LAYERS); this is its main header. */
#ifndef HN_HTTP_CLIENT_H
#define HN_HTTP_CLIENT_H

#include <stddef.h>

#include <honest/fixture.h>

/* How requests are sent. Zero fields take the defaults named here. */
typedef struct hn__http_config {
    int concurrency;    /* requests in flight at once (default 8) */
    int retries;        /* further attempts after a transport failure (0: none) */
    long timeout_ms;    /* whole request (default 30000) */
    long backoff_ms;    /* delay before the first retry, doubled for each next
                           one and capped at 10 s (default 200) */
    const char *cainfo; /* CA bundle file; NULL: the system's */
    size_t max_body;    /* largest response body kept (default 64 MiB) */
    double rate;        /* requests per second to each host (0: no limit) */
    long retry_after_max_ms; /* longest Retry-After of a 429 or 503 waited
                                before asking again (within `retries`;
                                0: 60000; negative: none but 0; a
                                longer one ends the request with that
                                answer) */
} hn__http_config;

/* One request. Strings are copied by hn__http_client_add. */
typedef struct hn__http_request {
    const char *method;         /* "GET", "POST", ... */
    const char *url;
    const char *const *headers; /* "Name: value" lines */
    size_t nheaders;
    const char *body;           /* may be NULL when body_len is 0 */
    size_t body_len;
} hn__http_request;

/* How a request ended. */
typedef enum hn__http_result {
    HN__HTTP_OK = 0,      /* an HTTP answer arrived (any status) */
    HN__HTTP_UNREACHABLE, /* DNS, connect, TLS, timeout, reset: retried */
    HN__HTTP_FAILED       /* not sendable (bad URL, unsupported scheme) or
                             an answer too large: not retried */
} hn__http_result;

typedef struct hn__http_header {
    char *name;
    char *value;
} hn__http_header;

/* The answer, or why there is none. Filled by the client; the strings are
 * malloc'd and released by hn__http_response_free. */
typedef struct hn__http_response {
    hn__http_result result;
    hn_transport_error transport; /* what an UNREACHABLE result was */
    char error[256];              /* curl's words for a failure, else "" */
    long status;                  /* HN__HTTP_OK: the HTTP status */
    hn__http_header *headers;     /* of the final answer, in order */
    size_t nheaders, headercap;
    char *body;                   /* decoded (Content-Encoding undone), with a
                                     NUL that body_len does not count; never NULL */
    size_t body_len;
    int attempts;                 /* 1 + retries used */
    double seconds;               /* time of the last attempt */
} hn__http_response;

/* The first value of header `name` (case-insensitive), or NULL. */
const char *hn__http_header_get(const hn__http_response *r, const char *name);
/* Releases what r holds (not r itself) and zeroes it. */
void hn__http_response_free(hn__http_response *r);

typedef struct hn__http_client hn__http_client;

/* A new client (libcurl initialised once per process). Returns NULL with a
 * message in err (errlen bytes) when libcurl cannot start. Free with
 * hn__http_client_free. */
hn__http_client *hn__http_client_new(const hn__http_config *cfg, char *err, size_t errlen);
/* Releases c and any request still queued; NULL is a no-op. */
void hn__http_client_free(hn__http_client *c);

/* Queues a request (copied); `tag` is handed back with its answer. Returns
 * 0, or -1 when out of memory. May be called from the callbacks of
 * hn__http_client_run; requests added from `done` go first. */
int hn__http_client_add(hn__http_client *c, const hn__http_request *req, void *tag);

/* Called when the client has room for more: add requests with
 * hn__http_client_add and return 1, return 0 when there are no more, or
 * return -1 for "not now" (the caller is behind with the answers it has):
 * the client goes on with what is in flight and asks again shortly.
 * The client asks only while fewer than `concurrency` requests are in flight
 * or ready to go (retries waiting out their backoff, at most 16 times the
 * concurrency, do not count), so memory does not grow with the number of
 * requests. */
typedef int (*hn__http_feed)(hn__http_client *c, void *data);
/* Called once per request with its final answer (after retries). resp is
 * the client's; it is freed after the call (take strings by setting them
 * to NULL). */
typedef void (*hn__http_done)(hn__http_client *c, void *tag, hn__http_response *resp,
                              void *data);
/* Sends everything queued and everything feed adds (feed may be NULL),
 * `concurrency` at a time, and calls done for each. Returns 0, or -1 when
 * libcurl failed as a whole (err filled, errlen bytes). */
int hn__http_client_run(hn__http_client *c, hn__http_feed feed, hn__http_done done,
                        void *data, char *err, size_t errlen);

/* Sends one request with cfg and fills *resp (free it with
 * hn__http_response_free). Returns 0 when the client ran (look at
 * resp->result), -1 when libcurl could not start (err filled). */
int hn__http_fetch(const hn__http_config *cfg, const hn__http_request *req,
                   hn__http_response *resp, char *err, size_t errlen);

#endif
