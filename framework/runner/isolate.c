/* SPDX-License-Identifier: MIT */
/* isolate.c: a test per child process (forked by the launcher), reported
 * through memory shared with the runner and a memfd for its output; or
 * in-process with --no-fork. Turns each run into a result. */
#include "runner/isolate.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/context.h"
#include "runner/exec.h"
#include "runner/launcher.h"
#include "base/platform.h"
#include "base/timing.h"

#define EVENTS_CAP (1u << 20)     /* per test: messages and logs */
#define OUTPUT_SHOWN (1u << 20)   /* captured output kept per test */
/* Tests queued behind the running ones: at least one a job, at least
 * QUEUE_AHEAD in all. The launcher has the next ones at hand, and reports
 * several ends in one message: one wakeup of the runner for several tests. */
#define QUEUE_AHEAD 8
#define MS_PER_S 1000
#define US_PER_MS 1000

typedef struct slot {
    int busy;
    int memfd;
    int dirty;            /* the memfd may hold output of an earlier test */
    hn__outcome *o;
    const hn__instance *in;
    int iteration;
    int timeout_ms;
    const char *variant;  /* --variants: the id this run answers with, or NULL */
    int timed_out;
    uint64_t seq;         /* start order: results are returned in it where possible */
    uint64_t start_ns;    /* --no-fork */
    hn__result *done;     /* --no-fork: finished result waiting to be taken */
} slot;

struct hn__isolate {
    const hn__options *opts;
    void (*exit_fn)(hn__result *r, void *data);
    void *exit_data;
    int nslots;           /* records: the jobs and the tests queued behind them */
    int running_max;      /* tests running at once */
    uint64_t next_seq;
    void *drop;           /* the registry's mapping, unmapped in the launcher */
    size_t drop_len;
    pid_t launcher;       /* 0 until the first forked test */
    int fd;               /* channel to the launcher */
    hn__outcome *records; /* the slots' records, one mapping */
    volatile sig_atomic_t stopping; /* hn__isolate_kill_all was called */
    hn__launch_start *outbox; /* starts not sent yet, sent together by wait */
    int nout;
    hn__launch_done *inbox;   /* one message of reports */
    struct arrival { int slot; uint64_t seq; } *ready; /* reports received, in order */
    int ready_head, ready_len;
    slot slots[];
};

/* Starts the launcher; from then on forks happen there. */
static int ensure_launcher(hn__isolate *p)
{
    if (p->launcher > 0)
        return 0;
    hn__launch_slot *ls = calloc((size_t)p->nslots, sizeof *ls);
    if (!ls)
        return -1;
    for (int i = 0; i < p->nslots; i++)
        ls[i] = (hn__launch_slot){p->slots[i].o, p->slots[i].memfd};
    p->launcher = hn__launcher_spawn(ls, p->nslots, p->running_max, p->opts, p->drop,
                                     p->drop_len, &p->fd);
    free(ls);
    return p->launcher > 0 ? 0 : -1;
}

hn__isolate *hn__isolate_new(const hn__options *o, const hn__registry *reg)
{
    int jobs = o->no_fork ? 1 : (o->jobs > 0 ? o->jobs : 1);
    /* Queueing ahead hides the runner's own work behind the next test; with
     * --fail-fast nothing may start after a failure, so nothing is queued. */
    int n = (o->no_fork || o->fail_fast) ? jobs : jobs + (jobs > QUEUE_AHEAD ? jobs : QUEUE_AHEAD);
    hn__isolate *p = calloc(1, sizeof *p + (size_t)n * sizeof(slot));
    if (!p)
        return NULL;
    p->opts = o;
    p->nslots = n;
    p->running_max = jobs;
    p->drop = reg ? reg->arena : NULL;
    p->drop_len = reg ? reg->arena_size : 0;
    p->fd = -1;
    p->outbox = calloc((size_t)n, sizeof *p->outbox);
    p->inbox = calloc((size_t)n, sizeof *p->inbox);
    p->ready = calloc((size_t)n, sizeof *p->ready);
    if (!p->outbox || !p->inbox || !p->ready) {
        hn__isolate_free(p);
        return NULL;
    }
    p->records = hn__outcome_new(n, EVENTS_CAP);
    for (int i = 0; i < n; i++) {
        slot *s = &p->slots[i];
        s->o = p->records ? hn__outcome_nth(p->records, i) : NULL;
        s->memfd = hn__platform_memfd("honest-output");
        if (!s->o || s->memfd < 0) {
            hn__isolate_free(p);
            return NULL;
        }
    }
    /* Fork the launcher now, while this process is small. */
    if (!o->no_fork && ensure_launcher(p) != 0) {
        perror("honest: starting the test launcher");
        hn__isolate_free(p);
        return NULL;
    }
    return p;
}

