// SPDX-License-Identifier: MIT
// fff_function_template.cpp: a C++ suite that defines
// CUSTOM_FFF_FUNCTION_TEMPLATE before the include, as fff's own C++ tests do,
// so custom fakes are std::function objects and lambdas can capture. The
// runner's reset and RESET_FAKE must clear them without memset over them.
// compat_test.c compiles and runs it with the C++ compiler.
#include <functional>

#define CUSTOM_FFF_FUNCTION_TEMPLATE(RETURN, FUNCNAME, ...)                  \
    std::function<RETURN(__VA_ARGS__)> FUNCNAME

#include <honest/cmocka.h>
#include <honest/fff.h>

DEFINE_FFF_GLOBALS;
FAKE_VALUE_FUNC(int, reading, int);
FAKE_VOID_FUNC(blink, int);

static void lambdas_capture(void **state)
{
    (void)state;
    int seen = 0;
    reading_fake.custom_fake = [&seen](int ch) { seen = ch; return ch * 2; };
    assert_int_equal(reading(21), 42);
    assert_int_equal(seen, 21);
    assert_int_equal(reading_fake.return_val_history[0], 42);
}

static void a_sequence_of_functions_then_the_last_again(void **state)
{
    (void)state;
    int lit = 0;
    std::function<void(int)> seq[] = {[&lit](int n) { lit += n; },
                                      [&lit](int n) { lit -= n; }};
    SET_CUSTOM_FAKE_SEQ(blink, seq, 2);
    blink(5);
    blink(1);
    blink(1);
    assert_int_equal(lit, 3);
}

static void reset_clears_the_functions(void **state)
{
    (void)state;
    reading_fake.custom_fake = [](int) { return 1; };
    assert_int_equal(reading(0), 1);
    RESET_FAKE(reading);
    assert_false(static_cast<bool>(reading_fake.custom_fake));
    assert_int_equal(reading(3), 0);
    assert_int_equal(reading_fake.call_count, 1);
}

// Whichever of the two runs second (in one process with --no-fork) must find
// the functions the first one left cleared by the runner.
static void runner_clears_what_a_test_left_first(void **state)
{
    (void)state;
    assert_false(static_cast<bool>(reading_fake.custom_fake));
    reading_fake.custom_fake = [](int) { return 9; };
}

static void runner_clears_what_a_test_left_second(void **state)
{
    runner_clears_what_a_test_left_first(state);
}

int main()
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(lambdas_capture),
        cmocka_unit_test(a_sequence_of_functions_then_the_last_again),
        cmocka_unit_test(reset_clears_the_functions),
        cmocka_unit_test(runner_clears_what_a_test_left_first),
        cmocka_unit_test(runner_clears_what_a_test_left_second),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
