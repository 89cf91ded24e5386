/* SPDX-License-Identifier: MIT */
/* http.c: HN_HTTP_FIXTURES: the fixtures of the running test, which one
 * answers a request, the log of what the code sent, unused fixtures. */
#include "http/http_impl.h"
#include "base/sys.h"
#include "http/http_serve.h"

#include <dirent.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <honest/http.h>

#include "core/audit.h"
#include "core/context.h"
#include "core/module.h"
#include "core/run_options.h"
#include "variants/variants.h"
#include "fixtures/fixtures.h"
#include "fixtures/redact.h"
#include "base/mem.h"

/* Fixtures listed by name in the message for a request that matched none. */
#define MAX_NAMED 12

typedef struct entry {
    const hn_fixture *fx; /* owned by fixture_test.c until the test ends */
    const char *file;     /* the HN_HTTP_FIXTURES that loaded it */
    int line;
    unsigned uses;
    int nearest;          /* named as the nearest to a request none matched */
    const hn__http_url *pre; /* its request URL taken apart by the fork server
                                (hn__fixture_derived), or NULL: then own */
    hn__http_url own;     /* the URL taken apart here, once */
} entry;

/* The fixture's request URL of e, taken apart. */
HN__TEST_PATH static const hn__http_url *url_of(const entry *e)
{
    return e->pre ? e->pre : &e->own;
}

typedef struct logged {
    hn__http_req rq;      /* a copy */
    const hn_fixture *fx; /* what answered, or NULL */
} logged;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct {
    int active;       /* hn__http_mode */
    int counted;
    const char *file; /* the first HN_HTTP_FIXTURES of the test */
    int line;
    const char *args; /* its arguments as written (static: #__VA_ARGS__) */
    entry *v;
    size_t n, cap;
    logged *log;
    size_t nlog, logcap;
} set;


/* ---- loading ------------------------------------------------------------ */

/* Adds a loaded fixture to the test's set; returns 1 (one fixture). */
HN__TEST_PATH static size_t add(const hn_fixture *fx, const char *file, int line)
{
    pthread_mutex_lock(&lock);
    hn__must_grow(&set.v, &set.cap, set.n + 1, sizeof *set.v);
    entry *e = &set.v[set.n++];
    *e = (entry){fx, file, line, 0, 0, hn__fixture_derived(fx), {0}};
    if (!e->pre)
        hn__http_url_parse(hn_fixture_url(fx), &e->own);
    pthread_mutex_unlock(&lock);
    return 1;
}

/* scandir's filter: the fixture files of a directory. */
static int fixture_file(const struct dirent *d)
{
    return hn__http_fixture_file_name(d->d_name);
}

static size_t load_dir(const char *dir, const char *file, int line, int recording)
{
    struct dirent **names;
    int n = scandir(dir, &names, fixture_file, alphasort);
    if (n < 0)
        hn__ctx_fail(1, file, line, "HN_HTTP_FIXTURES: cannot read directory %s", dir);
    if (n == 0 && !recording)
        hn__ctx_fail(1, file, line,
                     "HN_HTTP_FIXTURES: directory %s holds no fixture (no *.json file); "
                     "record one with honest record, or name the right directory", dir);
    for (int i = 0; i < n; i++) {
        char *p;
        if (asprintf(&p, "%s/%s", dir, names[i]->d_name) < 0)
            hn__must(NULL);
        add(hn__fixture_use(file, line, p), file, line);
        free(p);
        free(names[i]);
    }
    free(names);
    return (size_t)n;
}

/* 1 when every fixture of the test is backed by reality (recorded, or
 * verified aligned): only then the summary counts the double fixture-backed. */
static int all_backed(void)
{
    pthread_mutex_lock(&lock);
    int backed = 1;
    for (size_t i = 0; i < set.n && backed; i++)
        backed = hn__fixture_backed(set.v[i].fx);
    pthread_mutex_unlock(&lock);
    return backed;
}

