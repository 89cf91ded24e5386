/* SPDX-License-Identifier: MIT */
/* timing.c: the runner's clocks, read from the kernel directly (hn__sys_call:
 * no code of the C library's, which a forked test would fault in). */
#include "base/timing.h"

#include <sys/syscall.h>
#include <time.h>

#include "base/sys.h"

HN__TEST_PATH uint64_t hn__timing_now_ns(void)
{
    struct timespec ts = {0, 0};
    hn__sys_call(SYS_clock_gettime, CLOCK_MONOTONIC, (long)&ts, 0, 0);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

HN__TEST_PATH int64_t hn__timing_wall_s(void)
{
    struct timespec ts = {0, 0};
    hn__sys_call(SYS_clock_gettime, CLOCK_REALTIME, (long)&ts, 0, 0);
    return (int64_t)ts.tv_sec;
}
