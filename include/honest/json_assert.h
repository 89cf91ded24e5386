/* SPDX-License-Identifier: MIT */
/* honest/json_assert.h: HN_ASSERT_JSON_EQ and HN_CHECK_JSON_EQ on JSON text.
 * Included by <honest.h>; names no cJSON type. <honest/diff.h> widens both
 * macros to cJSON trees. */
#ifndef HONEST_JSON_ASSERT_H
#define HONEST_JSON_ASSERT_H

#ifdef __cplusplus
#include <type_traits>
extern "C" {
#endif

/* An argument of HN_ASSERT_JSON_EQ: JSON text or (with <honest/diff.h>) a
 * cJSON tree. */
typedef struct hn__diff_arg {
    int tree;      /* 1: p is a const struct cJSON *, 0: JSON text */
    const void *p;
} hn__diff_arg;

hn__diff_arg hn__diff_arg_text(const char *text);
hn__diff_arg hn__diff_arg_ptr(const void *text);
void hn__diff_assert_eq(int fatal, const char *file, int line, const char *macro,
                        const char *ea, const char *eb, hn__diff_arg actual,
                        hn__diff_arg expected);
/* Never defined: an argument of a type HN_ASSERT_JSON_EQ does not take
 * selects it, and the compiler stops with this message (a compiler without
 * the error attribute stops at link time, on the undefined name). */
#if defined(__has_attribute)
#if __has_attribute(error)
#define HN__JSON_ARG_ERROR(msg) __attribute__((error(msg)))
#endif
#endif
#ifndef HN__JSON_ARG_ERROR
#define HN__JSON_ARG_ERROR(msg)
#endif
HN__JSON_ARG_ERROR("HN_ASSERT_JSON_EQ/HN_CHECK_JSON_EQ take JSON text (char *); "
                   "to pass a cJSON tree, #include <honest/diff.h>")
hn__diff_arg hn__diff_arg_unknown(const volatile void *x);

#ifdef __cplusplus
} /* extern "C" */
inline hn__diff_arg hn__diff_arg_of(const char *x) { return hn__diff_arg_text(x); }
inline hn__diff_arg hn__diff_arg_of(const void *x) { return hn__diff_arg_ptr(x); }
/* A pointer to a class (a cJSON tree, say) without <honest/diff.h>, which
 * declares the overload for trees: stop rather than read it as text. */
template <class T> inline hn__diff_arg hn__diff_arg_of(const T *x)
{
    static_assert(!std::is_class<T>::value,
                  "HN_ASSERT_JSON_EQ/HN_CHECK_JSON_EQ take JSON text (char *); "
                  "to pass a cJSON tree, #include <honest/diff.h>");
    return hn__diff_arg_ptr(x);
}
extern "C" {
#define HN__DIFF_ARG(x) hn__diff_arg_of(x)
#else
/* <honest/diff.h> redefines this with cJSON trees added. */
#define HN__DIFF_ARG(x)                                                         \
    _Generic((x), char *: hn__diff_arg_text, const char *: hn__diff_arg_text,   \
        void *: hn__diff_arg_ptr, const void *: hn__diff_arg_ptr,               \
        default: hn__diff_arg_unknown)(x)
#endif

/* HN_ASSERT_JSON_EQ(actual, expected): the two JSON documents are equal in
 * values mode (arrays by index, no tolerance; integers and floats both
 * "number"). Each argument is JSON text (char *), or a cJSON tree (cJSON *)
 * when <honest/diff.h> is included, chosen by _Generic (by overloads in C++).
 * A failure prints both expressions and the structural differences, expected
 * being A: `added` is in actual only. Text that is not JSON fails the
 * assertion with line and column. */
#define HN_ASSERT_JSON_EQ(actual, expected)                                     \
    hn__diff_assert_eq(1, __FILE__, __LINE__, "HN_ASSERT_JSON_EQ", #actual,     \
                       #expected, HN__DIFF_ARG(actual), HN__DIFF_ARG(expected))
#define HN_CHECK_JSON_EQ(actual, expected)                                      \
    hn__diff_assert_eq(0, __FILE__, __LINE__, "HN_CHECK_JSON_EQ", #actual,      \
                       #expected, HN__DIFF_ARG(actual), HN__DIFF_ARG(expected))

#ifdef __cplusplus
}
#endif
#endif
