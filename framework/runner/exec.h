/* SPDX-License-Identifier: MIT */
/* exec.h: running one test in the current process (setup, body, teardown,
 * the parts' verification and cleanup), the same in every isolation mode. */
#ifndef HN_EXEC_H
#define HN_EXEC_H

#include "runner/options.h"
#include "core/outcome.h"
#include "runner/registry.h"

/* Runs the instance in this process, recording into o, and sets o->done when
 * every phase returned. Returns normally even when the test failed. In a
 * process the test itself forked, returns never: that process _exits. */
void hn__exec_test(const hn__instance *in, hn__outcome *o, const hn__options *opts);

#endif
