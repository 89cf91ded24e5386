/* SPDX-License-Identifier: MIT */
/* double_spy.c: spies: deep copies of string and buffer arguments, the
 * history of calls, their printing, and the call-count assertions. */
#include "doubles/double_impl.h"

#include <stdlib.h>
#include <string.h>

#include "core/context.h"

/* How much of a value a failure message shows. */
#define STR_SHOWN 64
#define BYTES_SHOWN 16

const void *hn__spy_arg(const hn__double *d, unsigned i, const void *args)
{
    return (const unsigned char *)args + d->args[i].offset;
}

static uintmax_t read_uint(const void *p, unsigned size)
{
    switch (size) {
    case 1: { uint8_t v; memcpy(&v, p, 1); return v; }
    case 2: { uint16_t v; memcpy(&v, p, 2); return v; }
    case 4: { uint32_t v; memcpy(&v, p, 4); return v; }
    default: { uint64_t v; memcpy(&v, p, 8); return v; }
    }
}

static intmax_t read_int(const void *p, unsigned size)
{
    switch (size) {
    case 1: { int8_t v; memcpy(&v, p, 1); return v; }
    case 2: { int16_t v; memcpy(&v, p, 2); return v; }
    case 4: { int32_t v; memcpy(&v, p, 4); return v; }
    default: { int64_t v; memcpy(&v, p, 8); return v; }
    }
}

static long double read_float(const void *p, unsigned size)
{
    if (size == sizeof(float)) {
        float v;
        memcpy(&v, p, sizeof v);
        return v;
    }
    if (size == sizeof(double)) {
        double v;
        memcpy(&v, p, sizeof v);
        return v;
    }
    long double v;
    memcpy(&v, p, sizeof v);
    return v;
}

static const void *read_ptr(const void *p)
{
    const void *v;
    memcpy(&v, p, sizeof v);
    return v;
}

hn__value hn__spy_value(const hn__double *d, unsigned i, const void *args)
{
    const hn__arg_meta *m = &d->args[i];
    const void *p = hn__spy_arg(d, i, args);
    switch (m->kind) {
    case HN__K_INT: return hn__v_int(read_int(p, m->size));
    case HN__K_UINT: return hn__v_uint(read_uint(p, m->size));
    case HN__K_BOOL: return hn__v_bool(read_uint(p, m->size) != 0);
    case HN__K_CHAR: return hn__v_char((char)read_int(p, m->size));
    case HN__K_FLOAT: return hn__v_float((double)read_float(p, m->size));
    case HN__K_PTR:
    case HN__K_STR:
    case HN__K_CHARP: return hn__v_ptr(read_ptr(p));
    default: return (hn__value){0, {0}};
    }
}

/* The deep-copy kind of parameter i: HN__DEEP_STR, HN__DEEP_BUF or none. */
static int deep_kind(const hn__double *d, unsigned i)
{
    const hn__arg_meta *m = &d->args[i];
    if (m->deep != HN__DEEP_NONE)
        return m->deep;
    return m->kind == HN__K_STR ? HN__DEEP_STR : HN__DEEP_NONE;
}

/* The length of an HN_BUF parameter i in bytes, from its length parameter. */
static size_t buf_len(const hn__double *d, unsigned i, const void *args)
{
    int l = d->args[i].len_arg;
    if (l < 0 || (unsigned)l >= d->nargs)
        return 0;
    hn__value v = hn__spy_value(d, (unsigned)l, args);
    return v.kind == HN__V_INT ? (v.v.i < 0 ? 0 : (size_t)v.v.i) : (size_t)v.v.u;
}

static void *copy_of(hn__double *d, const void *src, size_t len)
{
    hn__copy *c = malloc(sizeof *c + (len ? len : 1));
    if (!c)
        return NULL;
    c->len = len;
    memcpy(c->data, src, len);
    c->next = __atomic_load_n(&d->st->copies, __ATOMIC_RELAXED);
    while (!__atomic_compare_exchange_n(&d->st->copies, &c->next, c, 1,
                                        __ATOMIC_RELEASE, __ATOMIC_RELAXED))
        ;
    return c->data;
}

