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

#include "base/buf.h"
#include "core/audit.h"
#include "runner/isolate.h"
#include "runner/options.h"
#include "runner/registry.h"
#include "runner/variants_run.h"
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
    hn__vrun *vrun;        /* --variants, --variant; else NULL */
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

/* The time limit of a variant run: the test's, else 5 s, so that a client
 * waiting for ever on a slow answer is reported hung. */
static int variant_timeout(const run *r, const hn__instance *in)
{
    int ms = timeout_of(r, in);
    return ms > 0 ? ms : 5000;
}

/* Starts the next variant waiting, or the next test of order; 0 when
 * neither is left. */
static int start_next(run *r, const size_t *order, size_t n, size_t *next, int iteration)
{
    const hn__instance *in;
    const char *id;
    if (r->vrun && hn__vrun_next(r->vrun, &in, &id)) {
        hn__isolate_start(r->pool, in, iteration, variant_timeout(r, in), id);
        return 1;
    }
    if (*next >= n)
        return 0;
    in = &r->reg.items[order[(*next)++]];
    if (in->test->opts.skip)
        hn__isolate_skip(r->pool, in, iteration, in->test->opts.skip);
    else
        hn__isolate_start(r->pool, in, iteration, timeout_of(r, in), NULL);
    return 1;
}

/* A result that arrived: published now, or held for its variants (a
 * variant run's result goes to its test's). */
static void arrived(run *r, hn__result *res)
{
    if (r->vrun) {
        if (res->variant)
            res = hn__vrun_done(r->vrun, res);
        else if (hn__vrun_plan(r->vrun, res))
            res = NULL;
    }
    if (res)
        publish(r, res);
}

/* Runs one repetition of the selected tests in the given order, and the
 * variants of those that pass. */
static void run_order(run *r, const size_t *order, size_t n, int iteration)
{
    size_t next = 0;
    for (;;) {
        while (!stop_now(r) && hn__isolate_idle(r->pool) > 0 &&
               start_next(r, order, n, &next, iteration))
            ;
        hn__result *res = hn__isolate_wait(r->pool);
        if (!res)
            break;
        arrived(r, res);
    }
    for (hn__result *res; r->vrun && (res = hn__vrun_flush(r->vrun));)
        publish(r, res);
}

static void run_all(run *r)
{
    size_t n = r->reg.count;
    size_t *order = malloc((n ? n : 1) * sizeof *order);
    uint64_t state = r->o.seed;
    if (!order)
        abort();
    if (r->o.variant) {
        run_order(r, order, 0, 0); /* --variant=ID: that one variant only */
        free(order);
        return;
    }
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
    rep->started_at = (time_t)hn__timing_wall_s();
    rep->planned = r->o.variant ? 1 : r->reg.count * (size_t)r->o.repeat;
    rep->variants = r->o.variants;
}

static int select_tests(run *r)
{
    /* Two tests run under one name, or a suite whose fixtures are dropped,
     * are mistakes of the program: stop before anything runs. */
    int dups = hn__registry_duplicates(stderr);
    if (dups) {
        fprintf(stderr, "honest: %d name%s declared twice; no test ran\n", dups,
                dups == 1 ? "" : "s");
        return 2;
    }
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

/* --audit: empties the file and writes what the program is and which
 * doubles it declares, before any test process exists. */
static int start_audit(run *r)
{
    if (!r->o.audit)
        return 0;
    if (hn__audit_start(r->o.audit) != 0)
        return -1;
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    exe[n > 0 ? n : 0] = '\0';
    hn__buf b = {0};
    hn__buf_puts(&b, "\"binary\":");
    hn__buf_quote_json(&b, exe);
    hn__buf_printf(&b, ",\"tests\":%zu", r->reg.count);
    hn__audit_emit("run", &b);
    hn__buf_free(&b);
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
    if (r->rep.variants && !r->o.tap) {
        const size_t *v = r->rep.voutcomes;
        printf("variants: %zu tolerated, %zu noticed, %zu crashed, %zu hung; %zu failed "
               "the run (seed %llu)\n",
               v[HN__VO_TOLERATED], v[HN__VO_NOTICED], v[HN__VO_CRASHED], v[HN__VO_HUNG],
               r->rep.vflagged, (unsigned long long)r->o.seed);
    }
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
    hn__vrun_free(r->vrun);
    hn__registry_free(&r->reg);
}

int hn__runner_interrupted(void)
{
    return interrupted != 0;
}

int hn__runner_main(int argc, char **argv)
{
    static run r; /* static: the parent that forks stays small and zeroed */
    memset(&r, 0, sizeof r); /* a program may run several times (compat/) */
    interrupted = 0;
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
    if (r.o.variants) {
        r.vrun = hn__vrun_new(&r.o);
        if (r.o.variant && hn__vrun_replay(r.vrun, &r.reg) != 0) {
            cleanup(&r);
            return 2;
        }
    }
    start_report(&r, argv[0]);
    if (start_audit(&r) != 0 || open_writers(&r) != 0 || !(r.pool = hn__isolate_new(&r.o, &r.reg))) {
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
    /* The program may go on (a cmocka program runs its next group): an
     * interrupt from now on is the program's own again. */
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    interrupted_pool = NULL;
    cleanup(&r);
    return rc;
}
