/* SPDX-License-Identifier: MIT */
/* out_common.c: what several report writers share: test order, atomic files,
 * words for message kinds, the doubles line. */
#include "report/writer.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/file_atomic.h"

static int by_order(const void *a, const void *b)
{
    const hn__result *x = *(const hn__result *const *)a, *y = *(const hn__result *const *)b;
    if (x->iteration != y->iteration)
        return x->iteration < y->iteration ? -1 : 1;
    return x->inst < y->inst ? -1 : x->inst > y->inst;
}

const hn__result **hn__out_sorted(const hn__report *rep)
{
    const hn__result **v = malloc((rep->nresults + 1) * sizeof *v);
    if (!v)
        abort();
    for (size_t i = 0; i < rep->nresults; i++)
        v[i] = rep->results[i];
    qsort(v, rep->nresults, sizeof *v, by_order);
    return v;
}

/* Writes a report file atomically (base/file_atomic.h): a reader never sees
 * half a report. Returns 0, or -1 with a message on stderr. */
static int write_file(const char *path, const char *text, size_t len)
{
    const char *step = "write";
    if (hn__file_atomic_write(path, text, len, &step) == 0)
        return 0;
    fprintf(stderr, "honest: cannot write %s (%s: %s)\n", path, step, strerror(errno));
    return -1;
}

/* Checks early that path's directory is writable; returns 0 or -1 with a
 * message on stderr. */
static int check_path(const char *path, const char *flag)
{
    char *dir = strdup(path);
    if (!dir)
        abort();
    char *slash = strrchr(dir, '/');
    const char *d = ".";
    if (slash == dir)
        d = "/";
    else if (slash) {
        *slash = '\0';
        d = dir;
    }
    int ok = access(d, W_OK | X_OK) == 0;
    if (!ok)
        fprintf(stderr, "honest: %s=%s: cannot write in directory %s: %s\n", flag, path, d,
                strerror(errno));
    free(dir);
    return ok ? 0 : -1;
}

const char *hn__out_kind_word(hn__event_kind k)
{
    switch (k) {
    case HN__EV_FAIL: return "failure";
    case HN__EV_LOG: return "log";
    case HN__EV_WARN: return "warning";
    case HN__EV_STRICT: return "warning";
    case HN__EV_SKIP: return "skip";
    default: return "note";
    }
}

void hn__out_doubles_line(const hn__report *rep, char *buf, size_t n)
{
    static const struct { hn__stat s; const char *one, *many; } kinds[] = {
        {HN__STAT_STUB, "stub", "stubs"},   {HN__STAT_SPY, "spy", "spies"},
        {HN__STAT_MOCK, "mock", "mocks"},   {HN__STAT_FAKE, "fake", "fakes"},
        {HN__STAT_DUMMY, "dummy", "dummies"},
        {HN__STAT_FIXTURE_DOUBLE, "fixture-backed", "fixture-backed"},
    };
    const uint32_t *st = rep->stats;
    uint32_t total = 0;
    size_t at = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        total += st[kinds[i].s];
    if (total == 0 && st[HN__STAT_FIXTURE_USED] == 0)
        return;
    at += (size_t)snprintf(buf + at, n - at, "doubles: %u", total);
    const char *sep = " (";
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0] && at < n; i++) {
        uint32_t c = st[kinds[i].s];
        if (!c)
            continue;
        at += (size_t)snprintf(buf + at, n - at, "%s%u %s", sep, c, c == 1 ? kinds[i].one : kinds[i].many);
        sep = ", ";
    }
    if (at < n && total)
        at += (size_t)snprintf(buf + at, n - at, "); %u backed by recorded fixtures, %u hand-written",
                               st[HN__STAT_FIXTURE_DOUBLE], total - st[HN__STAT_FIXTURE_DOUBLE]);
    if (at < n && st[HN__STAT_FIXTURE_USED])
        snprintf(buf + at, n - at, "; fixtures: %u loaded, %u stale", st[HN__STAT_FIXTURE_USED],
                 st[HN__STAT_FIXTURE_STALE]);
}

typedef struct file_writer {
    hn__writer w;
    char *path;
    void (*render)(const hn__report *rep, hn__buf *out);
} file_writer;

static void file_begin(hn__writer *w, const hn__report *rep)
{
    (void)w;
    (void)rep;
}

static void file_result(hn__writer *w, const hn__report *rep, const hn__result *r)
{
    (void)w;
    (void)rep;
    (void)r;
}

static int file_end(hn__writer *w, const hn__report *rep)
{
    file_writer *f = (file_writer *)w;
    hn__buf b = {0};
    f->render(rep, &b);
    int rc = write_file(f->path, hn__buf_str(&b), b.len);
    hn__buf_free(&b);
    return rc;
}

static void file_free(hn__writer *w)
{
    file_writer *f = (file_writer *)w;
    free(f->path);
    free(f);
}

hn__writer *hn__out_file_new(const char *path, const char *flag,
                             void (*render)(const hn__report *rep, hn__buf *out))
{
    if (check_path(path, flag) != 0)
        return NULL;
    file_writer *f = calloc(1, sizeof *f);
    if (!f || !(f->path = strdup(path))) {
        free(f);
        return NULL;
    }
    f->w = (hn__writer){file_begin, file_result, file_end, file_free};
    f->render = render;
    return &f->w;
}
