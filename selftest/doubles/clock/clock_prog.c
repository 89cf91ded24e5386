/* SPDX-License-Identifier: MIT */
/* clock_prog.c: a purpose-made test program for the fake clock selftests:
 * code under test that sleeps, polls and stamps, driven by hn_clock_*. */
#include <honest.h>

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define NS INT64_C(1000000000)

/* ---- The code under test. ---- */

/* Sleeps `seconds`, as a retry loop would. */
__attribute__((noinline)) void nap(unsigned seconds)
{
    sleep(seconds);
}

/* Polls ready() every 100 ms until it answers or timeout_s pass on the
 * monotonic clock; returns the number of polls, or -1 on timeout. */
__attribute__((noinline)) int wait_ready(int (*ready)(void), int timeout_s)
{
    struct timespec start, now;
    clock_gettime(CLOCK_MONOTONIC, &start);
    for (int polls = 1;; polls++) {
        if (ready())
            return polls;
        clock_gettime(CLOCK_MONOTONIC, &now);
        if (now.tv_sec - start.tv_sec >= timeout_s)
            return -1;
        usleep(100000);
    }
}

static int never_ready(void)
{
    return 0;
}

/* ---- Reading the real clocks around the fake, straight from the kernel. ---- */

static int64_t kernel_ns(clockid_t id)
{
    struct timespec ts;
    syscall(SYS_clock_gettime, id, &ts);
    return (int64_t)ts.tv_sec * NS + ts.tv_nsec;
}

static int64_t ts_ns(struct timespec ts)
{
    return (int64_t)ts.tv_sec * NS + ts.tv_nsec;
}

/* ---- Tests: every one passes when the fake clock works. ---- */

HN_TEST(fake, sleep_returns_at_once)
{
    int64_t real0 = kernel_ns(CLOCK_MONOTONIC);
    hn_clock_fake(1700000000);
    nap(10);
    HN_ASSERT_LT(kernel_ns(CLOCK_MONOTONIC) - real0, NS);
    HN_ASSERT_EQ(time(NULL), 1700000010);
    HN_ASSERT_EQ(hn_clock_slept_ns(), 10 * NS);
    HN_ASSERT_EQ(hn_clock_sleep_count(), 1u);
}

HN_TEST(fake, values_as_set)
{
    hn_clock_fake(1700000000);
    struct timespec rt, mono0, mono1, coarse;
    struct timeval tv;
    time_t t = 0;
    HN_ASSERT_EQ(time(&t), 1700000000);
    HN_ASSERT_EQ(t, 1700000000);
    HN_ASSERT_EQ(clock_gettime(CLOCK_REALTIME, &rt), 0);
    HN_ASSERT_EQ(ts_ns(rt), 1700000000 * NS);
    HN_ASSERT_EQ(gettimeofday(&tv, NULL), 0);
    HN_ASSERT_EQ(tv.tv_sec, 1700000000);
    HN_ASSERT_EQ(tv.tv_usec, 0);
    clock_gettime(CLOCK_MONOTONIC, &mono0);

    hn_clock_advance_ms(1500);
    gettimeofday(&tv, NULL);
    HN_ASSERT_EQ(tv.tv_sec, 1700000001);
    HN_ASSERT_EQ(tv.tv_usec, 500000);
    HN_ASSERT_EQ(timespec_get(&rt, TIME_UTC), TIME_UTC);
    HN_ASSERT_EQ(ts_ns(rt), 1700000001 * NS + NS / 2);
    clock_gettime(CLOCK_MONOTONIC, &mono1);
    HN_ASSERT_EQ(ts_ns(mono1) - ts_ns(mono0), NS + NS / 2);
    clock_gettime(CLOCK_REALTIME_COARSE, &coarse);
    HN_ASSERT_EQ(ts_ns(coarse), ts_ns(rt));

    /* Setting the wall clock moves it alone, as NTP would. */
    hn_clock_set(1800000000);
    HN_ASSERT_EQ(time(NULL), 1800000000);
    clock_gettime(CLOCK_MONOTONIC, &mono0);
    HN_ASSERT_EQ(ts_ns(mono0), ts_ns(mono1));
    HN_ASSERT_EQ(hn_clock_now_ns(), 1800000000 * NS);
    HN_ASSERT_EQ(hn_clock_monotonic_ns(), ts_ns(mono1));
}

HN_TEST(fake, polling_loop_times_out_at_once)
{
    int64_t real0 = kernel_ns(CLOCK_MONOTONIC);
    hn_clock_fake(1700000000);
    HN_ASSERT_EQ(wait_ready(never_ready, 10), -1);
    HN_ASSERT_LT(kernel_ns(CLOCK_MONOTONIC) - real0, NS);
    HN_ASSERT_EQ(hn_clock_sleep_count(), 100u);
    HN_ASSERT_EQ(time(NULL), 1700000010);
}

