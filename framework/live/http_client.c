/* SPDX-License-Identifier: MIT */
/* http_client.c: a small libcurl multi client for verify and record: many
 * requests in flight, retries with backoff, timeouts, TLS verified, bodies decoded. */
#include "live/http_client.h"

#include <curl/curl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "base/buf.h"
#include "base/mem.h"
#include "live/curl_api.h"
#include "live/http_pace.h"

typedef struct transfer {
    struct transfer *next;
    void *tag;
    char *method, *url, *body;
    size_t body_len;
    struct curl_slist *headers;
    CURL *easy;
    hn__http_response resp;
    hn__buf data;
    int too_large;
    size_t max_body;
    long long due_ms; /* not before (retries) */
    int delayed;      /* waiting for its retry */
    char errbuf[CURL_ERROR_SIZE];
} transfer;

struct hn__http_client {
    hn__http_config cfg;
    CURLM *multi;
    transfer *head, *tail; /* waiting, in order */
    size_t waiting, inflight;
    size_t delayed;        /* of the waiting: retries in their backoff */
    int in_done;           /* inside the done callback: adds go first */
    CURL **pool;           /* idle easy handles */
    size_t npool;
    hn__http_pace *pace;   /* --rate per host, or NULL */
};

/* libcurl's functions (curl_api.c), set by hn__http_client_new. */
static const hn__curl_api *cu;

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

const char *hn__http_header_get(const hn__http_response *r, const char *name)
{
    for (size_t i = 0; i < r->nheaders; i++)
        if (!strcasecmp(r->headers[i].name, name))
            return r->headers[i].value;
    return NULL;
}

static void free_headers(hn__http_response *r)
{
    for (size_t i = 0; i < r->nheaders; i++) {
        free(r->headers[i].name);
        free(r->headers[i].value);
    }
    free(r->headers);
    r->headers = NULL;
    r->nheaders = r->headercap = 0;
}

void hn__http_response_free(hn__http_response *r)
{
    if (!r)
        return;
    free_headers(r);
    free(r->body);
    memset(r, 0, sizeof *r);
}

hn__http_client *hn__http_client_new(const hn__http_config *cfg, char *err, size_t errlen)
{
    const hn__curl_api *api = hn__curl_api_get(err, errlen);
    if (!api)
        return NULL;
    if (cu != api)
        cu = api; /* once: written again, it would race with threads running clients */
    hn__http_client *c = calloc(1, sizeof *c);
    if (!c || !(c->multi = cu->multi_init())) {
        free(c);
        snprintf(err, errlen, "libcurl could not start: out of memory");
        return NULL;
    }
    c->cfg = *cfg;
    if (c->cfg.concurrency < 1)
        c->cfg.concurrency = 8;
    if (c->cfg.timeout_ms <= 0)
        c->cfg.timeout_ms = 30000;
    if (c->cfg.backoff_ms <= 0)
        c->cfg.backoff_ms = 200;
    if (!c->cfg.max_body)
        c->cfg.max_body = (size_t)64 << 20;
    if (c->cfg.retries < 0)
        c->cfg.retries = 0;
    if (c->cfg.retry_after_max_ms == 0)
        c->cfg.retry_after_max_ms = 60000;
    else if (c->cfg.retry_after_max_ms < 0) /* wait for no Retry-After but 0 */
        c->cfg.retry_after_max_ms = 0;
    c->pace = hn__http_pace_new(c->cfg.rate);
    c->pool = calloc((size_t)c->cfg.concurrency, sizeof *c->pool);
    if (!c->pool) {
        hn__http_client_free(c);
        snprintf(err, errlen, "libcurl could not start: out of memory");
        return NULL;
    }
    return c;
}

static void transfer_free(transfer *t)
{
    if (!t)
        return;
    free(t->method);
    free(t->url);
    free(t->body);
    cu->slist_free_all(t->headers);
    hn__http_response_free(&t->resp);
    hn__buf_free(&t->data);
    free(t);
}

