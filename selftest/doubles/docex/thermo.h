/* SPDX-License-Identifier: MIT */
/* thermo.h: the thermostat of docs/doubles.md's examples. */
#ifndef THERMO_H
#define THERMO_H

/* The hardware and the log (thermo_io.c): what the tests replace. */
int sensor_read(int id, double *celsius);
void log_line(const char *text);

/* Callbacks the caller gives. */
typedef struct thermo_hooks {
    void (*on_alarm)(int id, double celsius);
} thermo_hooks;

/* 1 when sensor id reads above limit (logged, on_alarm called), 0 when not,
 * -1 when the sensor fails (logged). */
int thermo_check(int id, double limit, const thermo_hooks *hooks);
/* Seconds since `started`, from time(). */
long thermo_uptime(long started);

#endif
