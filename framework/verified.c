/* SPDX-License-Identifier: MIT */
/* verified.c: the last-verified state kept beside the fixtures, one
 * HN_VERIFIED_FILE per directory, mapping fixture file names to outcomes. */
#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "buf.h"
#include "file_atomic.h"
#include "fixture_impl.h"
#include "json_text.h"

static const char *const outcomes[] = {"aligned", "drifted", "unreachable", "invalid", "stale",
                                       NULL};

static int is_outcome(const char *s)
{
    for (const char *const *o = outcomes; *o; o++)
        if (!strcmp(*o, s))
            return 1;
    return 0;
}

/* The state file and the entry name for a fixture path ("a/b.json" gives
 * "a/.honest-verified.json" and "b.json"); *dir is the directory. */
typedef struct where {
    char *state;
    char *dir;
    const char *entry;
} where;

static int where_of(const char *fixture_path, where *w)
{
    const char *slash = strrchr(fixture_path, '/');
    w->entry = slash ? slash + 1 : fixture_path;
    w->dir = slash ? strndup(fixture_path, slash == fixture_path ? 1 : (size_t)(slash - fixture_path))
                   : strdup(".");
    w->state = NULL;
    if (!w->dir || asprintf(&w->state, "%s/%s", w->dir, HN_VERIFIED_FILE) < 0) {
        free(w->dir);
        return -1;
    }
    return 0;
}

static void where_free(where *w)
{
    free(w->state);
    free(w->dir);
}

/* A parsed state file, with its text for error positions. */
typedef struct state {
    const char *path;
    char *text;
    size_t len;
    cJSON *doc;
} state;

