/* SPDX-License-Identifier: MIT */
/* isolate_here.c: --no-fork: a test run in the runner's own process, its
 * time limit, and a test that calls exit(). */
#include "base/platform.h"
#include "runner/isolate_impl.h"

#include <signal.h>
#include <stdint.h>
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

/* --no-fork timeouts. The handler only asks the test to stop at its next
 * safe point (hn__ctx_interrupt): jumping out of whatever the test was doing
 * could leave the locks of malloc or stdio held, and the next test, or the
 * runner, would hang on them. A test that reaches no safe point within
 * GRACE_MS more cannot be ended safely: the run ends there, with a message
 * written (write(2): all that is safe in a handler) beforehand. The limit and
 * the test's own alarm() or setitimer() share one timer: a SIGALRM before the
 * limit falls due is the test's own, and is reported as such. */
enum { GRACE_MS = 1000 };
static volatile sig_atomic_t alarms, alarm_early;
static volatile uint64_t alarm_due_ns;
static char stuck_msg[1536];
static size_t stuck_len;

static void on_alarm(int sig)
{
    (void)sig;
    if (alarms++ == 0) {
        /* 5 ms of slack: the timer fires at its due time or a little later. */
        alarm_early = hn__timing_now_ns() + 5000000u < alarm_due_ns;
        if (hn__ctx_interrupt()) {
            struct itimerval grace = {{0, 0},
                                      {GRACE_MS / MS_PER_S, (GRACE_MS % MS_PER_S) * US_PER_MS}};
            setitimer(ITIMER_REAL, &grace, NULL);
        }
        return;
    }
    if (!hn__ctx_in_test())
        return;
    size_t at = 0;
    while (at < stuck_len) {
        ssize_t n = write(2, stuck_msg + at, stuck_len - at);
        if (n <= 0)
            break;
        at += (size_t)n;
    }
    _exit(1);
}

/* --no-fork: the test runs here; a timeout stops it at a safe point. */
void hn__isolate_run_here(hn__isolate *p, slot *s)
{
    struct itimerval t = {{0, 0},
                          {s->timeout_ms / MS_PER_S, (s->timeout_ms % MS_PER_S) * US_PER_MS}};
    struct sigaction sa = {0}, old;
    hn__isolate_prepare(s);
    fflush(NULL);
    s->start_ns = hn__timing_now_ns();
    if (s->timeout_ms) {
        int n = snprintf(stuck_msg, sizeof stuck_msg,
                         "honest: %s (%s:%d) timed out after %d ms under --no-fork and "
                         "reached no assertion, check or log within %d ms more, the only "
                         "places where it can be stopped safely in-process (stopping it "
                         "anywhere else could leave malloc or stdio locked); the run ends "
                         "here: this test and the ones after it are not reported, and no "
                         "report file is written. Run without --no-fork to have a hanging "
                         "test killed and the run go on.\n",
                         s->in->name, s->in->test->file, s->in->test->line, s->timeout_ms,
                         GRACE_MS);
        stuck_len = n < 0 ? 0 : (size_t)n < sizeof stuck_msg ? (size_t)n : sizeof stuck_msg - 1;
        alarms = 0;
        alarm_early = 0;
        alarm_due_ns = s->start_ns + (uint64_t)s->timeout_ms * 1000000u;
        sa.sa_handler = on_alarm;
        sigemptyset(&sa.sa_mask);
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

