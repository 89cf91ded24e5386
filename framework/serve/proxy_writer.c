/* SPDX-License-Identifier: MIT */
/* proxy_writer.c: the recorder and the writers of `honest proxy`'s
 * recordings, off the answer's path: one recorder thread that makes the
 * fixtures of forwarded interactions in the order they were answered
 * (proxy_record.c), and WRITERS threads that write their texts atomically and
 * durably WRITE_BEHIND_MS after they were queued, several files at once
 * (fsyncs overlap) but each file's versions in order; the queue (both kinds
 * counted) is bounded and drained before the proxy exits, so nothing
 * forwarded is left unrecorded. A file re-recorded while its previous
 * version still waits is written once, with the newest. */
#include "serve/serve_impl.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "fixtures/fixtures.h"
#include "fixtures/redact.h"
#include "base/mem.h"

/* The queue's bounds, interactions waiting to be made into recordings and
 * recordings waiting to be written counted together: a request's answer
 * waits for room beyond either (one is always taken when the queue is
 * empty, however large). */
#define QUEUE_MAX_JOBS 256
#define QUEUE_MAX_BYTES ((size_t)64 << 20)
/* Threads writing at once: durable writes of distinct files overlap on the
 * disk (measured on the bench machine: 4 threads wrote 3 to 15 times the
 * files per second one did). */
#define WRITERS 4
/* How long a recording waits before it is written (not when the proxy
 * stops): re-recordings of one file within that time are merged into one
 * write. A durable write costs about 0.5 ms of CPU on the bench machine,
 * taken from the cores that answer; --record=all on a busy URL would pay it
 * for every request. */
#define WRITE_BEHIND_MS 20
/* --record=all: how long a forwarded interaction may wait before the
 * recorder makes its recording (not when the proxy stops or the queue is
 * full): the recorder wakes once for the interactions of that time, not
 * once for each (each wake-up costs a context switch on the cores that
 * answer), and of a run of them that re-record one fixture makes only the
 * last one's recording (hn__proxy_record). Under --record=missing they are
 * made at once. */
#define RECORD_BEHIND_MS 5
/* How much nicer than the proxy's other threads the writers are, and the
 * recorder under --record=all: their wake-ups then seldom preempt a thread
 * that answers a request on the same core (under --record=missing a request
 * that misses waits for the recorder, which keeps the proxy's priority). */
#define BACKGROUND_NICE 10

/* One recording to write. All malloc'd, owned by the job. */
typedef struct job {
    struct job *next;
    char *path;
    char *text;
    size_t len;
    char *done; /* the log lines once written, or NULL */
    char *what; /* "METHOD PATH" as the log may show it, for a failure */
    unsigned long count; /* recordings of path merged into this write */
    struct timespec due; /* CLOCK_MONOTONIC: when it may be written */
} job;

/* One forwarded interaction to make into a recording. Owned by the job. */
typedef struct raw {
    struct raw *next;
    hn__http_in *in;
    char *uri;
    hn__http_response live;
    size_t len; /* counted in the queue's bytes */
    struct timespec due; /* CLOCK_MONOTONIC: when it is to be made */
    hn__proxy_carry carry; /* earlier interactions its recording stands for */
} raw;

struct hn__proxy_writer {
    pthread_t threads[WRITERS];
    int nthreads;
    pthread_t recorder;
    int has_recorder;
    pthread_mutex_t lock; /* the fields below */
    pthread_cond_t more;  /* a job was queued or written, or stopping was set */
    pthread_cond_t room;  /* a job or an interaction was taken */
    pthread_cond_t made;  /* an interaction was queued, or stopping_recorder was set */
    job *head, *tail;     /* waiting; at most one per path (merge) */
    raw *rhead, *rtail;   /* interactions waiting for the recorder */
    size_t n, bytes;      /* both queues, and the interaction being made (held) */
    int held;             /* the recorder holds an interaction's place (held_len bytes)... */
    size_t held_len;      /* ...until its recording is queued in it, or it failed */
    int stopping_recorder;
    int recorder_idle;    /* the recorder waits for an interaction (not for a time) */
    int hurry;            /* make every interaction queued now, due or not */
    const char *busy[WRITERS]; /* the paths being written (NULL: none) */
    int slots;                 /* places of busy[] given to threads */
    int stopping;
};

char *hn__proxy_shown(const hn__redact *r, const char *text)
{
    hn__redact *own = r ? NULL : hn__redact_new();
    char *out = hn__redact_show(r ? r : own, text);
    hn__redact_free(own);
    return out ? out : hn__must(strdup("(hidden)"));
}

