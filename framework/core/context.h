/* SPDX-License-Identifier: MIT */
/* context.h: the running test, as the rest of the framework sees it: record a
 * failure, a warning, a log line or an assertion, and ask whether a test runs. */
/* The component framework/core/: the running test as every component sees it:
 * failures, events, value printing, per-test modules. It uses base, json
 * (framework/LAYERS); this is its main header. */
#ifndef HN_CONTEXT_H
#define HN_CONTEXT_H

#include <setjmp.h>
#include <stdarg.h>
#include "core/outcome.h"

struct hn__instance;
struct hn__options;

/* True while a test's setup, body, teardown or verification runs. */
int hn__ctx_in_test(void);
/* The record of the running test, or NULL outside a test. */
hn__outcome *hn__ctx_outcome(void);
/* Counts an assertion, check or verification and remembers where it was. */
void hn__ctx_count(const char *file, int line);
/* Records a failure. fatal: on the test's own thread, ends the test (jumps
 * back to the runner); on other threads the failure is recorded only. */
void hn__ctx_fail(int fatal, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void hn__ctx_vfail(int fatal, const char *file, int line, const char *fmt,
                   va_list ap) __attribute__((format(printf, 4, 0)));
/* Records an event of any kind with printf-style text. */
void hn__ctx_event(hn__event_kind kind, const char *file, int line,
                   const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Adds n to one of the summary counters of the running test. */
void hn__ctx_stat(hn__stat which, uint32_t n);
/* After a fatal failure was recorded: on the test's own thread, ends the
 * test (jumps back to the runner); elsewhere, returns. */
void hn__ctx_stop(void);
/* Ends the running test now as failed (after a fatal failure was recorded).
 * Only valid on the test's thread. */
void hn__ctx_abort(void) __attribute__((noreturn));
/* The options of the run (see options.h), for modules that need them. */
const struct hn__options *hn__ctx_options(void);
/* The source file of the running test (for resolving relative paths). */
const char *hn__ctx_test_file(void);
/* The name of the running test ("suite.name", or "suite.name/CASE"), or NULL
 * outside a test. */
const char *hn__ctx_test_name(void);
/* The running test instance, or NULL outside a test. In a forked test its
 * descriptor is a copy: compare its fields (name, file), not its address. */
const struct hn__instance *hn__ctx_instance(void);

/* Plumbing for exec.c, which runs the test: enter and leave the context and
 * set the boundary a fatal failure jumps back to. */
void hn__ctx_enter(hn__outcome *o, const struct hn__instance *in,
                   const struct hn__options *opts);
void hn__ctx_set_jump(sigjmp_buf *jump);
void hn__ctx_leave(void);
/* From a signal handler on the test's thread: marks a soft timeout and jumps
 * back to the boundary. Returns 0 when not on the test's thread. */
int hn__ctx_interrupt(void);

#endif
