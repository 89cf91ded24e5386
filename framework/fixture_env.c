/* SPDX-License-Identifier: MIT */
/* fixture_env.c: ${NAME} placeholders in a fixture's request: finding them
 * and filling them from the environment when a request is sent live. */
#include "fixture_impl.h"

#include "buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int name_start(char ch)
{
    return ch == '_' || ((ch | 0x20) >= 'a' && (ch | 0x20) <= 'z');
}

static int name_char(char ch)
{
    return name_start(ch) || (ch >= '0' && ch <= '9');
}

/* Length of the NAME of a well-formed "${NAME}" at s, or 0. */
static size_t placeholder_at(const char *s)
{
    if (s[0] != '$' || s[1] != '{' || !name_start(s[2]))
        return 0;
    size_t n = 3;
    while (name_char(s[n]))
        n++;
    return s[n] == '}' ? n - 2 : 0;
}

size_t hn__fixture_env_scan(const char *s, void (*found)(const char *, size_t, void *),
                            void *data)
{
    for (size_t i = 0; s[i]; i++) {
        if (s[i] != '$')
            continue;
        if (s[i + 1] == '$' && s[i + 2] == '{') {
            i += 2; /* "$${" is a literal "${" */
            continue;
        }
        if (s[i + 1] != '{')
            continue;
        size_t n = placeholder_at(s + i);
        if (!n)
            return i + 1;
        found(s + i + 2, n, data);
        i += n + 2;
    }
    return 0;
}

static const char *env_lookup(const char *name, void *data)
{
    (void)data;
    return getenv(name);
}

/* Writes s to b with placeholders filled; returns 0 or -1 with *err. */
static int expand_into(hn__buf *b, const char *s, int json_escape, hn_fixture_lookup lookup,
                       void *data, hn_fixture_error *err)
{
    for (size_t i = 0; s[i]; i++) {
        if (s[i] == '$' && s[i + 1] == '$' && s[i + 2] == '{') {
            hn__buf_puts(b, "${");
            i += 2;
            continue;
        }
        if (s[i] != '$' || s[i + 1] != '{') {
            hn__buf_add(b, s + i, 1);
            continue;
        }
        size_t n = placeholder_at(s + i);
        if (!n)
            return hn__fixture_errorf(err, HN_FIXTURE_E_PLACEHOLDER, NULL, 0, 0,
                                      "malformed placeholder \"%.20s\"; expected ${NAME} with "
                                      "NAME made of letters, digits and _ (write $${ for a "
                                      "literal ${)", s + i);
        char name[256];
        snprintf(name, sizeof name, "%.*s", (int)n, s + i + 2);
        const char *value = lookup(name, data);
        if (!value)
            return hn__fixture_errorf(err, HN_FIXTURE_E_PLACEHOLDER, NULL, 0, 0,
                                      "environment variable %s is not set; the request uses "
                                      "${%s}: set it (export %s=...) before sending the "
                                      "request live", name, name, name);
        if (json_escape)
            hn__buf_escape_json(b, value, strlen(value));
        else
            hn__buf_puts(b, value);
        i += n + 2;
    }
    return 0;
}

char *hn_fixture_expand(const char *s, int json_escape, hn_fixture_lookup lookup, void *data,
                        hn_fixture_error *err)
{
    hn__buf b = {0};
    if (expand_into(&b, s, json_escape, lookup ? lookup : env_lookup, data, err)) {
        hn__buf_free(&b);
        return NULL;
    }
    return hn__buf_take(&b);
}
