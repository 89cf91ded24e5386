/* SPDX-License-Identifier: MIT */
/* alarm.c: the unit under test of selftest/compat (see alarm.h). */
#include "alarm.h"

int alarm_check(int channel, int limit)
{
    int v = sensor_read(channel);
    log_line("channel %d reads %d", channel, v);
    if (v <= limit)
        return 0;
    buzzer_on(v - limit);
    return 1;
}
