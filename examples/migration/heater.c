/* SPDX-License-Identifier: MIT */
/* heater.c: the heater controller of the migration example (heater.h). */
#include "heater.h"

int heater_step(int target)
{
    int t = temp_read(0);
    if (t < 0) {
        relay_set(0);
        event_log("sensor failed: %d", t);
        return -1;
    }
    int on = t < target;
    relay_set(on);
    return on;
}
