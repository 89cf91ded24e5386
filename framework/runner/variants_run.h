/* SPDX-License-Identifier: MIT */
/* variants_run.h: --variants in a run: after a test passed, its variants are
 * planned from the fixtures it used and run one by one as tests of their own;
 * the test's result is held until they ended, then carries them. */
#ifndef HN_VARIANTS_RUN_H
#define HN_VARIANTS_RUN_H

#include "report/report.h"
#include "runner/options.h"
#include "runner/registry.h"

typedef struct hn__vrun hn__vrun;

/* The variants of a run with options o (which must outlive it). Never NULL
 * (out of memory aborts). Free with hn__vrun_free. */
hn__vrun *hn__vrun_new(const hn__options *o);
/* --variant=ID: queues the one variant of the instance of reg it names.
 * Returns 0, or 2 after printing to stderr that no test has that name. */
int hn__vrun_replay(hn__vrun *v, const hn__registry *reg);
/* A test's own result: when it passed and answered from fixtures, plans its
 * variants and holds res (returns 1: the caller must not publish it now);
 * otherwise returns 0. */
int hn__vrun_plan(hn__vrun *v, hn__result *res);
/* The next variant to start: 1 with *in and *id (valid until
 * hn__vrun_free) set, or 0 when none waits. */
int hn__vrun_next(hn__vrun *v, const hn__instance **in, const char **id);
/* A variant run ended (res->variant set): takes res and returns the result
 * to publish when it was its test's last variant (the test's own result,
 * carrying its variants; for a replay, the variant run's), else NULL. */
hn__result *hn__vrun_done(hn__vrun *v, hn__result *res);
/* A held result whose variants will not all run (the run stopped early),
 * with those that ran, or NULL when none is held. */
hn__result *hn__vrun_flush(hn__vrun *v);
/* Frees v and any result it still holds. NULL is a no-op. */
void hn__vrun_free(hn__vrun *v);

#endif
