/* SPDX-License-Identifier: MIT */
/* params.c: parameterized tests, as docs/runner.md shows them. */
#include <honest.h>

#include <stdlib.h>

typedef struct parse_case {
    const char *name; /* names the case in reports: "parse.number/hex" */
    const char *text;
    long want;
} parse_case;

static const parse_case numbers[] = {
    {"decimal", "42", 42},
    {"hex", "0x2a", 42},
    {"negative", "-7", -7},
};

HN_TEST_PN(parse, number, parse_case, numbers, name)
{
    HN_ASSERT_EQ(strtol(HN_PARAM->text, NULL, 0), HN_PARAM->want);
}

static const int primes[] = {2, 3, 5, 7};

/* Without a name field, cases are numbered: "parse.prime/0" ... */
HN_TEST_P(parse, prime, int, primes)
{
    HN_ASSERT_GT(*HN_PARAM, 1);
    for (int d = 2; d < *HN_PARAM; d++)
        HN_ASSERT_NE(*HN_PARAM % d, 0);
}
