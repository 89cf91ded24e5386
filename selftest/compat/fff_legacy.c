/* SPDX-License-Identifier: MIT */
/* fff_legacy.c: the parts of fff.h that older suites and fff's own tests
 * name directly: the numbered forms (FAKE_VALUE_FUNC2...), and
 * CUSTOM_FFF_FUNCTION_TEMPLATE to declare arrays of custom fakes. Honest
 * tests with no setup; run whole by CTest and by compat_test.c with
 * --no-fork, where every test must see fakes the runner reset. */
#include <honest.h>

#include <stdarg.h>
#include <string.h>

#include <honest/fff.h>

DEFINE_FFF_GLOBALS;

FAKE_VOID_FUNC0(ping);
FAKE_VALUE_FUNC2(int, add2, int, int);
FAKE_VOID_FUNC2_VARARG(say, const char *, ...);
FAKE_VALUE_FUNC3_VARARG(int, sum3, const char *, int, ...);
/* fff's split, numbered: declared (as a header would), then defined. */
DECLARE_FAKE_VALUE_FUNC1(long, scale, long);
DEFINE_FAKE_VALUE_FUNC1(long, scale, long);
DECLARE_FAKE_VOID_FUNC3(put3, char, char, char);
DEFINE_FAKE_VOID_FUNC3(put3, char, char, char);

HN_TEST(fff_legacy, numbered_forms_record_and_answer)
{
    ping();
    add2_fake.return_val = 7;
    HN_ASSERT_EQ(add2(3, 4), 7);
    say("%d", 5);
    scale_fake.return_val = 10;
    HN_ASSERT_EQ(scale(2), 10);
    put3('a', 'b', 'c');
    HN_ASSERT_EQ(ping_fake.call_count, 1u);
    HN_ASSERT_EQ(add2_fake.arg1_val, 4);
    HN_ASSERT_STR_EQ(say_fake.arg0_val, "%d");
    HN_ASSERT_EQ(scale_fake.arg0_history[0], 2);
    HN_ASSERT_EQ(put3_fake.arg2_val, 'c');
    HN_ASSERT_EQ(fff.call_history_idx, 5u);
    HN_ASSERT(fff.call_history[0] == (fff_function_t)ping);
    HN_ASSERT(fff.call_history[4] == (fff_function_t)put3);
}

static int sum_plus(const char *tag, int first, va_list ap)
{
    (void)tag;
    for (int v; (v = va_arg(ap, int)) != 0;)
        first += v;
    return first;
}

static int sum_minus(const char *tag, int first, va_list ap)
{
    (void)tag;
    for (int v; (v = va_arg(ap, int)) != 0;)
        first -= v;
    return first;
}

HN_TEST(fff_legacy, custom_fake_sequence_declared_with_the_template)
{
    CUSTOM_FFF_FUNCTION_TEMPLATE(int, fakes[], const char *, int, va_list) = {sum_plus,
                                                                              sum_minus};
    SET_CUSTOM_FAKE_SEQ(sum3, fakes, 2);
    HN_ASSERT_EQ(sum3("a", 1, 2, 3, 0), 6);
    HN_ASSERT_EQ(sum3("b", 10, 2, 3, 0), 5);
    /* Exhausted: the last one answers again. */
    HN_ASSERT_EQ(sum3("c", 10, 1, 0), 9);
    HN_ASSERT_EQ(sum3_fake.return_val_history[0], 6);
    HN_ASSERT_EQ(sum3_fake.return_val_history[2], 9);
}

static void noop(void)
{
}

static int always_42(int a, int b)
{
    (void)a, (void)b;
    return 42;
}

/* Both leave custom fakes set; in one process (--no-fork), whichever runs
 * second still starts with none, because the runner resets every fake. */
HN_TEST(fff_legacy, custom_fakes_cleared_first)
{
    HN_ASSERT(ping_fake.custom_fake == NULL);
    HN_ASSERT(add2_fake.custom_fake_seq == NULL);
    HN_ASSERT_EQ(add2_fake.custom_fake_seq_len, 0);
    ping_fake.custom_fake = noop;
    add2_fake.custom_fake = always_42;
    HN_ASSERT_EQ(add2(1, 1), 42);
}

HN_TEST(fff_legacy, custom_fakes_cleared_second)
{
    HN_ASSERT(ping_fake.custom_fake == NULL);
    HN_ASSERT(add2_fake.custom_fake == NULL);
    static int (*seq[])(int, int) = {always_42};
    SET_CUSTOM_FAKE_SEQ(add2, seq, 1);
    HN_ASSERT_EQ(add2(1, 1), 42);
    ping_fake.custom_fake = noop;
}

HN_TEST(fff_legacy, reset_fake_clears_custom_fakes_and_keeps_the_history_length)
{
    add2_fake.custom_fake = always_42;
    add2(1, 2);
    RESET_FAKE(add2);
    HN_ASSERT(add2_fake.custom_fake == NULL);
    HN_ASSERT_EQ(add2_fake.call_count, 0u);
    HN_ASSERT_EQ(add2_fake.arg_history_len, FFF_ARG_HISTORY_LEN);
    HN_ASSERT_EQ(add2(1, 2), 0);
}