void hn__http_client_free(hn__http_client *c)
{
    if (!c)
        return;
    while (c->head) {
        transfer *t = c->head;
        c->head = t->next;
        transfer_free(t);
    }
    for (size_t i = 0; i < c->npool; i++)
        cu->easy_cleanup(c->pool[i]);
    free(c->pool);
    hn__http_pace_free(c->pace);
    cu->multi_cleanup(c->multi);
    free(c);
}

/* Whether the request's own headers name `name` (case-insensitive). */
static int has_header(const hn__http_request *req, const char *name)
{
    size_t n = strlen(name);
    for (size_t i = 0; i < req->nheaders; i++)
        if (!strncasecmp(req->headers[i], name, n) && req->headers[i][n] == ':')
            return 1;
    return 0;
}

static int add_header(struct curl_slist **list, const char *line)
{
    struct curl_slist *l = cu->slist_append(*list, line);
    if (!l)
        return -1;
    *list = l;
    return 0;
}

/* Puts t in the waiting queue, at its head when first, else at its tail. */
static void enqueue(hn__http_client *c, transfer *t, int first)
{
    t->next = NULL;
    if (first) {
        t->next = c->head;
        c->head = t;
        if (!c->tail)
            c->tail = t;
    } else {
        if (c->tail)
            c->tail->next = t;
        else
            c->head = t;
        c->tail = t;
    }
    c->waiting++;
}

int hn__http_client_add(hn__http_client *c, const hn__http_request *req, void *tag)
{
    transfer *t = calloc(1, sizeof *t);
    if (!t)
        return -1;
    t->tag = tag;
    t->method = strdup(req->method ? req->method : "GET");
    t->url = strdup(req->url);
    t->body = malloc(req->body_len + 1);
    int bad = !t->method || !t->url || !t->body;
    if (!bad) {
        if (req->body_len)
            memcpy(t->body, req->body, req->body_len);
        t->body[req->body_len] = '\0';
        t->body_len = req->body_len;
    }
    for (size_t i = 0; !bad && i < req->nheaders; i++)
        bad = add_header(&t->headers, req->headers[i]);
    /* Send what the request says and nothing more: no default form type for
     * a body, no Expect: 100-continue round trip. */
    if (!bad && !has_header(req, "Content-Type"))
        bad = add_header(&t->headers, "Content-Type:");
    if (!bad && !has_header(req, "Expect"))
        bad = add_header(&t->headers, "Expect:");
    if (bad) {
        transfer_free(t);
        return -1;
    }
    /* Follow-ups (added while answers arrive) go first, so that a pair of
     * requests (learning volatile fields) is not spread across the run. */
    enqueue(c, t, c->in_done);
    return 0;
}

static size_t on_body(char *p, size_t size, size_t n, void *userdata)
{
    transfer *t = userdata;
    size_t len = size * n;
    if (t->data.len + len > t->max_body) {
        t->too_large = 1;
        return 0;
    }
    hn__buf_add(&t->data, p, len);
    return len;
}

static size_t on_header(char *p, size_t size, size_t n, void *userdata)
{
    transfer *t = userdata;
    size_t len = size * n;
    if (len >= 5 && !strncmp(p, "HTTP/", 5)) { /* a new answer: 1xx, redirect */
        free_headers(&t->resp);
        return len;
    }
    const char *colon = memchr(p, ':', len);
    if (!colon)
        return len;
    const char *v = colon + 1, *end = p + len;
    while (v < end && (*v == ' ' || *v == '\t'))
        v++;
    while (end > v && (end[-1] == '\r' || end[-1] == '\n' || end[-1] == ' '))
        end--;
    if (hn__grow(&t->resp.headers, &t->resp.headercap, t->resp.nheaders + 1,
                 sizeof *t->resp.headers))
        return 0;
    hn__http_header *h = t->resp.headers + t->resp.nheaders;
    h->name = strndup(p, (size_t)(colon - p));
    h->value = strndup(v, (size_t)(end - v));
    if (!h->name || !h->value) {
        free(h->name);
        free(h->value);
        return 0;
    }
    t->resp.nheaders++;
    return len;
}

