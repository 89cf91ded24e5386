/* SPDX-License-Identifier: MIT */
/* variants_run.c: plans each passing test's variants from the fixtures it
 * used (seeded sample under --variants-max), hands them to the runner one by
 * one, judges each run (tolerated, noticed, crashed, hung; against the
 * test's expectation or not) and folds them into the test's result. */
#include "runner/variants_run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "variants/variants.h"
#include "base/mem.h"

typedef struct vjob {
    const hn__instance *in;
    char *id;
    hn__variant_id parts;
    size_t group;
    size_t slot;        /* its place among its group's results */
} vjob;

typedef struct vgroup {
    hn__result *parent;   /* held; NULL for a replay, or once published */
    size_t planned, ended;
    hn__variant_result *done;
} vgroup;

struct hn__vrun {
    const hn__options *o;
    vjob *jobs;
    size_t njobs, jobcap, next;
    vgroup *groups;
    size_t ngroups, groupcap;
};


hn__vrun *hn__vrun_new(const hn__options *o)
{
    hn__vrun *v = hn__must(calloc(1, sizeof *v));
    v->o = o;
    return v;
}

static size_t new_group(hn__vrun *v, hn__result *parent)
{
    hn__must_grow(&v->groups, &v->groupcap, v->ngroups + 1, sizeof *v->groups);
    v->groups[v->ngroups] = (vgroup){parent, 0, 0, NULL};
    return v->ngroups++;
}

/* Queues a variant (id owned by the job from now on). */
static void add_job(hn__vrun *v, const hn__instance *in, char *id, size_t group)
{
    hn__must_grow(&v->jobs, &v->jobcap, v->njobs + 1, sizeof *v->jobs);
    vjob *j = &v->jobs[v->njobs++];
    char err[512];
    *j = (vjob){in, id, {0}, group, v->groups[group].planned};
    if (hn__variant_id_parse(id, &j->parts, err, sizeof err) != 0)
        abort(); /* ids are made by hn__variant_id_format */
    v->groups[group].planned++;
}

int hn__vrun_replay(hn__vrun *v, const hn__registry *reg)
{
    hn__variant_id id;
    char err[512];
    if (hn__variant_id_parse(v->o->variant, &id, err, sizeof err) != 0)
        return 2; /* options.c checked it */
    for (size_t i = 0; i < reg->count; i++)
        if (!strcmp(reg->items[i].name, id.test)) {
            add_job(v, &reg->items[i], hn__must(strdup(v->o->variant)), new_group(v, NULL));
            hn__variant_id_free(&id);
            return 0;
        }
    fprintf(stderr, "honest: --variant: no test is named '%s' (the part of the id before the "
                    "first '~'); --list shows the tests\n", id.test);
    hn__variant_id_free(&id);
    return 2;
}

/* The fixture's path as ids show it: relative to the test's source
 * directory or the working directory when under one, else as it is. */
static const char *shown_path(const char *path, const char *test_file)
{
    const char *slash = strrchr(test_file, '/');
    size_t n = slash ? (size_t)(slash - test_file) : 0;
    if (n && !strncmp(path, test_file, n) && path[n] == '/')
        return path + n + 1;
    char cwd[4096];
    if (getcwd(cwd, sizeof cwd)) {
        n = strlen(cwd);
        if (!strncmp(path, cwd, n) && path[n] == '/')
            return path + n + 1;
    }
    return path;
}

/* A variant planned for a test: its id (owned) and its kind. */
typedef struct planned {
    char *id;
    hn__vkind kind;
} planned;

/* Every variant of the fixture at path for the test of res, appended to
 * *out (n entries, cap allocated). */
static void ids_of_fixture(hn__vrun *v, hn__result *res, const char *path, planned **out,
                           size_t *n, size_t *cap)
{
    hn__variant_place *places;
    size_t np;
    char err[1200];
    if (!hn__variant_file_places ||
        hn__variant_file_places(path, v->o->variant_kinds, &places, &np, err, sizeof err)) {
        char line[1300];
        snprintf(line, sizeof line, "--variants: the fixture could not be loaded again: %s",
                 hn__variant_file_places ? err : path);
        hn__result_msg(res, HN__EV_WARN, NULL, 0, line);
        return;
    }
    const char *shown = shown_path(path, res->inst->test->file);
    for (size_t i = 0; i < np; i++) {
        char *id = hn__variant_id_format(res->inst->name, shown, places[i].kind, places[i].path);
        if (strlen(id) >= HN__VARIANT_ID_MAX) {
            free(id);
            continue;
        }
        hn__must_grow(out, cap, *n + 1, sizeof **out);
        (*out)[(*n)++] = (planned){id, places[i].kind};
    }
    hn__variant_places_free(places, np);
}

