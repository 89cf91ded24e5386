/* SPDX-License-Identifier: MIT */
/* variant_active.c: the variant a test process runs (its id, set by the
 * runner in the test's record), the mutated fixtures it answers with, the
 * fixtures a test used (for the runner to plan variants) and expectations. */
#include "variants/variants.h"

#include <honest.h>
#include <honest/fixture.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/sys.h"
#include "core/context.h"
#include "core/module.h"
#include "core/run_options.h"
#include "base/mem.h"

/* The fake clock lives in libhonest_clock (or a member of libhonest.a) that
 * a program links only when it uses it: without it, no clock is fake. */
#pragma weak hn_clock_is_fake
#pragma weak hn_clock_advance_ms

#define SLOW_CAP_MS 1000

typedef struct mutation {
    const hn_fixture *from; /* borrowed: the fixture as loaded */
    hn_fixture *to;         /* owned; NULL when the mutation failed */
} mutation;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int active;              /* a variant runs in this test */
static hn__variant_id id;
static mutation *muts;
static size_t nmuts, mutcap;
static int applied_noted;
static char **used;             /* fixture paths recorded this test */
static size_t nused, usedcap;


HN__TEST_PATH static void cleanup(void)
{
    pthread_mutex_lock(&lock);
    for (size_t i = 0; i < nmuts; i++)
        hn_fixture_free(muts[i].to);
    free(muts);
    muts = NULL;
    nmuts = mutcap = 0;
    for (size_t i = 0; i < nused; i++)
        free(used[i]);
    free(used);
    used = NULL;
    nused = usedcap = 0;
    if (active)
        hn__variant_id_free(&id);
    active = 0;
    applied_noted = 0;
    pthread_mutex_unlock(&lock);
}

/* Before each test: the runner wrote the variant to run (if any) into the
 * test's record. */
HN__TEST_PATH static void reset(void)
{
    cleanup();
    const hn__outcome *o = hn__ctx_outcome();
    if (!o || !o->variant[0])
        return;
    char err[512];
    if (hn__variant_id_parse(o->variant, &id, err, sizeof err) != 0) {
        hn__ctx_fail(0, hn__ctx_test_file(), 0, "%s", err);
        return;
    }
    active = 1;
}

static hn__module module = {"variants", reset, NULL, cleanup, NULL};

static int file_places(const char *path, uint32_t mask, hn__variant_place **out, size_t *n,
                       char *err, size_t errlen)
{
    hn_fixture_error fe;
    hn_fixture *fx = hn_fixture_load(path, &fe);
    char msg[1024];
    *out = NULL;
    *n = 0;
    if (!fx) {
        snprintf(err, errlen, "%s", hn_fixture_error_format(&fe, msg, sizeof msg));
        return -1;
    }
    int rc = hn__variant_places(fx, mask, out, n);
    hn_fixture_free(fx);
    if (rc)
        snprintf(err, errlen, "out of memory");
    return rc;
}

/* A fixture with a place for every kind (warm). */
static const char warm_fixture[] =
    "{\"honest\": 1, \"recorded_at\": \"2026-01-01T00:00:00Z\", \"request\": {\"method\": "
    "\"GET\", \"url\": \"https://warm.example/\"}, \"response\": {\"status\": 200, "
    "\"headers\": {\"Content-Type\": \"application/json\"}, \"body\": {\"n\": 1.5, \"s\": "
    "\"ab\", \"o\": {\"x\": null, \"y\": true}, \"a\": [1, 2]}}}";

/* With --variants (not a --variant replay, which runs one), what each
 * variant's process does to build its fixture, done once in the fork
 * server: every kind on a small fixture, so that the symbols it binds are
 * bound before the first fork rather than in every variant's process. */
static void warm(const struct hn__options *opts)
{
    if (!opts || !opts->variants || opts->variant)
        return;
    hn_fixture *fx = hn_fixture_parse(warm_fixture, sizeof warm_fixture - 1, "warm.json", NULL);
    hn__variant_place *places = NULL;
    size_t n = 0;
    if (!fx || hn__variant_places(fx, HN__VK_ALL, &places, &n) != 0 || n == 0) {
        hn__variant_places_free(places, n);
        hn_fixture_free(fx);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        char err[256], *value = NULL;
        hn_fixture_free(
            hn__variant_apply(fx, places[i].kind, places[i].path, &value, err, sizeof err));
        free(value);
    }
    /* And what a variant's process does with its id (reset, hn__variant_for). */
    char *text = hn__variant_id_format("s.t", "warm.json", places[0].kind, places[0].path);
    hn__variant_id parsed;
    char err[512];
    if (hn__variant_id_parse(text, &parsed, err, sizeof err) == 0) {
        __asm__ volatile("" : : "r"(hn__variant_fixture_is(hn_fixture_path(fx), parsed.fixture)));
        hn__variant_id_free(&parsed);
    }
    free(text);
    hn__variant_places_free(places, n);
    hn_fixture_free(fx);
}

static hn__fork_hooks fork_hooks = {"variants", warm, NULL, NULL};

__attribute__((constructor)) static void register_module(void)
{
    hn__module_register(&module);
    hn__module_fork_hooks(&fork_hooks);
    hn__variant_file_places = file_places;
}

static int variants_on(void)
{
    const hn__options *o = hn__ctx_options();
    return o && o->variants;
}

