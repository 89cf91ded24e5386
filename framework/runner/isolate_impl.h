/* SPDX-License-Identifier: MIT */
/* isolate_impl.h: the insides of the isolation pool shared by isolate.c
 * (tests in child processes) and isolate_here.c (--no-fork). Private to
 * framework/runner. */
#ifndef HN_ISOLATE_IMPL_H
#define HN_ISOLATE_IMPL_H

#include <signal.h>
#include <stdint.h>
#include <sys/types.h>

#include "runner/isolate.h"
#include "runner/launcher.h"

#define MS_PER_S 1000
#define US_PER_MS 1000

typedef struct slot {
    int busy;
    int memfd;
    int dirty;            /* the memfd may hold output of an earlier test */
    hn__outcome *o;
    const hn__instance *in;
    int iteration;
    int timeout_ms;
    const char *variant;  /* --variants: the id this run answers with, or NULL */
    int timed_out;
    uint64_t seq;         /* start order: results are returned in it where possible */
    uint64_t start_ns;    /* --no-fork */
    hn__result *done;     /* --no-fork: finished result waiting to be taken */
} slot;

struct hn__isolate {
    const hn__options *opts;
    void (*exit_fn)(hn__result *r, void *data);
    void *exit_data;
    int nslots;           /* records: the jobs and the tests queued behind them */
    int running_max;      /* tests running at once */
    uint64_t next_seq;
    void *drop;           /* the registry's mapping, unmapped in the launcher */
    size_t drop_len;
    pid_t launcher;       /* 0 until the first forked test */
    int fd;               /* channel to the launcher */
    hn__outcome *records; /* the slots' records, one mapping */
    volatile sig_atomic_t stopping; /* hn__isolate_kill_all was called */
    char lost[200];       /* why the launcher is gone, once it is ("" before) */
    hn__launch_start *outbox; /* starts not sent yet, sent together by wait */
    int nout;
    hn__launch_done *inbox;   /* one message of reports */
    struct arrival { int slot; uint64_t seq; } *ready; /* reports received, in order */
    int ready_head, ready_len;
    slot slots[];
};

/* A new result for the test of slot s. */
hn__result *hn__isolate_new_result(const slot *s);
/* "last assertion reached: FILE:LINE" (or that none was) into buf. */
void hn__isolate_where(char *buf, size_t n, const hn__outcome *o);
/* Writes what the test process needs before it starts into s's record. */
void hn__isolate_prepare(slot *s);
/* --no-fork: runs the test of slot s in this process and keeps its result
 * in s->done. (isolate_here.c) */
void hn__isolate_run_here(hn__isolate *p, slot *s);

#endif