HN_TEST(fake, nanosleep_and_clock_nanosleep)
{
    hn_clock_fake(1700000000);
    struct timespec rem = {9, 9};
    HN_ASSERT_EQ(nanosleep(&(struct timespec){2, 500000000}, &rem), 0);
    HN_ASSERT_EQ(rem.tv_sec, 0);
    HN_ASSERT_EQ(hn_clock_now_ns(), 1700000002 * NS + NS / 2);
    errno = 0;
    HN_ASSERT_EQ(nanosleep(&(struct timespec){0, NS}, NULL), -1);
    HN_ASSERT_EQ(errno, EINVAL);
    HN_ASSERT_EQ(usleep(250000), 0);
    HN_ASSERT_EQ(hn_clock_now_ns(), 1700000002 * NS + 3 * NS / 4);

    struct timespec deadline = {1700000060, 0};
    HN_ASSERT_EQ(clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &deadline, NULL), 0);
    HN_ASSERT_EQ(time(NULL), 1700000060);
    /* A deadline already past returns at once without moving the clock. */
    deadline.tv_sec = 1600000000;
    HN_ASSERT_EQ(clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &deadline, NULL), 0);
    HN_ASSERT_EQ(time(NULL), 1700000060);
    HN_ASSERT_EQ(clock_nanosleep(CLOCK_MONOTONIC, 0, &(struct timespec){1, 0}, NULL), 0);
    HN_ASSERT_EQ(time(NULL), 1700000061);
}

HN_TEST(fake, cpu_clocks_stay_real)
{
    hn_clock_fake(1700000000);
    struct timespec cpu;
    HN_ASSERT_EQ(clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu), 0);
    HN_ASSERT_LT(cpu.tv_sec, 3600);
    int64_t kernel = kernel_ns(CLOCK_PROCESS_CPUTIME_ID);
    HN_ASSERT_LT(kernel - ts_ns(cpu), NS);
}

/* Eight threads of the code under test sleep 250 times 4 ms each. */
static void *sleeper(void *arg)
{
    int64_t last = 0;
    int *backwards = arg;
    for (int i = 0; i < 250; i++) {
        usleep(4000);
        struct timespec now;
        clock_gettime(CLOCK_MONOTONIC, &now);
        if (ts_ns(now) < last)
            (*backwards)++;
        last = ts_ns(now);
    }
    return NULL;
}

HN_TEST(fake, threads_share_one_clock)
{
    hn_clock_fake(1700000000);
    int64_t mono0 = hn_clock_monotonic_ns();
    pthread_t t[8];
    int backwards[8] = {0};
    for (int i = 0; i < 8; i++)
        HN_ASSERT_EQ(pthread_create(&t[i], NULL, sleeper, &backwards[i]), 0);
    for (int i = 0; i < 8; i++)
        pthread_join(t[i], NULL);
    HN_ASSERT_EQ(hn_clock_sleep_count(), 2000u);
    HN_ASSERT_EQ(hn_clock_slept_ns(), 8 * NS);
    HN_ASSERT_EQ(hn_clock_monotonic_ns() - mono0, 8 * NS);
    HN_ASSERT_EQ(time(NULL), 1700000008);
    for (int i = 0; i < 8; i++)
        HN_CHECK_EQ(backwards[i], 0);
}

HN_TEST(fake, turned_off_by_the_test)
{
    hn_clock_fake(1000);
    HN_ASSERT_EQ(time(NULL), 1000);
    hn_clock_real();
    HN_ASSERT_EQ(hn_clock_is_fake(), 0);
    HN_ASSERT_GT(time(NULL), 1600000000);
}

/* The runner resets the fake before each test: whatever ran before, in
 * whatever order, these see the real clock. */
HN_TEST(reset, a_leaves_the_fake_on)
{
    hn_clock_fake(1000);
    hn_clock_advance_s(5);
    HN_ASSERT_EQ(time(NULL), 1005);
}

HN_TEST(reset, b_sees_the_real_clock)
{
    HN_ASSERT_EQ(hn_clock_is_fake(), 0);
    int64_t wall = kernel_ns(CLOCK_REALTIME) / NS;
    time_t t = time(NULL);
    /* time() reads the kernel's coarse clock, which may lag a tick behind
     * across a second boundary. */
    HN_ASSERT_GE(t, wall - 1);
    HN_ASSERT_LE(t, wall + 1);
    struct timespec mono;
    clock_gettime(CLOCK_MONOTONIC, &mono);
    HN_ASSERT_LT(kernel_ns(CLOCK_MONOTONIC) - ts_ns(mono), NS);
    HN_ASSERT_EQ(hn_clock_sleep_count(), 0u);
    HN_ASSERT_EQ(hn_clock_slept_ns(), 0);
}

HN_TEST(reset, c_real_sleep_really_sleeps)
{
    int64_t real0 = kernel_ns(CLOCK_MONOTONIC);
    usleep(20000);
    HN_ASSERT_GE(kernel_ns(CLOCK_MONOTONIC) - real0, 20000000);
}

/* Turning the fake on outside a test is an error (CLOCK_PROG_OUTSIDE=1). */
__attribute__((constructor)) static void turn_on_outside_a_test(void)
{
    if (getenv("CLOCK_PROG_OUTSIDE"))
        hn_clock_fake(0);
}
