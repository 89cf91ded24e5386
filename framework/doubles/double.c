/* SPDX-License-Identifier: MIT */
/* double.c: the registry of doubles, the slow path of every call, and the
 * module the runner uses to reset and verify all doubles around each test. */
#include "doubles/double_impl.h"
#include "base/sys.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "core/context.h"
#include "core/audit.h"
#include "core/module.h"

__attribute__((tls_model("initial-exec"))) _Thread_local int hn__double_bypass;

static hn__double *first;
/* Set from verification to cleanup: every double behaves as the real one,
 * so that reporting and other parts' verification see real functions. */
static int off;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

void hn__double_lock(void)
{
    pthread_mutex_lock(&lock);
}

void hn__double_unlock(void)
{
    pthread_mutex_unlock(&lock);
}

hn__double *hn__double_list(void)
{
    return first;
}

static int deep_params(const hn__double *d)
{
    for (unsigned i = 0; i < d->nargs; i++)
        if (d->args[i].kind == HN__K_STR || d->args[i].deep != HN__DEEP_NONE)
            return 1;
    return 0;
}

static hn__dstate *state_new(hn__double *d)
{
    hn__dstate *st = calloc(1, sizeof *st);
    if (!st)
        return NULL;
    st->zero = calloc(1, d->args_size ? d->args_size : 1);
    if (!st->zero) {
        free(st);
        return NULL;
    }
    st->has_deep = deep_params(d);
    return st;
}

void hn__double_register(hn__double *d, hn__vfn fwd, hn__vfn real_link,
                         const hn__arg_meta *args)
{
    if (d->st) { /* declared in several files: one weak descriptor */
        if (args != d->args &&
            memcmp(args, d->args, d->nargs * sizeof *args) != 0) {
            fprintf(stderr, "%s:%d: HN_DOUBLE(%s) is declared differently in two "
                    "files of this program (parameter types or HN_STR/HN_BUF "
                    "annotations); declare it the same everywhere\n",
                    d->file, d->line, d->name);
            exit(2);
        }
        return;
    }
    hn__dstate *st = state_new(d);
    if (!st)
        abort(); /* before main, with nowhere to report */
    st->fwd = fwd;
    st->real_link = real_link;
    d->st = st;
    d->next = first;
    first = d;
}

int hn__double_adopt(hn__double *d)
{
    hn__dstate *st = state_new(d);
    if (!st)
        return -1;
    st->per_test = 1;
    d->st = st;
    d->next = first;
    first = d;
    return 0;
}

void hn__double_fail(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    hn__double_bypass++;
    hn__ctx_vfail(file, line, fmt, ap);
    hn__double_bypass--;
    va_end(ap);
}

void hn__double_report(int fatal, const char *file, int line, hn__buf *b)
{
    /* Copied to the stack: a fatal failure jumps out of this frame. */
    char text[8192];
    hn__double_bypass++;
    const char *s = hn__buf_str(b);
    size_t n = strlen(s);
    if (n >= sizeof text)
        n = sizeof text - 1;
    memcpy(text, s, n);
    text[n] = '\0';
    hn__buf_free(b);
    hn__double_bypass--;
    hn__ctx_fail(fatal, file, line, "%s", text);
}

void hn__double_need_test(const hn__double *d, const char *macro, const char *file,
                          int line)
{
    if (hn__ctx_in_test())
        return;
    hn__ctx_fail(1, file, line,
                 "%s(%s) configures a double outside a test: doubles are "
                 "configured inside an HN_TEST body or a suite's setup, and the "
                 "runner resets them before each test",
                 macro, d->name);
}

void hn__double_count_kind(hn__double *d, unsigned kind)
{
    static const hn__stat stat_of[] = {HN__STAT_STUB, HN__STAT_FAKE, HN__STAT_SPY,
                                       HN__STAT_MOCK, HN__STAT_FIXTURE_DOUBLE};
    if (d->st->counted & kind)
        return;
    d->st->counted |= kind;
    /* Answers from a fixture nobody recorded or verified are hand-written. */
    unsigned as = kind == HN__DK_FIXTURE && !d->st->fixture_real ? HN__DK_STUB : kind;
    for (unsigned i = 0; i < sizeof stat_of / sizeof stat_of[0]; i++)
        if (as == 1u << i)
            hn__ctx_stat(stat_of[i], 1);
}

