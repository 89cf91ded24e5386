/* SPDX-License-Identifier: MIT */
/* names.c: selftest subject for selection and order: twenty tests in one
 * suite (shuffle, seed, shard, repeat) and a few more in other suites
 * (filter globs, lists and exclusions). Every test passes. */
#include <honest.h>

HN_TEST(twenty, t00)
{
    HN_ASSERT(1);
}

HN_TEST(twenty, t01)
{
    HN_ASSERT(1);
}

HN_TEST(twenty, t02)
{
    HN_ASSERT(1);
}

HN_TEST(twenty, t03)
{
    HN_ASSERT(1);
}

HN_TEST(twenty, t04)
{
    HN_ASSERT(1);
}

HN_TEST(twenty, t05)
{
    HN_ASSERT(1);
}

HN_TEST(twenty, t06)
{
    HN_ASSERT(1);
}

HN_TEST(twenty, t07)
{
    HN_ASSERT(1);
}

HN_TEST(twenty, t08)
{
    HN_ASSERT(1);
}

HN_TEST(twenty, t09)
{
    HN_ASSERT(1);
}

HN_TEST(twenty, t10)
{
    HN_ASSERT(1);
}

HN_TEST(twenty, t11)
{
    HN_ASSERT(1);
}

HN_TEST(twenty, t12)
{
    HN_ASSERT(1);
}

HN_TEST(twenty, t13)
{
    HN_ASSERT(1);
}

HN_TEST(twenty, t14)
{
    HN_ASSERT(1);
}

HN_TEST(twenty, t15)
{
    HN_ASSERT(1);
}

HN_TEST(twenty, t16)
{
    HN_ASSERT(1);
}

HN_TEST(twenty, t17)
{
    HN_ASSERT(1);
}

HN_TEST(twenty, t18)
{
    HN_ASSERT(1);
}

HN_TEST(twenty, t19)
{
    HN_ASSERT(1);
}

HN_TEST(net, connect)
{
    HN_ASSERT(1);
}

HN_TEST(net, slow_read)
{
    HN_ASSERT(1);
}

HN_TEST(net, slow_write)
{
    HN_ASSERT(1);
}

HN_TEST(disk, read)
{
    HN_ASSERT(1);
}
