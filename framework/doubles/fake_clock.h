/* SPDX-License-Identifier: MIT */
/* fake_clock.h: the real clocks, for framework code (the runner's durations
 * and timeouts) that must keep real time while a test fakes it. */
#ifndef HN_FAKE_CLOCK_H
#define HN_FAKE_CLOCK_H

#include <stdint.h>
#include <time.h>

/* clock_gettime of the real clock, whether or not the fake clock is on. Same
 * contract as clock_gettime: 0, or -1 with errno set. Async-signal-safe. */
int hn__clock_real_gettime(clockid_t id, struct timespec *ts);
/* The real CLOCK_MONOTONIC in nanoseconds. Async-signal-safe. */
uint64_t hn__clock_real_monotonic_ns(void);

#endif
