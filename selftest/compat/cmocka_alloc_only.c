/* SPDX-License-Identifier: MIT */
/* cmocka_alloc_only.c: a cmocka program that queues nothing and leaks one
 * test_malloc block: the leak check runs all the same. */
#include <honest/cmocka.h>

static void leaks(void **state)
{
    (void)state;
    char *p = test_malloc(3);
    assert_non_null(p);
}

int main(void)
{
    const struct CMUnitTest alloc[] = {cmocka_unit_test(leaks)};
    return cmocka_run_group_tests(alloc, NULL, NULL);
}
