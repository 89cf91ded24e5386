/* SPDX-License-Identifier: MIT */
/* isolate.h: runs tests in child processes (one per test, up to `jobs` at a
 * time, output captured, crashes and timeouts caught), or in this process
 * with --no-fork, and turns each run into a result. */
#ifndef HN_ISOLATE_H
#define HN_ISOLATE_H

#include "runner/options.h"
#include "runner/registry.h"
#include "report/report.h"

typedef struct hn__isolate hn__isolate;

/* A pool with o->jobs slots (1 with --no-fork) for the tests of reg (whose
 * mapping the launcher drops: tests travel to it by value). Returns NULL when
 * out of memory or when the shared records cannot be mapped. */
hn__isolate *hn__isolate_new(const hn__options *o, const hn__registry *reg);
/* Slots free to start a test now. */
int hn__isolate_idle(const hn__isolate *p);
/* Starts `in` in a free slot (with --no-fork: runs it to the end now).
 * timeout_ms 0 means none. variant (NULL: none) is the --variants id the
 * run answers with; it must outlive the run, and its result points at it. */
void hn__isolate_start(hn__isolate *p, const hn__instance *in, int iteration,
                       int timeout_ms, const char *variant);
/* Reports `in` skipped for `why` (its .skip option) in its turn among the
 * tests started, without running it. Takes a slot like hn__isolate_start. */
void hn__isolate_skip(hn__isolate *p, const hn__instance *in, int iteration, const char *why);
/* Waits for a started test to end and returns its result (the caller owns
 * it), or NULL when nothing is running. */
hn__result *hn__isolate_wait(hn__isolate *p);
/* With --no-fork, a test that calls exit() ends the whole process. Before it
 * does, the pool turns that into a failed result and hands it to fn (which
 * may report and finish the run); the process then exits with status 1. */
void hn__isolate_on_exit(hn__isolate *p, void (*fn)(hn__result *r, void *data), void *data);
/* Kills every running test's process group (used on SIGINT). */
void hn__isolate_kill_all(hn__isolate *p);
/* Frees the pool. NULL is a no-op. */
void hn__isolate_free(hn__isolate *p);

#endif
