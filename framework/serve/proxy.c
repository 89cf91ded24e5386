/* SPDX-License-Identifier: MIT */
/* proxy.c: `honest proxy`: a request is forwarded to the upstream (libcurl,
 * live/http_client.h), answered with the upstream's answer and its
 * interaction handed to the recorder (proxy_writer.c, proxy_record.c), which
 * makes, redacts and writes the fixture after the answer; under
 * --record=missing a request a fixture answers is not forwarded. Upstream
 * clients are pooled, so that connections to the upstream are kept alive
 * from one forwarded request to the next. */
#include "serve/serve_impl.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fixtures/redact.h"
#include "live/http_client.h"
#include "base/mem.h"
/* Idle upstream clients kept (one per connection answered at once). */
#define MAX_IDLE_CLIENTS 64


/* Request headers that describe one hop, not the request: not forwarded
 * (libcurl writes its own Host, Content-Length and Accept-Encoding). */
static int hop_request_header(const char *name)
{
    static const char *const names[] = {"Host", "Content-Length", "Transfer-Encoding",
                                        "Connection", "Keep-Alive", "Accept-Encoding",
                                        "Expect", "Proxy-Connection", "TE", "Upgrade"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (!strcasecmp(name, names[i]))
            return 1;
    return 0;
}

typedef struct lines {
    char **v;
    size_t n, cap;
} lines;

static enum MHD_Result header_line(void *cls, enum MHD_ValueKind kind, const char *key,
                                   const char *value)
{
    (void)kind;
    lines *l = cls;
    if (hop_request_header(key))
        return MHD_YES;
    hn__must_grow(&l->v, &l->cap, l->n + 1, sizeof *l->v);
    if (asprintf(&l->v[l->n], "%s: %s", key, value ? value : "") < 0)
        hn__must(NULL);
    l->n++;
    return MHD_YES;
}

/* An idle upstream client (its connections kept alive), or a new one;
 * NULL with a message in err when libcurl cannot start. */
static hn__http_client *client_take(hn__serve *s, char *err, size_t errlen)
{
    hn__http_client *c = NULL;
    pthread_mutex_lock(&s->lock);
    if (s->nclients)
        c = s->clients[--s->nclients];
    pthread_mutex_unlock(&s->lock);
    if (c)
        return c;
    hn__http_config cfg = {.concurrency = 1, .timeout_ms = s->cfg.timeout_ms,
                           .cainfo = s->cfg.cainfo};
    return hn__http_client_new(&cfg, err, errlen);
}

/* Puts c back among the idle clients (freed when MAX_IDLE_CLIENTS are). */
static void client_give(hn__serve *s, hn__http_client *c)
{
    pthread_mutex_lock(&s->lock);
    if (s->nclients < MAX_IDLE_CLIENTS) {
        if (!s->clients)
            s->clients = hn__must(calloc(MAX_IDLE_CLIENTS, sizeof *s->clients));
        s->clients[s->nclients++] = c;
        c = NULL;
    }
    pthread_mutex_unlock(&s->lock);
    hn__http_client_free(c);
}

int hn__proxy_start(hn__serve *s, char *err, size_t errlen)
{
    hn__http_client *c = client_take(s, err, errlen);
    if (!c)
        return -1;
    client_give(s, c);
    if (!s->rules) {
        s->rules = hn__must(hn__redact_bases_new());
        hn__redact_bases_watch(s->rules);
    }
    return hn__proxy_writer_start(s, err, errlen);
}

void hn__proxy_clients_free(hn__serve *s)
{
    for (size_t i = 0; i < s->nclients; i++)
        hn__http_client_free(s->clients[i]);
    free(s->clients);
    s->clients = NULL;
    s->nclients = 0;
    hn__redact_bases_free(s->rules);
    s->rules = NULL;
}

static void take_answer(hn__http_client *c, void *tag, hn__http_response *resp, void *data)
{
    (void)c;
    (void)tag;
    *(hn__http_response *)data = *resp;
    memset(resp, 0, sizeof *resp);
}

/* Sends in to the upstream on a pooled client, so that the connection of an
 * earlier request is reused; 0 with *live filled (any result). */
static int forward(hn__serve *s, struct MHD_Connection *c, hn__http_in *in, const char *uri,
                   hn__http_response *live, char *err, size_t errlen)
{
    memset(live, 0, sizeof *live);
    hn__http_client *client = client_take(s, err, errlen);
    if (!client)
        return -1;
    lines l = {0};
    s->mhd->get_connection_values(c, MHD_HEADER_KIND, header_line, &l);
    char *url;
    if (asprintf(&url, "%s%s", s->cfg.upstream, uri) < 0)
        hn__must(NULL);
    size_t blen;
    const char *body = hn__http_in_body_get(in, &blen);
    hn__http_request req = {hn__http_in_method(in), url, (const char *const *)l.v, l.n, body,
                            blen};
    int rc = hn__http_client_add(client, &req, NULL);
    if (rc == 0)
        rc = hn__http_client_run(client, NULL, take_answer, live, err, errlen);
    else
        snprintf(err, errlen, "out of memory");
    for (size_t i = 0; i < l.n; i++)
        free(l.v[i]);
    free(l.v);
    free(url);
    if (rc == 0)
        client_give(s, client);
    else
        hn__http_client_free(client); /* libcurl failed as a whole: not kept */
    return rc;
}

static enum MHD_Result reply_live(hn__serve *s, struct MHD_Connection *c,
                                  const hn__http_response *live)
{
    const char **h = hn__must(calloc(2 * live->nheaders + 1, sizeof *h));
    size_t n = 0;
    for (size_t i = 0; i < live->nheaders; i++)
        if (!hn__serve_hop_header(live->headers[i].name)) {
            h[2 * n] = live->headers[i].name;
            h[2 * n + 1] = live->headers[i].value;
            n++;
        }
    enum MHD_Result ok = hn__serve_reply(s, c, (int)live->status, h, n, live->body,
                                         live->body_len);
    free(h);
    return ok;
}

static enum MHD_Result reply_error(hn__serve *s, struct MHD_Connection *c, const char *what,
                                   const char *detail)
{
    cJSON *doc = hn__must(cJSON_CreateObject());
    cJSON_AddStringToObject(doc, "error", what);
    cJSON_AddStringToObject(doc, "detail", detail);
    cJSON_AddStringToObject(doc, "upstream", s->cfg.upstream);
    char *text = hn__must(cJSON_Print(doc));
    cJSON_Delete(doc);
    static const char *const type[] = {"Content-Type", "application/json"};
    enum MHD_Result ok = hn__serve_reply(s, c, 502, type, 1, text, strlen(text));
    free(text);
    return ok;
}

enum MHD_Result hn__proxy_answer(hn__serve *s, struct MHD_Connection *c, hn__http_in *in,
                                 const char *uri)
{
    const hn_fixture *fx = NULL;
    int missing = !s->cfg.record_all;
    unsigned long seen = missing ? hn__serve_set_changes(s) : 0;
    if (missing && (fx = hn__serve_choose(s, in, 1)) != NULL) {
        hn__http_in_free(in);
        return hn__serve_reply_fixture(s, c, fx);
    }
    /* --record=missing: one forwarded request at a time, chosen for once
     * every interaction forwarded before it is recorded into the set, so
     * that a request the previous one recorded is answered from it, never
     * recorded twice (the set is looked at again only when it changed:
     * each look tries every fixture). */
    if (missing) {
        pthread_mutex_lock(&s->record_lock);
        while (s->unrecorded)
            pthread_cond_wait(&s->recorded_all, &s->record_lock);
        if (hn__serve_set_changes(s) != seen && (fx = hn__serve_choose(s, in, 1)) != NULL) {
            pthread_mutex_unlock(&s->record_lock);
            hn__http_in_free(in);
            return hn__serve_reply_fixture(s, c, fx);
        }
    }
    hn__http_response live;
    char err[2400];
    int sent = forward(s, c, in, uri, &live, err, sizeof err) == 0;
    pthread_mutex_lock(&s->lock);
    s->forwarded++;
    s->failed += !sent || live.result != HN__HTTP_OK;
    pthread_mutex_unlock(&s->lock);
    int keep = sent && live.result == HN__HTTP_OK;
    if (missing) {
        s->unrecorded += keep; /* before the lock is let go: the next waits for it */
        pthread_mutex_unlock(&s->record_lock);
    }
    enum MHD_Result ok;
    if (!sent) {
        ok = reply_error(s, c, "the proxy could not send the request", err);
    } else if (!keep) {
        char detail[600];
        snprintf(detail, sizeof detail, "%s: %s", hn_transport_error_name(live.transport),
                 live.error);
        if (s->cfg.log) {
            char *u = hn__proxy_shown(NULL, uri), *d = hn__proxy_shown(NULL, detail);
            fprintf(stderr, "%s: %s %s: upstream %s: %s (not recorded)\n", s->cfg.name,
                    hn__http_in_method(in), u, s->cfg.upstream, d);
            free(u);
            free(d);
        }
        ok = reply_error(s, c, "the upstream did not answer; nothing was recorded", detail);
    } else {
        /* The upstream's own bytes are the answer (the response copies the
         * body); the recording is made from them after it. */
        ok = reply_live(s, c, &live);
        hn__proxy_writer_record(s, in, hn__must(strdup(uri)), &live);
        in = NULL;
    }
    hn__http_in_free(in);
    if (sent)
        hn__http_response_free(&live);
    return ok;
}
