/* SPDX-License-Identifier: MIT */
/* outcome.h: the record a running test writes (failures, logs, counters). In
 * forked mode it lives in memory shared with the runner, so it survives a crash. */
#ifndef HN_OUTCOME_H
#define HN_OUTCOME_H

#include <stddef.h>
#include <stdint.h>

/* Kinds of events a test records, in the order they happened. */
typedef enum hn__event_kind {
    HN__EV_FAIL = 1, /* a failed assertion, check or verification */
    HN__EV_LOG,      /* HN_LOG */
    HN__EV_WARN,     /* shown with the result, never fails the test */
    HN__EV_STRICT,   /* a warning that fails the test under --strict */
    HN__EV_SKIP,     /* HN_SKIP's reason */
    HN__EV_NOTE      /* for the run's summary (for example a stale fixture path) */
} hn__event_kind;

/* Counters the closing summary adds up: what the green rests on. */
typedef enum hn__stat {
    HN__STAT_DUMMY,
    HN__STAT_STUB,
    HN__STAT_SPY,
    HN__STAT_MOCK,
    HN__STAT_FAKE,
    HN__STAT_FIXTURE_DOUBLE, /* doubles answered from a recorded fixture */
    HN__STAT_FIXTURE_USED,   /* fixtures loaded */
    HN__STAT_FIXTURE_STALE,  /* fixtures past max_age_days */
    HN__STAT_COUNT = 16
} hn__stat;

typedef struct hn__outcome {
    int done;          /* body and teardown returned */
    int failed;        /* at least one HN__EV_FAIL */
    int skipped;       /* HN_SKIP was called */
    int timed_out_soft; /* --no-fork timer fired */
    uint64_t asserts;  /* assertions, checks and double verifications run */
    const char *last_file; /* last assertion reached (string literal) */
    int last_line;
    uint32_t stats[HN__STAT_COUNT];
    int lock;          /* spin lock over events (threads of the test) */
    int shared;        /* mapped shared (fork mode) rather than malloc'd */
    int truncated;     /* events did not fit */
    size_t used;
    size_t cap;
    char events[];     /* hn__event records, 8-byte aligned */
} hn__outcome;

typedef struct hn__event {
    uint32_t kind;
    int32_t line;
    const char *file;
    uint32_t len; /* text length, without the NUL that follows */
    char text[];
} hn__event;

/* Makes a record with `cap` bytes of events. shared: mapped so that a forked
 * child's writes are seen by the parent. Returns NULL when out of memory. */
hn__outcome *hn__outcome_new(size_t cap, int shared);
/* Releases a record from hn__outcome_new. NULL is a no-op. */
void hn__outcome_free(hn__outcome *o);
/* Empties a record for the next test. */
void hn__outcome_reset(hn__outcome *o);
/* Appends an event (thread-safe). Text past the space left is truncated. */
void hn__outcome_add(hn__outcome *o, hn__event_kind kind, const char *file,
                     int line, const char *text, size_t len);
/* Iterates events: pass NULL for the first; returns NULL after the last. */
const hn__event *hn__outcome_next(const hn__outcome *o, const hn__event *prev);

#endif
