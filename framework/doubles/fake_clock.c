/* SPDX-License-Identifier: MIT */
/* fake_clock.c: the fake clock: libc's time and sleep functions, interposed,
 * read and advance a clock the test drives, or forward to the real ones.
 * Linked into a program only when it uses the fake clock: libhonest_clock
 * (libhonest.so defines none of libc's names), or a member of libhonest.a. */
#include <honest/clock.h>

#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <unistd.h>

#include "base/sys.h"
#include "core/context.h"
#include "core/module.h"

#define NS_PER_S INT64_C(1000000000)
#define NS_PER_US 1000
#define NS_PER_MS 1000000

/* The fake's state. Each field is read and written atomically, so the
 * interposed functions take no lock (they must stay async-signal-safe). */
static struct {
    int on;
    int counted;        /* counted in this test's summary already */
    int64_t wall_ns;    /* CLOCK_REALTIME */
    int64_t mono_ns;    /* CLOCK_MONOTONIC */
    int64_t tai_off_ns; /* CLOCK_TAI - CLOCK_REALTIME, from the real clocks */
    uint64_t sleeps;
    int64_t slept_ns;
} fake;

#define LOAD(x) __atomic_load_n(&(x), __ATOMIC_ACQUIRE)
#define STORE(x, v) __atomic_store_n(&(x), (v), __ATOMIC_RELEASE)
#define ADD(x, v) __atomic_add_fetch(&(x), (v), __ATOMIC_ACQ_REL)

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

static int64_t real_ns(clockid_t id)
{
    struct timespec ts = {0, 0};
    real_gettime(id, &ts);
    return (int64_t)ts.tv_sec * NS_PER_S + ts.tv_nsec;
}

/* ---- Which clocks the fake drives. ---- */

enum { KEEP_REAL, WALL, MONO, TAI };

static int kind_of(clockid_t id)
{
    switch (id) {
    case CLOCK_REALTIME:
    case CLOCK_REALTIME_COARSE:
    case CLOCK_REALTIME_ALARM:
        return WALL;
    case CLOCK_TAI:
        return TAI;
    case CLOCK_MONOTONIC:
    case CLOCK_MONOTONIC_RAW:
    case CLOCK_MONOTONIC_COARSE:
    case CLOCK_BOOTTIME:
    case CLOCK_BOOTTIME_ALARM:
        return MONO;
    default:
        return KEEP_REAL; /* CPU-time clocks, dynamic clocks */
    }
}

static int64_t fake_read(int kind)
{
    if (kind == MONO)
        return LOAD(fake.mono_ns);
    int64_t wall = LOAD(fake.wall_ns);
    return kind == TAI ? wall + LOAD(fake.tai_off_ns) : wall;
}

static struct timespec to_timespec(int64_t ns)
{
    int64_t s = ns / NS_PER_S, r = ns % NS_PER_S;
    if (r < 0) { /* floor, for times before the Epoch */
        s -= 1;
        r += NS_PER_S;
    }
    return (struct timespec){.tv_sec = (time_t)s, .tv_nsec = (long)r};
}

/* A requested duration in ns, saturated; -1 when the timespec is invalid. */
static int64_t duration_ns(const struct timespec *ts)
{
    if (ts->tv_sec < 0 || ts->tv_nsec < 0 || ts->tv_nsec >= NS_PER_S)
        return -1;
    int64_t ns;
    if (__builtin_mul_overflow((int64_t)ts->tv_sec, NS_PER_S, &ns) ||
        __builtin_add_overflow(ns, ts->tv_nsec, &ns))
        return INT64_MAX;
    return ns;
}

static void advance(int64_t ns)
{
    if (ns <= 0)
        return;
    ADD(fake.wall_ns, ns);
    ADD(fake.mono_ns, ns);
}

/* A sleep answered by the fake: the clock moves, the thread does not wait.
 * The yield lets other threads of the code under test run, as a real sleep
 * would; the cancellation point stays one. */
static void fake_sleep(int64_t ns)
{
    advance(ns);
    ADD(fake.sleeps, 1);
    ADD(fake.slept_ns, ns);
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
    if (!LOAD(fake.on) || kind == KEEP_REAL)
        return real_gettime(id, ts);
    *ts = to_timespec(fake_read(kind));
    return 0;
}

/* libc's contract; the fake wall clock's seconds while on. */
time_t time(time_t *t)
{
    time_fn f = real_time();
    if (!LOAD(fake.on) && f)
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
    if (!LOAD(fake.on) && f)
        return f(tv, tz);
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    tv->tv_sec = ts.tv_sec;
    tv->tv_usec = (suseconds_t)(ts.tv_nsec / NS_PER_US);
    if (tz)
        memset(tz, 0, sizeof(struct timezone));
    return 0;
}