/* The options every transfer of c shares, set once on a new handle: a
 * pooled handle keeps them from one transfer to the next (libcurl's reset
 * and these options again were about 6% of the instructions `honest proxy`
 * spends answering a forwarded request: docs/performance.md, session 20). */
static void setup_handle(hn__http_client *c, CURL *e)
{
    cu->easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    cu->easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    cu->easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
    cu->easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
    if (c->cfg.cainfo)
        cu->easy_setopt(e, CURLOPT_CAINFO, c->cfg.cainfo);
    cu->easy_setopt(e, CURLOPT_ACCEPT_ENCODING, ""); /* every encoding libcurl decodes */
    cu->easy_setopt(e, CURLOPT_USERAGENT, "honest/0.1");
    cu->easy_setopt(e, CURLOPT_TIMEOUT_MS, c->cfg.timeout_ms);
    cu->easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS,
                     c->cfg.timeout_ms < 10000 ? c->cfg.timeout_ms : 10000L);
    cu->easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
    cu->easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
}

/* What differs from one transfer to the next. The method's options are all
 * set again (a pooled handle is not reset): the previous transfer's HEAD,
 * body or custom method never carries over. */
static void setup_easy(transfer *t)
{
    CURL *e = t->easy;
    cu->easy_setopt(e, CURLOPT_URL, t->url);
    cu->easy_setopt(e, CURLOPT_HTTPHEADER, t->headers);
    cu->easy_setopt(e, CURLOPT_WRITEDATA, t);
    cu->easy_setopt(e, CURLOPT_HEADERDATA, t);
    cu->easy_setopt(e, CURLOPT_PRIVATE, t);
    t->errbuf[0] = '\0';
    cu->easy_setopt(e, CURLOPT_ERRORBUFFER, t->errbuf);
    cu->easy_setopt(e, CURLOPT_CUSTOMREQUEST, (char *)NULL);
    cu->easy_setopt(e, CURLOPT_POSTFIELDS, (char *)NULL); /* no pointer to a freed body */
    cu->easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)-1);
    cu->easy_setopt(e, CURLOPT_HTTPGET, 1L); /* GET, no body wanted or sent */
    if (!strcmp(t->method, "HEAD")) {
        cu->easy_setopt(e, CURLOPT_NOBODY, 1L);
    } else if (t->body_len || !strcmp(t->method, "POST")) {
        cu->easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)t->body_len);
        cu->easy_setopt(e, CURLOPT_POSTFIELDS, t->body);
        if (strcmp(t->method, "POST"))
            cu->easy_setopt(e, CURLOPT_CUSTOMREQUEST, t->method);
    } else if (strcmp(t->method, "GET")) {
        cu->easy_setopt(e, CURLOPT_CUSTOMREQUEST, t->method);
    }
}

/* When t may start: its retry time, and its host's turn under --rate. */
static long long ready_at(const hn__http_client *c, const transfer *t, long long now)
{
    long long pace = now + hn__http_pace_wait(c->pace, t->url, now);
    return t->due_ms > pace ? t->due_ms : pace;
}

/* Takes the first waiting transfer that is due off the queue, or NULL. */
static transfer *take_due(hn__http_client *c, long long now)
{
    transfer *prev = NULL, *t = c->head;
    while (t && ready_at(c, t, now) > now)
        prev = t, t = t->next;
    if (!t)
        return NULL;
    if (prev)
        prev->next = t->next;
    else
        c->head = t->next;
    if (c->tail == t)
        c->tail = prev;
    t->next = NULL;
    c->waiting--;
    if (t->delayed) {
        t->delayed = 0;
        c->delayed--;
    }
    return t;
}

