/* SPDX-License-Identifier: MIT */
/* registry.c: registration of tests and suites, expansion into instances,
 * filtering and sharding. */
#include "registry.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static hn_test *tests;
static hn_suite *suites;

void hn__test_register(hn_test *t)
{
    t->hn__next = tests;
    tests = t;
}

void hn__suite_register(hn_suite *s)
{
    s->hn__next = suites;
    suites = s;
}

static const hn_suite *find_suite(const char *name)
{
    for (const hn_suite *s = suites; s; s = s->hn__next)
        if (!strcmp(s->name, name))
            return s;
    return NULL;
}

static char *case_name(const hn_test *t, size_t i)
{
    char idx[32];
    const char *label = idx;
    snprintf(idx, sizeof idx, "%zu", i);
    if (t->param_name_at >= 0) {
        const char *base = (const char *)t->params + i * t->param_size;
        const char *field;
        memcpy(&field, base + t->param_name_at, sizeof field);
        if (field && *field)
            label = field;
    }
    size_t n = strlen(t->suite) + strlen(t->name) + strlen(label) + 3;
    char *name = malloc(n);
    if (name)
        snprintf(name, n, "%s.%s/%s", t->suite, t->name, label);
    return name;
}

static char *plain_name(const hn_test *t)
{
    size_t n = strlen(t->suite) + strlen(t->name) + 2;
    char *name = malloc(n);
    if (name)
        snprintf(name, n, "%s.%s", t->suite, t->name);
    return name;
}

static int by_place(const void *a, const void *b)
{
    const hn__instance *x = a, *y = b;
    int c = strcmp(x->test->file, y->test->file);
    if (c)
        return c;
    if (x->test->line != y->test->line)
        return x->test->line < y->test->line ? -1 : 1;
    /* Tests a macro defines on one line: by name, then case. */
    if (x->test != y->test && (c = strcmp(x->test->name, y->test->name)) != 0)
        return c;
    return x->index < y->index ? -1 : x->index > y->index;
}

int hn__registry_build(hn__registry *r)
{
    size_t n = 0;
    for (hn_test *t = tests; t; t = t->hn__next)
        n += t->params ? t->param_count : 1;
    r->items = calloc(n ? n : 1, sizeof *r->items);
    r->count = 0;
    if (!r->items)
        return -1;
    for (hn_test *t = tests; t; t = t->hn__next) {
        size_t cases = t->params ? t->param_count : 1;
        for (size_t i = 0; i < cases; i++) {
            hn__instance *in = &r->items[r->count++];
            in->test = t;
            in->suite = find_suite(t->suite);
            in->index = i;
            in->param = t->params ? (const char *)t->params + i * t->param_size : NULL;
            in->name = t->params ? case_name(t, i) : plain_name(t);
            if (!in->name)
                return -1;
        }
    }
    qsort(r->items, r->count, sizeof *r->items, by_place);
    return 0;
}

/* A filter is a ':'-separated list of globs; those starting with '-'
 * exclude. A name is kept when it matches a positive glob (or there is none)
 * and no negative one. */
static int keep(const char *filter, const char *name)
{
    char pat[1024];
    int positives = 0, hit = 0;
    for (const char *p = filter; *p;) {
        size_t n = strcspn(p, ":");
        int negative = (*p == '-');
        if (n - (size_t)negative < sizeof pat) {
            memcpy(pat, p + negative, n - (size_t)negative);
            pat[n - (size_t)negative] = '\0';
            int m = pat[0] && hn__glob_match(pat, name);
            if (negative && m)
                return 0;
            if (!negative && pat[0]) {
                positives++;
                hit |= m;
            }
        }
        p += n + (p[n] == ':');
    }
    return positives == 0 || hit;
}

static void retain(hn__registry *r, int (*want)(const hn__instance *, size_t, const void *),
                   const void *arg)
{
    size_t out = 0;
    for (size_t i = 0; i < r->count; i++) {
        if (want(&r->items[i], i, arg))
            r->items[out++] = r->items[i];
        else
            free(r->items[i].name);
    }
    r->count = out;
}

static int want_filter(const hn__instance *in, size_t i, const void *arg)
{
    (void)i;
    return keep(arg, in->name);
}

void hn__registry_filter(hn__registry *r, const char *filter)
{
    if (filter && *filter)
        retain(r, want_filter, filter);
}

static int want_shard(const hn__instance *in, size_t i, const void *arg)
{
    const int *s = arg;
    (void)in;
    return (int)(i % (size_t)s[1]) == s[0];
}

void hn__registry_shard(hn__registry *r, int index, int count)
{
    int s[2] = {index, count};
    if (count > 1)
        retain(r, want_shard, s);
}

void hn__registry_free(hn__registry *r)
{
    for (size_t i = 0; i < r->count; i++)
        free(r->items[i].name);
    free(r->items);
    r->items = NULL;
    r->count = 0;
}

static int class_match(const char **pp, char c)
{
    const char *p = *pp + 1;
    int negate = (*p == '!' || *p == '^');
    int hit = 0;
    if (negate)
        p++;
    for (int first = 1; *p && (first || *p != ']'); first = 0, p++) {
        if (p[1] == '-' && p[2] && p[2] != ']') {
            if (c >= p[0] && c <= p[2])
                hit = 1;
            p += 2;
        } else if (*p == c) {
            hit = 1;
        }
    }
    if (*p != ']')
        return -1; /* unterminated: treat '[' literally */
    *pp = p + 1;
    return hit != negate;
}

int hn__glob_match(const char *pat, const char *name)
{
    const char *star = NULL, *resume = NULL;
    while (*name) {
        if (*pat == '*') {
            star = ++pat;
            resume = name;
            continue;
        }
        if (*pat == '[') {
            const char *p = pat;
            int m = class_match(&p, *name);
            if (m == 1) {
                pat = p;
                name++;
                continue;
            }
            if (m == -1 && *name == '[') {
                pat++;
                name++;
                continue;
            }
        } else if (*pat && (*pat == '?' || *pat == *name)) {
            pat++;
            name++;
            continue;
        }
        if (!star)
            return 0;
        pat = star;
        name = ++resume;
    }
    while (*pat == '*')
        pat++;
    return *pat == '\0';
}
