/* SPDX-License-Identifier: MIT */
/* audit_model.c: the inventory of `honest audit`: records of audit files
 * merged per double and per fixture, then judged (boundaries, backing). */
#include "audit/audit.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <honest/fixture.h>
#include <honest/verify.h>

#include "base/mem.h"
#include "fixtures/fixtures.h"
#include "fixtures/redact.h"

static const char *const kind_words[] = {"dummy", "stub", "spy", "mock", "fake"};

static char *dup_or_null(const char *s)
{
    return s ? hn__must(strdup(s)) : NULL;
}

static const char *str(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static double num(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsNumber(v) ? v->valuedouble : 0;
}

static int same(const char *a, const char *b)
{
    return a == b || (a && b && !strcmp(a, b));
}

static hn__audit_double *find_double(hn__audit *a, const char *bin, const char *fn,
                                     const char *origin)
{
    for (size_t i = 0; i < a->ndoubles; i++) {
        hn__audit_double *d = &a->doubles[i];
        if (same(d->binary, bin) && same(d->function, fn) && same(d->origin, origin))
            return d;
    }
    hn__must_grow(&a->doubles, &a->doublecap, a->ndoubles + 1, sizeof *a->doubles);
    hn__audit_double *d = &a->doubles[a->ndoubles++];
    memset(d, 0, sizeof *d);
    d->binary = dup_or_null(bin);
    d->function = dup_or_null(fn);
    d->origin = dup_or_null(origin);
    return d;
}

static hn__audit_fixture *find_fixture(hn__audit *a, const char *path)
{
    for (size_t i = 0; i < a->nfixtures; i++)
        if (same(a->fixtures[i].path, path))
            return &a->fixtures[i];
    hn__must_grow(&a->fixtures, &a->fixturecap, a->nfixtures + 1, sizeof *a->fixtures);
    hn__audit_fixture *f = &a->fixtures[a->nfixtures++];
    memset(f, 0, sizeof *f);
    f->path = dup_or_null(path);
    return f;
}

static void add_fixture_path(hn__audit_double *d, const char *path)
{
    if (!path)
        return;
    for (size_t i = 0; i < d->nfixtures; i++)
        if (!strcmp(d->fixtures[i], path))
            return;
    hn__must_grow(&d->fixtures, &d->fixturecap, d->nfixtures + 1, sizeof *d->fixtures);
    d->fixtures[d->nfixtures++] = hn__must(strdup(path));
}

/* Appends the recorded arguments args (strings; anything else as "") to
 * the array *v of *n (capacity *cap). */
static void add_args(char ***v, size_t *n, size_t *cap, const cJSON *args)
{
    const cJSON *a;
    cJSON_ArrayForEach(a, args) {
        hn__must_grow(v, cap, *n + 1, sizeof **v);
        (*v)[(*n)++] = hn__must(strdup(cJSON_IsString(a) ? a->valuestring : ""));
    }
}

static void add_canned(hn__audit_double *d, const cJSON *c, const cJSON *args)
{
    const char *text = str(c, "text"), *at = str(c, "at"), *macro = str(c, "macro");
    if (!text)
        return;
    for (size_t i = 0; i < d->ncanned; i++)
        if (same(d->canned[i].at, at) && !strcmp(d->canned[i].text, text))
            return;
    hn__must_grow(&d->canned, &d->cannedcap, d->ncanned + 1, sizeof *d->canned);
    hn__audit_canned *k = &d->canned[d->ncanned++];
    k->macro = dup_or_null(macro);
    k->at = dup_or_null(at);
    k->text = hn__must(strdup(text));
    k->shown = NULL;
    k->args = NULL;
    k->nargs = k->argcap = 0;
    add_args(&k->args, &k->nargs, &k->argcap, args);
    /* Found in source (a custom_fake's body: no args of its own): the
     * double's first call. */
    if (!k->nargs && d->nargs) {
        hn__must_grow(&k->args, &k->argcap, d->nargs, sizeof *k->args);
        for (; k->nargs < d->nargs; k->nargs++)
            k->args[k->nargs] = hn__must(strdup(d->args[k->nargs]));
    }
    cJSON *j = cJSON_Parse(text);
    k->json = j && (cJSON_IsObject(j) || cJSON_IsArray(j));
    cJSON_Delete(j);
}

/* Remembers a source file a record named (a "file:line" place is cut). */
static void add_file(hn__audit *a, const char *bin, const char *place)
{
    if (!place)
        return;
    const char *colon = strrchr(place, ':');
    size_t n = colon && colon[1] >= '0' && colon[1] <= '9' ? (size_t)(colon - place)
                                                          : strlen(place);
    for (size_t i = 0; i < a->nfiles; i++)
        if (strlen(a->files[i]) == n && !strncmp(a->files[i], place, n))
            return;
    hn__must_grow(&a->files, &a->filecap, a->nfiles + 1, sizeof *a->files);
    hn__must_grow(&a->file_binaries, &a->file_bincap, a->nfiles + 1, sizeof *a->file_binaries);
    a->files[a->nfiles] = hn__must(strndup(place, n));
    a->file_binaries[a->nfiles++] = hn__must(strdup(bin));
}

/* The double of fn with origin that the run saw, in this binary or else
 * in another whose sources sit in the same directory (the scan cannot tell
 * which binary a file beside the named ones belongs to); a new one when
 * the run saw none. */
static hn__audit_double *scanned_double(hn__audit *a, const char *binary, const char *fn,
                                        const char *origin)
{
    hn__audit_double *d = NULL;
    for (size_t i = 0; i < a->ndoubles && !d; i++)
        if (same(a->doubles[i].binary, binary) && same(a->doubles[i].function, fn) &&
            same(a->doubles[i].origin, origin))
            d = &a->doubles[i];
    for (size_t i = 0; i < a->ndoubles && !d; i++)
        if (same(a->doubles[i].function, fn) && same(a->doubles[i].origin, origin))
            d = &a->doubles[i];
    if (!d)
        d = find_double(a, binary, fn, origin);
    if (!d->tests && !d->kinds[1])
        d->kinds[1] = 1; /* found in source only: it answers, so a stub */
    return d;
}

void hn__audit_add_fixture(hn__audit *a, const char *binary, const char *fn, const char *origin,
                           const char *path)
{
    add_fixture_path(scanned_double(a, binary, fn, origin), path);
}

void hn__audit_add_canned(hn__audit *a, const char *binary, const char *fn, const char *origin,
                          const char *macro, const char *at, const char *text)
{
    hn__audit_double *d = scanned_double(a, binary, fn, origin);
    for (size_t i = 0; i < d->ncanned; i++) {
        hn__audit_canned *c = &d->canned[i];
        if (strcmp(c->text, text))
            continue;
        if (!c->at)
            c->at = hn__must(strdup(at));
        if (!strcmp(c->at, at))
            return;
    }
    cJSON *c = hn__must(cJSON_CreateObject());
    cJSON_AddStringToObject(c, "macro", macro);
    cJSON_AddStringToObject(c, "at", at);
    cJSON_AddStringToObject(c, "text", text);
    add_canned(d, c, NULL);
    cJSON_Delete(c);
}

/* The arguments of a fake's first call in the tests where it was a fake
 * (a custom_fake answered): for canned data the scan finds in its body.
 * Tests that disagree leave none (the run's order would choose). */
static void fake_args(hn__audit_double *d, const cJSON *args)
{
    size_t n = (size_t)cJSON_GetArraySize(args), i = 0;
    const cJSON *v;
    if (d->args_conflict || !n)
        return;
    if (d->nargs) {
        int same = n == d->nargs;
        cJSON_ArrayForEach(v, args)
            same = same && !strcmp(d->args[i++], cJSON_IsString(v) ? v->valuestring : "");
        if (!same) {
            for (i = 0; i < d->nargs; i++)
                free(d->args[i]);
            d->nargs = 0;
            d->args_conflict = 1;
        }
        return;
    }
    add_args(&d->args, &d->nargs, &d->argcap, args);
}

static void read_double(hn__audit *a, const char *bin, const cJSON *r)
{
    hn__audit_double *d = find_double(a, bin, str(r, "function"), str(r, "origin"));
    d->tests++;
    const char *kind = str(r, "kind");
    for (size_t k = 0; kind && k < sizeof kind_words / sizeof kind_words[0]; k++)
        if (!strcmp(kind, kind_words[k]))
            d->kinds[k]++;
    if (!d->declared_at)
        d->declared_at = dup_or_null(str(r, "declared_at"));
    if (!d->library)
        d->library = dup_or_null(str(r, "library"));
    add_file(a, bin, d->declared_at);
    if (kind && !strcmp(kind, "fake"))
        fake_args(d, cJSON_GetObjectItemCaseSensitive(r, "args"));
    add_fixture_path(d, str(r, "fixture"));
    const cJSON *e;
    cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(r, "fixtures"))
        add_fixture_path(d, str(e, "path"));
    cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(r, "canned")) {
        add_canned(d, e, cJSON_GetObjectItemCaseSensitive(r, "args"));
        add_file(a, bin, str(e, "at"));
    }
}