static void job_free(job *j)
{
    free(j->path);
    free(j->text);
    free(j->done);
    free(j->what);
    free(j);
}

/* Writes j's file; counts it as recorded, or as failed with a line on
 * stderr saying what was not recorded and why. */
static void write_job(hn__serve *s, job *j)
{
    hn_fixture_error fe;
    int ok = hn__fixture_write_file(j->path, j->text, j->len, &fe) == 0;
    pthread_mutex_lock(&s->lock);
    if (ok)
        s->recorded += j->count;
    else
        s->failed += j->count;
    pthread_mutex_unlock(&s->lock);
    if (ok) {
        if (j->done)
            fputs(j->done, stderr);
        return;
    }
    char buf[2300];
    char *e = hn__proxy_shown(NULL, hn_fixture_error_format(&fe, buf, sizeof buf));
    fprintf(stderr, "%s: %s: not recorded: %s\n", s->cfg.name, j->what, e);
    free(e);
}

static int is_busy(const hn__proxy_writer *w, const char *path)
{
    for (int i = 0; i < WRITERS; i++)
        if (w->busy[i] && !strcmp(w->busy[i], path))
            return 1;
    return 0;
}

static int before(const struct timespec *a, const struct timespec *b)
{
    return a->tv_sec < b->tv_sec || (a->tv_sec == b->tv_sec && a->tv_nsec < b->tv_nsec);
}

/* Takes the first waiting job whose file no thread is writing off the
 * queue when it is due (or the writers are stopping), else returns NULL
 * with *until set to when it will be (tv_sec 0: none waits). Jobs are due
 * in the order queued. Under w's lock. */
static job *take(hn__proxy_writer *w, struct timespec *until)
{
    until->tv_sec = 0;
    job *prev = NULL, *j = w->head;
    while (j && is_busy(w, j->path))
        prev = j, j = j->next;
    if (!j)
        return NULL;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (!w->stopping && before(&now, &j->due)) {
        *until = j->due;
        return NULL;
    }
    if (prev)
        prev->next = j->next;
    else
        w->head = j->next;
    if (w->tail == j)
        w->tail = prev;
    w->n--;
    w->bytes -= j->len;
    return j;
}

/* Makes the calling thread, when nicer, BACKGROUND_NICE nicer than it is
 * (Linux gives each thread its own nice value; a failure leaves it as it
 * was), then names it (as `top -H` and /proc/PID/task/TID/comm show it):
 * once named, it has its priority. */
static void background_thread(const char *name, int nicer)
{
    if (nicer) {
        id_t tid = (id_t)gettid();
        errno = 0;
        int now = getpriority(PRIO_PROCESS, tid);
        if (errno == 0)
            (void)setpriority(PRIO_PROCESS, tid,
                              now + BACKGROUND_NICE > 19 ? 19 : now + BACKGROUND_NICE);
    }
    pthread_setname_np(pthread_self(), name);
}

/* A writer thread. Wake-ups are kept few (each costs a context switch on
 * the cores that answer requests): a thread that ends a write takes the
 * next job itself, the next version of its file included, and wakes another
 * only when more work waits; a job whose file is being written wakes none. */
static void *writer_main(void *arg)
{
    hn__serve *s = arg;
    hn__proxy_writer *w = s->writer;
    background_thread("hn-writer", 1);
    pthread_mutex_lock(&w->lock);
    int slot = w->slots++; /* this thread's place in busy[] */
    for (;;) {
        struct timespec until;
        job *j = take(w, &until);
        if (!j) {
            if (w->stopping && !w->head)
                break; /* nothing is left */
            if (until.tv_sec)
                pthread_cond_timedwait(&w->more, &w->lock, &until);
            else
                pthread_cond_wait(&w->more, &w->lock);
            continue;
        }
        w->busy[slot] = j->path;
        if (w->head)
            pthread_cond_signal(&w->more); /* more waits: another thread may take it */
        pthread_cond_broadcast(&w->room);
        pthread_mutex_unlock(&w->lock);
        write_job(s, j);
        pthread_mutex_lock(&w->lock);
        w->busy[slot] = NULL;
        job_free(j);
        if (w->stopping && !w->head)
            pthread_cond_broadcast(&w->more); /* the others may end */
    }
    pthread_mutex_unlock(&w->lock);
    return NULL;
}

static void raw_free(raw *r)
{
    hn__http_in_free(r->in);
    free(r->uri);
    hn__http_response_free(&r->live);
    free(r->carry.log);
    free(r);
}

