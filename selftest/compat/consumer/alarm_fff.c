/* SPDX-License-Identifier: MIT */
/* alarm_fff.c: an fff suite of alarm.c built against an installed honest. */
#include <honest/fff.h>
#include <honest.h>

#include "alarm.h"

DEFINE_FFF_GLOBALS;
FAKE_VALUE_FUNC(int, sensor_read, int);
FAKE_VOID_FUNC(buzzer_on, int);
FAKE_VOID_FUNC_VARARG(log_line, const char *, ...);

HN_TEST(alarm_fff, buzzes_above_limit)
{
    sensor_read_fake.return_val = 12;
    HN_ASSERT_EQ(alarm_check(0, 10), 1);
    HN_ASSERT_EQ(buzzer_on_fake.arg0_val, 2);
}
