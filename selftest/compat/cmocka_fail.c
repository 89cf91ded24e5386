/* SPDX-License-Identifier: MIT */
/* cmocka_fail.c: a cmocka program whose tests fail, one way each: values
 * left in queues, a leaked or overrun test_malloc block, a missing value, a
 * wrong parameter, calls out of order, a failing setup, a group setup with
 * a failed honest check (honest.h beside cmocka.h, as migrated files have
 * it). compat_test.c runs each (--filter) and checks what honest reports. */
#include <honest.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <honest/cmocka.h>

static int fetch(int id)
{
    check_expected(id);
    return (int)mock();
}

static int value_of(void)
{
    return mock_type(int);
}

static void first(void)
{
    function_called();
}

static void second(void)
{
    function_called();
}

static void leftover_value(void **state)
{
    (void)state;
    will_return_count(value_of, 5, 2);
    assert_int_equal(value_of(), 5);
}

static void leftover_expectation(void **state)
{
    (void)state;
    expect_value(fetch, id, 1);
    expect_value(fetch, id, 2);
    will_return(fetch, 0);
    fetch(1);
}

static void missing_value(void **state)
{
    (void)state;
    value_of();
}

static void wrong_parameter(void **state)
{
    (void)state;
    expect_value(fetch, id, 3);
    will_return(fetch, 0);
    fetch(4);
}

static void out_of_order(void **state)
{
    (void)state;
    expect_function_call(first);
    expect_function_call(second);
    second();
    first();
}

static void leaked_block(void **state)
{
    (void)state;
    char *p = test_malloc(12);
    p[0] = 'x';
}

static void overrun_block(void **state)
{
    (void)state;
    char *p = test_malloc(4);
    memcpy(p, "12345678", 8);
    test_free(p);
}

static void failing_message(void **state)
{
    (void)state;
    fail_msg("the answer was %d", 41);
}

static void unequal_ints(void **state)
{
    (void)state;
    int answer = 41;
    assert_int_equal(answer, 42);
}

static int refuse(void **state)
{
    (void)state;
    return 3;
}

static int say_teardown(void **state)
{
    (void)state;
    print_message("teardown ran\n");
    return 0;
}

static void never_runs(void **state)
{
    (void)state;
    print_message("the body ran\n");
}

static void fails_then_tears_down(void **state)
{
    (void)state;
    fail();
}

static void always_never_used(void **state)
{
    (void)state;
    will_return_always(value_of, 1);
    will_return_maybe(fetch, 2); /* maybe: not a failure when unused */
}

static void zero_count(void **state)
{
    (void)state;
    will_return_count(value_of, 1, 0);
}

/* Leaves a value queued (and fails); the next test, in the same process with
 * --no-fork, must not see it. */
static void stale_first(void **state)
{
    (void)state;
    will_return_count(value_of, 1, 2);
    assert_int_equal(value_of(), 1);
}

static void stale_second(void **state)
{
    (void)state;
    will_return(value_of, 2);
    assert_int_equal(value_of(), 2);
}

static int refuse_group(void **state)
{
    (void)state;
    return 5;
}

/* cmocka's test_group_setup_assert.c in our words: an assertion fails
 * inside the group setup; the group's tests fail, the program goes on. */
static int assert_in_group(void **state)
{
    (void)state;
    assert_int_equal(6 * 7, 41);
    return 0;
}

/* A check (not fatal) fails inside the group setup: the setup goes on to
 * its end, and the group's tests fail as after a failed assertion. */
static int check_in_group(void **state)
{
    (void)state;
    HN_CHECK_EQ(6 * 7, 41);
    print_message("the group setup went on after its check\n");
    return 0;
}

static int group_teardown_said(void **state)
{
    (void)state;
    print_message("group teardown ran\n");
    return 0;
}

int main(void)
{
    const struct CMUnitTest edges[] = {
        cmocka_unit_test(leftover_value),
        cmocka_unit_test(leftover_expectation),
        cmocka_unit_test(missing_value),
        cmocka_unit_test(wrong_parameter),
        cmocka_unit_test(out_of_order),
        cmocka_unit_test(leaked_block),
        cmocka_unit_test(overrun_block),
        cmocka_unit_test(failing_message),
        cmocka_unit_test(unequal_ints),
        cmocka_unit_test_setup_teardown(never_runs, refuse, say_teardown),
        cmocka_unit_test_teardown(fails_then_tears_down, say_teardown),
        cmocka_unit_test(always_never_used),
        cmocka_unit_test(zero_count),
        cmocka_unit_test(stale_first),
        cmocka_unit_test(stale_second),
    };
    const struct CMUnitTest broken[] = {
        cmocka_unit_test(never_runs),
    };
    int rc = cmocka_run_group_tests(edges, NULL, NULL);
    rc |= cmocka_run_group_tests(broken, refuse_group, group_teardown_said);
    const struct CMUnitTest asserting[] = {
        cmocka_unit_test(never_runs),
        cmocka_unit_test(leftover_value),
    };
    rc |= cmocka_run_group_tests(asserting, assert_in_group, group_teardown_said);
    const struct CMUnitTest checking[] = {
        cmocka_unit_test(never_runs),
    };
    rc |= cmocka_run_group_tests(checking, check_in_group, group_teardown_said);
    return rc;
}
