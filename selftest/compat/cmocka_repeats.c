/* SPDX-License-Identifier: MIT */
/* cmocka_repeats.c: two things cmocka's own test suite relies on. A group may
 * list one test function several times (each entry with its own state), and
 * an entry of the call order that may be passed over (ignore_function_calls,
 * or expect_function_call_any once called) keeps answering after a later
 * entry was called. The "order_fails" group holds what must still fail.
 * REPEATS_TEST_FILTER and REPEATS_SKIP_FILTER, when set, are given to
 * cmocka_set_test_filter and cmocka_set_skip_filter. compat_test.c runs it
 * (NO_DISCOVER: the program exits 1). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <honest/cmocka.h>

static void ping(void)
{
    function_called();
}

static void pong(void)
{
    function_called();
}

/* Listed three times, each entry with its own prestate (the third's setup
 * makes 3 into 13). */
static void sees_its_own_state(void **state)
{
    int level = *(const int *)*state;
    print_message("level %d\n", level);
    assert_true(level == 1 || level == 2 || level == 13);
}

static int bump(void **state)
{
    static int bumped;
    bumped = *(const int *)*state + 10;
    *state = &bumped;
    return 0;
}

static void ignored_call_after_a_later_one(void **state)
{
    (void)state;
    ignore_function_calls(ping);
    expect_function_calls(pong, 2);
    pong();
    ping();
    pong();
}

static void any_call_after_a_later_one(void **state)
{
    (void)state;
    expect_function_call_any(ping);
    expect_function_call(pong);
    ping();
    pong();
    ping();
}

/* An expect_function_call_any entry not yet called may not be passed over. */
static void uncalled_any_blocks(void **state)
{
    (void)state;
    expect_function_call_any(ping);
    ignore_function_calls(pong);
    pong();
}

/* A counted entry may not be passed over either. */
static void counted_blocks(void **state)
{
    (void)state;
    expect_function_call(pong);
    ignore_function_calls(ping);
    ping();
    pong();
}

int main(void)
{
    int one = 1, two = 2, three = 3;
    const struct CMUnitTest again[] = {
        cmocka_unit_test_prestate(sees_its_own_state, &one),
        cmocka_unit_test_prestate(sees_its_own_state, &two),
        cmocka_unit_test_prestate_setup_teardown(sees_its_own_state, bump, NULL, &three),
    };
    const struct CMUnitTest order[] = {
        cmocka_unit_test(ignored_call_after_a_later_one),
        cmocka_unit_test(any_call_after_a_later_one),
    };
    const struct CMUnitTest order_fails[] = {
        cmocka_unit_test(uncalled_any_blocks),
        cmocka_unit_test(counted_blocks),
    };
    if (getenv("REPEATS_TEST_FILTER"))
        cmocka_set_test_filter(getenv("REPEATS_TEST_FILTER"));
    if (getenv("REPEATS_SKIP_FILTER"))
        cmocka_set_skip_filter(getenv("REPEATS_SKIP_FILTER"));
    int failed = cmocka_run_group_tests_name("again", again, NULL, NULL);
    failed += cmocka_run_group_tests_name("order", order, NULL, NULL);
    failed += cmocka_run_group_tests_name("order_fails", order_fails, NULL, NULL);
    return failed ? 1 : 0;
}
