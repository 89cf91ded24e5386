/* SPDX-License-Identifier: MIT */
/* legacy_test.c: a suite with every kind of double and origin the audit must
 * tell apart: canned JSON typed by hand (a boundary answered by
 * assumption), the same call answered from a recorded fixture, a fake, a
 * spy, a mock, a dummy, a libc function doubled, a double no test uses and a
 * test that asserts nothing. */
#include <honest.h>
#include <honest/fixture.h>

#include <string.h>
#include <unistd.h>

#include "users.h"

HN_DOUBLE(const char *, users_fetch, int);
HN_DOUBLE(int, users_store, const char *);
HN_DOUBLE(int, users_count);
HN_DOUBLE(int, gethostname, char *, size_t);

static int store_ok(const char *name)
{
    (void)name;
    return 0;
}

/* The adapter: users_fetch's answer from the recorded response. */
static const char *fetch_from_fixture(int id)
{
    (void)id;
    return hn_fixture_body(HN_STUB_FIXTURE_OF(users_fetch), HN_RESPONSE, NULL);
}

HN_TEST(legacy, canned_json_typed_by_hand)
{
    char out[64];
    HN_RETURNS(users_fetch, "{\"id\":7,\"name\":\"alice\"}");
    HN_CALLS(users_store, store_ok);
    HN_ASSERT_EQ(users_greet(7, out, sizeof out), 0);
    HN_ASSERT_STR_EQ(out, "Hello, alice");
}

HN_TEST(legacy, answered_from_a_recording)
{
    char out[64];
    HN_STUB_FIXTURE(users_fetch, "fixtures/user_7.json", fetch_from_fixture);
    HN_CALLS_REAL(users_store);
    HN_ASSERT_EQ(users_greet(7, out, sizeof out), 0);
    HN_ASSERT_CALLED(users_store, 1);
}

HN_TEST(legacy, store_is_told_the_greeting)
{
    char out[64];
    HN_RETURNS(users_fetch, "{\"id\":8,\"name\":\"bob\"}");
    HN_EXPECT_CALL(users_store, hn_str_eq("Hello, bob"), .returns = 0);
    HN_ASSERT_EQ(users_greet(8, out, sizeof out), 0);
}

HN_TEST(legacy, a_dummy_and_the_host_name)
{
    char name[16];
    HN_RETURNS(gethostname, -1);
    HN_ASSERT_EQ(gethostname(name, sizeof name), -1);
    void *unused = HN_DUMMY(void *);
    HN_ASSERT_NOT_NULL(unused);
}

HN_TEST(legacy, asserts_nothing)
{
    users_store("x");
}
