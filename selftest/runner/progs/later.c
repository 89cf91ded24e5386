/* SPDX-License-Identifier: MIT */
/* later.c: selftest subject: a quick test, a slow one (3 s), then enough
 * quick ones to stay queued behind it with --jobs=1. */
#include <honest.h>

#include <unistd.h>

HN_TEST(later, a_quick)
{
    HN_ASSERT(1);
}

HN_TEST(later, b_sleeps)
{
    HN_ASSERT(1);
    sleep(3);
}

HN_TEST(later, c) { HN_ASSERT(1); }
HN_TEST(later, d) { HN_ASSERT(1); }
HN_TEST(later, e) { HN_ASSERT(1); }
HN_TEST(later, f) { HN_ASSERT(1); }
