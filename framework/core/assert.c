/* SPDX-License-Identifier: MIT */
/* assert.c: the checks behind HN_ASSERT_* and HN_CHECK_*: compare, and on
 * failure describe the expression as written and both values. */
#include <honest/assert.h>

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/sys.h"
#include "core/context.h"

/* The out-of-line constructors (C++'s HN__VAL, hn__assert_cmp_va): the same
 * values <honest/assert.h> builds inline in C. */
HN__TEST_PATH hn__value hn__v_int(intmax_t x)
{
    return hn__iv_int(x);
}

HN__TEST_PATH hn__value hn__v_uint(uintmax_t x)
{
    return hn__iv_uint(x);
}

HN__TEST_PATH hn__value hn__v_bool(_Bool x)
{
    return hn__iv_bool(x);
}

HN__TEST_PATH hn__value hn__v_char(char x)
{
    return hn__iv_char(x);
}

/* Not through hn__iv_ptr: x is declared never read (HN__NO_ACCESS), and
 * handing it to a function not declared so makes GCC warn. */
HN__TEST_PATH hn__value hn__v_ptr(const volatile void *x)
{
    return (hn__value){.kind = HN__V_PTR, .v.p = x};
}

HN__TEST_PATH hn__value hn__v_float(double x)
{
    return hn__iv_float(x);
}

static void describe(hn__buf *b, hn__value v)
{
    switch (v.kind) {
    case HN__V_INT: hn__buf_printf(b, "%jd", v.v.i); break;
    case HN__V_UINT:
        hn__buf_printf(b, "%ju", v.v.u);
        if (v.v.u > 9)
            hn__buf_printf(b, " (0x%jx)", v.v.u);
        break;
    case HN__V_BOOL: hn__buf_puts(b, v.v.u ? "true" : "false"); break;
    case HN__V_CHAR: {
        char c = (char)v.v.i;
        hn__buf_puts(b, "'");
        if (c == '\'')
            hn__buf_puts(b, "\\'");
        else
            hn__buf_escape_c(b, &c, 1);
        hn__buf_printf(b, "' (%d)", (int)(unsigned char)c);
        break;
    }
    case HN__V_PTR:
        if (v.v.p)
            hn__buf_printf(b, "%p", (const void *)v.v.p);
        else
            hn__buf_puts(b, "NULL");
        break;
    default: hn__buf_printf(b, "%.17g", v.v.d);
    }
}

/* Integers compare by mathematical value whatever their signedness. */
static int sign_of(hn__value v)
{
    return v.kind == HN__V_INT || v.kind == HN__V_CHAR ? (v.v.i < 0 ? -1 : 1) : 1;
}

static uintmax_t magnitude(hn__value v)
{
    if (v.kind == HN__V_INT || v.kind == HN__V_CHAR)
        return v.v.i < 0 ? (uintmax_t)0 - (uintmax_t)v.v.i : (uintmax_t)v.v.i;
    if (v.kind == HN__V_PTR)
        return (uintmax_t)(uintptr_t)v.v.p;
    return v.v.u;
}

static long double as_float(hn__value v)
{
    if (v.kind == HN__V_FLOAT)
        return v.v.d;
    return sign_of(v) < 0 ? (long double)v.v.i : (long double)magnitude(v);
}

/* Returns <0, 0, >0 like strcmp; 2 when unordered (NaN). */
HN__TEST_PATH static int compare(hn__value a, hn__value b)
{
    if (a.kind == HN__V_FLOAT || b.kind == HN__V_FLOAT) {
        long double x = as_float(a), y = as_float(b);
        if (isnan(x) || isnan(y))
            return 2;
        return x < y ? -1 : x > y;
    }
    int sa = sign_of(a), sb = sign_of(b);
    if (sa != sb)
        return sa < sb ? -1 : 1;
    uintmax_t ma = magnitude(a), mb = magnitude(b);
    int c = ma < mb ? -1 : ma > mb;
    return sa < 0 ? -c : c;
}

/* Whether op holds for c (from compare). Bit (op - 1) * 3 + c + 1 of the
 * mask says whether op holds for c = -1, 0, 1: a constant in the code, not
 * a table a test process would fault in (a switch became one). */