int hn__vrun_plan(hn__vrun *v, hn__result *res)
{
    const hn_test_opts *t = &res->inst->test->opts;
    if (v->o->variant || res->status != HN__PASSED || res->iteration > 0 ||
        t->expect_signal || t->expect_exit)
        return 0;
    planned *ids = NULL;
    size_t n = 0, cap = 0;
    size_t pre = strlen(HN__VDATA_FIXTURE);
    for (size_t i = 0; i < res->ndata; i++)
        if (!strncmp(res->data[i].text, HN__VDATA_FIXTURE, pre))
            ids_of_fixture(v, res, res->data[i].text + pre, &ids, &n, &cap);
    if (n == 0) {
        free(ids);
        return 0;
    }
    size_t max = v->o->variants_max > 0 ? (size_t)v->o->variants_max : n;
    size_t *chosen = hn__must(malloc((max < n ? max : n) * sizeof *chosen));
    size_t k = hn__variant_sample(n, max, v->o->seed, res->inst->name, chosen);
    size_t g = new_group(v, res);
    /* Reports list the variants by kind, then in the order of the body. */
    for (int kind = 0; kind < HN__VK_COUNT; kind++)
        for (size_t c = 0; c < k; c++)
            if (ids[chosen[c]].id && (int)ids[chosen[c]].kind == kind) {
                add_job(v, res->inst, ids[chosen[c]].id, g);
                ids[chosen[c]].id = NULL;
            }
    for (size_t i = 0; i < n; i++)
        free(ids[i].id);
    free(chosen);
    free(ids);
    v->groups[g].done = hn__must(calloc(v->groups[g].planned, sizeof *v->groups[g].done));
    return 1;
}

int hn__vrun_next(hn__vrun *v, const hn__instance **in, const char **id)
{
    if (v->next >= v->njobs)
        return 0;
    *in = v->jobs[v->next].in;
    *id = v->jobs[v->next].id;
    v->next++;
    return 1;
}

/* The data event of res starting with prefix: the first, or the last. */
static const char *datum(const hn__result *res, const char *prefix, int last)
{
    const char *found = NULL;
    size_t n = strlen(prefix);
    for (size_t i = 0; i < res->ndata; i++)
        if (!strncmp(res->data[i].text, prefix, n)) {
            found = res->data[i].text + n;
            if (!last)
                break;
        }
    return found;
}

static const char *const sanitizer_reports[] = {
    "ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error: ",
    "WARNING: ThreadSanitizer"};

/* The line of res's output where a sanitizer reported, or NULL. */
static const char *sanitizer_line(const hn__result *res)
{
    for (size_t i = 0; res->output && i < sizeof sanitizer_reports / sizeof *sanitizer_reports; i++) {
        const char *at = strstr(res->output, sanitizer_reports[i]);
        if (at) {
            while (at > res->output && at[-1] != '\n')
                at--;
            return at;
        }
    }
    return NULL;
}

static hn__voutcome classify(const hn__result *res)
{
    if (res->status == HN__TIMED_OUT)
        return HN__VO_HUNG;
    if (res->status == HN__CRASHED || res->exit_code >= 0 || sanitizer_line(res))
        return HN__VO_CRASHED;
    return res->status == HN__FAILED ? HN__VO_NOTICED : HN__VO_TOLERATED;
}

/* The first failure of res, as "file:line: text", or NULL. */
static char *first_failure(const hn__result *res)
{
    for (size_t i = 0; i < res->nmsgs; i++) {
        const hn__msg *m = &res->msgs[i];
        if (m->kind != HN__EV_FAIL)
            continue;
        hn__buf b = {0};
        if (m->file)
            hn__buf_printf(&b, "%s:%d: ", m->file, m->line);
        hn__buf_puts(&b, m->text);
        return hn__buf_take(&b);
    }
    return NULL;
}

