/* SPDX-License-Identifier: MIT */
/* curl_api.h: libcurl for honest's own HTTP client, loaded on first use, so
 * that the `honest` tool does not pay for libcurl's chain of libraries at
 * every start (`honest diff` needs no network). */
#ifndef HN_CURL_API_H
#define HN_CURL_API_H

#include <stddef.h>

#include <curl/curl.h>

/* The libcurl functions the client calls. */
typedef struct hn__curl_api {
    CURLcode (*global_init)(long flags);
    const char *(*easy_strerror)(CURLcode code);
    const char *(*multi_strerror)(CURLMcode code);
    CURL *(*easy_init)(void);
    void (*easy_reset)(CURL *e);
    void (*easy_cleanup)(CURL *e);
    CURLcode (*easy_setopt)(CURL *e, CURLoption opt, ...);
    CURLcode (*easy_getinfo)(CURL *e, CURLINFO info, ...);
    struct curl_slist *(*slist_append)(struct curl_slist *l, const char *s);
    void (*slist_free_all)(struct curl_slist *l);
    CURLM *(*multi_init)(void);
    CURLMcode (*multi_cleanup)(CURLM *m);
    CURLMcode (*multi_add_handle)(CURLM *m, CURL *e);
    CURLMcode (*multi_remove_handle)(CURLM *m, CURL *e);
    CURLMcode (*multi_perform)(CURLM *m, int *running);
    CURLMcode (*multi_poll)(CURLM *m, struct curl_waitfd fds[], unsigned n, int timeout_ms,
                            int *ready);
    CURLMsg *(*multi_info_read)(CURLM *m, int *left);
} hn__curl_api;

/* Loads libcurl (libcurl.so.4) and runs curl_global_init once; thread-safe.
 * Returns the table (static storage), or NULL with a message in err (errlen
 * bytes) saying what is missing and what to install. These are libcurl's own
 * functions, never the test-binary doubles of HN_HTTP_FIXTURES. */
const hn__curl_api *hn__curl_api_get(char *err, size_t errlen);

#endif
