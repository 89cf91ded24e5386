/* SPDX-License-Identifier: MIT */
/* serve.c: the libmicrohttpd daemon of `honest serve`, `honest proxy` and
 * HN_HTTP_SERVER: requests read whole (raw URI, headers, body), answered from
 * the fixtures (serve_set.c) or the proxy (proxy.c), and the summary endpoint. */
#include "serve/serve_impl.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fixtures/fixtures.h"
#include "base/mem.h"

/* The path that answers the summary as JSON. */
#define SUMMARY_PATH "/__honest/summary"
/* Largest request body read; more is answered 413. */
#define MAX_BODY ((size_t)64 << 20)
/* Threads answering requests of `honest serve` (the proxy: one per connection). */
#define POOL_THREADS 2

/* One request being received. */
typedef struct req_ctx {
    char *uri;      /* as received: path and query */
    int started;
    int too_big;
    hn__buf body;
} req_ctx;


static char *dup_or_null(const char *s)
{
    return s ? hn__must(strdup(s)) : NULL;
}

hn__serve *hn__serve_new(const hn__serve_config *cfg, char *err, size_t errlen)
{
    if (!cfg->tls_cert != !cfg->tls_key) {
        snprintf(err, errlen, "--tls needs both a certificate and a key file (PEM)");
        return NULL;
    }
    hn__serve *s = hn__must(calloc(1, sizeof *s));
    s->cfg = *cfg;
    s->cfg.name = hn__must(strdup(cfg->name ? cfg->name : "honest serve"));
    s->cfg.tls_cert = dup_or_null(cfg->tls_cert);
    s->cfg.tls_key = dup_or_null(cfg->tls_key);
    s->cfg.upstream = dup_or_null(cfg->upstream);
    s->cfg.record_dir = dup_or_null(cfg->record_dir);
    s->cfg.cainfo = dup_or_null(cfg->cainfo);
    s->cfg.placeholder = hn__must(strdup(cfg->placeholder ? cfg->placeholder : "UPSTREAM"));
    if (s->cfg.timeout_ms <= 0)
        s->cfg.timeout_ms = 30000;
    pthread_mutex_init(&s->lock, NULL);
    pthread_mutex_init(&s->record_lock, NULL);
    pthread_cond_init(&s->recorded_all, NULL);
    if (hn__serve_variants_init(s, err, errlen) != 0) {
        hn__serve_free(s);
        return NULL;
    }
    return s;
}

void hn__serve_add(hn__serve *s, const hn_fixture *fx, int owned)
{
    hn__serve_set_add(s, fx, owned ? (hn_fixture *)fx : NULL, 0, 0);
}

static int fixture_entry(const struct dirent *d)
{
    return hn__http_fixture_file_name(d->d_name);
}

long hn__serve_load_dir(hn__serve *s, const char *dir, char *err, size_t errlen)
{
    struct dirent **names;
    int n = scandir(dir, &names, fixture_entry, alphasort);
    if (n < 0) {
        snprintf(err, errlen, "cannot read directory %s: %s", dir, strerror(errno));
        return -1;
    }
    long loaded = 0;
    for (int i = 0; i < n; i++) {
        char *p;
        if (asprintf(&p, "%s/%s", dir, names[i]->d_name) < 0)
            hn__must(NULL);
        hn_fixture_error fe;
        hn_fixture *fx = loaded >= 0 ? hn_fixture_load(p, &fe) : NULL;
        if (fx) {
            hn__serve_add(s, fx, 1);
            loaded++;
        } else if (loaded >= 0) {
            char buf[2300];
            snprintf(err, errlen, "%s", hn_fixture_error_format(&fe, buf, sizeof buf));
            loaded = -1;
        }
        free(p);
        free(names[i]);
    }
    free(names);
    return loaded;
}

/* ---- answering ---------------------------------------------------------- */

