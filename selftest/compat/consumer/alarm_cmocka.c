/* SPDX-License-Identifier: MIT */
/* alarm_cmocka.c: a cmocka program of alarm.c, with its own main, built
 * against an installed honest. */
#include <honest/cmocka.h>

#include "alarm.h"

int sensor_read(int channel)
{
    check_expected(channel);
    return mock_type(int);
}

void buzzer_on(int level)
{
    check_expected(level);
}

void log_line(const char *fmt, ...)
{
    (void)fmt;
}

static void buzzes_above_limit(void **state)
{
    (void)state;
    expect_value(sensor_read, channel, 1);
    will_return(sensor_read, 15);
    expect_value(buzzer_on, level, 5);
    assert_true(alarm_check(1, 10));
}

static void quiet_at_limit(void **state)
{
    (void)state;
    expect_any(sensor_read, channel);
    will_return(sensor_read, 10);
    assert_false(alarm_check(1, 10));
}

int main(void)
{
    const struct CMUnitTest alarm[] = {
        cmocka_unit_test(buzzes_above_limit),
        cmocka_unit_test(quiet_at_limit),
    };
    return cmocka_run_group_tests(alarm, NULL, NULL);
}
