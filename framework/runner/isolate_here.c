/* SPDX-License-Identifier: MIT */
/* isolate_here.c: --no-fork: a test run in the runner's own process, its
 * time limit, and a test that calls exit(). */
#include "runner/isolate_impl.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include "base/timing.h"
#include "core/context.h"
#include "runner/exec.h"

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
    hn__result *r = hn__isolate_new_result(s);
    char at[512], msg[1024];
    hn__isolate_where(at, sizeof at, s->o);
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

/* --no-fork: when the time limit of the test running here falls due, and
 * whether a SIGALRM came before it. The limit and the test's own alarm() or
 * setitimer() share one timer: a test that sets its own replaces the limit,
 * and its alarm must not be reported as the limit. */
static volatile uint64_t alarm_due_ns;
static volatile sig_atomic_t alarm_early;

static void on_alarm(int sig)
{
    (void)sig;
    /* 5 ms of slack: the timer fires at its due time or a little later. */
    alarm_early = hn__timing_now_ns() + 5000000u < alarm_due_ns;
    hn__ctx_interrupt();
}

/* --no-fork: the test runs here; a timeout interrupts it from SIGALRM. */
void hn__isolate_run_here(hn__isolate *p, slot *s)
{
    struct itimerval t = {{0, 0}, {s->timeout_ms / 1000, (s->timeout_ms % 1000) * 1000}};
    struct sigaction sa = {0}, old;
    hn__isolate_prepare(s);
    fflush(NULL);
    s->start_ns = hn__timing_now_ns();
    if (s->timeout_ms) {
        sa.sa_handler = on_alarm;
        /* The handler leaves by siglongjmp without restoring the signal
         * mask: SIGALRM must not be blocked while it runs, or it would stay
         * blocked and the next test's time limit would never fire. */
        sa.sa_flags = SA_NODEFER;
        alarm_early = 0;
        alarm_due_ns = s->start_ns + (uint64_t)s->timeout_ms * 1000000u;
        sigaction(SIGALRM, &sa, &old);
        setitimer(ITIMER_REAL, &t, NULL);
    }
    static int hooked;
    if (!hooked++)
        on_exit(on_test_exit, NULL);
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
    hn__result *r = hn__isolate_new_result(s);
    r->duration_ns = hn__timing_now_ns() - s->start_ns;
    if (s->o->timed_out_soft && alarm_early) {
        char at[512], msg[1024];
        hn__isolate_where(at, sizeof at, s->o);
        r->status = HN__CRASHED;
        r->signal = SIGALRM;
        snprintf(msg, sizeof msg,
                 "interrupted by SIGALRM after %llu ms, before its time limit of %d ms: the "
                 "test's own alarm() or setitimer() (with --no-fork the time limit uses that "
                 "timer, and the test's call replaced it); %s",
                 (unsigned long long)(r->duration_ns / 1000000u), s->timeout_ms, at);
        hn__result_msg(r, HN__EV_FAIL, s->in->test->file, s->in->test->line, msg);
    } else if (s->o->timed_out_soft) {
        char at[512], msg[1024];
        hn__isolate_where(at, sizeof at, s->o);
        r->status = HN__TIMED_OUT;
        snprintf(msg, sizeof msg, "timed out after %d ms (interrupted in-process); %s",
                 s->timeout_ms, at);
        hn__result_msg(r, HN__EV_FAIL, s->in->test->file, s->in->test->line, msg);
    }
    hn__result_from_outcome(r, s->o, p->opts->strict);
    s->done = r;
}

