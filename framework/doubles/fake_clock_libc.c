/* SPDX-License-Identifier: MIT */
/* fake_clock_libc.c: the libc time and sleep functions the fake clock
 * interposes: they read and advance the fake clock while it is on, and
 * forward to the real ones otherwise. Linked into a program only when it uses
 * the fake clock (libhonest_clock; libhonest.a pulls it as before). */
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <unistd.h>

#include "doubles/fake_clock_impl.h"

/* ---- The real functions, found behind us in the lookup order. ---- */

typedef int (*gettime_fn)(clockid_t, struct timespec *);
typedef time_t (*time_fn)(time_t *);
typedef int (*gettimeofday_fn)(struct timeval *, void *);
typedef int (*timespec_get_fn)(struct timespec *, int);
typedef unsigned (*sleep_fn)(unsigned);
typedef int (*usleep_fn)(useconds_t);
typedef int (*nanosleep_fn)(const struct timespec *, struct timespec *);
typedef int (*clock_nanosleep_fn)(clockid_t, int, const struct timespec *,
                                  struct timespec *);

/* Fallbacks when dlsym cannot find libc's (a static program). */
static int sys_gettime(clockid_t id, struct timespec *ts)
{
    return (int)syscall(SYS_clock_gettime, id, ts);
}

static int sys_clock_nanosleep(clockid_t id, int flags, const struct timespec *req,
                               struct timespec *rem)
{
    return syscall(SYS_clock_nanosleep, id, flags, req, rem) == 0 ? 0 : errno;
}

static int sys_nanosleep(const struct timespec *req, struct timespec *rem)
{
    return (int)syscall(SYS_nanosleep, req, rem);
}

/* dlsym(RTLD_NEXT, name), looked up once into *slot; NULL when missing. */
static void *lookup(void **slot, const char *name)
{
    void *p = __atomic_load_n(slot, __ATOMIC_ACQUIRE);
    if (!p) {
        p = dlsym(RTLD_NEXT, name);
        __atomic_store_n(slot, p, __ATOMIC_RELEASE);
    }
    return p;
}

static struct {
    void *clock_gettime, *time, *gettimeofday, *timespec_get, *sleep, *usleep,
        *nanosleep, *clock_nanosleep;
} real;

