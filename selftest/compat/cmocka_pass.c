/* SPDX-License-Identifier: MIT */
/* cmocka_pass.c: a cmocka program that keeps its main and runs two groups,
 * using every part of the API in tests meant to pass (one skips). Run under
 * CTest test by test (honest_add_test), and by compat_test.c for its
 * reports and flags. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <honest/cmocka.h>

#include "alarm.h"

/* The boundaries of alarm.c, as cmocka mocks. */
int sensor_read(int channel)
{
    check_expected(channel);
    return mock_type(int);
}

void buzzer_on(int level)
{
    function_called();
    check_expected(level);
}

void log_line(const char *fmt, ...)
{
    check_expected_ptr(fmt);
}

static const char *name_of(int id)
{
    (void)id;
    return mock_ptr_type(const char *);
}

static void ping(void)
{
    function_called();
}

static void pong(void)
{
    function_called();
}

static void buzzes_above_the_limit(void **state)
{
    (void)state;
    expect_value(sensor_read, channel, 2);
    will_return(sensor_read, 90);
    expect_any(log_line, fmt);
    expect_function_call(buzzer_on);
    expect_in_range(buzzer_on, level, 1, 100);
    assert_int_equal(alarm_check(2, 50), 1);
}

static void stays_quiet_below(void **state)
{
    (void)state;
    expect_any_count(sensor_read, channel, 3);
    will_return_count(sensor_read, 10, 3);
    expect_string_count(log_line, fmt, "channel %d reads %d", 3);
    for (int i = 0; i < 3; i++)
        assert_false(alarm_check(i, 50));
}

static void will_return_forms(void **state)
{
    (void)state;
    will_return_always(name_of, "fixed");
    will_return_maybe(sensor_read, 7); /* never used: not a failure */
    assert_string_equal(name_of(1), "fixed");
    assert_string_equal(name_of(2), "fixed");
}

static int is_even(const LargestIntegralType value, const LargestIntegralType data)
{
    return (value % 2) == data;
}

static void expect_forms(void **state)
{
    (void)state;
    LargestIntegralType primes[] = {2, 3, 5, 7};
    char bytes[] = {1, 2, 3};
    expect_in_set(sensor_read, channel, primes);
    expect_not_in_set(sensor_read, channel, primes);
    expect_not_value(sensor_read, channel, 9);
    expect_not_in_range(sensor_read, channel, 100, 200);
    expect_check(sensor_read, channel, is_even, 0);
    expect_memory(log_line, fmt, bytes, 3);
    expect_not_memory(log_line, fmt, "zzz", 3);
    expect_not_string(log_line, fmt, "other");
    will_return_count(sensor_read, 0, 5);
    assert_int_equal(sensor_read(5), 0);
    assert_int_equal(sensor_read(4), 0);
    assert_int_equal(sensor_read(8), 0);
    assert_int_equal(sensor_read(3), 0);
    assert_int_equal(sensor_read(6), 0);
    log_line(bytes);
    log_line("abc");
    log_line("this");
}

static void call_order(void **state)
{
    (void)state;
    expect_function_call(ping);
    expect_function_calls(pong, 2);
    ignore_function_calls(ping);
    expect_function_call_any(pong);
    ping();
    pong();
    pong();
    ping();
    pong();
    pong();
}

static void every_assertion(void **state)
{
    (void)state;
    int x = 3;
    LargestIntegralType set[] = {1, 3};
    assert_true(x == 3);
    assert_false(x == 4);
    assert_non_null(&x);
    assert_null(NULL);
    assert_ptr_equal(&x, &x);
    assert_ptr_not_equal(&x, NULL);
    assert_int_equal(x, 3);
    assert_int_not_equal(x, 4);
    assert_float_equal(0.1 + 0.2, 0.3, 1e-6);
    assert_float_not_equal(0.1, 0.3, 1e-6);
    assert_string_equal("a", "a");
    assert_string_not_equal("a", "b");
    assert_memory_equal("abc", "abc", 3);
    assert_memory_not_equal("abc", "abd", 3);
    assert_in_range(x, 1, 5);
    assert_not_in_range(x, 4, 5);
    assert_in_set(x, set, 2);
    assert_not_in_set(2, set, 2);
    assert_return_code(0, 0);
}

static void allocations_given_back(void **state)
{
    (void)state;
    char *p = test_malloc(4);
    int *q = test_calloc(2, sizeof *q);
    p = test_realloc(p, 16);
    assert_int_equal(q[1], 0);
    strcpy(p, "fits in 16");
    test_free(p);
    test_free(q);
}

static void checked(int ok)
{
    mock_assert(ok, "ok", __FILE__, __LINE__);
}

static void mock_assert_expected(void **state)
{
    (void)state;
    expect_assert_failure(checked(0));
    checked(1);
}

static void prints_and_skips(void **state)
{
    (void)state;
    print_message("a message from the test\n");
    skip();
}

static int put_state(void **state)
{
    *state = test_malloc(sizeof(int));
    *(int *)*state = 41;
    return 0;
}

static int take_state(void **state)
{
    test_free(*state);
    return 0;
}

static void with_setup_teardown(void **state)
{
    assert_int_equal(++*(int *)*state, 42);
}

static int prestate_value = 7;

static void with_prestate(void **state)
{
    assert_ptr_equal(*state, &prestate_value);
}

/* The second group: its setup runs once, before any test process starts. */
static int group_up(void **state)
{
    static int shared = 100;
    *state = &shared;
    return 0;
}

static int group_down(void **state)
{
    print_message("group teardown saw %d\n", *(int *)*state);
    return 0;
}

static void group_state_first(void **state)
{
    int *shared = *state;
    assert_int_equal(*shared, 100);
    *shared = 1; /* this test's process only */
}

static void group_state_second(void **state)
{
    assert_int_equal(*(int *)*state, 100);
}

int main(void)
{
    const struct CMUnitTest api[] = {
        cmocka_unit_test(buzzes_above_the_limit),
        cmocka_unit_test(stays_quiet_below),
        cmocka_unit_test(will_return_forms),
        cmocka_unit_test(expect_forms),
        cmocka_unit_test(call_order),
        cmocka_unit_test(every_assertion),
        cmocka_unit_test(allocations_given_back),
        cmocka_unit_test(mock_assert_expected),
        cmocka_unit_test(prints_and_skips),
        cmocka_unit_test_setup_teardown(with_setup_teardown, put_state, take_state),
        cmocka_unit_test_prestate(with_prestate, &prestate_value),
    };
    const struct CMUnitTest shared[] = {
        cmocka_unit_test(group_state_first),
        cmocka_unit_test(group_state_second),
    };
    int failed = cmocka_run_group_tests(api, NULL, NULL);
    failed += cmocka_run_group_tests_name("shared", shared, group_up, group_down);
    return failed;
}
