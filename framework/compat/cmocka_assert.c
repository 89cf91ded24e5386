/* SPDX-License-Identifier: MIT */
/* cmocka_assert.c: cmocka's assertions, fail, skip, print_message and
 * mock_assert, as honest failures: each names the macro, the expressions as
 * written and both values, at the assertion's file:line. */
#include <honest/cmocka.h>

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <honest/test.h>

#include "base/sys.h"
#include "core/context.h"

#define FAIL(file, line, ...) hn__ctx_fail(1, file, line, __VA_ARGS__)

HN__TEST_PATH void hn__cm_assert_true(int ok, const char *macro, const char *expr, const char *file,
                        int line)
{
    hn__ctx_count(file, line);
    if (!ok)
        FAIL(file, line, "%s(%s) failed", macro, expr);
}

HN__TEST_PATH void hn__cm_assert_return_code(LargestIntegralType rc, size_t rlen, LargestIntegralType error,
                               const char *expr, const char *file, int line)
{
    hn__ctx_count(file, line);
    /* rc is negative when its sign bit (of its own width) is set. */
    int negative = rlen < sizeof rc ? (rc >> (rlen * 8 - 1)) & 1 : (rc >> (sizeof rc * 8 - 1)) & 1;
    if (negative)
        FAIL(file, line, "assert_return_code(%s) failed: %s < 0, errno %ju: %s", expr, expr,
             (uintmax_t)error, strerror((int)error));
}

HN__TEST_PATH void hn__cm_assert_int(LargestIntegralType a, LargestIntegralType b, int equal, int ptr,
                       const char *ea, const char *eb, const char *file, int line)
{
    hn__ctx_count(file, line);
    if ((a == b) == equal)
        return;
    const char *macro = ptr ? (equal ? "assert_ptr_equal" : "assert_ptr_not_equal")
                            : (equal ? "assert_int_equal" : "assert_int_not_equal");
    if (ptr)
        FAIL(file, line, "%s(%s, %s) failed: %p %s %p", macro, ea, eb, (void *)(uintptr_t)a,
             equal ? "!=" : "==", (void *)(uintptr_t)b);
    else
        FAIL(file, line, "%s(%s, %s) failed: %jd (%#jx) %s %jd (%#jx)", macro, ea, eb,
         (intmax_t)a, (uintmax_t)a, equal ? "!=" : "==", (intmax_t)b, (uintmax_t)b);
}

HN__TEST_PATH void hn__cm_assert_float(double a, double b, double epsilon, int equal, const char *ea,
                         const char *eb, const char *file, int line)
{
    hn__ctx_count(file, line);
    int near = fabs(a - b) <= epsilon;
    if (near != equal)
        FAIL(file, line, "%s(%s, %s) failed: %g %s %g (epsilon %g)",
             equal ? "assert_float_equal" : "assert_float_not_equal", ea, eb, a,
             equal ? "!=" : "==", b, epsilon);
}

HN__TEST_PATH void hn__cm_assert_string(const char *a, const char *b, int equal, const char *ea,
                          const char *eb, const char *file, int line)
{
    hn__ctx_count(file, line);
    int same = a && b ? strcmp(a, b) == 0 : a == b;
    if (same != equal)
        FAIL(file, line, "%s(%s, %s) failed: \"%s\" %s \"%s\"",
             equal ? "assert_string_equal" : "assert_string_not_equal", ea, eb,
             a ? a : "(null)", equal ? "!=" : "==", b ? b : "(null)");
}

HN__TEST_PATH void hn__cm_assert_memory(const void *a, const void *b, size_t size, int equal,
                          const char *ea, const char *eb, const char *file, int line)
{
    hn__ctx_count(file, line);
    const unsigned char *x = a, *y = b;
    size_t at = 0;
    while (at < size && x[at] == y[at])
        at++;
    if ((at == size) == equal)
        return;
    if (equal)
        FAIL(file, line,
             "assert_memory_equal(%s, %s, %zu) failed: byte %zu differs: 0x%02x != 0x%02x",
             ea, eb, size, at, x[at], y[at]);
    else
        FAIL(file, line, "assert_memory_not_equal(%s, %s, %zu) failed: all %zu bytes are equal",
         ea, eb, size, size);
}

HN__TEST_PATH void hn__cm_assert_range(LargestIntegralType value, LargestIntegralType minimum,
                         LargestIntegralType maximum, int inside, const char *expr,
                         const char *file, int line)
{
    hn__ctx_count(file, line);
    int in = value >= minimum && value <= maximum;
    if (in != inside)
        FAIL(file, line, "%s(%s, ...) failed: %ju is %s [%ju, %ju]",
             inside ? "assert_in_range" : "assert_not_in_range", expr, (uintmax_t)value,
             in ? "inside" : "outside", (uintmax_t)minimum, (uintmax_t)maximum);
}

HN__TEST_PATH void hn__cm_assert_set(LargestIntegralType value, const LargestIntegralType values[],
                       size_t count, int inside, const char *expr, const char *file, int line)
{
    hn__ctx_count(file, line);
    int in = 0;
    for (size_t i = 0; i < count && !in; i++)
        in = values[i] == value;
    if (in != inside)
        FAIL(file, line, "%s(%s, ...) failed: %ju is %s the set of %zu values",
             inside ? "assert_in_set" : "assert_not_in_set", expr, (uintmax_t)value,
             in ? "in" : "not in", count);
}

void hn__cm_fail(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    hn__ctx_count(file, line);
    hn__ctx_vfail(file, line, fmt, ap);
    va_end(ap);
    hn__ctx_abort();
}

void hn__cm_skip(const char *file, int line)
{
    hn__skip(file, line, "skip() was called");
}

void vprint_message(const char *const format, va_list args)
{
    vprintf(format, args);
    fflush(stdout);
}

void vprint_error(const char *const format, va_list args)
{
    vfprintf(stderr, format, args);
}

void print_message(const char *const format, ...)
{
    va_list ap;
    va_start(ap, format);
    vprint_message(format, ap);
    va_end(ap);
}

void print_error(const char *const format, ...)
{
    va_list ap;
    va_start(ap, format);
    vprint_error(format, ap);
    va_end(ap);
}

/* ---- mock_assert and expect_assert_failure. ---- */

static jmp_buf assert_jump;
static int expecting_assert;

void mock_assert(const int result, const char *const expression, const char *const file,
                 const int line)
{
    if (result)
        return;
    if (expecting_assert)
        longjmp(assert_jump, 1);
    hn__ctx_fail(1, file, line, "mock_assert: assertion %s failed", expression);
}

jmp_buf *hn__cm_expect_assert_begin(const char *file, int line)
{
    hn__ctx_count(file, line);
    expecting_assert = 1;
    return &assert_jump;
}

void hn__cm_expect_assert_missed(const char *call, const char *file, int line)
{
    expecting_assert = 0;
    hn__ctx_fail(1, file, line, "expect_assert_failure(%s): the call returned without a "
                 "failed mock_assert", call);
}

void hn__cm_expect_assert_end(void)
{
    expecting_assert = 0;
}
