/* SPDX-License-Identifier: MIT */
/* test_library.c: a consumer's test that calls the fixture library, the
 * differ and the last-verified state through their own headers, built
 * against the installed headers and libhonest.so (runner_install). */
#include <honest.h>
#include <honest/diff.h>
#include <honest/fixture.h>
#include <honest/verify.h>

#include <cjson/cJSON.h>

HN_TEST(library, reads_a_fixture_compares_and_looks_up_its_state)
{
    const hn_fixture *fx = HN_FIXTURE("fixtures/item.json");
    HN_ASSERT_EQ(hn_fixture_status(fx), 200);
    HN_CHECK_STR_EQ(hn_fixture_header(fx, HN_RESPONSE, "content-type"), "application/json");
    /* A cJSON tree in HN_ASSERT_JSON_EQ: <honest/diff.h> is included. */
    const cJSON *body = hn_fixture_json(fx, HN_RESPONSE);
    HN_ASSERT_JSON_EQ(body, "{\"id\": 42}");
    hn_diff *d = hn_diff_text("{\"id\": 42}", "{\"id\": \"42\"}", NULL, NULL);
    HN_ASSERT_NOT_NULL(d);
    HN_ASSERT_EQ(hn_diff_count(d), 1);
    HN_CHECK_STR_EQ(hn_diff_kind_word(hn_diff_at(d, 0)->kind), "type_changed");
    hn_diff_free(d);
    hn_verified_entry v;
    HN_CHECK_EQ(hn_verified_lookup(hn_fixture_path(fx), &v, NULL), 0);
}