int hn__isolate_idle(const hn__isolate *p)
{
    int idle = 0;
    for (int i = 0; i < p->nslots; i++)
        idle += !p->slots[i].busy;
    return idle;
}

static int must_fork(const hn__instance *in)
{
    return in->test->opts.expect_signal || in->test->opts.expect_exit;
}

/* A new result for the test of slot s. */
static hn__result *new_result(const slot *s)
{
    hn__result *r = hn__result_new(s->in, s->iteration);
    r->variant = s->variant;
    return r;
}

/* Writes what the test process needs to know before it starts into its
 * record (emptied): its time limit and the variant it answers with. */
static void prepare(slot *s)
{
    hn__outcome_reset(s->o);
    s->o->time_limit_ms = s->timeout_ms;
    if (s->variant)
        snprintf(s->o->variant, sizeof s->o->variant, "%s", s->variant);
}

/* A result for a test that could not be started (taken by the next wait). */
static hn__result *start_failed(slot *s, int err)
{
    char msg[256];
    hn__result *r = new_result(s);
    r->status = HN__FAILED;
    snprintf(msg, sizeof msg, "the test could not be started: %s", strerror(err));
    hn__result_msg(r, HN__EV_FAIL, s->in->test->file, s->in->test->line, msg);
    return r;
}

static void start_forked(hn__isolate *p, slot *s)
{
    prepare(s);
    if (s->dirty && (ftruncate(s->memfd, 0) != 0 || lseek(s->memfd, 0, SEEK_SET) != 0))
        perror("honest: resetting the output capture");
    s->dirty = 0;
    if (ensure_launcher(p) != 0) {
        s->done = start_failed(s, errno);
        return;
    }
    p->outbox[p->nout++] =
        (hn__launch_start){(int)(s - p->slots), s->timeout_ms, *s->in, *s->in->test};
}

/* Sends the starts made since the last wait, in one message. After
 * hn__isolate_kill_all they are dropped: their slots are freed unreported. */
static void send_starts(hn__isolate *p)
{
    if (p->nout == 0)
        return;
    ssize_t len = (ssize_t)((size_t)p->nout * sizeof *p->outbox), sent = -1;
    if (!p->stopping)
        while ((sent = send(p->fd, p->outbox, (size_t)len, MSG_NOSIGNAL)) < 0 && errno == EINTR)
            ;
    int err = sent < 0 ? errno : EPROTO;
    for (int i = 0; i < p->nout && sent != len; i++) {
        slot *s = &p->slots[p->outbox[i].slot];
        if (p->stopping)
            s->busy = 0;
        else
            s->done = start_failed(s, err);
    }
    p->nout = 0;
}

static void where(char *buf, size_t n, const hn__outcome *o)
{
    if (o->last_file)
        snprintf(buf, n, "last assertion reached: %s:%d", o->last_file, o->last_line);
    else
        snprintf(buf, n, "no assertion was reached");
}

/* The in-process test running now (--no-fork), for on_test_exit. */
static hn__isolate *here_pool;
static slot *here_slot;

