/* SPDX-License-Identifier: MIT */
/* fetch.h: fetches many URLs at once on libcurl's multi interface driven by
 * an epoll event loop (CURLMOPT_SOCKETFUNCTION, CURLMOPT_TIMERFUNCTION,
 * curl_multi_socket_action: the shape of libuv and libevent clients). */
#ifndef MF_FETCH_H
#define MF_FETCH_H

#include <stddef.h>

/* One URL's outcome. */
typedef struct mf_result {
    int code;      /* the CURLcode of the transfer (0: an HTTP answer came) */
    long status;   /* its HTTP status */
    char *body;    /* NUL-terminated, malloc'd; "" when none */
    size_t len;
    int order;     /* 0 for the first transfer to finish, 1 for the next ... */
} mf_result;

/* Fetches the n urls concurrently and fills out[0..n) (free each body).
 * Returns 0, or -1 when the event loop itself failed. */
int mf_fetch_all(const char *const *urls, size_t n, mf_result *out);

#endif