__attribute__((format(printf, 6, 7))) static int bad(const state *s, hn_fixture_error *err,
                                                     const int *path, size_t depth, int key,
                                                     const char *fmt, ...)
{
    char what[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    return hn__fixture_error_at(err, HN_FIXTURE_E_VALUE, s->path, s->text, s->len, path, depth,
                                key, "malformed last-verified state: %s; `honest verify` "
                                "writes this file: fix it by hand or delete it (all fixtures "
                                "then count as never verified)", what);
}

static int check_date(const state *s, const cJSON *e, const char *name, int *path,
                      hn_fixture_error *err)
{
    int i = 0;
    time_t t;
    for (const cJSON *v = e->child; v; v = v->next, i++) {
        if (strcmp(v->string, name))
            continue;
        path[2] = i;
        if (!cJSON_IsString(v) || hn_fixture_time_parse(v->valuestring, &t))
            return bad(s, err, path, 3, 0, "\"%s\" of \"%s\" is not a UTC time such as "
                       "\"2026-11-20T03:00:00Z\"", name, e->string);
        return 0;
    }
    return strcmp(name, "since") ? bad(s, err, path, 2, 0, "entry \"%s\" has no \"%s\"",
                                       e->string, name)
                                 : 0;
}

/* Validates one entry ("checked_at", "outcome", optional "since"). */
static int check_entry(const state *s, const cJSON *e, int *path, hn_fixture_error *err)
{
    if (!cJSON_IsObject(e))
        return bad(s, err, path, 2, 0, "entry \"%s\" is not an object", e->string);
    int i = 0, at = -1;
    for (const cJSON *v = e->child; v; v = v->next, i++) {
        path[2] = i;
        if (!strcmp(v->string, "outcome"))
            at = i;
        else if (strcmp(v->string, "checked_at") && strcmp(v->string, "since"))
            return bad(s, err, path, 3, 1, "unknown field \"%s\"; expected \"checked_at\", "
                       "\"outcome\" and \"since\"", v->string);
    }
    const cJSON *o = cJSON_GetObjectItemCaseSensitive(e, "outcome");
    path[2] = at;
    if (!cJSON_IsString(o) || !is_outcome(o->valuestring))
        return bad(s, err, path, at < 0 ? 2 : 3, 0, "\"outcome\" of \"%s\" is %s%s%s; "
                   "expected one of aligned, drifted, unreachable, invalid, stale", e->string,
                   cJSON_IsString(o) ? "\"" : "", cJSON_IsString(o) ? o->valuestring
                                                  : o ? "not a string" : "missing",
                   cJSON_IsString(o) ? "\"" : "");
    return check_date(s, e, "checked_at", path, err) || check_date(s, e, "since", path, err);
}

static int check_state(const state *s, hn_fixture_error *err)
{
    int path[3] = {0, 0, 0};
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(s->doc, "honest_verified");
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(s->doc, "fixtures");
    if (!cJSON_IsObject(s->doc) || !cJSON_IsNumber(v) || v->valuedouble != 1 ||
        !cJSON_IsObject(list))
        return bad(s, err, path, 0, 0, "expected an object with \"honest_verified\": 1 and "
                   "\"fixtures\": { ... }");
    path[0] = 0;
    for (const cJSON *ch = s->doc->child; ch; ch = ch->next, path[0]++)
        if (ch == list)
            break;
    path[1] = 0;
    for (const cJSON *e = list->child; e; e = e->next, path[1]++)
        if (check_entry(s, e, path, err))
            return -1;
    return 0;
}

/* Loads the state file; a missing file is an empty state. Returns 0 or -1. */
static int state_load(state *s, const char *path, hn_fixture_error *err)
{
    hn__json_text_error je;
    *s = (state){.path = path};
    s->text = hn__fixture_read_file(path, &s->len, err);
    if (!s->text && errno == ENOENT) {
        s->doc = cJSON_Parse("{\"honest_verified\":1,\"fixtures\":{}}");
        return s->doc ? 0 : hn__fixture_errorf(err, HN_FIXTURE_E_NOMEM, path, 0, 0,
                                               "out of memory");
    }
    if (!s->text)
        return -1;
    if (hn__json_text_check(s->text, s->len, &je)) {
        int line, col;
        hn__json_text_linecol(s->text, s->len, je.offset, &line, &col);
        return hn__fixture_errorf(err, HN_FIXTURE_E_SYNTAX, path, line, col,
                                  "invalid JSON in the last-verified state: %s; fix it or "
                                  "delete the file", je.msg);
    }
    s->doc = cJSON_ParseWithLength(s->text, s->len);
    if (!s->doc)
        return hn__fixture_errorf(err, HN_FIXTURE_E_NOMEM, path, 0, 0, "out of memory");
    return check_state(s, err);
}

static void state_free(state *s)
{
    free(s->text);
    cJSON_Delete(s->doc);
}

/* Reads an entry that check_entry accepted. */
static void entry_read(const cJSON *e, hn_verified_entry *out)
{
    const cJSON *since = cJSON_GetObjectItemCaseSensitive(e, "since");
    hn_fixture_time_parse(cJSON_GetObjectItemCaseSensitive(e, "checked_at")->valuestring,
                          &out->checked_at);
    snprintf(out->outcome, sizeof out->outcome, "%s",
             cJSON_GetObjectItemCaseSensitive(e, "outcome")->valuestring);
    out->since = out->checked_at;
    if (since)
        hn_fixture_time_parse(since->valuestring, &out->since);
}

int hn_verified_lookup(const char *fixture_path, hn_verified_entry *out, hn_fixture_error *err)
{
    where w;
    state s;
    if (where_of(fixture_path, &w))
        return hn__fixture_errorf(err, HN_FIXTURE_E_NOMEM, fixture_path, 0, 0, "out of memory");
    int r = state_load(&s, w.state, err);
    if (r == 0) {
        const cJSON *list = cJSON_GetObjectItemCaseSensitive(s.doc, "fixtures");
        const cJSON *e = cJSON_GetObjectItemCaseSensitive(list, w.entry);
        r = e ? 1 : 0;
        if (e)
            entry_read(e, out);
    }
    state_free(&s);
    where_free(&w);
    return r;
}

static int by_name(const void *a, const void *b)
{
    return strcmp((*(cJSON *const *)a)->string, (*(cJSON *const *)b)->string);
}

/* The state as text: entries sorted by name, 2-space indentation. */
static char *state_text(cJSON *doc, size_t *len)
{
    cJSON *list = cJSON_GetObjectItemCaseSensitive(doc, "fixtures");
    size_t n = (size_t)cJSON_GetArraySize(list), k = 0;
    cJSON **v = malloc((n ? n : 1) * sizeof *v);
    if (!v)
        return NULL;
    while (list->child)
        v[k++] = cJSON_DetachItemViaPointer(list, list->child);
    qsort(v, n, sizeof *v, by_name);
    for (k = 0; k < n; k++)
        cJSON_AddItemToObject(list, v[k]->string, v[k]);
    free(v);
    char *flat = cJSON_PrintUnformatted(doc);
    if (!flat)
        return NULL;
    hn__buf b = {0};
    char *pretty = hn__json_text_pretty(flat, strlen(flat), NULL);
    hn__buf_puts(&b, pretty);
    hn__buf_puts(&b, "\n");
    free(flat);
    free(pretty);
    *len = b.len;
    return hn__buf_take(&b);
}

/* A new entry for an outcome at checked_at, keeping `since` of old (NULL:
 * none) when the outcome did not change. NULL: no memory. */
static cJSON *entry_make(const cJSON *old, time_t checked_at, const char *outcome)
{
    char at[32], since[32];
    hn_verified_entry prev;
    hn_fixture_time_format(checked_at, at, sizeof at);
    snprintf(since, sizeof since, "%s", at);
    if (old) {
        entry_read(old, &prev);
        if (!strcmp(prev.outcome, outcome))
            hn_fixture_time_format(prev.since, since, sizeof since);
    }
    cJSON *e = cJSON_CreateObject();
    if (!e || !cJSON_AddStringToObject(e, "checked_at", at) ||
        !cJSON_AddStringToObject(e, "outcome", outcome) ||
        !cJSON_AddStringToObject(e, "since", since)) {
        cJSON_Delete(e);
        return NULL;
    }
    return e;
}

/* Replaces the entry for w->entry in s->doc. Returns 0 or -1 (no memory). */
static int state_set(state *s, const char *entry, time_t checked_at, const char *outcome)
{
    cJSON *list = cJSON_GetObjectItemCaseSensitive(s->doc, "fixtures");
    cJSON *e = entry_make(cJSON_GetObjectItemCaseSensitive(list, entry), checked_at, outcome);
    if (!e)
        return -1;
    cJSON_DeleteItemFromObjectCaseSensitive(list, entry);
    return cJSON_AddItemToObject(list, entry, e) ? 0 : (cJSON_Delete(e), -1);
}

/* Writes s->doc (sorted by state_text) to path atomically; 0 or -1 (err). */
static int state_save(state *s, const char *path, hn_fixture_error *err)
{
    size_t len;
    char *text = state_text(s->doc, &len);
    int r = text ? hn__file_atomic_write(path, text, len, err)
                 : hn__fixture_errorf(err, HN_FIXTURE_E_NOMEM, path, 0, 0, "out of memory");
    free(text);
    return r;
}

/* Takes an exclusive flock on dir: flock on the directory serialises
 * verifiers of the same fixtures (threads and processes alike), without
 * leaving a lock file behind. Returns the descriptor to close, or -1 (err). */
static int lock_dir(const char *dir, hn_fixture_error *err)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0 && flock(fd, LOCK_EX) == 0)
        return fd;
    int r = hn__fixture_errorf(err, HN_FIXTURE_E_IO, dir, 0, 0,
                               "cannot lock the fixtures directory: %s; check that it exists",
                               strerror(errno));
    if (fd >= 0)
        close(fd);
    return r;
}

