/* SPDX-License-Identifier: MIT */
/* instance.c: the names of runnable tests. */
#include "core/instance.h"

#include <stdio.h>
#include <string.h>

/* The label of case i: its name field when the test names its cases, else
 * the index (written into idx). */
static const char *case_label(const hn_test *t, size_t i, char idx[32])
{
    snprintf(idx, 32, "%zu", i);
    if (t->cases->name_at >= 0) {
        const char *base = (const char *)t->cases->params + i * t->cases->size;
        const char *field;
        memcpy(&field, base + t->cases->name_at, sizeof field);
        if (field && *field)
            return field;
    }
    return idx;
}

/* What snprintf(dst, cap, "%s.%s", a, b) does, without parsing a format:
 * the registry names every test twice at start-up. */
static size_t join_dot(char *dst, size_t cap, const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (cap > 0) {
        size_t at = 0, n;
        n = la < cap - 1 ? la : cap - 1;
        memcpy(dst, a, n);
        at = n;
        if (at < cap - 1)
            dst[at++] = '.';
        n = lb < cap - 1 - at ? lb : cap - 1 - at;
        memcpy(dst + at, b, n);
        dst[at + n] = '\0';
    }
    return la + 1 + lb;
}

size_t hn__instance_name(const hn_test *t, size_t i, char *dst, size_t cap)
{
    char idx[32];
    if (!t->cases)
        return join_dot(dst, cap, t->suite, t->name);
    return (size_t)snprintf(dst, cap, "%s.%s/%s", t->suite, t->name, case_label(t, i, idx));
}
