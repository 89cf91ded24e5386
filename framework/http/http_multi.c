/* SPDX-License-Identifier: MIT */
/* http_multi.c: libcurl's multi interface under HN_HTTP_FIXTURES. An easy
 * handle added while HN_HTTP_FIXTURES is on stays out of libcurl's multi
 * handle: its transfer is answered as curl_easy_perform would answer it
 * (fixtures, --live, --record) when the code drives the multi handle
 * (perform, socket_action), and completes with a CURLMSG_DONE message. A
 * loopback socket pair stands for its connection, so that code waiting on
 * sockets (poll, select, epoll, CURLMOPT_SOCKETFUNCTION) and timers
 * (CURLMOPT_TIMERFUNCTION) wakes up as it would for a server's answer. */
#include "http/http_impl.h"
#include "base/sys.h"

#include <dlfcn.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/module.h"
#include "base/mem.h"

typedef CURLMcode (*madd_fn)(CURLM *, CURL *);
typedef CURLMcode (*mperform_fn)(CURLM *, int *);
typedef CURLMcode (*mwait_fn)(CURLM *, struct curl_waitfd[], unsigned, int, int *);
typedef CURLMcode (*mwakeup_fn)(CURLM *);
typedef CURLMsg *(*minfo_fn)(CURLM *, int *);
typedef CURLMcode (*mfdset_fn)(CURLM *, fd_set *, fd_set *, fd_set *, int *);
typedef CURLMcode (*mtimeout_fn)(CURLM *, long *);
typedef CURLMcode (*msocket_fn)(CURLM *, curl_socket_t, int, int *);
typedef CURLMcode (*msocket_all_fn)(CURLM *, int *);
typedef CURLMcode (*msetopt_fn)(CURLM *, CURLMoption, ...);
typedef CURLMcode (*massign_fn)(CURLM *, curl_socket_t, void *);
typedef CURLMcode (*mcleanup_fn)(CURLM *);

static struct {
    madd_fn add, remove;
    mperform_fn perform;
    mwait_fn poll, wait;
    mwakeup_fn wakeup;
    minfo_fn info;
    mfdset_fn fdset;
    mtimeout_fn timeout;
    msocket_fn socket_action;
    msocket_all_fn socket_all;
    msetopt_fn setopt;
    massign_fn assign;
    mcleanup_fn cleanup;
} real;

static pthread_once_t once = PTHREAD_ONCE_INIT;

static void resolve(void)
{
    hn__http_double_find(&real.add, "curl_multi_add_handle");
    hn__http_double_find(&real.remove, "curl_multi_remove_handle");
    hn__http_double_find(&real.perform, "curl_multi_perform");
    hn__http_double_find(&real.poll, "curl_multi_poll");
    hn__http_double_find(&real.wait, "curl_multi_wait");
    hn__http_double_find(&real.wakeup, "curl_multi_wakeup");
    hn__http_double_find(&real.info, "curl_multi_info_read");
    hn__http_double_find(&real.fdset, "curl_multi_fdset");
    hn__http_double_find(&real.timeout, "curl_multi_timeout");
    hn__http_double_find(&real.socket_action, "curl_multi_socket_action");
    hn__http_double_find(&real.socket_all, "curl_multi_socket_all");
    hn__http_double_find(&real.setopt, "curl_multi_setopt");
    hn__http_double_find(&real.assign, "curl_multi_assign");
    hn__http_double_find(&real.cleanup, "curl_multi_cleanup");
}

#define REAL(fn) (pthread_once(&once, resolve), real.fn)
#define WEAK __attribute__((weak))

/* An easy handle added while HN_HTTP_FIXTURES was on. */
typedef struct fake {
    CURL *easy;
    int done;          /* answered */
    int unread;        /* its CURLMSG_DONE not read yet */
    CURLMsg msg;
    struct fake *next;
} fake;

/* What honest keeps of a multi handle the code drives. */
typedef struct mrec {
    CURLM *multi;
    fake *head;
    int sock[2];              /* [0] the code waits on, [1] makes it readable; -1: none */
    int armed;                /* a byte waits in sock[0] */
    int watched;              /* the socket callback was told to watch sock[0] */
    void *socketp;            /* curl_multi_assign's pointer for sock[0] */
    curl_socket_callback sockfn;
    void *sockdata;
    curl_multi_timer_callback timerfn;
    void *timerdata;
    int real_running;         /* libcurl's own transfers, at its last count */
    struct mrec *next;
} mrec;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static mrec *recs;