void hn__double_keep(hn__double *d)
{
    if (__atomic_load_n(&d->hist_cap, __ATOMIC_ACQUIRE) || !d->hist_max)
        return;
    hn__double_bypass++; /* calloc may be doubled itself */
    pthread_mutex_lock(&lock);
    if (!d->hist_cap) {
        d->hist = hn__must(calloc(d->hist_max, d->args_size ? d->args_size : 1));
        __atomic_store_n(&d->hist_cap, d->hist_max, __ATOMIC_RELEASE);
    }
    pthread_mutex_unlock(&lock);
    hn__double_bypass--;
}

void hn__double_configured(hn__double *d, const char *macro, const char *file, int line)
{
    hn__double_keep(d);
    hn__dstate *st = d->st;
    st->configured = 1;
    st->cfg_macro = macro;
    st->cfg_file = file;
    st->cfg_line = line;
    st->cfg_calls = __atomic_load_n(&d->calls, __ATOMIC_RELAXED);
    hn__seam_watch(d);
}

void hn__double_refresh(hn__double *d)
{
    const hn__dstate *st = d->st;
    int fast = HN__FAST_NONE;
    if (!off && st->mode == HN__DM_RETURN && st->nrets == 1 && st->nfills == 0 &&
        st->nexp == 0 && !st->has_deep)
        fast = HN__FAST_RETURN;
    d->ret_value = st->rets;
    __atomic_store_n(&d->fast, fast, __ATOMIC_RELEASE);
}

/* The real function, or a failure and a zero answer when there is none. */
static int act_real(hn__double *d, void *ret, int report)
{
    if (d->flags & HN__DF_VARIADIC) {
        if (report)
            hn__double_fail(d->file, d->line,
                            "%s is variadic: its double cannot call the real %s "
                            "(C cannot forward \"...\"); configure HN_RETURNS or "
                            "HN_EXPECT_CALL for it in this test",
                            d->name, d->name);
        goto zero;
    }
    if (!d->real && !hn__seam_real(d)) {
        if (d->flags & HN__DF_FN)
            goto zero; /* an hn_fn without HN_FN_REAL answers zero */
        if (report && !d->st->real_missing) {
            d->st->real_missing = 1;
            hn__double_fail(d->file, d->line,
                            "the real %s was not found: it is neither linked into "
                            "the test program nor in a loaded shared library, so "
                            "its double cannot call through; configure the double "
                            "(HN_RETURNS, HN_CALLS) or link the code that defines %s",
                            d->name, d->name);
        }
        goto zero;
    }
    if (report)
        hn__seam_through(d);
    return HN__ACT_REAL;
zero:
    if (ret)
        memset(ret, 0, d->ret_size);
    return HN__ACT_RETURN;
}

int hn__double_act_real(hn__double *d, void *ret)
{
    return act_real(d, ret, 1);
}

static int answer(hn__double *d, size_t index, void *args, void *ret)
{
    hn__dstate *st = d->st;
    if (st->has_deep)
        hn__spy_deepen(d, index, args);
    if (st->nexp)
        return hn__mock_answer(d, index, args, ret);
    switch (st->mode) {
    case HN__DM_RETURN:
        hn__stub_answer(d, args, ret);
        return HN__ACT_RETURN;
    case HN__DM_IMPL:
        if (!(d->flags & HN__DF_VARIADIC))
            return HN__ACT_IMPL;
        return act_real(d, ret, 1); /* reports that varargs cannot be passed on */
    default:
        return act_real(d, ret, 1);
    }
}

int hn__double_call(hn__double *d, size_t index, void *args, void *ret)
{
    /* The first call in a test allocates the history, which the wrapper found
     * empty: this call is recorded here (again, with the same bytes, when the
     * wrapper could). */
    if (!hn__double_bypass && !(d->flags & HN__DF_FN) && hn__ctx_in_test())
        hn__double_keep(d);
    if (index < __atomic_load_n(&d->hist_cap, __ATOMIC_ACQUIRE) && d->args_size)
        memcpy((unsigned char *)d->hist + index * d->args_size, args, d->args_size);
    if (hn__double_bypass || __atomic_load_n(&off, __ATOMIC_ACQUIRE) ||
        !hn__ctx_in_test() || !d->st)
        return act_real(d, ret, 0);
    hn__double_bypass++;
    int act = answer(d, index, args, ret);
    hn__double_bypass--;
    return act;
}

