// SPDX-License-Identifier: MIT
// cpp_check.cpp: the fff and cmocka layers in a C++ program: fakes get C
// linkage (alarm.c, compiled as C, calls them), and a cmocka group runs under
// honest's runner. compat_test.c compiles and runs it with the C++ compiler.
#include <honest/cmocka.h>
#include <honest/fff.h>

extern "C" {
#include "alarm.h"
}

DEFINE_FFF_GLOBALS;
FAKE_VALUE_FUNC(int, sensor_read, int);
FAKE_VOID_FUNC(buzzer_on, int);
FAKE_VOID_FUNC_VARARG(log_line, const char *, ...);

static void buzzes_through_cpp_fakes(void **state)
{
    (void)state;
    sensor_read_fake.return_val = 30;
    assert_int_equal(alarm_check(0, 20), 1);
    assert_int_equal(buzzer_on_fake.arg0_val, 10);
    assert_int_equal(fff.call_history_idx, 3);
}

int main()
{
    const struct CMUnitTest cpp[] = {cmocka_unit_test(buzzes_through_cpp_fakes)};
    return cmocka_run_group_tests(cpp, NULL, NULL);
}
