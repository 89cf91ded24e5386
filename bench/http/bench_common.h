/* SPDX-License-Identifier: MIT */
/* bench_common.h: what bench_http.c, bench_fork.c and server.c share: the
 * body the fixtures and the loopback server answer with, one libcurl
 * transfer as client code makes it, and (where <microhttpd.h> was included
 * first) the server's answer. Static: each program includes it once. */
#ifndef BENCH_HTTP_COMMON_H
#define BENCH_HTTP_COMMON_H

#include <stddef.h>

static const char body[] = "{\"id\":42,\"name\":\"widget\",\"tags\":[\"a\",\"b\"]}";

#ifdef CURLINC_CURL_H
static size_t sink(char *p, size_t size, size_t n, void *data)
{
    (void)p;
    *(size_t *)data += size * n;
    return size * n;
}

/* One transfer as typical client code makes it, on reuse or a new handle;
 * returns the bytes received with status 200, else 0. */
static size_t transfer(CURL *reuse, const char *url)
{
    CURL *c = reuse ? reuse : curl_easy_init();
    size_t got = 0;
    long status = 0;
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, sink);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &got);
    if (curl_easy_perform(c) != CURLE_OK)
        got = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    if (!reuse)
        curl_easy_cleanup(c);
    return status == 200 ? got : 0;
}
#endif

#ifdef MHD_VERSION
/* The loopback server's answer to every request: the body, as JSON. */
static enum MHD_Result answer(void *cls, struct MHD_Connection *c, const char *url,
                              const char *method, const char *version, const char *upload,
                              size_t *upload_size, void **state)
{
    (void)cls, (void)url, (void)method, (void)version, (void)upload, (void)upload_size;
    if (!*state) {
        *state = c;
        return MHD_YES;
    }
    struct MHD_Response *r = MHD_create_response_from_buffer(sizeof body - 1, (void *)body,
                                                             MHD_RESPMEM_PERSISTENT);
    MHD_add_response_header(r, "Content-Type", "application/json");
    enum MHD_Result ok = MHD_queue_response(c, MHD_HTTP_OK, r);
    MHD_destroy_response(r);
    return ok;
}
#endif

#endif