static void add_line(char ***v, size_t *n, size_t *cap, const char *a, const char *b,
                     const char *c)
{
    size_t len = strlen(a) + strlen(b) + (c ? strlen(c) : 0) + 8;
    char *s = hn__must(malloc(len));
    snprintf(s, len, c ? "%s: %s (%s)" : "%s: %s", a, b, c ? c : "");
    hn__must_grow(v, cap, *n + 1, sizeof **v);
    (*v)[(*n)++] = s;
}

/* One record of a binary's audit file. */
static void read_record(hn__audit *a, const char *bin, const cJSON *r, cJSON *declared)
{
    const char *type = str(r, "type");
    if (!type)
        return;
    if (!strcmp(type, "double")) {
        read_double(a, bin, r);
    } else if (!strcmp(type, "declared")) {
        cJSON_AddItemReferenceToArray(declared, (cJSON *)r);
    } else if (!strcmp(type, "dummy")) {
        a->dummies++;
    } else if (!strcmp(type, "test")) {
        a->tests++;
        add_file(a, bin, str(r, "file"));
        const cJSON *sk = cJSON_GetObjectItemCaseSensitive(r, "skipped");
        if (num(r, "assertions") == 0 && !cJSON_IsTrue(sk))
            add_line(&a->silent, &a->nsilent, &a->silentcap, bin, str(r, "test") ? str(r, "test") : "?", NULL);
    } else if (!strcmp(type, "fixture")) {
        hn__audit_fixture *f = find_fixture(a, str(r, "path"));
        f->tests++;
        if (!f->name)
            f->name = dup_or_null(str(r, "name"));
        f->recorded_at = (time_t)num(r, "recorded_at");
        f->max_age_days = (int)num(r, "max_age_days");
    }
}