/* res judged as variant j. */
static hn__variant_result judge(const vjob *j, const hn__result *res)
{
    hn__variant_result r = {0};
    const char *value = datum(res, HN__VDATA_APPLIED, 0);
    const char *expect = datum(res, HN__VDATA_EXPECT, 1);
    r.id = hn__must(strdup(j->id));
    r.kind = hn__vkind_name((int)j->parts.kind);
    r.fixture = hn__must(strdup(j->parts.fixture));
    r.path = hn__must(strdup(j->parts.path));
    r.value = value ? hn__must(strdup(value)) : NULL;
    const char *report = sanitizer_line(res);
    if (report) /* what the sanitizer saw says more than how the process ended */
        r.detail = hn__must(strndup(report, strcspn(report, "\n")));
    else
        r.detail = first_failure(res);
    if (!value && !r.detail)
        r.detail = hn__must(strdup("the variant was not delivered: the test did not read this "
                               "fixture's response in this run"));
    r.outcome = classify(res);
    r.expected = !expect ? 0 : !strcmp(expect, "tolerate") ? 1 : 2;
    r.flagged = r.outcome == HN__VO_CRASHED || r.outcome == HN__VO_HUNG ||
                (r.expected == 1 && r.outcome == HN__VO_NOTICED) ||
                (r.expected == 2 && r.outcome == HN__VO_TOLERATED);
    r.duration_ns = res->duration_ns;
    return r;
}

/* Hands the group's variants to its parent; a flagged one fails it. */
static hn__result *complete(vgroup *g)
{
    hn__result *p = g->parent;
    g->parent = NULL;
    size_t n = 0;
    for (size_t i = 0; i < g->planned; i++)
        if (g->done[i].id) /* those that ran, when the run stopped early */
            g->done[n++] = g->done[i];
    p->variants = g->done;
    p->nvariants = n;
    g->done = NULL;
    for (size_t i = 0; i < p->nvariants; i++) {
        const hn__variant_result *r = &p->variants[i];
        if (!r->flagged)
            continue;
        hn__buf b = {0};
        hn__buf_printf(&b, "variant %s", hn__voutcome_word(r->outcome));
        if (r->expected)
            hn__buf_printf(&b, " (expected: %s)", r->expected == 1 ? "tolerate" : "notice");
        hn__buf_printf(&b, ": %s\n  value: %s", r->id, r->value ? r->value : "(not delivered)");
        if (r->detail)
            hn__buf_printf(&b, "\n  %s", r->detail);
        hn__buf_printf(&b, "\n  replay: --variant='%s'", r->id);
        hn__result_msg(p, HN__EV_FAIL, p->inst->test->file, p->inst->test->line,
                       hn__buf_str(&b));
        hn__buf_free(&b);
        p->status = HN__FAILED;
    }
    return p;
}

hn__result *hn__vrun_done(hn__vrun *v, hn__result *res)
{
    vjob *j = NULL;
    for (size_t i = 0; i < v->next && !j; i++)
        if (v->jobs[i].id == res->variant)
            j = &v->jobs[i];
    if (!j)
        return res;
    vgroup *g = &v->groups[j->group];
    hn__variant_result r = judge(j, res);
    res->variant = NULL;
    if (!g->parent) {
        /* A replay: the variant run is the result, carrying its judgement. */
        res->variants = hn__must(malloc(sizeof *res->variants));
        res->variants[0] = r;
        res->nvariants = 1;
        if (r.flagged && res->status == HN__PASSED)
            res->status = HN__FAILED;
        return res;
    }
    g->done[j->slot] = r;
    g->ended++;
    hn__result_free(res);
    return g->ended == g->planned ? complete(g) : NULL;
}

hn__result *hn__vrun_flush(hn__vrun *v)
{
    for (size_t i = 0; i < v->ngroups; i++)
        if (v->groups[i].parent)
            return complete(&v->groups[i]);
    return NULL;
}

void hn__vrun_free(hn__vrun *v)
{
    if (!v)
        return;
    for (size_t i = 0; i < v->njobs; i++) {
        free(v->jobs[i].id);
        hn__variant_id_free(&v->jobs[i].parts);
    }
    for (size_t i = 0; i < v->ngroups; i++) {
        vgroup *g = &v->groups[i];
        if (g->parent) {
            g->parent->variants = g->done;
            g->parent->nvariants = g->planned; /* freed: unset ones are all NULL */
            g->done = NULL;
            hn__result_free(g->parent);
        }
        free(g->done);
    }
    free(v->jobs);
    free(v->groups);
    free(v);
}
