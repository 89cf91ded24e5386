/* SPDX-License-Identifier: MIT */
/* report.h: the model of a run that every report writer reads: one result per
 * test run (status, messages, captured output, counters) and the totals. */
/* The component framework/report/: the result model of a run and one writer
 * per format (text, TAP, JUnit, JSON). It uses base, json, core
 * (framework/LAYERS); this is its main header. */
#ifndef HN_REPORT_H
#define HN_REPORT_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "core/outcome.h"
#include "core/instance.h"

typedef enum hn__status {
    HN__PASSED,
    HN__FAILED,
    HN__SKIPPED,
    HN__CRASHED,  /* died of a signal it did not expect */
    HN__TIMED_OUT
} hn__status;

/* One message shown with a result: a failure, a log line, a warning. */
typedef struct hn__msg {
    hn__event_kind kind;
    const char *file; /* string literal of the test program, may be NULL */
    int line;
    char *text;       /* owned */
} hn__msg;

/* How the code under test took one variant of its fixtures (--variants). */
typedef enum hn__voutcome {
    HN__VO_TOLERATED, /* the test still passed */
    HN__VO_NOTICED,   /* the test failed: an error reported, or another result */
    HN__VO_CRASHED,   /* a signal, a sanitizer report, an exit before the end */
    HN__VO_HUNG,      /* past the time limit */
    HN__VO_COUNT
} hn__voutcome;

/* One variant run of a test: a sub-result of the test's result. */
typedef struct hn__variant_result {
    char *id;           /* the --variant id (owned) */
    const char *kind;   /* the kind's name (static) */
    char *fixture;      /* the fixture as the id shows it (owned) */
    char *path;         /* the place, "$" for the whole response (owned) */
    char *value;        /* the mutated value as delivered, or NULL (owned) */
    char *detail;       /* why: the first failure of the run, or NULL (owned) */
    hn__voutcome outcome;
    int expected;       /* 0: nothing stated; 1 tolerate; 2 notice */
    int flagged;        /* crashed, hung or against the expectation: fails the test */
    uint64_t duration_ns;
} hn__variant_result;

typedef struct hn__result {
    const hn__instance *inst;
    int iteration;          /* 0-based repetition (--repeat) */
    hn__status status;
    int signal;             /* the signal that ended the test process, or 0 */
    int exit_code;          /* its exit status when it exited early, or -1 */
    uint64_t duration_ns;
    uint64_t asserts;
    int asserted_nothing;   /* passed without any assertion */
    const char *last_file;  /* last assertion reached */
    int last_line;
    hn__msg *msgs;          /* owned */
    size_t nmsgs, msgcap;
    char *output;           /* captured stdout and stderr, owned, may be NULL */
    size_t output_len;
    uint32_t stats[HN__STAT_COUNT];
    const char *variant;    /* the variant id this run answered with (borrowed), or NULL */
    hn__msg *data;          /* HN__EV_DATA events, for the runner (owned) */
    size_t ndata, datacap;
    hn__variant_result *variants; /* --variants: this test's variant runs (owned) */
    size_t nvariants;
} hn__result;

typedef struct hn__report {
    const char *program;    /* basename of argv[0] */
    uint64_t seed;
    int shuffle;
    int forked;
    int jobs;
    int strict;
    time_t started_at;
    uint64_t duration_ns;
    size_t planned;         /* test runs planned (instances x repeat) */
    hn__result **results;   /* in completion order, owned */
    size_t nresults;
    size_t cap;
    size_t passed, failed, skipped;
    uint32_t stats[HN__STAT_COUNT];
    char **notes;           /* distinct HN__EV_NOTE texts, owned */
    size_t nnotes, notecap;
    int variants;           /* --variants or --variant: the variants line is printed */
    size_t voutcomes[HN__VO_COUNT]; /* variant runs by outcome */
    size_t vflagged;        /* of which crashed, hung or against expectation */
} hn__report;

/* A result for `in` with no messages yet; never NULL (aborts when out of
 * memory). Owned by the caller until hn__report_add. */
hn__result *hn__result_new(const hn__instance *in, int iteration);
/* Appends a message (text copied). */
void hn__result_msg(hn__result *r, hn__event_kind kind, const char *file, int line,
                    const char *text);
/* Fills r from a finished test's record: messages, counters, asserted-nothing
 * (a failure under strict), and the status when none was set by the caller
 * (failed, skipped or passed). */
void hn__result_from_outcome(hn__result *r, const hn__outcome *o, int strict);
/* The word for a variant outcome: tolerated, noticed, crashed, hung. */
const char *hn__voutcome_word(hn__voutcome o);
/* Frees a result. NULL is a no-op. */
void hn__result_free(hn__result *r);

/* Adds a finished result (the report takes ownership) and updates totals. */
void hn__report_add(hn__report *rep, hn__result *r);
/* Frees the results and notes (not the report struct itself). */
void hn__report_clear(hn__report *rep);
/* The word for a status in reports: passed, failed, skipped, crashed, timed_out. */
const char *hn__status_word(hn__status s);
/* The name of a signal ("SIGSEGV"), or "signal N" in a static buffer. */
const char *hn__signal_name(int sig);

#endif
