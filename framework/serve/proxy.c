/* SPDX-License-Identifier: MIT */
/* proxy.c: `honest proxy`: a request is forwarded to the upstream (libcurl,
 * live/http_client.h) and its interaction recorded as a fixture, redacted as
 * `honest record` redacts and written atomically, one file per interaction;
 * under --record=missing a request a fixture answers is not forwarded.
 * Upstream clients are pooled, so that connections to the upstream are kept
 * alive from one forwarded request to the next. */
#include "serve/serve_impl.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include "fixtures/redact.h"
#include "live/http_client.h"
#include "live/record.h"
#include "base/mem.h"

/* Numbered names tried for one method and path ("get-v1-x-2.json" ...). */
#define MAX_SAME_NAME 100000
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
    return hn__proxy_writer_start(s, err, errlen);
}

void hn__proxy_clients_free(hn__serve *s)
{
    for (size_t i = 0; i < s->nclients; i++)
        hn__http_client_free(s->clients[i]);
    free(s->clients);
    s->clients = NULL;
    s->nclients = 0;
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

/* A file name for the interaction not taken yet (by a file, or by a
 * recording still queued for the writer), under record_lock. */
static char *new_file(hn__serve *s, const hn__http_in *in, const char *uri)
{
    hn__buf stem = {0};
    hn__http_in_stem(&stem, hn__http_in_method(in), uri);
    if (stem.len > 5 && !strcmp(stem.data + stem.len - 5, ".json"))
        stem.data[stem.len -= 5] = '\0'; /* "/v1/items.json": get-v1-items.json */
    for (int k = 1; k < MAX_SAME_NAME; k++) {
        char *p;
        struct stat st;
        if (asprintf(&p, "%s/%s%s%.0d.json", s->cfg.record_dir, hn__buf_str(&stem),
                     k > 1 ? "-" : "", k > 1 ? k : 0) < 0)
            hn__must(NULL);
        if (stat(p, &st) != 0 && !hn__serve_set_has_path(s, p)) {
            hn__buf_free(&stem);
            return p;
        }
        free(p);
    }
    hn__buf_free(&stem);
    return NULL;
}

/* Queues fx's text for the writer, to be written to path (the log line
 * saying `did`: "recorded into" or "re-recorded"). 0, or -1 with a message
 * in err (out of memory). */
static int queue(hn__serve *s, const hn_fixture *fx, const char *path, const hn__redact *r,
                 const hn__http_in *in, const char *uri, long status, const char *did,
                 char *err, size_t errlen)
{
    size_t len;
    char *text = hn_fixture_to_text(fx, &len);
    if (!text) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    char *u = hn__proxy_shown(r, uri), *done = NULL, *what;
    if (s->cfg.log && asprintf(&done, "%s: %s %s -> %ld, %s %s\n", s->cfg.name,
                               hn__http_in_method(in), u, status, did, path) < 0)
        hn__must(NULL);
    if (asprintf(&what, "%s %s", hn__http_in_method(in), u) < 0)
        hn__must(NULL);
    free(u);
    hn__proxy_writer_put(s, hn__must(strdup(path)), text, len, done, what);
    return 0;
}

/* Records the interaction: a new file name, the fixture added to the set
 * (used once, so that the next identical request is answered from it) and
 * queued for the writer. 0, or -1 with a message in err. Under record_lock. */
static int record(hn__serve *s, const hn__http_in *in, const char *uri,
                  const hn__http_response *live, char *err, size_t errlen)
{
    char *path = new_file(s, in, uri);
    if (!path) {
        snprintf(err, errlen, "no free file name for %s %s in %s", hn__http_in_method(in), uri,
                 s->cfg.record_dir);
        return -1;
    }
    char *url;
    if (asprintf(&url, "${%s}%s", s->cfg.placeholder, uri) < 0)
        hn__must(NULL);
    cJSON *req = hn__must(hn__http_in_request_json(in, url));
    hn__redact *r = hn__must(hn__redact_new());
    /* The secrets the client sent are learned before the answer is redacted. */
    cJSON *sent = hn__must(cJSON_Duplicate(req, 1));
    hn_fixture_error fe;
    hn_fixture *fx = NULL;
    int rc = -1;
    if (hn__redact_load_beside(r, path, err, errlen) == 0 &&
        hn__redact_request(r, sent, NULL, NULL) == 0) {
        hn__record_meta meta = {0};
        fx = hn__record_new(req, live, &meta, r, time(NULL), path, &fe);
        char buf[2300];
        if (!fx) {
            snprintf(err, errlen, "%s", hn_fixture_error_format(&fe, buf, sizeof buf));
        } else if ((rc = queue(s, fx, path, r, in, uri, live->status, "recorded into", err,
                               errlen)) == 0) {
            hn__serve_set_add(s, fx, fx, 1, 1);
            fx = NULL;
        }
    }
    hn_fixture_free(fx);
    cJSON_Delete(req);
    cJSON_Delete(sent);
    hn__redact_free(r);
    free(url);
    free(path);
    return rc;
}

/* --record=all: re-records fixture old in place from the live answer (its
 * name, request and verify rules kept): the new one replaces it in the set
 * and is queued for the writer. 0, or -1 with a message in err. Under
 * record_lock. */
static int record_again(hn__serve *s, const hn_fixture *old, const hn__http_in *in,
                        const char *uri, const hn__http_response *live, char *err,
                        size_t errlen)
{
    hn__redact *r = hn__must(hn__redact_new());
    hn_fixture_error fe;
    hn_fixture *fx = NULL;
    int rc = -1;
    if (hn__redact_load_beside(r, hn_fixture_path(old), err, errlen) == 0) {
        fx = hn__record_again(old, live, r, NULL, NULL, time(NULL), &fe);
        char buf[2300];
        if (!fx) {
            snprintf(err, errlen, "%s", hn_fixture_error_format(&fe, buf, sizeof buf));
        } else if ((rc = queue(s, fx, hn_fixture_path(old), r, in, uri, live->status,
                               "re-recorded", err, errlen)) == 0) {
            hn__serve_set_replace(s, old, fx);
            fx = NULL;
        }
    }
    hn_fixture_free(fx);
    hn__redact_free(r);
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
    if (missing && (fx = hn__serve_choose(s, in, 1)) != NULL)
        return hn__serve_reply_fixture(s, c, fx);
    /* --record=missing: one recording at a time, so that a request the
     * previous one recorded is answered from it, never recorded twice. */
    if (missing) {
        pthread_mutex_lock(&s->record_lock);
        if ((fx = hn__serve_choose(s, in, 1)) != NULL) {
            pthread_mutex_unlock(&s->record_lock);
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
    enum MHD_Result ok;
    if (!sent) {
        ok = reply_error(s, c, "the proxy could not send the request", err);
    } else if (live.result != HN__HTTP_OK) {
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
        const hn_fixture *old = NULL;
        if (!missing) {
            pthread_mutex_lock(&s->record_lock);
            old = hn__serve_choose(s, in, 0);
            if (old && hn_fixture_transport_error(old) != HN_TRANSPORT_OK)
                old = NULL;
        }
        int bad = old ? record_again(s, old, in, uri, &live, err, sizeof err)
                      : record(s, in, uri, &live, err, sizeof err);
        if (!missing)
            pthread_mutex_unlock(&s->record_lock);
        if (bad) {
            pthread_mutex_lock(&s->lock);
            s->failed++;
            pthread_mutex_unlock(&s->lock);
            char *u = hn__proxy_shown(NULL, uri), *e = hn__proxy_shown(NULL, err);
            fprintf(stderr, "%s: %s %s: not recorded: %s\n", s->cfg.name,
                    hn__http_in_method(in), u, e);
            free(u);
            free(e);
        }
        ok = reply_live(s, c, &live);
    }
    if (missing)
        pthread_mutex_unlock(&s->record_lock);
    if (sent)
        hn__http_response_free(&live);
    return ok;
}
