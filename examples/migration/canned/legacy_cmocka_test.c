/* SPDX-License-Identifier: MIT */
/* legacy_cmocka_test.c: the same client's older cmocka suite (moved to
 * honest by its include line): its mock of users_fetch answers with JSON
 * typed by hand in will_return. honest audit finds it with its line,
 * honest migrate writes it as a fixture (the request from the id that
 * check_expected saw) and prints the patch to will_return. */
#include <honest/cmocka.h>

#include "profile.h"

const char *users_fetch(int id)
{
    check_expected(id);
    return mock_ptr_type(const char *);
}

static void shows_name_and_plan(void **state)
{
    char line[128];
    (void)state;
    expect_value(users_fetch, id, 42);
    will_return(users_fetch, "{\"id\":42,\"name\":\"Ada Lovelace\",\"plan\":\"pro\"}");
    assert_int_equal(profile_line(42, line, sizeof line), 0);
    assert_string_equal(line, "Ada Lovelace (pro)");
}

int main(void)
{
    const struct CMUnitTest profile_cmocka[] = {
        cmocka_unit_test(shows_name_and_plan),
    };
    return cmocka_run_group_tests(profile_cmocka, NULL, NULL);
}
