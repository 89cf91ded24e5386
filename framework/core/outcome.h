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
    HN__EV_NOTE,     /* for the run's summary (for example a stale fixture path) */
    HN__EV_DATA      /* for the runner only, never shown (variants: fixtures used) */
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
    int started;       /* the test's process began it (before setup) */
    int done;          /* body and teardown returned */
    int failed;        /* at least one HN__EV_FAIL */
    int skipped;       /* HN_SKIP was called */
    int timed_out_soft; /* --no-fork timer fired */
    uint64_t asserts;  /* assertions, checks and double verifications run */
    const char *last_file; /* last assertion reached (string literal) */
    int last_line;
    uint32_t stats[HN__STAT_COUNT];
    int time_limit_ms; /* the test's time limit (0: none), set by the runner */
    char variant[1024]; /* --variants: the variant id this run answers with
                           ("" for none), set by the runner (variants/) */
    int lock;          /* spin lock over events (threads of the test) */
    int count;         /* records in this one's mapping (first record only) */
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

/* Makes n records of `cap` bytes of events each, in one mapping shared with
 * processes forked later, so a child's writes are seen by its parent. One
 * mapping, not n: fork's cost grows with the areas a process maps. Pages are
 * only used as tests write. Record i is hn__outcome_nth(first, i). Returns
 * the first record, or NULL with errno set. */
hn__outcome *hn__outcome_new(int n, size_t cap);
/* Record i (0 <= i < n) of those hn__outcome_new made with `first`. */
hn__outcome *hn__outcome_nth(hn__outcome *first, int i);
/* Releases all the records of hn__outcome_new. NULL is a no-op. */
void hn__outcome_free(hn__outcome *first);
/* Empties a record for the next test. */
void hn__outcome_reset(hn__outcome *o);
/* Appends an event (thread-safe). Text past the space left is truncated. */
void hn__outcome_add(hn__outcome *o, hn__event_kind kind, const char *file,
                     int line, const char *text, size_t len);
/* Iterates events: pass NULL for the first; returns NULL after the last. */
const hn__event *hn__outcome_next(const hn__outcome *o, const hn__event *prev);

#endif
