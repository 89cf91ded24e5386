/* SPDX-License-Identifier: MIT */
/* double_stub.c: stubs and fakes: canned return values and sequences,
 * out-parameter fills, HN_CALLS and HN_CALLS_REAL, and their unused report. */
#include "doubles/double_impl.h"

#include <stdlib.h>
#include <string.h>

#include "core/context.h"

/* Takes over a stub/fake configuration: the previous one of this test is
 * replaced (a test may change its mind), fills are kept. */
static void begin(hn__double *d, const char *macro, const char *file, int line)
{
    hn__double_need_test(d, macro, file, line);
    hn__double_configured(d, macro, file, line);
}

void hn__stub_returns(hn__double *d, const void *values, size_t size, size_t n,
                      const char *macro, const char *file, int line)
{
    hn__stub_returns_as(d, values, size, n, macro, HN__DK_STUB, file, line);
}

void hn__stub_returns_as(hn__double *d, const void *values, size_t size, size_t n,
                         const char *macro, unsigned kind, const char *file, int line)
{
    hn__double_bypass++;
    begin(d, macro, file, line);
    hn__dstate *st = d->st;
    unsigned char *copy = malloc(size * n);
    if (!copy) {
        hn__ctx_fail(1, file, line, "%s(%s): out of memory", macro, d->name);
        hn__double_bypass--;
        return;
    }
    memcpy(copy, values, size * n);
    hn__double_lock();
    free(st->rets);
    st->rets = copy;
    st->nrets = n;
    st->ret_next = 0;
    st->rets_used = 0;
    st->mode = HN__DM_RETURN;
    d->impl = NULL;
    hn__double_unlock();
    hn__double_count_kind(d, kind);
    hn__double_refresh(d);
    hn__double_bypass--;
}

void hn__stub_fills(hn__double *d, int arg, const void *value, size_t size,
                    const char *file, int line)
{
    hn__double_bypass++;
    hn__double_need_test(d, "HN_FILLS", file, line);
    hn__dstate *st = d->st;
    if (arg < 0 || (unsigned)arg >= d->nargs ||
        (d->args[arg].kind != HN__K_PTR && d->args[arg].kind != HN__K_CHARP)) {
        hn__ctx_fail(1, file, line,
                     "HN_FILLS(%s, %d): parameter %d of %s is not a pointer to "
                     "something to fill",
                     d->name, arg, arg, d->name);
    } else if (st->nfills == HN_FILL_MAX) {
        hn__ctx_fail(1, file, line, "HN_FILLS(%s): at most %d fills per double",
                     d->name, HN_FILL_MAX);
    } else {
        unsigned char *copy = malloc(size ? size : 1);
        if (!copy) {
            hn__ctx_fail(1, file, line, "HN_FILLS(%s): out of memory", d->name);
            hn__double_bypass--;
            return;
        }
        memcpy(copy, value, size);
        hn__double_lock();
        if (st->nfills == 0) {
            st->fill_file = file;
            st->fill_line = line;
        }
        st->fills[st->nfills++] = (hn_fill_spec){arg, copy, size};
        if (st->mode != HN__DM_RETURN && st->mode != HN__DM_IMPL) {
            /* Fills alone: return zero, as a stub of an out-parameter API. */
            st->mode = HN__DM_RETURN;
        }
        hn__double_unlock();
        if (!st->configured)
            hn__double_configured(d, "HN_FILLS", file, line);
        hn__double_count_kind(d, HN__DK_STUB);
        hn__double_refresh(d);
    }
    hn__double_bypass--;
}

void hn__double_calls_as(hn__double *d, hn__vfn impl, const char *impl_name,
                         const char *macro, unsigned kind, const char *file,
                         int line)
{
    hn__double_bypass++;
    begin(d, macro, file, line);
    if (d->flags & HN__DF_VARIADIC)
        hn__ctx_fail(1, file, line,
                     "%s(%s, %s): %s is variadic and C cannot pass its "
                     "\"...\" arguments on to %s; use HN_RETURNS or "
                     "HN_EXPECT_CALL",
                     macro, d->name, impl_name, d->name, impl_name);
    hn__double_lock();
    d->impl = impl;
    d->st->mode = HN__DM_IMPL;
    hn__double_unlock();
    hn__double_count_kind(d, kind);
    hn__double_refresh(d);
    hn__double_bypass--;
}

void hn__double_calls(hn__double *d, hn__vfn impl, const char *impl_name,
                      const char *file, int line)
{
    hn__double_calls_as(d, impl, impl_name, "HN_CALLS", HN__DK_FAKE, file, line);
}

