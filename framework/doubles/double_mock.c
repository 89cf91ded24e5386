/* SPDX-License-Identifier: MIT */
/* double_mock.c: mocks: argument matchers, cardinality, expectations with
 * actions, ordered sequences across doubles, and their verification. */
#include "doubles/double_impl.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "base/sys.h"
#include "core/context.h"

enum { M_ANY = 1, M_CMP, M_STR_EQ, M_STR_CONTAINS, M_NULL, M_NOT_NULL, M_THAT };

struct hn_seq {
    struct hn_seq *next; /* every sequence of the test */
    hn_expect *first, *last;
};

struct hn_expect {
    hn_expect *next;     /* of the same double */
    hn_expect *seq_next; /* of the same sequence */
    hn__double *d;
    hn_matcher m[HN_DOUBLE_MAX_ARGS];
    char *strs[HN_DOUBLE_MAX_ARGS]; /* owned copies for string matchers */
    unsigned nm;
    unsigned min, max;
    size_t matched;
    int retired;         /* a later expectation of its sequence matched */
    unsigned char *ret;  /* ret_size bytes */
    hn__vfn impl;
    int calls_real;
    hn_fill_spec fill[HN_FILL_MAX];
    int nfill;
    hn_seq *seq;
    const char *file;
    int line;
};

static hn_seq *seqs;

/* ---- Matchers and cardinalities. ---- */

hn_matcher hn_any(void)
{
    return (hn_matcher){.hn__kind = M_ANY, .hn__text = "any"};
}

hn_matcher hn__match_cmp(int op, hn__value v, const char *text)
{
    return (hn_matcher){.hn__kind = M_CMP, .hn__op = op, .hn__v = v, .hn__text = text};
}

hn_matcher hn_str_eq(const char *s)
{
    return (hn_matcher){.hn__kind = M_STR_EQ, .hn__s = s, .hn__text = "str_eq"};
}

hn_matcher hn_str_contains(const char *s)
{
    return (hn_matcher){.hn__kind = M_STR_CONTAINS, .hn__s = s, .hn__text = "contains"};
}

hn_matcher hn_null(void)
{
    return (hn_matcher){.hn__kind = M_NULL, .hn__text = "NULL"};
}

hn_matcher hn_not_null(void)
{
    return (hn_matcher){.hn__kind = M_NOT_NULL, .hn__text = "not NULL"};
}

hn_matcher hn__match_that(int (*pred)(const void *arg), const char *text)
{
    return (hn_matcher){.hn__kind = M_THAT, .hn__pred = pred, .hn__text = text};
}

hn_card hn_times(unsigned n) { return (hn_card){n, n, 1}; }
hn_card hn_at_least(unsigned n) { return (hn_card){n, UINT_MAX, 1}; }
hn_card hn_at_most(unsigned n) { return (hn_card){0, n, 1}; }
hn_card hn_between(unsigned min, unsigned max) { return (hn_card){min, max, 1}; }
hn_card hn_never(void) { return (hn_card){0, 0, 1}; }

hn_fill_spec hn_fill(int arg, const void *p, size_t n)
{
    return (hn_fill_spec){arg + 1, p, n};
}

hn_seq *hn_sequence(void)
{
    if (!hn__ctx_in_test())
        hn__ctx_fail(1, NULL, 0, "hn_sequence() called outside a test");
    hn_seq *s = calloc(1, sizeof *s);
    if (!s)
        hn__ctx_fail(1, NULL, 0, "hn_sequence(): out of memory");
    hn__double_lock();
    s->next = seqs;
    seqs = s;
    hn__double_unlock();
    return s;
}

static const char *op_text(int op)
{
    static const char *const t[] = {"?", "==", "!=", "<", "<=", ">", ">="};
    return op >= HN__OP_EQ && op <= HN__OP_GE ? t[op] : t[0];
}

