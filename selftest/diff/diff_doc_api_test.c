/* SPDX-License-Identifier: MIT */
/* diff_doc_api_test.c: calls print_drift, the C API example of docs/diff.md
 * built as written (CMakeLists.txt extracts it), on response bodies. */
#include <honest.h>

#include <cjson/cJSON.h>
#include <stddef.h>

#include <honest/diff.h>

size_t print_drift(const struct cJSON *fixture_body, const struct cJSON *live_body);

static size_t drift(const char *fixture, const char *live)
{
    cJSON *a = cJSON_Parse(fixture), *b = cJSON_Parse(live);
    HN_ASSERT_NOT_NULL(a);
    HN_ASSERT_NOT_NULL(b);
    size_t n = print_drift(a, b);
    cJSON_Delete(a);
    cJSON_Delete(b);
    return n;
}

HN_TEST(diff_doc_api, same_shape_is_no_drift)
{
    /* Other values, same shape and the same status: nothing to print. */
    HN_ASSERT_EQ(drift("{\"status\": \"ok\", \"id\": 1, \"tags\": [\"a\"]}",
                       "{\"status\": \"ok\", \"id\": 7, \"tags\": [\"b\", \"c\"]}"),
                 0u);
}

HN_TEST(diff_doc_api, status_value_and_a_type_change_are_drift)
{
    /* The status is compared by value (its rule is under the root); the id
     * sent as a string is a change of shape. */
    HN_ASSERT_EQ(drift("{\"status\": \"ok\", \"id\": 1}", "{\"status\": \"gone\", \"id\": \"1\"}"),
                 2u);
}