int hn__serve_hop_header(const char *name)
{
    static const char *const names[] = {"Content-Length", "Transfer-Encoding", "Connection",
                                        "Keep-Alive", "Content-Encoding"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (!strcasecmp(name, names[i]))
            return 1;
    return 0;
}

enum MHD_Result hn__serve_reply(hn__serve *s, struct MHD_Connection *c, int status,
                                const char *const *headers, size_t n, const char *body,
                                size_t len)
{
    struct MHD_Response *r = s->mhd->create_response_from_buffer(len, (void *)body,
                                                                 MHD_RESPMEM_MUST_COPY);
    if (!r)
        return MHD_NO;
    for (size_t i = 0; i < n; i++)
        s->mhd->add_response_header(r, headers[2 * i], headers[2 * i + 1]);
    enum MHD_Result ok = s->mhd->queue_response(c, (unsigned)status, r);
    s->mhd->destroy_response(r);
    return ok;
}

static enum MHD_Result reply_fixture(hn__serve *s, struct MHD_Connection *c,
                                     const hn_fixture *fx, enum MHD_ResponseMemoryMode mode,
                                     const char *name, const char *value)
{
    if (hn_fixture_transport_error(fx) != HN_TRANSPORT_OK)
        return MHD_NO; /* the connection is closed without an answer */
    size_t len;
    const char *body = hn_fixture_body(fx, HN_RESPONSE, &len);
    struct MHD_Response *r = s->mhd->create_response_from_buffer(len, (void *)body, mode);
    if (!r)
        return MHD_NO;
    if (name)
        s->mhd->add_response_header(r, name, value);
    size_t n = hn_fixture_header_count(fx, HN_RESPONSE);
    for (size_t i = 0; i < n; i++) {
        const char *name, *value;
        if (hn_fixture_header_at(fx, HN_RESPONSE, i, &name, &value) == 0 &&
            !hn__serve_hop_header(name))
            s->mhd->add_response_header(r, name, value);
    }
    enum MHD_Result ok = s->mhd->queue_response(c, (unsigned)hn_fixture_status(fx), r);
    s->mhd->destroy_response(r);
    return ok;
}

enum MHD_Result hn__serve_reply_fixture(hn__serve *s, struct MHD_Connection *c,
                                        const hn_fixture *fx)
{
    /* The fixture lives as long as the daemon: its body need not be copied. */
    return reply_fixture(s, c, fx, MHD_RESPMEM_PERSISTENT, NULL, NULL);
}

enum MHD_Result hn__serve_reply_fixture_copy(hn__serve *s, struct MHD_Connection *c,
                                             const hn_fixture *fx, const char *name,
                                             const char *value)
{
    return reply_fixture(s, c, fx, MHD_RESPMEM_MUST_COPY, name, value);
}

static const char *const json_type[] = {"Content-Type", "application/json"};

static enum MHD_Result reply_json(hn__serve *s, struct MHD_Connection *c, int status,
                                  char *text)
{
    size_t n = strlen(text);
    text = hn__must(realloc(text, n + 2));
    memcpy(text + n, "\n", 2);
    enum MHD_Result ok = hn__serve_reply(s, c, status, json_type, 1, text, n + 1);
    free(text);
    return ok;
}

static enum MHD_Result add_header(void *cls, enum MHD_ValueKind kind, const char *key,
                                  const char *value)
{
    (void)kind;
    hn__http_in_header(cls, key, value);
    return MHD_YES;
}

static int is_summary(const char *method, const char *uri)
{
    size_t n = strlen(SUMMARY_PATH);
    return !strcmp(method, "GET") && !strncmp(uri, SUMMARY_PATH, n) &&
           (uri[n] == '\0' || uri[n] == '?');
}

/* The whole request is in: answer it. */
/* The path and query of a request target: an absolute-form target (a client
 * that takes the server for a forward proxy: "http://host/path") loses its
 * scheme and authority. */
static const char *origin_form(const char *uri)
{
    const char *sep = strstr(uri, "://");
    if (uri[0] == '/' || !sep || sep != uri + strcspn(uri, ":"))
        return uri;
    const char *path = sep + 3 + strcspn(sep + 3, "/?");
    return *path ? path : "/";
}

static enum MHD_Result answer(hn__serve *s, struct MHD_Connection *c, const char *method,
                              const char *uri, req_ctx *r)
{
    uri = origin_form(uri);
    if (is_summary(method, uri))
        return reply_json(s, c, 200, hn__serve_summary_json(s));
    pthread_mutex_lock(&s->lock);
    s->requests++;
    pthread_mutex_unlock(&s->lock);
    if (r->too_big) {
        char *text;
        if (asprintf(&text, "{\"error\": \"the request body is larger than %zu bytes\"}\n",
                     MAX_BODY) < 0)
            hn__must(NULL);
        return reply_json(s, c, 413, text);
    }
    char *url;
    if (asprintf(&url, "%s%s", s->base, uri) < 0)
        hn__must(NULL);
    hn__http_in *in = hn__http_in_new(method, url);
    free(url);
    s->mhd->get_connection_values(c, MHD_HEADER_KIND, add_header, in);
    hn__http_in_body(in, r->body.data ? r->body.data : "", r->body.len);
    enum MHD_Result ok;
    const hn_fixture *fx;
    if (s->cfg.upstream) {
        ok = hn__proxy_answer(s, c, in, uri);
        in = NULL; /* taken */
    } else if ((fx = hn__serve_choose(s, in, 1)) != NULL) {
        const char *asked = s->mhd->lookup_connection_value(c, MHD_HEADER_KIND,
                                                            "X-Honest-Variant");
        ok = asked || s->vmask ? hn__serve_reply_variant(s, c, fx, asked)
                               : hn__serve_reply_fixture(s, c, fx);
    }
    else
        ok = reply_json(s, c, 404, hn__serve_explain(s, in));
    hn__http_in_free(in);
    return ok;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url,
                              const char *method, const char *version, const char *data,
                              size_t *size, void **req_cls)
{
    (void)version;
    hn__serve *s = cls;
    req_ctx *r = *req_cls;
    if (!r) { /* no URI log callback ran: keep what MHD gives */
        r = hn__must(calloc(1, sizeof *r));
        r->uri = hn__must(strdup(url));
        *req_cls = r;
    }
    if (!r->started) {
        r->started = 1;
        return MHD_YES;
    }
    if (*size) {
        if (r->body.len + *size > MAX_BODY)
            r->too_big = 1;
        else
            hn__buf_add(&r->body, data, *size);
        *size = 0;
        return MHD_YES;
    }
    return answer(s, c, method, r->uri, r);
}

static void *log_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
    (void)cls;
    (void)c;
    req_ctx *r = hn__must(calloc(1, sizeof *r));
    r->uri = hn__must(strdup(uri && uri[0] ? uri : "/"));
    return r;
}

