/* SPDX-License-Identifier: MIT */
/* verify.c: a verify run: each fixture's request replayed live (many at
 * once), judged against its recording, re-recorded on --update, and its
 * outcome kept in the last-verified state beside it. */
#include "verify/verify.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <honest/verify.h>

#include "fixtures/fixtures.h"
#include "fixtures/redact.h"
#include "live/record.h"
#include "verify/verify_redact.h"

static const char *const outcome_words[HN__VERIFY_NOUTCOMES] = {
    "aligned", "drifted", "unreachable", "unauthorized", "invalid", "stale", "skipped"};

const char *hn__verify_outcome_word(hn__verify_outcome o)
{
    return (unsigned)o < HN__VERIFY_NOUTCOMES ? outcome_words[o] : "unknown";
}

int hn__verify_outcome_from_word(const char *word)
{
    for (int o = 0; word && o < HN__VERIFY_NOUTCOMES; o++)
        if (!strcmp(outcome_words[o], word))
            return o;
    return -1;
}

/* ---- the files ---------------------------------------------------------- */

/* One fixture in flight. */
typedef struct pending {
    size_t index; /* into run->items */
    hn_fixture *fx;
    hn__record_send send;
    hn__http_response first; /* --learn-volatile: the first answer */
    int phase;               /* 0: first request, 1: second */
} pending;

/* A final answer waiting to be judged. */
typedef struct answer {
    pending *p;
    hn__http_response resp;
    struct answer *next;
} answer;

/* Answers with a large body (the recorded one or a live one above
 * INLINE_MAX) are judged on a worker thread, outside the transfer loop: a
 * slow comparison (a body of 100,000 keys) must not hold the loop, or the
 * transfers in flight would run out of time while nothing reads them. The
 * worker starts with the first such answer. The loop thread owns feeding and
 * the client, and judges the small answers itself (handing each to a thread
 * cost more than judging it); the worker owns each item from the moment its
 * answer is queued. */
typedef struct runner {
    const hn__verify_config *cfg;
    hn__verify_run *run;
    char *const *files;
    size_t nfiles, next, cap;
    time_t now;
    atomic_int oom;
    pthread_mutex_t lock; /* guards the queue, run->counts and run->warnings */
    pthread_cond_t more;  /* the queue grew, or closing was set */
    answer *head, *tail;
    size_t queued;
    int closing, worker; /* worker: 1 when the worker thread runs */
    int no_worker;       /* it could not be started: everything is judged inline */
    pthread_t thread;
    hn__redact_bases *bases; /* the run's starting redactions (NULL: none) */
} runner;

static void pending_free(pending *p)
{
    hn_fixture_free(p->fx);
    hn__record_send_free(&p->send);
    hn__http_response_free(&p->first);
    free(p);
}

static char *fixture_error_text(const hn_fixture_error *fe)
{
    char buf[2300];
    return strdup(hn_fixture_error_format(fe, buf, sizeof buf));
}

/* Counts a judged fixture (from either thread), once what reports show of
 * it is redacted (fx, live and second as far as they exist, else NULL). */
static void conclude(runner *rn, hn__verify_item *it, const hn_fixture *fx,
                     const hn__http_response *live, const hn__http_response *second)
{
    hn__verify_redact_item(rn->cfg, rn->bases, it, fx, live, second);
    pthread_mutex_lock(&rn->lock);
    rn->run->counts[it->outcome]++;
    pthread_mutex_unlock(&rn->lock);
}

/* Keeps every outcome in the last-verified state beside the fixtures, one
 * write per directory. A fixture --update rewrote is recorded aligned: it
 * now matches what was live at the time of the check. A fixture that could
 * not be verified (invalid, unreachable, unauthorized) keeps its previous
 * verdict, the error written beside it. */
