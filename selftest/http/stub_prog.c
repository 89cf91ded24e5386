/* SPDX-License-Identifier: MIT */
/* stub_prog.c: the program selftest/http runs for HN_STUB_FIXTURE: a double of
 * cl_user_name answered from a fixture through an adapter, seen from cl_greet. */
#include <honest.h>
#include <honest/fixture.h>

#include <cjson/cJSON.h>
#include <stdio.h>

#include "client.h"

HN_DOUBLE(int, cl_user_name, const char *, char *, size_t);

/* The adapter: cl_user_name's outputs from the recorded response. */
static int name_from_fixture(const char *id, char *name, size_t size)
{
    const hn_fixture *fx = HN_STUB_FIXTURE_OF(cl_user_name);
    const cJSON *n = cJSON_GetObjectItemCaseSensitive(hn_fixture_json(fx, HN_RESPONSE), "name");
    (void)id;
    if (hn_fixture_status(fx) != 200 || !cJSON_IsString(n))
        return -1;
    snprintf(name, size, "%s", n->valuestring);
    return 0;
}

static int hand_written(const char *id, char *name, size_t size)
{
    (void)id;
    snprintf(name, size, "Grace");
    return 0;
}

HN_TEST(stub, answered_by_adapter)
{
    char out[64];
    HN_STUB_FIXTURE(cl_user_name, "fixtures/user_42.json", name_from_fixture);
    HN_ASSERT_EQ(cl_greet("42", out, sizeof out), 0);
    HN_ASSERT_STR_EQ(out, "Hello, Ada");
    HN_ASSERT_CALLED(cl_user_name, 1);
    HN_ASSERT_STR_EQ(HN_ARG(cl_user_name, 0, 0), "42");
    HN_ASSERT_STR_EQ(hn_fixture_name(HN_STUB_FIXTURE_OF(cl_user_name)), "users.get.42");
}

/* The same recording one level down: the real cl_user_name, its libcurl
 * calls answered by HN_HTTP_FIXTURES. */
HN_TEST(stub, same_fixture_over_http)
{
    char out[64];
    HN_HTTP_FIXTURES("fixtures/user_42.json");
    HN_ASSERT_EQ(cl_greet("42", out, sizeof out), 0);
    HN_ASSERT_STR_EQ(out, "Hello, Ada");
}

HN_TEST(stub, hand_written_fake)
{
    char out[64];
    HN_CALLS(cl_user_name, hand_written);
    HN_ASSERT_EQ(cl_greet("7", out, sizeof out), 0);
    HN_ASSERT_STR_EQ(out, "Hello, Grace");
}

HN_TEST(stub, never_called)
{
    HN_STUB_FIXTURE(cl_user_name, "fixtures/user_42.json", name_from_fixture);
}

HN_TEST(stub, fixture_of_without_stub)
{
    char out[64];
    HN_CALLS(cl_user_name, name_from_fixture);
    cl_greet("42", out, sizeof out);
    HN_FAIL("not reached: HN_STUB_FIXTURE_OF ends the test");
}
