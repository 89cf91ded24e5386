/* SPDX-License-Identifier: MIT */
/* honest/clock.h: the fake clock, a fake shipped with honest that drives the
 * time functions of libc for the code under test. Included by <honest.h>. */
#ifndef HONEST_CLOCK_H
#define HONEST_CLOCK_H

#include <stdint.h>
#include <time.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The fake clock replaces, for the code under test and any library it calls,
 * time, clock_gettime, gettimeofday, timespec_get, sleep, usleep, nanosleep
 * and clock_nanosleep (by symbol interposition: no flags to add). While it is
 * off, which is how every test starts, they are the real ones. While it is on:
 *  - CLOCK_REALTIME (and _COARSE, _ALARM, TAI), time, gettimeofday and
 *    timespec_get read the fake wall clock;
 *  - CLOCK_MONOTONIC (and _RAW, _COARSE, BOOTTIME, BOOTTIME_ALARM) read the
 *    fake monotonic clock, which starts at the whole second after the real
 *    monotonic time of the moment the fake was turned on (so it never goes
 *    back for values read before, and its fraction is the same in every run);
 *  - sleeps return at once (after a sched_yield) and advance both clocks by
 *    what was asked; clock_nanosleep with TIMER_ABSTIME advances to the time
 *    asked when it is later;
 *  - CPU-time clocks stay real; so do poll, select and timers (not faked).
 * All of it is thread-safe: threads of the code under test see one clock.
 * The runner turns the fake off before each test and after it. */

/* Turns the fake clock on for the rest of the running test, with the wall
 * clock at `start` seconds since the Epoch. Calling it again restarts it.
 * Outside a test it is an error that ends the program with status 2. */
void hn_clock_fake(time_t start);
/* The same, with the wall clock at start_ns nanoseconds since the Epoch. */
void hn_clock_fake_ns(int64_t start_ns);
/* Turns the fake clock off: the time functions are the real ones again. */
void hn_clock_real(void);
/* Nonzero while the fake clock is on. */
int hn_clock_is_fake(void);

/* Advance both fake clocks, as time passing would. Negative amounts are
 * ignored (a monotonic clock does not go back; use hn_clock_set for the wall
 * clock). Without the fake on, they do nothing. */
void hn_clock_advance_ns(int64_t ns);
void hn_clock_advance_us(int64_t us);
void hn_clock_advance_ms(int64_t ms);
void hn_clock_advance_s(int64_t s);

/* Sets the fake wall clock (seconds or nanoseconds since the Epoch), as an
 * administrator or NTP would: the monotonic clock does not move. */
void hn_clock_set(time_t t);
void hn_clock_set_ns(int64_t ns);

/* The current readings, in nanoseconds (of the real clocks when the fake is
 * off): the wall clock since the Epoch, and the monotonic clock. */
int64_t hn_clock_now_ns(void);
int64_t hn_clock_monotonic_ns(void);

/* What the code under test slept since the fake was turned on: the number of
 * sleep calls answered and their total in nanoseconds. */
uint64_t hn_clock_sleep_count(void);
int64_t hn_clock_slept_ns(void);

#ifdef __cplusplus
}
#endif
#endif