static void keep_state(runner *rn)
{
    hn__verify_run *run = rn->run;
    hn__verified_result *results = calloc(run->n + 1, sizeof *results);
    hn_verified_entry *entries = calloc(run->n + 1, sizeof *entries);
    size_t *which = calloc(run->n + 1, sizeof *which), n = 0;
    if (!results || !entries || !which) {
        run->state_error = strdup("out of memory");
        goto out;
    }
    for (size_t i = 0; i < run->n; i++) {
        hn__verify_item *it = &run->items[i];
        if (it->outcome == HN__VERIFY_SKIPPED)
            continue;
        int failed = it->outcome == HN__VERIFY_INVALID ||
                     it->outcome == HN__VERIFY_UNREACHABLE ||
                     it->outcome == HN__VERIFY_UNAUTHORIZED;
        which[n] = i;
        results[n].path = it->path;
        results[n].outcome =
            hn__verify_outcome_word(it->updated ? HN__VERIFY_ALIGNED : it->outcome);
        results[n++].error = failed ? (it->error ? it->error : "unknown error") : NULL;
    }
    hn_fixture_error fe;
    if (hn__verified_update(results, n, rn->now, entries, &fe)) {
        run->state_error = fixture_error_text(&fe);
        goto out;
    }
    for (size_t k = 0; k < n; k++) {
        hn__verify_item *it = &run->items[which[k]];
        if (it->outcome == HN__VERIFY_DRIFTED && !it->updated)
            it->drifting_since = entries[k].since;
    }
out:
    free(results);
    free(entries);
    free(which);
}

static hn__verify_item *new_item(runner *rn, const char *path)
{
    hn__verify_run *run = rn->run;
    if (run->n == rn->cap)
        return NULL; /* one item per file, allocated at the start: never moved
                        while the worker writes to one */
    hn__verify_item *it = &run->items[run->n];
    memset(it, 0, sizeof *it);
    it->path = strdup(path);
    if (!it->path)
        return NULL;
    it->age_days = -1;
    run->n++;
    return it;
}

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

static void describe(runner *rn, hn__verify_item *it, const hn_fixture *fx)
{
    it->name = dup_or_null(hn_fixture_name(fx));
    it->service = dup_or_null(hn_fixture_service(fx));
    it->method = dup_or_null(hn_fixture_method(fx));
    it->url = dup_or_null(hn_fixture_url(fx));
    it->recorded_at = hn_fixture_recorded_at(fx);
    it->age_days = hn_fixture_age_days(fx, rn->now);
    it->max_age_days = hn_fixture_max_age_days(fx);
}

/* Loads the next file and queues its request; invalid and skipped fixtures
 * are concluded at once. Returns 0 when no file is left. */
static int feed(hn__http_client *c, void *data)
{
    runner *rn = data;
    if (rn->next >= rn->nfiles || rn->oom)
        return 0;
    pthread_mutex_lock(&rn->lock);
    size_t behind = rn->queued;
    pthread_mutex_unlock(&rn->lock);
    if (behind >= 2 * (size_t)rn->run->concurrency)
        return -1; /* the worker is behind: hold the answers' memory bounded */
    const char *path = rn->files[rn->next++];
    hn__verify_item *it = new_item(rn, path);
    pending *p = it ? calloc(1, sizeof *p) : NULL;
    if (!p) {
        rn->oom = 1;
        return 0;
    }
    p->index = (size_t)(it - rn->run->items);
    hn_fixture_error fe;
    p->fx = hn_fixture_load(path, &fe);
    if (p->fx)
        describe(rn, it, p->fx);
    if (p->fx && hn_fixture_transport_error(p->fx) == HN_TRANSPORT_OK &&
        (it->error = hn__verify_replay_skip(p->fx, rn->cfg->unsafe))) {
        it->outcome = HN__VERIFY_SKIPPED; /* not sent: placeholders need not be set */
    } else if (!p->fx || hn__record_send_fixture(p->fx, rn->cfg->lookup, rn->cfg->lookup_data,
                                                 &p->send, &fe)) {
        it->outcome = HN__VERIFY_INVALID;
        it->error = fixture_error_text(&fe);
    } else if (hn_fixture_transport_error(p->fx) != HN_TRANSPORT_OK) {
        it->outcome = HN__VERIFY_SKIPPED;
        if (asprintf(&it->error, "the recorded response is a transport error (%s): there is "
                     "no live answer to compare it with",
                     hn_transport_error_name(hn_fixture_transport_error(p->fx))) < 0)
            it->error = NULL;
    } else if (hn__http_client_add(c, &p->send.req, p) == 0) {
        return 1;
    } else {
        rn->oom = 1;
    }
    conclude(rn, it, p->fx, NULL, NULL);
    pending_free(p);
    return 1;
}

