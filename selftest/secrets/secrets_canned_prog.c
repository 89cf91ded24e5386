/* SPDX-License-Identifier: MIT */
/* secrets_canned_prog.c: a legacy suite of the secrets corpus: its double
 * answers with canned JSON that holds the scene's secrets (read from the
 * environment, since they change every run), so that honest audit and
 * honest migrate are searched for them like every other command. */
#include <honest.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *secrets_fetch(int id);
HN_DOUBLE(const char *, secrets_fetch, int);

static char canned[2048];

HN_TEST(canned, session_typed_by_hand)
{
    snprintf(canned, sizeof canned,
             "{\"user\":\"alice\",\"access_token\":\"%s\",\"refresh_token\":\"%s\","
             "\"note\":\"%s\",\"nested\":{\"client_secret\":\"%s\"}}",
             getenv("ACCESS_TOKEN"), getenv("REFRESH_TOKEN"), getenv("TOKEN"),
             getenv("CLIENT_SECRET"));
    HN_RETURNS(secrets_fetch, canned);
    const char *got = secrets_fetch(7);
    HN_ASSERT_NOT_NULL(got);
    HN_ASSERT_STR_CONTAINS(got, "alice");
}
