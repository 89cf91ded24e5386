/* SPDX-License-Identifier: MIT */
/* heater_fff_test.c: an fff suite of heater.c. Moving it to honest changed
 * one line, the include; the fakes, their fields and RESET_FAKE-free tests
 * stay as they were (honest resets every fake before each test). */
#ifdef EXAMPLE_REAL_FFF
#include "fff.h"
DEFINE_FFF_GLOBALS;
#else
#include <honest/fff.h>
DEFINE_FFF_GLOBALS;
#endif
#include <honest.h>

#include "heater.h"

FAKE_VALUE_FUNC(int, temp_read, int);
FAKE_VOID_FUNC(relay_set, int);
FAKE_VOID_FUNC_VARARG(event_log, const char *, ...);

HN_TEST(heater_fff, switches_on_below_target)
{
    temp_read_fake.return_val = 18;
    HN_ASSERT_EQ(heater_step(20), 1);
    HN_ASSERT_EQ(relay_set_fake.call_count, 1u);
    HN_ASSERT_EQ(relay_set_fake.arg0_val, 1);
}

HN_TEST(heater_fff, switches_off_at_target)
{
    temp_read_fake.return_val = 20;
    HN_ASSERT_EQ(heater_step(20), 0);
    HN_ASSERT_EQ(relay_set_fake.arg0_val, 0);
    HN_ASSERT_EQ(event_log_fake.call_count, 0u);
}

HN_TEST(heater_fff, follows_a_warming_room)
{
    int readings[] = {15, 19, 21};
    SET_RETURN_SEQ(temp_read, readings, 3);
    HN_ASSERT_EQ(heater_step(20), 1);
    HN_ASSERT_EQ(heater_step(20), 1);
    HN_ASSERT_EQ(heater_step(20), 0);
    HN_ASSERT_EQ(relay_set_fake.arg0_history[2], 0);
    HN_ASSERT(fff.call_history[0] == (fff_function_t)temp_read);
}

HN_TEST(heater_fff, failed_sensor_is_logged)
{
    temp_read_fake.return_val = -5;
    HN_ASSERT_EQ(heater_step(20), -1);
    HN_ASSERT_EQ(relay_set_fake.arg0_val, 0);
    HN_ASSERT_STR_EQ(event_log_fake.arg0_val, "sensor failed: %d");
}
