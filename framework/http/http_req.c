/* SPDX-License-Identifier: MIT */
/* http_req.c: the request a handle's options make, as libcurl would send it:
 * method, URL, body (POST fields or the read callback) and headers with
 * libcurl's defaults. */
#include "http/http_impl.h"
#include "base/sys.h"
#include "base/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Weak: the honest tool links this file (serve/ matches requests with it)
 * without loading libcurl at its start; a handle, and so a CURLU, exists only
 * where libcurl is linked. */
extern __typeof__(curl_url_get) curl_url_get __attribute__((weak));
extern __typeof__(curl_free) curl_free __attribute__((weak));

/* Largest body read from a read callback; more is an error. */
#define MAX_UPLOAD ((size_t)256 << 20)


static const char *method_name(const hn__http_opts *o)
{
    if (o->custom && *o->custom)
        return o->custom;
    static const char *const names[] = {"GET", "POST", "PUT", "HEAD"};
    return names[o->method];
}

/* Reads an upload body through the read callback (fread from READDATA by
 * default), up to `want` bytes when want >= 0. */
static CURLcode read_body(const hn__http_opts *o, curl_off_t want, hn__buf *b, char *err,
                          size_t errlen)
{
    char chunk[16384];
    if (!o->read && !o->read_data)
        return CURLE_OK; /* libcurl would read stdin; a test has none */
    for (;;) {
        size_t ask = sizeof chunk;
        if (want >= 0 && (curl_off_t)(b->len + ask) > want)
            ask = (size_t)want - b->len;
        if (ask == 0)
            return CURLE_OK;
        size_t got = o->read ? o->read(chunk, 1, ask, o->read_data)
                             : fread(chunk, 1, ask, (FILE *)o->read_data);
        if (got == CURL_READFUNC_ABORT) {
            snprintf(err, errlen, "operation aborted by callback");
            return CURLE_ABORTED_BY_CALLBACK;
        }
        if (got == CURL_READFUNC_PAUSE || got > ask) {
            snprintf(err, errlen, "read function returned funny value");
            return CURLE_READ_ERROR;
        }
        if (got == 0)
            return CURLE_OK;
        hn__buf_add(b, chunk, got);
        if (b->len > MAX_UPLOAD) {
            snprintf(err, errlen, "honest: an upload body past %zu bytes", MAX_UPLOAD);
            return CURLE_READ_ERROR;
        }
    }
}

static CURLcode body(const hn__http_opts *o, int read_uploads, hn__http_req *rq, char *err,
                     size_t errlen)
{
    hn__buf b = {0};
    CURLcode rc = CURLE_OK;
    int upload = o->method == HN__HTTP_PUT ||
                 (o->method == HN__HTTP_POST && !o->mime && !o->postcopy && !o->postfields);
    if ((o->method == HN__HTTP_POST && o->mime) || (upload && !read_uploads)) {
        rq->body_unknown = 1;
    } else if (o->method == HN__HTTP_POST && o->postcopy) {
        hn__buf_add(&b, o->postcopy, o->postcopy_len);
    } else if (o->method == HN__HTTP_POST && o->postfields) {
        size_t n = o->postsize >= 0 ? (size_t)o->postsize : strlen(o->postfields);
        hn__buf_add(&b, o->postfields, n);
    } else if (o->method == HN__HTTP_POST) {
        rc = read_body(o, o->postsize, &b, err, errlen);
    } else if (o->method == HN__HTTP_PUT) {
        rc = read_body(o, o->infilesize, &b, err, errlen);
    }
    hn__buf_add(&b, "", 0);
    rq->body_len = b.len;
    rq->body = hn__buf_take(&b);
    return rc;
}

static void add_header(hn__http_req *rq, const char *name, size_t namelen, const char *value)
{
    hn__must_grow(&rq->headers, &rq->headercap, rq->nheaders + 1, sizeof *rq->headers);
    rq->headers[rq->nheaders].name = hn__must(strndup(name, namelen));
    rq->headers[rq->nheaders].value = hn__must(strdup(value));
    rq->nheaders++;
}

/* Whether the code's HTTPHEADER list names `name` (to set, empty or remove). */
HN__TEST_PATH static int listed(const struct curl_slist *l, const char *name)
{
    size_t n = strlen(name);
    for (; l; l = l->next)
        if (l->data && !hn__ascii_ncasecmp(l->data, name, n) && (l->data[n] == ':' || l->data[n] == ';'))
            return 1;
    return 0;
}

/* "Name: value" sets, "Name:" removes a default, "Name;" sends it empty. */
static void code_headers(const struct curl_slist *l, hn__http_req *rq)
{
    for (; l; l = l->next) {
        const char *s = l->data;
        size_t n = s ? strcspn(s, ":;") : 0;
        if (!s || !s[n] || n == 0)
            continue;
        const char *v = s + n + 1;
        while (*v == ' ' || *v == '\t')
            v++;
        if (s[n] == ';' && *v == '\0')
            add_header(rq, s, n, "");
        else if (s[n] == ':' && *v != '\0')
            add_header(rq, s, n, v);
    }
}