static void completed(void *cls, struct MHD_Connection *c, void **req_cls,
                      enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)c;
    (void)toe;
    req_ctx *r = *req_cls;
    if (!r)
        return;
    free(r->uri);
    hn__buf_free(&r->body);
    free(r);
    *req_cls = NULL;
}

/* ---- the daemon --------------------------------------------------------- */

static int read_pem(const char *path, char **out, const char *what, char *err, size_t errlen)
{
    size_t len;
    hn_fixture_error fe;
    *out = hn__fixture_read_file(path, &len, &fe);
    if (!*out)
        snprintf(err, errlen, "--tls: cannot read the %s %s: %s", what, path, fe.text);
    return *out ? 0 : -1;
}

int hn__serve_start(hn__serve *s, char *err, size_t errlen)
{
    s->mhd = hn__mhd_api_get(err, errlen);
    if (!s->mhd)
        return -1;
    int tls = s->cfg.tls_cert != NULL;
    if (tls && s->mhd->is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
        snprintf(err, errlen, "--tls: this libmicrohttpd was built without TLS");
        return -1;
    }
    if (tls && (read_pem(s->cfg.tls_cert, &s->cert, "certificate", err, errlen) ||
                read_pem(s->cfg.tls_key, &s->key, "key", err, errlen)))
        return -1;
    if (s->cfg.upstream && hn__proxy_start(s, err, errlen) != 0)
        return -1;
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)s->cfg.port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | (tls ? MHD_USE_TLS : 0);
    if (s->cfg.upstream)
        flags |= MHD_USE_THREAD_PER_CONNECTION | MHD_USE_POLL; /* forwarding blocks */
    else
        flags |= MHD_USE_EPOLL;
    struct MHD_OptionItem opts[8];
    size_t k = 0;
    opts[k++] = (struct MHD_OptionItem){MHD_OPTION_SOCK_ADDR, 0, &addr};
    opts[k++] = (struct MHD_OptionItem){MHD_OPTION_URI_LOG_CALLBACK, (intptr_t)log_uri, s};
    opts[k++] = (struct MHD_OptionItem){MHD_OPTION_NOTIFY_COMPLETED, (intptr_t)completed, s};
    opts[k++] = (struct MHD_OptionItem){MHD_OPTION_CONNECTION_TIMEOUT, 120, NULL};
    if (!s->cfg.upstream)
        opts[k++] = (struct MHD_OptionItem){MHD_OPTION_THREAD_POOL_SIZE, POOL_THREADS, NULL};
    if (tls) {
        opts[k++] = (struct MHD_OptionItem){MHD_OPTION_HTTPS_MEM_CERT, 0, s->cert};
        opts[k++] = (struct MHD_OptionItem){MHD_OPTION_HTTPS_MEM_KEY, 0, s->key};
    }
    opts[k] = (struct MHD_OptionItem){MHD_OPTION_END, 0, NULL};
    s->daemon = s->mhd->start_daemon(flags, 0, NULL, NULL, handle, s, MHD_OPTION_ARRAY, opts,
                                     MHD_OPTION_END);
    if (!s->daemon) {
        snprintf(err, errlen, "cannot listen on 127.0.0.1 port %d (in use? try --port 0 for "
                 "a free one)", s->cfg.port);
        return -1;
    }
    const union MHD_DaemonInfo *info = s->mhd->get_daemon_info(s->daemon,
                                                               MHD_DAEMON_INFO_BIND_PORT);
    pthread_mutex_lock(&s->lock);
    snprintf(s->base, sizeof s->base, "%s://127.0.0.1:%u", tls ? "https" : "http",
             info ? (unsigned)info->port : (unsigned)s->cfg.port);
    pthread_mutex_unlock(&s->lock);
    hn__serve_set_bind(s);
    return 0;
}

