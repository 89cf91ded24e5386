/* SPDX-License-Identifier: MIT */
/* thermo.c: the code under test of docs/doubles.md's examples. */
#include "thermo.h"

#include <stdio.h>
#include <time.h>

int thermo_check(int id, double limit, const thermo_hooks *hooks)
{
    double c = 0; /* a stub that returns 0 without HN_FILLS leaves it as is */
    if (sensor_read(id, &c) != 0) {
        log_line("sensor failed");
        return -1;
    }
    if (c <= limit)
        return 0;
    char msg[64];
    snprintf(msg, sizeof msg, "sensor %d at %.1f", id, c);
    log_line(msg);
    if (hooks && hooks->on_alarm)
        hooks->on_alarm(id, c);
    return 1;
}

long thermo_uptime(long started)
{
    return (long)time(NULL) - started;
}
