/* SPDX-License-Identifier: MIT */
/* timing.c: the runner's clocks, read from the kernel directly. */
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

int64_t hn__timing_wall_s(void)
{
    struct timespec ts;
    syscall(SYS_clock_gettime, CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec;
}
