/* SPDX-License-Identifier: MIT */
/* http_handle.c: a record beside each libcurl easy handle of what the code set
 * on it (libcurl has no getters), kept by the interposed curl_easy_setopt. */
#include "http/http_impl.h"
#include "base/sys.h"
#include "base/mem.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NBUCKETS 256

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static hn__http_handle *buckets[NBUCKETS];
static size_t records; /* in buckets: none, and a test's end has nothing to walk */


static size_t slot(const CURL *c)
{
    uintptr_t x = (uintptr_t)c;
    x ^= x >> 17;
    x *= UINT64_C(0x9E3779B97F4A7C15);
    return (size_t)(x >> 32) % NBUCKETS;
}

static void opts_init(hn__http_opts *o)
{
    memset(o, 0, sizeof *o);
    o->postsize = -1;
    o->infilesize = -1;
    o->maxredirs = -1;
    o->noprogress = 1;
}

static void opts_free(hn__http_opts *o)
{
    char *owned[] = {o->url, o->custom, o->postcopy, o->useragent, o->userpwd, o->username,
                     o->password, o->bearer, o->cookie, o->referer};
    for (size_t i = 0; i < sizeof owned / sizeof owned[0]; i++)
        free(owned[i]);
    free(o->other);
    opts_init(o);
}

HN__TEST_PATH void hn__http_handle_answer_free(hn__http_answer *a)
{
    free(a->url);
    free(a->method);
    free(a->content_type);
    free(a->redirect_url);
    hn__http_req_hdrs_free(a->headers, a->nheaders);
    memset(a, 0, sizeof *a);
}

HN__TEST_PATH hn__http_handle *hn__http_handle_find(CURL *c)
{
    pthread_mutex_lock(&lock);
    hn__http_handle *h = buckets[slot(c)];
    while (h && h->curl != c)
        h = h->next;
    pthread_mutex_unlock(&lock);
    return h;
}

HN__TEST_PATH hn__http_handle *hn__http_handle_get(CURL *c)
{
    pthread_mutex_lock(&lock);
    size_t s = slot(c);
    hn__http_handle *h = buckets[s];
    while (h && h->curl != c)
        h = h->next;
    if (!h) {
        h = hn__must(calloc(1, sizeof *h));
        h->curl = c;
        opts_init(&h->o);
        h->next = buckets[s];
        buckets[s] = h;
        __atomic_store_n(&records, records + 1, __ATOMIC_RELAXED);
    }
    pthread_mutex_unlock(&lock);
    return h;
}

HN__TEST_PATH void hn__http_handle_remove(CURL *c)
{
    pthread_mutex_lock(&lock);
    hn__http_handle **pp = &buckets[slot(c)];
    while (*pp && (*pp)->curl != c)
        pp = &(*pp)->next;
    hn__http_handle *h = *pp;
    if (h) {
        *pp = h->next;
        __atomic_store_n(&records, records - 1, __ATOMIC_RELAXED);
    }
    pthread_mutex_unlock(&lock);
    if (h) {
        opts_free(&h->o);
        hn__http_handle_answer_free(&h->a);
        free(h);
    }
}

void hn__http_handle_reset(hn__http_handle *h)
{
    opts_free(&h->o);
    hn__http_handle_answer_free(&h->a);
    h->paused = 0;
}

static char *dup_or_null(const char *s)
{
    return s ? hn__must(strdup(s)) : NULL;
}

void hn__http_handle_dup(CURL *from, CURL *to)
{
    hn__http_handle *f = hn__http_handle_find(from);
    hn__http_handle *t = hn__http_handle_get(to);
    if (!f)
        return;
    opts_free(&t->o);
    t->o = f->o;
    hn__http_opts *o = &t->o;
    char **owned[] = {&o->url, &o->useragent, &o->userpwd, &o->username, &o->password,
                      &o->bearer, &o->cookie, &o->referer, &o->custom};
    for (size_t i = 0; i < sizeof owned / sizeof owned[0]; i++)
        *owned[i] = dup_or_null(*owned[i]);
    if (f->o.postcopy) {
        o->postcopy = hn__must(malloc(f->o.postcopy_len + 1));
        memcpy(o->postcopy, f->o.postcopy, f->o.postcopy_len + 1);
    }
    if (f->o.nother) {
        o->other = hn__must(malloc(f->o.nother * sizeof *o->other));
        memcpy(o->other, f->o.other, f->o.nother * sizeof *o->other);
    }
    o->othercap = f->o.nother;
}

HN__TEST_PATH void hn__http_handle_forget_answers(void)
{
    if (!__atomic_load_n(&records, __ATOMIC_RELAXED))
        return; /* no handle: nothing to forget (the common test) */
    pthread_mutex_lock(&lock);
    for (size_t i = 0; i < NBUCKETS; i++)
        for (hn__http_handle *h = buckets[i]; h; h = h->next) {
            hn__http_handle_answer_free(&h->a);
            h->delivering = h->paused = 0; /* a test that ended inside an answer */
        }
    pthread_mutex_unlock(&lock);
}

static void set_str(char **dst, const void *src)
{
    free(*dst);
    *dst = dup_or_null(src);
}

/* COPYPOSTFIELDS: libcurl copies postsize bytes, or up to the NUL. */
static void copy_post(hn__http_opts *o, const char *p)
{
    free(o->postcopy);
    o->postcopy = NULL;
    o->postfields = NULL;
    o->method = HN__HTTP_POST;
    if (!p)
        return;
    size_t n = o->postsize >= 0 ? (size_t)o->postsize : strlen(p);
    o->postcopy = hn__must(malloc(n + 1));
    memcpy(o->postcopy, p, n);
    o->postcopy[n] = '\0';
    o->postcopy_len = n;
}

