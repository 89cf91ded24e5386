/* SPDX-License-Identifier: MIT */
/* cmocka_config.c: a cmocka program that configures its run from main:
 * TAP output and a skip filter, as honest's --tap and --filter=-... */
#include <honest/cmocka.h>

static void fast_one(void **state)
{
    (void)state;
    assert_true(1);
}

static void slow_one(void **state)
{
    (void)state;
    print_message("slow_one ran\n");
    fail_msg("a skipped test ran");
}

int main(void)
{
    const struct CMUnitTest config[] = {
        cmocka_unit_test(fast_one),
        cmocka_unit_test(slow_one),
    };
    cmocka_set_message_output(CM_OUTPUT_TAP);
    cmocka_set_skip_filter("slow_*");
    return cmocka_run_group_tests(config, NULL, NULL);
}