HN__TEST_PATH
size_t hn__http_use(const char *file, int line, const char *args, const char *const *paths)
{
    if (!hn__ctx_in_test())
        hn__ctx_fail(1, file, line, "HN_HTTP_FIXTURES(%s) used outside a test; call it from a "
                     "test body, or from a suite's setup", args);
    hn__http_double_resolve(); /* libcurl's functions, before the code runs */
    size_t loaded = 0;
    int recording = hn__http_record_mode(file, line);
    for (size_t i = 0; paths[i]; i++) {
        char *dir = hn__http_fixture_dir(paths[i], file);
        if (dir && recording)
            hn__http_record_dir(dir, file, line);
        if (dir)
            loaded += load_dir(dir, file, line, recording);
        else if (!recording || !hn__http_record_target(paths[i], file, line))
            loaded += add(hn__fixture_use(file, line, paths[i]), file, line);
        free(dir);
    }
    const hn__options *o = hn__ctx_options();
    pthread_mutex_lock(&lock);
    int first = !set.counted;
    set.counted = 1;
    if (first) {
        set.file = file;
        set.line = line;
        set.args = args;
    }
    __atomic_store_n(&set.active,
                     o && o->live ? HN__HTTP_LIVE : recording ? HN__HTTP_RECORD : HN__HTTP_ANSWER,
                     __ATOMIC_RELEASE);
    pthread_mutex_unlock(&lock);
    if (first)
        hn__ctx_stat(all_backed() ? HN__STAT_FIXTURE_DOUBLE : HN__STAT_STUB, 1);
    return loaded;
}

void hn__http_add_recorded(const hn_fixture *fx)
{
    add(fx, set.file, set.line);
    pthread_mutex_lock(&lock);
    for (size_t i = set.n; i-- > 0;)
        if (set.v[i].fx == fx) {
            set.v[i].uses = 1;
            break;
        }
    pthread_mutex_unlock(&lock);
}

HN__TEST_PATH hn__http_mode hn__http_active(void)
{
    return (hn__http_mode)__atomic_load_n(&set.active, __ATOMIC_ACQUIRE);
}

/* ---- answering ---------------------------------------------------------- */

HN__TEST_PATH static void log_request(const hn__http_req *rq, const hn_fixture *fx)
{
    hn__must_grow(&set.log, &set.logcap, set.nlog + 1, sizeof *set.log);
    logged *l = &set.log[set.nlog++];
    memset(l, 0, sizeof *l);
    l->fx = fx;
    /* One block (one allocation instead of 5 and more, freed at once by
     * log_free): the header array, then the method, the URL (its parts
     * unset: the log is not matched), the body and the headers' strings. */
    size_t nm = strlen(rq->method) + 1, nu = strlen(rq->url) + 1;
    size_t need = (rq->nheaders + 1) * sizeof *l->rq.headers + nm + nu + rq->body_len + 1;
    for (size_t i = 0; i < rq->nheaders; i++)
        need += strlen(rq->headers[i].name) + strlen(rq->headers[i].value) + 2;
    char *block = hn__must(malloc(need));
    l->rq.headers = (hn__http_hdr *)(void *)block;
    memset(l->rq.headers, 0, (rq->nheaders + 1) * sizeof *l->rq.headers);
    char *at = block + (rq->nheaders + 1) * sizeof *l->rq.headers;
    l->rq.method = memcpy(at, rq->method, nm);
    at += nm;
    l->rq.url = memcpy(at, rq->url, nu);
    at += nu;
    l->rq.body = memcpy(at, rq->body, rq->body_len + 1);
    at += rq->body_len + 1;
    l->rq.body_len = rq->body_len;
    l->rq.body_unknown = rq->body_unknown;
    for (size_t i = 0; i < rq->nheaders; i++) {
        size_t a = strlen(rq->headers[i].name) + 1, b = strlen(rq->headers[i].value) + 1;
        l->rq.headers[i].name = memcpy(at, rq->headers[i].name, a);
        at += a;
        l->rq.headers[i].value = memcpy(at, rq->headers[i].value, b);
        at += b;
    }
    l->rq.nheaders = rq->nheaders;
}

/* Frees what log_request made. */
HN__TEST_PATH static void log_free(logged *l)
{
    free(l->rq.headers);
    memset(l, 0, sizeof *l);
}

/* The message for a request no fixture answers, as it stands: it may hold
 * what the code sent. Returns the nearest fixture, or NULL. */
static const hn_fixture *explain_raw(hn__buf *b, const hn__http_req *rq)
{
    size_t best = 0;
    unsigned best_score = (unsigned)-1;
    for (size_t i = 0; i < set.n; i++) {
        unsigned s = hn__http_match(set.v[i].fx, rq, NULL);
        if (s < best_score)
            best = i, best_score = s;
    }
    hn__buf_printf(b, "no fixture of HN_HTTP_FIXTURES(%s) matches the request\n  %s %s\n",
                   set.args, rq->method, rq->url);
    if (rq->body_len) {
        hn__buf_puts(b, "  body: ");
        hn__http_req_excerpt(b, rq->body, rq->body_len, 200);
        hn__buf_puts(b, "\n");
    }
    if (set.n == 0) {
        hn__buf_puts(b, "no fixture is loaded\n");
        return NULL;
    }
    const hn_fixture *fx = set.v[best].fx;
    set.v[best].nearest = 1;
    hn__buf_printf(b, "nearest fixture: %s (%s), which differs in:\n", hn_fixture_name(fx),
                   hn_fixture_path(fx));
    hn__http_match(fx, rq, b);
    hn__buf_printf(b, "fixtures loaded: %zu (", set.n);
    for (size_t i = 0; i < set.n && i < MAX_NAMED; i++)
        hn__buf_printf(b, "%s%s", i ? ", " : "", hn_fixture_name(set.v[i].fx));
    hn__buf_puts(b, set.n > MAX_NAMED ? ", ...)\n" : ")\n");
    hn__buf_printf(b, "fix the request, or record a fixture for it (honest record --method %s "
                      "--url '%s' -o FILE)", rq->method, rq->url);
    return fx;
}

