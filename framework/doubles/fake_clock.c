/* SPDX-License-Identifier: MIT */
/* fake_clock.c: the fake clock's state and the test's controls (hn_clock_*);
 * the libc functions it interposes are in fake_clock_libc.c. */
#include <honest/clock.h>

#include <dlfcn.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "core/context.h"
#include "core/module.h"
#include "doubles/fake_clock_impl.h"

hn__fake_clock_state hn__fake_clock;

/* The real clock_gettime, found behind us in the lookup order (past a double
 * or the interposed one); a raw system call when dlsym finds none. */
static int64_t real_ns(clockid_t id)
{
    typedef int (*gettime_fn)(clockid_t, struct timespec *);
    static void *real;
    void *p = __atomic_load_n(&real, __ATOMIC_ACQUIRE);
    if (!p) {
        p = dlsym(RTLD_NEXT, "clock_gettime");
        __atomic_store_n(&real, p, __ATOMIC_RELEASE);
    }
    struct timespec ts = {0, 0};
    if (p) {
        gettime_fn f;
        memcpy(&f, &p, sizeof f);
        f(id, &ts);
    } else {
        syscall(SYS_clock_gettime, id, &ts);
    }
    return (int64_t)ts.tv_sec * HN__NS_PER_S + ts.tv_nsec;
}

/* ---- The test's controls. ---- */

/* Turns the fake on; caller is the user's code, to name it in the error. */
static void start_fake(int64_t start_ns, void *caller)
{
    if (!hn__ctx_in_test()) {
        Dl_info info;
        int named = dladdr(caller, &info) && info.dli_sname;
        hn__ctx_fail(1, NULL, 0,
                     "hn_clock_fake was called outside a test%s%s: turn the fake "
                     "clock on inside a test or its suite's setup",
                     named ? " by " : "", named ? info.dli_sname : "");
        return;
    }
    if (!HN__CLOCK_LOAD(hn__fake_clock.interposed)) {
        hn__ctx_fail(1, NULL, 0,
                     "hn_clock_fake: the fake clock's libc functions (time, clock_gettime, "
                     "the sleeps) are not linked into this program, so the code under test "
                     "would read the real clock: link libhonest_clock before libhonest "
                     "(pkg-config honest-clock, CMake honest::clock), or libhonest.a");
        return;
    }
    HN__CLOCK_STORE(hn__fake_clock.on, 0);
    HN__CLOCK_STORE(hn__fake_clock.wall_ns, start_ns);
    /* The next whole second of the real monotonic clock: never behind a
     * value read before, and the same fraction (none) in every run. */
    HN__CLOCK_STORE(hn__fake_clock.mono_ns,
                    (real_ns(CLOCK_MONOTONIC) / HN__NS_PER_S + 1) * HN__NS_PER_S);
    HN__CLOCK_STORE(hn__fake_clock.tai_off_ns, real_ns(CLOCK_TAI) - real_ns(CLOCK_REALTIME));
    HN__CLOCK_STORE(hn__fake_clock.sleeps, 0);
    HN__CLOCK_STORE(hn__fake_clock.slept_ns, 0);
    if (!__atomic_exchange_n(&hn__fake_clock.counted, 1, __ATOMIC_ACQ_REL))
        hn__ctx_stat(HN__STAT_FAKE, 1);
    HN__CLOCK_STORE(hn__fake_clock.on, 1);
}

void hn_clock_fake_ns(int64_t start_ns)
{
    start_fake(start_ns, __builtin_return_address(0));
}

void hn_clock_fake(time_t start)
{
    start_fake((int64_t)start * HN__NS_PER_S, __builtin_return_address(0));
}

void hn_clock_real(void)
{
    HN__CLOCK_STORE(hn__fake_clock.on, 0);
}

int hn_clock_is_fake(void)
{
    return HN__CLOCK_LOAD(hn__fake_clock.on);
}

void hn_clock_advance_ns(int64_t ns)
{
    if (HN__CLOCK_LOAD(hn__fake_clock.on))
        hn__fake_clock_advance(ns);
}

void hn_clock_advance_us(int64_t us)
{
    hn_clock_advance_ns(us * HN__NS_PER_US);
}

void hn_clock_advance_ms(int64_t ms)
{
    hn_clock_advance_ns(ms * HN__NS_PER_MS);
}

void hn_clock_advance_s(int64_t s)
{
    hn_clock_advance_ns(s * HN__NS_PER_S);
}

void hn_clock_set_ns(int64_t ns)
{
    if (HN__CLOCK_LOAD(hn__fake_clock.on))
        HN__CLOCK_STORE(hn__fake_clock.wall_ns, ns);
}

void hn_clock_set(time_t t)
{
    hn_clock_set_ns((int64_t)t * HN__NS_PER_S);
}

int64_t hn_clock_now_ns(void)
{
    return HN__CLOCK_LOAD(hn__fake_clock.on) ? hn__fake_clock_read(HN__CLOCK_WALL) : real_ns(CLOCK_REALTIME);
}

int64_t hn_clock_monotonic_ns(void)
{
    return HN__CLOCK_LOAD(hn__fake_clock.on) ? hn__fake_clock_read(HN__CLOCK_MONO) : real_ns(CLOCK_MONOTONIC);
}

uint64_t hn_clock_sleep_count(void)
{
    return HN__CLOCK_LOAD(hn__fake_clock.sleeps);
}

int64_t hn_clock_slept_ns(void)
{
    return HN__CLOCK_LOAD(hn__fake_clock.slept_ns);
}

/* Before each test and after it: real time. Turning it off after the test
 * too keeps the runner's own readings real in --no-fork mode. */
static void clock_off(void)
{
    HN__CLOCK_STORE(hn__fake_clock.on, 0);
}

static void clock_reset(void)
{
    HN__CLOCK_STORE(hn__fake_clock.on, 0);
    HN__CLOCK_STORE(hn__fake_clock.counted, 0);
    HN__CLOCK_STORE(hn__fake_clock.sleeps, 0);
    HN__CLOCK_STORE(hn__fake_clock.slept_ns, 0);
}

static hn__module clock_module = {"fake_clock", clock_reset, NULL, clock_off, NULL};

__attribute__((constructor)) static void register_clock_module(void)
{
    hn__module_register(&clock_module);
}
