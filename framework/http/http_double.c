/* SPDX-License-Identifier: MIT */
/* http_double.c: libcurl's easy functions, defined in the test program so that
 * they come first in the lookup order: they keep a record of each handle's
 * options, answer transfers from fixtures while HN_HTTP_FIXTURES is on, and
 * otherwise forward to the real libcurl (dlsym(RTLD_NEXT)). The multi
 * interface is http_multi.c's. */
#include "http/http_impl.h"
#include "base/sys.h"

#include <ctype.h>
#include <dlfcn.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/context.h"

typedef CURL *(*init_fn)(void);
typedef void (*cleanup_fn)(CURL *);
typedef CURL *(*dup_fn)(CURL *);
typedef CURLcode (*setopt_fn)(CURL *, CURLoption, ...);
typedef CURLcode (*perform_fn)(CURL *);
typedef CURLcode (*getinfo_fn)(CURL *, CURLINFO, ...);
typedef CURLcode (*pause_fn)(CURL *, int);
typedef CURLHcode (*header_fn)(CURL *, const char *, size_t, unsigned, int,
                               struct curl_header **);
typedef struct curl_header *(*next_fn)(CURL *, unsigned, int, struct curl_header *);

static struct {
    init_fn init;
    cleanup_fn cleanup, reset;
    dup_fn dup;
    setopt_fn setopt;
    perform_fn perform;
    getinfo_fn getinfo;
    pause_fn pause;
    header_fn header;
    next_fn next;
} real;

static pthread_once_t once = PTHREAD_ONCE_INIT;
/* Any address in this object, to tell it from libcurl in dladdr. */
static const char here;
/* A handle libcurl made in the launcher before the forks, for the first
 * curl_easy_init of a test process (hn__http_double_warm). */
static CURL *spare;

/* libcurl's definition of name: the next one after this object, or when
 * libcurl was loaded before it (honest as a shared library), libcurl's. */
static void find(void *fn_slot, const char *name)
{
    void *p = dlsym(RTLD_NEXT, name);
    if (!p) {
        void *lib = dlopen("libcurl.so.4", RTLD_LAZY | RTLD_NOLOAD);
        p = lib ? dlsym(lib, name) : NULL;
        if (lib)
            dlclose(lib);
    }
    memcpy(fn_slot, &p, sizeof p);
}

static void resolve(void)
{
    find(&real.init, "curl_easy_init");
    find(&real.cleanup, "curl_easy_cleanup");
    find(&real.reset, "curl_easy_reset");
    find(&real.dup, "curl_easy_duphandle");
    find(&real.setopt, "curl_easy_setopt");
    find(&real.perform, "curl_easy_perform");
    find(&real.getinfo, "curl_easy_getinfo");
    find(&real.pause, "curl_easy_pause");
    find(&real.header, "curl_easy_header");
    find(&real.next, "curl_easy_nextheader");
}

#define REAL(fn) (pthread_once(&once, resolve), real.fn)

/* Inside libcurl's own curl_easy_perform on this thread (which calls
 * curl_multi_* through the dynamic linker, so reaching http_multi.c's). */
static __thread int in_real;

int hn__http_double_in_real(void)
{
    return in_real;
}

void hn__http_double_find(void *fn_slot, const char *name)
{
    find(fn_slot, name);
}
/* The definitions below are weak: a test program's own definition of one of
 * them (a hand-written double) wins without a link error. */
#define WEAK __attribute__((weak))

int hn__http_double_visible(const char **where)
{
    Dl_info mine, global;
    pthread_once(&once, resolve);
    void *g = dlsym(RTLD_DEFAULT, "curl_easy_perform");
    *where = "?";
    if (!g || !dladdr(g, &global) || !dladdr(&here, &mine))
        return 1; /* nothing to compare: assume the seam holds */
    *where = global.dli_fname ? global.dli_fname : "?";
    return global.dli_fbase == mine.dli_fbase;
}

HN__TEST_PATH void hn__http_double_resolve(void)
{
    pthread_once(&once, resolve);
}

