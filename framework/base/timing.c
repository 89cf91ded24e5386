/* SPDX-License-Identifier: MIT */
/* timing.c: the runner's monotonic clock. */
#include "base/timing.h"

#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

uint64_t hn__timing_now_ns(void)
{
    struct timespec ts;
    syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}
