/* SPDX-License-Identifier: MIT */
/* cmocka_module.c: a cmocka program whose code under test (cut/pool.c) does
 * not include cmocka.h but calls cmocka's _test_malloc, _test_calloc,
 * _test_realloc, _test_free and mock_assert itself, and whose own helper is declared with
 * CMOCKA_PRINTF_ATTRIBUTE. One test leaks on purpose; compat_test.c runs it
 * (NO_DISCOVER: the program exits 1). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <honest/cmocka.h>

#include "pool.h"

static char said[64];

static void note(const char *format, ...) CMOCKA_PRINTF_ATTRIBUTE(1, 2);

static void note(const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    vsnprintf(said, sizeof said, format, ap);
    va_end(ap);
}

static void copies_grows_and_releases(void **state)
{
    (void)state;
    char *copy = pool_dup("abc");
    assert_string_equal(copy, "abc");
    copy = pool_grow(copy, 4);
    assert_non_null(copy);
    assert_string_equal(copy, "abc");
    assert_int_equal(copy[6], 0);
    note("%s:%d", copy, 7);
    assert_string_equal(said, "abc:7");
    pool_release(copy);
}

static void zeroed_is_zero(void **state)
{
    (void)state;
    char *z = pool_zeroed(8);
    for (int i = 0; i < 8; i++)
        assert_int_equal(z[i], 0);
    pool_release(z);
}

static void null_text_asserts(void **state)
{
    (void)state;
    expect_assert_failure(pool_dup(NULL));
}

static void forgets_to_release(void **state)
{
    (void)state;
    assert_string_equal(pool_dup("kept"), "kept");
}

int main(void)
{
    const struct CMUnitTest pool[] = {
        cmocka_unit_test(copies_grows_and_releases),
        cmocka_unit_test(zeroed_is_zero),
        cmocka_unit_test(null_text_asserts),
        cmocka_unit_test(forgets_to_release),
    };
    return cmocka_run_group_tests(pool, NULL, NULL);
}