/* Re-records a drifted fixture from its live answer (--update). */
static void update(runner *rn, pending *p, hn__verify_item *it, const hn__http_response *live)
{
    char why[1024];
    hn_fixture_error fe;
    int bad;
    hn__redact *r = hn__verify_redact_start(rn->bases, it->path, &bad, why, sizeof why);
    hn_fixture *nf = NULL;
    if (!r || bad) {
        if (asprintf(&it->error, "not updated: %s", r ? why : "out of memory") < 0)
            it->error = NULL;
        hn__redact_free(r);
        return;
    }
    nf = hn__record_again(p->fx, live, r, rn->cfg->lookup, rn->cfg->lookup_data, rn->now, &fe);
    if (nf && hn_fixture_write(nf, it->path, &fe) == 0) {
        it->updated = 1;
        /* The change log shows no placeholder's value either. */
        if (hn__redact_learn_fixture(r, p->fx, rn->cfg->lookup, rn->cfg->lookup_data) == 0)
            it->changes = hn__record_changes(p->fx, nf, r);
        if (rn->cfg->log)
            fprintf(rn->cfg->log, "updated %s; what changed:\n%s\n", it->path,
                    it->changes ? it->changes : "(out of memory)");
    } else {
        char *text = fixture_error_text(&fe);
        if (asprintf(&it->error, "not updated: %s", text ? text : "out of memory") < 0)
            it->error = NULL;
        free(text);
    }
    hn_fixture_free(nf);
    hn__redact_free(r);
}

/* Judges a fixture from its live answer (and the second one, when volatile
 * paths are learned). */
static void judge(runner *rn, pending *p, hn__verify_item *it, const hn__http_response *live,
                  const hn__http_response *second)
{
    char err[512];
    if (second && hn__verify_volatile(p->fx, live, second, &it->volatile_paths, &it->nvolatile))
        rn->oom = 1;
    it->diff = hn_diff_new();
    if (!it->diff || hn__verify_compare(p->fx, live, it->volatile_paths, it->nvolatile,
                                        it->diff, err, sizeof err)) {
        it->outcome = HN__VERIFY_INVALID;
        if (asprintf(&it->error, "%s: %s", it->path, it->diff ? err : "out of memory") < 0)
            it->error = NULL;
        hn_diff_free(it->diff);
        it->diff = NULL;
        return;
    }
    size_t drift = hn__verify_weigh(&rn->cfg->severity, p->fx, it);
    if (drift == (size_t)-1) {
        rn->oom = 1;
        drift = hn_diff_count(it->diff);
    }
    pthread_mutex_lock(&rn->lock);
    rn->run->warnings += it->nwarnings;
    pthread_mutex_unlock(&rn->lock);
    if (drift) {
        it->outcome = HN__VERIFY_DRIFTED;
        if (rn->cfg->update)
            update(rn, p, it, live);
        return;
    }
    if (!hn_diff_count(it->diff)) { /* warnings, when there are any, stay listed */
        hn_diff_free(it->diff);
        it->diff = NULL;
    }
    it->outcome = hn_fixture_is_stale(p->fx, rn->now) ? HN__VERIFY_STALE : HN__VERIFY_ALIGNED;
}

static void failed(hn__verify_item *it, const hn__http_response *resp)
{
    it->outcome = resp->result == HN__HTTP_UNREACHABLE ? HN__VERIFY_UNREACHABLE
                                                       : HN__VERIFY_INVALID;
    const char *word = hn_transport_error_name(resp->transport);
    if (asprintf(&it->error, "%s%s%s (%d attempt%s)", word, *word ? ": " : "", resp->error,
                 resp->attempts, resp->attempts == 1 ? "" : "s") < 0)
        it->error = NULL;
}

/* An answer that says nothing about the API where the recording succeeded:
 * credentials refused (401, 403: unauthorized), or the service still
 * overloaded after the retries (429, 503: unreachable). Fills it and
 * returns 1; else 0. */
