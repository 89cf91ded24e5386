/* SPDX-License-Identifier: MIT */
/* http_answer.c: a fixture's response given to the code as libcurl gives a
 * server's: header and write callbacks, pauses, progress, FAILONERROR,
 * redirects, transport errors; then curl_easy_getinfo and curl_easy_header. */
#include "http/http_impl.h"
#include "base/sys.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "variants/variants.h"
#include "base/mem.h"

/* Progress callbacks offered the chance to unpause a paused transfer. */
#define MAX_PAUSE_SPINS 1000
/* libcurl's default limit since 8.3; older ones had none. */
#define DEFAULT_MAX_REDIRS 30


static void errbuf(const hn__http_handle *h, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void errbuf(const hn__http_handle *h, const char *fmt, ...)
{
    if (!h->o.errbuf)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(h->o.errbuf, CURL_ERROR_SIZE, fmt, ap);
    va_end(ap);
}

static size_t write_file(char *p, size_t size, size_t n, void *f)
{
    return fwrite(p, size, n, f ? (FILE *)f : stdout);
}

/* ---- progress and pauses ------------------------------------------------ */

/* Calls the progress callback as libcurl does between reads; 0 to go on. */
HN__TEST_PATH static int progress(const hn__http_handle *h)
{
    const hn__http_opts *o = &h->o;
    const hn__http_answer *a = &h->a;
    if (o->noprogress)
        return 0;
    if (o->xferinfo)
        return o->xferinfo(o->progress_data, a->content_length > 0 ? a->content_length : 0,
                           a->down, a->up, a->up);
    if (o->progress)
        return o->progress(o->progress_data,
                           a->content_length > 0 ? (double)a->content_length : 0,
                           (double)a->down, (double)a->up, (double)a->up);
    return 0;
}

/* A write callback returned CURL_WRITEFUNC_PAUSE: as libcurl, keep calling
 * the progress callback, which may unpause (curl_easy_pause). */
static CURLcode wait_unpaused(hn__http_handle *h)
{
    int can = !h->o.noprogress && (h->o.xferinfo || h->o.progress);
    for (int i = 0; can && h->paused && i < MAX_PAUSE_SPINS; i++)
        if (progress(h)) {
            errbuf(h, "Callback aborted");
            return CURLE_ABORTED_BY_CALLBACK;
        }
    if (!h->paused)
        return CURLE_OK;
    if (can)
        hn__http_fail("the write callback paused the transfer of %s (CURL_WRITEFUNC_PAUSE) "
                      "and %d calls of the progress callback did not unpause it: real libcurl "
                      "would wait here until a timeout", h->a.url, MAX_PAUSE_SPINS);
    else
        hn__http_fail("the write callback paused the transfer of %s (CURL_WRITEFUNC_PAUSE) "
                      "and no progress callback is set to unpause it: real libcurl would wait "
                      "here until a timeout", h->a.url);
    errbuf(h, "Failed writing received data to disk/application");
    return CURLE_WRITE_ERROR;
}

/* ---- writing ------------------------------------------------------------ */

HN__TEST_PATH static CURLcode write_body(hn__http_handle *h, const char *p, size_t n)
{
    hn__http_data_fn fn = h->o.write ? h->o.write : write_file;
    for (;;) {
        size_t r = fn((char *)p, 1, n, h->o.write_data);
        if (r == n)
            return CURLE_OK;
        if (r != CURL_WRITEFUNC_PAUSE) {
            errbuf(h, "Failure writing output to destination, passed %zu returned %zu", n, r);
            return CURLE_WRITE_ERROR;
        }
        h->paused = 1;
        CURLcode rc = wait_unpaused(h);
        if (rc != CURLE_OK)
            return rc; /* unpaused: libcurl hands the same data again */
    }
}

/* One header line, to the header callback (or the write callback with
 * HEADERDATA when there is none) and into the body with CURLOPT_HEADER. */
static CURLcode header_line(hn__http_handle *h, const char *line, size_t n)
{
    const hn__http_opts *o = &h->o;
    hn__http_data_fn fn = o->header;
    h->a.header_size += (curl_off_t)n;
    if (!fn && o->header_data)
        fn = o->write ? o->write : write_file;
    if (fn && fn((char *)line, 1, n, o->header_data) != n) {
        errbuf(h, "Failed writing header");
        return CURLE_WRITE_ERROR;
    }
    return o->include_header ? write_body(h, line, n) : CURLE_OK;
}

static const char *reason(int status)
{
    static const struct { int status; const char *text; } r[] = {
        {100, "Continue"}, {200, "OK"}, {201, "Created"}, {202, "Accepted"},
        {204, "No Content"}, {206, "Partial Content"}, {301, "Moved Permanently"},
        {302, "Found"}, {303, "See Other"}, {304, "Not Modified"},
        {307, "Temporary Redirect"}, {308, "Permanent Redirect"}, {400, "Bad Request"},
        {401, "Unauthorized"}, {403, "Forbidden"}, {404, "Not Found"},
        {405, "Method Not Allowed"}, {409, "Conflict"}, {410, "Gone"},
        {413, "Payload Too Large"}, {415, "Unsupported Media Type"},
        {422, "Unprocessable Entity"}, {429, "Too Many Requests"},
        {500, "Internal Server Error"}, {501, "Not Implemented"}, {502, "Bad Gateway"},
        {503, "Service Unavailable"}, {504, "Gateway Timeout"}};
    for (size_t i = 0; i < sizeof r / sizeof r[0]; i++)
        if (r[i].status == status)
            return r[i].text;
    return "";
}

/* Keeps the response's headers for getinfo and curl_easy_header. */
static void keep_headers(hn__http_answer *a, const hn_fixture *fx)
{
    size_t n = hn_fixture_header_count(fx, HN_RESPONSE);
    hn__http_req_hdrs_free(a->headers, a->nheaders);
    a->headers = hn__must(malloc((n + 1) * sizeof *a->headers));
    a->nheaders = 0;
    for (size_t i = 0; i < n; i++) {
        const char *name, *value;
        if (hn_fixture_header_at(fx, HN_RESPONSE, i, &name, &value) != 0)
            continue;
        a->headers[a->nheaders].name = hn__must(strdup(name));
        a->headers[a->nheaders].value = hn__must(strdup(value));
        a->nheaders++;
    }
    const char *ct = hn_fixture_header(fx, HN_RESPONSE, "Content-Type");
    const char *cl = hn_fixture_header(fx, HN_RESPONSE, "Content-Length");
    const char *ra = hn_fixture_header(fx, HN_RESPONSE, "Retry-After");
    free(a->content_type);
    a->content_type = ct ? hn__must(strdup(ct)) : NULL;
    a->content_length = cl ? strtoll(cl, NULL, 10) : -1;
    a->retry_after = ra ? strtoll(ra, NULL, 10) : 0;
}

/* The length of "%d" of v. */
static size_t int_len(int v)
{
    size_t n = v < 0 ? 2 : 1;
    for (long x = v < 0 ? -(long)v : v; x >= 10; x /= 10)
        n++;
    return n;
}

#define HEADER_LINE_MAX 8192

/* The response's header lines to whatever receives them. Out of line: its
 * buffer would deepen the stack of every answer (see send_headers). */
__attribute__((noinline)) static CURLcode format_headers(hn__http_handle *h, int status)
{
    char line[HEADER_LINE_MAX];
    int n = snprintf(line, sizeof line, "HTTP/1.1 %d %s\r\n", status, reason(status));
    CURLcode rc = header_line(h, line, (size_t)n);
    for (size_t i = 0; i < h->a.nheaders && rc == CURLE_OK; i++) {
        n = snprintf(line, sizeof line, "%s: %s\r\n", h->a.headers[i].name,
                     h->a.headers[i].value);
        rc = header_line(h, line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
    }
    return rc == CURLE_OK ? header_line(h, "\r\n", 2) : rc;
}

static CURLcode send_headers(hn__http_handle *h, const hn_fixture *fx)
{
    int status = hn_fixture_status(fx);
    const hn__http_opts *o = &h->o;
    if (o->header || o->header_data || o->include_header)
        return format_headers(h, status);
    /* Nothing receives the lines: only their sizes count (getinfo's
     * HEADER_SIZE), the same as format_headers counts them, without
     * formatting them (printf's code is one more page to fault in a forked
     * test). */
    h->a.header_size += (curl_off_t)(9 + int_len(status) + 1 + strlen(reason(status)) + 2);
    for (size_t i = 0; i < h->a.nheaders; i++) {
        size_t n = strlen(h->a.headers[i].name) + 2 + strlen(h->a.headers[i].value) + 2;
        h->a.header_size += (curl_off_t)(n < HEADER_LINE_MAX ? n : HEADER_LINE_MAX - 1);
    }
    h->a.header_size += 2;
    return CURLE_OK;
}

static CURLcode send_body(hn__http_handle *h, const hn_fixture *fx)
{
    size_t len;
    const char *body = hn_fixture_body(fx, HN_RESPONSE, &len);
    for (size_t at = 0; at < len;) {
        size_t n = len - at < CURL_MAX_WRITE_SIZE ? len - at : CURL_MAX_WRITE_SIZE;
        CURLcode rc = write_body(h, body + at, n);
        if (rc != CURLE_OK)
            return rc;
        h->a.down += (curl_off_t)n;
        at += n;
    }
    return CURLE_OK;
}

/* ---- transport errors --------------------------------------------------- */

/* The client's own time limit of the transfer in ms (CURLOPT_TIMEOUT_MS or
 * CURLOPT_TIMEOUT, the last set), or 0 for none. */
static long client_timeout_ms(const hn__http_handle *h)
{
    long ms = 0;
    for (size_t i = 0; i < h->o.nother; i++) {
        if (h->o.other[i].opt == CURLOPT_TIMEOUT_MS)
            ms = h->o.other[i].v.l;
        else if (h->o.other[i].opt == CURLOPT_TIMEOUT)
            ms = h->o.other[i].v.l * 1000;
    }
    return ms;
}

static CURLcode transport(hn__http_handle *h, const hn_fixture *fx, hn_transport_error e)
{
    hn__http_url u;
    /* --variants slow: the client waits its own timeout first. */
    if (e == HN_TRANSPORT_TIMEOUT)
        hn__variant_slow_wait(fx, client_timeout_ms(h));
    hn__http_url_parse(h->a.url, &u);
    CURLcode rc;
    switch (e) {
    case HN_TRANSPORT_TIMEOUT:
        rc = CURLE_OPERATION_TIMEDOUT;
        errbuf(h, "Operation timed out with 0 bytes received (connecting to %s) [honest "
                  "fixture %s]", u.host, hn_fixture_name(fx));
        break;
    case HN_TRANSPORT_CONNECTION_REFUSED:
        rc = CURLE_COULDNT_CONNECT;
        h->a.os_errno = ECONNREFUSED;
        errbuf(h, "Failed to connect to %s port %s: Connection refused [honest fixture %s]",
               u.host, u.port, hn_fixture_name(fx));
        break;
    case HN_TRANSPORT_DNS:
        rc = CURLE_COULDNT_RESOLVE_HOST;
        errbuf(h, "Could not resolve host: %s [honest fixture %s]", u.host,
               hn_fixture_name(fx));
        break;
    case HN_TRANSPORT_TLS:
        rc = CURLE_SSL_CONNECT_ERROR;
        errbuf(h, "SSL connect error: the TLS handshake with %s failed [honest fixture %s]",
               u.host, hn_fixture_name(fx));
        break;
    case HN_TRANSPORT_CONNECTION_RESET:
        rc = CURLE_RECV_ERROR;
        h->a.os_errno = ECONNRESET;
        h->a.connects = 1;
        errbuf(h, "Recv failure: Connection reset by peer [honest fixture %s]",
               hn_fixture_name(fx));
        break;
    case HN_TRANSPORT_EMPTY_REPLY:
        rc = CURLE_GOT_NOTHING;
        h->a.connects = 1;
        errbuf(h, "Empty reply from server [honest fixture %s]", hn_fixture_name(fx));
        break;
    default:
        rc = CURLE_TOO_MANY_REDIRECTS;
        h->a.connects = 1;
        errbuf(h, "Maximum redirects followed [honest fixture %s]", hn_fixture_name(fx));
        break;
    }
    hn__http_url_free(&u);
    return rc;
}

/* ---- redirects ---------------------------------------------------------- */

/* Location resolved against the URL it came from; NULL when it cannot be. */
static char *resolve(const char *base, const char *location)
{
    CURLU *u = curl_url();
    char *out = NULL, *s = NULL;
    if (u && curl_url_set(u, CURLUPART_URL, base, CURLU_GUESS_SCHEME) == CURLUE_OK &&
        curl_url_set(u, CURLUPART_URL, location, CURLU_GUESS_SCHEME) == CURLUE_OK &&
        curl_url_get(u, CURLUPART_URL, &s, 0) == CURLUE_OK)
        out = hn__must(strdup(s));
    curl_free(s);
    curl_url_cleanup(u);
    return out;
}

/* Turns rq into the request a redirect asks for, as libcurl does without
 * CURLOPT_POSTREDIR: 303, and 301/302 after a POST, become GET. */
static void redirect(hn__http_req *rq, int status, char *url)
{
    hn__http_req_set_url(rq, url);
    if (status == 303 || ((status == 301 || status == 302) && !strcmp(rq->method, "POST"))) {
        if (strcmp(rq->method, "HEAD") != 0) {
            free(rq->method);
            rq->method = hn__must(strdup("GET"));
        }
        rq->body[0] = '\0';
        rq->body_len = 0;
    }
}

/* ---- one transfer ------------------------------------------------------- */

HN__TEST_PATH static void begin(hn__http_handle *h, const hn__http_req *rq)
{
    hn__http_handle_answer_free(&h->a);
    h->a.answered = 1;
    h->a.url = hn__must(strdup(rq->url));
    h->a.method = hn__must(strdup(rq->method));
    h->a.up = (curl_off_t)rq->body_len;
    h->a.content_length = -1;
    h->a.request_size = (curl_off_t)(strlen(rq->method) + strlen(rq->url) + 12 + rq->body_len);
    for (size_t i = 0; i < rq->nheaders; i++)
        h->a.request_size += (curl_off_t)(strlen(rq->headers[i].name) +
                                          strlen(rq->headers[i].value) + 4);
    h->paused = 0;
    if (h->o.errbuf)
        h->o.errbuf[0] = '\0';
}

void hn__http_answer_none(hn__http_handle *h, const hn__http_req *rq)
{
    begin(h, rq);
}

HN__TEST_PATH
CURLcode hn__http_answer_deliver(hn__http_handle *h, hn__http_req *rq, const hn_fixture *fx)
{
    begin(h, rq);
    long max = h->o.maxredirs >= 0 ? h->o.maxredirs : DEFAULT_MAX_REDIRS;
    for (;;) {
        hn_transport_error te = hn_fixture_transport_error(fx);
        if (te != HN_TRANSPORT_OK)
            return transport(h, fx, te);
        int status = hn_fixture_status(fx);
        h->a.status = status;
        h->a.connects = 1;
        keep_headers(&h->a, fx);
        if (h->o.failonerror && status >= 400) {
            errbuf(h, "The requested URL returned error: %d", status);
            return CURLE_HTTP_RETURNED_ERROR;
        }
        if (progress(h)) {
            errbuf(h, "Callback aborted");
            return CURLE_ABORTED_BY_CALLBACK;
        }
        CURLcode rc = send_headers(h, fx);
        if (rc != CURLE_OK)
            return rc;
        const char *loc = hn_fixture_header(fx, HN_RESPONSE, "Location");
        char *next = status >= 300 && status < 400 && loc ? resolve(rq->url, loc) : NULL;
        if (next && h->o.follow) {
            if (h->a.redirects >= max) {
                free(next);
                errbuf(h, "Maximum (%ld) redirects followed", max);
                return CURLE_TOO_MANY_REDIRECTS;
            }
            h->a.redirects++;
            redirect(rq, status, next);
            free(h->a.url);
            h->a.url = hn__must(strdup(rq->url));
            char msg[CURL_ERROR_SIZE];
            fx = hn__http_pick(rq, msg, sizeof msg);
            if (!fx) {
                errbuf(h, "%s", msg);
                return CURLE_COULDNT_CONNECT;
            }
            continue;
        }
        free(h->a.redirect_url);
        h->a.redirect_url = next;
        if (strcmp(rq->method, "HEAD") != 0 && (rc = send_body(h, fx)) != CURLE_OK)
            return rc;
        if (progress(h)) {
            errbuf(h, "Callback aborted");
            return CURLE_ABORTED_BY_CALLBACK;
        }
        return CURLE_OK;
    }
}

/* ---- after the transfer ------------------------------------------------- */

static int put_long(void *out, long v)
{
    *(long *)out = v;
    return 1;
}

static int put_str(void *out, const char *v)
{
    *(const char **)out = v;
    return 1;
}

static int put_off(void *out, curl_off_t v)
{
    *(curl_off_t *)out = v;
    return 1;
}

static int put_double(void *out, double v)
{
    *(double *)out = v;
    return 1;
}

HN__TEST_PATH
int hn__http_answer_info(const hn__http_handle *h, CURLINFO info, void *out, CURLcode *rc)
{
    const hn__http_answer *a = &h->a;
    if (!a->answered || !out)
        return 0;
    *rc = CURLE_OK;
    switch (info) {
    case CURLINFO_RESPONSE_CODE: return put_long(out, a->status);
    case CURLINFO_HTTP_CONNECTCODE: return put_long(out, 0);
    case CURLINFO_HTTP_VERSION: return put_long(out, a->status ? CURL_HTTP_VERSION_1_1 : 0);
    case CURLINFO_CONTENT_TYPE: return put_str(out, a->content_type);
    case CURLINFO_EFFECTIVE_URL: return put_str(out, a->url);
    case CURLINFO_EFFECTIVE_METHOD: return put_str(out, a->method);
    case CURLINFO_REDIRECT_URL: return put_str(out, a->redirect_url);
    case CURLINFO_REDIRECT_COUNT: return put_long(out, a->redirects);
    case CURLINFO_OS_ERRNO: return put_long(out, a->os_errno);
    case CURLINFO_NUM_CONNECTS: return put_long(out, a->connects);
    case CURLINFO_HEADER_SIZE: return put_long(out, (long)a->header_size);
    case CURLINFO_REQUEST_SIZE: return put_long(out, (long)a->request_size);
    case CURLINFO_SIZE_DOWNLOAD_T: return put_off(out, a->down);
    case CURLINFO_SIZE_UPLOAD_T: return put_off(out, a->up);
    case CURLINFO_CONTENT_LENGTH_DOWNLOAD_T: return put_off(out, a->content_length);
    case CURLINFO_CONTENT_LENGTH_UPLOAD_T: return put_off(out, a->up);
    case CURLINFO_RETRY_AFTER: return put_off(out, a->retry_after);
    case CURLINFO_SIZE_DOWNLOAD: return put_double(out, (double)a->down);
    case CURLINFO_SIZE_UPLOAD: return put_double(out, (double)a->up);
    case CURLINFO_CONTENT_LENGTH_DOWNLOAD: return put_double(out, (double)a->content_length);
    case CURLINFO_CONTENT_LENGTH_UPLOAD: return put_double(out, (double)a->up);
    default: return 0;
    }
}

CURLHcode hn__http_answer_header(hn__http_handle *h, const char *name, size_t index,
                                 unsigned origin, int request, struct curl_header **hout)
{
    hn__http_answer *a = &h->a;
    if (request != -1 && request != a->redirects)
        return CURLHE_NOREQUEST; /* only the last response of a redirect chain is kept */
    if (!a->nheaders)
        return CURLHE_NOHEADERS;
    if (!(origin & CURLH_HEADER) || !name || !hout)
        return !hout || !name ? CURLHE_BAD_ARGUMENT : CURLHE_MISSING;
    size_t amount = 0, at = 0;
    for (size_t i = 0; i < a->nheaders; i++)
        if (!hn__ascii_casecmp(a->headers[i].name, name)) {
            if (amount == index)
                at = i;
            amount++;
        }
    if (!amount)
        return CURLHE_MISSING;
    if (index >= amount)
        return CURLHE_BADINDEX;
    a->hout = (struct curl_header){a->headers[at].name, a->headers[at].value, amount, index,
                                   CURLH_HEADER, NULL};
    *hout = &a->hout;
    return CURLHE_OK;
}

struct curl_header *hn__http_answer_next(hn__http_handle *h, unsigned origin, int request,
                                         struct curl_header *prev)
{
    hn__http_answer *a = &h->a;
    size_t at = 0;
    if ((request != -1 && request != a->redirects) || !(origin & CURLH_HEADER))
        return NULL;
    if (prev) {
        while (at < a->nheaders && a->headers[at].name != prev->name)
            at++;
        at++; /* the one after prev; past the end when prev is not ours */
    }
    if (at >= a->nheaders)
        return NULL;
    size_t amount = 0, index = 0;
    for (size_t i = 0; i < a->nheaders; i++)
        if (!hn__ascii_casecmp(a->headers[i].name, a->headers[at].name)) {
            if (i < at)
                index++;
            amount++;
        }
    a->hout = (struct curl_header){a->headers[at].name, a->headers[at].value, amount, index,
                                   CURLH_HEADER, NULL};
    return &a->hout;
}
