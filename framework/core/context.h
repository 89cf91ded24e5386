/* SPDX-License-Identifier: MIT */
/* context.h: the running test, as the rest of the framework sees it: record a
 * failure, a warning, a log line or an assertion, and ask whether a test runs. */
/* The component framework/core/: the running test as every component sees it:
 * failures, events, value printing, per-test modules. It uses base, json
 * (framework/LAYERS); this is its main header. */
#ifndef HN_CONTEXT_H
#define HN_CONTEXT_H

#include <setjmp.h>
#include <signal.h>
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
/* Records a failure. hn__ctx_fail(fatal, file, line, fmt, ...): with fatal
 * 0 it returns (hn__ctx_fail_soft); otherwise it never returns
 * (hn__ctx_fail_fatal, then hn__ctx_stop). A macro, so that a constant
 * `fatal` tells the compiler which. */
void hn__ctx_fail_soft(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void hn__ctx_fail_fatal(const char *file, int line, const char *fmt, ...)
    __attribute__((noreturn, format(printf, 3, 4)));
#define hn__ctx_fail(fatal, ...)                                                \
    ((fatal) ? hn__ctx_fail_fatal(__VA_ARGS__) : hn__ctx_fail_soft(__VA_ARGS__))
/* Records a failure whose text is ready, allocating nothing (for signal
 * handlers: async-signal-safe). Outside a test it writes the failure to
 * stderr with write(2) and ends the program with status 2 (_exit). */
void hn__ctx_fail_raw(const char *file, int line, const char *text, size_t len);
/* Records a failure and returns (the caller owns ap: a fatal failure calls
 * hn__ctx_stop after its va_end, never between va_start and va_end). */
void hn__ctx_vfail(const char *file, int line, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));
/* Records an event of any kind with printf-style text. */
void hn__ctx_event(hn__event_kind kind, const char *file, int line,
                   const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Adds n to one of the summary counters of the running test. */
void hn__ctx_stat(hn__stat which, uint32_t n);
/* After a fatal failure was recorded, never returns: on the test's own
 * thread it ends the test (jumps back to the runner's boundary); on any
 * other thread it ends that thread (pthread_exit); outside a test it jumps
 * back to hn__ctx_guarded's boundary when there is one, and otherwise exits
 * with status 2 (the failure was already reported). */
void hn__ctx_stop(void) __attribute__((noreturn));
/* The same as hn__ctx_stop (an older name). */
void hn__ctx_abort(void) __attribute__((noreturn));
/* Runs fn(arg) outside any test behind a boundary: a failure inside it, on
 * the calling thread, is reported as outside a test and then, instead of
 * ending the program with status 2, makes this return -1 (a fatal one jumps
 * back here at once). 0 when fn returned without a failure. For code a test
 * program runs before its tests (a cmocka group setup); not for use inside
 * a test. */
int hn__ctx_guarded(void (*fn)(void *), void *arg);
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

/* The boundary a fatal failure jumps back to (see hn__ctx_set_jump). On
 * x86-64 it is the compiler's own (__builtin_setjmp: the registers the
 * function needs are saved around it), so that a test process runs nothing
 * of the C library's for it: sigsetjmp's code lies in a part of the library
 * no other step of a test touches, one page fault more each test. Under a
 * sanitizer, which must see every jump to keep its view of the stack, it is
 * the C library's. HN__JUMP_SET returns 0, then 1 when jumped back to;
 * HN__JUMP_TO is never in the function that set the boundary. */
#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) ||                      \
    __has_feature(memory_sanitizer) || __has_feature(hwaddress_sanitizer)
#define HN__JUMP_SANITIZED 1
#endif
#endif
#if defined(__x86_64__) && !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__) &&     \
    !defined(HN__JUMP_SANITIZED)
typedef void *hn__jump_buf[5];
#define HN__JUMP_SET(buf) __builtin_setjmp(buf)
#define HN__JUMP_TO(buf) __builtin_longjmp(buf, 1)
#else
typedef sigjmp_buf hn__jump_buf;
#define HN__JUMP_SET(buf) sigsetjmp(buf, 0)
#define HN__JUMP_TO(buf) siglongjmp(buf, 1)
#endif

/* The cells of the running test's context (hn__ctx_cell): the cmocka
 * layer's running test and its `void *state`; the part whose cleanup runs
 * next after one that failed fatally (module.c). */
enum { HN__CELL_CMOCKA_TEST, HN__CELL_CMOCKA_STATE, HN__CELL_CLEANUP_NEXT, HN__CELL_CLEANING,
       HN__CTX_CELLS };

/* The running test's context (for hn__ctx_place; its members are
 * context.c's). */
typedef struct hn__ctx_room {
    hn__outcome *outcome;
    const struct hn__instance *inst;
    const struct hn__options *opts;
    hn__jump_buf *jump;
    int in_test;
    volatile sig_atomic_t stop_asked; /* set from a signal handler (a --no-fork
                                       * timeout): the test stops at its next
                                       * safe point */
    void *cells[HN__CTX_CELLS];        /* see hn__ctx_cell */
} hn__ctx_room;

/* A cell of the running test's own state (HN__CELL_*), NULL when the test
 * begins. It lies with the context: in a test process, on the stack page
 * the process writes anyway, where a variable of a part's own would be one
 * page more each test copies. */
void **hn__ctx_cell(int which);

/* Moves the context into room, which must stay valid for the rest of the
 * process and of every process it forks (the launcher gives a room on its
 * stack page, written by each test process anyway after fork: its own
 * storage would be one copied page more a test). Before any test runs. */
void hn__ctx_place(hn__ctx_room *room);

/* Plumbing for exec.c, which runs the test: enter and leave the context and
 * set the boundary a fatal failure jumps back to. */
void hn__ctx_enter(hn__outcome *o, const struct hn__instance *in,
                   const struct hn__options *opts);
void hn__ctx_set_jump(hn__jump_buf *jump);
void hn__ctx_leave(void);
/* From a signal handler (async-signal-safe; any thread): marks a soft
 * timeout and asks the test's thread to stop at its next safe point (an
 * assertion, check, log or failure: honest's code, not the C library's),
 * where it jumps back to the boundary. Returns 0 when no test runs. */
int hn__ctx_interrupt(void);

#endif
