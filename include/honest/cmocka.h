/* SPDX-License-Identifier: MIT */
/* honest/cmocka.h: cmocka 1.1's API (as Debian 12 ships it) on honest: include
 * it in place of cmocka.h. The program keeps its main; each group it runs with
 * cmocka_run_group_tests is run by honest's runner, a process per test, and
 * every will_return and expect_* queue is an honest double (docs/migration.md). */
#ifndef CMOCKA_H_
#define CMOCKA_H_
#define HONEST_CMOCKA_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Types, as cmocka names them. ---- */

#ifndef LargestIntegralType
#define LargestIntegralType uintmax_t
#endif
#ifndef LargestIntegralTypePrintfFormat
#define LargestIntegralTypePrintfFormat "%#jx"
#endif
#ifndef LargestIntegralTypePrintfFormatDecimal
#define LargestIntegralTypePrintfFormatDecimal "%ju"
#endif
#ifndef FloatPrintfFormat
#define FloatPrintfFormat "%f"
#endif

/* cmocka's attribute macros, for the declarations of a suite's own helpers. */
#define CMOCKA_PRINTF_ATTRIBUTE(a, b) __attribute__((__format__(__printf__, a, b)))
#define CMOCKA_DEPRECATED __attribute__((deprecated))

#define cast_to_largest_integral_type(value) ((LargestIntegralType)(value))
#define cast_to_pointer_integral_type(value) ((uintptr_t)((size_t)(value)))
#define cast_ptr_to_largest_integral_type(value)                                \
    cast_to_largest_integral_type(cast_to_pointer_integral_type(value))

#define WILL_RETURN_ALWAYS -1
#define WILL_RETURN_ONCE -2

typedef void (*CMUnitTestFunction)(void **state);
typedef int (*CMFixtureFunction)(void **state);
typedef int (*CheckParameterValue)(const LargestIntegralType value,
                                   const LargestIntegralType check_value_data);

/* One test of a group. The two last fields are honest's: where the entry is
 * written (cmocka_unit_test* fill them), so reports name a line per test. */
struct CMUnitTest {
    const char *name;
    CMUnitTestFunction test_func;
    CMFixtureFunction setup_func;
    CMFixtureFunction teardown_func;
    void *initial_state;
    const char *hn_file;
    int hn_line;
};

/* ---- Groups and tests. ---- */

