/* SPDX-License-Identifier: MIT */
/* isolate.c: a test per child process (forked by the launcher), reported
 * through memory shared with the runner and a memfd for its output; or
 * in-process with --no-fork. Turns each run into a result. */
#include "runner/isolate.h"
#include "runner/isolate_impl.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
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
#include "runner/capture.h"
#include "runner/exec.h"
#include "runner/launcher.h"
#include "base/platform.h"
#include "base/timing.h"

#define EVENTS_CAP (1u << 20)     /* per test: messages and logs */
/* Tests queued behind the running ones: at least one a job, at least
 * QUEUE_AHEAD in all. The launcher has the next ones at hand, and reports
 * several ends in one message when half of them are left: one wakeup of the
 * runner for several tests, and time for a runner that waits to be
 * scheduled to queue more before the launcher runs out. */
#define QUEUE_AHEAD 16

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

hn__result *hn__isolate_new_result(const slot *s)
{
    hn__result *r = hn__result_new(s->in, s->iteration);
    r->variant = s->variant;
    return r;
}

/* Writes what the test process needs to know before it starts into its
 * record (emptied): its time limit and the variant it answers with. */
void hn__isolate_prepare(slot *s)
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
    hn__result *r = hn__isolate_new_result(s);
    r->status = HN__FAILED;
    snprintf(msg, sizeof msg, "the test could not be started: %s", strerror(err));
    hn__result_msg(r, HN__EV_FAIL, s->in->test->file, s->in->test->line, msg);
    return r;
}


/* Notes why the launcher is gone (once): it closed its end of the channel,
 * so it has exited or is about to; its status says how. */
static void note_lost(hn__isolate *p)
{
    if (p->lost[0])
        return;
    int st = 0;
    pid_t w = 0;
    for (int i = 0; i < 200 && (w = waitpid(p->launcher, &st, WNOHANG)) == 0; i++)
        poll(NULL, 0, 5); /* not usleep: the fake clock of doubles/ defines it, and
                             a reference would link that module into every test
                             program (with its own time(), clock_gettime() ...) */
    char how[64];
    if (w == p->launcher && WIFSIGNALED(st))
        snprintf(how, sizeof how, "was killed by %s", hn__signal_name(WTERMSIG(st)));
    else if (w == p->launcher)
        snprintf(how, sizeof how, "exited with status %d", WEXITSTATUS(st));
    else
        snprintf(how, sizeof how, "stopped answering");
    if (w == p->launcher)
        p->launcher = -1; /* reaped */
    snprintf(p->lost, sizeof p->lost,
             "the test launcher (the process that forks each test) %s; a test that signals "
             "its parent process (getppid()) reaches it",
             how);
}

/* A result for a test the launcher's end left without one: not started, or
 * started and not finished. */
static hn__result *not_run(slot *s, const char *why, int started)
{
    char msg[512], at[256];
    hn__result *r = hn__result_new(s->in, s->iteration);
    r->status = HN__FAILED;
    if (started) {
        hn__isolate_where(at, sizeof at, s->o);
        snprintf(msg, sizeof msg, "did not run to its end: %s; %s", why, at);
    } else {
        snprintf(msg, sizeof msg, "not run: %s", why);
    }
    hn__result_msg(r, HN__EV_FAIL, s->in->test->file, s->in->test->line, msg);
    return r;
}

static void start_forked(hn__isolate *p, slot *s)
{
    hn__isolate_prepare(s);
    if (s->dirty && (ftruncate(s->memfd, 0) != 0 || lseek(s->memfd, 0, SEEK_SET) != 0))
        perror("honest: resetting the output capture");
    s->dirty = 0;
    if (p->lost[0]) {
        s->done = not_run(s, p->lost, 0);
        return;
    }
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
    if (sent < 0 && err == EPIPE && !p->stopping)
        note_lost(p);
    for (int i = 0; i < p->nout && sent != len; i++) {
        slot *s = &p->slots[p->outbox[i].slot];
        if (p->stopping)
            s->busy = 0;
        else if (p->lost[0])
            s->done = not_run(s, p->lost, 0);
        else
            s->done = start_failed(s, err);
    }
    p->nout = 0;
}

void hn__isolate_where(char *buf, size_t n, const hn__outcome *o)
{
    const char *file = __atomic_load_n(&o->last_file, __ATOMIC_RELAXED);
    if (file)
        snprintf(buf, n, "last assertion reached: %s:%d", file,
                 __atomic_load_n(&o->last_line, __ATOMIC_RELAXED));
    else
        snprintf(buf, n, "no assertion was reached");
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
        hn__isolate_run_here(p, s);
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

/* Decides the status from how the child ended; leaves it unset (-1) when
 * the test's own record decides. */
static void judge(slot *s, int status, hn__result *r)
{
    const hn_test_opts *t = &s->in->test->opts;
    const char *file = s->in->test->file;
    int line = s->in->test->line;
    char at[512] = {0}, msg[1024];
    /* Where the test got to, for the messages below: made only when one is
     * (a test that ends well, the rule, needs none). */
    if (s->timed_out || WIFSIGNALED(status) || (WIFEXITED(status) && !s->o->done))
        hn__isolate_where(at, sizeof at, s->o);
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
    hn__result *r = hn__isolate_new_result(s);
    r->duration_ns = d->duration_ns;
    s->timed_out = d->timed_out;
    if (hn__capture_read(s->memfd, r))
        s->dirty = 1;
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

/* The launcher died. A test whose record says it ran to its end keeps its
 * result (the launcher may have held its report back, or died before
 * sending it); the others end with the reason. */
static hn__result *launcher_lost(hn__isolate *p)
{
    note_lost(p);
    for (int i = 0; i < p->nslots; i++) {
        slot *s = &p->slots[i];
        if (!s->busy || s->done)
            continue;
        if (s->o->done) {
            s->done = finish(p, s, &(hn__launch_done){i, 0, 0, 0, 0});
            hn__result_msg(s->done, HN__EV_WARN, NULL, 0,
                           "reported from the test's own record: the test launcher ended "
                           "before it said how the test's process ended");
        } else {
            s->done = not_run(s, p->lost, s->o->started);
        }
    }
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
    if (p->fd >= 0 && p->launcher <= 0)
        close(p->fd); /* the launcher is gone and reaped */
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
