/* SPDX-License-Identifier: MIT */
/* serve_test.c: HN_HTTP_SERVER: the server of `honest serve` started inside
 * a test, on its own threads, stopped when the test ends (module hooks); a
 * request no fixture answers fails the test, an unused fixture is reported. */
#include "serve/serve_impl.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <honest/http.h>

#include "core/context.h"
#include "core/module.h"
#include "base/mem.h"

typedef struct started {
    hn__serve *s;
    const char *file;
    int line;
    char *args;
    int checked;
} started;

/* The servers of the running test. Touched only by the test's thread. */
static struct {
    started *v;
    size_t n, cap;
} servers;


static int fixture_entry(const struct dirent *d)
{
    return hn__http_fixture_file_name(d->d_name);
}

/* Adds the fixtures path names (a directory's, or one file), loaded as
 * HN_FIXTURE loads them (a bad one fails the test). */
static size_t add_path(hn__serve *s, const char *path, const char *file, int line)
{
    char *dir = hn__http_fixture_dir(path, file);
    if (!dir) {
        hn__serve_add(s, hn__fixture_use(file, line, path), 0);
        return 1;
    }
    struct dirent **names;
    int n = scandir(dir, &names, fixture_entry, alphasort);
    if (n < 0)
        hn__ctx_fail(1, file, line, "HN_HTTP_SERVER: cannot read directory %s", dir);
    if (n == 0)
        hn__ctx_fail(1, file, line, "HN_HTTP_SERVER: directory %s holds no fixture (no *.json "
                     "file); record one with honest proxy or honest record, or name the right "
                     "directory", dir);
    for (int i = 0; i < n; i++) {
        char *p;
        if (asprintf(&p, "%s/%s", dir, names[i]->d_name) < 0)
            hn__must(NULL);
        hn__serve_add(s, hn__fixture_use(file, line, p), 0);
        free(p);
        free(names[i]);
    }
    free(names);
    free(dir);
    return (size_t)n;
}

const char *hn__http_server(const char *file, int line, const char *args,
                            const char *const *paths)
{
    if (!hn__ctx_in_test())
        hn__ctx_fail(1, file, line, "HN_HTTP_SERVER(%s) used outside a test; call it from a "
                     "test body, or from a suite's setup", args);
    char name[300], err[2400];
    snprintf(name, sizeof name, "HN_HTTP_SERVER(%s)", args);
    hn__serve_config cfg = {.name = name, .keep_misses = 1};
    hn__serve *s = hn__serve_new(&cfg, err, sizeof err);
    if (!s)
        hn__ctx_fail(1, file, line, "%s: %s", name, err);
    hn__must_grow(&servers.v, &servers.cap, servers.n + 1, sizeof *servers.v);
    servers.v[servers.n++] = (started){s, file, line, hn__must(strdup(args)), 0};
    for (size_t i = 0; paths[i]; i++)
        add_path(s, paths[i], file, line);
    if (hn__serve_start(s, err, sizeof err) != 0)
        hn__ctx_fail(1, file, line, "%s: %s", name, err);
    return hn__serve_base(s);
}

/* Stops every server (before the fixtures it answers from are freed), then
 * reports what they saw. */
static void verify(void)
{
    for (size_t i = 0; i < servers.n; i++) {
        started *st = &servers.v[i];
        hn__serve_stop(st->s);
        if (st->checked)
            continue;
        st->checked = 1;
        for (size_t k = 0; k < hn__serve_miss_count(st->s); k++)
            hn__ctx_fail(0, st->file, st->line, "%s", hn__serve_miss_at(st->s, k));
        const hn_fixture *fx;
        unsigned uses;
        int nearest;
        for (size_t k = 0; hn__serve_fixture_at(st->s, k, &fx, &uses, &nearest) == 0; k++)
            if (!uses && !nearest)
                hn__ctx_event(HN__EV_STRICT, st->file, st->line,
                              "fixture %s (%s) was loaded by HN_HTTP_SERVER(%s) but never "
                              "requested: check that the code under test makes this request, "
                              "or load fewer fixtures",
                              hn_fixture_name(fx), hn_fixture_path(fx), st->args);
    }
}

static void cleanup(void)
{
    for (size_t i = 0; i < servers.n; i++) {
        hn__serve_free(servers.v[i].s);
        free(servers.v[i].args);
    }
    free(servers.v);
    memset(&servers, 0, sizeof servers);
}

static hn__module module = {"http_server", cleanup, verify, cleanup, NULL};

__attribute__((constructor)) static void register_module(void)
{
    hn__module_register(&module);
}
