/* SPDX-License-Identifier: MIT */
/* doc_examples.c: the examples of docs/doubles.md, verbatim (a selftest
 * checks that every C block of the page appears in this file or thermo.h). */
#include <honest.h>

#include <time.h>

#include "thermo.h"

HN_DOUBLE(int, sensor_read, int, double *);
HN_DOUBLE(void, log_line, const char *);
HN_DOUBLE(time_t, time, time_t *);

HN_TEST(doubles_doc, stub_a_reading)
{
    double hot = 81.5;
    HN_RETURNS(sensor_read, 0);
    HN_FILLS(sensor_read, 1, hot);
    HN_ASSERT_EQ(thermo_check(3, 80.0, NULL), 1);
}

HN_TEST(doubles_doc, stub_a_sequence)
{
    HN_RETURNS_SEQ(sensor_read, -1, 0);
    HN_ASSERT_EQ(thermo_check(3, 80.0, NULL), -1);
    HN_ASSERT_EQ(thermo_check(3, 80.0, NULL), 0);
}

static int cold_sensors(int id, double *celsius)
{
    *celsius = id * 10.0;
    return 0;
}

HN_TEST(doubles_doc, fake_sensors)
{
    HN_CALLS(sensor_read, cold_sensors);
    HN_ASSERT_EQ(thermo_check(5, 80.0, NULL), 0);
    HN_ASSERT_EQ(thermo_check(9, 80.0, NULL), 1);
}

HN_TEST(doubles_doc, spy_on_the_log)
{
    HN_RETURNS(sensor_read, -1);
    HN_CALLS_REAL(log_line);
    thermo_check(3, 80.0, NULL);
    HN_ASSERT_CALLED(log_line, 1);
    HN_ASSERT_STR_EQ(HN_ARG(log_line, 0, 0), "sensor failed");
}

HN_TEST(doubles_doc, mock_the_log)
{
    double hot = 99.0;
    HN_FILLS(sensor_read, 1, hot);
    HN_EXPECT_CALL(log_line, hn_str_eq("sensor 3 at 99.0"));
    thermo_check(3, 80.0, NULL);
}

HN_TEST(doubles_doc, mock_with_actions)
{
    double hot = 99.0;
    HN_EXPECT_CALL(sensor_read, hn_eq(3), hn_not_null(), .returns = 0,
                   .fill = {hn_fill(1, &hot, sizeof hot)});
    HN_EXPECT_CALL(log_line, hn_str_contains("99.0"), .times = hn_at_most(1));
    HN_ASSERT_EQ(thermo_check(3, 80.0, NULL), 1);
}

HN_TEST(doubles_doc, order_across_doubles)
{
    hn_seq *s = hn_sequence();
    HN_EXPECT_CALL(sensor_read, hn_eq(1), hn_any(), .returns = -1, .seq = s);
    HN_EXPECT_CALL(log_line, hn_str_eq("sensor failed"), .seq = s);
    HN_EXPECT_CALL(sensor_read, hn_eq(2), hn_any(), .returns = -1, .seq = s);
    HN_EXPECT_CALL(log_line, hn_any(), .seq = s);
    thermo_check(1, 80.0, NULL);
    thermo_check(2, 80.0, NULL);
}

HN_TEST(doubles_doc, stub_libc)
{
    HN_RETURNS(time, (time_t)1000);
    HN_ASSERT_EQ(thermo_uptime(400), 600);
}

typedef void (*alarm_fn)(int, double);

HN_TEST(doubles_doc, callback_double)
{
    double hot = 90.0;
    HN_FILLS(sensor_read, 1, hot);
    HN_FN(alarm_fn, void, on_alarm, int, double);
    HN_EXPECT_CALL(on_alarm, hn_eq(7), hn_gt(80.0));
    thermo_hooks hooks = {on_alarm};
    HN_ASSERT_EQ(thermo_check(7, 80.0, &hooks), 1);
}
