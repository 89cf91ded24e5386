/* SPDX-License-Identifier: MIT */
/* test_fetch.c: the epoll client of fetch.c (libcurl's multi interface,
 * socket and timer callbacks) tested from recorded answers with
 * HN_HTTP_FIXTURES: no network, and fetch.c does not change. */
#include <honest.h>

#include <curl/curl.h>
#include <stdlib.h>

#include "fetch.h"

static void free_all(mf_result *r, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(r[i].body);
}

HN_TEST(fetch, several_urls_at_once)
{
    HN_HTTP_FIXTURES("fixtures/item_1.json", "fixtures/item_2.json", "fixtures/item_3.json");
    const char *urls[] = {"https://shop.example.com/v1/items/1",
                          "https://shop.example.com/v1/items/2",
                          "https://shop.example.com/v1/items/3"};
    mf_result r[3];
    HN_ASSERT_EQ(mf_fetch_all(urls, 3, r), 0);
    for (int i = 0; i < 3; i++) {
        HN_CHECK_EQ(r[i].code, CURLE_OK);
        HN_CHECK_EQ(r[i].status, 200);
        HN_CHECK_EQ(r[i].order, i); /* all ready at once: finished in the order added */
    }
    HN_CHECK_JSON_EQ(r[1].body, "{\"id\": 2, \"name\": \"item 2\"}");
    HN_CHECK_EQ(hn_http_request_count(), 3);
    free_all(r, 3);
}

HN_TEST(fetch, errors_come_back_per_url)
{
    HN_HTTP_FIXTURES("fixtures/item_1.json", "fixtures/item_404.json", "fixtures/down.json");
    const char *urls[] = {"https://stock.example.com/v1/stock",
                          "https://shop.example.com/v1/items/999",
                          "https://shop.example.com/v1/items/1"};
    mf_result r[3];
    HN_ASSERT_EQ(mf_fetch_all(urls, 3, r), 0);
    HN_CHECK_EQ(r[0].code, CURLE_COULDNT_CONNECT);
    HN_CHECK_EQ(r[1].code, CURLE_OK);
    HN_CHECK_EQ(r[1].status, 404);
    HN_CHECK_JSON_EQ(r[1].body, "{\"error\": \"no such item\"}");
    HN_CHECK_EQ(r[2].status, 200);
    free_all(r, 3);
}
