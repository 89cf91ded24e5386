/* SPDX-License-Identifier: MIT */
/* honest/verify.h: the C API of the last-verified state `honest verify` keeps
 * beside the fixtures (docs/fixtures.md). Not in <honest.h>: a program that
 * reads or records it includes it. Errors are <honest/fixture.h>'s. */
#ifndef HONEST_VERIFY_H
#define HONEST_VERIFY_H

#include <stddef.h>
#include <time.h>

#include <honest/fixture.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The file, in each directory of fixtures, that holds when each fixture was
 * last verified and with what outcome. */
#define HN_VERIFIED_FILE ".honest-verified.json"

/* ---- Last-verified state --------------------------------------------- */
/* Kept in HN_VERIFIED_FILE in each fixture's directory, not in the fixture,
 * so that nightly verification does not rewrite fixture files. */

typedef struct hn_verified_entry {
    time_t checked_at; /* when the fixture was last verified */
    char outcome[16];  /* "aligned", "drifted", "unreachable", "unauthorized",
                          "invalid" or "stale" */
    time_t since;      /* when the outcome last changed to this value */
} hn_verified_entry;

/* Looks up the fixture at fixture_path. Returns 1 with *out filled, 0 when
 * it was never verified (no state file, or no entry), -1 when the state file
 * is malformed (*err filled, with file:line:column). err may be NULL. */
int hn_verified_lookup(const char *fixture_path, hn_verified_entry *out,
                       hn_fixture_error *err);
/* Records that fixture_path was verified at checked_at with outcome (one of
 * the words above). Read, update and atomic rewrite of the state file happen
 * under an exclusive lock, so concurrent verifiers do not lose entries;
 * `since` is kept when the outcome did not change. Returns 0, or -1 with
 * *err filled (a bad outcome word, an unwritable directory, a malformed
 * state file, which is then left as it was). */
int hn_verified_record(const char *fixture_path, time_t checked_at,
                       const char *outcome, hn_fixture_error *err);
/* Records n outcomes at once (what a verify run of many fixtures does):
 * fixture_paths[i] was verified at checked_at with outcomes[i]. Each state
 * file is read, updated and rewritten once, under its lock, however many of
 * its fixtures are recorded. entries (NULL, or n of them) receives each
 * entry as written (its `since` in particular). Returns 0, or -1 with *err
 * filled for the first failure; the other directories are still written. */
int hn_verified_record_many(const char *const *fixture_paths, const char *const *outcomes,
                            size_t n, time_t checked_at, hn_verified_entry *entries,
                            hn_fixture_error *err);

#ifdef __cplusplus
}
#endif
#endif
