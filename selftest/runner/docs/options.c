/* SPDX-License-Identifier: MIT */
/* options.c: test options, a suite with setup and teardown, and the in-test
 * verbs, as docs/runner.md shows them. */
#include <honest.h>

#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

static int *table;

static void make_table(void)
{
    table = calloc(16, sizeof *table);
}

static void free_table(void)
{
    free(table);
    table = NULL;
}

/* Every test of suite "table" gets a fresh table, and at most 1 s. */
HN_SUITE(table, .setup = make_table, .teardown = free_table, .timeout_ms = 1000);

HN_TEST(table, starts_empty)
{
    HN_ASSERT_NOT_NULL(table);
    HN_ASSERT_EQ(table[0], 0);
}

HN_TEST(table, is_not_ready, .skip = "waiting for the resize code")
{
    HN_FAIL("not run");
}

HN_TEST(table, logs_and_skips)
{
    HN_LOG("table at index 0 holds %d", table[0]);
    if (sysconf(_SC_NPROCESSORS_ONLN) > 0)
        HN_SKIP("shown as skipped, with this reason");
}

HN_TEST(process, aborts_on_purpose, .expect_signal = SIGABRT)
{
    abort();
}

HN_TEST(process, exits_with_3, .expect_exit = 3)
{
    exit(3);
}

HN_TEST(process, hangs, .timeout_ms = 100)
{
    HN_ASSERT(1);
    pause();
}
