/* SPDX-License-Identifier: MIT */
/* http_serve.c: requests received by a server (serve/), matched and recorded
 * with the same code as libcurl transfers under HN_HTTP_FIXTURES; and the
 * fixture directory both find (here, in libhonest, for serve/ to use). */
#include "http/http_serve.h"
#include "base/sys.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <honest/verify.h>

#include "http/http_impl.h"
#include "base/mem.h"
#include "core/context.h"
#include "core/run_options.h"
#include "fixtures/fixtures.h"

struct hn__http_in {
    hn__http_req rq;
};

struct hn__http_pattern {
    hn__http_url url;
};


hn__http_in *hn__http_in_new(const char *method, const char *url)
{
    hn__http_in *in = hn__must(calloc(1, sizeof *in));
    in->rq.method = hn__must(strdup(method));
    in->rq.url = hn__must(strdup(url));
    in->rq.body = hn__must(strdup(""));
    hn__http_url_parse(url, &in->rq.parts);
    return in;
}

void hn__http_in_header(hn__http_in *in, const char *name, const char *value)
{
    hn__http_req *rq = &in->rq;
    hn__must_grow(&rq->headers, &rq->headercap, rq->nheaders + 1, sizeof *rq->headers);
    rq->headers[rq->nheaders].name = hn__must(strdup(name));
    rq->headers[rq->nheaders].value = hn__must(strdup(value ? value : ""));
    rq->nheaders++;
}

void hn__http_in_body(hn__http_in *in, const char *body, size_t len)
{
    free(in->rq.body);
    in->rq.body = hn__must(malloc(len + 1));
    if (len)
        memcpy(in->rq.body, body, len);
    in->rq.body[len] = '\0';
    in->rq.body_len = len;
}

void hn__http_in_free(hn__http_in *in)
{
    if (!in)
        return;
    hn__http_req_free(&in->rq);
    free(in);
}

const char *hn__http_in_method(const hn__http_in *in)
{
    return in->rq.method;
}

const char *hn__http_in_url(const hn__http_in *in)
{
    return in->rq.url;
}

const char *hn__http_in_body_get(const hn__http_in *in, size_t *len)
{
    if (len)
        *len = in->rq.body_len;
    return in->rq.body;
}

hn__http_pattern *hn__http_pattern_new(const char *url)
{
    hn__http_pattern *p = hn__must(calloc(1, sizeof *p));
    hn__http_url_parse(url, &p->url);
    return p;
}

void hn__http_pattern_free(hn__http_pattern *p)
{
    if (!p)
        return;
    hn__http_url_free(&p->url);
    free(p);
}

int hn__http_in_matches(const hn_fixture *fx, const hn__http_pattern *url,
                        const hn__http_in *in)
{
    return hn__http_matches(fx, &url->url, &in->rq);
}

unsigned hn__http_in_distance(const hn_fixture *fx, const hn__http_pattern *url,
                              const hn__http_in *in, hn__buf *why)
{
    return hn__http_match_url(fx, &url->url, &in->rq, why);
}

struct cJSON *hn__http_in_request_json(const hn__http_in *in, const char *url)
{
    hn__http_req rq = in->rq;
    rq.url = (char *)url;
    return hn__http_req_json(&rq);
}

void hn__http_in_stem(hn__buf *b, const char *method, const char *url)
{
    hn__http_record_stem(b, method, url);
}

/* ---- shared with HN_HTTP_FIXTURES (http.c, http_record.c), here so that
 * the honest tool's serve and proxy do not pull in the libcurl double ---- */

int hn__http_fixture_file_name(const char *name)
{
    size_t n = strlen(name);
    return name[0] != '.' && n > 5 && !strcmp(name + n - 5, ".json") &&
           strcmp(name, HN_VERIFIED_FILE) != 0;
}

void hn__http_record_stem(hn__buf *b, const char *method, const char *url)
{
    for (const char *s = method; *s; s++)
        hn__buf_printf(b, "%c", (*s >= 'A' && *s <= 'Z') ? *s - 'A' + 'a' : *s);
    hn__buf_puts(b, "-");
    const char *u = strstr(url, "://");
    u = u ? u + 3 : url;
    for (int dash = 1; *u && *u != '?' && *u != '#' && b->len < 100; u++) {
        int ok = (*u >= 'a' && *u <= 'z') || (*u >= 'A' && *u <= 'Z') ||
                 (*u >= '0' && *u <= '9') || *u == '.' || *u == '_';
        if (ok)
            hn__buf_add(b, u, 1);
        else if (!dash)
            hn__buf_puts(b, "-");
        dash = !ok;
    }
    while (b->len && b->data[b->len - 1] == '-')
        b->data[--b->len] = '\0';
}

HN__TEST_PATH char *hn__http_fixture_dir(const char *path, const char *site)
{
    struct stat st;
    const hn__options *o = hn__ctx_options();
    const char *src = hn__ctx_test_file() ? hn__ctx_test_file() : site;
    const char *slash = strrchr(src, '/');
    char *c = NULL;
    if (path[0] == '/') /* copied only when it is a directory */
        return hn__fixture_stat(path, &st) == 0 && S_ISDIR(st.st_mode) ? hn__must(strdup(path))
                                                                        : NULL;
    if (o && o->fixtures && asprintf(&c, "%s/%s", o->fixtures, path) >= 0 &&
        hn__fixture_stat(c, &st) != 0) {
        free(c);
        c = NULL;
    }
    if (!c && asprintf(&c, "%.*s%s", slash ? (int)(slash - src + 1) : 0, src, path) < 0)
        hn__must(NULL);
    if (hn__fixture_stat(c, &st) == 0 && S_ISDIR(st.st_mode))
        return c;
    free(c);
    return NULL;
}
