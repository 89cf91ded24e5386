/* SPDX-License-Identifier: MIT */
/* timing.h: the runner's own clock, immune to the fake clock a test installs. */
#ifndef HN_TIMING_H
#define HN_TIMING_H

#include <stdint.h>

/* Monotonic time in nanoseconds, read from the kernel directly so that an
 * interposed clock_gettime (honest's fake clock, a user's double) cannot
 * change the runner's durations and timeouts. */
uint64_t hn__timing_now_ns(void);

#endif