static void describe(hn__buf *b, const hn_matcher *m)
{
    switch (m->hn__kind) {
    case M_CMP: hn__buf_printf(b, "%s %s", op_text(m->hn__op), m->hn__text); break;
    case M_STR_EQ:
    case M_STR_CONTAINS:
        hn__buf_puts(b, m->hn__kind == M_STR_CONTAINS ? "contains " : "");
        if (m->hn__s) {
            hn__buf_puts(b, "\"");
            hn__buf_escape_c(b, m->hn__s, strlen(m->hn__s));
            hn__buf_puts(b, "\"");
        } else {
            hn__buf_puts(b, "NULL");
        }
        break;
    case M_THAT: hn__buf_printf(b, "that(%s)", m->hn__text); break;
    default: hn__buf_puts(b, m->hn__text ? m->hn__text : "any");
    }
}

static long double as_float(hn__value v)
{
    switch (v.kind) {
    case HN__V_FLOAT: return v.v.d;
    case HN__V_UINT: return (long double)v.v.u;
    case HN__V_PTR: return (long double)(uintptr_t)v.v.p;
    default: return (long double)v.v.i;
    }
}

/* -1, 0 or 1 as a < b, a == b, a > b by mathematical value; 2 when the two
 * cannot be compared (a pointer with a non-zero integer, for example). */
static int compare(hn__value a, hn__value b)
{
    if (a.kind == 0 || b.kind == 0)
        return 2;
    if (a.kind == HN__V_FLOAT || b.kind == HN__V_FLOAT) {
        long double x = as_float(a), y = as_float(b);
        return x < y ? -1 : x > y ? 1 : x == y ? 0 : 2;
    }
    if (a.kind == HN__V_PTR || b.kind == HN__V_PTR) {
        hn__value *i = a.kind == HN__V_PTR ? &b : &a;
        if (i->kind != HN__V_PTR && !(i->kind == HN__V_INT && i->v.i == 0) &&
            !(i->kind == HN__V_UINT && i->v.u == 0))
            return 2;
        uintptr_t x = a.kind == HN__V_PTR ? (uintptr_t)a.v.p : 0;
        uintptr_t y = b.kind == HN__V_PTR ? (uintptr_t)b.v.p : 0;
        return x < y ? -1 : x > y;
    }
    int as = a.kind != HN__V_UINT, bs = b.kind != HN__V_UINT;
    if (as && !bs && a.v.i < 0)
        return -1;
    if (!as && bs && b.v.i < 0)
        return 1;
    uintmax_t x = as ? (uintmax_t)a.v.i : a.v.u, y = bs ? (uintmax_t)b.v.i : b.v.u;
    if (as && bs)
        return a.v.i < b.v.i ? -1 : a.v.i > b.v.i;
    return x < y ? -1 : x > y;
}

static int holds(int op, int c)
{
    switch (op) {
    case HN__OP_EQ: return c == 0;
    case HN__OP_NE: return c != 0 && c != 2;
    case HN__OP_LT: return c == -1;
    case HN__OP_LE: return c == -1 || c == 0;
    case HN__OP_GT: return c == 1;
    case HN__OP_GE: return c == 1 || c == 0;
    default: return 0;
    }
}

static int pointer_kind(const hn__double *d, unsigned i)
{
    int k = d->args[i].kind;
    return k == HN__K_PTR || k == HN__K_STR || k == HN__K_CHARP;
}

/* 1 when m accepts argument i; else 0 and, with why, the reason. */
static int match_one(const hn__double *d, const hn_matcher *m, unsigned i,
                     const void *args, hn__buf *why)
{
    int ok;
    const char *p = NULL;
    if (m->hn__kind != M_ANY && m->hn__kind != M_THAT && m->hn__kind != M_CMP &&
        !pointer_kind(d, i)) {
        if (why)
            hn__buf_printf(why, "argument %u is not a pointer, so it cannot be ", i);
        goto refused_kind;
    }
    if (pointer_kind(d, i))
        memcpy(&p, hn__spy_arg(d, i, args), sizeof p);
    switch (m->hn__kind) {
    case M_ANY: return 1;
    case M_CMP: ok = holds(m->hn__op, compare(hn__spy_value(d, i, args), m->hn__v)); break;
    case M_STR_EQ: ok = p && m->hn__s ? strcmp(p, m->hn__s) == 0 : p == m->hn__s; break;
    case M_STR_CONTAINS: ok = p && m->hn__s && strstr(p, m->hn__s) != NULL; break;
    case M_NULL: ok = p == NULL; break;
    case M_NOT_NULL: ok = p != NULL; break;
    case M_THAT: ok = m->hn__pred && m->hn__pred(hn__spy_arg(d, i, args)) != 0; break;
    default: ok = 0;
    }
    if (ok || !why)
        return ok;
    hn__buf_printf(why, "argument %u: ", i);
    hn__spy_format_arg(why, d, i, args);
    hn__buf_puts(why, " is not ");
    describe(why, m);
    return 0;
refused_kind:
    if (why)
        describe(why, m);
    return 0;
}

