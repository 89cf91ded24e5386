/* SPDX-License-Identifier: MIT */
/* double_impl.h: what the parts of the doubles share: the per-test state of a
 * double, the registry, the lock, and the hooks of stubs, spies and mocks. */
/* The component framework/doubles/: the registry of doubles, the five kinds,
 * the seams, hn_fn, dummies, the fake clock, HN_STUB_FIXTURE. It uses base,
 * json, core (framework/LAYERS); this is its main header. */
#ifndef HN_DOUBLE_INTERNAL_H
#define HN_DOUBLE_INTERNAL_H

#include <honest/double.h>

#include <stdarg.h>
#include <stddef.h>

#include "base/buf.h"

/* What a double does when called, when no expectation decides. */
enum { HN__DM_REAL = 0, HN__DM_RETURN, HN__DM_IMPL };

/* Bits of hn__dstate.counted: the summary kinds counted in this test.
 * HN__DK_FIXTURE: a fake answered from a recorded fixture (HN_STUB_FIXTURE). */
enum { HN__DK_STUB = 1, HN__DK_FAKE = 2, HN__DK_SPY = 4, HN__DK_MOCK = 8,
       HN__DK_FIXTURE = 16 };

/* A deep copy a spy made (string or buffer), freed by the reset. */
typedef struct hn__copy {
    struct hn__copy *next;
    size_t len;
    unsigned char data[];
} hn__copy;

/* The per-test state of a double, and what registration learnt. Owned by
 * double.c; allocated once per double, cleared by every reset. */
typedef struct hn__dstate {
    /* Registration. */
    hn__vfn fwd;        /* hn__fwd_fn, the interposing forwarder */
    hn__vfn real_link;  /* __real_fn as linked, or NULL */
    int has_deep;       /* a parameter is copied deeply */
    int real_missing;   /* resolution failed (reported once per test) */
    /* Configuration in this test (stubs, fakes, spies). */
    int configured;     /* anything configured: the seam is watched */
    int mode;           /* HN__DM_* */
    const char *cfg_macro;
    const char *cfg_file;
    int cfg_line;
    size_t cfg_calls;   /* calls when configured, for the unused report */
    unsigned char *rets;
    size_t nrets;
    size_t ret_next;    /* next element of a sequence (atomic) */
    size_t rets_used;   /* highest element answered + 1 (atomic max) */
    hn_fill_spec fills[HN_FILL_MAX]; /* hn__arg 0-based, hn__p owned */
    int nfills;
    const char *fill_file; /* where the first fill was configured */
    int fill_line;
    unsigned counted;   /* HN__DK_* counted in the summary */
    /* Mocks (double_mock.c). */
    struct hn_expect *exp_first, *exp_last;
    size_t nexp;
    /* Spies: deep copies (lock-free list) and a zeroed record. */
    hn__copy *copies;
    void *zero;
    /* Seam watch (double_seam.c). */
    int armed;
    size_t misses;      /* atomic */
    void *miss_from;    /* return address of the first missed call */
    /* hn_fn (double_ffi.c). */
    void *fn;           /* its closure record, NULL for HN_DOUBLE */
    int per_test;       /* freed by the cleanup */
    /* Audit (double_audit.c). */
    const char *fixture; /* HN_STUB_FIXTURE's fixture path in this test */
    int fixture_real;    /* that fixture is backed by reality (hn__fixture_backed):
                            only then the summary counts it fixture-backed */
    const char *library; /* the shared object of the real function, or NULL;
                            found once per run, before the first test */
    const char *origin; /* the layer that declared it ("fff", "cmocka"); NULL:
                           HN_DOUBLE or hn_fn. Static text, kept across tests. */
} hn__dstate;

/* Adds a run-time double (hn_fn) to the registry, for this test only. Returns
 * 0, or -1 when out of memory. */
int hn__double_adopt(hn__double *d);
/* Checks that a configuring macro runs inside a test; outside one, reports
 * and ends the program with status 2 (through hn__ctx_fail). */
void hn__double_need_test(const hn__double *d, const char *macro,
                          const char *file, int line);
/* Counts the kind of double (HN__DK_*) in the running test's summary, once
 * per double and kind. */
void hn__double_count_kind(hn__double *d, unsigned kind);
/* Marks d configured at file:line and watches its seam. */
/* Allocates d's history of calls (hist_max records) unless it has one: the
 * first time d is configured or called in a test process, so that a program
 * reserves no memory for doubles it does not use. Thread-safe. */
void hn__double_keep(hn__double *d);
void hn__double_configured(hn__double *d, const char *macro, const char *file,
                           int line);
/* Recomputes d->fast after a configuration change. */
void hn__double_refresh(hn__double *d);
/* The lock over expectations, sequences and configuration shared with
 * threads of the code under test. */
void hn__double_lock(void);
void hn__double_unlock(void);
/* Records a failure of the running test (not fatal: doubles may be called on
 * any thread and inside the code under test). */
