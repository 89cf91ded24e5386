/* SPDX-License-Identifier: MIT */
/* audit.h: the audit file of a run (--audit=FILE): one JSON object per line
 * saying what each double and fixture did in each test, for `honest audit`.
 * docs/audit.md describes the records. */
#ifndef HN_AUDIT_H
#define HN_AUDIT_H

#include "base/buf.h"

/* Starts the audit of a run into path (absolute): creates the file or
 * empties it, and keeps it open in append mode (test processes inherit the
 * descriptor, so a record costs one write). The runner calls it once, before any test process exists, so
 * that every test process appends to the same file; then calls the functions
 * of hn__audit_on_start. Returns 0, or -1 with a
 * message on stderr naming the file and the reason. */
int hn__audit_start(const char *path);
/* Adds fn to what hn__audit_start calls once the file is ready: a part's
 * records about the whole program (the doubles it declares). Called from
 * the part's constructor, so that only parts linked in take part. At most
 * 8 functions. */
void hn__audit_on_start(void (*fn)(void));
/* The audit file of this run, or NULL without --audit. */
const char *hn__audit_file(void);
/* Appends one record to the audit file: {"type":TYPE,"test":NAME,MEMBERS}
 * where NAME is the running test's ("" outside a test) and `members` holds
 * further members as JSON text without braces ("\"function\":\"f\",...";
 * empty for none). Written with one write(2) in append mode, so records of
 * tests running at once never interleave. Does nothing without --audit. An
 * error writing is reported once on stderr; the run goes on. */
void hn__audit_emit(const char *type, const hn__buf *members);

#endif
