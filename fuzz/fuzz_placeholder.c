/* SPDX-License-Identifier: MIT */
/* fuzz_placeholder.c: placeholders: expansion (plain and JSON-escaped) and
 * matching as wildcards. The input is a pattern, a NUL, and a value. Each
 * NAME expands to the value; a pattern expanded with a value that has no
 * stop byte must match what it expanded to; matching is never slow. */
#include <stddef.h>
#include <stdint.h>

#include <honest/fixture.h>

#include "http/http_impl.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *lookup(const char *name, void *data)
{
    (void)name;
    return data;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *pattern, *value;
    size_t np, nv;
    fz_split(data, size, &pattern, &np, &value, &nv);
    hn_fixture_error err;
    char *plain = hn_fixture_expand(pattern, 0, lookup, value, &err);
    free(hn_fixture_expand(pattern, 1, lookup, value, &err));
    hn__http_url_like(pattern, value, nv, "/");
    hn__http_url_like_base(pattern, value, nv, "/");
    hn__http_url_is_placeholder(pattern);
    /* A value that is non-empty, without NUL, '/' or "${", stands for each
     * placeholder in the expansion: the pattern matches it. */
    if (plain && nv && strlen(value) == nv && !strchr(value, '/') && !strstr(value, "${") &&
        !strstr(value, "$${") && !strchr(value, '$') && !strstr(pattern, "$${"))
        if (!hn__http_url_like(pattern, plain, strlen(plain), "/"))
            FZ_FINDING("pattern \"%s\" does not match its own expansion \"%s\"", pattern, plain);
    free(plain);
    free(pattern);
    free(value);
    return 0;
}
