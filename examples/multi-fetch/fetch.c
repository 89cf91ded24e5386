/* SPDX-License-Identifier: MIT */
/* fetch.c: mf_fetch_all: an epoll loop that watches the sockets libcurl asks
 * it to watch and keeps the one timer libcurl asks for. Written against plain
 * libcurl, with no test in mind. */
#include "fetch.h"

#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

typedef struct loop {
    int ep;
    long timeout_ms; /* -1: no timer */
    CURLM *multi;
} loop;

typedef struct transfer {
    mf_result *out;
    CURL *easy;
} transfer;

static size_t on_body(char *p, size_t size, size_t n, void *data)
{
    mf_result *r = data;
    char *b = realloc(r->body, r->len + size * n + 1);
    if (!b)
        return 0;
    memcpy(b + r->len, p, size * n);
    r->len += size * n;
    b[r->len] = '\0';
    r->body = b;
    return size * n;
}

/* libcurl: watch socket s for what (CURL_POLL_*), or stop watching it. */
static int on_socket(CURL *e, curl_socket_t s, int what, void *data, void *socketp)
{
    (void)e;
    loop *l = data;
    struct epoll_event ev = {0};
    ev.data.fd = s;
    if (what == CURL_POLL_REMOVE) {
        epoll_ctl(l->ep, EPOLL_CTL_DEL, s, NULL);
        return 0;
    }
    ev.events = (what & CURL_POLL_IN ? EPOLLIN : 0) | (what & CURL_POLL_OUT ? EPOLLOUT : 0);
    if (epoll_ctl(l->ep, socketp ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, s, &ev) != 0)
        epoll_ctl(l->ep, EPOLL_CTL_MOD, s, &ev);
    curl_multi_assign(l->multi, s, l); /* any non-NULL pointer: "already added" */
    return 0;
}

/* libcurl: call socket_action(CURL_SOCKET_TIMEOUT) after ms (-1: never). */
static int on_timer(CURLM *m, long ms, void *data)
{
    (void)m;
    ((loop *)data)->timeout_ms = ms;
    return 0;
}

static void collect(loop *l, int *finished)
{
    CURLMsg *msg;
    int left;
    while ((msg = curl_multi_info_read(l->multi, &left)) != NULL) {
        if (msg->msg != CURLMSG_DONE)
            continue;
        transfer *t;
        curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&t);
        t->out->code = (int)msg->data.result;
        curl_easy_getinfo(msg->easy_handle, CURLINFO_RESPONSE_CODE, &t->out->status);
        t->out->order = (*finished)++;
        curl_multi_remove_handle(l->multi, t->easy);
    }
}

int mf_fetch_all(const char *const *urls, size_t n, mf_result *out)
{
    loop l = {epoll_create1(EPOLL_CLOEXEC), -1, curl_multi_init()};
    transfer *t = calloc(n ? n : 1, sizeof *t);
    int rc = l.ep >= 0 && l.multi && t ? 0 : -1;
    if (rc == 0) {
        curl_multi_setopt(l.multi, CURLMOPT_SOCKETFUNCTION, on_socket);
        curl_multi_setopt(l.multi, CURLMOPT_SOCKETDATA, &l);
        curl_multi_setopt(l.multi, CURLMOPT_TIMERFUNCTION, on_timer);
        curl_multi_setopt(l.multi, CURLMOPT_TIMERDATA, &l);
    }
    for (size_t i = 0; rc == 0 && i < n; i++) {
        memset(&out[i], 0, sizeof out[i]);
        out[i].body = calloc(1, 1);
        t[i].out = &out[i];
        t[i].easy = curl_easy_init();
        curl_easy_setopt(t[i].easy, CURLOPT_URL, urls[i]);
        curl_easy_setopt(t[i].easy, CURLOPT_WRITEFUNCTION, on_body);
        curl_easy_setopt(t[i].easy, CURLOPT_WRITEDATA, &out[i]);
        curl_easy_setopt(t[i].easy, CURLOPT_PRIVATE, &t[i]);
        curl_easy_setopt(t[i].easy, CURLOPT_TIMEOUT_MS, 10000L);
        curl_multi_add_handle(l.multi, t[i].easy);
    }
    int finished = 0, running = 1;
    while (rc == 0 && (size_t)finished < n) {
        struct epoll_event ev[16];
        int k = epoll_wait(l.ep, ev, 16, l.timeout_ms < 0 ? 1000 : (int)l.timeout_ms);
        if (k < 0) {
            rc = -1;
            break;
        }
        if (k == 0)
            curl_multi_socket_action(l.multi, CURL_SOCKET_TIMEOUT, 0, &running);
        for (int i = 0; i < k; i++) {
            int what = (ev[i].events & EPOLLIN ? CURL_CSELECT_IN : 0) |
                       (ev[i].events & EPOLLOUT ? CURL_CSELECT_OUT : 0) |
                       (ev[i].events & (EPOLLERR | EPOLLHUP) ? CURL_CSELECT_ERR : 0);
            curl_multi_socket_action(l.multi, ev[i].data.fd, what, &running);
        }
        collect(&l, &finished);
    }
    for (size_t i = 0; t && i < n; i++)
        curl_easy_cleanup(t[i].easy);
    free(t);
    if (l.multi)
        curl_multi_cleanup(l.multi);
    if (l.ep >= 0)
        close(l.ep);
    return rc;
}