/* The record of m, made when make is set; NULL otherwise when there is none. */
static mrec *rec(CURLM *m, int make)
{
    pthread_mutex_lock(&lock);
    mrec *r = recs;
    while (r && r->multi != m)
        r = r->next;
    if (!r && make) {
        r = hn__must(calloc(1, sizeof *r));
        r->multi = m;
        r->sock[0] = r->sock[1] = -1;
        r->next = recs;
        recs = r;
    }
    pthread_mutex_unlock(&lock);
    return r;
}

static int pending(const mrec *r)
{
    for (const fake *f = r ? r->head : NULL; f; f = f->next)
        if (!f->done)
            return 1;
    return 0;
}

/* Makes sock[0] readable (arm) or not (disarm). */
static void arm(mrec *r, int on)
{
    if (r->sock[0] < 0 && on) {
        if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0, r->sock) != 0) {
            r->sock[0] = r->sock[1] = -1;
            return;
        }
    }
    if (r->sock[0] < 0 || on == r->armed)
        return;
    char b = 'x';
    ssize_t n = on ? write(r->sock[1], &b, 1) : read(r->sock[0], &b, 1);
    (void)n;
    r->armed = on;
}

/* Tells an event-loop client, through its callbacks, that there is work
 * (on: watch sock[0], a timeout now) or none left. */
static void tell(mrec *r, CURL *easy, int on)
{
    if (r->sockfn && on)
        arm(r, 1);
    if (r->sockfn && r->sock[0] >= 0 && on != r->watched) {
        r->watched = on;
        r->sockfn(easy, r->sock[0], on ? CURL_POLL_IN : CURL_POLL_REMOVE, r->sockdata,
                  r->socketp);
        if (!on)
            r->socketp = NULL;
    }
    if (r->timerfn && (on || r->real_running == 0))
        r->timerfn(r->multi, on ? 0 : -1, r->timerdata);
}

/* Answers every transfer not answered yet, in the order they were added. */
static void answer_all(mrec *r)
{
    CURL *last = NULL;
    for (fake *f = r->head; f; f = f->next) {
        if (f->done)
            continue;
        f->done = 1;
        CURLcode rc = curl_easy_perform(f->easy);
        f->msg.msg = CURLMSG_DONE;
        f->msg.easy_handle = f->easy;
        f->msg.data.result = rc;
        f->unread = 1;
        last = f->easy;
    }
    if (last) {
        arm(r, 0);
        tell(r, last, 0);
    }
}

static int ours(void)
{
    return !hn__http_double_in_real();
}

WEAK CURLMcode curl_multi_add_handle(CURLM *m, CURL *c)
{
    madd_fn f = REAL(add);
    if (!ours() || hn__http_active() == HN__HTTP_OFF || !m || !c) {
        hn__http_double_flush(c); /* libcurl's multi handle will run it */
        return f ? f(m, c) : CURLM_INTERNAL_ERROR;
    }
    mrec *r = rec(m, 1);
    for (const fake *k = r->head; k; k = k->next)
        if (k->easy == c)
            return CURLM_ADDED_ALREADY;
    fake *n = hn__must(calloc(1, sizeof *n)), **tail = &r->head;
    n->easy = c;
    while (*tail)
        tail = &(*tail)->next;
    *tail = n;
    tell(r, c, 1); /* the socket is made readable when someone may look at it */
    return CURLM_OK;
}

WEAK CURLMcode curl_multi_remove_handle(CURLM *m, CURL *c)
{
    mrec *r = ours() ? rec(m, 0) : NULL;
    for (fake **p = r ? &r->head : NULL; p && *p; p = &(*p)->next) {
        if ((*p)->easy != c)
            continue;
        fake *gone = *p;
        *p = gone->next;
        free(gone);
        if (!pending(r)) {
            arm(r, 0);
            tell(r, c, 0);
        }
        return CURLM_OK;
    }
    madd_fn f = REAL(remove);
    hn__http_double_flush(c);
    return f ? f(m, c) : CURLM_INTERNAL_ERROR;
}

/* What a call that drove libcurl's own transfers returns: n of them still
 * running, kept for the calls that answer honest's socket alone. */
static CURLMcode ran(mrec *r, int n, int *running, CURLMcode rc)
{
    if (r)
        r->real_running = n;
    if (running)
        *running = n;
    return rc;
}

