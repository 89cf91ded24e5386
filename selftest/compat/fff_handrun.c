/* SPDX-License-Identifier: MIT */
/* fff_handrun.c: an fff suite that keeps its own hand-written runner (main),
 * built against honest's fff layer: its own setup resets the fakes. */
#include <assert.h>
#include <stdio.h>

#include "fff_fakes.h"

static void setup(void)
{
    RESET_FAKE(sensor_read);
    RESET_FAKE(buzzer_on);
    RESET_FAKE(log_line);
    FFF_RESET_HISTORY();
}

static void buzzes_above_limit(void)
{
    sensor_read_fake.return_val = 30;
    assert(alarm_check(0, 20) == 1);
    assert(buzzer_on_fake.arg0_val == 10);
}

static void quiet_below_limit(void)
{
    assert(alarm_check(0, 20) == 0);
    assert(buzzer_on_fake.call_count == 0);
    assert(fff.call_history_idx == 2);
}

int main(void)
{
    setup();
    buzzes_above_limit();
    setup();
    quiet_below_limit();
    printf("hand-written runner: 2 tests passed\n");
    return 0;
}