/* Starts t; returns 0, or -1 when libcurl could not (t is then failed). */
static int start(hn__http_client *c, transfer *t)
{
    int reused = c->npool > 0;
    t->easy = c->npool ? c->pool[--c->npool] : cu->easy_init();
    if (t->easy && !reused)
        setup_handle(c, t->easy);
    free_headers(&t->resp);
    hn__buf_free(&t->data);
    t->too_large = 0;
    t->max_body = c->cfg.max_body;
    t->resp.attempts++;
    hn__http_pace_take(c->pace, t->url, now_ms());
    if (t->easy) {
        setup_easy(t);
        if (cu->multi_add_handle(c->multi, t->easy) == CURLM_OK) {
            c->inflight++;
            return 0;
        }
        c->pool[c->npool++] = t->easy;
        t->easy = NULL;
    }
    t->resp.result = HN__HTTP_FAILED;
    snprintf(t->resp.error, sizeof t->resp.error, "libcurl could not start a transfer");
    t->resp.body = calloc(1, 1);
    return -1;
}

static hn_transport_error classify(CURLcode code, hn__http_result *result)
{
    *result = HN__HTTP_UNREACHABLE;
    switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
        return HN_TRANSPORT_DNS;
    case CURLE_COULDNT_CONNECT:
        return HN_TRANSPORT_CONNECTION_REFUSED;
    case CURLE_OPERATION_TIMEDOUT:
        return HN_TRANSPORT_TIMEOUT;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
        return HN_TRANSPORT_TLS;
    case CURLE_GOT_NOTHING:
        return HN_TRANSPORT_EMPTY_REPLY;
    case CURLE_TOO_MANY_REDIRECTS:
        return HN_TRANSPORT_TOO_MANY_REDIRECTS;
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_WEIRD_SERVER_REPLY:
        return HN_TRANSPORT_CONNECTION_RESET;
    default:
        *result = HN__HTTP_FAILED;
        return HN_TRANSPORT_OK;
    }
}

/* A transfer ended with code: retry it, or finish it (returns 1). */
static int finish(hn__http_client *c, transfer *t, CURLcode code)
{
    hn__http_response *r = &t->resp;
    cu->multi_remove_handle(c->multi, t->easy);
    c->inflight--;
    cu->easy_getinfo(t->easy, CURLINFO_TOTAL_TIME, &r->seconds);
    cu->easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &r->status);
    char *ip = NULL;
    cu->easy_getinfo(t->easy, CURLINFO_PRIMARY_IP, &ip);
    int connected = ip && *ip;
    c->pool[c->npool++] = t->easy;
    t->easy = NULL;
    r->error[0] = '\0';
    r->transport = HN_TRANSPORT_OK;
    if (code == CURLE_OK) {
        r->result = HN__HTTP_OK;
    } else if (t->too_large) {
        r->result = HN__HTTP_FAILED;
        snprintf(r->error, sizeof r->error, "the answer is larger than %zu bytes",
                 c->cfg.max_body);
    } else {
        r->transport = classify(code, &r->result);
        snprintf(r->error, sizeof r->error, "%s",
                 t->errbuf[0] ? t->errbuf : cu->easy_strerror(code));
        if (code == CURLE_UNSUPPORTED_PROTOCOL && connected) {
            /* It connected and the peer answered, but not in HTTP (libcurl
             * refuses an answer without a status line as HTTP/0.9): the
             * service is broken, not the request. */
            char why[sizeof r->error];
            snprintf(why, sizeof why, "%s", r->error);
            snprintf(r->error, sizeof r->error,
                     "the service answered something that is not HTTP (%.200s)", why);
            r->result = HN__HTTP_UNREACHABLE;
        }
    }
    /* A 429 or 503 is retried within the same budget, after what its
     * Retry-After asks (bounded), or the backoff when it says nothing. */
    int limited = r->result == HN__HTTP_OK && (r->status == 429 || r->status == 503) &&
                  r->attempts <= c->cfg.retries;
    long long asked = limited ? hn__http_retry_after_ms(r, time(NULL)) : -1;
    if (asked > c->cfg.retry_after_max_ms)
        limited = 0; /* longer than we wait: the answer stands */
    if ((r->result == HN__HTTP_UNREACHABLE && r->attempts <= c->cfg.retries) || limited) {
        long long delay = c->cfg.backoff_ms;
        for (int i = 1; i < r->attempts && delay < 10000; i++)
            delay *= 2;
        if (delay > 10000)
            delay = 10000;
        t->due_ms = now_ms() + (asked >= 0 ? asked : delay);
        t->delayed = 1;
        c->delayed++;
        enqueue(c, t, 0);
        return 0;
    }
    r->body_len = t->data.len;
    r->body = hn__buf_take(&t->data);
    if (r->result != HN__HTTP_OK)
        r->status = 0;
    return 1;
}

