/* SPDX-License-Identifier: MIT */
/* doubles_stub_test.c: stubs and fakes of HN_DOUBLE through the link seam and
 * libc interposition, for every shape of signature (void, struct by value,
 * floating point, narrow integers, variadic). */
#include <honest.h>

#include <string.h>
#include <time.h>

#include "cut.h"

/* cut_add is declared in two files of this program (doubles_spy_test.c too):
 * the declarations share one double. */
HN_DOUBLE(int, cut_add, int, int);
HN_DOUBLE(int, cut_read_cfg, const char *, struct cut_cfg *);
HN_DOUBLE(struct cut_point, cut_make_point, int, int);
HN_DOUBLE(void, cut_notify, const char *);
HN_DOUBLE(int, cut_rand, void);
HN_DOUBLE(double, cut_scale, double, float);
HN_DOUBLE(int8_t,
          cut_narrow, /* a declaration over two lines is found by CMake too */
          int8_t, uint16_t, int64_t, unsigned char, _Bool);
HN_DOUBLE(char *, cut_fill_name, char *, size_t);
HN_DOUBLE(int, cut_logf, const char *, HN_VARARGS);
HN_DOUBLE(time_t, time, time_t *);

static int multiply(int a, int b)
{
    return a * b;
}

static int notes;

static void count_note(const char *event)
{
    notes += event && strcmp(event, "done") == 0 ? 10 : 1;
}

HN_TEST(doubles_stub, unconfigured_double_is_the_real_function)
{
    HN_ASSERT_EQ(cut_twice(3), 6);
    HN_ASSERT_EQ(HN_CALL_COUNT(cut_add), 1);
    HN_ASSERT_EQ(HN_ARG(cut_add, 0, 1), 3);
}

HN_TEST(doubles_stub, returns_a_value)
{
    HN_RETURNS(cut_add, 42);
    HN_ASSERT_EQ(cut_twice(1), 42);
    HN_ASSERT_EQ(cut_twice(2), 42);
    HN_ASSERT_CALLED(cut_add, 2);
}

HN_TEST(doubles_stub, returns_a_sequence_whose_last_value_repeats)
{
    HN_RETURNS_SEQ(cut_add, 1, 2, 3);
    HN_ASSERT_EQ(cut_twice(0), 1);
    HN_ASSERT_EQ(cut_twice(0), 2);
    HN_ASSERT_EQ(cut_twice(0), 3);
    HN_ASSERT_EQ(cut_twice(0), 3);
}

HN_TEST(doubles_stub, fills_an_out_parameter)
{
    struct cut_cfg want = {8080, "stubbed"}, got = {0, ""};
    HN_FILLS(cut_read_cfg, 1, want);
    HN_ASSERT_EQ(cut_load(&got), 0);
    HN_ASSERT_EQ(got.port, 8080);
    HN_ASSERT_STR_EQ(got.host, "stubbed");
}

HN_TEST(doubles_stub, fills_and_returns)
{
    struct cut_cfg want = {1, "partial"}, got = {0, ""};
    HN_RETURNS(cut_read_cfg, -2);
    HN_FILLS(cut_read_cfg, 1, want);
    HN_ASSERT_EQ(cut_load(&got), -2);
    HN_ASSERT_STR_EQ(got.host, "partial");
}

HN_TEST(doubles_stub, fills_bytes_into_a_buffer)
{
    static char returned[16] = "abcdefg";
    HN_FILLS_BYTES(cut_fill_name, 0, "xy", 3);
    HN_RETURNS(cut_fill_name, returned);
    HN_ASSERT_EQ(cut_name_len(), 7);
    HN_ASSERT_STR_EQ(HN_ARG(cut_fill_name, 0, 0) ? "kept" : "lost", "kept");
}

HN_TEST(doubles_stub, returns_a_struct_by_value)
{
    HN_RETURNS(cut_make_point, ((struct cut_point){30, 12}));
    HN_ASSERT_EQ(cut_point_sum(1, 2), 42);
    HN_ASSERT_EQ(HN_ARG(cut_make_point, 0, 1), 2);
}

HN_TEST(doubles_stub, fake_of_a_void_function)
{
    notes = 0;
    HN_CALLS(cut_notify, count_note);
    HN_ASSERT_EQ(cut_fire("start"), 2);
    HN_ASSERT_EQ(notes, 11);
    HN_ASSERT_STR_EQ(HN_ARG(cut_notify, 0, 0), "start");
}

HN_TEST(doubles_stub, function_of_no_parameters)
{
    HN_RETURNS_SEQ(cut_rand, 1, 2);
    HN_ASSERT_EQ(cut_two_rands(), 12);
}

HN_TEST(doubles_stub, floating_point_results_and_arguments)
{
    HN_RETURNS(cut_scale, 0.25);
    HN_ASSERT_NEAR(cut_scaled(8.0), 0.25, 1e-12);
    HN_ASSERT_NEAR(HN_ARG(cut_scale, 0, 0), 8.0, 1e-12);
    HN_ASSERT_NEAR(HN_ARG(cut_scale, 0, 1), 2.5, 1e-6);
}

HN_TEST(doubles_stub, narrow_integers_keep_their_values)
{
    HN_CALLS_REAL(cut_narrow);
    cut_narrow_call();
    HN_ASSERT_EQ(HN_ARG(cut_narrow, 0, 0), -3);
    HN_ASSERT_EQ(HN_ARG(cut_narrow, 0, 1), 65535);
    HN_ASSERT_EQ(HN_ARG(cut_narrow, 0, 2), -70000);
    HN_ASSERT_EQ(HN_ARG(cut_narrow, 0, 3), 200);
    HN_ASSERT_EQ(HN_ARG(cut_narrow, 0, 4), 1);
}

HN_TEST(doubles_stub, fake_runs_a_working_implementation)
{
    HN_CALLS(cut_add, multiply);
    HN_ASSERT_EQ(cut_twice(3), 9);
    HN_ASSERT_EQ(cut_twice(4), 16);
}

HN_TEST(doubles_stub, later_configuration_replaces_earlier)
{
    HN_RETURNS(cut_add, 1);
    HN_ASSERT_EQ(cut_twice(5), 1);
    HN_CALLS(cut_add, multiply);
    HN_ASSERT_EQ(cut_twice(5), 25);
    HN_CALLS_REAL(cut_add);
    HN_ASSERT_EQ(cut_twice(5), 10);
}

HN_TEST(doubles_stub, libc_function_is_interposed_for_the_code_under_test)
{
    HN_RETURNS(time, (time_t)1234);
    HN_ASSERT_EQ(cut_now(), 1234);
    HN_ASSERT_EQ(time(NULL), 1234);
    HN_ASSERT_CALLED(time, 2);
}

HN_TEST(doubles_stub, unconfigured_libc_double_calls_the_real_one)
{
    HN_ASSERT_GT(cut_now(), 1600000000L);
}

HN_TEST(doubles_stub, variadic_function_answers_its_fixed_arguments)
{
    HN_RETURNS_SEQ(cut_logf, 3, 4);
    HN_ASSERT_EQ(cut_log_two(), 7);
    HN_ASSERT_STR_EQ(HN_ARG(cut_logf, 0, 0), "a=%d");
    HN_ASSERT_STR_EQ(HN_ARG(cut_logf, 1, 0), "b=%s");
}

HN_TEST(doubles_stub, configured_kinds_are_counted_for_the_summary)
{
    HN_RETURNS(cut_add, 2);
    HN_CALLS(cut_notify, count_note);
    HN_ASSERT_EQ(cut_twice(0), 2);
    HN_ASSERT_EQ(cut_fire("x"), 2);
}