/* The message for a request no fixture answers, without the secrets the code
 * sent or the nearest fixture's placeholders stand for. Called with the lock
 * held. */
static void explain(hn__buf *b, const hn__http_req *rq)
{
    hn__buf raw = {0};
    const hn_fixture *near = explain_raw(&raw, rq);
    hn__redact *r = hn__http_redact_for(rq, near, near ? hn_fixture_path(near) : NULL);
    char *shown = r ? hn__redact_show(r, hn__buf_str(&raw)) : NULL;
    hn__buf_puts(b, shown ? shown : "no fixture of HN_HTTP_FIXTURES matches the request (out "
                                    "of memory to say more without showing its secrets)");
    free(shown);
    hn__redact_free(r);
    if (raw.data)
        memset(raw.data, 0, raw.len);
    hn__buf_free(&raw);
}

/* The fixture that answers rq: the first match not used yet, else the last
 * match; counted as used. NULL when none matches. Called with the lock held. */
HN__TEST_PATH static const hn_fixture *choose(const hn__http_req *rq)
{
    size_t last = 0;
    int any = 0;
    for (size_t i = 0; i < set.n; i++) {
        if (!hn__http_matches(set.v[i].fx, url_of(&set.v[i]), rq))
            continue;
        last = i;
        any = 1;
        if (set.v[i].uses == 0)
            break;
    }
    if (!any)
        return NULL;
    set.v[last].uses++;
    return set.v[last].fx;
}

HN__TEST_PATH const hn_fixture *hn__http_pick(const hn__http_req *rq, char *msg, size_t msglen)
{
    pthread_mutex_lock(&lock);
    const hn_fixture *fx = choose(rq);
    log_request(rq, fx);
    hn__buf why = {0};
    if (!fx)
        explain(&why, rq);
    const char *file = set.file;
    int line = set.line;
    pthread_mutex_unlock(&lock);
    if (!fx) {
        snprintf(msg, msglen, "honest: no fixture matches %s %s", rq->method, rq->url);
        hn__ctx_fail(0, file, line, "%s", hn__buf_str(&why));
    }
    hn__buf_free(&why);
    /* --variants: the response the code reads may be a variant of fx's. */
    return hn__variant_for(fx);
}

const hn_fixture *hn__http_pick_live(const hn__http_req *rq)
{
    pthread_mutex_lock(&lock);
    const hn_fixture *fx = choose(rq);
    log_request(rq, fx);
    pthread_mutex_unlock(&lock);
    return fx;
}

static void vevent(int kind, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
static void vevent(int kind, const char *fmt, va_list ap)
{
    pthread_mutex_lock(&lock);
    const char *file = set.file;
    int line = set.line;
    pthread_mutex_unlock(&lock);
    hn__buf b = {0};
    hn__buf_vprintf(&b, fmt, ap);
    if (kind == HN__EV_FAIL)
        hn__ctx_fail(0, file, line, "%s", hn__buf_str(&b));
    else
        hn__ctx_event((hn__event_kind)kind, file, line, "%s", hn__buf_str(&b));
    hn__buf_free(&b);
}

void hn__http_fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vevent(HN__EV_FAIL, fmt, ap);
    va_end(ap);
}

void hn__http_event(int kind, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vevent(kind, fmt, ap);
    va_end(ap);
}

/* ---- the test's end ----------------------------------------------------- */

/* --audit: libcurl answered from fixtures in this test, with each fixture
 * and whether a request used it. Called with the lock held. */
static void audit(void)
{
    hn__buf b = {0};
    hn__buf_puts(&b, "\"function\":\"curl_easy_perform\",\"origin\":\"HN_HTTP_FIXTURES\","
                     "\"kind\":\"stub\",\"configured_at\":\"");
    hn__buf_escape_json(&b, set.file ? set.file : "", set.file ? strlen(set.file) : 0);
    hn__buf_printf(&b, ":%d\",\"macro\":\"HN_HTTP_FIXTURES\",\"calls\":%zu,"
                       "\"library\":\"libcurl\",\"fixtures\":[", set.line, set.nlog);
    for (size_t i = 0; i < set.n; i++) {
        hn__buf_printf(&b, "%s{\"path\":", i ? "," : "");
        hn__buf_quote_json(&b, hn_fixture_path(set.v[i].fx));
        hn__buf_printf(&b, ",\"uses\":%zu}", (size_t)set.v[i].uses);
    }
    hn__buf_puts(&b, "]");
    hn__audit_emit("double", &b);
    hn__buf_free(&b);
}

