/* SPDX-License-Identifier: MIT */
/* users.c: the subject library: a greeting from the users service's answer. */
#include "users.h"

#include <stdio.h>
#include <string.h>

int users_greet(int id, char *out, unsigned size)
{
    const char *body = users_fetch(id);
    const char *n = body ? strstr(body, "\"name\":\"") : NULL;
    if (!n)
        return -1;
    n += 8;
    const char *end = strchr(n, '"');
    if (!end)
        return -1;
    snprintf(out, size, "Hello, %.*s", (int)(end - n), n);
    return users_store(out);
}