void hn__double_fail(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The answer "call the real function" (HN__ACT_REAL), or a reported failure
 * and a zero *ret (HN__ACT_RETURN) when there is no real function to call. */
int hn__double_act_real(hn__double *d, void *ret);
/* Records the text of b as a failure (fatal: ends the test when on its
 * thread) and frees b. Call it without holding hn__double_bypass. */
void hn__double_report(int fatal, const char *file, int line, hn__buf *b);

/* The first of the registered doubles (linked by ->next). */
hn__double *hn__double_list(void);

/* ---- double_audit.c ---- */
/* Appends what d did in the running test to the audit file (--audit), when
 * it was a double in this test (configured or checked). */
void hn__double_audit(hn__double *d);
/* Appends a "declared" record to the audit file for every double the
 * program declares, so that `honest audit` can tell the doubles no test
 * used (the doubles module's start hook). */
void hn__double_audit_declared(void);

/* ---- double_stub.c ---- */
/* Configures d, for the running test, as a fake answered by impl, as HN_CALLS
 * does, on behalf of another macro: `macro` names the configuration in
 * failures and in the unused-double report, `kind` (one HN__DK_* bit) is what
 * the summary counts d as, once per double and test. impl_name only names
 * impl in a failure; macro is borrowed and must outlive the test (a string
 * literal). Outside a test it
 * reports and ends the program with status 2; for a variadic d it fails the
 * test (C cannot forward "..." to impl). */
void hn__double_calls_as(hn__double *d, hn__vfn impl, const char *impl_name,
                         const char *macro, unsigned kind, const char *file,
                         int line);
/* hn__stub_returns on behalf of another macro, counted in the summary as
 * `kind` (one HN__DK_* bit) instead of a stub. */
void hn__stub_returns_as(hn__double *d, const void *values, size_t size, size_t n,
                         const char *macro, unsigned kind, const char *file, int line);
/* The stub's answer: fills ret from the sequence and applies the fills. */
void hn__stub_answer(hn__double *d, const void *args, void *ret);
/* Applies fill specs to the pointer arguments of a call. */
void hn__stub_apply_fills(hn__double *d, const void *args, int nfills,
                          const hn_fill_spec *specs, const char *file, int line);
/* Reports configured stubs and fakes that no call used (HN__EV_STRICT). */
void hn__stub_verify(hn__double *d);
/* Forgets the stub configuration of d. */
void hn__stub_reset(hn__double *d);

/* ---- double_spy.c ---- */
/* How many calls a failure message lists (hn__spy_format_calls' max). */
#define HN__DOUBLE_LIST_MAX 20
/* Copies the string and buffer arguments of call `index` into the history
 * record (if kept), so that later changes by the caller do not show. */
void hn__spy_deepen(hn__double *d, size_t index, const void *args);
/* Appends "fn(arg, arg, ...)" for an argument record to b. */
void hn__spy_format_call(hn__buf *b, const hn__double *d, const void *args);
/* Appends one argument to b. */
void hn__spy_format_arg(hn__buf *b, const hn__double *d, unsigned i,
                        const void *args);
/* Appends the list of calls of d (at most `max`, one per line, indented). */
void hn__spy_format_calls(hn__buf *b, const hn__double *d, size_t max);
/* Reads argument i of a record as an assertion value. */
hn__value hn__spy_value(const hn__double *d, unsigned i, const void *args);
/* The address of argument i in a record. */
const void *hn__spy_arg(const hn__double *d, unsigned i, const void *args);
/* Frees the deep copies of d. */
void hn__spy_reset(hn__double *d);

/* ---- double_mock.c ---- */
/* Answers a call of a double with expectations. Returns HN__ACT_*. */
int hn__mock_answer(hn__double *d, size_t index, const void *args, void *ret);
/* 1 when the matchers of an option record accept the call's arguments; else
 * 0 with the reason appended to why (may be NULL). */
int hn__mock_match(const hn__double *d, const hn_matcher *m, unsigned nm,
                   const void *args, hn__buf *why);
/* Counts the matchers given in an option record (0: any arguments). Reports
 * a wrong count as a failure and returns -1. */
int hn__mock_matchers(const hn__double *d, const hn_matcher *m,
                      const char *file, int line);
/* Reports unmet and unused expectations of d. */
void hn__mock_verify(hn__double *d);
/* Frees the expectations of d; hn__mock_reset_all frees the sequences. */
void hn__mock_reset(hn__double *d);
void hn__mock_reset_all(void);

/* ---- double_seam.c ---- */
/* The real function of d, resolved once: __real_fn, then the program's own
 * definition, then the next one in the lookup order. NULL when none. */
hn__vfn hn__seam_real(hn__double *d);
/* Starts watching the real function of d for calls that bypass the double. */
void hn__seam_watch(hn__double *d);
/* Tells the watch that the double itself is about to call the real function
 * on this thread. */
void hn__seam_through(hn__double *d);
/* Reports the missed calls of d as a failure. */
void hn__seam_verify(hn__double *d);
/* Stops every watch (restores the real functions' code). */
void hn__seam_unwatch_all(void);

/* ---- double_ffi.c ---- */
/* Frees an hn_fn double's closure (or trampoline) and memory. */
void hn__fn_free(hn__double *d);

/* ---- double_tramp.c ---- */
/* The fast entry of the hn_fn d (whose name, parameters and result are set):
 * a precompiled trampoline that answers d without libffi. Only signatures of
 * up to six integer or pointer parameters and an integer, pointer or void
 * result on x86-64 SysV; NULL for any other signature, on other platforms, or
 * when every trampoline of the pool is taken (the caller makes a libffi
 * closure instead). The entry stays d's until hn__tramp_release. */
hn__vfn hn__tramp_take(hn__double *d);
/* Gives the trampoline at `code` (from hn__tramp_take) back to the pool;
 * calls through it afterwards reach whichever double takes it next. */
void hn__tramp_release(hn__vfn code);

#endif
