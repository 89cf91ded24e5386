/* SPDX-License-Identifier: MIT */
/* http_match.c: whether a fixture answers a request (method, URL, headers the
 * fixture names, body), and if not, how far it is and every way it differs. */
#include "http/http_impl.h"
#include "base/sys.h"
#include "fixtures/redact.h"

#include <cjson/cJSON.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <honest/diff.h>

/* Weights: a different service is far, a different body is near. */
enum { W_ORIGIN = 1000, W_PATH = 100, W_METHOD = 50, W_BODY = 20, W_PARAM = 10, W_HEADER = 5 };
/* Differences of one kind listed before "and N more". */
#define MAX_LINES 8

typedef struct match {
    unsigned score;
    hn__buf *why;
    int quick;      /* only whether it matches: stop at the first difference */
} match;

/* 1 when a quick match has its answer (a difference) and can stop. */
static int decided(const match *m)
{
    return m->quick && m->score;
}

static void differ(match *m, unsigned weight, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void differ(match *m, unsigned weight, const char *fmt, ...)
{
    m->score += weight;
    if (!m->why)
        return;
    va_list ap;
    va_start(ap, fmt);
    hn__buf_puts(m->why, "    ");
    hn__buf_vprintf(m->why, fmt, ap);
    hn__buf_puts(m->why, "\n");
    va_end(ap);
}

HN__TEST_PATH static int like(const char *pattern, const char *s, const char *stops)
{
    return hn__http_url_like(pattern, s, strlen(s), stops);
}

/* ---- URL ---------------------------------------------------------------- */

static const char *or_empty(const char *s)
{
    return s ? s : "";
}

/* Query parameters (or form fields, `what`) of the fixture against the
 * request's, as multisets: order does not count. */
HN__TEST_PATH static void params(match *m, const char *what, const hn__http_param *fp, size_t nf,
                   const hn__http_param *rp, size_t nr)
{
    char *fused = calloc(nf + 1, 1), *rused = calloc(nr + 1, 1);
    if (!fused || !rused)
        abort();
    for (size_t i = 0; i < nf; i++)
        for (size_t j = 0; j < nr && !fused[i]; j++)
            if (!rused[j] && !strcmp(fp[i].name, rp[j].name) &&
                like(or_empty(fp[i].value), or_empty(rp[j].value), "")) {
                fused[i] = rused[j] = 1;
            }
    for (size_t i = 0; i < nf; i++) {
        if (fused[i])
            continue;
        size_t j = 0;
        while (j < nr && (rused[j] || strcmp(fp[i].name, rp[j].name)))
            j++;
        if (j < nr) {
            rused[j] = 1;
            differ(m, W_PARAM, "%s %s: fixture \"%s\", request \"%s\"", what, fp[i].name,
                   or_empty(fp[i].value), or_empty(rp[j].value));
        } else {
            differ(m, W_PARAM, "%s %s: in the fixture (\"%s\"), not sent", what, fp[i].name,
                   or_empty(fp[i].value));
        }
    }
    for (size_t j = 0; j < nr; j++)
        if (!rused[j])
            differ(m, W_PARAM, "%s %s: sent (\"%s\"), not in the fixture", what, rp[j].name,
                   or_empty(rp[j].value));
    free(fused);
    free(rused);
}

/* A fixture URL whose base is a placeholder against the request's scheme,
 * host, port (when not the scheme's default) and path. */
static void url_base(match *m, const hn__http_url *f, const hn__http_url *r)
{
    char *whole = hn__http_url_text(r);
    if (!hn__http_url_like_base(f->base, whole, strlen(whole), "/"))
        differ(m, W_PATH, "URL: fixture %s, request %s", f->base, whole);
    free(whole);
    if (!decided(m))
        params(m, "query parameter", f->params, f->nparams, r->params, r->nparams);
}

HN__TEST_PATH static void url(match *m, const hn__http_url *f, const hn__http_url *r)
{
    if (f->base) {
        url_base(m, f, r);
        return;
    }
    if (!like(f->scheme, r->scheme, ""))
        differ(m, W_ORIGIN, "URL scheme: fixture %s, request %s", f->scheme, r->scheme);
    if (!like(f->host, r->host, "/"))
        differ(m, W_ORIGIN, "URL host: fixture %s, request %s", f->host, r->host);
    if (!like(f->port, r->port, "/"))
        differ(m, W_ORIGIN, "URL port: fixture %s, request %s", f->port[0] ? f->port : "(none)",
               r->port[0] ? r->port : "(none)");
    if (!decided(m) && !like(f->path, r->path, "/"))
        differ(m, W_PATH, "URL path: fixture %s, request %s", f->path, r->path);
    if (!decided(m))
        params(m, "query parameter", f->params, f->nparams, r->params, r->nparams);
}

/* ---- headers ------------------------------------------------------------ */

/* A header value against the fixture's pattern. A Content-Type without
 * parameters in the fixture compares the media type only. */
HN__TEST_PATH static int header_like(const char *name, const char *pattern, const char *value)
{
    if (!hn__ascii_casecmp(name, "Content-Type") && !strchr(pattern, ';')) {
        size_t n = strcspn(value, ";");
        while (n && (value[n - 1] == ' ' || value[n - 1] == '\t'))
            n--;
        return strlen(pattern) == n && !hn__ascii_ncasecmp(pattern, value, n);
    }
    return like(pattern, value, "");
}

HN__TEST_PATH static void headers(match *m, const hn_fixture *fx, const hn__http_req *rq)
{
    size_t n = hn_fixture_header_count(fx, HN_REQUEST);
    for (size_t i = 0; i < n; i++) {
        const char *name, *value;
        if (hn_fixture_header_at(fx, HN_REQUEST, i, &name, &value) != 0 ||
            (hn__http_req_transport_header(name) && hn__ascii_casecmp(name, "Accept")))
            continue; /* Accept, when recorded, selects a version: compared */
        const char *seen = NULL;
        int ok = 0;
        for (size_t j = 0; j < rq->nheaders && !ok; j++)
            if (!hn__ascii_casecmp(rq->headers[j].name, name)) {
                seen = rq->headers[j].value;
                ok = header_like(name, value, seen);
            }
        if (!ok && seen)
            differ(m, W_HEADER, "header %s: fixture \"%s\", request \"%s\"", name, value, seen);
        else if (!ok)
            differ(m, W_HEADER, "header %s: in the fixture (\"%s\"), not sent", name, value);
    }
}

/* ---- body --------------------------------------------------------------- */

/* A copy of the fixture's JSON f in which each string holding a placeholder
 * is replaced by the request's value r at the same place when it matches:
 * "${X}" alone matches any value but null and "", other strings by pattern. */
static cJSON *fill(const cJSON *f, const cJSON *r)
{
    if (cJSON_IsString(f) && r && strstr(f->valuestring, "${")) {
        int whole = hn__http_url_is_placeholder(f->valuestring);
        int ok = whole ? !cJSON_IsNull(r) && !(cJSON_IsString(r) && !r->valuestring[0])
                       : cJSON_IsString(r) && like(f->valuestring, r->valuestring, "");
        return cJSON_Duplicate(ok ? r : f, 1);
    }
    if (!cJSON_IsObject(f) && !cJSON_IsArray(f))
        return cJSON_Duplicate(f, 1);
    int obj = cJSON_IsObject(f);
    cJSON *out = obj ? cJSON_CreateObject() : cJSON_CreateArray();
    const cJSON *rc = r && cJSON_IsArray(f) && cJSON_IsArray(r) ? r->child : NULL;
    for (const cJSON *c = f->child; c && out; c = c->next) {
        const cJSON *peer = obj ? (cJSON_IsObject(r) ? cJSON_GetObjectItemCaseSensitive(r, c->string)
                                                     : NULL)
                                : rc;
        cJSON *item = fill(c, peer);
        if (!item)
            abort();
        if (obj)
            cJSON_AddItemToObject(out, c->string, item);
        else
            cJSON_AddItemToArray(out, item);
        if (rc)
            rc = rc->next;
    }
    if (!out)
        abort();
    return out;
}

/* A body difference shown with an excerpt of the request's body. */
static void differ_body(match *m, const char *what, const hn__http_req *rq)
{
    hn__buf ex = {0};
    hn__http_req_excerpt(&ex, rq->body, rq->body_len, 120);
    differ(m, W_BODY, "body: %s%s", what, hn__buf_str(&ex));
    hn__buf_free(&ex);
}

static void json_body(match *m, const cJSON *fj, const hn__http_req *rq)
{
    if (rq->body_len == 0) {
        differ(m, W_BODY, "body: the fixture's is JSON, the request sends none");
        return;
    }
    cJSON *rj = cJSON_ParseWithLength(rq->body, rq->body_len);
    if (!rj) {
        differ_body(m, "the fixture's is JSON, the request's is not: ", rq);
        return;
    }
    cJSON *filled = fill(fj, rj);
    hn_diff_opts *o = hn_diff_opts_new(HN_DIFF_VALUES);
    hn_diff *d = o ? hn_diff_json(filled, rj, o) : NULL;
    if (!d)
        abort();
    size_t n = hn_diff_count(d);
    for (size_t i = 0; i < n; i++) {
        if (i == MAX_LINES) {
            differ(m, 2 * (unsigned)(n - i), "body: and %zu more differences", n - i);
            break;
        }
        const hn_diff_entry *e = hn_diff_at(d, i);
        char line[512];
        hn_diff_entry_write(e, line, sizeof line);
        differ(m, i ? 2 : W_BODY, "body %s (%s)", line, hn_diff_kind_word(e->kind));
    }
    hn_diff_free(d);
    hn_diff_opts_free(o);
    cJSON_Delete(filled);
    cJSON_Delete(rj);
}

static void text_body(match *m, const hn_fixture *fx, const hn__http_req *rq)
{
    size_t flen;
    const char *fb = hn_fixture_body(fx, HN_REQUEST, &flen);
    if (hn__redact_form_type(hn__http_req_header(rq, "Content-Type"))) {
        hn__http_param *fp, *rp;
        size_t nf, nr;
        hn__http_url_params(fb, flen, &fp, &nf);
        hn__http_url_params(rq->body, rq->body_len, &rp, &nr);
        params(m, "form field", fp, nf, rp, nr);
        hn__http_url_params_free(fp, nf);
        hn__http_url_params_free(rp, nr);
        return;
    }
    if (hn__http_url_like(fb, rq->body, rq->body_len, ""))
        return;
    hn__buf f = {0}, r = {0};
    hn__http_req_excerpt(&f, fb, flen, 120);
    hn__http_req_excerpt(&r, rq->body, rq->body_len, 120);
    differ(m, W_BODY, "body: fixture %s, request %s", hn__buf_str(&f), hn__buf_str(&r));
    hn__buf_free(&f);
    hn__buf_free(&r);
}

HN__TEST_PATH static void body(match *m, const hn_fixture *fx, const hn__http_req *rq)
{
    size_t flen;
    const char *fb = hn_fixture_body(fx, HN_REQUEST, &flen);
    if (rq->body_unknown)
        return; /* a MIME body: honest cannot see it */
    switch (hn_fixture_body_kind(fx, HN_REQUEST)) {
    case HN_BODY_NONE:
        if (rq->body_len)
            differ_body(m, "the fixture's request has none, the request sends ", rq);
        return;
    case HN_BODY_JSON:
        json_body(m, hn_fixture_json(fx, HN_REQUEST), rq);
        return;
    case HN_BODY_TEXT:
        text_body(m, fx, rq);
        return;
    case HN_BODY_BASE64:
        if (flen != rq->body_len || memcmp(fb, rq->body, flen) != 0)
            differ(m, W_BODY, "body: %zu bytes in the fixture, %zu in the request, not the same",
                   flen, rq->body_len);
        return;
    }
}

HN__TEST_PATH static unsigned run(match *m, const hn_fixture *fx, const hn__http_url *fu,
                    const hn__http_req *rq)
{
    const char *method = hn_fixture_method(fx);
    if (hn__ascii_casecmp(method, rq->method) != 0)
        differ(m, W_METHOD, "method: fixture %s, request %s", method, rq->method);
    if (!decided(m))
        url(m, fu, &rq->parts);
    if (!decided(m))
        headers(m, fx, rq);
    if (!decided(m))
        body(m, fx, rq);
    return m->score;
}

unsigned hn__http_match(const hn_fixture *fx, const hn__http_req *rq, hn__buf *why)
{
    hn__http_url fu;
    hn__http_url_parse(hn_fixture_url(fx), &fu);
    unsigned score = hn__http_match_url(fx, &fu, rq, why);
    hn__http_url_free(&fu);
    return score;
}

unsigned hn__http_match_url(const hn_fixture *fx, const hn__http_url *url,
                            const hn__http_req *rq, hn__buf *why)
{
    match m = {0, why, 0};
    return run(&m, fx, url, rq);
}

HN__TEST_PATH
int hn__http_matches(const hn_fixture *fx, const hn__http_url *url, const hn__http_req *rq)
{
    match m = {0, NULL, 1};
    return run(&m, fx, url, rq) == 0;
}