/* Declared doubles that no test of the binary used as a double. */
static void find_unused(hn__audit *a, const char *bin, const cJSON *declared)
{
    const cJSON *r;
    cJSON_ArrayForEach(r, declared) {
        const char *fn = str(r, "function"), *origin = str(r, "origin");
        int used = 0;
        for (size_t i = 0; i < a->ndoubles && !used; i++)
            used = same(a->doubles[i].binary, bin) && same(a->doubles[i].function, fn) &&
                   same(a->doubles[i].origin, origin);
        if (!used)
            add_line(&a->unused, &a->nunused, &a->unusedcap, bin, fn ? fn : "?", str(r, "declared_at"));
    }
}

int hn__audit_read(hn__audit *a, const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, errlen, "cannot read the audit file %s", path);
        return -1;
    }
    char *line = NULL, *bin = NULL;
    size_t cap = 0;
    int lineno = 0, rc = 0;
    cJSON *records = hn__must(cJSON_CreateArray()), *declared = hn__must(cJSON_CreateArray());
    while (getline(&line, &cap, f) > 0) {
        lineno++;
        cJSON *r = cJSON_Parse(line);
        if (!cJSON_IsObject(r)) {
            snprintf(err, errlen, "%s:%d: not a JSON object; an audit file holds one record "
                     "per line, as a test binary run with --audit=FILE writes it", path, lineno);
            cJSON_Delete(r);
            rc = -1;
            break;
        }
        cJSON_AddItemToArray(records, r);
        if (!bin && str(r, "binary"))
            bin = hn__must(strdup(str(r, "binary")));
    }
    free(line);
    fclose(f);
    if (rc == 0) {
        a->binaries++;
        const cJSON *r;
        cJSON_ArrayForEach(r, records)
            read_record(a, bin ? bin : path, r, declared);
        find_unused(a, bin ? bin : path, declared);
    }
    cJSON_Delete(declared);
    cJSON_Delete(records);
    free(bin);
    return rc;
}

