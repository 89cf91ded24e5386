/* SPDX-License-Identifier: MIT */
/* honest/test.h: tests, suites, parameterized tests and the in-test verbs
 * (skip, fail, log). Included by <honest.h>; do not include it directly. */
#ifndef HONEST_TEST_H
#define HONEST_TEST_H

/* The version of honest (also in the pkg-config file and the CMake package). */
#define HN_VERSION_MAJOR 0
#define HN_VERSION_MINOR 1
#define HN_VERSION_PATCH 0
#define HN_VERSION "0.1.0"

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Options of one test, given as designated initialisers after the name:
 * HN_TEST(s, n, .timeout_ms = 500, .skip = "why"). Zero means "not set". */
typedef struct hn_test_opts {
    int timeout_ms;        /* kill the test after this long; 0: suite or --timeout */
    int expect_signal;     /* the test passes only if it dies of this signal */
    int expect_exit;       /* the test passes only if it calls exit() with this status */
    int hn__end;           /* internal: closes the initialiser list */
    const char *skip;      /* non-NULL: do not run, report skipped with this reason */
} hn_test_opts;

/* Options of a suite, given to HN_SUITE. setup runs before every test of the
 * suite, teardown after it (also when the body failed). */
typedef struct hn_suite_opts {
    void (*setup)(void);
    void (*teardown)(void);
    int timeout_ms;        /* default timeout of the suite's tests */
    int hn__end;
} hn_suite_opts;

/* The table of cases of a parameterized test (HN_TEST_P, HN_TEST_PN). */
typedef struct hn_test_cases {
    const void *params;      /* the table */
    size_t count;            /* number of cases */
    size_t size;             /* size of one case */
    ptrdiff_t name_at;       /* offset of a `const char *` naming each case, or -1 */
} hn_test_cases;

/* The type of a test's function (HN_TEST declares its body with it). */
typedef void hn__test_fn(const void *param);

/* A registered test. Filled by HN_TEST and friends; the fields are read by
 * the runner only. Users never build one by hand. Kept small: every test
 * process is forked from a process holding all of them (docs/performance.md). */
typedef struct hn_test {
    const char *suite;
    const char *name;
    const char *file;
    int line;
    void (*fn)(const void *param);
    hn_test_opts opts;
    const hn_test_cases *cases; /* NULL for a plain test */
} hn_test;

typedef struct hn_suite {
    const char *name;
    hn_suite_opts opts;
    struct hn_suite *hn__next;
    const char *hn__file;   /* where HN_SUITE is (NULL: not from HN_SUITE) */
    int hn__line;
} hn_suite;

/* Registration. hn__test_register takes one test (honest's cmocka layer);
 * hn__tests_register takes the descriptors [lo, hi) of a module (the program
 * or a shared library), each module once however often it is called. HN_SUITE
 * registers its suite from a constructor. The descriptors are static storage
 * owned by the test program. */
void hn__test_register(hn_test *t);
void hn__tests_register(hn_test *lo, hn_test *hi);
void hn__suite_register(hn_suite *s);

/* The parameter of the running parameterized test (NULL otherwise). */
const void *hn__param(void);

/* Verbs usable inside a test (and inside setup and teardown). */
void hn__skip(const char *file, int line, const char *fmt, ...)
    __attribute__((noreturn, format(printf, 3, 4)));
void hn__fail(const char *file, int line, const char *fmt, ...)
    __attribute__((noreturn, format(printf, 3, 4)));