void hn__spy_deepen(hn__double *d, size_t index, const void *args)
{
    if (index >= d->hist_cap)
        return;
    unsigned char *rec = (unsigned char *)d->hist + index * d->args_size;
    for (unsigned i = 0; i < d->nargs; i++) {
        int kind = deep_kind(d, i);
        const void *p = read_ptr(hn__spy_arg(d, i, args));
        if (kind == HN__DEEP_NONE || !p)
            continue;
        size_t len = kind == HN__DEEP_STR ? strlen(p) + 1 : buf_len(d, i, args);
        void *copy = copy_of(d, p, len);
        memcpy(rec + d->args[i].offset, &copy, sizeof copy);
    }
}

static void format_bytes(hn__buf *b, const unsigned char *p, size_t n)
{
    hn__buf_printf(b, "[%zu byte%s:", n, n == 1 ? "" : "s");
    for (size_t i = 0; i < n && i < BYTES_SHOWN; i++)
        hn__buf_printf(b, " %02x", p[i]);
    hn__buf_puts(b, n > BYTES_SHOWN ? " ...]" : "]");
}

static void format_str(hn__buf *b, const char *s)
{
    size_t n = strlen(s);
    hn__buf_puts(b, "\"");
    hn__buf_escape_c(b, s, n < STR_SHOWN ? n : STR_SHOWN);
    hn__buf_puts(b, n > STR_SHOWN ? "\"..." : "\"");
}

void hn__spy_format_arg(hn__buf *b, const hn__double *d, unsigned i, const void *args)
{
    const hn__arg_meta *m = &d->args[i];
    const void *at = hn__spy_arg(d, i, args);
    int deep = deep_kind(d, i);
    if (m->kind == HN__K_MEM) {
        format_bytes(b, at, m->size);
        return;
    }
    if (deep != HN__DEEP_NONE || m->kind == HN__K_PTR || m->kind == HN__K_CHARP) {
        const void *p = read_ptr(at);
        if (!p)
            hn__buf_puts(b, "NULL");
        else if (deep == HN__DEEP_STR)
            format_str(b, p);
        else if (deep == HN__DEEP_BUF)
            format_bytes(b, p, buf_len(d, i, args));
        else
            hn__buf_printf(b, "%p", p);
        return;
    }
    hn__value v = hn__spy_value(d, i, args);
    switch (v.kind) {
    case HN__V_INT: hn__buf_printf(b, "%jd", v.v.i); break;
    case HN__V_UINT: hn__buf_printf(b, "%ju", v.v.u); break;
    case HN__V_BOOL: hn__buf_puts(b, v.v.i ? "true" : "false"); break;
    case HN__V_FLOAT: hn__buf_printf(b, "%g", (double)v.v.d); break;
    case HN__V_CHAR: {
        char c = (char)v.v.i;
        hn__buf_puts(b, "'");
        hn__buf_escape_c(b, &c, 1);
        hn__buf_puts(b, "'");
        break;
    }
    default: hn__buf_puts(b, "?");
    }
}

void hn__spy_format_call(hn__buf *b, const hn__double *d, const void *args)
{
    hn__buf_printf(b, "%s(", d->name);
    for (unsigned i = 0; i < d->nargs; i++) {
        if (i)
            hn__buf_puts(b, ", ");
        hn__spy_format_arg(b, d, i, args);
    }
    hn__buf_puts(b, (d->flags & HN__DF_VARIADIC) ? ", ...)" : ")");
}

void hn__spy_format_calls(hn__buf *b, const hn__double *d, size_t max)
{
    size_t calls = __atomic_load_n(&d->calls, __ATOMIC_RELAXED);
    size_t kept = calls < d->hist_cap ? calls : d->hist_cap;
    for (size_t i = 0; i < kept && i < max; i++) {
        hn__buf_printf(b, "\n    #%zu ", i);
        hn__spy_format_call(b, d, (const unsigned char *)d->hist + i * d->args_size);
    }
    if (calls > max && kept > max)
        hn__buf_printf(b, "\n    ... %zu more", calls - max);
    else if (calls > kept)
        hn__buf_printf(b, "\n    ... %zu more (arguments are kept for the first %zu)",
                       calls - kept, d->hist_cap);
}