int hn__mock_match(const hn__double *d, const hn_matcher *m, unsigned nm,
                   const void *args, hn__buf *why)
{
    for (unsigned i = 0; i < nm && i < d->nargs; i++)
        if (!match_one(d, &m[i], i, args, why))
            return 0;
    if (why && nm == 0)
        hn__buf_puts(why, "matches");
    return 1;
}

int hn__mock_matchers(const hn__double *d, const hn_matcher *m, const char *file,
                      int line)
{
    unsigned n = 0;
    while (n < HN_DOUBLE_MAX_ARGS && m[n].hn__kind)
        n++;
    if (n == 0 || n == d->nargs)
        return (int)n;
    hn__ctx_fail(1, file, line,
                 "%s: %u matcher%s for %u parameter%s: give one matcher per "
                 "parameter (hn_any() for any value), or none for any arguments",
                 d->name, n, n == 1 ? "" : "s", d->nargs, d->nargs == 1 ? "" : "s");
    return -1;
}

/* ---- Expectations. ---- */

static void describe_expect(hn__buf *b, const hn_expect *e)
{
    hn__buf_printf(b, "%s(", e->d->name);
    if (e->nm == 0)
        hn__buf_puts(b, "any arguments");
    for (unsigned i = 0; i < e->nm; i++) {
        if (i)
            hn__buf_puts(b, ", ");
        describe(b, &e->m[i]);
    }
    hn__buf_puts(b, ")");
}

static void describe_times(hn__buf *b, unsigned min, unsigned max)
{
    if (max == 0)
        hn__buf_puts(b, "never");
    else if (min == max)
        hn__buf_printf(b, "exactly %u", min);
    else if (max == UINT_MAX)
        hn__buf_printf(b, "at least %u", min);
    else if (min == 0)
        hn__buf_printf(b, "at most %u", max);
    else
        hn__buf_printf(b, "between %u and %u", min, max);
    if (max != 0)
        hn__buf_puts(b, min == 1 && max == 1 ? " call" : " calls");
}

/* Refuses options that cannot work (fatal: before anything is allocated). */
static void check_options(hn__double *d, const void *opts, const hn__xo_layout *l,
                          const char *file, int line)
{
    const unsigned char *o = opts;
    hn_card c;
    hn__vfn impl;
    int calls_real;
    memcpy(&c, o + l->times, sizeof c);
    memcpy(&impl, o + l->calls, sizeof impl);
    memcpy(&calls_real, o + l->calls_real, sizeof calls_real);
    if (c.hn__set && c.hn__min > c.hn__max)
        hn__ctx_fail(1, file, line, "HN_EXPECT_CALL(%s): the minimum of .times "
                     "(%u) is above its maximum (%u)", d->name, c.hn__min, c.hn__max);
    if ((impl || calls_real) && (d->flags & HN__DF_VARIADIC))
        hn__ctx_fail(1, file, line, "HN_EXPECT_CALL(%s): %s is variadic, so a "
                     "matched call can only return a value", d->name, d->name);
    if (calls_real && !d->real && !hn__seam_real(d))
        hn__ctx_fail(1, file, line, "HN_EXPECT_CALL(%s, .calls_real = 1): the "
                     "real %s was not found", d->name, d->name);
    const hn_fill_spec *f = (const hn_fill_spec *)(o + l->fill);
    for (int i = 0; i < HN_FILL_MAX && f[i].hn__arg; i++) {
        int arg = f[i].hn__arg - 1;
        if (arg < 0 || (unsigned)arg >= d->nargs || !pointer_kind(d, (unsigned)arg))
            hn__ctx_fail(1, file, line, "HN_EXPECT_CALL(%s, .fill): parameter %d "
                         "is not a pointer", d->name, arg);
    }
}