static int refused(const hn_fixture *fx, hn__verify_item *it, const hn__http_response *live)
{
    int recorded = hn_fixture_status(fx);
    if (recorded < 200 || recorded > 299)
        return 0;
    if (live->status == 401 || live->status == 403) {
        it->outcome = HN__VERIFY_UNAUTHORIZED;
        it->error = hn__verify_unauthorized_text(fx, live->status);
        return 1;
    }
    if (live->status == 429 || live->status == 503) {
        it->outcome = HN__VERIFY_UNREACHABLE;
        const char *ra = hn__http_header_get(live, "Retry-After");
        if (asprintf(&it->error, "the service answered %ld (%s) after %d attempt%s%s%s%s: it "
                     "limits or refuses requests for now, which says nothing about its API; "
                     "retry later, or lower --rate", live->status,
                     live->status == 429 ? "Too Many Requests" : "Service Unavailable",
                     live->attempts, live->attempts == 1 ? "" : "s",
                     ra ? " (Retry-After: " : "", ra ? ra : "", ra ? ")" : "") < 0)
            it->error = NULL;
        return 1;
    }
    return 0;
}

/* Judges p's final answer resp (and the first one, with --learn-volatile),
 * concludes it and frees p. */
static void finish(runner *rn, pending *p, hn__http_response *resp)
{
    hn__verify_item *it = &rn->run->items[p->index];
    const hn__http_response *live = p->phase ? &p->first : resp;
    it->live_status = live->status;
    if (live->result != HN__HTTP_OK)
        failed(it, live);
    else if (refused(p->fx, it, live))
        ; /* unauthorized or rate-limited: nothing was compared */
    else
        judge(rn, p, it, live, p->phase && resp->result == HN__HTTP_OK ? resp : NULL);
    if (p->phase && resp->result != HN__HTTP_OK &&
        (it->outcome == HN__VERIFY_ALIGNED || it->outcome == HN__VERIFY_DRIFTED ||
         it->outcome == HN__VERIFY_STALE)) {
        char *note = NULL;
        if (asprintf(&note, "the second request (--learn-volatile) failed, volatile paths not "
                     "learned: %s", resp->error) >= 0) {
            free(it->error);
            it->error = note;
        }
    }
    conclude(rn, it, p->fx, live, p->phase && resp->result == HN__HTTP_OK ? resp : NULL);
    pending_free(p);
}

static void *worker(void *data)
{
    runner *rn = data;
    pthread_mutex_lock(&rn->lock);
    for (;;) {
        while (!rn->head && !rn->closing)
            pthread_cond_wait(&rn->more, &rn->lock);
        answer *a = rn->head;
        if (!a)
            break;
        rn->head = a->next;
        if (!rn->head)
            rn->tail = NULL;
        rn->queued--;
        pthread_mutex_unlock(&rn->lock);
        finish(rn, a->p, &a->resp);
        hn__http_response_free(&a->resp);
        free(a);
        pthread_mutex_lock(&rn->lock);
    }
    pthread_mutex_unlock(&rn->lock);
    return NULL;
}

/* The largest body (bytes) an answer may have, recorded or live, to be
 * judged on the loop thread: its comparison takes well under a millisecond. */
#define INLINE_MAX ((size_t)32 << 10)

static void done(hn__http_client *c, void *tag, hn__http_response *resp, void *data)
{
    runner *rn = data;
    pending *p = tag;
    hn__verify_item *it = &rn->run->items[p->index];
    it->attempts += resp->attempts;
    it->seconds += resp->seconds;
    if (resp->result == HN__HTTP_OK && rn->cfg->learn_volatile && p->phase == 0) {
        p->first = *resp; /* keep the first answer; ask again */
        memset(resp, 0, sizeof *resp);
        p->phase = 1;
        if (hn__http_client_add(c, &p->send.req, p) == 0)
            return;
        rn->oom = 1; /* judge the first answer alone */
        *resp = p->first;
        memset(&p->first, 0, sizeof p->first);
        p->phase = 0;
    }
    size_t recorded = 0;
    if (p->fx)
        (void)hn_fixture_body(p->fx, HN_RESPONSE, &recorded);
    if (resp->body_len <= INLINE_MAX && p->first.body_len <= INLINE_MAX &&
        recorded <= INLINE_MAX) {
        finish(rn, p, resp); /* small: judged here */
        return;
    }
    if (!rn->worker && !rn->no_worker) {
        rn->worker = pthread_create(&rn->thread, NULL, worker, rn) == 0;
        rn->no_worker = !rn->worker;
    }
    answer *a = rn->worker ? malloc(sizeof *a) : NULL;
    if (!a) {
        finish(rn, p, resp); /* no worker: judged here */
        return;
    }
    a->p = p;
    a->resp = *resp;
    a->next = NULL;
    memset(resp, 0, sizeof *resp);
    pthread_mutex_lock(&rn->lock);
    if (rn->tail)
        rn->tail->next = a;
    else
        rn->head = a;
    rn->tail = a;
    rn->queued++;
    pthread_cond_signal(&rn->more);
    pthread_mutex_unlock(&rn->lock);
}