const char *hn__serve_base(const hn__serve *s)
{
    return s->base;
}

void hn__serve_stop(hn__serve *s)
{
    if (s && s->daemon) {
        s->mhd->stop_daemon(s->daemon);
        s->daemon = NULL;
    }
    /* The daemon's threads are gone: no recording is queued any more. */
    if (s)
        hn__proxy_writer_drain(s);
}

void hn__serve_free(hn__serve *s)
{
    if (!s)
        return;
    hn__serve_stop(s);
    hn__proxy_clients_free(s);
    for (size_t i = 0; i < s->n; i++) {
        hn__http_pattern_free(s->v[i].url);
        hn_fixture_free(s->v[i].owned);
    }
    for (size_t i = 0; i < s->nmisses; i++)
        free(s->misses[i]);
    for (size_t i = 0; i < s->nretired; i++)
        hn_fixture_free(s->retired[i]);
    free(s->retired);
    free(s->v);
    free(s->cert);
    free(s->key);
    free((char *)s->cfg.name);
    free((char *)s->cfg.tls_cert);
    free((char *)s->cfg.tls_key);
    free((char *)s->cfg.upstream);
    free((char *)s->cfg.record_dir);
    free((char *)s->cfg.cainfo);
    free((char *)s->cfg.placeholder);
    pthread_mutex_destroy(&s->lock);
    pthread_mutex_destroy(&s->record_lock);
    pthread_cond_destroy(&s->recorded_all);
    free(s);
}
