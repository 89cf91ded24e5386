/* SPDX-License-Identifier: MIT */
/* orders_cmocka_test.c: a legacy cmocka suite (moved to honest by its
 * include line) whose mock of the orders service answers with JSON typed
 * by hand in will_return. */
#include <honest/cmocka.h>

#include "shop.h"

const char *orders_fetch(int id)
{
    check_expected(id);
    return mock_ptr_type(const char *);
}

static void total_of_an_order(void **state)
{
    (void)state;
    expect_value(orders_fetch, id, 3);
    will_return(orders_fetch, "{\"id\":3,\"total\":12,"
                              "\"currency\":\"EUR\"}");
    assert_int_equal(shop_number(orders_fetch(3), "total"), 12);
}

static void an_empty_order(void **state)
{
    (void)state;
    expect_value(orders_fetch, id, 4);
    will_return(orders_fetch, "{\"id\":4,\"total\":0}"); /* "total": 0 */
    assert_int_equal(shop_number(orders_fetch(4), "total"), 0);
}

int main(void)
{
    const struct CMUnitTest orders[] = {
        cmocka_unit_test(total_of_an_order),
        cmocka_unit_test(an_empty_order),
    };
    return cmocka_run_group_tests(orders, NULL, NULL);
}