void hn__double_calls_real(hn__double *d, const char *file, int line)
{
    hn__double_bypass++;
    begin(d, "HN_CALLS_REAL", file, line);
    if (d->flags & HN__DF_VARIADIC)
        hn__ctx_fail(1, file, line,
                     "HN_CALLS_REAL(%s): %s is variadic and C cannot pass its "
                     "\"...\" arguments on to the real function",
                     d->name, d->name);
    if (!d->real && !hn__seam_real(d))
        hn__ctx_fail(1, file, line,
                     "HN_CALLS_REAL(%s): the real %s was not found (not linked "
                     "into the test program, not in a loaded shared library%s)",
                     d->name, d->name,
                     (d->flags & HN__DF_FN) ? "; give it with HN_FN_REAL" : "");
    hn__double_lock();
    d->impl = NULL;
    d->st->mode = HN__DM_REAL;
    hn__double_unlock();
    hn__double_count_kind(d, HN__DK_SPY);
    hn__double_refresh(d);
    hn__double_bypass--;
}

void hn__stub_apply_fills(hn__double *d, const void *args, int nfills,
                          const hn_fill_spec *specs, const char *file, int line)
{
    for (int i = 0; i < nfills; i++) {
        int arg = specs[i].hn__arg;
        void *to;
        memcpy(&to, hn__spy_arg(d, (unsigned)arg, args), sizeof to);
        if (!to) {
            hn__double_fail(file, line,
                            "%s: parameter %d was NULL, so the fill of %zu bytes "
                            "configured here could not be written",
                            d->name, arg, specs[i].hn__n);
            continue;
        }
        memcpy(to, specs[i].hn__p, specs[i].hn__n);
    }
}

void hn__stub_answer(hn__double *d, const void *args, void *ret)
{
    hn__dstate *st = d->st;
    hn__stub_apply_fills(d, args, st->nfills, st->fills, st->fill_file, st->fill_line);
    if (!ret || !d->ret_size)
        return;
    if (!st->nrets) {
        memset(ret, 0, d->ret_size);
        return;
    }
    size_t k = __atomic_fetch_add(&st->ret_next, 1, __ATOMIC_RELAXED);
    if (k >= st->nrets)
        k = st->nrets - 1; /* the last value repeats */
    size_t used = __atomic_load_n(&st->rets_used, __ATOMIC_RELAXED);
    while (used < k + 1 &&
           !__atomic_compare_exchange_n(&st->rets_used, &used, k + 1, 0,
                                        __ATOMIC_RELAXED, __ATOMIC_RELAXED))
        ;
    memcpy(ret, st->rets + k * d->ret_size, d->ret_size);
}

void hn__stub_verify(hn__double *d)
{
    const hn__dstate *st = d->st;
    if (!st->configured || st->nexp ||
        __atomic_load_n(&st->misses, __ATOMIC_RELAXED) > 0)
        return; /* a seam miss explains the silence better */
    size_t calls = __atomic_load_n(&d->calls, __ATOMIC_RELAXED);
    if (st->mode == HN__DM_REAL && st->cfg_macro &&
        strcmp(st->cfg_macro, "HN_CALLS_REAL") == 0)
        return; /* a watching spy: being uncalled is its answer */
    if (calls <= st->cfg_calls) {
        hn__ctx_event(HN__EV_STRICT, st->cfg_file, st->cfg_line,
                      "%s(%s) was configured but %s was never called after it: "
                      "the double answered nothing (remove it, or check that the "
                      "code under test reaches %s)",
                      st->cfg_macro, d->name, d->name, d->name);
        return;
    }
    size_t used = __atomic_load_n(&st->rets_used, __ATOMIC_RELAXED);
    if (st->mode == HN__DM_RETURN && st->nrets > 1 && used < st->nrets)
        hn__ctx_event(HN__EV_STRICT, st->cfg_file, st->cfg_line,
                      "%s(%s) configured %zu values but only %zu were returned",
                      st->cfg_macro, d->name, st->nrets, used);
}

void hn__stub_reset(hn__double *d)
{
    hn__dstate *st = d->st;
    free(st->rets);
    st->rets = NULL;
    st->nrets = 0;
    st->ret_next = 0;
    st->rets_used = 0;
    for (int i = 0; i < st->nfills; i++)
        free((void *)st->fills[i].hn__p);
    st->nfills = 0;
    st->fill_file = NULL;
    st->fill_line = 0;
    st->mode = HN__DM_REAL;
    st->cfg_macro = NULL;
    st->cfg_file = NULL;
    st->cfg_line = 0;
    st->cfg_calls = 0;
}
