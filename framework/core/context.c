/* SPDX-License-Identifier: MIT */
/* context.c: the running test as the framework sees it, and the verbs a test
 * uses (fail, skip, log). A fatal failure jumps back to exec.c's boundary. */
#include "core/context.h"

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/sys.h"
#include "core/run_options.h"
#include "core/instance.h"

/* The running test's context: in this file's own storage, or where
 * hn__ctx_place put it (a forking process's stack page). */
static hn__ctx_room own_room;
static hn__ctx_room *ctx = &own_room;

void hn__ctx_place(hn__ctx_room *room)
{
    *room = *ctx;
    ctx = room;
}

/* Set on the thread that runs the test. A thread-local flag rather than a
 * pthread_self() to compare: no call into the C library, whose code each
 * test process would fault in (see sys.h). */
static __thread int on_this_thread __attribute__((tls_model("initial-exec")));

HN__TEST_PATH void hn__ctx_enter(hn__outcome *o, const hn__instance *in, const hn__options *opts)
{
    ctx->outcome = o;
    ctx->inst = in;
    ctx->opts = opts;
    on_this_thread = 1;
    ctx->jump = NULL;
    ctx->stop_asked = 0;
    for (int i = 0; i < HN__CTX_CELLS; i++)
        ctx->cells[i] = NULL;
    ctx->in_test = 1;
}

HN__TEST_PATH void **hn__ctx_cell(int which)
{
    return &ctx->cells[which];
}

HN__TEST_PATH void hn__ctx_set_jump(hn__jump_buf *jump)
{
    ctx->jump = jump;
}

HN__TEST_PATH void hn__ctx_leave(void)
{
    ctx->stop_asked = 0;
    ctx->in_test = 0;
    on_this_thread = 0;
    ctx->jump = NULL;
    ctx->inst = NULL;
}

HN__TEST_PATH int hn__ctx_in_test(void)
{
    return ctx->in_test;
}

HN__TEST_PATH hn__outcome *hn__ctx_outcome(void)
{
    return ctx->in_test ? ctx->outcome : NULL;
}

HN__TEST_PATH const struct hn__options *hn__ctx_options(void)
{
    return ctx->opts;
}

const char *hn__ctx_test_name(void)
{
    /* Made from the descriptor: a test process does not have the runner's
     * table of names (see runner/launcher.h). */
    static char name[512];
    if (!ctx->inst)
        return NULL;
    hn__instance_name(ctx->inst->test, ctx->inst->index, name, sizeof name);
    return name;
}

HN__TEST_PATH const char *hn__ctx_test_file(void)
{
    return ctx->inst ? ctx->inst->test->file : NULL;
}

HN__TEST_PATH const struct hn__instance *hn__ctx_instance(void)
{
    return ctx->inst;
}

const void *hn__param(void)
{
    return ctx->inst ? ctx->inst->param : NULL;
}

static int on_test_thread(void)
{
    return ctx->in_test && ctx->jump && on_this_thread;
}

/* hn__ctx_guarded's boundary, the thread it was set on, and whether a
 * failure was reported behind it. */
static sigjmp_buf *outside_jump;
static __thread int on_guarded_thread;
static int outside_failed;

static int guarded(void)
{
    return !ctx->in_test && outside_jump && on_guarded_thread;
}

int hn__ctx_guarded(void (*fn)(void *), void *arg)
{
    sigjmp_buf here;
    sigjmp_buf *volatile prev = outside_jump;
    volatile int was_guarded = on_guarded_thread;
    volatile int was_failed = outside_failed;
    int rc = 0;
    if (sigsetjmp(here, 1))
        rc = -1;
    else {
        outside_jump = &here;
        on_guarded_thread = 1;
        outside_failed = 0;
        fn(arg);
        rc = outside_failed ? -1 : 0;
    }
    outside_jump = prev;
    on_guarded_thread = was_guarded;
    outside_failed = was_failed;
    return rc;
}

void hn__ctx_stop(void)
{
    if (on_test_thread())
        HN__JUMP_TO(*ctx->jump);
    if (ctx->in_test && !on_this_thread) {
        /* A thread the code under test started: the failure is recorded;
         * this thread ends, the test goes on and fails. */
        pthread_exit(NULL);
    }
    if (guarded())
        siglongjmp(*outside_jump, 1);
    if (!ctx->in_test)
        exit(2); /* the failure was reported outside any test */
    /* The test's thread with no boundary to jump to (exec.c keeps one from
     * setup to cleanup): nothing can end the test cleanly. */
    static const char msg[] = "honest: a fatal failure where the test cannot be stopped\n";
    if (write(2, msg, sizeof msg - 1) < 0) {
    }
    abort();
}

