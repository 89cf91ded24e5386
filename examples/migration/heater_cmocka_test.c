/* SPDX-License-Identifier: MIT */
/* heater_cmocka_test.c: a cmocka suite of heater.c with its own main. Moving
 * it to honest changed one line, the include: the same main now runs each
 * test in its own process under honest's runner, with honest's flags. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#ifdef EXAMPLE_REAL_CMOCKA
#include <cmocka.h>
#else
#include <honest/cmocka.h>
#endif

#include "heater.h"

int temp_read(int sensor)
{
    check_expected(sensor);
    return mock_type(int);
}

void relay_set(int on)
{
    check_expected(on);
}

void event_log(const char *fmt, ...)
{
    check_expected_ptr(fmt);
}

static void switches_on_below_target(void **state)
{
    (void)state;
    expect_value(temp_read, sensor, 0);
    will_return(temp_read, 18);
    expect_value(relay_set, on, 1);
    assert_int_equal(heater_step(20), 1);
}

static void switches_off_at_target(void **state)
{
    (void)state;
    expect_any(temp_read, sensor);
    will_return(temp_read, 20);
    expect_value(relay_set, on, 0);
    assert_int_equal(heater_step(20), 0);
}

static void failed_sensor_is_logged(void **state)
{
    (void)state;
    expect_any(temp_read, sensor);
    will_return(temp_read, -5);
    expect_value(relay_set, on, 0);
    expect_string(event_log, fmt, "sensor failed: %d");
    assert_int_equal(heater_step(20), -1);
}

int main(void)
{
    const struct CMUnitTest heater[] = {
        cmocka_unit_test(switches_on_below_target),
        cmocka_unit_test(switches_off_at_target),
        cmocka_unit_test(failed_sensor_is_logged),
    };
    return cmocka_run_group_tests(heater, NULL, NULL);
}