static void on_test_exit(int status, void *arg)
{
    (void)arg;
    hn__isolate *p = here_pool;
    slot *s = here_slot;
    if (!p || !s)
        return;
    here_slot = NULL;
    fflush(NULL);
    hn__result *r = new_result(s);
    char at[512], msg[1024];
    where(at, sizeof at, s->o);
    r->status = HN__FAILED;
    r->exit_code = status;
    snprintf(msg, sizeof msg,
             "the test called exit(%d) in --no-fork mode, which ends the run; %s", status, at);
    hn__result_msg(r, HN__EV_FAIL, s->in->test->file, s->in->test->line, msg);
    hn__result_from_outcome(r, s->o, p->opts->strict);
    if (p->exit_fn)
        p->exit_fn(r, p->exit_data);
    fflush(NULL);
    _exit(1);
}

void hn__isolate_on_exit(hn__isolate *p, void (*fn)(hn__result *r, void *data), void *data)
{
    p->exit_fn = fn;
    p->exit_data = data;
}

static void on_alarm(int sig)
{
    (void)sig;
    hn__ctx_interrupt();
}

/* --no-fork: the test runs here; a timeout interrupts it from SIGALRM. */
static void run_here(hn__isolate *p, slot *s)
{
    struct itimerval t = {{0, 0},
                          {s->timeout_ms / MS_PER_S, (s->timeout_ms % MS_PER_S) * US_PER_MS}};
    struct sigaction sa = {0}, old;
    prepare(s);
    fflush(NULL);
    s->start_ns = hn__timing_now_ns();
    if (s->timeout_ms) {
        sa.sa_handler = on_alarm;
        /* The handler leaves by siglongjmp without restoring the signal
         * mask: SIGALRM must not be blocked while it runs, or it would stay
         * blocked and the next test's time limit would never fire. */
        sa.sa_flags = SA_NODEFER;
        sigaction(SIGALRM, &sa, &old);
        setitimer(ITIMER_REAL, &t, NULL);
    }
    static int hooked;
    if (!hooked++)
        hn__platform_on_exit(on_test_exit, NULL);
    here_pool = p;
    here_slot = s;
    hn__exec_test(s->in, s->o, p->opts);
    here_slot = NULL;
    if (s->timeout_ms) {
        struct itimerval off = {{0, 0}, {0, 0}};
        setitimer(ITIMER_REAL, &off, NULL);
        sigaction(SIGALRM, &old, NULL);
    }
    fflush(NULL);
    hn__result *r = new_result(s);
    r->duration_ns = hn__timing_now_ns() - s->start_ns;
    if (s->o->timed_out_soft) {
        char at[512], msg[1024];
        where(at, sizeof at, s->o);
        r->status = HN__TIMED_OUT;
        snprintf(msg, sizeof msg, "timed out after %d ms (interrupted in-process); %s",
                 s->timeout_ms, at);
        hn__result_msg(r, HN__EV_FAIL, s->in->test->file, s->in->test->line, msg);
    }
    hn__result_from_outcome(r, s->o, p->opts->strict);
    s->done = r;
}

/* Takes a free slot for `in`; NULL when none is free. */
static slot *claim(hn__isolate *p, const hn__instance *in, int iteration, int timeout_ms,
                   const char *variant)
{
    slot *s = NULL;
    for (int i = 0; i < p->nslots && !s; i++)
        if (!p->slots[i].busy)
            s = &p->slots[i];
    if (!s)
        return NULL;
    s->busy = 1;
    s->seq = p->next_seq++;
    s->in = in;
    s->iteration = iteration;
    s->timeout_ms = timeout_ms;
    s->variant = variant;
    s->timed_out = 0;
    s->done = NULL;
    return s;
}

void hn__isolate_start(hn__isolate *p, const hn__instance *in, int iteration, int timeout_ms,
                       const char *variant)
{
    slot *s = claim(p, in, iteration, timeout_ms, variant);
    if (!s)
        return;
    if (p->opts->no_fork && !must_fork(in))
        run_here(p, s);
    else
        start_forked(p, s);
}

