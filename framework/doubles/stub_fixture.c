/* SPDX-License-Identifier: MIT */
/* stub_fixture.c: HN_STUB_FIXTURE: a double (HN_DOUBLE) answered by an adapter
 * that turns a recorded fixture into the function's outputs. */
#include <honest/http.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/context.h"
#include "base/sys.h"
#include "doubles/double_impl.h"
#include "core/module.h"
#include "variants/variants.h"
#include "base/mem.h"

/* The fixture of each double configured by HN_STUB_FIXTURE in this test. */
typedef struct binding {
    hn__double *d;
    const hn_fixture *fx; /* owned by fixture_test.c until the test ends */
} binding;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static binding *bindings;
static size_t nbindings, cap;

HN__TEST_PATH static void cleanup(void)
{
    pthread_mutex_lock(&lock);
    free(bindings);
    bindings = NULL;
    nbindings = cap = 0;
    pthread_mutex_unlock(&lock);
}

static hn__module module = {"stub_fixture", cleanup, NULL, cleanup, NULL};

__attribute__((constructor)) static void register_module(void)
{
    hn__module_register(&module);
}

/* Binds fx to d for the rest of the test (a later binding replaces it). */
static void bind_fixture(hn__double *d, const hn_fixture *fx)
{
    pthread_mutex_lock(&lock);
    size_t i = 0;
    while (i < nbindings && bindings[i].d != d)
        i++;
    int first = i == nbindings;
    if (first)
        hn__must_grow(&bindings, &cap, nbindings + 1, sizeof *bindings);
    bindings[i] = (binding){d, fx};
    nbindings += first;
    pthread_mutex_unlock(&lock);
}

void hn__stub_fixture(hn__double *d, hn__vfn adapter, const char *adapter_name,
                      const char *path, const char *file, int line)
{
    hn__double_need_test(d, "HN_STUB_FIXTURE", file, line);
    const hn_fixture *fx = hn__fixture_use(file, line, path);
    bind_fixture(d, fx);
    d->st->fixture = fx ? hn_fixture_path(fx) : NULL;
    d->st->fixture_real = hn__fixture_backed(fx);
    /* A fake whose answers come from a recording: counted as fixture-backed,
     * not as a hand-written fake, and named so in the unused report. */
    hn__double_calls_as(d, adapter, adapter_name, "HN_STUB_FIXTURE",
                        HN__DK_FIXTURE, file, line);
}

/* The fixture HN_STUB_FIXTURE bound to d in this test, or NULL. */
static const hn_fixture *bound(const hn__double *d)
{
    const hn_fixture *fx = NULL;
    pthread_mutex_lock(&lock);
    for (size_t i = 0; i < nbindings && !fx; i++)
        if (bindings[i].d == d)
            fx = bindings[i].fx;
    pthread_mutex_unlock(&lock);
    return fx;
}

const char *hn__stub_fixture_body(hn__double *d, const char *path, const char *file, int line)
{
    hn__double_need_test(d, "HN_RETURNS_FIXTURE", file, line);
    const hn_fixture *fx = hn__fixture_use(file, line, path);
    bind_fixture(d, fx);
    return fx ? hn_fixture_body(fx, HN_RESPONSE, NULL) : NULL;
}

void hn__stub_fixture_returns(hn__double *d, const void *value, size_t size, const char *file,
                              int line)
{
    const hn_fixture *fx = bound(d);
    d->st->fixture_real = hn__fixture_backed(fx);
    hn__stub_returns_as(d, value, size, 1, "HN_RETURNS_FIXTURE", HN__DK_FIXTURE, file, line);
    d->st->fixture = fx ? hn_fixture_path(fx) : NULL;
}

const hn_fixture *hn__stub_fixture_of(hn__double *d, const char *file, int line)
{
    const hn_fixture *fx = bound(d);
    if (!fx)
        hn__ctx_fail(1, file, line,
                     "HN_STUB_FIXTURE_OF(%s): no HN_STUB_FIXTURE(%s, ...) in the running test; "
                     "call HN_STUB_FIXTURE before the code under test calls %s",
                     d->name, d->name, d->name);
    /* --variants: the adapter may read a variant of fx's response. */
    return hn__variant_for(fx);
}
