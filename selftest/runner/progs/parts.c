/* SPDX-License-Identifier: MIT */
/* parts.c: selftest subject with two framework parts of its own
 * (core/module.h): the first's cleanup fails fatally in every test, the
 * second's says that it ran. runner_robust.c checks that the second still
 * cleans up after each test, once, and that the first is not run again. */
#include <honest.h>

#include <stdio.h>

#include "core/context.h"
#include "core/module.h"

static void failing_cleanup(void)
{
    printf("first part cleans up after %s\n", hn__ctx_test_name());
    fflush(stdout);
    HN_FAIL("the first part's cleanup failed");
}

static void saying_cleanup(void)
{
    printf("second part cleaned up after %s\n", hn__ctx_test_name());
    fflush(stdout);
}

static hn__module first_part = {.name = "first", .cleanup = failing_cleanup};
static hn__module second_part = {.name = "second", .cleanup = saying_cleanup};

__attribute__((constructor)) static void register_parts(void)
{
    hn__module_register(&first_part);
    hn__module_register(&second_part);
}

HN_TEST(parts, one)
{
    HN_ASSERT_EQ(1 + 1, 2);
}

HN_TEST(parts, two)
{
    HN_ASSERT_EQ(2 + 2, 4);
}