void hn__isolate_skip(hn__isolate *p, const hn__instance *in, int iteration, const char *why)
{
    slot *s = claim(p, in, iteration, 0, NULL);
    if (!s)
        return;
    hn__result *r = hn__result_new(in, iteration);
    r->status = HN__SKIPPED;
    hn__result_msg(r, HN__EV_SKIP, in->test->file, in->test->line, why);
    s->done = r;
}

static void read_output(slot *s, hn__result *r)
{
    struct stat st;
    if (fstat(s->memfd, &st) != 0 || st.st_size <= 0)
        return;
    s->dirty = 1;
    size_t n = (size_t)st.st_size < OUTPUT_SHOWN ? (size_t)st.st_size : OUTPUT_SHOWN;
    r->output = malloc(n + 1);
    if (!r->output)
        return;
    ssize_t got = pread(s->memfd, r->output, n, 0);
    r->output_len = got > 0 ? (size_t)got : 0;
    r->output[r->output_len] = '\0';
    if ((size_t)st.st_size > n)
        hn__result_msg(r, HN__EV_WARN, NULL, 0, "output truncated to the first 1 MiB");
}

/* Decides the status from how the child ended; leaves it unset (-1) when
 * the test's own record decides. */
static void judge(slot *s, int status, hn__result *r)
{
    const hn_test_opts *t = &s->in->test->opts;
    const char *file = s->in->test->file;
    int line = s->in->test->line;
    char at[512], msg[1024];
    where(at, sizeof at, s->o);
    if (s->timed_out) {
        r->status = HN__TIMED_OUT;
        snprintf(msg, sizeof msg, "timed out after %d ms; %s", s->timeout_ms, at);
        hn__result_msg(r, HN__EV_FAIL, file, line, msg);
    } else if (WIFSIGNALED(status)) {
        int sig = WTERMSIG(status);
        r->signal = sig;
        if (t->expect_signal == sig) {
            s->o->asserts++;
            return;
        }
        r->status = HN__CRASHED;
        if (t->expect_signal)
            snprintf(msg, sizeof msg, "crashed with %s (%s), expected %s; %s",
                     hn__signal_name(sig), strsignal(sig),
                     hn__signal_name(t->expect_signal), at);
        else
            snprintf(msg, sizeof msg, "crashed with %s (%s); %s", hn__signal_name(sig),
                     strsignal(sig), at);
        hn__result_msg(r, HN__EV_FAIL, file, line, msg);
    } else if (WIFEXITED(status)) {
        int code = WEXITSTATUS(status);
        if (s->o->done) {
            if (!t->expect_signal && !t->expect_exit)
                return;
            r->status = HN__FAILED;
            if (t->expect_signal)
                snprintf(msg, sizeof msg, "expected the test to die of %s, but it returned",
                         hn__signal_name(t->expect_signal));
            else
                snprintf(msg, sizeof msg, "expected the test to exit with status %d, but it returned",
                         t->expect_exit);
            hn__result_msg(r, HN__EV_FAIL, file, line, msg);
            return;
        }
        r->exit_code = code;
        if (t->expect_exit && code == t->expect_exit) {
            s->o->asserts++;
            return;
        }
        r->status = HN__FAILED;
        snprintf(msg, sizeof msg, "the test exited with status %d before it ended%s; %s", code,
                 t->expect_exit ? " (expected another status)" : "", at);
        hn__result_msg(r, HN__EV_FAIL, file, line, msg);
    }
}

static hn__result *finish(hn__isolate *p, slot *s, const hn__launch_done *d)
{
    if (d->status == -1)
        return start_failed(s, d->err);
    hn__result *r = new_result(s);
    r->duration_ns = d->duration_ns;
    s->timed_out = d->timed_out;
    read_output(s, r);
    judge(s, d->status, r);
    hn__result_from_outcome(r, s->o, p->opts->strict);
    return r;
}