WEAK CURLMcode curl_multi_perform(CURLM *m, int *running)
{
    mrec *r = ours() ? rec(m, 0) : NULL;
    if (r)
        answer_all(r);
    mperform_fn f = REAL(perform);
    int n = 0;
    CURLMcode rc = f ? f(m, &n) : CURLM_INTERNAL_ERROR;
    return ran(r, n, running, rc);
}

WEAK CURLMcode curl_multi_socket_action(CURLM *m, curl_socket_t s, int events, int *running)
{
    mrec *r = ours() ? rec(m, 0) : NULL;
    if (r && (s == CURL_SOCKET_TIMEOUT || s == r->sock[0]))
        answer_all(r);
    if (r && s == r->sock[0] && s >= 0) {
        if (running)
            *running = r->real_running;
        return CURLM_OK; /* honest's socket: libcurl does not know it */
    }
    msocket_fn f = REAL(socket_action);
    int n = 0;
    CURLMcode rc = f ? f(m, s, events, &n) : CURLM_INTERNAL_ERROR;
    return ran(r, n, running, rc);
}

/* The older form: every socket and timeout at once. */
WEAK CURLMcode curl_multi_socket_all(CURLM *m, int *running)
{
    mrec *r = ours() ? rec(m, 0) : NULL;
    if (r)
        answer_all(r);
    msocket_all_fn f = REAL(socket_all);
    int n = 0;
    CURLMcode rc = f ? f(m, &n) : CURLM_INTERNAL_ERROR;
    return ran(r, n, running, rc);
}

/* curl_multi_poll and curl_multi_wait: with a transfer to answer, nothing to
 * wait for (its socket is readable). */
static CURLMcode wait_on(mwait_fn f, CURLM *m, struct curl_waitfd extra[], unsigned n,
                         int timeout_ms, int *numfds)
{
    mrec *r = ours() ? rec(m, 0) : NULL;
    if (pending(r)) {
        if (numfds)
            *numfds = 1;
        return CURLM_OK;
    }
    return f ? f(m, extra, n, timeout_ms, numfds) : CURLM_INTERNAL_ERROR;
}

WEAK CURLMcode curl_multi_poll(CURLM *m, struct curl_waitfd extra[], unsigned n,
                               int timeout_ms, int *numfds)
{
    return wait_on(REAL(poll), m, extra, n, timeout_ms, numfds);
}

WEAK CURLMcode curl_multi_wait(CURLM *m, struct curl_waitfd extra[], unsigned n,
                               int timeout_ms, int *numfds)
{
    return wait_on(REAL(wait), m, extra, n, timeout_ms, numfds);
}

WEAK CURLMcode curl_multi_wakeup(CURLM *m)
{
    mwakeup_fn f = REAL(wakeup);
    return f ? f(m) : CURLM_INTERNAL_ERROR;
}

WEAK CURLMsg *curl_multi_info_read(CURLM *m, int *left)
{
    mrec *r = ours() ? rec(m, 0) : NULL;
    fake *first = NULL;
    int more = 0;
    for (fake *f = r ? r->head : NULL; f; f = f->next)
        if (f->unread && !first)
            first = f;
        else if (f->unread)
            more++;
    if (first) {
        first->unread = 0;
        if (left)
            *left = more;
        return &first->msg;
    }
    minfo_fn f = REAL(info);
    return f ? f(m, left) : NULL;
}

WEAK CURLMcode curl_multi_fdset(CURLM *m, fd_set *rd, fd_set *wr, fd_set *ex, int *max_fd)
{
    mfdset_fn f = REAL(fdset);
    CURLMcode rc = f ? f(m, rd, wr, ex, max_fd) : CURLM_INTERNAL_ERROR;
    mrec *r = ours() ? rec(m, 0) : NULL;
    if (rc == CURLM_OK && pending(r))
        arm(r, 1);
    if (rc == CURLM_OK && pending(r) && r->sock[0] >= 0 && r->sock[0] < FD_SETSIZE && rd) {
        FD_SET(r->sock[0], rd);
        if (max_fd && *max_fd < r->sock[0])
            *max_fd = r->sock[0];
    }
    return rc;
}

WEAK CURLMcode curl_multi_timeout(CURLM *m, long *ms)
{
    mtimeout_fn f = REAL(timeout);
    CURLMcode rc = f ? f(m, ms) : CURLM_INTERNAL_ERROR;
    if (rc == CURLM_OK && ms && ours() && pending(rec(m, 0)))
        *ms = 0;
    return rc;
}

