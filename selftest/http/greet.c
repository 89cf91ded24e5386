/* SPDX-License-Identifier: MIT */
/* greet.c: a caller of cl_user_name in its own file, as code under test that
 * uses a function a test doubles with HN_DOUBLE and HN_STUB_FIXTURE. */
#include "client.h"

#include <stdio.h>

int cl_greet(const char *id, char *out, size_t size)
{
    char name[64];
    if (cl_user_name(id, name, sizeof name) != 0)
        return -1;
    snprintf(out, size, "Hello, %s", name);
    return 0;
}
