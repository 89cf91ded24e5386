/* SPDX-License-Identifier: MIT */
/* prices_fff_test.c: a legacy fff suite (moved to honest by its include
 * line) whose fakes answer with JSON typed by hand: in return_val, and in
 * the body of a custom_fake. */
#include <honest/fff.h>
DEFINE_FFF_GLOBALS;
#include <honest.h>

#include "shop.h"

FAKE_VALUE_FUNC(const char *, prices_fetch, int);
FAKE_VALUE_FUNC(const char *, stock_fetch, const char *);

/* The stock service, as the team remembered it ('}' and "//" in a
 * comment must not confuse a scanner: "{\"sku\":\"zz\"}"). */
static const char *stock_canned(const char *sku)
{
    (void)sku;
    return "{\"sku\":\"a1\",\"count\":4,"
           "\"warehouse\":\"north\\u00e9\"}";
}

HN_TEST(prices, a_price)
{
    prices_fetch_fake.return_val = "{\"sku\":1,\"price\":5}";
    HN_ASSERT_EQ(shop_number(prices_fetch(1), "price"), 5);
}

HN_TEST(prices, stock_from_a_custom_fake)
{
    stock_fetch_fake.custom_fake = stock_canned;
    HN_ASSERT_EQ(shop_number(stock_fetch("a1"), "count"), 4);
    HN_ASSERT_EQ(stock_fetch_fake.call_count, 1u);
}

/* Character literals holding quotes and braces, and a macro holding JSON:
 * neither is canned data of a fake, and neither may derail the scan. */
#define NOT_CANNED "{\"sku\":\"macro\"}"
HN_TEST(prices, quotes_and_braces_in_characters)
{
    const char open = '{', quote = '"', close = '}', *text = NOT_CANNED;
    HN_ASSERT_EQ(shop_number("{\"n\":1}", "n") + (open != quote) + (close != quote), 3);
    HN_ASSERT_STR_CONTAINS(text, "macro");
}
