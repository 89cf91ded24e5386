/* SPDX-License-Identifier: MIT */
/* audit.h: `honest audit`: the inventory of a suite's doubles and fixtures,
 * merged from the audit files (--audit=FILE) of its test binaries. */
/* The component framework/audit/: the inventory of doubles and fixtures
 * (audit_model.c, audit_run.c, audit_report.c, and audit_scan.c with the
 * tokenizer ctok.c for what the run cannot see). It uses base, json, core,
 * report, diff, fixtures, doubles, live and runner (framework/LAYERS); this
 * is its main header. */
#ifndef HN_AUDIT_MODEL_H
#define HN_AUDIT_MODEL_H

#include <stddef.h>
#include <stdio.h>
#include <time.h>

/* One piece of hand-written canned data a double answered with. */
typedef struct hn__audit_canned {
    char *macro; /* HN_RETURNS, HN_FILLS, ... */
    char *at;    /* file:line where it was configured */
    char *text;  /* as the double answered it (migrate writes it, redacted) */
    char *shown; /* text as reports show it: secrets redacted (hn__redact_show) */
    int json;    /* the text is a JSON object or array */
    char **args; /* the first call's arguments in the test it answered */
    size_t nargs, argcap;
} hn__audit_canned;

/* A double of one binary, over every test that used it. */
typedef struct hn__audit_double {
    char *binary, *function, *origin, *declared_at;
    size_t tests;                 /* tests in which it was a double */
    size_t kinds[5];              /* tests per kind: dummy, stub, spy, mock, fake */
    char *library;                /* where the real function lives, or NULL */
    int marked;                   /* named by --boundary */
    int boundary;                 /* stands for something the team does not own */
    char *boundary_why;           /* static text or the library */
    char **fixtures;              /* fixture paths it answered from */
    size_t nfixtures, fixturecap;
    hn__audit_canned *canned;
    size_t ncanned, cannedcap;
    int backed;                   /* answered from fixtures backed by reality */
    char **args;                  /* as a fake (custom_fake), its first call's arguments, */
    size_t nargs, argcap;         /* for canned data found in its body by the scan */
    int args_conflict;            /* tests called it with different ones: none kept */
} hn__audit_double;

/* A fixture some test loaded. */
typedef struct hn__audit_fixture {
    char *path, *name, *origin;   /* origin: recorded, imported, hand-written */
    time_t recorded_at;
    int max_age_days, age_days, stale;
    size_t tests;
    int verified;                 /* has a last-verified entry */
    char outcome[16];             /* its outcome, "" when never verified */
    time_t checked_at;
    int real;                     /* recorded, imported, or verified aligned */
} hn__audit_fixture;

typedef struct hn__audit {
    hn__audit_double *doubles;
    size_t ndoubles, doublecap;
    hn__audit_fixture *fixtures;
    size_t nfixtures, fixturecap;
    char **unused;                /* "binary: function (file:line)" declared, never a double */
    size_t nunused, unusedcap;
    char **silent;                /* tests that asserted nothing ("binary: suite.name") */
    size_t nsilent, silentcap;
    size_t tests, dummies, binaries;
    char **files;                 /* source files the records name (tests, doubles, canned) */
    char **file_binaries;         /* the binary whose record named files[i] */
    size_t nfiles, filecap, file_bincap;
    const char **marks;           /* --boundary FN, borrowed */
    size_t nmarks;
    time_t now;
} hn__audit;

/* Reads one audit file (JSON lines written by a test binary run with
 * --audit=FILE) into a. Returns 0, or -1 with a message naming the file and
 * line in err (errlen bytes). */
int hn__audit_read(hn__audit *a, const char *path, char *err, size_t errlen);
/* Adds canned data found by the source scan (audit_scan.c) to the double
 * of fn with that origin in binary (created when the run saw none): text
 * typed at `at` (file:line) with macro naming its form. A canned entry of
 * the run with the same text and no place gets this place. */
void hn__audit_add_canned(hn__audit *a, const char *binary, const char *fn, const char *origin,
                          const char *macro, const char *at, const char *text);
/* The same for a fixture the scan found a hand-rolled stub answering from
 * (return HN_FIXTURE_BODY("...")): path as the run names it. */
void hn__audit_add_fixture(hn__audit *a, const char *binary, const char *fn, const char *origin,
                           const char *path);
/* Judges what was read: boundaries, fixture ages, origins and last
 * verification, fixture-backed doubles. Call once after every read. */
void hn__audit_judge(hn__audit *a);
/* The fixture-backed share of boundary doubles (1 when there is none). */
double hn__audit_ratio(const hn__audit *a, size_t *backed, size_t *boundary);
/* Frees everything a holds (not marks); zeroes it. */
void hn__audit_free(hn__audit *a);

/* audit_run.c: reads the audits of a CTest build directory (build, may be
 * NULL), of binaries run with --audit, and of audit files (from), into a.
 * Returns 0, or -1 with err. */
int hn__audit_collect(hn__audit *a, const char *build, const char *const *binaries,
                      size_t nbinaries, const char *const *from, size_t nfrom, char *err,
                      size_t errlen);

/* audit_scan.c: the source scan: in the files the records name and the .c
 * files beside them, the canned JSON the run cannot see: a definition of
 * one of fns no double of which ran (a hand-rolled stub), or of a
 * custom_fake assigned to an fff fake of one, that returns or copies a
 * string literal holding JSON; an fff `FN_fake.return_val = "..."` (the
 * line the run could not know); HN_FILLS(FN, i, "...").
 * Adds each to a (hn__audit_add_canned). Call before hn__audit_judge. */
void hn__audit_scan(hn__audit *a, const char *const *fns, size_t nfns);
/* The names the scan looks for in an audit: the --boundary marks, extra
 * (may be NULL) and the function of every double, each once (malloc'd
 * array of borrowed strings; *n its length). */
const char **hn__audit_scan_names(const hn__audit *a, const char *const *extra, size_t nextra,
                                  size_t *n);

/* audit_report.c: the inventory for people (text), for pull requests
 * (Markdown) and for programs (JSON). */
void hn__audit_report_text(const hn__audit *a, FILE *f);
char *hn__audit_report_markdown(const hn__audit *a);
char *hn__audit_report_json(const hn__audit *a);

#endif