static void default_auth(const hn__http_opts *o, hn__http_req *rq)
{
    hn__buf b = {0};
    if (o->bearer && (o->httpauth & CURLAUTH_BEARER)) {
        hn__buf_printf(&b, "Bearer %s", o->bearer);
    } else if (o->userpwd || o->username) {
        hn__buf u = {0};
        if (o->username)
            hn__buf_printf(&u, "%s:%s", o->username, o->password ? o->password : "");
        else
            hn__buf_puts(&u, o->userpwd);
        hn__buf_puts(&b, "Basic ");
        char *enc = hn__base64(u.data, u.len);
        if (!enc)
            abort(); /* as hn__buf does when memory runs out */
        hn__buf_puts(&b, enc);
        free(enc);
        hn__buf_free(&u);
    }
    if (b.len)
        add_header(rq, "Authorization", 13, hn__buf_str(&b));
    hn__buf_free(&b);
}

/* The headers libcurl adds by itself, unless the code's list names them. */
static void default_headers(const hn__http_opts *o, hn__http_req *rq)
{
    const struct curl_slist *l = o->headers;
    struct { const char *name, *value; } d[] = {
        {"User-Agent", o->useragent},
        {"Accept", "*/*"},
        {"Referer", o->referer},
        {"Cookie", o->cookie},
        {"Content-Type", o->method == HN__HTTP_POST && !o->mime
                             ? "application/x-www-form-urlencoded" : NULL},
    };
    if (!listed(l, "Authorization"))
        default_auth(o, rq);
    for (size_t i = 0; i < sizeof d / sizeof d[0]; i++)
        if (d[i].value && !listed(l, d[i].name))
            add_header(rq, d[i].name, strlen(d[i].name), d[i].value);
}

HN__TEST_PATH
CURLcode hn__http_req_build(const hn__http_handle *h, int read_uploads, hn__http_req *rq,
                            char *err, size_t errlen)
{
    const hn__http_opts *o = &h->o;
    memset(rq, 0, sizeof *rq);
    err[0] = '\0';
    char *from_curlu = NULL;
    if (!o->url && o->curlu && curl_url_get)
        curl_url_get(o->curlu, CURLUPART_URL, &from_curlu, 0);
    rq->method = hn__must(strdup(method_name(o)));
    rq->url = hn__must(strdup(o->url ? o->url : from_curlu ? from_curlu : ""));
    if (from_curlu)
        curl_free(from_curlu);
    hn__http_url_parse(rq->url, &rq->parts);
    default_headers(o, rq);
    code_headers(o->headers, rq);
    CURLcode rc = body(o, read_uploads, rq, err, errlen);
    if (rc == CURLE_OK && !rq->url[0]) {
        snprintf(err, errlen, "No URL set");
        rc = CURLE_URL_MALFORMAT;
    }
    return rc;
}

HN__TEST_PATH void hn__http_req_free(hn__http_req *rq)
{
    free(rq->method);
    free(rq->url);
    free(rq->body);
    hn__http_req_hdrs_free(rq->headers, rq->nheaders);
    hn__http_url_free(&rq->parts);
    memset(rq, 0, sizeof *rq);
}

HN__TEST_PATH void hn__http_req_hdrs_free(hn__http_hdr *hdrs, size_t n)
{
    for (size_t i = 0; hdrs && i < n; i++) {
        free(hdrs[i].name);
        free(hdrs[i].value);
    }
    free(hdrs);
}

void hn__http_req_set_url(hn__http_req *rq, char *url)
{
    free(rq->url);
    hn__http_url_free(&rq->parts);
    rq->url = url;
    hn__http_url_parse(url, &rq->parts);
}

HN__TEST_PATH const char *hn__http_req_header(const hn__http_req *rq, const char *name)
{
    for (size_t i = 0; i < rq->nheaders; i++)
        if (!hn__ascii_casecmp(rq->headers[i].name, name))
            return rq->headers[i].value;
    return NULL;
}

HN__TEST_PATH int hn__http_req_transport_header(const char *name)
{
    static const char *const names[] = {"Host", "User-Agent", "Accept", "Accept-Encoding",
                                        "Content-Length", "Connection", "Transfer-Encoding",
                                        "Expect"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (!hn__ascii_casecmp(name, names[i]))
            return 1;
    return 0;
}

void hn__http_req_excerpt(hn__buf *b, const char *body, size_t len, size_t max)
{
    hn__buf_puts(b, "\"");
    hn__buf_escape_c(b, body, len < max ? len : max);
    hn__buf_puts(b, len > max ? "\"..." : "\"");
    if (len > max)
        hn__buf_printf(b, " (%zu bytes)", len);
}