/* Hands finished transfers to done; returns how many finished. */
static int collect(hn__http_client *c, hn__http_done done, void *data)
{
    CURLMsg *m;
    int left, finished = 0;
    while ((m = cu->multi_info_read(c->multi, &left))) {
        if (m->msg != CURLMSG_DONE)
            continue;
        transfer *t = NULL;
        cu->easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&t);
        finished++;
        if (!finish(c, t, m->data.result))
            continue;
        c->in_done = 1;
        done(c, t->tag, &t->resp, data);
        c->in_done = 0;
        transfer_free(t);
    }
    return finished;
}

/* Milliseconds until the next waiting retry is due (0: one is due now, -1:
 * none waits). */
static long long next_due(const hn__http_client *c, long long now)
{
    long long best = -1;
    for (const transfer *t = c->head; t; t = t->next) {
        long long at = ready_at(c, t, now), d = at > now ? at - now : 0;
        if (best < 0 || d < best)
            best = d;
    }
    return best;
}

int hn__http_client_run(hn__http_client *c, hn__http_feed feed, hn__http_done done,
                        void *data, char *err, size_t errlen)
{
    size_t limit = (size_t)c->cfg.concurrency;
    int fed_all = feed == NULL;
    for (;;) {
        /* Retries in their backoff do not hold a place, so one slow host
         * does not stall the run; they are capped to keep memory bounded. */
        int later = 0;
        while (!fed_all && !later && c->waiting - c->delayed + c->inflight < limit &&
               c->delayed < 16 * limit) {
            int r = feed(c, data);
            fed_all = r == 0;
            later = r < 0;
        }
        long long now = now_ms();
        transfer *t;
        while (c->inflight < limit && (t = take_due(c, now))) {
            if (start(c, t)) {
                c->in_done = 1;
                done(c, t->tag, &t->resp, data);
                c->in_done = 0;
                transfer_free(t);
            }
        }
        if (!c->inflight && !c->waiting && fed_all)
            return 0;
        int running = 0;
        CURLMcode mc = cu->multi_perform(c->multi, &running);
        if (mc == CURLM_OK && collect(c, done, data))
            continue;
        if (mc == CURLM_OK) {
            long long due = c->inflight < limit ? next_due(c, now) : -1;
            int wait = due >= 0 && due < 1000 ? (int)due : 1000;
            if (later && wait > 5)
                wait = 5; /* feed said "not now": ask again soon */
            mc = cu->multi_poll(c->multi, NULL, 0, wait, NULL);
        }
        if (mc != CURLM_OK) {
            snprintf(err, errlen, "libcurl failed: %s", cu->multi_strerror(mc));
            return -1;
        }
    }
}

typedef struct one_answer {
    hn__http_response *out;
} one_answer;

static void take_one(hn__http_client *c, void *tag, hn__http_response *resp, void *data)
{
    (void)c;
    (void)tag;
    one_answer *a = data;
    *a->out = *resp;
    memset(resp, 0, sizeof *resp);
}

int hn__http_fetch(const hn__http_config *cfg, const hn__http_request *req,
                   hn__http_response *resp, char *err, size_t errlen)
{
    memset(resp, 0, sizeof *resp);
    hn__http_client *c = hn__http_client_new(cfg, err, errlen);
    if (!c)
        return -1;
    one_answer a = {resp};
    int r = hn__http_client_add(c, req, NULL);
    if (r == 0)
        r = hn__http_client_run(c, NULL, take_one, &a, err, errlen);
    else
        snprintf(err, errlen, "out of memory");
    hn__http_client_free(c);
    return r;
}
