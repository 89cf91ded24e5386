/* SPDX-License-Identifier: MIT */
/* skip.c: selftest subject with a test skipped by .skip, one skipped at run
 * time by HN_SKIP, and one that runs. */
#include <honest.h>

HN_TEST(skip, declared, .skip = "waiting for issue 12")
{
    HN_FAIL("a test declared skipped must not run");
}

HN_TEST(skip, at_run_time)
{
    HN_LOG("probing the platform");
    HN_SKIP("needs %s", "IPv6");
    HN_FAIL("not reached after HN_SKIP");
}

HN_TEST(skip, runs)
{
    HN_ASSERT(1);
}
