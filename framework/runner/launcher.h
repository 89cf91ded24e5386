/* SPDX-License-Identifier: MIT */
/* launcher.h: a small process, forked from the runner before the run, that
 * forks one child per test on request and reports how each ended. The
 * runner's own memory grows with the run's results; forking from a process
 * that stays small keeps every fork near the cost of a bare fork. */
#ifndef HN_LAUNCHER_H
#define HN_LAUNCHER_H

#include <stdint.h>
#include <sys/types.h>

#include "runner/options.h"
#include "core/outcome.h"
#include "runner/registry.h"

/* Where a test child writes: its record (shared memory) and output (memfd). */
typedef struct hn__launch_slot {
    hn__outcome *o;
    int memfd;
} hn__launch_slot;

/* A test's captured output keeps its first and its last HN__LAUNCH_KEEP
 * bytes: while the test runs, the launcher gives back the memory of what
 * lies between (every HN__LAUNCH_TRIM_MS, punching a hole in the memfd), so
 * a test that writes gigabytes holds a bounded amount; the runner shows the
 * head and the tail and says how much was dropped. */
#define HN__LAUNCH_KEEP ((size_t)512 << 10)
#define HN__LAUNCH_TRIM_MS 50

/* Runner -> launcher: run a test in slot `slot` with a time limit (0: none).
 * One message holds one or more, back to back. The instance and its descriptor travel by value (the pointers in them are
 * valid in both processes: the launcher is a fork), so the launcher needs
 * neither the registry nor the pages holding the descriptors. */
typedef struct hn__launch_start {
    int slot;
    int timeout_ms;
    hn__instance in;        /* name is not used; in.test is replaced by &test */
    hn_test test;
} hn__launch_start;

/* Launcher -> runner: the test in `slot` ended. One message holds one or
 * more, back to back: the launcher holds reports back until half the slots
 * or fewer are left queued, nothing runs, it stops, or the oldest is 20 ms
 * old. A slot
 * may be started again only once its report has arrived. */
typedef struct hn__launch_done {
    int slot;
    int status;      /* from waitpid, or -1 when fork failed (err holds errno) */
    int err;
    int timed_out;   /* killed at its deadline */
    uint64_t duration_ns;
} hn__launch_done;

/* Forks the launcher. slots (copied) are the records children write; opts
 * must stay valid. drop (drop_len bytes, may be NULL) is a mapping of the
 * runner's that the launcher unmaps at once (the registry): fork copies the
 * page tables of all the memory the forking process holds. At most
 * max_running tests run at once; start requests beyond that wait in order,
 * so the runner can queue the next tests while it reads the last results.
 * Returns the launcher's pid and sets *fd to the
 * runner's end of a SOCK_SEQPACKET channel (close it to stop the launcher),
 * or returns -1 with errno set. */
pid_t hn__launcher_spawn(const hn__launch_slot *slots, int nslots, int max_running,
                         const hn__options *opts, void *drop, size_t drop_len, int *fd);

#endif
