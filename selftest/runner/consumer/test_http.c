/* SPDX-License-Identifier: MIT */
/* test_http.c: a consumer's test under HN_HTTP_FIXTURES, built against the
 * installed libhonest.so and libhonest_http (runner_install). */
#include <honest.h>

#include <curl/curl.h>
#include <string.h>

static size_t keep(char *data, size_t size, size_t n, void *out)
{
    size_t len = strlen(out), add = size * n;
    if (len + add >= 64)
        return 0;
    memcpy((char *)out + len, data, add);
    ((char *)out)[len + add] = '\0';
    return add;
}

HN_TEST(http, answers_from_the_fixture)
{
    HN_ASSERT_EQ(HN_HTTP_FIXTURES("fixtures/item.json"), 1);
    char body[64] = "";
    long status = 0;
    CURL *c = curl_easy_init();
    HN_ASSERT_NOT_NULL(c);
    curl_easy_setopt(c, CURLOPT_URL, "https://api.example.com/v1/items/42");
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, keep);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, body);
    HN_CHECK_EQ(curl_easy_perform(c), CURLE_OK);
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_cleanup(c);
    HN_CHECK_EQ(status, 200);
    HN_CHECK_STR_EQ(body, "{\"id\":42}");
}