/* ---- The module: reset before each test, verify and clean up after. ---- */

static void clear(hn__double *d)
{
    hn__dstate *st = d->st;
    hn__stub_reset(d);
    hn__mock_reset(d);
    hn__spy_reset(d);
    st->configured = 0;
    st->counted = 0;
    st->fixture = NULL;
    st->fixture_real = 0;
    st->real_missing = 0;
    st->armed = 0;
    st->misses = 0;
    st->miss_from = NULL;
    d->impl = NULL;
    __atomic_store_n(&d->calls, 0, __ATOMIC_RELAXED);
    hn__double_refresh(d);
}

/* Whether clear(d) would change nothing: d was not configured, called or
 * looked at since it was last cleared. In a forked test every double is so
 * (the launcher runs no test), and clearing it anyway would write its
 * pages, shared copy-on-write with the launcher: a page fault each. Reads
 * every member clear and the parts' resets write. */
HN__TEST_PATH static int pristine(const hn__double *d)
{
    const hn__dstate *st = d->st;
    return !st->rets && !st->nrets && !st->ret_next && !st->rets_used && !st->nfills &&
           !st->fill_file && !st->fill_line && st->mode == HN__DM_REAL && !st->cfg_macro &&
           !st->cfg_file && !st->cfg_line && !st->cfg_calls && !st->exp_first &&
           !st->exp_last && !st->nexp && !st->copies && !st->configured && !st->counted &&
           !st->fixture && !st->fixture_real && !st->real_missing && !st->armed &&
           !__atomic_load_n(&st->misses, __ATOMIC_RELAXED) && !st->miss_from && !d->impl &&
           !__atomic_load_n(&d->calls, __ATOMIC_RELAXED) &&
           __atomic_load_n(&d->fast, __ATOMIC_ACQUIRE) == HN__FAST_NONE && !d->ret_value;
}

/* Clears every double and drops the run-time ones of the last test. */
HN__TEST_PATH static void clear_all(void)
{
    hn__seam_unwatch_all();
    hn__mock_reset_all();
    hn__double **link = &first;
    while (*link) {
        hn__double *d = *link;
        if (d->st->per_test) {
            *link = d->next;
            hn__fn_free(d);
            continue;
        }
        if (!pristine(d))
            clear(d);
        link = &d->next;
    }
}

/* Sets off to v, without writing it when it holds v already: the module's
 * hooks run in every test process, where a write to a page still shared
 * with the launcher is a page fault. */
HN__TEST_PATH static void set_off(int v)
{
    if (__atomic_load_n(&off, __ATOMIC_ACQUIRE) != v)
        __atomic_store_n(&off, v, __ATOMIC_RELEASE);
}

HN__TEST_PATH static void reset(void)
{
    hn__double_bypass = 1; /* also undoes any left by a failure that jumped */
    set_off(0);
    clear_all();
    hn__double_bypass = 0;
}

HN__TEST_PATH static void verify(void)
{
    if (!first)
        return; /* no double: nothing to verify, nothing to write */
    hn__double_bypass++;
    set_off(1);
    for (hn__double *d = first; d; d = d->next)
        if (__atomic_load_n(&d->fast, __ATOMIC_ACQUIRE) != HN__FAST_NONE)
            __atomic_store_n(&d->fast, HN__FAST_NONE, __ATOMIC_RELEASE);
    for (hn__double *d = first; d; d = d->next) {
        hn__mock_verify(d);
        hn__stub_verify(d);
        hn__seam_verify(d);
    }
    if (hn__audit_file())
        for (hn__double *d = first; d; d = d->next)
            hn__double_audit(d);
    hn__double_bypass--;
}

HN__TEST_PATH static void cleanup(void)
{
    hn__double_bypass = 1;
    clear_all();
    set_off(0);
    hn__double_bypass = 0;
}

static hn__module module = {"doubles", reset, verify, cleanup, NULL};

__attribute__((constructor)) static void register_module(void)
{
    hn__module_register(&module);
    hn__audit_on_start(hn__double_audit_declared);
}
