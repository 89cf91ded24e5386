/* SPDX-License-Identifier: MIT */
/* fake_clock_impl.h: the fake clock's state, shared by its controls
 * (fake_clock.c, in libhonest) and the libc functions it interposes
 * (fake_clock_libc.c, in libhonest_clock and libhonest.a). Private to doubles/. */
#ifndef HN_FAKE_CLOCK_IMPL_H
#define HN_FAKE_CLOCK_IMPL_H

#include <stdint.h>
#include <time.h>

#define HN__NS_PER_S INT64_C(1000000000)
#define HN__NS_PER_US 1000
#define HN__NS_PER_MS 1000000

/* The fake's state. Each field is read and written atomically, so the
 * interposed functions take no lock (they must stay async-signal-safe). */
typedef struct {
    int on;
    int counted;        /* counted in this test's summary already */
    int64_t wall_ns;    /* CLOCK_REALTIME */
    int64_t mono_ns;    /* CLOCK_MONOTONIC */
    int64_t tai_off_ns; /* CLOCK_TAI - CLOCK_REALTIME, from the real clocks */
    uint64_t sleeps;
    int64_t slept_ns;
    int interposed; /* fake_clock_libc.c is linked: libc's functions are ours */
} hn__fake_clock_state;

/* The one fake clock of the process (fake_clock.c). */
extern hn__fake_clock_state hn__fake_clock;

#define HN__CLOCK_LOAD(x) __atomic_load_n(&(x), __ATOMIC_ACQUIRE)
#define HN__CLOCK_STORE(x, v) __atomic_store_n(&(x), (v), __ATOMIC_RELEASE)
#define HN__CLOCK_ADD(x, v) __atomic_add_fetch(&(x), (v), __ATOMIC_ACQ_REL)

/* Which clock a clockid_t reads while the fake is on. */
enum { HN__CLOCK_KEEP_REAL, HN__CLOCK_WALL, HN__CLOCK_MONO, HN__CLOCK_TAI };

/* The fake time of a clock kind, in ns. */
static inline int64_t hn__fake_clock_read(int kind)
{
    if (kind == HN__CLOCK_MONO)
        return HN__CLOCK_LOAD(hn__fake_clock.mono_ns);
    int64_t wall = HN__CLOCK_LOAD(hn__fake_clock.wall_ns);
    return kind == HN__CLOCK_TAI ? wall + HN__CLOCK_LOAD(hn__fake_clock.tai_off_ns) : wall;
}

/* Moves the wall and monotonic clocks on by ns (nothing when ns <= 0). */
static inline void hn__fake_clock_advance(int64_t ns)
{
    if (ns <= 0)
        return;
    HN__CLOCK_ADD(hn__fake_clock.wall_ns, ns);
    HN__CLOCK_ADD(hn__fake_clock.mono_ns, ns);
}

#endif
