/* SPDX-License-Identifier: MIT */
/* cmocka_lean.c: a cmocka program whose test looks, from inside its test
 * process, at the program's data: a trivial test copies no page of it (the
 * layer's running test and its state lie with the test's context, and the
 * parts linked in write nothing when they have nothing to do). Driven by
 * compat_test.c, forked. */
#include <honest/cmocka.h>

#include "pagemap.h"

__attribute__((constructor)) static void bind_early(void)
{
    st_pagemap_bind_early();
}

static void copies_no_page_of_the_programs_data(void **state)
{
    (void)state;
    int looked = 0, copied = st_data_pages_copied(&looked);
    assert_true(looked > 0);
    assert_int_equal(copied, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(copies_no_page_of_the_programs_data),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
