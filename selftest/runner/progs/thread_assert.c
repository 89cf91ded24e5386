/* SPDX-License-Identifier: MIT */
/* thread_assert.c: selftest subject whose tests start threads that fail a
 * fatal assertion: the statement after the assertion never runs on that
 * thread (it ends), the test's own thread goes on, and the test fails with
 * the assertion's message. */
#include <honest.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static void *assert_eq(void *arg)
{
    (void)arg;
    HN_ASSERT_EQ(1 + 1, 3);
    puts("after HN_ASSERT_EQ on the thread");
    fflush(stdout);
    return (void *)1;
}

static void *assert_not_null(void *arg)
{
    char *p = arg;
    HN_ASSERT_NOT_NULL(p);
    printf("after HN_ASSERT_NOT_NULL on the thread: %c\n", *p);
    fflush(stdout);
    return (void *)1;
}

static void *assert_true(void *arg)
{
    (void)arg;
    HN_ASSERT(arg != NULL);
    puts("after HN_ASSERT on the thread");
    fflush(stdout);
    return (void *)1;
}

static void run_thread(void *(*fn)(void *))
{
    pthread_t t;
    void *ret = (void *)2;
    if (pthread_create(&t, NULL, fn, NULL) != 0)
        HN_FAIL("pthread_create failed");
    pthread_join(t, &ret);
    printf("the test's thread goes on; the thread returned %s\n",
           ret == NULL ? "nothing (it ended early)" : "normally");
    fflush(stdout);
}

HN_TEST(off_thread, assert_eq)
{
    run_thread(assert_eq);
}

HN_TEST(off_thread, assert_not_null)
{
    run_thread(assert_not_null);
}

HN_TEST(off_thread, assert_true)
{
    run_thread(assert_true);
}

/* Checks from two threads at once: each counts, and the last one reached is
 * one of theirs (a data race under ThreadSanitizer before it was atomic). */
static void *check_many(void *arg)
{
    for (int i = 0; i < 20000; i++)
        HN_CHECK_EQ(i % 2 == 0 || i % 2 == 1, 1);
    return arg;
}

HN_TEST(on_threads, checks_from_two_threads)
{
    pthread_t a, b;
    HN_ASSERT_EQ(pthread_create(&a, NULL, check_many, NULL), 0);
    HN_ASSERT_EQ(pthread_create(&b, NULL, check_many, NULL), 0);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
}