/* 1 in the recorder thread. */
static _Thread_local int in_recorder;

/* Lets go of the place the recorder held, if it still does. Under w's
 * lock. */
static void release_held(hn__proxy_writer *w)
{
    if (!w->held)
        return;
    w->held = 0;
    w->n--;
    w->bytes -= w->held_len;
    pthread_cond_broadcast(&w->room);
}

/* The recorder thread: makes each queued interaction's recording, in the
 * order queued, until the queue is empty and it is told to stop. Once the
 * first waiting is due it takes every interaction queued by then, due or
 * not (one wake-up for all of them, not one for each). */
static void *recorder_main(void *arg)
{
    hn__serve *s = arg;
    hn__proxy_writer *w = s->writer;
    in_recorder = 1;
    background_thread("hn-recorder", s->cfg.record_all);
    const raw *batch_end = NULL; /* the last of the batch being made, or NULL */
    pthread_mutex_lock(&w->lock);
    for (;;) {
        raw *r = w->rhead;
        if (!r) {
            w->hurry = 0;
            if (w->stopping_recorder)
                break;
            w->recorder_idle = 1;
            pthread_cond_wait(&w->made, &w->lock);
            w->recorder_idle = 0;
            continue;
        }
        struct timespec now;
        clock_gettime(CLOCK_MONOTONIC, &now);
        if (!batch_end && !w->stopping_recorder && !w->hurry && before(&now, &r->due)) {
            pthread_cond_timedwait(&w->made, &w->lock, &r->due);
            continue;
        }
        if (!batch_end)
            batch_end = w->rtail;
        if (r == batch_end)
            batch_end = NULL; /* r is the batch's last */
        raw *next = r->next; /* stays queued, and only this thread takes it */
        if (!(w->rhead = next))
            w->rtail = NULL;
        /* Its place stays taken until the recording takes it over
         * (hn__proxy_writer_put from this thread): the recorder never
         * waits for room, which only it could make. */
        w->held = 1;
        w->held_len = r->len;
        pthread_mutex_unlock(&w->lock);
        if (hn__proxy_record(s, r->in, r->uri, &r->live, next ? next->in : NULL, &r->carry)) {
            next->carry = r->carry; /* next's recording stands for r's */
            r->carry = (hn__proxy_carry){0, NULL};
        }
        raw_free(r);
        pthread_mutex_lock(&w->lock);
        release_held(w); /* no recording was queued (a failure) */
    }
    pthread_mutex_unlock(&w->lock);
    return NULL;
}

/* Waits until the queue has room for len more bytes (or is empty). Under
 * w's lock. */
static void wait_room(hn__proxy_writer *w, size_t len)
{
    while ((w->head || w->rhead) && (w->n >= QUEUE_MAX_JOBS || w->bytes + len > QUEUE_MAX_BYTES)) {
        if (w->rhead && !w->hurry) { /* room comes sooner when the recorder does not wait */
            w->hurry = 1;
            pthread_cond_signal(&w->made);
        }
        pthread_cond_wait(&w->room, &w->lock);
    }
}

void hn__proxy_writer_record(hn__serve *s, hn__http_in *in, char *uri, hn__http_response *live)
{
    raw *r = hn__must(calloc(1, sizeof *r));
    r->in = in;
    r->uri = uri;
    r->live = *live;
    memset(live, 0, sizeof *live);
    size_t blen;
    hn__http_in_body_get(in, &blen);
    r->len = blen + r->live.body_len;
    clock_gettime(CLOCK_MONOTONIC, &r->due);
    /* --record=missing: made at once (the next request that misses waits
     * for it, and a new request is recorded once). */
    r->due.tv_nsec += s->cfg.record_all ? RECORD_BEHIND_MS * 1000000L : 0;
    if (r->due.tv_nsec >= 1000000000L) {
        r->due.tv_sec++;
        r->due.tv_nsec -= 1000000000L;
    }
    hn__proxy_writer *w = s->writer;
    if (!w || !w->has_recorder) { /* no recorder (not started): recorded here */
        hn__proxy_record(s, r->in, r->uri, &r->live, NULL, &r->carry);
        raw_free(r);
        return;
    }
    pthread_mutex_lock(&w->lock);
    wait_room(w, r->len);
    if (w->rtail)
        w->rtail->next = r;
    else
        w->rhead = r;
    w->rtail = r;
    w->n++;
    w->bytes += r->len;
    if (w->recorder_idle) /* else it wakes when the first waiting is due */
        pthread_cond_signal(&w->made);
    pthread_mutex_unlock(&w->lock);
}