HN__TEST_PATH static int holds(int op, int c)
{
    if (c == 2)
        return op == HN__OP_NE;
    const unsigned long mask = 2ul | 5ul << 3 | 1ul << 6 | 3ul << 9 | 4ul << 12 | 6ul << 15;
    if (op < HN__OP_EQ || op > HN__OP_GE)
        op = HN__OP_GE;
    return (int)(mask >> ((op - 1) * 3 + c + 1) & 1);
}

/* Records the failure, frees the message, then ends the test if fatal (the
 * jump must not skip the free). */
static void report(int fatal, const char *file, int line, hn__buf *msg)
{
    hn__ctx_fail_soft(file, line, "%s", hn__buf_str(msg));
    hn__buf_free(msg);
    if (fatal)
        hn__ctx_stop();
}

HN__TEST_PATH void hn__assert_true(int fatal, const char *file, int line, const char *macro,
                     const char *expr, int ok)
{
    hn__ctx_count(file, line);
    if (ok)
        return;
    hn__buf m = {0};
    hn__buf_printf(&m, "%s(%s)\n  %s is false", macro, expr, expr);
    report(fatal, file, line, &m);
}

HN__TEST_PATH void hn__assert_true_at(const hn__assert_site *s, int holds)
{
    hn__assert_true(s->fatal, s->file, s->line, s->macro, s->ea, holds);
}

HN__TEST_PATH void hn__assert_cmp_at(const hn__assert_site *s, hn__value a, hn__value b)
{
    hn__assert_cmp(s->fatal, s->file, s->line, s->macro, s->op, s->ea, s->eb, a, b);
}

/* One operand of hn__assert_cmp_va, read as it was passed (HN__ARG in
 * <honest/assert.h>: the kinds are those numbers). */
HN__TEST_PATH static hn__value va_value(int kind, va_list *ap)
{
    switch (kind) {
    case 1: return hn__v_int(va_arg(*ap, int));
    case 2: return hn__v_uint(va_arg(*ap, unsigned int));
    case 3: return hn__v_int(va_arg(*ap, long));
    case 4: return hn__v_uint(va_arg(*ap, unsigned long));
    case 5: return hn__v_int(va_arg(*ap, long long));
    case 6: return hn__v_uint(va_arg(*ap, unsigned long long));
    case 7: return hn__v_uint((unsigned)va_arg(*ap, int));
    case 8: return hn__v_bool(va_arg(*ap, int) != 0);
    case 9: return hn__v_char((char)va_arg(*ap, int));
    case 10: return hn__v_float(va_arg(*ap, double));
    case 11: return hn__v_float((double)va_arg(*ap, long double));
    default: return hn__v_ptr(va_arg(*ap, void *));
    }
}

HN__TEST_PATH void hn__assert_cmp_va(const hn__assert_site *s, ...)
{
    va_list ap;
    va_start(ap, s);
    hn__value a = va_value(s->ka, &ap);
    hn__value b = va_value(s->kb, &ap);
    va_end(ap);
    hn__assert_cmp(s->fatal, s->file, s->line, s->macro, s->op, s->ea, s->eb, a, b);
}

HN__TEST_PATH void hn__assert_str_at(const hn__assert_site *s, const char *a, const char *b)
{
    hn__assert_str(s->fatal, s->file, s->line, s->macro, s->op, s->ea, s->eb, a, b);
}

HN__TEST_PATH void hn__assert_cmp(int fatal, const char *file, int line, const char *macro, int op,
                    const char *ea, const char *eb, hn__value a, hn__value b)
{
    hn__ctx_count(file, line);
    if (holds(op, compare(a, b)))
        return;
    hn__buf m = {0};
    hn__buf_printf(&m, "%s(%s, %s)\n  left:  ", macro, ea, eb);
    describe(&m, a);
    hn__buf_puts(&m, "\n  right: ");
    describe(&m, b);
    report(fatal, file, line, &m);
}

static void quoted(hn__buf *b, const char *s)
{
    if (!s) {
        hn__buf_puts(b, "NULL");
        return;
    }
    hn__buf_puts(b, "\"");
    hn__buf_escape_c(b, s, strlen(s));
    hn__buf_puts(b, "\"");
}

