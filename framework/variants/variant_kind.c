/* SPDX-License-Identifier: MIT */
/* variant_kind.c: the kinds of variant by name, variant ids
 * (TEST~FIXTURE~KIND~PATH) and the seeded sample of a test's variants. */
#include "variants/variants.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/rng.h"

static const char *const names[HN__VK_COUNT] = {
    "number_as_string", "string_as_number", "null",       "missing",     "extra_field",
    "reorder",          "empty_array",      "one_element", "long_string", "unicode",
    "truncated",        "malformed",        "status_429", "status_500",  "status_503",
    "slow",             "transport_error",
};

hn__variant_file_places_fn hn__variant_file_places;

const char *hn__vkind_name(int k)
{
    return k >= 0 && k < HN__VK_COUNT ? names[k] : "?";
}

int hn__vkind_parse(const char *name)
{
    for (int k = 0; k < HN__VK_COUNT; k++)
        if (!strcmp(names[k], name))
            return k;
    return -1;
}

static void list_kinds(hn__buf *b)
{
    for (int k = 0; k < HN__VK_COUNT; k++)
        hn__buf_printf(b, "%s%s", k ? ", " : "", names[k]);
}

int hn__vkind_list_parse(const char *list, uint32_t *mask, char *err, size_t errlen)
{
    *mask = 0;
    if (!list || !*list || !strcmp(list, "all")) {
        *mask = HN__VK_ALL;
        return 0;
    }
    for (const char *p = list; *p;) {
        size_t n = strcspn(p, ",");
        char word[64];
        snprintf(word, sizeof word, "%.*s", (int)(n < sizeof word ? n : sizeof word - 1), p);
        int k = hn__vkind_parse(word);
        if (k < 0) {
            hn__buf b = {0};
            hn__buf_printf(&b, "'%s' is not a kind of variant; the kinds are: ", word);
            list_kinds(&b);
            snprintf(err, errlen, "%s", hn__buf_str(&b));
            hn__buf_free(&b);
            return -1;
        }
        *mask |= 1u << k;
        p += n + (p[n] == ',');
    }
    return 0;
}

char *hn__variant_id_format(const char *test, const char *fixture, hn__vkind kind,
                            const char *path)
{
    hn__buf b = {0};
    const char *parts[] = {test, "~", fixture, "~", hn__vkind_name(kind), "~", path};
    for (size_t i = 0; i < sizeof parts / sizeof *parts; i++)
        hn__buf_puts(&b, parts[i]);
    return hn__buf_take(&b);
}

static char *part(const char *s, size_t n)
{
    char *p = strndup(s, n);
    if (!p) {
        fputs("honest: out of memory\n", stderr);
        abort();
    }
    return p;
}

int hn__variant_id_parse(const char *text, hn__variant_id *id, char *err, size_t errlen)
{
    static const char shape[] =
        "; a variant id is TEST~FIXTURE~KIND~PATH, as --variants prints it "
        "(e.g. weather.current~fixtures/w.json~number_as_string~$.main.temp)";
    memset(id, 0, sizeof *id);
    const char *a = strchr(text, '~'), *b = a ? strchr(a + 1, '~') : NULL;
    const char *c = b ? strchr(b + 1, '~') : NULL;
    if (!c || a == text || b == a + 1 || c[1] != '$') {
        snprintf(err, errlen, "'%s' is not a variant id%s", text, shape);
        return -1;
    }
    char *kind = part(b + 1, (size_t)(c - b - 1));
    int k = hn__vkind_parse(kind);
    if (k < 0) {
        snprintf(err, errlen, "'%s' in variant id '%s' is not a kind of variant%s", kind, text,
                 shape);
        free(kind);
        return -1;
    }
    free(kind);
    id->test = part(text, (size_t)(a - text));
    id->fixture = part(a + 1, (size_t)(b - a - 1));
    id->kind = (hn__vkind)k;
    id->path = part(c + 1, strlen(c + 1));
    return 0;
}

void hn__variant_id_free(hn__variant_id *id)
{
    free(id->test);
    free(id->fixture);
    free(id->path);
    memset(id, 0, sizeof *id);
}

int hn__variant_fixture_is(const char *path, const char *shown)
{
    size_t n = strlen(path), m = strlen(shown);
    if (!strcmp(path, shown))
        return 1;
    return n > m && path[n - m - 1] == '/' && !strcmp(path + n - m, shown);
}

static int by_value(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

size_t hn__variant_sample(size_t n, size_t max, uint64_t seed, const char *salt, size_t *out)
{
    if (n <= max) {
        for (size_t i = 0; i < n; i++)
            out[i] = i;
        return n;
    }
    /* FNV-1a of the salt: each test draws from its own stream of the seed. */
    uint64_t state = seed ^ 0xcbf29ce484222325ull;
    for (const char *p = salt; *p; p++)
        state = (state ^ (unsigned char)*p) * 0x100000001b3ull;
    size_t *all = malloc(n * sizeof *all);
    if (!all) {
        fputs("honest: out of memory\n", stderr);
        abort();
    }
    for (size_t i = 0; i < n; i++)
        all[i] = i;
    hn__rng_shuffle(all, n, &state);
    memcpy(out, all, max * sizeof *out);
    free(all);
    qsort(out, max, sizeof *out, by_value);
    return max;
}

/* Here rather than in variant_place.c: the runner frees places without
 * linking the code that makes them. */
void hn__variant_places_free(hn__variant_place *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(p[i].path);
    free(p);
}
