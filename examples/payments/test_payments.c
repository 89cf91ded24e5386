/* SPDX-License-Identifier: MIT */
/* test_payments.c: the payments client against a recorded answer. It passes
 * as it is; `--variants` finds that an amount sent as a string is read as 0
 * (docs/variants.md), because the test says the client must tolerate it. */
#include <honest.h>

#include "payments.h"

#define BASE "https://pay.example.com"

HN_TEST(payments, amount_is_read)
{
    /* The API allows the amount as a number or as a decimal string. */
    HN_VARIANTS_EXPECT("number_as_string@$.amount", HN_TOLERATE);
    /* Fields it does not know, and their order, must not matter. */
    HN_VARIANTS_EXPECT("extra_field", HN_TOLERATE);
    HN_VARIANTS_EXPECT("reorder", HN_TOLERATE);
    /* An error from the service must not pass for a payment. */
    HN_VARIANTS_EXPECT("status_503", HN_NOTICE);
    HN_VARIANTS_EXPECT("transport_error", HN_NOTICE);
    HN_VARIANTS_EXPECT("slow", HN_NOTICE);
    HN_HTTP_FIXTURES("fixtures/payment_ok.json");
    pay_payment p;
    char err[256] = "";
    HN_ASSERT_STR_EQ(pay_get(BASE, "pay_123", &p, err, sizeof err) == 0 ? "ok" : err, "ok");
    HN_ASSERT_STR_EQ(p.id, "pay_123");
    HN_ASSERT_NEAR(p.amount, 12.50, 1e-9);
    HN_ASSERT_STR_EQ(p.currency, "EUR");
    HN_ASSERT_STR_EQ(p.status, "settled");
}