HN__TEST_PATH void hn__assert_str(int fatal, const char *file, int line, const char *macro, int op,
                    const char *ea, const char *eb, const char *a, const char *b)
{
    hn__ctx_count(file, line);
    int same = (a && b) ? strcmp(a, b) == 0 : a == b;
    if (same == (op == HN__OP_EQ))
        return;
    hn__buf m = {0};
    hn__buf_printf(&m, "%s(%s, %s)\n  left:  ", macro, ea, eb);
    quoted(&m, a);
    hn__buf_puts(&m, "\n  right: ");
    quoted(&m, b);
    if (a && b && !same) {
        size_t i = 0;
        while (a[i] && a[i] == b[i])
            i++;
        hn__buf_printf(&m, "\n  first difference at byte %zu", i);
    }
    report(fatal, file, line, &m);
}

void hn__assert_contains(int fatal, const char *file, int line, const char *macro,
                         const char *ea, const char *eb, const char *h, const char *n)
{
    hn__ctx_count(file, line);
    if (h && n && strstr(h, n))
        return;
    hn__buf m = {0};
    hn__buf_printf(&m, "%s(%s, %s)\n  haystack: ", macro, ea, eb);
    quoted(&m, h);
    hn__buf_puts(&m, "\n  needle:   ");
    quoted(&m, n);
    report(fatal, file, line, &m);
}

/* One row of 16 bytes, the byte at `mark` between brackets. */
static void hex_row(hn__buf *m, const unsigned char *p, size_t row, size_t n, size_t mark)
{
    hn__buf_printf(m, "%04zx:", row);
    for (size_t i = row; i < row + 16 && i < n; i++)
        hn__buf_printf(m, i == mark ? " [%02x]" : " %02x", p[i]);
}

void hn__assert_mem(int fatal, const char *file, int line, const char *macro,
                    const char *ea, const char *eb, const char *en, const void *a,
                    const void *b, size_t n)
{
    hn__ctx_count(file, line);
    if (a && b && memcmp(a, b, n) == 0)
        return;
    hn__buf m = {0};
    hn__buf_printf(&m, "%s(%s, %s, %s)", macro, ea, eb, en);
    if (!a || !b) {
        hn__buf_printf(&m, "\n  %s is NULL", !a ? ea : eb);
        report(fatal, file, line, &m);
        return;
    }
    const unsigned char *x = a, *y = b;
    size_t first = 0;
    while (x[first] == y[first])
        first++;
    hn__buf_printf(&m, "\n  first difference at byte %zu of %zu", first, n);
    size_t from = first / 16 * 16;
    from = from >= 16 ? from - 16 : 0;
    for (size_t row = from; row < n && row <= first / 16 * 16 + 16; row += 16) {
        hn__buf_puts(&m, "\n  left:  ");
        hex_row(&m, x, row, n, first);
        hn__buf_puts(&m, "\n  right: ");
        hex_row(&m, y, row, n, first);
    }
    report(fatal, file, line, &m);
}

void hn__assert_near(int fatal, const char *file, int line, const char *macro,
                     const char *ea, const char *eb, const char *eeps, long double a,
                     long double b, long double eps)
{
    hn__ctx_count(file, line);
    long double d = fabsl(a - b);
    if (d <= eps)
        return;
    hn__buf m = {0};
    hn__buf_printf(&m, "%s(%s, %s, %s)\n  left:  %.17Lg\n  right: %.17Lg\n"
                       "  difference %.17Lg exceeds %.17Lg",
                   macro, ea, eb, eeps, a, b, d, eps);
    report(fatal, file, line, &m);
}

void hn__assert_null(int fatal, const char *file, int line, const char *macro,
                     const char *expr, int want_null, const volatile void *p)
{
    hn__ctx_count(file, line);
    if ((p == NULL) == (want_null != 0))
        return;
    hn__buf m = {0};
    if (p)
        hn__buf_printf(&m, "%s(%s)\n  value: %p", macro, expr, (const void *)p);
    else
        hn__buf_printf(&m, "%s(%s)\n  value: NULL", macro, expr);
    report(fatal, file, line, &m);
}

void hn__assert_pass(const char *file, int line)
{
    hn__ctx_count(file, line);
}

void hn__assert_false(const char *file, int line, const char *macro, const char *expr)
{
    hn__assert_true(1, file, line, macro, expr, 0);
    hn__ctx_stop(); /* not reached: a fatal failure does not return */
}

void hn__assert_is_null(const char *file, int line, const char *macro, const char *expr)
{
    hn__assert_null(1, file, line, macro, expr, 0, NULL);
    hn__ctx_stop();
}