void hn__ctx_abort(void)
{
    hn__ctx_stop();
}

int hn__ctx_interrupt(void)
{
    if (!ctx->in_test || !ctx->jump)
        return 0;
    /* Only stores: this runs in a signal handler, on any thread. Jumping
     * from here could leave the locks of malloc or stdio held. */
    if (ctx->outcome)
        ctx->outcome->timed_out_soft = 1;
    ctx->stop_asked = 1;
    return 1;
}

/* A safe point: the test's thread is in honest's code, called by the test,
 * not inside the C library. Ends the test when a timeout asked for it. */
HN__TEST_PATH static void stop_if_asked(void)
{
    if (ctx->stop_asked && on_test_thread()) {
        ctx->stop_asked = 0;
        HN__JUMP_TO(*ctx->jump);
    }
}

HN__TEST_PATH void hn__ctx_count(const char *file, int line)
{
    stop_if_asked();
    hn__outcome *o = ctx->outcome;
    if (!ctx->in_test || !o)
        return;
    __atomic_add_fetch(&o->asserts, 1, __ATOMIC_RELAXED);
    /* Atomics: assertions may run on several threads at once. */
    __atomic_store_n(&o->last_file, file, __ATOMIC_RELAXED);
    __atomic_store_n(&o->last_line, line, __ATOMIC_RELAXED);
}

static void record(hn__event_kind kind, const char *file, int line, const char *fmt,
                   va_list ap)
{
    stop_if_asked();
    hn__buf b = {0};
    hn__buf_vprintf(&b, fmt, ap);
    if (ctx->in_test && ctx->outcome) {
        hn__outcome_add(ctx->outcome, kind, file, line, hn__buf_str(&b), b.len);
    } else {
        /* Outside any test (a constructor, main): nowhere to record it. */
        fprintf(stderr, "%s:%d: %s (outside a test)\n", file ? file : "?", line,
                hn__buf_str(&b));
        if (kind == HN__EV_FAIL && guarded()) {
            outside_failed = 1; /* hn__ctx_guarded returns -1 */
        } else if (kind == HN__EV_FAIL) {
            hn__buf_free(&b);
            exit(2);
        }
    }
    hn__buf_free(&b);
}

void hn__ctx_vfail(const char *file, int line, const char *fmt, va_list ap)
{
    record(HN__EV_FAIL, file, line, fmt, ap);
}

void hn__ctx_fail_raw(const char *file, int line, const char *text, size_t len)
{
    if (ctx->in_test && ctx->outcome) {
        hn__outcome_add(ctx->outcome, HN__EV_FAIL, file, line, text, len);
        return;
    }
    if (write(2, text, len) < 0 || write(2, " (outside a test)\n", 18) < 0) {
    }
    if (guarded()) {
        outside_failed = 1;
        return;
    }
    _exit(2);
}

void hn__ctx_fail_soft(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    record(HN__EV_FAIL, file, line, fmt, ap);
    va_end(ap);
}

void hn__ctx_fail_fatal(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    record(HN__EV_FAIL, file, line, fmt, ap);
    va_end(ap);
    hn__ctx_stop();
}

void hn__ctx_event(hn__event_kind kind, const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    record(kind, file, line, fmt, ap);
    va_end(ap);
}

HN__TEST_PATH void hn__ctx_stat(hn__stat which, uint32_t n)
{
    if (ctx->in_test && ctx->outcome && (unsigned)which < HN__STAT_COUNT)
        __atomic_add_fetch(&ctx->outcome->stats[which], n, __ATOMIC_RELAXED);
}

void hn__fail(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    hn__ctx_count(file, line);
    record(HN__EV_FAIL, file, line, fmt, ap);
    va_end(ap);
    hn__ctx_stop();
}

void hn__skip(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    record(HN__EV_SKIP, file, line, fmt, ap);
    va_end(ap);
    if (ctx->in_test && ctx->outcome)
        ctx->outcome->skipped = 1;
    hn__ctx_stop();
}

void hn__log(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    record(HN__EV_LOG, file, line, fmt, ap);
    va_end(ap);
}
