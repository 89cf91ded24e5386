/* SPDX-License-Identifier: MIT */
/* fff_subject.c: an fff suite written as honest tests, with no setup and no
 * RESET_FAKE anywhere: each test relies on the runner's reset. Built with
 * FFF_ARG_HISTORY_LEN=3 and FFF_CALL_HISTORY_LEN=4 (CMakeLists.txt) so the
 * edges are near. Run whole by CTest, and by compat_test.c with --no-fork. */
#include <honest.h>

#include <stdarg.h>
#include <stdio.h>

#include "fff_fakes.h"

struct pair {
    int x, y;
};

FAKE_VOID_FUNC(tick);
FAKE_VALUE_FUNC(long, clock_ms);
FAKE_VALUE_FUNC(struct pair, pair_get);
FAKE_VALUE_FUNC(int, copy3, char *const, const char *const, const size_t);
FAKE_VALUE_FUNC_VARARG(int, format2, const char *, int, ...);
FAKE_VOID_FUNC(wide20, int, int, int, int, int, int, int, int, int, int, int, int, int, int,
               int, int, int, int, int, int);
FAKE_VALUE_FUNC(int, wide20v, int, int, int, int, int, int, int, int, int, int, int, int, int,
                int, int, int, int, int, int, int);

/* Two tests that leave their fakes configured and called: each sees fresh
 * fakes whatever ran before it in the same process (--no-fork). */
HN_TEST(fff, fresh_fakes_first)
{
    HN_ASSERT_EQ(sensor_read_fake.call_count, 0u);
    HN_ASSERT_EQ(sensor_read_fake.return_val, 0);
    HN_ASSERT_EQ(fff.call_history_idx, 0u);
    sensor_read_fake.return_val = 50;
    HN_ASSERT_EQ(alarm_check(1, 10), 1);
    HN_ASSERT_EQ(buzzer_on_fake.arg0_val, 40);
}

HN_TEST(fff, fresh_fakes_second)
{
    HN_ASSERT_EQ(sensor_read_fake.call_count, 0u);
    HN_ASSERT_EQ(sensor_read_fake.return_val, 0);
    HN_ASSERT_EQ(buzzer_on_fake.call_count, 0u);
    HN_ASSERT_EQ(fff.call_history_idx, 0u);
    sensor_read_fake.return_val = 70;
    HN_ASSERT_EQ(alarm_check(2, 10), 1);
    HN_ASSERT_EQ(buzzer_on_fake.arg0_val, 60);
}

HN_TEST(fff, arg_history_full_drops_and_keeps_last)
{
    HN_ASSERT_EQ(buzzer_on_fake.arg_history_len, 3u);
    for (int i = 1; i <= 5; i++)
        buzzer_on(i * 10);
    HN_ASSERT_EQ(buzzer_on_fake.call_count, 5u);
    HN_ASSERT_EQ(buzzer_on_fake.arg_histories_dropped, 2u);
    HN_ASSERT_EQ(buzzer_on_fake.arg0_history[0], 10);
    HN_ASSERT_EQ(buzzer_on_fake.arg0_history[2], 30);
    HN_ASSERT_EQ(buzzer_on_fake.arg0_val, 50);
}

HN_TEST(fff, call_history_keeps_the_first_calls)
{
    tick();
    clock_ms();
    buzzer_on(1);
    tick();
    tick(); /* beyond FFF_CALL_HISTORY_LEN (4): not recorded */
    HN_ASSERT_EQ(fff.call_history_idx, 4u);
    HN_ASSERT(fff.call_history[0] == (fff_function_t)tick);
    HN_ASSERT(fff.call_history[1] == (fff_function_t)clock_ms);
    HN_ASSERT(fff.call_history[2] == (fff_function_t)buzzer_on);
    HN_ASSERT(fff.call_history[3] == (fff_function_t)tick);
    FFF_RESET_HISTORY();
    HN_ASSERT_EQ(fff.call_history_idx, 0u);
    HN_ASSERT(fff.call_history[0] == NULL);
}

HN_TEST(fff, return_sequence_exhausted_repeats_the_last)
{
    long seq[] = {1, 2, 3};
    SET_RETURN_SEQ(clock_ms, seq, 3);
    long got[5];
    for (int i = 0; i < 5; i++)
        got[i] = clock_ms();
    HN_ASSERT_EQ(got[0], 1);
    HN_ASSERT_EQ(got[2], 3);
    HN_ASSERT_EQ(got[3], 3);
    HN_ASSERT_EQ(got[4], 3);
    HN_ASSERT_EQ(clock_ms_fake.return_val_history[0], 1);
    HN_ASSERT_EQ(clock_ms_fake.return_val_history[2], 3);
    HN_ASSERT_EQ(clock_ms_fake.return_val_seq_idx, 3);
}

