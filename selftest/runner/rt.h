/* SPDX-License-Identifier: MIT */
/* rt.h: helpers of the runner's selftests: run a subject program from
 * progs/ with a clean environment, normalise what it printed, compare it with
 * a golden file of expected/, and scratch directories removed after a test. */
#ifndef RT_H
#define RT_H

#include <stddef.h>
#include <sys/types.h>

#include "support.h"

/* The path of a built subject program (progs/NAME), in a rotating static
 * buffer (valid for the next 7 calls). */
const char *rt_prog(const char *name);

/* Runs a subject program: prog is a name under progs/ or an absolute path,
 * args a NULL-terminated list, env extra "KEY=VALUE" or "KEY" (unset)
 * entries (may be NULL). The environment is cleaned first of everything that
 * changes a run (sharding and JUnit variables of Bazel and GoogleTest,
 * NO_COLOR, CI) and sanitizers are told to leave crash signals alone. Fails
 * the test when the program cannot be started or is still running after
 * timeout_ms (0: 30 s). Free p with st_proc_free. */
void rt_run(st_proc *p, const char *prog, const char *const *args, const char *const *env,
            int timeout_ms);

#define RT_ARGS(...) ((const char *const[]){__VA_ARGS__, NULL})

/* Starts a subject program (a name under progs/) with args (NULL-terminated)
 * and its standard output into a pipe, whose reading end goes to *out; the
 * caller reads, then kills or waits for the returned pid. Fails the test
 * when it cannot start. For the tests that watch a run while it runs. */
pid_t rt_start(const char *prog, const char *const *args, int *out);
/* RT_RUN(&p, "pass", "--jobs=1", ...): rt_run with no extra environment. */
#define RT_RUN(p, prog, ...) rt_run(p, prog, RT_ARGS(__VA_ARGS__), NULL, 0)

/* Runs a shell command line (sh -c) with the same clean environment; for
 * the tools the selftests drive (prove, xmllint, cmake, pkg-config). */
void rt_sh(st_proc *p, const char *cmdline, const char *const *env, int timeout_ms);

/* A copy of text with what changes from run to run replaced: durations
 * ("(T ms)", duration_ms, time=), timestamps, the source directory
 * ("@SRC@") and honest's version ("@VERSION@"). Carriage returns are
 * dropped. malloc'd. */
char *rt_norm(const char *text);

/* Replaces every match of the extended regular expression pat in text with
 * rep (literal); takes text (malloc'd) and returns a malloc'd copy. */
char *rt_replace(char *text, const char *pat, const char *rep);

/* Compares rt_norm(actual) with the file expected/NAME; on a difference,
 * writes the normalised text to the build tree and fails the test with the
 * first differing lines and a diff command. */
void rt_golden(const char *name, const char *actual);

/* The names of the tests a text report shows, one per line in the order
 * printed: taken from lines that start with PASS, FAIL, SKIP, CRASH or
 * TIMEOUT. malloc'd. */
char *rt_names(const char *text);

/* The first line of text (static buffer). */
const char *rt_first_line(const char *text);

/* A scratch directory removed by rt_cleanup (the suites' teardown). */
const char *rt_tmpdir(void);
/* Joins dir and name in a rotating static buffer (as rt_prog). */
const char *rt_path(const char *dir, const char *name);
/* Removes the scratch directories made by rt_tmpdir in this test. */
void rt_cleanup(void);

/* The 1-based line of the first line of file that contains needle; fails
 * the test when there is none. */
int rt_line_of(const char *file, const char *needle);

/* Reads a file; fails the test when it cannot. malloc'd. */
char *rt_read(const char *path);

#endif
