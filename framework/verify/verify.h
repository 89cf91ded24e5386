/* SPDX-License-Identifier: MIT */
/* verify.h: replaying fixtures against their live endpoints and judging each
 * (aligned, drifted, unreachable, invalid, stale), the comparison of one
 * live answer with a fixture, and the reports of a run. */
/* The component framework/verify/: honest verify: replaying fixtures live,
 * comparing, and the drift reports. It uses base, json, core, diff, fixtures,
 * live, report (framework/LAYERS); this is its main header. */
#ifndef HN_VERIFY_H
#define HN_VERIFY_H

#include <stddef.h>
#include <stdio.h>
#include <time.h>

#include <honest/diff.h>
#include <honest/fixture.h>

#include "live/http_client.h"
#include "live/live_compare.h"

/* The judgement of one fixture. SKIPPED is not a drift outcome: a fixture
 * whose recorded response is a transport error (a simulated timeout) has no
 * live counterpart to compare; it is listed but not sent or recorded. */
typedef enum hn__verify_outcome {
    HN__VERIFY_ALIGNED = 0,
    HN__VERIFY_DRIFTED,
    HN__VERIFY_UNREACHABLE,
    HN__VERIFY_INVALID,
    HN__VERIFY_STALE,
    HN__VERIFY_SKIPPED,
    HN__VERIFY_NOUTCOMES
} hn__verify_outcome;

/* "aligned", "drifted", "unreachable", "invalid", "stale", "skipped". */
const char *hn__verify_outcome_word(hn__verify_outcome o);

/* ---- verify.c: a run over many fixtures ------------------------------- */

typedef struct hn__verify_config {
    hn__http_config http;
    int learn_volatile;          /* request twice, learn volatile paths */
    int update;                  /* re-record drifted fixtures */
    int keep_state;              /* write HN_VERIFIED_FILE beside fixtures */
    hn_fixture_lookup lookup;    /* ${NAME} values; NULL: the environment */
    void *lookup_data;
    FILE *log;                   /* --update's changes and progress; may be NULL */
    time_t now;                  /* the time of the check (0: now) */
} hn__verify_config;

/* The report of one fixture. Strings are malloc'd and owned by the run. */
typedef struct hn__verify_item {
    char *path;
    char *name, *service, *method, *url; /* NULL when the fixture did not load */
    hn__verify_outcome outcome;
    time_t recorded_at;                  /* 0 when unknown */
    int age_days;                        /* -1 when unknown */
    int max_age_days;
    char *error;         /* invalid, unreachable, skipped: why; else NULL */
    hn_diff *diff;       /* drifted: the differences (owned); else NULL */
    char **volatile_paths;
    size_t nvolatile;
    long live_status;    /* 0 when there was no answer */
    int attempts;
    double seconds;
    time_t drifting_since; /* drifted: since when (last-verified state), or 0 */
    int updated;         /* --update rewrote the fixture */
    char *changes;       /* --update: the reviewable change, or NULL */
} hn__verify_item;

typedef struct hn__verify_run {
    hn__verify_item *items; /* sorted: oldest recording first */
    size_t n;
    size_t counts[HN__VERIFY_NOUTCOMES];
    time_t checked_at;
    double seconds;
    int concurrency, retries, learn_volatile;
    long timeout_ms;
    char *state_error; /* the last-verified state could not be written */
} hn__verify_run;

/* Expands paths (fixture files, or directories searched recursively for
 * *.json files, dot files skipped) into a sorted, de-duplicated list of
 * files: a malloc'd array of *n malloc'd strings. Returns 0, or -1 with err
 * filled (a path that does not exist, or names no fixture). */
int hn__verify_files(const char *const *paths, size_t npaths, char ***files, size_t *n,
                     char *err, size_t errlen);
/* Verifies the fixture files and fills *run (free with
 * hn__verify_run_free). Memory stays bounded by the concurrency plus the
 * reports. Returns 0, or -1 with err filled when libcurl failed as a whole. */
int hn__verify_run_files(const hn__verify_config *cfg, char *const *files, size_t n,
                         hn__verify_run *run, char *err, size_t errlen);
void hn__verify_run_free(hn__verify_run *run);
/* The exit status for a run: 1 when more than max_drift fixtures drifted,
 * else 2 when one is invalid, else 3 when one is unreachable, else 0. */
int hn__verify_exit_status(const hn__verify_run *run, int max_drift);

/* ---- verify_report.c, verify_report_json.c: the reports ---------------- */

/* The table for people (stdout), oldest recording first, then every
 * difference of each drifted fixture. color: ANSI colours. */
void hn__verify_report_text(const hn__verify_run *run, int max_drift, FILE *f, int color);
/* The reports written to files (atomically). Each returns 0, or -1 with err
 * filled. */
int hn__verify_report_markdown(const hn__verify_run *run, int max_drift, const char *path,
                               char *err, size_t errlen);
int hn__verify_report_json(const hn__verify_run *run, int max_drift, const char *path,
                           char *err, size_t errlen);
int hn__verify_report_junit(const hn__verify_run *run, int max_drift, const char *path,
                            char *err, size_t errlen);
/* One difference as "PATH: RECORDED -> LIVE" (hn_diff_entry_write), malloc'd;
 * the caller frees it. NULL when out of memory. */
char *hn__verify_report_entry(const hn_diff_entry *e);
/* Writes text to path through hn__file_atomic_write; 0 or -1 (err). */
int hn__verify_report_save(const char *path, const char *text, size_t len, char *err,
                           size_t errlen);

#endif