static int by_age(const void *pa, const void *pb)
{
    const hn__verify_item *a = pa, *b = pb;
    if (a->age_days != b->age_days) {
        if (a->age_days < 0 || b->age_days < 0)
            return a->age_days < 0 ? 1 : -1; /* unknown ages last */
        return a->age_days > b->age_days ? -1 : 1;
    }
    return strcmp(a->path, b->path);
}

void hn__verify_run_sort(hn__verify_run *run)
{
    if (run->n)
        qsort(run->items, run->n, sizeof *run->items, by_age);
}

int hn__verify_run_files(const hn__verify_config *cfg, char *const *files, size_t n,
                         hn__verify_run *run, char *err, size_t errlen)
{
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    memset(run, 0, sizeof *run);
    runner rn = {.cfg = cfg, .run = run, .files = files, .nfiles = n, .cap = n};
    rn.now = cfg->now ? cfg->now : time(NULL);
    run->checked_at = rn.now;
    run->learn_volatile = cfg->learn_volatile;
    run->items = calloc(n ? n : 1, sizeof *run->items);
    if (!run->items) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    hn__http_client *c = hn__http_client_new(&cfg->http, err, errlen);
    if (!c)
        return -1;
    run->concurrency = cfg->http.concurrency > 0 ? cfg->http.concurrency : 8;
    run->retries = cfg->http.retries;
    run->timeout_ms = cfg->http.timeout_ms > 0 ? cfg->http.timeout_ms : 30000;
    /* NULL (out of memory) leaves each item to learn its own afresh. */
    rn.bases = hn__redact_bases_new();
    pthread_mutex_init(&rn.lock, NULL);
    pthread_cond_init(&rn.more, NULL);
    int rc = hn__http_client_run(c, feed, done, &rn, err, errlen);
    if (rn.worker) {
        pthread_mutex_lock(&rn.lock);
        rn.closing = 1;
        pthread_cond_signal(&rn.more);
        pthread_mutex_unlock(&rn.lock);
        pthread_join(rn.thread, NULL); /* every queued answer judged */
    }
    pthread_cond_destroy(&rn.more);
    pthread_mutex_destroy(&rn.lock);
    hn__http_client_free(c);
    hn__redact_bases_free(rn.bases);
    if (rc == 0 && rn.oom) {
        snprintf(err, errlen, "out of memory");
        rc = -1;
    }
    if (rc == 0 && cfg->keep_state)
        keep_state(&rn);
    hn__verify_run_sort(run);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    run->seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    return rc;
}

/* Releases what one item holds (not the item). */
static void item_free(hn__verify_item *it)
{
    free(it->path);
    free(it->name);
    free(it->service);
    free(it->method);
    free(it->url);
    free(it->error);
    hn_diff_free(it->diff);
    free(it->warn);
    for (size_t k = 0; k < it->nvolatile; k++)
        free(it->volatile_paths[k]);
    free(it->volatile_paths);
    free(it->changes);
    memset(it, 0, sizeof *it);
}

void hn__verify_run_free(hn__verify_run *run)
{
    if (!run)
        return;
    for (size_t i = 0; i < run->n; i++)
        item_free(&run->items[i]);
    free(run->items);
    free(run->state_error);
    memset(run, 0, sizeof *run);
}

int hn__verify_exit_status(const hn__verify_run *run, int max_drift)
{
    if (run->counts[HN__VERIFY_DRIFTED] > (size_t)(max_drift < 0 ? 0 : max_drift))
        return 1;
    if (run->counts[HN__VERIFY_INVALID])
        return 2;
    if (run->counts[HN__VERIFY_UNREACHABLE] || run->counts[HN__VERIFY_UNAUTHORIZED])
        return 3;
    return 0;
}
