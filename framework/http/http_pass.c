/* SPDX-License-Identifier: MIT */
/* http_pass.c: the rest of libcurl's functions that take an easy handle
 * (Debian 12's curl/curl.h, easy.h, websockets.h: curl_mime_init,
 * curl_easy_escape, _unescape, _recv, _send, _upkeep, curl_ws_recv, _send,
 * _meta), defined in the test program so that each gives libcurl the
 * handle's deferred options (http_double.c) before passing the call on. */
#include "http/http_impl.h"

#include <pthread.h>

typedef curl_mime *(*mime_init_fn)(CURL *);
typedef char *(*escape_fn)(CURL *, const char *, int);
typedef char *(*unescape_fn)(CURL *, const char *, int, int *);
typedef CURLcode (*recv_fn)(CURL *, void *, size_t, size_t *);
typedef CURLcode (*send_fn)(CURL *, const void *, size_t, size_t *);
typedef CURLcode (*upkeep_fn)(CURL *);
typedef CURLcode (*ws_recv_fn)(CURL *, void *, size_t, size_t *, struct curl_ws_frame **);
typedef CURLcode (*ws_send_fn)(CURL *, const void *, size_t, size_t *, curl_off_t,
                               unsigned int);
typedef struct curl_ws_frame *(*ws_meta_fn)(CURL *);

static struct {
    mime_init_fn mime_init;
    escape_fn escape;
    unescape_fn unescape;
    recv_fn recv;
    send_fn send;
    upkeep_fn upkeep;
    ws_recv_fn ws_recv;
    ws_send_fn ws_send;
    ws_meta_fn ws_meta;
} real;

static pthread_once_t once = PTHREAD_ONCE_INIT;

static void resolve(void)
{
    hn__http_double_find(&real.mime_init, "curl_mime_init");
    hn__http_double_find(&real.escape, "curl_easy_escape");
    hn__http_double_find(&real.unescape, "curl_easy_unescape");
    hn__http_double_find(&real.recv, "curl_easy_recv");
    hn__http_double_find(&real.send, "curl_easy_send");
    hn__http_double_find(&real.upkeep, "curl_easy_upkeep");
    hn__http_double_find(&real.ws_recv, "curl_ws_recv");
    hn__http_double_find(&real.ws_send, "curl_ws_send");
    hn__http_double_find(&real.ws_meta, "curl_ws_meta");
}

void hn__http_pass_resolve(void)
{
    pthread_once(&once, resolve);
}

/* libcurl's fn, after c's deferred options were given to libcurl. */
#define REAL(fn, c) (pthread_once(&once, resolve), hn__http_double_flush(c), real.fn)
#define WEAK __attribute__((weak))

WEAK curl_mime *curl_mime_init(CURL *c)
{
    mime_init_fn f = REAL(mime_init, c);
    return f ? f(c) : NULL;
}

WEAK char *curl_easy_escape(CURL *c, const char *s, int len)
{
    escape_fn f = REAL(escape, c);
    return f ? f(c, s, len) : NULL;
}

WEAK char *curl_easy_unescape(CURL *c, const char *s, int len, int *outlen)
{
    unescape_fn f = REAL(unescape, c);
    return f ? f(c, s, len, outlen) : NULL;
}

WEAK CURLcode curl_easy_recv(CURL *c, void *buf, size_t len, size_t *n)
{
    recv_fn f = REAL(recv, c);
    return f ? f(c, buf, len, n) : CURLE_FAILED_INIT;
}

WEAK CURLcode curl_easy_send(CURL *c, const void *buf, size_t len, size_t *n)
{
    send_fn f = REAL(send, c);
    return f ? f(c, buf, len, n) : CURLE_FAILED_INIT;
}

WEAK CURLcode curl_easy_upkeep(CURL *c)
{
    upkeep_fn f = REAL(upkeep, c);
    return f ? f(c) : CURLE_FAILED_INIT;
}

WEAK CURLcode curl_ws_recv(CURL *c, void *buf, size_t len, size_t *n,
                           struct curl_ws_frame **meta)
{
    ws_recv_fn f = REAL(ws_recv, c);
    return f ? f(c, buf, len, n, meta) : CURLE_NOT_BUILT_IN;
}

WEAK CURLcode curl_ws_send(CURL *c, const void *buf, size_t len, size_t *sent,
                           curl_off_t framesize, unsigned int flags)
{
    ws_send_fn f = REAL(ws_send, c);
    return f ? f(c, buf, len, sent, framesize, flags) : CURLE_NOT_BUILT_IN;
}

WEAK struct curl_ws_frame *curl_ws_meta(CURL *c)
{
    ws_meta_fn f = REAL(ws_meta, c);
    return f ? f(c) : NULL;
}
