/* SPDX-License-Identifier: MIT */
/* timing.h: the runner's own clock, immune to the fake clock a test installs. */
#ifndef HN_TIMING_H
#define HN_TIMING_H

#include <stdint.h>

/* Monotonic time in nanoseconds, read from the kernel directly so that an
 * interposed clock_gettime (honest's fake clock, a user's double) cannot
 * change the runner's durations and timeouts. */
uint64_t hn__timing_now_ns(void);

/* The time of day in seconds since the epoch (what time(NULL) gives), read
 * from the kernel directly too. A call to time() from the library would
 * also make the static linker take the fake clock (which defines time) out
 * of libhonest.a into every test program, used or not. */
int64_t hn__timing_wall_s(void);

#endif
