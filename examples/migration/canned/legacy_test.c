/* SPDX-License-Identifier: MIT */
/* legacy_test.c: the suite as the team wrote it: users_fetch stubbed with
 * JSON typed by hand from the API's documentation, years ago. The suite is
 * green; honest audit shows what that green rests on, honest migrate turns
 * the typed JSON into fixtures, and honest verify compares them with the live
 * API (migrate-demo.sh, a step of run-examples). */
#include <honest.h>

#include "profile.h"

HN_DOUBLE(const char *, users_fetch, int);

HN_TEST(profile, shows_name_and_plan)
{
    char line[128];
    HN_RETURNS(users_fetch, "{\"id\":42,\"name\":\"Ada Lovelace\",\"email\":\"ada@example.org\",\"plan\":\"pro\"}");
    HN_ASSERT_EQ(profile_line(42, line, sizeof line), 0);
    HN_ASSERT_STR_EQ(line, "Ada Lovelace (pro)");
}

HN_TEST(profile, a_user_without_a_plan_is_an_error)
{
    char line[128];
    HN_RETURNS(users_fetch, "{\"id\":7,\"name\":\"Grace\"}");
    HN_ASSERT_EQ(profile_line(7, line, sizeof line), -1);
}
