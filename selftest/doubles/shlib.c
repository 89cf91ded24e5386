/* SPDX-License-Identifier: MIT */
/* shlib.c: doubles of functions that live in a shared library (the code
 * under test built as libhn_st_cut_shared.so, with -fno-semantic-interposition)
 * and of libc called from inside it. Run whole by doubles_run_test.c. */
#include <honest.h>

#include <time.h>

#include "cut.h"

HN_DOUBLE(int, cut_add, int, int);
HN_DOUBLE(time_t, time, time_t *);

HN_TEST(shlib, call_between_files_of_the_library_reaches_the_double)
{
    HN_RETURNS(cut_add, 50);
    HN_ASSERT_EQ(cut_twice(1), 50);
}

HN_TEST(shlib, libc_called_from_the_library_reaches_the_double)
{
    HN_RETURNS(time, (time_t)77);
    HN_ASSERT_EQ(cut_now(), 77);
}

HN_TEST(shlib, call_through_reaches_the_library)
{
    HN_CALLS_REAL(cut_add);
    HN_ASSERT_EQ(cut_twice(4), 8);
    HN_ASSERT_CALLED(cut_add, 1);
}

HN_TEST(shlib, unconfigured_double_is_the_library_function)
{
    HN_ASSERT_EQ(cut_twice(21), 42);
}

HN_TEST(shlib, call_inside_a_file_of_the_library_is_a_seam_miss)
{
    HN_RETURNS(cut_add, 50);
    HN_ASSERT_EQ(cut_sum3(1, 2, 3), 6);
}
