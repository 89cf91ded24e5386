/* SPDX-License-Identifier: MIT */
/* migrate.h: `honest migrate`: canned JSON of boundary doubles turned into
 * hand-written fixtures (migrate.c), and the test sources rewritten to
 * answer from them (migrate_edit.c). */
#ifndef HN_MIGRATE_H
#define HN_MIGRATE_H

#include <stddef.h>
#include <stdio.h>

#include "audit/audit.h"

/* --endpoint 'FN=METHOD URL': the live request the canned data of FN stands
 * for; {1}, {2}... in URL are the arguments of FN's call. */
typedef struct hn__migrate_endpoint {
    char *fn, *method, *url;
} hn__migrate_endpoint;

typedef struct hn__migrate_opts {
    const hn__migrate_endpoint *endpoints;
    size_t nendpoints;
    const char *fixtures_dir; /* where the fixtures go (created if missing) */
    int apply;                /* rewrite the sources; else print a patch */
    FILE *out;                /* what was done, and the patch */
} hn__migrate_opts;

/* Parses "FN=METHOD URL" into e (malloc'd fields). Returns 0, or -1 when
 * spec does not have that form. Free with hn__migrate_endpoint_free. */
int hn__migrate_endpoint_parse(const char *spec, hn__migrate_endpoint *e);
void hn__migrate_endpoint_free(hn__migrate_endpoint *e);

/* Migrates what the audit a found. Returns 0, or -1 with err. Running it
 * again changes nothing: fixtures that hold the same request and response
 * are left alone, and places already rewritten are skipped. */
int hn__migrate(const hn__audit *a, const hn__migrate_opts *o, char *err, size_t errlen);

/* ---- migrate_edit.c: the rewrites of test sources ---- */

typedef struct hn__migrate_edit {
    char *file;   /* the test source */
    int line;     /* where the canned data was configured */
    char *fn;
    char *rel;    /* the fixture's path relative to the source's directory */
    char *macro;  /* the form of the canned data (hn__audit_canned.macro) */
} hn__migrate_edit;

typedef struct hn__migrate_edits {
    hn__migrate_edit *v;
    size_t n, cap;
} hn__migrate_edits;

/* Plans the rewrite of the place canned data c of fn was typed, to answer
 * from the fixture at fixture_path instead: HN_RETURNS becomes
 * HN_RETURNS_FIXTURE; the literal of will_return, of an fff return_val and
 * of a hand-rolled stub's or custom_fake's return becomes
 * HN_FIXTURE_BODY("path") (and <honest.h> is included when the file does
 * not include it). A form it cannot rewrite (HN_FILLS, copies into an
 * out-parameter) is reported on out with what to do by hand, and skipped.
 * Returns 0, or -1 when out of memory. */
int hn__migrate_edit_add(hn__migrate_edits *e, const hn__audit_canned *c, const char *fn,
                         const char *fixture_path, FILE *out);
/* Carries out the planned rewrites: with apply, each source is replaced
 * atomically; without, a unified diff of each is printed on out. Returns 0,
 * or -1 with err when a source cannot be read or written. */
int hn__migrate_edits_finish(const hn__migrate_edits *e, int apply, FILE *out, char *err,
                             size_t errlen);
void hn__migrate_edits_free(hn__migrate_edits *e);

#endif
