/* SPDX-License-Identifier: MIT */
/* http_pace.c: the pace of the live client towards providers: how long a
 * 429 or 503 asks to wait (Retry-After) and a per-host request rate. */
#include "live/http_pace.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "base/mem.h"

long long hn__http_retry_after_ms(const hn__http_response *r, time_t now)
{
    const char *v = hn__http_header_get(r, "Retry-After");
    if (!v)
        return -1;
    while (*v == ' ' || *v == '\t')
        v++;
    char *end = NULL;
    if (*v >= '0' && *v <= '9') {
        long long s = strtoll(v, &end, 10);
        while (end && (*end == ' ' || *end == '\t'))
            end++;
        return end && !*end && s >= 0 && s < 1000000000LL ? s * 1000 : -1;
    }
    struct tm tm; /* an HTTP date: "Wed, 21 Oct 2015 07:28:00 GMT" */
    memset(&tm, 0, sizeof tm);
    end = strptime(v, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    if (!end || *end)
        return -1;
    time_t at = timegm(&tm);
    return at > now ? (long long)(at - now) * 1000 : 0;
}

/* ---- per-host rate -------------------------------------------------------- */

typedef struct host_slot {
    char *host;
    long long next_ms; /* the earliest start of the next request */
} host_slot;

struct hn__http_pace {
    long long gap_ms; /* between two requests to one host */
    host_slot *v;
    size_t n, cap;
};

hn__http_pace *hn__http_pace_new(double per_second)
{
    if (!(per_second > 0))
        return NULL;
    hn__http_pace *p = calloc(1, sizeof *p);
    if (p)
        p->gap_ms = (long long)(1000.0 / per_second + 0.5);
    return p;
}

void hn__http_pace_free(hn__http_pace *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->n; i++)
        free(p->v[i].host);
    free(p->v);
    free(p);
}

/* The authority of url ("host:port", "[::1]:8080"), lower case, in buf. */
static void authority(const char *url, char *buf, size_t cap)
{
    const char *s = strstr(url, "://");
    s = s ? s + 3 : url;
    size_t n = strcspn(s, "/?#");
    const char *at = memchr(s, '@', n);
    if (at)
        n -= (size_t)(at + 1 - s), s = at + 1;
    if (n >= cap)
        n = cap - 1;
    for (size_t i = 0; i < n; i++)
        buf[i] = (char)((s[i] >= 'A' && s[i] <= 'Z') ? s[i] - 'A' + 'a' : s[i]);
    buf[n] = '\0';
}

static host_slot *slot(const hn__http_pace *p, const char *url)
{
    char host[256];
    authority(url, host, sizeof host);
    for (size_t i = 0; i < p->n; i++)
        if (!strcmp(p->v[i].host, host))
            return &p->v[i];
    return NULL;
}

long long hn__http_pace_wait(const hn__http_pace *p, const char *url, long long now_ms)
{
    const host_slot *s = p ? slot(p, url) : NULL;
    return s && s->next_ms > now_ms ? s->next_ms - now_ms : 0;
}

int hn__http_pace_take(hn__http_pace *p, const char *url, long long now_ms)
{
    if (!p)
        return 0;
    host_slot *s = slot(p, url);
    if (!s) {
        char host[256];
        authority(url, host, sizeof host);
        if (hn__grow(&p->v, &p->cap, p->n + 1, sizeof *p->v))
            return -1;
        s = &p->v[p->n];
        if (!(s->host = strdup(host)))
            return -1;
        s->next_ms = now_ms;
        p->n++;
    }
    s->next_ms = (s->next_ms > now_ms ? s->next_ms : now_ms) + p->gap_ms;
    return 0;
}
