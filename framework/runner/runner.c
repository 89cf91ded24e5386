/* SPDX-License-Identifier: MIT */
/* runner.c: a run from start to end: select the tests, order them, hand them
 * to the isolation pool, feed each result to the report writers. */
#include "runner/runner.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "runner/isolate.h"
#include "runner/options.h"
#include "runner/registry.h"
#include "report/report.h"
#include "base/rng.h"
#include "base/timing.h"
#include "report/writer.h"

#define MAX_WRITERS 4

typedef struct run {
    hn__options o;
    hn__registry reg;
    hn__report rep;
    hn__writer *writers[MAX_WRITERS];
    int nwriters;
    hn__isolate *pool;
} run;

static hn__isolate *volatile interrupted_pool;
static volatile sig_atomic_t interrupted;

static void on_interrupt(int sig)
{
    (void)sig;
    interrupted = 1;
    hn__isolate_kill_all(interrupted_pool);
}

static int open_writers(run *r)
{
    hn__writer *w = r->o.tap ? hn__out_tap_new(stdout, &r->o) : hn__out_text_new(stdout, &r->o);
    if (!w)
        return -1;
    r->writers[r->nwriters++] = w;
    if (r->o.junit) {
        if (!(w = hn__out_junit_new(r->o.junit)))
            return -1;
        r->writers[r->nwriters++] = w;
    }
    if (r->o.json) {
        if (!(w = hn__out_json_new(r->o.json)))
            return -1;
        r->writers[r->nwriters++] = w;
    }
    return 0;
}

static int timeout_of(const run *r, const hn__instance *in)
{
    if (in->test->opts.timeout_ms > 0)
        return in->test->opts.timeout_ms;
    if (in->suite && in->suite->opts.timeout_ms > 0)
        return in->suite->opts.timeout_ms;
    return r->o.timeout_ms;
}

static void publish(run *r, hn__result *res)
{
    hn__report_add(&r->rep, res);
    for (int i = 0; i < r->nwriters; i++)
        r->writers[i]->result(r->writers[i], &r->rep, res);
}

static int stop_now(const run *r)
{
    return interrupted || (r->o.fail_fast && r->rep.failed > 0);
}

/* Runs one repetition of the selected tests in the given order. */
static void run_order(run *r, const size_t *order, size_t n, int iteration)
{
    size_t next = 0;
    for (;;) {
        while (next < n && !stop_now(r) && hn__isolate_idle(r->pool) > 0) {
            const hn__instance *in = &r->reg.items[order[next++]];
            if (in->test->opts.skip)
                hn__isolate_skip(r->pool, in, iteration, in->test->opts.skip);
            else
                hn__isolate_start(r->pool, in, iteration, timeout_of(r, in));
        }
        hn__result *res = hn__isolate_wait(r->pool);
        if (!res)
            break;
        publish(r, res);
    }
}

static void run_all(run *r)
{
    size_t n = r->reg.count;
    size_t *order = malloc((n ? n : 1) * sizeof *order);
    uint64_t state = r->o.seed;
    if (!order)
        abort();
    for (int it = 0; it < r->o.repeat && !stop_now(r); it++) {
        for (size_t i = 0; i < n; i++)
            order[i] = i;
        if (r->o.shuffle)
            hn__rng_shuffle(order, n, &state);
        run_order(r, order, n, it);
    }
    free(order);
}

static void start_report(run *r, const char *argv0)
{
    const char *slash = strrchr(argv0, '/');
    hn__report *rep = &r->rep;
    rep->program = slash ? slash + 1 : argv0;
    rep->seed = r->o.seed;
    rep->shuffle = r->o.shuffle;
    rep->forked = !r->o.no_fork;
    rep->jobs = r->o.jobs;
    rep->strict = r->o.strict;
    rep->started_at = time(NULL);
    rep->planned = r->reg.count * (size_t)r->o.repeat;
}

static int select_tests(run *r)
{
    if (hn__registry_build(&r->reg) != 0) {
        fputs("honest: out of memory\n", stderr);
        return 2;
    }
    hn__registry_filter(&r->reg, r->o.filter);
    hn__registry_shard(&r->reg, r->o.shard_index, r->o.shard_count);
    if (r->o.shard_status_file) {
        /* Bazel asks test binaries to touch this file when they shard. */
        int fd = open(r->o.shard_status_file, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
        if (fd >= 0)
            close(fd);
    }
    return 0;
}

static int finish(run *r)
{
    int rc = r->rep.failed ? 1 : 0;
    for (int i = 0; i < r->nwriters; i++)
        if (r->writers[i]->end(r->writers[i], &r->rep) != 0)
            rc = 1;
    if (interrupted)
        printf("interrupted: %zu of %zu tests ran\n", r->rep.nresults, r->rep.planned);
    else if (r->rep.nresults < r->rep.planned)
        printf("%zu of %zu tests not run: %s\n", r->rep.planned - r->rep.nresults,
               r->rep.planned,
               r->o.fail_fast ? "--fail-fast stopped the run after the first failure"
                              : "the run stopped early");
    printf("%zu passed, %zu failed, %zu skipped\n", r->rep.passed, r->rep.failed,
           r->rep.skipped);
    fflush(stdout);
    return interrupted && rc == 0 ? 1 : rc;
}

/* --no-fork: a test called exit(); report it and close the run's reports. */
static void exited_in_process(hn__result *res, void *data)
{
    run *r = data;
    publish(r, res);
    finish(r);
}

static void cleanup(run *r)
{
    for (int i = 0; i < r->nwriters; i++)
        r->writers[i]->free(r->writers[i]);
    hn__isolate_free(r->pool);
    hn__report_clear(&r->rep);
    hn__registry_free(&r->reg);
}

int hn__runner_main(int argc, char **argv)
{
    static run r; /* static: the parent that forks stays small and zeroed */
    int rc = hn__options_parse(&r.o, argc, argv);
    if (rc)
        return rc == 1 ? 0 : 2;
    if ((rc = select_tests(&r)) != 0)
        return rc;
    if (r.o.list) {
        for (size_t i = 0; i < r.reg.count; i++)
            printf("%s\n", r.reg.items[i].name);
        hn__registry_free(&r.reg);
        return 0;
    }
    start_report(&r, argv[0]);
    if (open_writers(&r) != 0 || !(r.pool = hn__isolate_new(&r.o, &r.reg))) {
        cleanup(&r);
        return 2;
    }
    interrupted_pool = r.pool;
    hn__isolate_on_exit(r.pool, exited_in_process, &r);
    signal(SIGINT, on_interrupt);
    signal(SIGTERM, on_interrupt);
    uint64_t t0 = hn__timing_now_ns();
    for (int i = 0; i < r.nwriters; i++)
        r.writers[i]->begin(r.writers[i], &r.rep);
    run_all(&r);
    r.rep.duration_ns = hn__timing_now_ns() - t0;
    rc = finish(&r);
    cleanup(&r);
    return rc;
}
