/* SPDX-License-Identifier: MIT */
/* cmocka_interrupt.c: two groups, the first with a test that waits: a SIGINT
 * during it stops the program, not only its first group's run. */
#include <unistd.h>

#include <honest/cmocka.h>

static void waits(void **state)
{
    (void)state;
    sleep(20);
}

static void second(void **state)
{
    (void)state;
    print_message("the second group ran\n");
}

int main(void)
{
    const struct CMUnitTest slow[] = {cmocka_unit_test(waits)};
    const struct CMUnitTest after[] = {cmocka_unit_test(second)};
    int rc = cmocka_run_group_tests(slow, NULL, NULL);
    rc |= cmocka_run_group_tests(after, NULL, NULL);
    return rc;
}
