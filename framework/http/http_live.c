/* SPDX-License-Identifier: MIT */
/* http_live.c: HN_HTTP_FIXTURES under --live: the code's transfer goes to the
 * network through libcurl, its callbacks fed as usual while a copy of the
 * answer is kept, and the answer is compared with the matching fixture. */
#include "http/http_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <honest/diff.h>

#include "core/outcome.h"
#include "fixtures/redact.h"
#include "live/live_compare.h"
#include "live/live_redact.h"
#include "base/mem.h"

/* Largest live body kept for the comparison; the code gets all of it. */
#define MAX_KEPT ((size_t)64 << 20)

/* What the tee callbacks pass on and keep. */
typedef struct tee {
    const hn__http_opts *o;
    hn__buf body;
    int body_cut;          /* more than MAX_KEPT arrived */
    hn__http_response kept; /* headers of the last response (body in `body`) */
} tee;

static size_t pass_file(char *p, size_t size, size_t n, void *f)
{
    return fwrite(p, size, n, f ? (FILE *)f : stdout);
}

static size_t tee_body(char *p, size_t size, size_t n, void *data)
{
    tee *t = data;
    hn__http_data_fn fn = t->o->write ? t->o->write : pass_file;
    size_t r = fn(p, size, n, t->o->write_data);
    if (r == size * n && !t->o->include_header) {
        if (t->body.len + r > MAX_KEPT)
            t->body_cut = 1;
        else
            hn__buf_add(&t->body, p, r);
    }
    return r;
}

/* Keeps one header line of the last response (a status line starts anew). */
static void keep_header(tee *t, const char *p, size_t n)
{
    while (n && (p[n - 1] == '\n' || p[n - 1] == '\r'))
        n--;
    const char *colon = memchr(p, ':', n);
    hn__http_response *r = &t->kept;
    if (n >= 5 && !strncmp(p, "HTTP/", 5)) {
        hn__http_response_free(r);
        return;
    }
    if (!colon)
        return;
    const char *v = colon + 1;
    while (v < p + n && (*v == ' ' || *v == '\t'))
        v++;
    if (hn__grow(&r->headers, &r->headercap, r->nheaders + 1, sizeof *r->headers))
        return;
    hn__http_header *more = r->headers;
    more[r->nheaders].name = strndup(p, (size_t)(colon - p));
    more[r->nheaders].value = strndup(v, (size_t)(p + n - v));
    if (more[r->nheaders].name && more[r->nheaders].value)
        r->nheaders++;
}

static size_t tee_header(char *p, size_t size, size_t n, void *data)
{
    tee *t = data;
    const hn__http_opts *o = t->o;
    hn__http_data_fn fn = o->header;
    if (!fn && o->header_data)
        fn = o->write ? o->write : pass_file;
    size_t r = fn ? fn(p, size, n, o->header_data) : size * n;
    if (r == size * n)
        keep_header(t, p, size * n);
    return r;
}

/* Puts the code's own callbacks back on the real handle. */
static void restore(hn__http_handle *h)
{
    const hn__http_opts *o = &h->o;
    hn__http_double_setopt_fn(h->curl, CURLOPT_WRITEFUNCTION, (void (*)(void))o->write);
    hn__http_double_setopt_ptr(h->curl, CURLOPT_WRITEDATA, o->write_data);
    hn__http_double_setopt_fn(h->curl, CURLOPT_HEADERFUNCTION, (void (*)(void))o->header);
    hn__http_double_setopt_ptr(h->curl, CURLOPT_HEADERDATA, o->header_data);
}