/* C11's contract; TIME_UTC reads the fake wall clock while on. */
int timespec_get(struct timespec *ts, int base)
{
    timespec_get_fn f = real_timespec_get();
    if (!LOAD(fake.on) && f)
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
    if (!LOAD(fake.on) || kind == KEEP_REAL)
        return real_clock_nanosleep()(id, flags, req, rem);
    if (req->tv_nsec < 0 || req->tv_nsec >= NS_PER_S)
        return EINVAL;
    int64_t ns = 0;
    if (flags & TIMER_ABSTIME) {
        int64_t target = duration_ns(req), now = fake_read(kind);
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
    if (!LOAD(fake.on))
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
    if (!LOAD(fake.on) && f)
        return f(us);
    if (!LOAD(fake.on)) {
        struct timespec ts = to_timespec((int64_t)us * NS_PER_US);
        return nanosleep(&ts, NULL);
    }
    fake_sleep((int64_t)us * NS_PER_US);
    return 0;
}

/* libc's contract; while on, returns 0 at once after advancing the clocks. */
unsigned sleep(unsigned s)
{
    sleep_fn f = real_sleep();
    if (!LOAD(fake.on) && f)
        return f(s);
    if (!LOAD(fake.on)) {
        struct timespec ts = {.tv_sec = (time_t)s, .tv_nsec = 0};
        return nanosleep(&ts, &ts) == 0 ? 0 : (unsigned)ts.tv_sec;
    }
    fake_sleep((int64_t)s * NS_PER_S);
    return 0;
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
    STORE(fake.on, 0);
    STORE(fake.wall_ns, start_ns);
    /* The next whole second of the real monotonic clock: never behind a
     * value read before, and the same fraction (none) in every run. */
    STORE(fake.mono_ns, (real_ns(CLOCK_MONOTONIC) / NS_PER_S + 1) * NS_PER_S);
    STORE(fake.tai_off_ns, real_ns(CLOCK_TAI) - real_ns(CLOCK_REALTIME));
    STORE(fake.sleeps, 0);
    STORE(fake.slept_ns, 0);
    if (!__atomic_exchange_n(&fake.counted, 1, __ATOMIC_ACQ_REL))
        hn__ctx_stat(HN__STAT_FAKE, 1);
    STORE(fake.on, 1);
}

void hn_clock_fake_ns(int64_t start_ns)
{
    start_fake(start_ns, __builtin_return_address(0));
}

void hn_clock_fake(time_t start)
{
    start_fake((int64_t)start * NS_PER_S, __builtin_return_address(0));
}

void hn_clock_real(void)
{
    STORE(fake.on, 0);
}

int hn_clock_is_fake(void)
{
    return LOAD(fake.on);
}

void hn_clock_advance_ns(int64_t ns)
{
    if (LOAD(fake.on))
        advance(ns);
}

void hn_clock_advance_us(int64_t us)
{
    hn_clock_advance_ns(us * NS_PER_US);
}

void hn_clock_advance_ms(int64_t ms)
{
    hn_clock_advance_ns(ms * NS_PER_MS);
}

void hn_clock_advance_s(int64_t s)
{
    hn_clock_advance_ns(s * NS_PER_S);
}

void hn_clock_set_ns(int64_t ns)
{
    if (LOAD(fake.on))
        STORE(fake.wall_ns, ns);
}

void hn_clock_set(time_t t)
{
    hn_clock_set_ns((int64_t)t * NS_PER_S);
}

int64_t hn_clock_now_ns(void)
{
    return LOAD(fake.on) ? fake_read(WALL) : real_ns(CLOCK_REALTIME);
}

int64_t hn_clock_monotonic_ns(void)
{
    return LOAD(fake.on) ? fake_read(MONO) : real_ns(CLOCK_MONOTONIC);
}

uint64_t hn_clock_sleep_count(void)
{
    return LOAD(fake.sleeps);
}

int64_t hn_clock_slept_ns(void)
{
    return LOAD(fake.slept_ns);
}

/* Before each test and after it: real time. Turning it off after the test
 * too keeps the runner's own readings real in --no-fork mode. */
static HN__TEST_PATH void clock_off(void)
{
    if (LOAD(fake.on))
        STORE(fake.on, 0);
}

/* Each test process runs it. A field is written only when it is not 0
 * already: the page holding them is shared copy-on-write with the launcher,
 * and a write, even of the value it holds, is a page fault and a copy in
 * every test (for a program that links the fake clock and does not use it
 * in most tests). The code sits with the test path (HN__TEST_PATH). */
static HN__TEST_PATH void clock_reset(void)
{
    if (LOAD(fake.on))
        STORE(fake.on, 0);
    if (LOAD(fake.counted))
        STORE(fake.counted, 0);
    if (LOAD(fake.sleeps))
        STORE(fake.sleeps, 0);
    if (LOAD(fake.slept_ns))
        STORE(fake.slept_ns, 0);
}

static hn__module clock_module = {"fake_clock", clock_reset, NULL, clock_off, NULL};

__attribute__((constructor)) static void register_clock_module(void)
{
    hn__module_register(&clock_module);
}