int hn__proxy_writer_start(hn__serve *s, char *err, size_t errlen)
{
    if (s->writer)
        return 0;
    hn__proxy_writer *w = hn__must(calloc(1, sizeof *w));
    pthread_mutex_init(&w->lock, NULL);
    pthread_condattr_t monotonic;
    pthread_condattr_init(&monotonic);
    pthread_condattr_setclock(&monotonic, CLOCK_MONOTONIC);
    pthread_cond_init(&w->more, &monotonic);
    pthread_cond_init(&w->made, &monotonic);
    pthread_condattr_destroy(&monotonic);
    pthread_cond_init(&w->room, NULL);
    s->writer = w;
    for (; w->nthreads < WRITERS; w->nthreads++)
        if (pthread_create(&w->threads[w->nthreads], NULL, writer_main, s) != 0)
            break;
    w->has_recorder = pthread_create(&w->recorder, NULL, recorder_main, s) == 0;
    if (w->nthreads == 0 || !w->has_recorder) {
        snprintf(err, errlen, "cannot start the threads that make and write recordings");
        hn__proxy_writer_drain(s);
        return -1;
    }
    return 0;
}

/* When a write of j's file still waits in w's queue (not started): gives it
 * j's text, which replaces it (the file would be overwritten by j's anyway,
 * in the same order), frees j and returns 1. Under w's lock. */
static int merge(hn__proxy_writer *w, job *j)
{
    job *q = w->head;
    while (q && strcmp(q->path, j->path))
        q = q->next;
    if (!q)
        return 0;
    w->bytes = w->bytes - q->len + j->len;
    free(q->text);
    q->text = j->text;
    q->len = j->len;
    j->text = NULL;
    if (j->done) {
        char *both;
        if (asprintf(&both, "%s%s", q->done ? q->done : "", j->done) < 0)
            hn__must(NULL);
        free(q->done);
        q->done = both;
    }
    free(q->what);
    q->what = j->what;
    j->what = NULL;
    q->count += j->count;
    job_free(j);
    return 1;
}

void hn__proxy_writer_put(hn__serve *s, char *path, char *text, size_t len, char *done,
                          char *what, unsigned long count)
{
    job *j = hn__must(calloc(1, sizeof *j));
    *j = (job){NULL, path, text, len, done, what, count, {0, 0}};
    clock_gettime(CLOCK_MONOTONIC, &j->due);
    j->due.tv_nsec += WRITE_BEHIND_MS * 1000000L;
    if (j->due.tv_nsec >= 1000000000L) {
        j->due.tv_sec++;
        j->due.tv_nsec -= 1000000000L;
    }
    hn__proxy_writer *w = s->writer;
    if (!w) { /* no writer (not started): written here */
        write_job(s, j);
        job_free(j);
        return;
    }
    pthread_mutex_lock(&w->lock);
    /* From the recorder: the recording takes its interaction's place. */
    int in_place = w->held && in_recorder;
    if (in_place) {
        w->held = 0;
        w->n--;
        w->bytes -= w->held_len;
    }
    if (merge(w, j)) {
        if (in_place)
            pthread_cond_broadcast(&w->room);
        pthread_mutex_unlock(&w->lock);
        return;
    }
    if (!in_place)
        wait_room(w, len);
    if (w->tail)
        w->tail->next = j;
    else
        w->head = j;
    w->tail = j;
    w->n++;
    w->bytes += len;
    if (!is_busy(w, j->path)) /* else the thread writing its file takes it next */
        pthread_cond_signal(&w->more);
    pthread_mutex_unlock(&w->lock);
}

void hn__proxy_writer_drain(hn__serve *s)
{
    hn__proxy_writer *w = s->writer;
    if (!w)
        return;
    pthread_mutex_lock(&w->lock); /* first every interaction recorded */
    w->stopping_recorder = 1;
    pthread_cond_broadcast(&w->made);
    pthread_mutex_unlock(&w->lock);
    if (w->has_recorder)
        pthread_join(w->recorder, NULL);
    pthread_mutex_lock(&w->lock); /* then every recording written */
    w->stopping = 1;
    pthread_cond_broadcast(&w->more);
    pthread_mutex_unlock(&w->lock);
    for (int i = 0; i < w->nthreads; i++)
        pthread_join(w->threads[i], NULL);
    pthread_cond_destroy(&w->more);
    pthread_cond_destroy(&w->room);
    pthread_cond_destroy(&w->made);
    pthread_mutex_destroy(&w->lock);
    free(w);
    s->writer = NULL;
}