/* The origin of a fixture file: its "origin" member ("recorded" when it
 * has none, as the fixture format says); "unreadable" when it is gone. */
static char *fixture_origin(const char *path)
{
    hn_fixture_error e;
    size_t len;
    char *text = hn__fixture_read_file(path, &len, &e);
    cJSON *doc = text ? cJSON_Parse(text) : NULL;
    const char *o = doc ? str(doc, "origin") : NULL;
    char *r = hn__must(strdup(o ? o : text ? "recorded" : "unreadable"));
    cJSON_Delete(doc);
    free(text);
    return r;
}

static void judge_fixture(hn__audit *a, hn__audit_fixture *f)
{
    f->origin = fixture_origin(f->path);
    f->age_days = f->recorded_at ? (int)((a->now - f->recorded_at) / 86400) : -1;
    f->stale = f->max_age_days > 0 && f->age_days > f->max_age_days;
    hn_verified_entry v;
    f->verified = hn_verified_lookup(f->path, &v, NULL) == 1;
    if (f->verified) {
        snprintf(f->outcome, sizeof f->outcome, "%s", v.outcome);
        f->checked_at = v.checked_at;
    }
    /* DESIGN: only a recorded fixture, or one verify found aligned, counts
     * as backed by reality (imported and hand-written ones wait for verify). */
    int aligned = f->verified && !strcmp(f->outcome, "aligned");
    f->real = !strcmp(f->origin, "recorded") || aligned;
}

static const hn__audit_fixture *fixture_of(const hn__audit *a, const char *path)
{
    for (size_t i = 0; i < a->nfixtures; i++)
        if (!strcmp(a->fixtures[i].path, path))
            return &a->fixtures[i];
    return NULL;
}

static void judge_double(hn__audit *a, hn__audit_double *d)
{
    for (size_t i = 0; i < a->nmarks; i++)
        if (d->function && !strcmp(a->marks[i], d->function))
            d->marked = 1;
    int canned_json = 0;
    for (size_t i = 0; i < d->ncanned; i++)
        canned_json |= d->canned[i].json;
    d->boundary = d->marked || d->library || d->nfixtures || canned_json;
    d->boundary_why = d->marked ? "marked with --boundary"
                    : d->library ? d->library
                    : d->nfixtures ? "answered from fixtures"
                    : canned_json ? "answers with a JSON payload" : NULL;
    d->backed = d->nfixtures > 0 && d->ncanned == 0;
    for (size_t i = 0; i < d->nfixtures; i++) {
        const hn__audit_fixture *f = fixture_of(a, d->fixtures[i]);
        if (f && !f->real)
            d->backed = 0;
    }
}

