/* SPDX-License-Identifier: MIT */
/* exec.c: one test's phases in the current process: the parts' reset, setup,
 * body, teardown, the parts' verification and cleanup. */
#include "exec.h"

#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

#include "context.h"
#include "module.h"

/* Set in the child of any fork() made while a test runs (pthread_atfork),
 * so that no getpid() is needed on the way back from the body. */
static volatile int forked_by_test;

static void note_fork(void)
{
    forked_by_test = 1;
}

/* Registered once, before the runner forks anything, so that test processes
 * do not each register it again. */
__attribute__((constructor)) static void watch_forks(void)
{
    pthread_atfork(NULL, NULL, note_fork);
}

/* A process the test forked returns through our frames too: it must not
 * run teardown or verification a second time, nor report. */
static void leave_if_forked(void)
{
    if (forked_by_test) {
        fflush(NULL);
        _exit(0);
    }
}

void hn__exec_test(const hn__instance *in, hn__outcome *o, const hn__options *opts)
{
    sigjmp_buf jump;
    volatile int setup_done = 0;
    const hn_suite *suite = in->suite;

    forked_by_test = 0;

    hn__ctx_enter(o, in, opts);
    hn__ctx_set_jump(&jump);
    hn__module_reset_all();
    if (sigsetjmp(jump, 0) == 0) {
        if (suite && suite->opts.setup)
            suite->opts.setup();
        setup_done = 1;
        in->test->fn(in->param);
    }
    leave_if_forked();
    if (setup_done && suite && suite->opts.teardown) {
        if (sigsetjmp(jump, 0) == 0)
            suite->opts.teardown();
    }
    leave_if_forked();
    if (sigsetjmp(jump, 0) == 0)
        hn__module_verify_all();
    hn__ctx_set_jump(NULL);
    hn__module_cleanup_all();
    hn__ctx_leave();
    o->done = 1;
}