static int reads_one(int channel)
{
    return channel + 100;
}

static int reads_two(int channel)
{
    return channel + 200;
}

HN_TEST(fff, custom_fake_sequence_exhausted_repeats_the_last)
{
    int (*seq[])(int) = {reads_one, reads_two};
    SET_CUSTOM_FAKE_SEQ(sensor_read, seq, 2);
    HN_ASSERT_EQ(sensor_read(1), 101);
    HN_ASSERT_EQ(sensor_read(1), 201);
    HN_ASSERT_EQ(sensor_read(2), 202);
    HN_ASSERT_EQ(sensor_read_fake.return_val_history[2], 202);
    HN_ASSERT_EQ(sensor_read_fake.custom_fake_seq_idx, 2);
}

HN_TEST(fff, custom_fake_answers_before_return_val)
{
    sensor_read_fake.return_val = 5;
    sensor_read_fake.custom_fake = reads_one;
    HN_ASSERT_EQ(sensor_read(7), 107);
    RESET_FAKE(sensor_read);
    HN_ASSERT_EQ(sensor_read(7), 0);
    HN_ASSERT_EQ(sensor_read_fake.call_count, 1u);
}

static int buzz_a, buzz_b;
static void buzz_seq(int level)
{
    buzz_a += level;
}
static void buzz_custom(int level)
{
    buzz_b += level;
}

HN_TEST(fff, void_fake_runs_its_sequence_and_its_custom_fake)
{
    void (*seq[])(int) = {buzz_seq};
    SET_CUSTOM_FAKE_SEQ(buzzer_on, seq, 1);
    buzzer_on_fake.custom_fake = buzz_custom;
    buzzer_on(3);
    buzzer_on(4);
    HN_ASSERT_EQ(buzz_a, 7);
    HN_ASSERT_EQ(buzz_b, 7);
}

static int format_custom(const char *fmt, int first, va_list ap)
{
    char text[64];
    vsnprintf(text, sizeof text, fmt, ap);
    return first * 1000 + (int)text[0];
}

HN_TEST(fff, vararg_fakes_record_named_arguments_and_pass_the_rest)
{
    HN_ASSERT_EQ(alarm_check(3, 0), 0);
    HN_ASSERT_STR_EQ(log_line_fake.arg0_val, "channel %d reads %d");
    format2_fake.custom_fake = format_custom;
    HN_ASSERT_EQ(format2("%c", 2, 'A'), 2000 + 'A');
    HN_ASSERT_EQ(format2_fake.arg1_val, 2);
    HN_ASSERT_EQ(format2_fake.return_val_history[0], 2000 + 'A');
}

HN_TEST(fff, twenty_arguments)
{
    wide20(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20);
    HN_ASSERT_EQ(wide20_fake.arg0_val, 1);
    HN_ASSERT_EQ(wide20_fake.arg19_val, 20);
    HN_ASSERT_EQ(wide20_fake.arg19_history[0], 20);
    wide20v_fake.return_val = 9;
    HN_ASSERT_EQ(wide20v(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1), 9);
    HN_ASSERT_EQ(wide20v_fake.arg19_val, -1);
}

HN_TEST(fff, const_parameters_and_struct_results)
{
    char dst[8];
    copy3_fake.return_val = 3;
    HN_ASSERT_EQ(copy3(dst, "abc", sizeof dst), 3);
    HN_ASSERT_EQ(copy3_fake.arg0_val, dst);
    HN_ASSERT_EQ(copy3_fake.arg2_val, sizeof dst);
    pair_get_fake.return_val = (struct pair){4, 5};
    HN_ASSERT_EQ(pair_get().y, 5);
}

HN_TEST(fff, reset_called_fakes_resets_only_those_called)
{
    clock_ms_fake.return_val = 8;
    tick();
    tick_fake.custom_fake = NULL;
    FFF_RESET_CALLED_FAKES();
    HN_ASSERT_EQ(tick_fake.call_count, 0u);
    HN_ASSERT_EQ(clock_ms_fake.return_val, 8);
}

/* One fake of each kind, for the summary's inventory. */
HN_TEST(fff, kinds)
{
    sensor_read_fake.return_val = 1;        /* stub */
    buzzer_on_fake.custom_fake = buzz_seq;  /* fake */
    HN_ASSERT_EQ(alarm_check(0, 0), 1);     /* log_line: spy */
}