/* Orders canned data by where it was typed (file, then line as a number),
 * then by text: tests run in parallel write their records in any order, and
 * migrate numbers fixtures in this order, so it must not depend on that. */
static int canned_cmp(const void *x, const void *y)
{
    const hn__audit_canned *a = x, *b = y;
    const char *pa = a->at ? a->at : "", *pb = b->at ? b->at : "";
    const char *ca = strrchr(pa, ':'), *cb = strrchr(pb, ':');
    size_t la = ca ? (size_t)(ca - pa) : strlen(pa), lb = cb ? (size_t)(cb - pb) : strlen(pb);
    int c = strncmp(pa, pb, la < lb ? la : lb);
    if (c == 0 && la != lb)
        c = la < lb ? -1 : 1;
    if (c == 0) {
        long na = ca ? strtol(ca + 1, NULL, 10) : 0, nb = cb ? strtol(cb + 1, NULL, 10) : 0;
        c = (na > nb) - (na < nb);
    }
    return c ? c : strcmp(a->text ? a->text : "", b->text ? b->text : "");
}

void hn__audit_judge(hn__audit *a)
{
    for (size_t i = 0; i < a->ndoubles; i++)
        if (a->doubles[i].ncanned > 1)
            qsort(a->doubles[i].canned, a->doubles[i].ncanned, sizeof *a->doubles[i].canned,
                  canned_cmp);
    if (!a->now)
        a->now = time(NULL);
    /* Canned data is shown as every report shows what a service sent: no
     * secret (the environment's, or at a sensitive name) in clear. */
    hn__redact *r = hn__must(hn__redact_new());
    for (size_t i = 0; i < a->ndoubles; i++)
        for (size_t k = 0; k < a->doubles[i].ncanned; k++) {
            hn__audit_canned *c = &a->doubles[i].canned[k];
            free(c->shown);
            c->shown = hn__must(hn__redact_show(r, c->text));
        }
    hn__redact_free(r);
    for (size_t i = 0; i < a->nfixtures; i++)
        judge_fixture(a, &a->fixtures[i]);
    for (size_t i = 0; i < a->ndoubles; i++)
        judge_double(a, &a->doubles[i]);
}

double hn__audit_ratio(const hn__audit *a, size_t *backed, size_t *boundary)
{
    size_t b = 0, n = 0;
    for (size_t i = 0; i < a->ndoubles; i++) {
        n += a->doubles[i].boundary != 0;
        b += a->doubles[i].boundary && a->doubles[i].backed;
    }
    if (backed)
        *backed = b;
    if (boundary)
        *boundary = n;
    return n ? (double)b / (double)n : 1.0;
}

static void free_lines(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

void hn__audit_free(hn__audit *a)
{
    for (size_t i = 0; i < a->ndoubles; i++) {
        hn__audit_double *d = &a->doubles[i];
        free(d->binary);
        free(d->function);
        free(d->origin);
        free(d->declared_at);
        free(d->library);
        free_lines(d->fixtures, d->nfixtures);
        free_lines(d->args, d->nargs);
        for (size_t k = 0; k < d->ncanned; k++) {
            free(d->canned[k].macro);
            free(d->canned[k].at);
            free(d->canned[k].text);
            free(d->canned[k].shown);
            free_lines(d->canned[k].args, d->canned[k].nargs);
        }
        free(d->canned);
    }
    free(a->doubles);
    for (size_t i = 0; i < a->nfixtures; i++) {
        free(a->fixtures[i].path);
        free(a->fixtures[i].name);
        free(a->fixtures[i].origin);
    }
    free(a->fixtures);
    free_lines(a->unused, a->nunused);
    free_lines(a->silent, a->nsilent);
    free_lines(a->files, a->nfiles);
    free_lines(a->file_binaries, a->nfiles);
    const char **marks = a->marks;
    size_t nmarks = a->nmarks;
    memset(a, 0, sizeof *a);
    a->marks = marks;
    a->nmarks = nmarks;
}