HN__TEST_PATH static void verify(void)
{
    pthread_mutex_lock(&lock);
    int active = set.active == HN__HTTP_ANSWER;
    if (active && set.n && hn__audit_file())
        audit();
    for (size_t i = 0; i < set.n && active; i++) {
        if (set.v[i].uses || set.v[i].nearest)
            continue; /* a nearest fixture was reported with the failure */
        hn__ctx_event(HN__EV_STRICT, set.v[i].file, set.v[i].line,
                      "fixture %s (%s) was loaded by HN_HTTP_FIXTURES but never requested: "
                      "check that the code under test makes this request, or load fewer fixtures",
                      hn_fixture_name(set.v[i].fx), hn_fixture_path(set.v[i].fx));
    }
    int silent = active && set.nlog == 0 && set.n > 0;
    const char *file = set.file;
    int line = set.line;
    pthread_mutex_unlock(&lock);
    const char *where;
    if (silent && !hn__http_double_visible(&where))
        hn__ctx_fail(0, file, line,
                     "no request reached HN_HTTP_FIXTURES, and shared libraries see libcurl's "
                     "own curl_easy_perform (%s), not honest's: code under test in a shared "
                     "library would go to the network. Let the test program export its "
                     "symbols (honest_add_test does; do not hide honest's with "
                     "-Wl,--exclude-libs), and link libhonest_http before libcurl", where);
}

HN__TEST_PATH static void cleanup(void)
{
    pthread_mutex_lock(&lock);
    for (size_t i = 0; i < set.nlog; i++)
        log_free(&set.log[i]);
    for (size_t i = 0; i < set.n; i++)
        hn__http_url_free(&set.v[i].own);
    free(set.log);
    free(set.v);
    memset(&set, 0, sizeof set);
    pthread_mutex_unlock(&lock);
    hn__http_handle_forget_answers();
}

/* The fork server takes each fixture's request URL apart once, for every
 * test process forked after (add uses it). */
static void *derive_url(const hn_fixture *fx)
{
    hn__http_url *u = malloc(sizeof *u);
    if (u)
        hn__http_url_parse(hn_fixture_url(fx), u);
    return u;
}

static void free_url(void *p)
{
    hn__http_url_free(p);
    free(p);
}

static const hn__fixture_deriver deriver = {derive_url, free_url};

static hn__module module = {"http", cleanup, verify, cleanup, NULL};
/* libcurl's set-up, once in the launcher rather than in each test process. */
static void warm(const struct hn__options *opts)
{
    (void)opts;
    hn__http_double_warm();
}

static hn__fork_hooks fork_hooks = {"http", warm, NULL, NULL};

__attribute__((constructor)) static void register_module(void)
{
    hn__module_register(&module);
    hn__module_fork_hooks(&fork_hooks);
    hn__fixture_set_deriver(&deriver);
}

/* ---- what the code sent ------------------------------------------------- */

size_t hn_http_request_count(void)
{
    pthread_mutex_lock(&lock);
    size_t n = set.nlog;
    pthread_mutex_unlock(&lock);
    return n;
}

/* A shallow copy of request i (its strings live until the test ends);
 * 0 when there is none. */
static int request(size_t i, logged *out)
{
    pthread_mutex_lock(&lock);
    int ok = i < set.nlog;
    if (ok)
        *out = set.log[i];
    pthread_mutex_unlock(&lock);
    return ok;
}

const char *hn_http_request_method(size_t i)
{
    logged l;
    return request(i, &l) ? l.rq.method : NULL;
}

const char *hn_http_request_url(size_t i)
{
    logged l;
    return request(i, &l) ? l.rq.url : NULL;
}

const char *hn_http_request_header(size_t i, const char *name)
{
    logged l;
    return request(i, &l) && name ? hn__http_req_header(&l.rq, name) : NULL;
}

const char *hn_http_request_body(size_t i, size_t *len)
{
    logged l;
    int ok = request(i, &l);
    if (len)
        *len = ok ? l.rq.body_len : 0;
    return ok ? l.rq.body : NULL;
}

const hn_fixture *hn_http_request_fixture(size_t i)
{
    logged l;
    return request(i, &l) ? l.fx : NULL;
}