void hn__http_double_warm(void)
{
    pthread_once(&once, resolve);
    /* Functions the double calls in a test that nothing called before the
     * first fork: bound lazily, each would be looked up again in every test
     * process (every loaded library's symbol table read, page by page). */
    static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
    pthread_mutex_lock(&m);
    pthread_mutex_unlock(&m);
    int used = strcasecmp("a", "A") + tolower('A');
    void *p = malloc(1);
    __asm__ volatile("" : : "r"(used), "r"(p)); /* kept though unused */
    free(p);
    curl_free(NULL);
    hn__http_pass_resolve();
    CURLcode (*global_init)(long);
    p = dlsym(RTLD_DEFAULT, "curl_global_init");
    memcpy(&global_init, &p, sizeof p);
    if (!global_init || !real.init || !real.cleanup)
        return; /* libcurl is not loaded: nothing to set up */
    global_init(CURL_GLOBAL_DEFAULT);
    /* A first handle costs more than the next ones (the lazily bound
     * functions, first allocations): that too is paid here, once. And one
     * more handle, made here and kept, is the first that curl_easy_init
     * gives in each test process: a handle fresh from libcurl, made before
     * the fork rather than in every test (libcurl clears a struct of several
     * pages and sets its defaults), which the test then shares copy on write. */
    CURL *c = real.init();
    if (c)
        real.cleanup(c);
    if (!spare)
        spare = real.init();
}

/* The launcher's spare handle, in a test process forked from it; else NULL.
 * Taken once. (The launcher runs no test: there it stays.) */
static CURL *take_spare(void)
{
    if (!__atomic_load_n(&spare, __ATOMIC_ACQUIRE) || !hn__ctx_in_test())
        return NULL;
    return __atomic_exchange_n(&spare, NULL, __ATOMIC_ACQ_REL);
}

/* ---- deferred options ---------------------------------------------------- */

/* A handle fresh from curl_easy_init does not reach libcurl while the code
 * only sets options on it and has its transfers answered from fixtures: the
 * options below are recorded (http_handle.c) and given to libcurl by the
 * first call that passes the handle on to libcurl (hn__http_double_flush),
 * in the order of this table. They are the options for which libcurl's
 * curl_easy_setopt only keeps the argument (a pointer, a 0/1 switch, a copy
 * of a string of at most CURL_MAX_INPUT_LENGTH bytes), so that it cannot
 * fail but for memory (and libcurl's copy of a string is made from the
 * record's), and none of which changes what another does: given later, in
 * any order, they leave libcurl's handle as they would have. Any other
 * option first gives libcurl the deferred ones, then goes to libcurl, as
 * do all options once the handle has reached it. A handle that never
 * reached libcurl holds nothing but libcurl's defaults: curl_easy_cleanup
 * of one that the launcher made before the fork leaves it to the process's
 * end (libcurl's cleanup code, and the pages it writes, would be the test's
 * to fault in). */
static const CURLoption deferrable[] = {
    CURLOPT_URL,          CURLOPT_WRITEFUNCTION, CURLOPT_WRITEDATA,  CURLOPT_HEADERFUNCTION,
    CURLOPT_HEADERDATA,   CURLOPT_ERRORBUFFER,   CURLOPT_HTTPHEADER, CURLOPT_NOPROGRESS,
    CURLOPT_FOLLOWLOCATION, CURLOPT_FAILONERROR, CURLOPT_USERAGENT,  CURLOPT_PRIVATE,
};
#define NDEFERRABLE (sizeof deferrable / sizeof deferrable[0])
/* libcurl's longest string option (lib/urldata.h): a longer one is refused. */
#define CURL_MAX_INPUT_LENGTH 8000000

/* The bit of opt (set to a) in hn__http_handle.pending, or 0: not deferred. */
HN__TEST_PATH static unsigned defer_bit(CURLoption opt, hn__http_arg a)
{
    if ((opt == CURLOPT_URL || opt == CURLOPT_USERAGENT) && a.p &&
        strlen(a.p) > CURL_MAX_INPUT_LENGTH)
        return 0; /* libcurl refuses it: its answer is libcurl's to give */
    for (size_t i = 0; i < NDEFERRABLE; i++)
        if (deferrable[i] == opt)
            return 1u << i;
    return 0;
}

static void *other_value(const hn__http_opts *o, CURLoption opt)
{
    for (size_t i = 0; i < o->nother; i++)
        if (o->other[i].opt == opt)
            return o->other[i].v.p;
    return NULL;
}