/* Runs under the directory's lock: read, update, write atomically. */
static int record_locked(const where *w, time_t checked_at, const char *outcome,
                         hn_fixture_error *err)
{
    state s;
    int r = state_load(&s, w->state, err);
    if (r == 0 && state_set(&s, w->entry, checked_at, outcome))
        r = hn__fixture_errorf(err, HN_FIXTURE_E_NOMEM, w->state, 0, 0, "out of memory");
    if (r == 0)
        r = state_save(&s, w->state, err);
    state_free(&s);
    return r;
}

int hn_verified_record(const char *fixture_path, time_t checked_at, const char *outcome,
                       hn_fixture_error *err)
{
    where w;
    if (!outcome || !is_outcome(outcome))
        return hn__fixture_errorf(err, HN_FIXTURE_E_VALUE, fixture_path, 0, 0,
                                  "outcome \"%s\" is not one of aligned, drifted, unreachable, "
                                  "invalid, stale", outcome ? outcome : "(null)");
    if (where_of(fixture_path, &w))
        return hn__fixture_errorf(err, HN_FIXTURE_E_NOMEM, fixture_path, 0, 0, "out of memory");
    int fd = lock_dir(w.dir, err);
    int r = fd < 0 ? -1 : record_locked(&w, checked_at, outcome, err);
    if (fd >= 0)
        close(fd);
    where_free(&w);
    return r;
}

/* ---- many at once (added for verify runs; see hn_verified_record_many) -- */

typedef struct many_item {
    where w;
    size_t index;
} many_item;

