/* SPDX-License-Identifier: MIT */
/* support.h: selftest helpers: run a real program and capture what it prints,
 * read and write files, make scratch directories. Not part of honest's API. */
#ifndef ST_SUPPORT_H
#define ST_SUPPORT_H

#include <stddef.h>

/* What a finished subprocess did. out and err are NUL-terminated, owned. */
typedef struct st_proc {
    int exited;     /* 1: exited normally, exit_code valid */
    int exit_code;
    int signal;     /* the signal that ended it, or 0 */
    int timed_out;  /* killed by st_run after timeout_ms */
    long cpu_ms;    /* its CPU time, user + system (wait4), in ms */
    char *out;
    size_t out_len;
    char *err;
    size_t err_len;
} st_proc;

/* Options of st_run; all optional (zero means default). */
typedef struct st_opts {
    const char *const *env; /* extra "KEY=VALUE" entries, NULL-terminated;
                               "KEY" alone removes KEY from the environment */
    const char *cwd;        /* directory to run in */
    const char *input;      /* standard input (default: empty) */
    int timeout_ms;         /* default 60000 */
} st_opts;

/* Runs argv (argv[0] a path) to completion and fills p. Returns 0, or -1 when
 * the program could not be started. Free p with st_proc_free. */
int st_run(st_proc *p, const char *const argv[], const st_opts *opts);
/* Releases the buffers of p. */
void st_proc_free(st_proc *p);
/* The last line of p->out without its newline (static buffer). */
const char *st_last_line(const st_proc *p);
/* Counts non-overlapping occurrences of needle in haystack. */
int st_count(const char *haystack, const char *needle);

/* Runs argv as st_run does, with the dynamic linker tracing its bindings
 * (LD_DEBUG=bindings, into a scratch directory), and returns how many times
 * symbol was bound in the program and every process it forked; -1 when it
 * could not run or its trace could not be read. p gets the program's run. */
int st_ld_binds(st_proc *p, const char *const argv[], const char *symbol);

/* Reads a whole file; returns a malloc'd NUL-terminated buffer or NULL. */
char *st_read_file(const char *path, size_t *len);
/* Writes text to path (truncating); returns 0 or -1. */
int st_write_file(const char *path, const char *text);
/* A new empty directory under $TMPDIR (or /tmp); the path is malloc'd. */
char *st_tmpdir(void);
/* Removes a directory tree (best effort). */
void st_rmtree(const char *path);
/* Joins dir and name into a malloc'd path. */
char *st_join(const char *dir, const char *name);

#endif
