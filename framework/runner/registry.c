/* SPDX-License-Identifier: MIT */
/* registry.c: registration of tests and suites, expansion into instances,
 * filtering and sharding. */
#include "runner/registry.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "base/platform.h"

/* Tests the registry's mapping holds before it first grows (it doubles). */
#define FIRST_TESTS_CAP 512

static int glob_match(const char *pattern, const char *name);

/* Registered tests, in registration order (a list outside the descriptors,
 * so that registering writes nothing into them). */
static hn_test **tests;
static size_t ntests, cap_tests;
static hn_suite *suites;

/* The list lives in a mapping of its own (not the heap), so that the
 * launcher can unmap it: see hn__registry_release_list. */
void hn__test_register(hn_test *t)
{
    if (ntests == cap_tests) {
        size_t cap = cap_tests ? cap_tests * 2 : FIRST_TESTS_CAP;
        void *grown = tests ? hn__platform_remap(tests, cap_tests * sizeof *tests,
                                                 cap * sizeof *tests)
                            : mmap(NULL, cap * sizeof *tests, PROT_READ | PROT_WRITE,
                                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (grown == MAP_FAILED) {
            fputs("honest: out of memory registering tests\n", stderr);
            abort();
        }
        tests = grown;
        cap_tests = cap;
    }
    tests[ntests++] = t;
}

/* The modules whose descriptors were taken: each module's translation units
 * all hand in the same range. */
static hn_test *modules[64];
static size_t nmodules;

void hn__tests_register(hn_test *lo, hn_test *hi)
{
    if (!lo || hi <= lo)
        return;
    for (size_t i = 0; i < nmodules; i++)
        if (modules[i] == lo)
            return;
    if (nmodules < sizeof modules / sizeof *modules)
        modules[nmodules++] = lo;
    else {
        fputs("honest: more than 64 modules hold tests\n", stderr);
        abort();
    }
    for (hn_test *t = lo; t < hi; t++)
        hn__test_register(t);
}

void hn__registry_release_list(void)
{
    if (tests)
        munmap(tests, cap_tests * sizeof *tests);
    tests = NULL;
    ntests = cap_tests = 0;
}

void hn__suite_register(hn_suite *s)
{
    s->hn__next = suites;
    suites = s;
}

int hn__registry_descriptors(uintptr_t *lo, uintptr_t *hi)
{
    if (ntests == 0)
        return -1;
    uintptr_t first = UINTPTR_MAX, last = 0;
    for (size_t i = 0; i < ntests; i++) {
        uintptr_t at = (uintptr_t)tests[i];
        first = at < first ? at : first;
        last = at > last ? at : last;
    }
    *lo = first;
    *hi = last + sizeof(hn_test);
    /* Distinct descriptors that fill the range exactly leave no room for
     * anything else in it (and no allocation is needed to see that). */
    return *hi - *lo == ntests * sizeof(hn_test) ? 0 : -1;
}

static const hn_suite *find_suite(const char *name)
{
    for (const hn_suite *s = suites; s; s = s->hn__next)
        if (!strcmp(s->name, name))
            return s;
    return NULL;
}


/* A declaration of a name: a suite (name NULL) or a test. */
typedef struct decl {
    const char *suite, *name, *file;
    int line;
} decl;

/* strcmp, with the same string (one literal: the tests of one file share
 * their file's name and, often, their suite's) told equal without reading
 * it: sorting 10,000 tests compares them some 130,000 times. */
static int same_or_cmp(const char *x, const char *y)
{
    return x == y ? 0 : strcmp(x, y);
}

static int by_name(const void *a, const void *b)
{
    const decl *x = a, *y = b;
    int c = same_or_cmp(x->suite, y->suite);
    if (!c && x->name)
        c = same_or_cmp(x->name, y->name);
    if (!c)
        c = same_or_cmp(x->file, y->file);
    return c ? c : x->line < y->line ? -1 : x->line > y->line;
}

/* Sorts d by name and place, and reports each declaration after the first
 * of its name. Returns how many it reported. */
static int report_repeats(decl *d, size_t n, FILE *err)
{
    int found = 0;
    qsort(d, n, sizeof *d, by_name);
    for (size_t i = 0, j; i < n; i = j) {
        for (j = i + 1; j < n && !same_or_cmp(d[j].suite, d[i].suite) &&
                        (!d[i].name || !same_or_cmp(d[j].name, d[i].name));
             j++, found++) {
            if (d[i].name)
                fprintf(err,
                        "%s:%d: error: test %s.%s is defined again (first at %s:%d); "
                        "rename one of them\n",
                        d[j].file, d[j].line, d[i].suite, d[i].name, d[i].file, d[i].line);
            else
                fprintf(err,
                        "%s:%d: error: suite %s is declared again (first at %s:%d); "
                        "HN_SUITE may appear once per suite: keep one, or rename one of "
                        "the suites\n",
                        d[j].file, d[j].line, d[i].suite, d[i].file, d[i].line);
        }
    }
    return found;
}

int hn__registry_duplicates(FILE *err)
{
    size_t nsuites = 0, n = 0;
    for (const hn_suite *s = suites; s; s = s->hn__next)
        nsuites++;
    decl *d = malloc((nsuites + ntests + 1) * sizeof *d);
    if (!d) {
        fputs("honest: out of memory checking the names of tests\n", err);
        return 1;
    }
    /* Suites that did not come from HN_SUITE (compat/) have no place. */
    for (const hn_suite *s = suites; s; s = s->hn__next)
        if (s->hn__file)
            d[n++] = (decl){s->name, NULL, s->hn__file, s->hn__line};
    int found = report_repeats(d, n, err);
    for (n = 0; n < ntests; n++)
        d[n] = (decl){tests[n]->suite, tests[n]->name, tests[n]->file, tests[n]->line};
    found += report_repeats(d, n, err);
    free(d);
    return found;
}

static int by_place(const void *a, const void *b)
{
    const hn__instance *x = a, *y = b;
    int c = same_or_cmp(x->test->file, y->test->file);
    if (c)
        return c;
    if (x->test->line != y->test->line)
        return x->test->line < y->test->line ? -1 : 1;
    /* Tests a macro defines on one line: by name, then case. */
    if (x->test != y->test && (c = strcmp(x->test->name, y->test->name)) != 0)
        return c;
    return x->index < y->index ? -1 : x->index > y->index;
}

static size_t case_count(const hn_test *t)
{
    return t->cases ? t->cases->count : 1;
}

int hn__registry_build(hn__registry *r)
{
    size_t n = 0, names = 0;
    for (size_t k = 0; k < ntests; k++)
        for (size_t i = 0; i < case_count(tests[k]); i++, n++)
            names += hn__instance_name(tests[k], i, NULL, 0) + 1;
    /* One mapping of its own, which the launcher can unmap (launcher.c). */
    r->arena_size = n * sizeof *r->items + names + 1;
    r->arena = mmap(NULL, r->arena_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    r->count = 0;
    if (r->arena == MAP_FAILED) {
        r->arena = NULL;
        return -1;
    }
    r->items = r->arena;
    char *name = (char *)r->arena + n * sizeof *r->items;
    size_t left = names + 1;
    for (size_t k = 0; k < ntests; k++) {
        const hn_test *t = tests[k];
        for (size_t i = 0; i < case_count(t); i++) {
            hn__instance *in = &r->items[r->count++];
            in->test = t;
            in->suite = find_suite(t->suite);
            in->index = i;
            in->param = t->cases ? (const char *)t->cases->params + i * t->cases->size : NULL;
            in->name = name;
            size_t len = hn__instance_name(t, i, name, left) + 1;
            name += len;
            left -= len;
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
            int m = pat[0] && glob_match(pat, name);
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
    if (r->arena)
        munmap(r->arena, r->arena_size);
    r->arena = NULL;
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

/* Glob matching: '*' any run of characters, '?' one character, '[...]' a
 * class. Returns 1 when name matches pattern. */
static int glob_match(const char *pat, const char *name)
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