void hn__log(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Descriptors keep their natural alignment (compilers would align each to 32
 * bytes) and sit together in a section of their own, which the process that
 * forks tests keeps out of every fork: a test process gets its descriptor
 * by value (docs/performance.md). The section is how they are registered:
 * the linker brackets it with __start_ and __stop_ symbols in each module,
 * and one constructor per translation unit (below) hands that range to the
 * registry. No test has a constructor of its own (in C: options are static
 * data), so a test costs the compiler its body and one object. */
#define HN__ALIGN __attribute__((used, aligned(8), section("honest_tests")))

extern hn_test __start_honest_tests[] __attribute__((weak, visibility("hidden")));
extern hn_test __stop_honest_tests[] __attribute__((weak, visibility("hidden")));
__attribute__((constructor, used)) static void hn__register_module_tests(void)
{
    hn__tests_register(__start_honest_tests, __stop_honest_tests);
}

#define HN__CAT2(a, b) a##b
#define HN__CAT(a, b) HN__CAT2(a, b)
/* The name of a test's function or object: pasted in one step, not through
 * HN__CAT, whose nested expansions cost the compiler's preprocessor more than
 * the rest of a test's registration (docs/performance.md, "Build"). s and n
 * arrive already expanded from HN_TEST's arguments. */
#define HN__ID(kind, s, n) hn__##kind##_##s##__##n

/* In C++ (which has no designated initialisers before C++20, and then only
 * in declaration order) each option `.field = value` becomes the statement
 * `o .field = value;` on the options object o, run by the registering
 * constructor: HN__OPTS(o, options...) writes them, for up to 8 options. */
#define HN__OPTS(o, ...) HN__CAT(HN__OPTS_, HN__NOPTS(__VA_ARGS__))(o, __VA_ARGS__)
#define HN__NOPTS(...) HN__NOPTS_(__VA_ARGS__, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0)
#define HN__NOPTS_(a1, a2, a3, a4, a5, a6, a7, a8, a9, n, ...) n
#define HN__OPTS_1(o, a) o a;
#define HN__OPTS_2(o, a, ...) o a; HN__OPTS_1(o, __VA_ARGS__)
#define HN__OPTS_3(o, a, ...) o a; HN__OPTS_2(o, __VA_ARGS__)
#define HN__OPTS_4(o, a, ...) o a; HN__OPTS_3(o, __VA_ARGS__)
#define HN__OPTS_5(o, a, ...) o a; HN__OPTS_4(o, __VA_ARGS__)
#define HN__OPTS_6(o, a, ...) o a; HN__OPTS_5(o, __VA_ARGS__)
#define HN__OPTS_7(o, a, ...) o a; HN__OPTS_6(o, __VA_ARGS__)
#define HN__OPTS_8(o, a, ...) o a; HN__OPTS_7(o, __VA_ARGS__)
#define HN__OPTS_9(o, a, ...) o a; HN__OPTS_8(o, __VA_ARGS__)

/* HN_TEST(suite, name, options...) { body }
 * Defines and registers a test named "suite.name". Registration is by the
 * descriptor's section (HN__ALIGN), so it survives -flto, --gc-sections,
 * strip and static linking. */
#define HN_TEST(...) HN__TEST(__VA_ARGS__, .hn__end = 0)
#ifdef __cplusplus
#define HN__TEST(s, n, ...)                                                     \
    static void HN__ID(body, s, n)(void);                                       \
    static void HN__ID(call, s, n)(const void *hn__p)                           \
    {                                                                           \
        (void)hn__p;                                                            \
        HN__ID(body, s, n)();                                                   \
    }                                                                           \
    static hn_test HN__ID(test, s, n) HN__ALIGN = {                             \
        #s, #n, __FILE__, __LINE__, HN__ID(call, s, n), hn_test_opts(), NULL};  \
    __attribute__((constructor)) static void HN__ID(opts, s, n)(void)           \
    {                                                                           \
        hn_test_opts &hn__o = HN__ID(test, s, n).opts;                          \
        HN__OPTS(hn__o, __VA_ARGS__)                                            \
    }                                                                           \
    static void HN__ID(body, s, n)(void)
#else
#define HN__TEST(s, n, ...)                                                     \
    static hn__test_fn HN__ID(body, s, n);                                      \
    static hn_test HN__ID(test, s, n) HN__ALIGN = {                             \
        #s, #n, __FILE__, __LINE__, HN__ID(body, s, n), {__VA_ARGS__}, 0};      \
    static void HN__ID(body, s, n)(__attribute__((unused)) const void *hn__p)
#endif

/* HN_TEST_P(suite, name, type, table, options...) { body using HN_PARAM }
 * Runs the body once per element of the array `table` of `type`; each case is
 * reported as its own test, "suite.name/INDEX". HN_PARAM points at the case. */
#define HN_TEST_P(...) HN__TEST_P1(__VA_ARGS__, .hn__end = 0)
#define HN__TEST_P1(s, n, type, table, ...)                                     \
    HN__TEST_P(s, n, type, table, -1, __VA_ARGS__)

/* HN_TEST_PN(suite, name, type, table, field, options...): as HN_TEST_P, but
 * each case is named by its `const char *field`: "suite.name/FIELD". */
#define HN_TEST_PN(...) HN__TEST_PN1(__VA_ARGS__, .hn__end = 0)
#define HN__TEST_PN1(s, n, type, table, field, ...)                             \
    HN__TEST_P(s, n, type, table,                                               \
               (ptrdiff_t)offsetof(type, field) +                               \
                   HN__NAME_FIELD(((type *)0)->field), __VA_ARGS__)
/* 0 for a `const char *` or `char *` field, a compile error for another. */
#ifdef __cplusplus
} /* extern "C" */
int hn__name_field(const char *); /* never defined: only its size is taken */
extern "C" {
#define HN__NAME_FIELD(f) (0 * (ptrdiff_t)sizeof(hn__name_field(f)))
#else
#define HN__NAME_FIELD(f) _Generic((f), const char *: 0, char *: 0)
#endif

#ifdef __cplusplus
#define HN__TEST_P(s, n, type, table, nameat, ...)                              \
    static void HN__ID(body, s, n)(const type *HN_PARAM);                       \
    static void HN__ID(call, s, n)(const void *hn__p)                           \
    {                                                                           \
        HN__ID(body, s, n)((const type *)hn__p);                                \
    }                                                                           \
    static const hn_test_cases HN__ID(cases, s, n) = {                          \
        (table), sizeof(table) / sizeof((table)[0]), sizeof(type), (nameat)};   \
    static hn_test HN__ID(test, s, n) HN__ALIGN = {                             \
        #s, #n, __FILE__, __LINE__, HN__ID(call, s, n), hn_test_opts(),         \
        &HN__ID(cases, s, n)};                                                  \
    __attribute__((constructor)) static void HN__ID(opts, s, n)(void)           \
    {                                                                           \
        hn_test_opts &hn__o = HN__ID(test, s, n).opts;                          \
        HN__OPTS(hn__o, __VA_ARGS__)                                            \
    }                                                                           \
    static void HN__ID(body, s, n)(const type *HN_PARAM)
#else

#define HN__TEST_P(s, n, type, table, nameat, ...)                              \
    static void HN__ID(body, s, n)(const type *HN_PARAM);                       \
    static void HN__ID(call, s, n)(const void *hn__p)                           \
    {                                                                           \
        HN__ID(body, s, n)((const type *)hn__p);                                \
    }                                                                           \
    static const hn_test_cases HN__ID(cases, s, n) = {                          \
        .params = (table), .count = sizeof(table) / sizeof((table)[0]),         \
        .size = sizeof(type), .name_at = (nameat)};                             \
    static hn_test HN__ID(test, s, n) HN__ALIGN = {                             \
        .suite = #s, .name = #n, .file = __FILE__, .line = __LINE__,            \
        .fn = HN__ID(call, s, n), .opts = { __VA_ARGS__ },                      \
        .cases = &HN__ID(cases, s, n)};                                         \
    static void HN__ID(body, s, n)(const type *HN_PARAM)
#endif

/* HN_SUITE(suite, .setup = f, .teardown = g, .timeout_ms = N);
 * Gives every test of `suite` (in any file of the program) its fixtures. A
 * suite may be declared once per program (a second HN_SUITE of the same name,
 * like a second HN_TEST of the same suite and name, stops the run at start). */
#define HN_SUITE(...) HN__SUITE(__VA_ARGS__, .hn__end = 0)
#ifdef __cplusplus
#define HN__SUITE(s, ...)                                                       \
    static hn_suite HN__CAT(hn__suite_, s) = {                                  \
        #s, hn_suite_opts(), NULL, __FILE__, __LINE__};                         \
    __attribute__((constructor)) static void HN__CAT(hn__suite_reg_, s)(void)   \
    {                                                                           \
        hn_suite_opts &hn__o = HN__CAT(hn__suite_, s).opts;                     \
        HN__OPTS(hn__o, __VA_ARGS__)                                            \
        hn__suite_register(&HN__CAT(hn__suite_, s));                            \
    }                                                                           \
    typedef int HN__CAT(hn__suite_semicolon_, s)
#else
#define HN__SUITE(s, ...)                                                       \
    static hn_suite HN__CAT(hn__suite_, s) = {                                  \
        .name = #s, .opts = { __VA_ARGS__ }, .hn__next = NULL,                  \
        .hn__file = __FILE__, .hn__line = __LINE__};                            \
    __attribute__((constructor)) static void HN__CAT(hn__suite_reg_, s)(void)   \
    {                                                                           \
        hn__suite_register(&HN__CAT(hn__suite_, s));                            \
    }                                                                           \
    typedef int HN__CAT(hn__suite_semicolon_, s)
#endif

/* HN_SKIP("why %d", ...): stop the test here and report it skipped. */
#define HN_SKIP(...) hn__skip(__FILE__, __LINE__, __VA_ARGS__)
/* HN_FAIL("fmt", ...): fail the test with a message and stop it. */
#define HN_FAIL(...) hn__fail(__FILE__, __LINE__, __VA_ARGS__)
/* HN_LOG("fmt", ...): a line shown with the test's result. */
#define HN_LOG(...) hn__log(__FILE__, __LINE__, __VA_ARGS__)

#ifdef __cplusplus
}
#endif
#endif
