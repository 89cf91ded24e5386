/* SPDX-License-Identifier: MIT */
/* fixture_test.c: HN_FIXTURE in tests: resolving the path, failing the test
 * on a bad fixture, reporting stale ones, freeing them after the test. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "buf.h"
#include "context.h"
#include "fixture_impl.h"
#include "module.h"
#include "options.h"

/* Fixtures of the running test (threads of a test may load them too). */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static hn_fixture **loaded;
static size_t nloaded, cap;

static void cleanup(void)
{
    pthread_mutex_lock(&lock);
    for (size_t i = 0; i < nloaded; i++)
        hn_fixture_free(loaded[i]);
    free(loaded);
    loaded = NULL;
    nloaded = cap = 0;
    pthread_mutex_unlock(&lock);
}

static hn__module module = {"fixture", NULL, NULL, cleanup, NULL};

__attribute__((constructor)) static void register_module(void)
{
    hn__module_register(&module);
}

static void keep(hn_fixture *fx)
{
    pthread_mutex_lock(&lock);
    if (nloaded == cap) {
        cap = cap ? cap * 2 : 8;
        hn_fixture **more = realloc(loaded, cap * sizeof *more);
        if (!more) {
            fputs("honest: out of memory\n", stderr);
            abort();
        }
        loaded = more;
    }
    loaded[nloaded++] = fx;
    pthread_mutex_unlock(&lock);
}

/* The real time: a test may have the fake clock on, and staleness is about
 * the calendar, not the test's idea of it. */
static time_t real_now(void)
{
    struct timespec ts;
    if (syscall(SYS_clock_gettime, CLOCK_REALTIME, &ts) != 0)
        return 0;
    return ts.tv_sec;
}

static char *join(const char *dir, size_t dirlen, const char *name)
{
    char *p;
    if (asprintf(&p, "%.*s/%s", (int)dirlen, dir, name) < 0) {
        fputs("honest: out of memory\n", stderr);
        abort();
    }
    return p;
}

/* The file a relative path names: under --fixtures=DIR if it exists there,
 * else beside the test's source file. NULL when neither exists; *tried then
 * lists the places looked at. */
static char *resolve(const char *path, const char *site, hn__buf *tried)
{
    if (path[0] == '/')
        return strdup(path);
    const hn__options *o = hn__ctx_options();
    const char *test_file = hn__ctx_test_file() ? hn__ctx_test_file() : site;
    const char *slash = strrchr(test_file, '/');
    char *c;
    if (o && o->fixtures) {
        c = join(o->fixtures, strlen(o->fixtures), path);
        if (access(c, F_OK) == 0)
            return c;
        hn__buf_printf(tried, "%s (--fixtures)", c);
        free(c);
    }
    c = slash ? join(test_file, (size_t)(slash - test_file), path) : strdup(path);
    if (c && access(c, F_OK) == 0)
        return c;
    hn__buf_printf(tried, "%s%s (beside %s)", tried->len ? " and " : "", c ? c : path,
                   test_file);
    free(c);
    return NULL;
}

/* "old but verified 2026-11-19", "old and never verified", ... */
static void describe_verified(const char *path, char *buf, size_t size)
{
    hn_verified_entry v;
    hn_fixture_error err;
    char at[32], since[32];
    int r = hn_verified_lookup(path, &v, &err);
    if (r == 0) {
        snprintf(buf, size, "old and never verified");
        return;
    }
    if (r < 0) {
        char why[2200];
        hn_fixture_error_format(&err, why, sizeof why);
        snprintf(buf, size, "old, and its last-verified state is unreadable (%.1200s)", why);
        return;
    }
    hn_fixture_time_format(v.checked_at, at, sizeof at);
    hn_fixture_time_format(v.since, since, sizeof since);
    at[10] = since[10] = '\0'; /* the date is enough for people */
    if (!strcmp(v.outcome, "aligned"))
        snprintf(buf, size, "old but verified %s, aligned with the live service", at);
    else
        snprintf(buf, size, "old, and %s when last verified on %s (since %s)", v.outcome, at,
                 since);
}

static void report_stale(const hn_fixture *fx, const char *file, int line, time_t now)
{
    char recorded[32], verified[1400];
    int age = hn_fixture_age_days(fx, now);
    hn_fixture_time_format(hn_fixture_recorded_at(fx), recorded, sizeof recorded);
    recorded[10] = '\0';
    describe_verified(hn_fixture_path(fx), verified, sizeof verified);
    hn__ctx_stat(HN__STAT_FIXTURE_STALE, 1);
    hn__ctx_event(HN__EV_NOTE, file, line,
                  "stale fixture %s: recorded %s, %d days old (max_age_days %d); %s",
                  hn_fixture_path(fx), recorded, age, hn_fixture_max_age_days(fx), verified);
    hn__ctx_event(HN__EV_STRICT, file, line,
                  "fixture %s is stale: %d days old, max_age_days %d; %s. Re-record it "
                  "(honest record), or raise max_age_days if the service is stable",
                  hn_fixture_path(fx), age, hn_fixture_max_age_days(fx), verified);
}

const hn_fixture *hn__fixture_use(const char *file, int line, const char *path)
{
    if (!hn__ctx_in_test()) {
        fprintf(stderr, "%s:%d: HN_FIXTURE(\"%s\") used outside a test; call it from a test "
                        "body, or from a suite's setup or teardown\n", file, line, path);
        abort();
    }
    hn__buf tried = {0};
    hn_fixture_error err;
    char *resolved = resolve(path ? path : "", file, &tried);
    hn_fixture *fx = resolved ? hn_fixture_load(resolved, &err) : NULL;
    free(resolved);
    if (!fx) {
        char msg[2400];
        if (tried.len)
            snprintf(msg, sizeof msg, "fixture \"%s\" not found; looked for %s: check the name, "
                     "or run with --fixtures=DIR", path, hn__buf_str(&tried));
        else
            hn_fixture_error_format(&err, msg, sizeof msg);
        hn__buf_free(&tried);
        hn__ctx_fail(1, file, line, "HN_FIXTURE(\"%s\"): %s", path, msg);
        return NULL; /* not reached on the test's thread */
    }
    keep(fx);
    hn__ctx_stat(HN__STAT_FIXTURE_USED, 1);
    time_t now = real_now();
    if (hn_fixture_is_stale(fx, now))
        report_stale(fx, file, line, now);
    return fx;
}