/* real_NAME(): the real NAME as a typed pointer, or the fallback. */
#define REAL_GETTER(name, type, fallback)                                       \
    static type real_##name(void)                                               \
    {                                                                           \
        type f = fallback;                                                      \
        void *p = lookup(&real.name, #name);                                    \
        if (p)                                                                  \
            memcpy(&f, &p, sizeof f);                                           \
        return f;                                                               \
    }

REAL_GETTER(clock_gettime, gettime_fn, sys_gettime)
REAL_GETTER(time, time_fn, NULL)
REAL_GETTER(gettimeofday, gettimeofday_fn, NULL)
REAL_GETTER(timespec_get, timespec_get_fn, NULL)
REAL_GETTER(sleep, sleep_fn, NULL)
REAL_GETTER(usleep, usleep_fn, NULL)
REAL_GETTER(nanosleep, nanosleep_fn, sys_nanosleep)
REAL_GETTER(clock_nanosleep, clock_nanosleep_fn, sys_clock_nanosleep)

/* Looks everything up before main, so that the interposed functions do no
 * dlsym later (they may be called from signal handlers). */
__attribute__((constructor)) static void resolve_all(void)
{
    HN__CLOCK_STORE(hn__fake_clock.interposed, 1);
    real_clock_gettime();
    real_time();
    real_gettimeofday();
    real_timespec_get();
    real_sleep();
    real_usleep();
    real_nanosleep();
    real_clock_nanosleep();
}

static int real_gettime(clockid_t id, struct timespec *ts)
{
    return real_clock_gettime()(id, ts);
}

/* ---- Which clocks the fake drives. ---- */

static int kind_of(clockid_t id)
{
    switch (id) {
    case CLOCK_REALTIME:
    case CLOCK_REALTIME_COARSE:
    case CLOCK_REALTIME_ALARM:
        return HN__CLOCK_WALL;
    case CLOCK_TAI:
        return HN__CLOCK_TAI;
    case CLOCK_MONOTONIC:
    case CLOCK_MONOTONIC_RAW:
    case CLOCK_MONOTONIC_COARSE:
    case CLOCK_BOOTTIME:
    case CLOCK_BOOTTIME_ALARM:
        return HN__CLOCK_MONO;
    default:
        return HN__CLOCK_KEEP_REAL; /* CPU-time clocks, dynamic clocks */
    }
}

static struct timespec to_timespec(int64_t ns)
{
    int64_t s = ns / HN__NS_PER_S, r = ns % HN__NS_PER_S;
    if (r < 0) { /* floor, for times before the Epoch */
        s -= 1;
        r += HN__NS_PER_S;
    }
    return (struct timespec){.tv_sec = (time_t)s, .tv_nsec = (long)r};
}

/* A requested duration in ns, saturated; -1 when the timespec is invalid. */
static int64_t duration_ns(const struct timespec *ts)
{
    if (ts->tv_sec < 0 || ts->tv_nsec < 0 || ts->tv_nsec >= HN__NS_PER_S)
        return -1;
    int64_t ns;
    if (__builtin_mul_overflow((int64_t)ts->tv_sec, HN__NS_PER_S, &ns) ||
        __builtin_add_overflow(ns, ts->tv_nsec, &ns))
        return INT64_MAX;
    return ns;
}

/* A sleep answered by the fake: the clock moves, the thread does not wait.
 * The yield lets other threads of the code under test run, as a real sleep
 * would; the cancellation point stays one. */
static void fake_sleep(int64_t ns)
{
    hn__fake_clock_advance(ns);
    HN__CLOCK_ADD(hn__fake_clock.sleeps, 1);
    HN__CLOCK_ADD(hn__fake_clock.slept_ns, ns);
    pthread_testcancel();
    sched_yield();
}

/* ---- The interposed libc functions. ----
 * Strong definitions on purpose: a sanitizer runtime linked statically
 * (clang's AddressSanitizer) defines these as weak aliases of its
 * interceptors, and a weak definition of ours would lose to the one linked
 * first, leaving the fake silently unreached. A program that defines one of
 * them itself gets a duplicate-symbol error naming it: HN_DOUBLE is the way
 * to replace one, and it calls through to these. */


/* libc's contract; the fake wall or monotonic clock while on (CPU clocks stay real). */
int clock_gettime(clockid_t id, struct timespec *ts)
{
    int kind = kind_of(id);
    if (!HN__CLOCK_LOAD(hn__fake_clock.on) || kind == HN__CLOCK_KEEP_REAL)
        return real_gettime(id, ts);
    *ts = to_timespec(hn__fake_clock_read(kind));
    return 0;
}

/* libc's contract; the fake wall clock's seconds while on. */
time_t time(time_t *t)
{
    time_fn f = real_time();
    if (!HN__CLOCK_LOAD(hn__fake_clock.on) && f)
        return f(t);
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    if (t)
        *t = ts.tv_sec;
    return ts.tv_sec;
}

/* libc's contract; the fake wall clock while on (a timezone is zeroed). */
int gettimeofday(struct timeval *restrict tv, void *restrict tz)
{
    gettimeofday_fn f = real_gettimeofday();
    if (!HN__CLOCK_LOAD(hn__fake_clock.on) && f)
        return f(tv, tz);
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    tv->tv_sec = ts.tv_sec;
    tv->tv_usec = (suseconds_t)(ts.tv_nsec / HN__NS_PER_US);
    if (tz)
        memset(tz, 0, sizeof(struct timezone));
    return 0;
}

/* C11's contract; TIME_UTC reads the fake wall clock while on. */
int timespec_get(struct timespec *ts, int base)
{
    timespec_get_fn f = real_timespec_get();
    if (!HN__CLOCK_LOAD(hn__fake_clock.on) && f)
        return f(ts, base);
    if (base != TIME_UTC)
        return 0;
    clock_gettime(CLOCK_REALTIME, ts);
    return base;
}

/* libc's contract (returns an error number); while on, returns at once after
 * advancing the clocks by the request, or to the absolute deadline. */
int clock_nanosleep(clockid_t id, int flags, const struct timespec *req,
                    struct timespec *rem)
{
    int kind = kind_of(id);
    if (!HN__CLOCK_LOAD(hn__fake_clock.on) || kind == HN__CLOCK_KEEP_REAL)
        return real_clock_nanosleep()(id, flags, req, rem);
    if (req->tv_nsec < 0 || req->tv_nsec >= HN__NS_PER_S)
        return EINVAL;
    int64_t ns = 0;
    if (flags & TIMER_ABSTIME) {
        int64_t target = duration_ns(req), now = hn__fake_clock_read(kind);
        if (req->tv_sec >= 0 && target > now)
            ns = target - now;
    } else {
        ns = duration_ns(req);
        if (ns < 0)
            return EINVAL;
    }
    fake_sleep(ns > 0 ? ns : 0);
    return 0;
}

/* libc's contract; while on, returns 0 at once (EINVAL for a bad request)
 * after advancing the clocks. */
int nanosleep(const struct timespec *req, struct timespec *rem)
{
    if (!HN__CLOCK_LOAD(hn__fake_clock.on))
        return real_nanosleep()(req, rem);
    int64_t ns = duration_ns(req);
    if (ns < 0) {
        errno = EINVAL;
        return -1;
    }
    fake_sleep(ns);
    if (rem)
        *rem = (struct timespec){0, 0};
    return 0;
}

/* libc's contract; while on, returns 0 at once after advancing the clocks. */
int usleep(useconds_t us)
{
    usleep_fn f = real_usleep();
    if (!HN__CLOCK_LOAD(hn__fake_clock.on) && f)
        return f(us);
    if (!HN__CLOCK_LOAD(hn__fake_clock.on)) {
        struct timespec ts = to_timespec((int64_t)us * HN__NS_PER_US);
        return nanosleep(&ts, NULL);
    }
    fake_sleep((int64_t)us * HN__NS_PER_US);
    return 0;
}

/* libc's contract; while on, returns 0 at once after advancing the clocks. */
unsigned sleep(unsigned s)
{
    sleep_fn f = real_sleep();
    if (!HN__CLOCK_LOAD(hn__fake_clock.on) && f)
        return f(s);
    if (!HN__CLOCK_LOAD(hn__fake_clock.on)) {
        struct timespec ts = {.tv_sec = (time_t)s, .tv_nsec = 0};
        return nanosleep(&ts, &ts) == 0 ? 0 : (unsigned)ts.tv_sec;
    }
    fake_sleep((int64_t)s * HN__NS_PER_S);
    return 0;
}
