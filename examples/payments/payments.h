/* SPDX-License-Identifier: MIT */
/* payments.h: a small client of a payments service (GET /v1/payments/ID),
 * on libcurl and cJSON. Its amount parsing has the bug docs/variants.md is
 * about: an amount sent as a string ("12.50") is read as 0, silently. */
#ifndef PAYMENTS_H
#define PAYMENTS_H

#include <stddef.h>

typedef struct pay_payment {
    char id[32];
    double amount;
    char currency[4];
    char status[16];
} pay_payment;

/* Fetches payment `id` from the service at base_url into *out. Returns 0, or
 * -1 with a one-line reason in err (errlen bytes): the transfer failed, the
 * service answered with an error status, or the answer is not a payment. */
int pay_get(const char *base_url, const char *id, pay_payment *out, char *err, size_t errlen);

#endif
