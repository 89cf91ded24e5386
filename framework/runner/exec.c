/* SPDX-License-Identifier: MIT */
/* exec.c: one test's phases in the current process: the parts' reset, setup,
 * body, teardown, the parts' verification and cleanup. */
#include "runner/exec.h"

#include <stdio.h>
#include <unistd.h>

#include "base/buf.h"
#include "core/audit.h"
#include "core/context.h"
#include "core/module.h"
#include "base/sys.h"

static long pid_now(void)
{
    return hn__sys_call(SYS_getpid, 0, 0, 0, 0);
}

/* A process the test forked returns through our frames too: it must not
 * run teardown or verification a second time, nor report. test_process is
 * the process the test runs in (a local of hn__exec_test: a static would
 * be one more page each test process copies when it first writes it). */
static void leave_if_forked(long test_process)
{
    if (pid_now() != test_process) {
        fflush(NULL);
        _exit(0);
    }
}

/* --audit: what the test asserted, for "tests that asserted nothing". */
static void audit_test(const hn__instance *in, const hn__outcome *o)
{
    hn__buf b = {0};
    hn__buf_printf(&b, "\"assertions\":%llu,\"failed\":%s,\"skipped\":%s",
                   (unsigned long long)o->asserts, o->failed ? "true" : "false",
                   o->skipped ? "true" : "false");
    /* Where the test is written: `honest audit` looks there (and beside it)
     * for canned data the run cannot see, such as hand-rolled stubs. */
    if (in->test->file) {
        hn__buf_puts(&b, ",\"file\":");
        hn__buf_quote_json(&b, in->test->file);
    }
    hn__audit_emit("test", &b);
    hn__buf_free(&b);
}

HN__TEST_PATH void hn__exec_test(const hn__instance *in, hn__outcome *o, const hn__options *opts)
{
    hn__jump_buf jump;
    volatile int setup_done = 0;
    const hn_suite *suite = in->suite;
    const long test_process = pid_now();
    o->started = 1; /* the runner tells "not run" from "did not finish" by it */

    hn__ctx_enter(o, in, opts);
    hn__ctx_set_jump(&jump);
    hn__module_reset_all();
    if (HN__JUMP_SET(jump) == 0) {
        if (suite && suite->opts.setup)
            suite->opts.setup();
        setup_done = 1;
        in->test->fn(in->param);
    }
    leave_if_forked(test_process);
    if (setup_done && suite && suite->opts.teardown) {
        if (HN__JUMP_SET(jump) == 0)
            suite->opts.teardown();
        leave_if_forked(test_process); /* only a teardown that ran can fork */
    }
    if (HN__JUMP_SET(jump) == 0)
        hn__module_verify_all();
    if (hn__audit_file())
        audit_test(in, o);
    /* A fatal failure in a part's cleanup lands here: the next parts still
     * clean up (hn__module_cleanup_all goes on where it stopped). */
    (void)HN__JUMP_SET(jump);
    hn__module_cleanup_all();
    hn__ctx_set_jump(NULL);
    hn__ctx_leave();
    o->done = 1;
}
