/* SPDX-License-Identifier: MIT */
/* session.c: opening, saving and expiring login sessions. */
#include "session.h"

#include <string.h>
#include <unistd.h>

static int valid_user(const char *user)
{
    return user && *user && strlen(user) < sizeof(((session *)0)->user);
}

/* Saves s, waiting 1 s, then 2 s, ... between failed attempts. */
static int save_with_retry(const session *s, const session_store *store)
{
    for (int attempt = 0; attempt < SESSION_SAVE_ATTEMPTS; attempt++) {
        if (attempt > 0)
            sleep(1u << (attempt - 1));
        if (store->save(store->ctx, s->token, s->user, (long)s->expires_at) == 0)
            return SESSION_OK;
    }
    store->log(store->ctx, "session store unavailable");
    return SESSION_ESTORE;
}

int session_open(session *s, const char *user, const session_store *store)
{
    if (!valid_user(user))
        return SESSION_EINVAL;
    session next;
    if (token_new(next.token, sizeof next.token) != 0)
        return SESSION_ETOKEN;
    strcpy(next.user, user);
    next.expires_at = time(NULL) + SESSION_TTL_S;
    int rc = save_with_retry(&next, store);
    if (rc == SESSION_OK)
        *s = next;
    return rc;
}

int session_expired(const session *s)
{
    return time(NULL) >= s->expires_at;
}
