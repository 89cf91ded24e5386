/* SPDX-License-Identifier: MIT */
/* cxx.cpp: a test program written in C++ (built with -std=c++17 -Wpedantic):
 * suites with options, tests with options, parameterized tests, assertions
 * on C++ types (scoped enums, bool, nullptr, std::string's size_t), JSON,
 * dummies, and an exception that escapes a test. runner_cxx.c runs it and checks what it prints. */
#include <honest.h>

#include <stdexcept>
#include <string>
#include <vector>

enum class color { red, green = 7 };
enum level { low = -1, high = 1 };

struct row {
    const char *name;
    int in, out;
};
static const row rows[] = {{"one", 1, 2}, {"two", 2, 4}};

static std::vector<int> *values;

static void open_values(void)
{
    values = new std::vector<int>{1, 2, 3};
}

static void close_values(void)
{
    delete values;
    values = nullptr;
}

HN_SUITE(cxx, .setup = open_values, .teardown = close_values, .timeout_ms = 5000);

HN_TEST(cxx, setup_ran)
{
    HN_ASSERT_NOT_NULL(values);
    HN_ASSERT_EQ(values->size(), 3u);
    HN_ASSERT_EQ(values->at(2), 3);
}

HN_TEST(cxx, cxx_types)
{
    HN_ASSERT_EQ(color::green, color::green);
    HN_ASSERT_NE(low, high);
    bool yes = true;
    HN_ASSERT_EQ(yes, true);
    const char *none = nullptr;
    HN_ASSERT_NULL(none);
    HN_ASSERT_STR_EQ(std::string("honest").c_str(), "honest");
    HN_ASSERT_NEAR(0.1 + 0.2, 0.3, 1e-9);
}

HN_TEST(cxx, not_today, .skip = "skipped from C++", .timeout_ms = 100)
{
    HN_FAIL("a skipped test ran");
}

HN_TEST(cxx, sizes_differ)
{
    std::string word = "abc";
    HN_ASSERT_EQ(word.size(), 4u);
}

HN_TEST(cxx, enums_differ)
{
    HN_CHECK_EQ(color::red, color::green);
}

HN_TEST_PN(cxx, doubles, row, rows, name)
{
    HN_ASSERT_EQ(HN_PARAM->in * 2, HN_PARAM->out);
}

HN_TEST_P(cxx, rows_have_names, row, rows)
{
    HN_ASSERT_NOT_NULL(HN_PARAM->name);
}

HN_TEST(cxx, json_and_dummies)
{
    HN_ASSERT_JSON_EQ("{\"a\": [1, 2]}", "{\"a\": [1, 2]}");
    struct conn *c = HN_DUMMY(struct conn *);
    HN_ASSERT_NOT_NULL(c);
}

HN_TEST(cxx, exception_escapes)
{
    throw std::runtime_error("escaped the test");
}