/* Copies the checked options into e. Returns 0, or -1 when out of memory. */
static int copy_options(hn_expect *e, const void *opts, const hn__xo_layout *l)
{
    hn__double *d = e->d;
    const unsigned char *o = opts;
    hn_card c;
    memcpy(&c, o + l->times, sizeof c);
    e->min = c.hn__set ? c.hn__min : 1;
    e->max = c.hn__set ? c.hn__max : 1;
    e->ret = calloc(1, d->ret_size ? d->ret_size : 1);
    if (!e->ret)
        return -1;
    if (d->ret_size)
        memcpy(e->ret, o + l->returns, d->ret_size);
    memcpy(&e->impl, o + l->calls, sizeof e->impl);
    memcpy(&e->calls_real, o + l->calls_real, sizeof e->calls_real);
    memcpy(&e->seq, o + l->seq, sizeof e->seq);
    const hn_fill_spec *f = (const hn_fill_spec *)(o + l->fill);
    for (int i = 0; i < HN_FILL_MAX && f[i].hn__arg; i++) {
        void *copy = malloc(f[i].hn__n ? f[i].hn__n : 1);
        if (!copy)
            return -1;
        memcpy(copy, f[i].hn__p, f[i].hn__n);
        e->fill[e->nfill++] = (hn_fill_spec){f[i].hn__arg - 1, copy, f[i].hn__n};
    }
    return 0;
}

static void expect_free(hn_expect *e)
{
    for (unsigned i = 0; i < HN_DOUBLE_MAX_ARGS; i++)
        free(e->strs[i]);
    for (int i = 0; i < e->nfill; i++)
        free((void *)e->fill[i].hn__p);
    free(e->ret);
    free(e);
}

hn_expect *hn__expect_add(hn__double *d, const void *opts, const hn__xo_layout *layout,
                          const char *file, int line)
{
    hn__double_need_test(d, "HN_EXPECT_CALL", file, line);
    int nm = hn__mock_matchers(d, opts, file, line);
    if (nm < 0)
        return NULL;
    check_options(d, opts, layout, file, line);
    hn__double_bypass++;
    hn_expect *e = calloc(1, sizeof *e);
    if (!e) {
        hn__double_bypass--;
        hn__ctx_fail(1, file, line, "HN_EXPECT_CALL(%s): out of memory", d->name);
        return NULL;
    }
    e->d = d;
    e->file = file;
    e->line = line;
    e->nm = (unsigned)nm;
    memcpy(e->m, opts, (size_t)nm * sizeof e->m[0]);
    for (int i = 0; i < nm; i++)
        if ((e->m[i].hn__kind == M_STR_EQ || e->m[i].hn__kind == M_STR_CONTAINS) &&
            e->m[i].hn__s)
            e->m[i].hn__s = e->strs[i] = strdup(e->m[i].hn__s);
    if (copy_options(e, opts, layout) != 0) {
        expect_free(e);
        hn__double_bypass--;
        hn__ctx_fail(1, file, line, "HN_EXPECT_CALL(%s): out of memory", d->name);
        return NULL;
    }
    hn__double_lock();
    hn__dstate *st = d->st;
    if (st->exp_last)
        st->exp_last->next = e;
    else
        st->exp_first = e;
    st->exp_last = e;
    st->nexp++;
    if (e->seq) {
        if (e->seq->last)
            e->seq->last->seq_next = e;
        else
            e->seq->first = e;
        e->seq->last = e;
    }
    hn__double_unlock();
    if (!st->configured)
        hn__double_configured(d, "HN_EXPECT_CALL", file, line);
    hn__double_count_kind(d, HN__DK_MOCK);
    hn__double_refresh(d);
    hn__double_bypass--;
    return e;
}

/* The first expectation of e's sequence before e that is not met, or NULL. */
static const hn_expect *unmet_before(const hn_expect *e)
{
    if (!e->seq)
        return NULL;
    for (const hn_expect *p = e->seq->first; p && p != e; p = p->seq_next)
        if (p->matched < p->min)
            return p;
    return NULL;
}

