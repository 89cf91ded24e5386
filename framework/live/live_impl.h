/* SPDX-License-Identifier: MIT */
/* live_impl.h: what the files of framework/live share and no one else sees:
 * the index of removed and added members that finds likely renames. */
#ifndef HN_LIVE_IMPL_H
#define HN_LIVE_IMPL_H

#include <stddef.h>

#include <honest/diff.h>

/* The removed and added members of a list of differences, indexed once. */
typedef struct hn__live_members hn__live_members;

/* Indexes the removed and added members of from (which must outlive the
 * index and not grow). Returns a new index (free with
 * hn__live_members_free), or NULL when out of memory. */
hn__live_members *hn__live_members_new(const hn_diff *from);
/* Releases m; NULL is a no-op. */
void hn__live_members_free(hn__live_members *m);
/* When entry `entry` of from is a removed member and an added one sits in
 * the same object with the same type and value (or the other way round),
 * the key was most likely renamed: returns the other key (the first such
 * member in document order; owned by m), else NULL. */
const char *hn__live_renamed(const hn__live_members *m, size_t entry);

#endif
