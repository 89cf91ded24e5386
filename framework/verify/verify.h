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
 * live counterpart to compare, and an unsafe request is replayed only when
 * asked; it is listed but not sent or recorded. UNAUTHORIZED: the endpoint
 * refused the credentials (401, 403) where the recording succeeded. */
typedef enum hn__verify_outcome {
    HN__VERIFY_ALIGNED = 0,
    HN__VERIFY_DRIFTED,
    HN__VERIFY_UNREACHABLE,
    HN__VERIFY_UNAUTHORIZED,
    HN__VERIFY_INVALID,
    HN__VERIFY_STALE,
    HN__VERIFY_SKIPPED,
    HN__VERIFY_NOUTCOMES
} hn__verify_outcome;

/* "aligned", "drifted", "unreachable", "unauthorized", "invalid", "stale",
 * "skipped". */
const char *hn__verify_outcome_word(hn__verify_outcome o);
/* The outcome whose word is `word`; -1 when there is none. */
int hn__verify_outcome_from_word(const char *word);

/* How much a kind of difference weighs (verify_policy.c). */
typedef enum hn__verify_severity {
    HN__SEV_DEFAULT = 0, /* not set here: the next rule decides */
    HN__SEV_DRIFT,       /* drift: counts for the outcome and the exit status */
    HN__SEV_WARN,        /* reported as a warning, not drift */
    HN__SEV_IGNORE       /* left out of the report */
} hn__verify_severity;
/* One severity per diff kind (indexed by hn_diff_kind, 0 unused). */
#define HN__VERIFY_NKINDS 7
typedef struct hn__verify_policy {
    hn__verify_severity kind[HN__VERIFY_NKINDS];
} hn__verify_policy;

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
    int unsafe;                  /* --unsafe: replay unsafe methods ("flag") too */
    hn__verify_policy severity;  /* --severity: the run's rules (0: defaults) */
} hn__verify_config;

/* The report of one fixture. Strings are malloc'd and owned by the run. */
typedef struct hn__verify_item {
    char *path;
    char *name, *service, *method, *url; /* NULL when the fixture did not load */
    hn__verify_outcome outcome;
    time_t recorded_at;                  /* 0 when unknown */
    int age_days;                        /* -1 when unknown */
    int max_age_days;
    char *error;         /* invalid, unreachable, unauthorized, skipped: why; else NULL */
    hn_diff *diff;       /* drifted, or warnings: the differences (owned); else NULL */
    unsigned char *warn; /* per difference of diff: 1 when it is a warning */
    size_t nwarnings;    /* differences that are warnings, not drift */
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
    size_t n, cap;
    size_t counts[HN__VERIFY_NOUTCOMES];
    time_t checked_at;
    double seconds;
    int concurrency, retries, learn_volatile;
    long timeout_ms;
    char *state_error; /* the last-verified state could not be written */
    size_t warnings;   /* differences reported as warnings, over all fixtures */
    int shard_i, shard_n; /* --shard I/N, or 0 */
    int merged;        /* reports merged by --merge (verify_merge.c) */
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
 * else 2 when one is invalid, else 3 when one is unreachable or
 * unauthorized, else 0. */
int hn__verify_exit_status(const hn__verify_run *run, int max_drift);
/* Sorts the items (oldest recording first, unknown ages last, then by path). */
void hn__verify_run_sort(hn__verify_run *run);

/* ---- verify_policy.c: what is replayed, what counts, which shard --------- */

/* Reads --severity SPEC ("added=warn,removed=drift", kinds as diff kind
 * words, levels drift, warn or ignore) into p. Returns 0, or -1 with a
 * message in err. */
int hn__verify_policy_parse(const char *spec, hn__verify_policy *p, char *err, size_t errlen);
/* Applies the severities to it->diff: ignored differences are dropped,
 * warnings flagged in it->warn. Returns the number of drift differences, or
 * (size_t)-1 when out of memory. */
size_t hn__verify_weigh(const hn__verify_policy *run, const hn_fixture *fx, hn__verify_item *it);
/* Whether fx's request is replayed: NULL when it is, else why not
 * (malloc'd; the reason shown as the skipped fixture's error). unsafe:
 * --unsafe was given. */
char *hn__verify_replay_skip(const hn_fixture *fx, int unsafe);
/* The explanation of a 401 or 403 where fx recorded a success, naming the
 * placeholders the request used (malloc'd, or NULL when out of memory). */
char *hn__verify_unauthorized_text(const hn_fixture *fx, long status);
/* Reads --shard I/N (1 <= I <= N). Returns 0, or -1 with err filled. */
int hn__verify_shard_parse(const char *spec, int *i, int *n, char *err, size_t errlen);
/* Keeps in files[0..*n) those of shard i of n (by a hash of the path, so
 * the split is stable whatever else changes); frees the others. */
void hn__verify_shard(char **files, size_t *n, int i, int shard_n);

/* ---- verify_merge.c: shard reports merged into one ---------------------- */

/* Reads the JSON reports at paths (written by --json) into one run (free
 * with hn__verify_run_free); *max_drift gets the largest max_drift they
 * give. Returns 0, or -1 with err filled (a file that is not a verify
 * report, naming it and what is wrong). */
int hn__verify_merge(const char *const *paths, size_t n, hn__verify_run *run, int *max_drift,
                     char *err, size_t errlen);

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
/* Whether difference i of it is a warning (not drift). */
int hn__verify_is_warning(const hn__verify_item *it, size_t i);
/* One difference as "PATH: RECORDED -> LIVE" (hn_diff_entry_write), malloc'd;
 * the caller frees it. NULL when out of memory. */
char *hn__verify_report_entry(const hn_diff_entry *e);
/* Writes text to path through hn__file_atomic_write; 0 or -1 (err). */
int hn__verify_report_save(const char *path, const char *text, size_t len, char *err,
                           size_t errlen);

#endif
