/* SPDX-License-Identifier: MIT */
/* live_compare.h: one live answer against the response its fixture recorded,
 * for honest verify and for HN_HTTP_FIXTURES under --live. */
#ifndef HN_LIVE_COMPARE_H
#define HN_LIVE_COMPARE_H

#include <stddef.h>

#include <honest/diff.h>
#include <honest/fixture.h>

#include "live/http_client.h"

/* Compares a live answer with the response recorded in fx, under fx's
 * verify rules, and appends the differences to d: the status
 * (status_changed) and the media type of Content-Type (header_changed)
 * always, other headers when a `values` path names them, the body by the
 * `compare` mode with `ignore` and `values` paths. Value differences
 * (value_changed, and header values) at a path matched by one of the
 * `nvolatile` patterns are left out. Returns 0, or -1 with a message in err
 * (errlen bytes) when a rule is not a path or memory ran out. */
int hn__verify_compare(const hn_fixture *fx, const hn__http_response *live,
                       char *const *volatile_paths, size_t nvolatile, hn_diff *d, char *err,
                       size_t errlen);
/* The paths whose values differ between two live answers to fx's request
 * (body values, and the headers fx checks by value), array indices written
 * [*], without repeats: a new malloc'd array of *n malloc'd strings (the
 * caller frees each and the array; NULL with *n 0 when there are none).
 * Returns 0, or -1 when out of memory. */
int hn__verify_volatile(const hn_fixture *fx, const hn__http_response *a,
                        const hn__http_response *b, char ***paths, size_t *n);

#endif
