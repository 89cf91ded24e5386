/* SPDX-License-Identifier: MIT */
/* kinds.c: subject of runner_outcomes.every_kind_of_operand_keeps_its_value:
 * comparisons with an operand of every kind honest compares (each integer
 * type, enums, characters, _Bool, each floating type, pointers, arrays,
 * functions), passed through the one call an assertion makes. */
#include <honest.h>

#include <limits.h>
#include <stddef.h>

enum color { RED = -2, BLUE = 7 };

static int answer(void)
{
    return 42;
}

/* Every comparison holds: a value read back as the wrong type would not. */
HN_TEST(kinds, every_comparison_holds)
{
    _Bool b = 1;
    char c = 'q';
    signed char sc = -5;
    unsigned char uc = 250;
    short s = -300;
    unsigned short us = 65000;
    int i = INT_MIN;
    unsigned u = UINT_MAX;
    long l = LONG_MIN;
    unsigned long ul = ULONG_MAX;
    long long ll = LLONG_MIN;
    unsigned long long ull = ULLONG_MAX;
    float f = 1.5f;
    double d = -2.25;
    long double ld = 3.75L;
    enum color e = RED;
    size_t z = 12345;
    static int arr[2];
    int (*fp)(void) = answer;
    const char *str = NULL;
    HN_CHECK_EQ(b, 1);
    HN_CHECK_EQ(c, 'q');
    HN_CHECK_EQ(sc, -5);
    HN_CHECK_EQ(uc, 250);
    HN_CHECK_EQ(s, -300);
    HN_CHECK_EQ(us, 65000);
    HN_CHECK_EQ(i, INT_MIN);
    HN_CHECK_EQ(u, UINT_MAX);
    HN_CHECK_EQ(l, LONG_MIN);
    HN_CHECK_EQ(ul, ULONG_MAX);
    HN_CHECK_EQ(ll, LLONG_MIN);
    HN_CHECK_EQ(ull, ULLONG_MAX);
    HN_CHECK_EQ(f, 1.5);
    HN_CHECK_EQ(d, -2.25f);
    HN_CHECK_EQ(ld, 3.75L);
    HN_CHECK_EQ(e, RED);
    HN_CHECK_EQ(z, 12345);
    HN_CHECK_EQ(arr, &arr[0]);
    HN_CHECK_EQ(fp, answer);
    HN_CHECK_EQ(str, NULL);
    HN_CHECK_LT(sc, uc);
    HN_CHECK_GT(ull, ll);
    HN_CHECK_LE(ld, 3.75);
    HN_CHECK_NE(i, u);
}

/* Every comparison fails, printing both values. */
HN_TEST(kinds, every_value_is_printed)
{
    _Bool b = 1;
    char c = 'q';
    signed char sc = -5;
    unsigned short us = 65000;
    long l = LONG_MIN;
    unsigned long long ull = ULLONG_MAX;
    float f = 1.5f;
    long double ld = 3.75L;
    enum color e = BLUE;
    HN_CHECK_EQ(b, 0);
    HN_CHECK_EQ(c, 'r');
    HN_CHECK_EQ(sc, 5);
    HN_CHECK_EQ(us, 1);
    HN_CHECK_EQ(l, 0);
    HN_CHECK_EQ(ull, 0);
    HN_CHECK_EQ(f, 2.5);
    HN_CHECK_EQ(ld, -1.25L);
    HN_CHECK_EQ(e, RED);
    HN_CHECK_EQ((void *)0x10, NULL);
}