static void flush_handle(hn__http_handle *h)
{
    unsigned p = h->pending;
    h->defer = 0;
    h->pending = 0;
    setopt_fn f = REAL(setopt);
    const hn__http_opts *o = &h->o;
    for (size_t i = 0; f && i < NDEFERRABLE; i++) {
        if (!(p & 1u << i))
            continue;
        CURL *c = h->curl;
        switch (deferrable[i]) {
        case CURLOPT_URL: f(c, CURLOPT_URL, o->url); break;
        case CURLOPT_WRITEFUNCTION: f(c, CURLOPT_WRITEFUNCTION, o->write); break;
        case CURLOPT_WRITEDATA: f(c, CURLOPT_WRITEDATA, o->write_data); break;
        case CURLOPT_HEADERFUNCTION: f(c, CURLOPT_HEADERFUNCTION, o->header); break;
        case CURLOPT_HEADERDATA: f(c, CURLOPT_HEADERDATA, o->header_data); break;
        case CURLOPT_ERRORBUFFER: f(c, CURLOPT_ERRORBUFFER, o->errbuf); break;
        case CURLOPT_HTTPHEADER: f(c, CURLOPT_HTTPHEADER, o->headers); break;
        case CURLOPT_NOPROGRESS: f(c, CURLOPT_NOPROGRESS, o->noprogress); break;
        case CURLOPT_FOLLOWLOCATION: f(c, CURLOPT_FOLLOWLOCATION, o->follow); break;
        case CURLOPT_FAILONERROR: f(c, CURLOPT_FAILONERROR, o->failonerror); break;
        case CURLOPT_USERAGENT: f(c, CURLOPT_USERAGENT, o->useragent); break;
        default: f(c, deferrable[i], other_value(o, deferrable[i])); break;
        }
    }
}

HN__TEST_PATH void hn__http_double_flush(CURL *c)
{
    hn__http_handle *h = c ? hn__http_handle_find(c) : NULL;
    if (h && h->defer)
        flush_handle(h);
}

/* The launcher's handle, once a test process's code cleaned it up without
 * its reaching libcurl: kept (reachable) until the process ends. */
static CURL *dropped;

/* ---- handles ------------------------------------------------------------ */

HN__TEST_PATH WEAK CURL *curl_easy_init(void)
{
    init_fn f = REAL(init);
    CURL *c = take_spare();
    int spared = c != NULL;
    if (!c)
        c = f ? f() : NULL;
    if (c) {
        hn__http_handle_remove(c); /* a record left by a handle at this address */
        hn__http_handle *h = hn__http_handle_get(c);
        h->defer = 1;
        h->spare = spared;
    }
    return c;
}

HN__TEST_PATH WEAK void curl_easy_cleanup(CURL *c)
{
    cleanup_fn f = REAL(cleanup);
    if (c) {
        hn__http_handle *h = hn__http_handle_find(c);
        int untouched_spare = h && h->defer && h->spare;
        hn__http_multi_forget(c);
        hn__http_handle_remove(c);
        if (untouched_spare) {
            dropped = c;
            return;
        }
    }
    if (f)
        f(c);
}

WEAK void curl_easy_reset(CURL *c)
{
    cleanup_fn f = REAL(reset);
    hn__http_double_flush(c);
    if (f)
        f(c);
    hn__http_handle *h = c ? hn__http_handle_find(c) : NULL;
    if (h)
        hn__http_handle_reset(h);
}

WEAK CURL *curl_easy_duphandle(CURL *c)
{
    dup_fn f = REAL(dup);
    hn__http_double_flush(c);
    CURL *d = f ? f(c) : NULL;
    if (d) {
        hn__http_handle_remove(d);
        hn__http_handle_dup(c, d);
    }
    return d;
}

/* Reads the one argument after opt with the type its range says, passes it
 * on to libcurl, and records it when libcurl accepted it. */
HN__TEST_PATH WEAK CURLcode curl_easy_setopt(CURL *c, CURLoption opt, ...)
{
    setopt_fn f = REAL(setopt);
    hn__http_arg a;
    CURLcode rc;
    va_list ap;
    va_start(ap, opt);
    if (opt < CURLOPTTYPE_OBJECTPOINT)
        a.l = va_arg(ap, long);
    else if (opt < CURLOPTTYPE_FUNCTIONPOINT || opt >= CURLOPTTYPE_BLOB)
        a.p = va_arg(ap, void *);
    else if (opt < CURLOPTTYPE_OFF_T)
        a.f = va_arg(ap, void (*)(void));
    else
        a.o = va_arg(ap, curl_off_t);
    va_end(ap);
    hn__http_handle *h = c ? hn__http_handle_find(c) : NULL;
    if (h && h->defer) {
        unsigned bit = defer_bit(opt, a);
        if (bit) {
            hn__http_handle_setopt(h, opt, a);
            h->pending |= bit;
            return CURLE_OK;
        }
        flush_handle(h);
    }
    if (!f)
        rc = CURLE_FAILED_INIT;
    else if (opt < CURLOPTTYPE_OBJECTPOINT)
        rc = f(c, opt, a.l);
    else if (opt < CURLOPTTYPE_FUNCTIONPOINT || opt >= CURLOPTTYPE_BLOB)
        rc = f(c, opt, a.p);
    else if (opt < CURLOPTTYPE_OFF_T)
        rc = f(c, opt, a.f);
    else
        rc = f(c, opt, a.o);
    if (rc == CURLE_OK && c)
        hn__http_handle_setopt(h ? h : hn__http_handle_get(c), opt, a);
    return rc;
}

