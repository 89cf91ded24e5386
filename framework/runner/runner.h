/* SPDX-License-Identifier: MIT */
/* runner.h: a whole run of a test binary: options, selection, isolation,
 * reports, exit status. */
/* The component framework/runner/: the test registry, options, isolation, the
 * launcher and the run. It uses base, json, core, report, doubles, fixtures,
 * variants (framework/LAYERS); this is its main header. */
#ifndef HN_RUNNER_H
#define HN_RUNNER_H

/* Runs the program's tests as argv asks. Returns the exit status: 0 when
 * nothing failed, 1 when a test failed, 2 on a usage error. A program may
 * call it again after hn__registry_release_list and new registrations (the
 * cmocka layer runs one group at a time). */
int hn__runner_main(int argc, char **argv);

/* 1 when the last hn__runner_main was interrupted (SIGINT, SIGTERM): a
 * program that would run again should stop instead. */
int hn__runner_interrupted(void);

#endif