static int by_dir(const void *a, const void *b)
{
    const many_item *x = a, *y = b;
    int c = strcmp(x->w.dir, y->w.dir);
    return c ? c : (x->index > y->index) - (x->index < y->index);
}

static int by_key(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, (*(cJSON *const *)b)->string);
}

/* Sets the entries of items[0..n) in s, in n log n (a state of thousands of
 * fixtures is updated at once): the entries are detached, sorted, looked up
 * by bisection and put back. Returns 0 or -1 (no memory). */
static int set_many(state *s, const many_item *items, size_t n, const char *const *outcomes,
                    time_t checked_at, hn_verified_entry *entries)
{
    cJSON *list = cJSON_GetObjectItemCaseSensitive(s->doc, "fixtures");
    size_t have = (size_t)cJSON_GetArraySize(list), k = 0;
    cJSON **v = malloc((have + n + 1) * sizeof *v);
    if (!v)
        return -1;
    while (list->child)
        v[k++] = cJSON_DetachItemViaPointer(list, list->child);
    qsort(v, have, sizeof *v, by_name);
    int r = 0;
    for (size_t i = 0; i < n; i++) {
        const char *key = items[i].w.entry;
        cJSON **old = bsearch(&key, v, have, sizeof *v, by_key);
        cJSON *e = entry_make(old ? *old : NULL, checked_at, outcomes[items[i].index]);
        if (!e || !(e->string = strdup(key))) {
            cJSON_Delete(e);
            r = -1;
            break;
        }
        if (entries)
            entry_read(e, &entries[items[i].index]);
        if (old) {
            cJSON_Delete(*old);
            *old = e;
        } else {
            v[k++] = e; /* new entries after the sorted ones; state_text sorts */
        }
    }
    for (size_t i = 0; i < k; i++)
        cJSON_AddItemToArray(list, v[i]); /* keys kept: members of the object */
    free(v);
    return r;
}

/* Records items[0..n) (one directory) under its lock; 0 or -1 (err). */
static int record_group(const many_item *items, size_t n, const char *const *outcomes,
                        time_t checked_at, hn_verified_entry *entries, hn_fixture_error *err)
{
    int fd = lock_dir(items[0].w.dir, err);
    if (fd < 0)
        return -1;
    state s;
    int r = state_load(&s, items[0].w.state, err);
    if (r == 0 && set_many(&s, items, n, outcomes, checked_at, entries))
        r = hn__fixture_errorf(err, HN_FIXTURE_E_NOMEM, items[0].w.state, 0, 0,
                               "out of memory");
    if (r == 0)
        r = state_save(&s, items[0].w.state, err);
    state_free(&s);
    close(fd);
    return r;
}

int hn_verified_record_many(const char *const *fixture_paths, const char *const *outcomes,
                            size_t n, time_t checked_at, hn_verified_entry *entries,
                            hn_fixture_error *err)
{
    for (size_t i = 0; i < n; i++)
        if (!outcomes[i] || !is_outcome(outcomes[i]))
            return hn__fixture_errorf(err, HN_FIXTURE_E_VALUE, fixture_paths[i], 0, 0,
                                      "outcome \"%s\" is not one of aligned, drifted, "
                                      "unreachable, invalid, stale",
                                      outcomes[i] ? outcomes[i] : "(null)");
    many_item *items = calloc(n ? n : 1, sizeof *items);
    size_t made = 0;
    int r = items ? 0 : hn__fixture_errorf(err, HN_FIXTURE_E_NOMEM, NULL, 0, 0, "out of memory");
    while (r == 0 && made < n) {
        items[made].index = made;
        if (where_of(fixture_paths[made], &items[made].w))
            r = hn__fixture_errorf(err, HN_FIXTURE_E_NOMEM, NULL, 0, 0, "out of memory");
        else
            made++;
    }
    if (r == 0 && n)
        qsort(items, n, sizeof *items, by_dir);
    for (size_t i = 0, j; made == n && i < n; i = j) {
        for (j = i + 1; j < n && !strcmp(items[j].w.dir, items[i].w.dir); j++)
            ;
        hn_fixture_error first;
        if (record_group(items + i, j - i, outcomes, checked_at, entries, &first) && !r) {
            r = -1;
            if (err)
                *err = first;
        }
    }
    for (size_t i = 0; i < made; i++)
        where_free(&items[i].w);
    free(items);
    return r;
}
