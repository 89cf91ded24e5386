/* SPDX-License-Identifier: MIT */
/* http_pace.h: the pace of the live client towards providers: how long a
 * 429 or 503 asks to wait (Retry-After) and a per-host request rate. */
#ifndef HN_HTTP_PACE_H
#define HN_HTTP_PACE_H

#include <time.h>

#include "live/http_client.h"

/* The wait an answer's Retry-After header asks for, in milliseconds
 * (delay-seconds, or an HTTP date measured from now); -1 when it has none
 * or it is not one of those. */
long long hn__http_retry_after_ms(const hn__http_response *r, time_t now);

/* Request starts per host (scheme-less authority, "host:port"), at most
 * `per_second` each. Opaque; NULL stands for "no limit" everywhere. */
typedef struct hn__http_pace hn__http_pace;

/* A new pace, or NULL when per_second is not positive (no limit) or memory
 * ran out. Free with hn__http_pace_free (NULL: no-op). */
hn__http_pace *hn__http_pace_new(double per_second);
void hn__http_pace_free(hn__http_pace *p);
/* Milliseconds before a request to url may start (0: now). */
long long hn__http_pace_wait(const hn__http_pace *p, const char *url, long long now_ms);
/* Notes that a request to url starts (its host's next slot moves on).
 * Returns 0, or -1 when out of memory (the request is then not paced). */
int hn__http_pace_take(hn__http_pace *p, const char *url, long long now_ms);

#endif
