/* SPDX-License-Identifier: MIT */
/* alarm.h: a small unit under test for the compatibility layers: it reads a
 * sensor and sounds a buzzer, both boundaries the tests fake. */
#ifndef ST_ALARM_H
#define ST_ALARM_H

/* Boundaries (not linked into the tests: the fakes define them). */
int sensor_read(int channel);
void buzzer_on(int level);
void log_line(const char *fmt, ...);

/* Sounds the buzzer when channel's reading is above limit; returns 1 then,
 * 0 otherwise. Logs each reading. */
int alarm_check(int channel, int limit);

#endif
