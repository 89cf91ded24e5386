/* SPDX-License-Identifier: MIT */
/* instance.h: one runnable test as every component sees it; the runner's
 * registry (runner/registry.c) makes them. */
#ifndef HN_INSTANCE_H
#define HN_INSTANCE_H

#include <stddef.h>

#include <honest/test.h>

/* One runnable test: a plain test, or one case of a parameterized test. */
typedef struct hn__instance {
    const hn_test *test;
    const hn_suite *suite; /* NULL when the suite has no HN_SUITE */
    const void *param;     /* the case, or NULL */
    size_t index;          /* case index */
    const char *name;      /* "suite.name" or "suite.name/CASE", in the arena */
} hn__instance;

/* Writes the name of case i of t ("suite.name", or "suite.name/CASE" for a
 * parameterized test, CASE its name field or its index) into dst (cap
 * bytes, may be 0 to measure); returns its length, as snprintf does. */
size_t hn__instance_name(const hn_test *t, size_t i, char *dst, size_t cap);

#endif