void hn__spy_reset(hn__double *d)
{
    hn__copy *c = d->st->copies;
    d->st->copies = NULL;
    while (c) {
        hn__copy *next = c->next;
        free(c);
        c = next;
    }
}

/* ---- What tests ask of spies. ---- */

static void used_as_spy(hn__double *d)
{
    if (hn__ctx_in_test())
        hn__double_count_kind(d, HN__DK_SPY);
}

size_t hn__spy_count(hn__double *d)
{
    used_as_spy(d);
    return __atomic_load_n(&d->calls, __ATOMIC_ACQUIRE);
}

static const char *times(size_t n)
{
    return n == 1 ? "time" : "times";
}

const void *hn__spy_record(hn__double *d, size_t call, const char *file, int line)
{
    used_as_spy(d);
    size_t calls = __atomic_load_n(&d->calls, __ATOMIC_ACQUIRE);
    if (call < calls && call < d->hist_cap)
        return (const unsigned char *)d->hist + call * d->args_size;
    hn__buf b = {0};
    hn__double_bypass++;
    if (call >= calls)
        hn__buf_printf(&b, "HN_ARG(%s, %zu, ...): %s was called %zu %s, so call #%zu "
                       "did not happen (calls count from 0)",
                       d->name, call, d->name, calls, times(calls), call);
    else
        hn__buf_printf(&b, "HN_ARG(%s, %zu, ...): only the arguments of the first %zu "
                       "calls are kept (HN_DOUBLE_HISTORY)",
                       d->name, call, d->hist_cap);
    hn__spy_format_calls(&b, d, HN__DOUBLE_LIST_MAX);
    hn__double_bypass--;
    hn__double_report(1, file, line, &b);
    return d->st->zero;
}

void hn__spy_assert_called(int fatal, hn__double *d, size_t n, const char *what,
                           const char *file, int line)
{
    used_as_spy(d);
    hn__ctx_count(file, line);
    size_t calls = __atomic_load_n(&d->calls, __ATOMIC_ACQUIRE);
    if (calls == n)
        return;
    hn__buf b = {0};
    hn__double_bypass++;
    if (calls == 0)
        hn__buf_printf(&b, "%s: %s was never called, expected %zu %s", what, d->name,
                       n, times(n));
    else
        hn__buf_printf(&b, "%s: %s was called %zu %s, expected %zu:", what, d->name,
                       calls, times(calls), n);
    hn__spy_format_calls(&b, d, HN__DOUBLE_LIST_MAX);
    hn__double_bypass--;
    hn__double_report(fatal, file, line, &b);
}

void hn__spy_assert_called_with(int fatal, hn__double *d, const void *opts,
                                const hn__xo_layout *layout, const char *what,
                                const char *file, int line)
{
    (void)layout;
    used_as_spy(d);
    hn__ctx_count(file, line);
    const hn_matcher *m = opts;
    int nm = hn__mock_matchers(d, m, file, line);
    if (nm < 0)
        return;
    size_t calls = __atomic_load_n(&d->calls, __ATOMIC_ACQUIRE);
    size_t kept = calls < d->hist_cap ? calls : d->hist_cap;
    for (size_t i = 0; i < kept; i++)
        if (hn__mock_match(d, m, (unsigned)nm, (const unsigned char *)d->hist +
                                                   i * d->args_size, NULL))
            return;
    hn__buf b = {0};
    hn__double_bypass++;
    hn__buf_printf(&b, "%s: no call of %s matched", what, d->name);
    for (size_t i = 0; i < kept && i < HN__DOUBLE_LIST_MAX; i++) {
        const void *rec = (const unsigned char *)d->hist + i * d->args_size;
        hn__buf_printf(&b, "\n    #%zu ", i);
        hn__spy_format_call(&b, d, rec);
        hn__buf_puts(&b, ": ");
        hn__mock_match(d, m, (unsigned)nm, rec, &b);
    }
    if (calls == 0)
        hn__buf_printf(&b, " (%s was never called)", d->name);
    else if (calls > HN__DOUBLE_LIST_MAX)
        hn__buf_printf(&b, "\n    ... %zu more", calls - HN__DOUBLE_LIST_MAX);
    hn__double_bypass--;
    hn__double_report(fatal, file, line, &b);
}