/* Records that fx answered the test, once per path (locked). */
static void note_used(const hn_fixture *fx)
{
    const char *path = hn_fixture_path(fx);
    for (size_t i = 0; i < nused; i++)
        if (!strcmp(used[i], path))
            return;
    hn__must_grow(&used, &usedcap, nused + 1, sizeof *used);
    if (!(used[nused++] = strdup(path)))
        hn__must(NULL);
    hn__ctx_event(HN__EV_DATA, NULL, 0, HN__VDATA_FIXTURE "%s", path);
}

/* The mutation of fx for the active variant (locked); made on first use. */
static const hn_fixture *mutation_of(const hn_fixture *fx)
{
    for (size_t i = 0; i < nmuts; i++)
        if (muts[i].from == fx || muts[i].to == fx)
            return muts[i].to ? muts[i].to : fx;
    char err[1024], *value = NULL;
    hn_fixture *to = hn__variant_apply(fx, id.kind, id.path, &value, err, sizeof err);
    hn__must_grow(&muts, &mutcap, nmuts + 1, sizeof *muts);
    muts[nmuts++] = (mutation){fx, to};
    if (!to)
        hn__ctx_fail(0, hn__ctx_test_file(), 0, "--variant=%s: %s", hn__ctx_outcome()->variant,
                     err);
    else if (!applied_noted++)
        hn__ctx_event(HN__EV_DATA, NULL, 0, HN__VDATA_APPLIED "%s", value ? value : "");
    free(value);
    return to ? to : fx;
}

HN__TEST_PATH const hn_fixture *hn__variant_for(const hn_fixture *fx)
{
    if (!fx || !hn__ctx_in_test())
        return fx;
    pthread_mutex_lock(&lock);
    const hn_fixture *out = fx;
    if (active) {
        if (hn__variant_fixture_is(hn_fixture_path(fx), id.fixture))
            out = mutation_of(fx);
    } else if (variants_on()) {
        note_used(fx);
    }
    pthread_mutex_unlock(&lock);
    return out;
}

/* Sleeps ms of real time, whether or not the fake clock is on. */
static void real_sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (hn__sys_call(SYS_nanosleep, (long)&ts, (long)&ts, 0, 0) != 0 &&
           (ts.tv_sec > 0 || ts.tv_nsec > 0))
        ;
}

int hn__variant_slow_wait(const hn_fixture *fx, long client_timeout_ms)
{
    pthread_mutex_lock(&lock);
    int slow = 0;
    if (active && id.kind == HN__VK_SLOW)
        for (size_t i = 0; i < nmuts && !slow; i++)
            slow = muts[i].to == fx;
    pthread_mutex_unlock(&lock);
    if (!slow)
        return 0;
    if (client_timeout_ms > 0) {
        if (hn_clock_is_fake && hn_clock_is_fake())
            hn_clock_advance_ms(client_timeout_ms);
        else
            real_sleep_ms(client_timeout_ms < SLOW_CAP_MS ? client_timeout_ms : SLOW_CAP_MS);
        return 1;
    }
    /* No timeout of its own: the client would wait for ever; the test's time
     * limit (which a variant run always has) ends it. */
    const hn__outcome *o = hn__ctx_outcome();
    long limit = o && o->time_limit_ms > 0 ? o->time_limit_ms : SLOW_CAP_MS;
    real_sleep_ms(limit + 1000);
    return 1;
}

/* 1 when `what` (a kind, a path, or kind@path) names the active variant;
 * -1 when it is not well formed. */
static int names_active(const char *what)
{
    const char *at = strchr(what, '@');
    char kind[64] = "";
    const char *path = NULL;
    if (at) {
        snprintf(kind, sizeof kind, "%.*s", (int)(at - what), what);
        path = at + 1;
    } else if (what[0] == '$') {
        path = what;
    } else {
        snprintf(kind, sizeof kind, "%s", what);
    }
    if ((kind[0] && hn__vkind_parse(kind) < 0) || (path && path[0] != '$') ||
        (at && !kind[0]))
        return -1;
    if (!active)
        return 0;
    if (kind[0] && hn__vkind_parse(kind) != (int)id.kind)
        return 0;
    if (path) {
        size_t n = strlen(path);
        if (strncmp(id.path, path, n) != 0)
            return 0;
        char next = id.path[n];
        if (next && next != '.' && next != '[' && n > 1)
            return 0;
    }
    return 1;
}

void hn__variants_expect(const char *file, int line, const char *what, hn_variant_expect expect)
{
    if (!what || (expect != HN_TOLERATE && expect != HN_NOTICE)) {
        hn__ctx_fail(1, file, line,
                     "HN_VARIANTS_EXPECT needs a kind or path and HN_TOLERATE or HN_NOTICE");
        return;
    }
    pthread_mutex_lock(&lock);
    int r = names_active(what);
    pthread_mutex_unlock(&lock);
    if (r < 0) {
        hn__ctx_fail(1, file, line,
                     "HN_VARIANTS_EXPECT(\"%s\"): expected a kind of variant (such as "
                     "number_as_string), a path of the response body (such as $.amount), or "
                     "KIND@PATH",
                     what);
        return;
    }
    if (r)
        hn__ctx_event(HN__EV_DATA, file, line, HN__VDATA_EXPECT "%s",
                      expect == HN_TOLERATE ? "tolerate" : "notice");
}