/* ---- transfers ---------------------------------------------------------- */

static void set_errbuf(const hn__http_handle *h, const char *msg)
{
    if (h->o.errbuf)
        snprintf(h->o.errbuf, CURL_ERROR_SIZE, "%s", msg);
}

HN__TEST_PATH static CURLcode answer(hn__http_handle *h)
{
    hn__http_req rq;
    char err[CURL_ERROR_SIZE];
    CURLcode rc = hn__http_req_build(h, 1, &rq, err, sizeof err);
    const hn_fixture *fx = NULL;
    if (rc == CURLE_OK && (fx = hn__http_pick(&rq, err, sizeof err)) == NULL)
        rc = CURLE_COULDNT_CONNECT;
    h->delivering = 1;
    if (fx) {
        rc = hn__http_answer_deliver(h, &rq, fx);
    } else {
        hn__http_answer_none(h, &rq);
        set_errbuf(h, err);
    }
    h->delivering = 0;
    hn__http_req_free(&rq);
    return rc;
}

CURLcode hn__http_double_real_perform(CURL *c)
{
    perform_fn f = REAL(perform);
    hn__http_double_flush(c);
    in_real++;
    CURLcode rc = f ? f(c) : CURLE_FAILED_INIT;
    in_real--;
    return rc;
}

CURLcode hn__http_double_setopt_ptr(CURL *c, CURLoption opt, void *p)
{
    setopt_fn f = REAL(setopt);
    hn__http_double_flush(c);
    return f ? f(c, opt, p) : CURLE_FAILED_INIT;
}

CURLcode hn__http_double_setopt_fn(CURL *c, CURLoption opt, void (*fn)(void))
{
    setopt_fn f = REAL(setopt);
    hn__http_double_flush(c);
    return f ? f(c, opt, fn) : CURLE_FAILED_INIT;
}

HN__TEST_PATH WEAK CURLcode curl_easy_perform(CURL *c)
{
    hn__http_mode mode = c ? hn__http_active() : HN__HTTP_OFF;
    if (mode == HN__HTTP_ANSWER)
        return answer(hn__http_handle_get(c));
    if (mode == HN__HTTP_LIVE)
        return hn__http_live_perform(hn__http_handle_get(c));
    if (mode == HN__HTTP_RECORD)
        return hn__http_record_perform(hn__http_handle_get(c));
    hn__http_handle *h = c ? hn__http_handle_find(c) : NULL;
    if (h)
        hn__http_handle_answer_free(&h->a); /* getinfo is libcurl's again */
    return hn__http_double_real_perform(c);
}

HN__TEST_PATH WEAK CURLcode curl_easy_getinfo(CURL *c, CURLINFO info, ...)
{
    va_list ap;
    va_start(ap, info);
    void *out = va_arg(ap, void *);
    va_end(ap);
    hn__http_handle *h = c ? hn__http_handle_find(c) : NULL;
    CURLcode rc;
    if (h && hn__http_answer_info(h, info, out, &rc))
        return rc;
    getinfo_fn f = REAL(getinfo);
    hn__http_double_flush(c);
    return f ? f(c, info, out) : CURLE_FAILED_INIT;
}

WEAK CURLcode curl_easy_pause(CURL *c, int bitmask)
{
    hn__http_handle *h = c ? hn__http_handle_find(c) : NULL;
    if (h && h->delivering) {
        h->paused = (bitmask & CURLPAUSE_RECV) != 0;
        return CURLE_OK;
    }
    pause_fn f = REAL(pause);
    hn__http_double_flush(c);
    return f ? f(c, bitmask) : CURLE_FAILED_INIT;
}

WEAK CURLHcode curl_easy_header(CURL *c, const char *name, size_t index, unsigned int origin,
                           int request, struct curl_header **hout)
{
    hn__http_handle *h = c ? hn__http_handle_find(c) : NULL;
    if (h && h->a.answered)
        return hn__http_answer_header(h, name, index, origin, request, hout);
    header_fn f = REAL(header);
    hn__http_double_flush(c);
    return f ? f(c, name, index, origin, request, hout) : CURLHE_NOT_BUILT_IN;
}

WEAK struct curl_header *curl_easy_nextheader(CURL *c, unsigned int origin, int request,
                                         struct curl_header *prev)
{
    hn__http_handle *h = c ? hn__http_handle_find(c) : NULL;
    if (h && h->a.answered)
        return hn__http_answer_next(h, origin, request, prev);
    next_fn f = REAL(next);
    hn__http_double_flush(c);
    return f ? f(c, origin, request, prev) : NULL;
}
