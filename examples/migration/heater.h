/* SPDX-License-Identifier: MIT */
/* heater.h: a small library for the migration example: a heater controller
 * that reads a temperature sensor and switches a relay. */
#ifndef HEATER_H
#define HEATER_H

/* The boundaries the controller talks to (hardware drivers, not linked into
 * the tests: each suite fakes them). */
int temp_read(int sensor);
void relay_set(int on);
void event_log(const char *fmt, ...);

/* One control step: switches the relay on when sensor 0 reads below target,
 * off otherwise. Returns the relay state it set, or -1 when the sensor
 * failed (a negative reading), leaving the relay off. */
int heater_step(int target);

#endif