#define cmocka_unit_test(f) {#f, f, NULL, NULL, NULL, __FILE__, __LINE__}
#define cmocka_unit_test_setup(f, setup) {#f, f, setup, NULL, NULL, __FILE__, __LINE__}
#define cmocka_unit_test_teardown(f, teardown)                                  \
    {#f, f, NULL, teardown, NULL, __FILE__, __LINE__}
#define cmocka_unit_test_setup_teardown(f, setup, teardown)                     \
    {#f, f, setup, teardown, NULL, __FILE__, __LINE__}
#define cmocka_unit_test_prestate(f, state) {#f, f, NULL, NULL, state, __FILE__, __LINE__}
#define cmocka_unit_test_prestate_setup_teardown(f, setup, teardown, state)     \
    {#f, f, setup, teardown, state, __FILE__, __LINE__}

/* Runs the group under honest's runner with the program's own command line
 * (honest's flags: --tap, --json=FILE, --filter=..., --no-fork...). Returns 0
 * when every test passed, 1 when one failed, 2 on a usage error. */
#define cmocka_run_group_tests(group_tests, group_setup, group_teardown)        \
    hn_cmocka_run_group(#group_tests, group_tests,                              \
                        sizeof(group_tests) / sizeof((group_tests)[0]),         \
                        group_setup, group_teardown, __FILE__, __LINE__)
#define cmocka_run_group_tests_name(group_name, group_tests, group_setup,       \
                                    group_teardown)                             \
    hn_cmocka_run_group(group_name, group_tests,                                \
                        sizeof(group_tests) / sizeof((group_tests)[0]),         \
                        group_setup, group_teardown, __FILE__, __LINE__)

/* ---- Mock values (will_return, mock). ---- */

#define mock() hn__cm_mock(__func__, __FILE__, __LINE__)
#define mock_type(type) ((type)mock())
#define mock_ptr_type(type) ((type)(uintptr_t)mock())
#define will_return(function, value) will_return_count(function, value, 1)
#define will_return_count(function, value, count)                               \
    hn__cm_will_return(#function, __FILE__, __LINE__,                           \
                       cast_to_largest_integral_type(value), count, #value)
#define will_return_always(function, value)                                     \
    will_return_count(function, (value), WILL_RETURN_ALWAYS)
#define will_return_maybe(function, value)                                      \
    will_return_count(function, (value), WILL_RETURN_ONCE)

/* ---- Expected parameters (expect_*, check_expected). ---- */

#define HN__CM_EXPECT(function, parameter, kind, a, b, p, n, count)             \
    hn__cm_expect(#function, #parameter, __FILE__, __LINE__, kind,              \
                  cast_to_largest_integral_type(a), cast_to_largest_integral_type(b), \
                  p, n, NULL, count)

#define expect_check(function, parameter, check_function, check_data)           \
    expect_check_count(function, parameter, check_function, check_data, 1)
#define expect_check_count(function, parameter, check_function, check_data, count) \
    hn__cm_expect(#function, #parameter, __FILE__, __LINE__, HN__CM_CHECK,      \
                  cast_to_largest_integral_type(check_data), 0, NULL, 0,        \
                  check_function, count)
#define expect_in_set(function, parameter, value_array)                         \
    expect_in_set_count(function, parameter, value_array, 1)
#define expect_in_set_count(function, parameter, value_array, count)            \
    HN__CM_EXPECT(function, parameter, HN__CM_IN_SET, 0, 0, value_array,        \
                  sizeof(value_array) / sizeof((value_array)[0]), count)
#define expect_not_in_set(function, parameter, value_array)                     \
    expect_not_in_set_count(function, parameter, value_array, 1)
#define expect_not_in_set_count(function, parameter, value_array, count)        \
    HN__CM_EXPECT(function, parameter, HN__CM_NOT_IN_SET, 0, 0, value_array,    \
                  sizeof(value_array) / sizeof((value_array)[0]), count)
#define expect_in_range(function, parameter, minimum, maximum)                  \
    expect_in_range_count(function, parameter, minimum, maximum, 1)
#define expect_in_range_count(function, parameter, minimum, maximum, count)     \
    HN__CM_EXPECT(function, parameter, HN__CM_IN_RANGE, minimum, maximum, NULL, 0, count)
#define expect_not_in_range(function, parameter, minimum, maximum)              \
    expect_not_in_range_count(function, parameter, minimum, maximum, 1)
#define expect_not_in_range_count(function, parameter, minimum, maximum, count) \
    HN__CM_EXPECT(function, parameter, HN__CM_NOT_IN_RANGE, minimum, maximum, NULL, 0, count)
#define expect_value(function, parameter, value)                                \
    expect_value_count(function, parameter, value, 1)
#define expect_value_count(function, parameter, value, count)                   \
    HN__CM_EXPECT(function, parameter, HN__CM_VALUE, value, 0, NULL, 0, count)
#define expect_not_value(function, parameter, value)                            \
    expect_not_value_count(function, parameter, value, 1)
#define expect_not_value_count(function, parameter, value, count)               \
    HN__CM_EXPECT(function, parameter, HN__CM_NOT_VALUE, value, 0, NULL, 0, count)
#define expect_string(function, parameter, string)                              \
    expect_string_count(function, parameter, string, 1)
#define expect_string_count(function, parameter, string, count)                 \
    HN__CM_EXPECT(function, parameter, HN__CM_STRING, 0, 0, (const void *)(string), 0, count)
#define expect_not_string(function, parameter, string)                          \
    expect_not_string_count(function, parameter, string, 1)
#define expect_not_string_count(function, parameter, string, count)             \
    HN__CM_EXPECT(function, parameter, HN__CM_NOT_STRING, 0, 0, (const void *)(string), 0, count)
#define expect_memory(function, parameter, memory, size)                        \
    expect_memory_count(function, parameter, memory, size, 1)
#define expect_memory_count(function, parameter, memory, size, count)           \
    HN__CM_EXPECT(function, parameter, HN__CM_MEMORY, 0, 0, (const void *)(memory), size, count)
#define expect_not_memory(function, parameter, memory, size)                    \
    expect_not_memory_count(function, parameter, memory, size, 1)
#define expect_not_memory_count(function, parameter, memory, size, count)       \
    HN__CM_EXPECT(function, parameter, HN__CM_NOT_MEMORY, 0, 0, (const void *)(memory), size, count)
#define expect_any(function, parameter) expect_any_count(function, parameter, 1)
#define expect_any_always(function, parameter)                                  \
    expect_any_count(function, parameter, WILL_RETURN_ALWAYS)
#define expect_any_count(function, parameter, count)                            \
    HN__CM_EXPECT(function, parameter, HN__CM_ANY, 0, 0, NULL, 0, count)

#define check_expected(parameter)                                               \
    hn__cm_check(__func__, #parameter, __FILE__, __LINE__,                      \
                 cast_to_largest_integral_type(parameter))
#define check_expected_ptr(parameter)                                           \
    hn__cm_check(__func__, #parameter, __FILE__, __LINE__,                      \
                 cast_ptr_to_largest_integral_type(parameter))

/* ---- Call order (expect_function_call, function_called). ---- */

#define function_called() hn__cm_function_called(__func__, __FILE__, __LINE__)
#define expect_function_calls(function, times)                                  \
    hn__cm_expect_call(#function, __FILE__, __LINE__, times)
#define expect_function_call(function) expect_function_calls(function, 1)
#define expect_function_call_any(function) expect_function_calls(function, -1)
#define ignore_function_calls(function) expect_function_calls(function, -2)

/* ---- Assertions. Each names its expressions and both values. ---- */

#define HN__CM_INT(x) cast_to_largest_integral_type(x)
#define HN__CM_PTR(x) cast_ptr_to_largest_integral_type(x)
#define assert_true(c) hn__cm_assert_true(HN__CM_INT(c) != 0, "assert_true", #c, __FILE__, __LINE__)
#define assert_false(c) hn__cm_assert_true(HN__CM_INT(c) == 0, "assert_false", #c, __FILE__, __LINE__)
#define assert_non_null(c) hn__cm_assert_true(HN__CM_PTR(c) != 0, "assert_non_null", #c, __FILE__, __LINE__)
#define assert_null(c) hn__cm_assert_true(HN__CM_PTR(c) == 0, "assert_null", #c, __FILE__, __LINE__)
#define assert_return_code(rc, error)                                           \
    hn__cm_assert_return_code(HN__CM_INT(rc), sizeof(rc), HN__CM_INT(error), #rc, \
                              __FILE__, __LINE__)
#define assert_ptr_equal(a, b)                                                  \
    hn__cm_assert_int(HN__CM_PTR(a), HN__CM_PTR(b), 1, 1, #a, #b, __FILE__, __LINE__)
#define assert_ptr_not_equal(a, b)                                              \
    hn__cm_assert_int(HN__CM_PTR(a), HN__CM_PTR(b), 0, 1, #a, #b, __FILE__, __LINE__)
#define assert_int_equal(a, b)                                                  \
    hn__cm_assert_int(HN__CM_INT(a), HN__CM_INT(b), 1, 0, #a, #b, __FILE__, __LINE__)
#define assert_int_not_equal(a, b)                                              \
    hn__cm_assert_int(HN__CM_INT(a), HN__CM_INT(b), 0, 0, #a, #b, __FILE__, __LINE__)
#define assert_float_equal(a, b, epsilon)                                       \
    hn__cm_assert_float(a, b, epsilon, 1, #a, #b, __FILE__, __LINE__)
#define assert_float_not_equal(a, b, epsilon)                                   \
    hn__cm_assert_float(a, b, epsilon, 0, #a, #b, __FILE__, __LINE__)
#define assert_string_equal(a, b)                                               \
    hn__cm_assert_string((const char *)(a), (const char *)(b), 1, #a, #b, __FILE__, __LINE__)
#define assert_string_not_equal(a, b)                                           \
    hn__cm_assert_string((const char *)(a), (const char *)(b), 0, #a, #b, __FILE__, __LINE__)
#define assert_memory_equal(a, b, size)                                         \
    hn__cm_assert_memory((const void *)(a), (const void *)(b), size, 1, #a, #b, \
                         __FILE__, __LINE__)
#define assert_memory_not_equal(a, b, size)                                     \
    hn__cm_assert_memory((const void *)(a), (const void *)(b), size, 0, #a, #b, \
                         __FILE__, __LINE__)
#define assert_in_range(value, minimum, maximum)                                \
    hn__cm_assert_range(HN__CM_INT(value), HN__CM_INT(minimum), HN__CM_INT(maximum), \
                        1, #value, __FILE__, __LINE__)
#define assert_not_in_range(value, minimum, maximum)                            \
    hn__cm_assert_range(HN__CM_INT(value), HN__CM_INT(minimum), HN__CM_INT(maximum), \
                        0, #value, __FILE__, __LINE__)
#define assert_in_set(value, values, number_of_values)                          \
    hn__cm_assert_set(HN__CM_INT(value), values, number_of_values, 1, #value,   \
                      __FILE__, __LINE__)
#define assert_not_in_set(value, values, number_of_values)                      \
    hn__cm_assert_set(HN__CM_INT(value), values, number_of_values, 0, #value,   \
                      __FILE__, __LINE__)

#define fail() hn__cm_fail(__FILE__, __LINE__, "fail() was called")
#define fail_msg(...) hn__cm_fail(__FILE__, __LINE__, __VA_ARGS__)
#define skip() hn__cm_skip(__FILE__, __LINE__)

/* The code under test's assert() replaced by mock_assert, and a test that
 * expects it to fail. */
void mock_assert(const int result, const char *const expression, const char *const file,
                 const int line);
#define expect_assert_failure(function_call)                                    \
    do {                                                                        \
        if (setjmp(*hn__cm_expect_assert_begin(__FILE__, __LINE__)) == 0) {                     \
            function_call;                                                      \
            hn__cm_expect_assert_missed(#function_call, __FILE__, __LINE__);    \
        }                                                                       \
        hn__cm_expect_assert_end();                                             \
    } while (0)

/* ---- Output. ---- */

void print_message(const char *const format, ...) __attribute__((format(printf, 1, 2)));
void print_error(const char *const format, ...) __attribute__((format(printf, 1, 2)));
void vprint_message(const char *const format, va_list args) __attribute__((format(printf, 1, 0)));
void vprint_error(const char *const format, va_list args) __attribute__((format(printf, 1, 0)));

enum cm_message_output { CM_OUTPUT_STDOUT, CM_OUTPUT_SUBUNIT, CM_OUTPUT_TAP, CM_OUTPUT_XML };
/* Chooses the report as honest's flags do: CM_OUTPUT_TAP adds --tap,
 * CM_OUTPUT_XML --junit=$CMOCKA_XML_FILE; the CMOCKA_MESSAGE_OUTPUT variable
 * wins over it, as in cmocka (docs/migration.md). */
void cmocka_set_message_output(enum cm_message_output output);
/* Runs only the tests whose name matches pattern (a glob), as --filter. */
void cmocka_set_test_filter(const char *pattern);
/* Skips the tests whose name matches pattern, as --filter=-... */
void cmocka_set_skip_filter(const char *pattern);

/* ---- Allocations checked for leaks and overruns after each test. ---- */

#define test_malloc(size) hn__cm_malloc(size, __FILE__, __LINE__)
#define test_calloc(num, size) hn__cm_calloc(num, size, __FILE__, __LINE__)
#define test_realloc(ptr, size) hn__cm_realloc(ptr, size, __FILE__, __LINE__)
#define test_free(ptr) hn__cm_free(ptr, __FILE__, __LINE__)
/* The same under cmocka's names, for code under test that declares them
 * itself and does not include this header. */
void *_test_malloc(const size_t size, const char *file, const int line);
void *_test_calloc(const size_t number_of_elements, const size_t size, const char *file,
                   const int line);
void *_test_realloc(void *ptr, const size_t size, const char *file, const int line);
void _test_free(void *const ptr, const char *file, const int line);
#ifdef UNIT_TESTING
#define malloc test_malloc
#define realloc test_realloc
#define calloc test_calloc
#define free test_free
#endif

/* ---- The run-time side (framework/compat/cmocka_*.c). ---- */

enum {
    HN__CM_VALUE, HN__CM_NOT_VALUE, HN__CM_STRING, HN__CM_NOT_STRING, HN__CM_MEMORY,
    HN__CM_NOT_MEMORY, HN__CM_IN_RANGE, HN__CM_NOT_IN_RANGE, HN__CM_IN_SET,
    HN__CM_NOT_IN_SET, HN__CM_ANY, HN__CM_CHECK
};

/* Runs a group (cmocka_run_group_tests): registers each entry as the honest
 * test GROUP.NAME, runs the group setup once, runs the tests with honest's
 * runner and the program's command line, runs the group teardown. tests must
 * stay valid during the call. Returns the runner's status (0, 1, or 2). */
int hn_cmocka_run_group(const char *group_name, const struct CMUnitTest *tests, size_t n,
                        CMFixtureFunction group_setup, CMFixtureFunction group_teardown,
                        const char *file, int line);

/* The queues. Each records a failure of the running test (ending it, on the
 * test's thread) when misused; the runner empties them before each test and
 * fails it for what is left after. function and parameter are borrowed
 * (string literals); data an expectation compares with is copied. */
LargestIntegralType hn__cm_mock(const char *function, const char *file, int line);
void hn__cm_will_return(const char *function, const char *file, int line,
                        LargestIntegralType value, int count, const char *literal);
void hn__cm_expect(const char *function, const char *parameter, const char *file, int line,
                   int kind, LargestIntegralType a, LargestIntegralType b, const void *p,
                   size_t n, CheckParameterValue check, int count);
void hn__cm_check(const char *function, const char *parameter, const char *file, int line,
                  LargestIntegralType value);
void hn__cm_expect_call(const char *function, const char *file, int line, int times);
void hn__cm_function_called(const char *function, const char *file, int line);

/* The assertions: each counts as an assertion of the running test and, when
 * it does not hold, fails the test with the expressions and both values. */
void hn__cm_assert_true(int ok, const char *macro, const char *expr, const char *file,
                        int line);
void hn__cm_assert_return_code(LargestIntegralType rc, size_t rlen, LargestIntegralType error,
                               const char *expr, const char *file, int line);
void hn__cm_assert_int(LargestIntegralType a, LargestIntegralType b, int equal, int ptr,
                       const char *ea, const char *eb, const char *file, int line);
void hn__cm_assert_float(double a, double b, double epsilon, int equal, const char *ea,
                         const char *eb, const char *file, int line);
void hn__cm_assert_string(const char *a, const char *b, int equal, const char *ea,
                          const char *eb, const char *file, int line);
void hn__cm_assert_memory(const void *a, const void *b, size_t size, int equal,
                          const char *ea, const char *eb, const char *file, int line);
void hn__cm_assert_range(LargestIntegralType value, LargestIntegralType minimum,
                         LargestIntegralType maximum, int inside, const char *expr,
                         const char *file, int line);
void hn__cm_assert_set(LargestIntegralType value, const LargestIntegralType values[],
                       size_t count, int inside, const char *expr, const char *file, int line);
/* fail_msg and fail: fail the test with the message and end it. */
void hn__cm_fail(const char *file, int line, const char *fmt, ...)
    __attribute__((noreturn, format(printf, 3, 4)));
/* skip: report the test skipped and end it. */
void hn__cm_skip(const char *file, int line) __attribute__((noreturn));
/* expect_assert_failure: begin returns where a failed mock_assert jumps;
 * missed fails the test when the call returned; end stops expecting. */
jmp_buf *hn__cm_expect_assert_begin(const char *file, int line);
void hn__cm_expect_assert_missed(const char *call, const char *file, int line);
void hn__cm_expect_assert_end(void);
/* The allocator: blocks carry their allocation site and guards; a block of
 * a test still allocated after its teardown fails it (a leak). */
void *hn__cm_malloc(size_t size, const char *file, int line);
void *hn__cm_calloc(size_t num, size_t size, const char *file, int line);
void *hn__cm_realloc(void *ptr, size_t size, const char *file, int line);
void hn__cm_free(void *ptr, const char *file, int line);

#ifdef __cplusplus
}
#endif

#endif