/* Picks the expectation for a call, or NULL with the reasons in why. */
static hn_expect *pick(hn__double *d, const void *args, hn__buf *why)
{
    for (hn_expect *e = d->st->exp_first; e; e = e->next) {
        if (why) {
            hn__buf_printf(why, "\n    expectation at %s:%d ", e->file, e->line);
            describe_expect(why, e);
            hn__buf_puts(why, ": ");
        }
        if (!hn__mock_match(d, e->m, e->nm, args, why))
            continue;
        if (e->matched >= e->max) {
            if (why) {
                hn__buf_puts(why, "matches, but is saturated: it wants ");
                describe_times(why, e->min, e->max);
                hn__buf_printf(why, " and had %zu", e->matched);
            }
            continue;
        }
        if (e->retired) {
            if (why)
                hn__buf_puts(why, "matches, but a later expectation of its "
                                  "sequence was already met");
            continue;
        }
        const hn_expect *before = unmet_before(e);
        if (before) {
            if (why)
                hn__buf_printf(why, "matches, but out of order: the expectation "
                               "at %s:%d of its sequence comes first (%zu of %u "
                               "calls so far)",
                               before->file, before->line, before->matched, before->min);
            continue;
        }
        return e;
    }
    return NULL;
}

int hn__mock_answer(hn__double *d, size_t index, const void *args, void *ret)
{
    hn__double_lock();
    hn_expect *e = pick(d, args, NULL);
    if (!e) {
        hn__buf b = {0};
        hn__buf_puts(&b, "unexpected call ");
        hn__spy_format_call(&b, d, args);
        hn__buf_printf(&b, " (call #%zu of %s); it matched no expectation:", index,
                       d->name);
        pick(d, args, &b);
        const char *file = d->st->exp_first->file;
        int line = d->st->exp_first->line;
        hn__double_unlock();
        hn__double_fail(file, line, "%s", hn__buf_str(&b));
        hn__buf_free(&b);
        if (ret)
            memset(ret, 0, d->ret_size);
        return HN__ACT_RETURN;
    }
    e->matched++;
    if (e->seq)
        for (hn_expect *p = e->seq->first; p && p != e; p = p->seq_next)
            p->retired = 1;
    hn__vfn impl = e->impl;
    int calls_real = e->calls_real;
    hn__double_unlock();
    hn__stub_apply_fills(d, args, e->nfill, e->fill, e->file, e->line);
    if (impl) {
        d->impl = impl;
        return HN__ACT_IMPL;
    }
    if (calls_real)
        return hn__double_act_real(d, ret);
    if (ret)
        memcpy(ret, e->ret, d->ret_size);
    return HN__ACT_RETURN;
}

void hn__mock_verify(hn__double *d)
{
    for (const hn_expect *e = d->st->exp_first; e; e = e->next) {
        hn__ctx_count(e->file, e->line);
        if (e->matched >= e->min) {
            if (e->matched == 0 && e->max > 0) {
                hn__buf b = {0};
                hn__buf_puts(&b, "expectation ");
                describe_expect(&b, e);
                hn__buf_puts(&b, " allowed calls but none came");
                hn__ctx_event(HN__EV_STRICT, e->file, e->line, "%s", hn__buf_str(&b));
                hn__buf_free(&b);
            }
            continue;
        }
        hn__buf b = {0};
        hn__buf_puts(&b, "unmet expectation ");
        describe_expect(&b, e);
        hn__buf_puts(&b, ": wanted ");
        describe_times(&b, e->min, e->max);
        hn__buf_printf(&b, ", got %zu", e->matched);
        size_t calls = __atomic_load_n(&d->calls, __ATOMIC_RELAXED);
        if (calls == 0)
            hn__buf_printf(&b, "; %s was never called", d->name);
        else
            hn__buf_printf(&b, "; calls of %s:", d->name);
        hn__spy_format_calls(&b, d, HN__DOUBLE_LIST_MAX);
        hn__ctx_fail(0, e->file, e->line, "%s", hn__buf_str(&b));
        hn__buf_free(&b);
    }
}

void hn__mock_reset(hn__double *d)
{
    hn_expect *e = d->st->exp_first;
    while (e) {
        hn_expect *next = e->next;
        expect_free(e);
        e = next;
    }
    d->st->exp_first = d->st->exp_last = NULL;
    d->st->nexp = 0;
}

HN__TEST_PATH void hn__mock_reset_all(void)
{
    while (seqs) {
        hn_seq *next = seqs->next;
        free(seqs);
        seqs = next;
    }
}