/* Reads the argument after opt with the type its range says, passes it on,
 * and keeps the socket and timer callbacks (libcurl has no getters). */
WEAK CURLMcode curl_multi_setopt(CURLM *m, CURLMoption opt, ...)
{
    msetopt_fn f = REAL(setopt);
    va_list ap;
    va_start(ap, opt);
    CURLMcode rc;
    void *p = NULL;
    void (*fn)(void) = NULL;
    if (opt < CURLOPTTYPE_OBJECTPOINT) {
        long l = va_arg(ap, long);
        rc = f ? f(m, opt, l) : CURLM_INTERNAL_ERROR;
    } else if (opt < CURLOPTTYPE_FUNCTIONPOINT) {
        p = va_arg(ap, void *);
        rc = f ? f(m, opt, p) : CURLM_INTERNAL_ERROR;
    } else if (opt < CURLOPTTYPE_OFF_T) {
        fn = va_arg(ap, void (*)(void));
        rc = f ? f(m, opt, fn) : CURLM_INTERNAL_ERROR;
    } else {
        curl_off_t o = va_arg(ap, curl_off_t);
        rc = f ? f(m, opt, o) : CURLM_INTERNAL_ERROR;
    }
    va_end(ap);
    if (rc != CURLM_OK || !ours())
        return rc;
    if (opt == CURLMOPT_SOCKETFUNCTION)
        memcpy(&rec(m, 1)->sockfn, &fn, sizeof fn);
    else if (opt == CURLMOPT_SOCKETDATA)
        rec(m, 1)->sockdata = p;
    else if (opt == CURLMOPT_TIMERFUNCTION)
        memcpy(&rec(m, 1)->timerfn, &fn, sizeof fn);
    else if (opt == CURLMOPT_TIMERDATA)
        rec(m, 1)->timerdata = p;
    return rc;
}

WEAK CURLMcode curl_multi_assign(CURLM *m, curl_socket_t s, void *p)
{
    mrec *r = ours() ? rec(m, 0) : NULL;
    if (r && s >= 0 && s == r->sock[0]) {
        r->socketp = p;
        return CURLM_OK;
    }
    massign_fn f = REAL(assign);
    return f ? f(m, s, p) : CURLM_INTERNAL_ERROR;
}

static void rec_free(mrec *r)
{
    while (r->head) {
        fake *n = r->head->next;
        free(r->head);
        r->head = n;
    }
    if (r->sock[0] >= 0) {
        close(r->sock[0]);
        close(r->sock[1]);
    }
    free(r);
}

WEAK CURLMcode curl_multi_cleanup(CURLM *m)
{
    pthread_mutex_lock(&lock);
    mrec **p = &recs;
    while (*p && (*p)->multi != m)
        p = &(*p)->next;
    mrec *r = *p;
    if (r)
        *p = r->next;
    pthread_mutex_unlock(&lock);
    if (r)
        rec_free(r);
    mcleanup_fn f = REAL(cleanup);
    return f ? f(m) : CURLM_INTERNAL_ERROR;
}

HN__TEST_PATH void hn__http_multi_forget(CURL *c)
{
    pthread_mutex_lock(&lock);
    for (mrec *r = recs; r; r = r->next)
        for (fake **p = &r->head; *p;)
            if ((*p)->easy == c) {
                fake *gone = *p;
                *p = gone->next;
                free(gone);
            } else {
                p = &(*p)->next;
            }
    pthread_mutex_unlock(&lock);
}

/* A test ended: transfers still held are dropped (their handles may go
 * away) and the sockets closed; the callbacks the code set stay. */
HN__TEST_PATH static void forget_all(void)
{
    pthread_mutex_lock(&lock);
    for (mrec *r = recs; r; r = r->next) {
        while (r->head) {
            fake *n = r->head->next;
            free(r->head);
            r->head = n;
        }
        if (r->sock[0] >= 0) {
            close(r->sock[0]);
            close(r->sock[1]);
        }
        r->sock[0] = r->sock[1] = -1;
        r->armed = r->watched = 0;
        r->socketp = NULL;
    }
    pthread_mutex_unlock(&lock);
}

static hn__module module = {"http_multi", NULL, NULL, forget_all, NULL};

__attribute__((constructor)) static void register_module(void)
{
    hn__module_register(&module);
}
