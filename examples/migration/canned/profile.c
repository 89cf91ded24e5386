/* SPDX-License-Identifier: MIT */
/* profile.c: the line a profile page shows, from the users API's JSON. */
#include "profile.h"

#include <cjson/cJSON.h>
#include <stdio.h>

int profile_line(int id, char *out, size_t size)
{
    const char *text = users_fetch(id);
    cJSON *user = text ? cJSON_Parse(text) : NULL;
    const cJSON *name = cJSON_GetObjectItemCaseSensitive(user, "name");
    const cJSON *plan = cJSON_GetObjectItemCaseSensitive(user, "plan");
    int rc = -1;
    if (cJSON_IsString(name) && cJSON_IsString(plan)) {
        snprintf(out, size, "%s (%s)", name->valuestring, plan->valuestring);
        rc = 0;
    }
    cJSON_Delete(user);
    return rc;
}
