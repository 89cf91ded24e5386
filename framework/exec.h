/* SPDX-License-Identifier: MIT */
/* exec.h: running one test in the current process (setup, body, teardown,
 * the parts' verification and cleanup), the same in every isolation mode. */
#ifndef HN_EXEC_H
#define HN_EXEC_H

#include <setjmp.h>

#include "options.h"
#include "outcome.h"
#include "registry.h"

/* Exit status a framework part uses to end a test process after recording a
 * fatal failure that cannot jump back (for example from a signal handler). */
#define HN__EXIT_ABORTED 97

/* Runs the instance in this process, recording into o, and sets o->done when
 * every phase returned. Returns normally even when the test failed. In a
 * process the test itself forked, returns never: that process _exits. */
void hn__exec_test(const hn__instance *in, hn__outcome *o, const hn__options *opts);

/* Context plumbing used by exec.c (defined in context.c). */
void hn__ctx_enter(hn__outcome *o, const hn__instance *in, const hn__options *opts);
void hn__ctx_set_jump(sigjmp_buf *jump);
void hn__ctx_leave(void);
/* From a signal handler on the test's thread: marks a soft timeout and jumps
 * back to the boundary. Returns 0 when not on the test's thread. */
int hn__ctx_interrupt(void);

#endif
