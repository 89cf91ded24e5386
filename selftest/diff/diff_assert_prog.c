/* SPDX-License-Identifier: MIT */
/* diff_assert_prog.c: a subject program for diff_cli_test.c: tests using
 * HN_ASSERT_JSON_EQ and HN_CHECK_JSON_EQ, several failing on purpose. */
#include <honest.h>
#include <honest/diff.h>

#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

HN_TEST(json, equal_text)
{
    HN_ASSERT_JSON_EQ("{\"a\": [1, 2.0], \"b\": null}", "{\"b\":null,\"a\":[1,2]}");
}

HN_TEST(json, equal_tree)
{
    cJSON *t = cJSON_Parse("[1, {\"k\": \"v\"}]");
    const cJSON *same = t;
    HN_ASSERT_JSON_EQ(t, "[1,{\"k\":\"v\"}]");
    HN_ASSERT_JSON_EQ("[1, {\"k\": \"v\"}]", same);
    HN_ASSERT_JSON_EQ(same, t);
    cJSON_Delete(t);
}

HN_TEST(json, differs)
{
    HN_ASSERT_JSON_EQ("{\"status\": \"error\", \"extra\": 1}", "{\"status\": \"ok\", \"gone\": [1]}");
    HN_FAIL("not reached: a failed HN_ASSERT_JSON_EQ ends the test");
}

HN_TEST(json, checks_go_on)
{
    HN_CHECK_JSON_EQ("[1]", "[2]");
    HN_CHECK_JSON_EQ("{\"n\": \"1\"}", "{\"n\": 1}");
    HN_LOG("after the checks");
}

HN_TEST(json, not_json)
{
    HN_ASSERT_JSON_EQ("{\"a\": tru}", "{}");
}

HN_TEST(json, null_argument)
{
    const char *none = NULL;
    HN_ASSERT_JSON_EQ(none, "{}");
}

HN_TEST(json, many)
{
    char actual[600] = "[", expected[600] = "[";
    for (int i = 0; i < 60; i++) {
        snprintf(actual + strlen(actual), 10, "%s%d", i ? "," : "", i);
        snprintf(expected + strlen(expected), 10, "%s%d", i ? "," : "", i + 100);
    }
    strcat(actual, "]");
    strcat(expected, "]");
    HN_ASSERT_JSON_EQ(actual, expected);
}