static void remember(hn__http_opts *o, CURLoption opt, hn__http_arg a)
{
    for (size_t i = 0; i < o->nother; i++)
        if (o->other[i].opt == opt) {
            o->other[i].v = a;
            return;
        }
    hn__must_grow(&o->other, &o->othercap, o->nother + 1, sizeof *o->other);
    o->other[o->nother++] = (hn__http_other){opt, a};
}

/* Options that pick the method, as libcurl's setopt.c moves it. */
static int set_method(hn__http_opts *o, CURLoption opt, long on)
{
    switch (opt) {
    case CURLOPT_POST:
        o->method = on ? HN__HTTP_POST : HN__HTTP_GET;
        return 1;
    case CURLOPT_HTTPGET:
        if (on)
            o->method = HN__HTTP_GET;
        return 1;
    case CURLOPT_NOBODY:
        if (on)
            o->method = HN__HTTP_HEAD;
        else if (o->method == HN__HTTP_HEAD)
            o->method = HN__HTTP_GET;
        return 1;
    case CURLOPT_UPLOAD:
    case CURLOPT_PUT:
        o->method = on ? HN__HTTP_PUT : HN__HTTP_GET;
        return 1;
    default:
        return 0;
    }
}

static int set_long(hn__http_opts *o, CURLoption opt, long v)
{
    switch (opt) {
    case CURLOPT_POSTFIELDSIZE: o->postsize = v; return 1;
    case CURLOPT_INFILESIZE: o->infilesize = v; return 1;
    case CURLOPT_HTTPAUTH: o->httpauth = v; return 1;
    case CURLOPT_FAILONERROR: o->failonerror = v; return 1;
    case CURLOPT_HEADER: o->include_header = v; return 1;
    case CURLOPT_FOLLOWLOCATION: o->follow = v; return 1;
    case CURLOPT_MAXREDIRS: o->maxredirs = v; return 1;
    case CURLOPT_NOPROGRESS: o->noprogress = v; return 1;
    default: return set_method(o, opt, v);
    }
}

static int set_ptr(hn__http_opts *o, CURLoption opt, void *p)
{
    switch (opt) {
    case CURLOPT_URL: set_str(&o->url, p); return 1;
    case CURLOPT_CUSTOMREQUEST: set_str(&o->custom, p); return 1;
    case CURLOPT_USERAGENT: set_str(&o->useragent, p); return 1;
    case CURLOPT_USERPWD: set_str(&o->userpwd, p); return 1;
    case CURLOPT_USERNAME: set_str(&o->username, p); return 1;
    case CURLOPT_PASSWORD: set_str(&o->password, p); return 1;
    case CURLOPT_XOAUTH2_BEARER: set_str(&o->bearer, p); return 1;
    case CURLOPT_COOKIE: set_str(&o->cookie, p); return 1;
    case CURLOPT_REFERER: set_str(&o->referer, p); return 1;
    case CURLOPT_COPYPOSTFIELDS: copy_post(o, p); return 1;
    case CURLOPT_POSTFIELDS:
        free(o->postcopy);
        o->postcopy = NULL;
        o->postfields = p;
        o->method = HN__HTTP_POST;
        return 1;
    case CURLOPT_MIMEPOST:
    case CURLOPT_HTTPPOST:
        o->mime = p != NULL;
        if (p)
            o->method = HN__HTTP_POST;
        return 1;
    case CURLOPT_HTTPHEADER: o->headers = p; return 1;
    case CURLOPT_CURLU: o->curlu = p; return 1;
    case CURLOPT_WRITEDATA: o->write_data = p; return 1;
    case CURLOPT_HEADERDATA: o->header_data = p; return 1;
    case CURLOPT_READDATA: o->read_data = p; return 1;
    case CURLOPT_ERRORBUFFER: o->errbuf = p; return 1;
    case CURLOPT_XFERINFODATA: o->progress_data = p; return 1;
    default: return 0;
    }
}

static int set_fn(hn__http_opts *o, CURLoption opt, void (*f)(void))
{
    switch (opt) {
    case CURLOPT_WRITEFUNCTION: o->write = (hn__http_data_fn)f; return 1;
    case CURLOPT_HEADERFUNCTION: o->header = (hn__http_data_fn)f; return 1;
    case CURLOPT_READFUNCTION: o->read = (hn__http_data_fn)f; return 1;
    case CURLOPT_XFERINFOFUNCTION: o->xferinfo = (hn__http_xfer_fn)f; return 1;
    case CURLOPT_PROGRESSFUNCTION: o->progress = (hn__http_progress_fn)f; return 1;
    default: return 0;
    }
}

static int set_off(hn__http_opts *o, CURLoption opt, curl_off_t v)
{
    switch (opt) {
    case CURLOPT_POSTFIELDSIZE_LARGE: o->postsize = v; return 1;
    case CURLOPT_INFILESIZE_LARGE: o->infilesize = v; return 1;
    default: return 0;
    }
}

HN__TEST_PATH void hn__http_handle_setopt(hn__http_handle *h, CURLoption opt, hn__http_arg a)
{
    hn__http_opts *o = &h->o;
    int known;
    if (opt < CURLOPTTYPE_OBJECTPOINT)
        known = set_long(o, opt, a.l);
    else if (opt < CURLOPTTYPE_FUNCTIONPOINT)
        known = set_ptr(o, opt, a.p);
    else if (opt < CURLOPTTYPE_OFF_T)
        known = set_fn(o, opt, a.f);
    else if (opt < CURLOPTTYPE_BLOB)
        known = set_off(o, opt, a.o);
    else
        known = 0;
    if (!known)
        remember(o, opt, a);
}