/* Reports how the live answer differs from fx. */
static void compare(const hn_fixture *fx, const hn__http_req *rq, tee *t, long status)
{
    hn__http_response live = {0};
    live.result = HN__HTTP_OK;
    live.status = status;
    live.headers = t->kept.headers;
    live.nheaders = t->kept.nheaders;
    live.body = t->body.data ? t->body.data : (char *)"";
    live.body_len = t->body.len;
    hn_diff *d = hn_diff_new(), *shown_diff = NULL;
    char err[256] = "";
    /* The drift is shown without the secrets the code sent, the fixture's
     * placeholders stand for, or the live answer holds. */
    hn__redact *shown = hn__http_redact_for(rq, fx, hn_fixture_path(fx));
    char *url = hn__http_shown_url(shown, rq);
    if (!url || hn__live_redact_learn(shown, &live)) {
        hn__http_event(HN__EV_WARN, "--live: the answer to %s was not compared with fixture "
                       "%s: out of memory", rq->method, hn_fixture_name(fx));
    } else if (!d || hn__verify_compare(fx, &live, NULL, 0, d, err, sizeof err) != 0) {
        hn__http_event(HN__EV_WARN, "--live: the answer to %s %s was not compared with "
                       "fixture %s: %s", rq->method, url, hn_fixture_name(fx),
                       err[0] ? err : "out of memory");
    } else if (hn_diff_count(d) && !(shown_diff = hn__live_redact_diff(shown, d))) {
        hn__http_event(HN__EV_STRICT, "--live: the live answer to %s %s drifted from fixture "
                       "%s (%s); out of memory to show how", rq->method, url,
                       hn_fixture_name(fx), hn_fixture_path(fx));
    } else if (hn_diff_count(d)) {
        hn__buf lines = {0};
        for (size_t i = 0; i < hn_diff_count(shown_diff); i++) {
            char line[512];
            const hn_diff_entry *e = hn_diff_at(shown_diff, i);
            hn_diff_entry_write(e, line, sizeof line);
            hn__buf_printf(&lines, "\n  %s %s", hn_diff_kind_word(e->kind), line);
        }
        hn__http_event(HN__EV_STRICT, "--live: the live answer to %s %s drifted from fixture "
                       "%s (%s)%s:%s", rq->method, url, hn_fixture_name(fx),
                       hn_fixture_path(fx), t->body_cut ? " (body past 64 MiB not compared)" : "",
                       hn__buf_str(&lines));
        hn__buf_free(&lines);
    }
    hn_diff_free(d);
    hn_diff_free(shown_diff);
    hn__redact_free(shown);
    free(url);
}

CURLcode hn__http_live_perform(hn__http_handle *h)
{
    hn__http_req rq;
    char err[CURL_ERROR_SIZE];
    hn__http_handle_answer_free(&h->a);
    CURLcode rc = hn__http_req_build(h, 0, &rq, err, sizeof err);
    const hn_fixture *fx = rc == CURLE_OK ? hn__http_pick_live(&rq) : NULL;
    if (fx && hn_fixture_transport_error(fx) != HN_TRANSPORT_OK) {
        h->delivering = 1;
        rc = hn__http_answer_deliver(h, &rq, fx);
        h->delivering = 0;
        hn__http_req_free(&rq);
        return rc;
    }
    tee t = {.o = &h->o};
    hn__http_double_setopt_fn(h->curl, CURLOPT_WRITEFUNCTION, (void (*)(void))tee_body);
    hn__http_double_setopt_ptr(h->curl, CURLOPT_WRITEDATA, &t);
    hn__http_double_setopt_fn(h->curl, CURLOPT_HEADERFUNCTION, (void (*)(void))tee_header);
    hn__http_double_setopt_ptr(h->curl, CURLOPT_HEADERDATA, &t);
    rc = hn__http_double_real_perform(h->curl);
    restore(h);
    long status = 0;
    curl_easy_getinfo(h->curl, CURLINFO_RESPONSE_CODE, &status);
    if (rc == CURLE_OK && fx) {
        compare(fx, &rq, &t, status);
    } else {
        hn__redact *shown = hn__http_redact_for(&rq, NULL, NULL);
        char *url = hn__http_shown_url(shown, &rq);
        if (rc == CURLE_OK)
            hn__http_event(HN__EV_WARN, "--live: no fixture matches %s %s, so its live "
                           "answer (status %ld) was compared with nothing; record one "
                           "(honest record)", rq.method, url ? url : "(a URL)", status);
        else
            hn__http_event(HN__EV_WARN, "--live: %s %s failed: %s", rq.method,
                           url ? url : "(a URL)", curl_easy_strerror(rc));
        free(url);
        hn__redact_free(shown);
    }
    hn__http_response_free(&t.kept);
    hn__buf_free(&t.body);
    hn__http_req_free(&rq);
    return rc;
}