/* A result already made (--no-fork, a declared skip, a test that could not
 * start), unless a test started before it still runs: results then keep
 * the order tests started in (always, with one job). */
static hn__result *take_done(hn__isolate *p)
{
    slot *first = NULL;
    for (int i = 0; i < p->nslots; i++) {
        slot *s = &p->slots[i];
        if (s->busy && (!first || s->seq < first->seq))
            first = s;
    }
    if (!first || !first->done)
        return NULL;
    hn__result *r = first->done;
    first->done = NULL;
    first->busy = 0;
    return r;
}

/* The launcher died: every running test ends with an explanation. */
static hn__result *launcher_lost(hn__isolate *p)
{
    for (int i = 0; i < p->nslots; i++)
        if (p->slots[i].busy && !p->slots[i].done)
            p->slots[i].done = start_failed(&p->slots[i], EPIPE);
    return take_done(p);
}

/* The result of the earliest report received and not handed out yet (a
 * report may have been handed out already, in start order, by take_done). */
static hn__result *take_arrived(hn__isolate *p)
{
    while (p->ready_len > 0) {
        struct arrival a = p->ready[p->ready_head];
        p->ready_head = (p->ready_head + 1) % p->nslots;
        p->ready_len--;
        slot *s = &p->slots[a.slot];
        if (s->busy && s->seq == a.seq && s->done) {
            hn__result *r = s->done;
            s->done = NULL;
            s->busy = 0;
            return r;
        }
    }
    return NULL;
}

/* Results come in start order where the tests' ends allow (always with one
 * job); with several jobs, a test that ends early is not held back behind
 * one still running. */
hn__result *hn__isolate_wait(hn__isolate *p)
{
    for (;;) {
        hn__result *r = take_done(p);
        if (!r)
            r = take_arrived(p);
        if (r)
            return r;
        send_starts(p);
        if (hn__isolate_idle(p) == p->nslots)
            return NULL;
        if ((r = take_done(p)))
            return r; /* a start that failed */
        ssize_t got;
        while ((got = recv(p->fd, p->inbox, (size_t)p->nslots * sizeof *p->inbox, 0)) < 0 &&
               errno == EINTR)
            ;
        if (got <= 0 || got % (ssize_t)sizeof *p->inbox != 0)
            return launcher_lost(p);
        /* Each report's result is made now, before its slot takes another
         * test (the slot stays busy until the result is handed out). */
        for (ssize_t i = 0; i < got / (ssize_t)sizeof *p->inbox; i++) {
            const hn__launch_done *d = &p->inbox[i];
            if (d->slot < 0 || d->slot >= p->nslots || !p->slots[d->slot].busy ||
                p->slots[d->slot].done)
                continue;
            slot *s = &p->slots[d->slot];
            s->done = finish(p, s, d);
            p->ready[(p->ready_head + p->ready_len) % p->nslots] =
                (struct arrival){d->slot, s->seq};
            p->ready_len++;
        }
    }
}

void hn__isolate_kill_all(hn__isolate *p)
{
    /* The launcher kills its children when it is told to stop. */
    if (!p)
        return;
    p->stopping = 1;
    if (p->launcher > 0)
        kill(p->launcher, SIGTERM);
}

void hn__isolate_free(hn__isolate *p)
{
    if (!p)
        return;
    if (p->launcher > 0) {
        close(p->fd); /* the launcher sees the end and exits */
        while (waitpid(p->launcher, NULL, 0) < 0 && errno == EINTR)
            ;
    }
    for (int i = 0; i < p->nslots; i++) {
        if (p->slots[i].memfd > 0)
            close(p->slots[i].memfd);
        hn__result_free(p->slots[i].done);
    }
    hn__outcome_free(p->records);
    free(p->outbox);
    free(p->inbox);
    free(p->ready);
    free(p);
}
