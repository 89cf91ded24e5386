/* SPDX-License-Identifier: MIT */
/* honest/assert.h: the HN_ASSERT_* (stop the test) and HN_CHECK_* (record and
 * go on) families. Included by <honest.h>; do not include it directly. */
#ifndef HONEST_ASSERT_H
#define HONEST_ASSERT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
#include <type_traits>
extern "C" {
#endif

/* A value captured by an assertion, tagged with how to print and compare it. */
typedef struct hn__value {
    int kind; /* HN__V_* */
    union {
        intmax_t i;
        uintmax_t u;
        const volatile void *p;
        double d;
    } v;
} hn__value;

enum { HN__V_INT = 1, HN__V_UINT, HN__V_BOOL, HN__V_CHAR, HN__V_PTR, HN__V_FLOAT };
enum { HN__OP_EQ = 1, HN__OP_NE, HN__OP_LT, HN__OP_LE, HN__OP_GT, HN__OP_GE };

/* The pointer arguments of hn__v_ptr and hn__assert_null are compared, never
 * read: said so that GCC at -O2 does not warn about a pointer to memory not yet
 * written (HN_ASSERT_NOT_NULL(malloc(n))). */
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ >= 11
#define HN__NO_ACCESS(i) __attribute__((access(none, i)))
#else
#define HN__NO_ACCESS(i)
#endif

hn__value hn__v_int(intmax_t x);
hn__value hn__v_uint(uintmax_t x);
#ifdef __cplusplus
hn__value hn__v_bool(bool x);
#else
hn__value hn__v_bool(_Bool x);
#endif
hn__value hn__v_char(char x);
hn__value hn__v_ptr(const volatile void *x) HN__NO_ACCESS(1);
hn__value hn__v_float(double x);

/* Maps any integer, enum, pointer or floating value to an hn__value: by
 * _Generic in C, by overloads in C++ (the same mapping). */
#ifdef __cplusplus
extern "C++" {
inline hn__value hn__val(bool x) { return hn__v_bool(x); }
inline hn__value hn__val(char x) { return hn__v_char(x); }
inline hn__value hn__val(signed char x) { return hn__v_int(x); }
inline hn__value hn__val(short x) { return hn__v_int(x); }
inline hn__value hn__val(int x) { return hn__v_int(x); }
inline hn__value hn__val(long x) { return hn__v_int(x); }
inline hn__value hn__val(long long x) { return hn__v_int(x); }
inline hn__value hn__val(wchar_t x) { return hn__v_int(x); }
inline hn__value hn__val(unsigned char x) { return hn__v_uint(x); }
inline hn__value hn__val(unsigned short x) { return hn__v_uint(x); }
inline hn__value hn__val(unsigned int x) { return hn__v_uint(x); }
inline hn__value hn__val(unsigned long x) { return hn__v_uint(x); }
inline hn__value hn__val(unsigned long long x) { return hn__v_uint(x); }
inline hn__value hn__val(char16_t x) { return hn__v_uint(x); }
inline hn__value hn__val(char32_t x) { return hn__v_uint(x); }
inline hn__value hn__val(float x) { return hn__v_float(x); }
inline hn__value hn__val(double x) { return hn__v_float(x); }
inline hn__value hn__val(long double x) { return hn__v_float((double)x); }
inline hn__value hn__val(decltype(nullptr)) { return hn__v_ptr(nullptr); }
template <class T> inline hn__value hn__val(T *x) { return hn__v_ptr(x); }
/* Enumerations (scoped or not) by the signedness of their underlying type. */
template <class T, typename std::enable_if<std::is_enum<T>::value, int>::type = 0>
inline hn__value hn__val(T x)
{
    typedef typename std::underlying_type<T>::type U;
    return std::is_signed<U>::value ? hn__v_int((intmax_t)x) : hn__v_uint((uintmax_t)x);
}
}
#define HN__VAL(x) hn__val(x)
#else
/* In C the value is built inline (no call): the assertion makes one call. */
static inline hn__value hn__iv_int(intmax_t x)
{
    hn__value v = {HN__V_INT, {0}};
    v.v.i = x;
    return v;
}
static inline hn__value hn__iv_uint(uintmax_t x)
{
    hn__value v = {HN__V_UINT, {0}};
    v.v.u = x;
    return v;
}
static inline hn__value hn__iv_bool(_Bool x)
{
    hn__value v = {HN__V_BOOL, {0}};
    v.v.u = x;
    return v;
}
static inline hn__value hn__iv_char(char x)
{
    hn__value v = {HN__V_CHAR, {0}};
    v.v.i = x;
    return v;
}
static inline hn__value hn__iv_ptr(const volatile void *x)
{
    hn__value v = {HN__V_PTR, {0}};
    v.v.p = x;
    return v;
}
static inline hn__value hn__iv_float(double x)
{
    hn__value v = {HN__V_FLOAT, {0}};
    v.v.d = x;
    return v;
}
#define HN__VAL(x)                                                              \
    _Generic((x),                                                               \
        _Bool: hn__iv_bool, char: hn__iv_char, signed char: hn__iv_int,         \
        short: hn__iv_int, int: hn__iv_int, long: hn__iv_int,                   \
        long long: hn__iv_int, unsigned char: hn__iv_uint,                      \
        unsigned short: hn__iv_uint, unsigned int: hn__iv_uint,                 \
        unsigned long: hn__iv_uint, unsigned long long: hn__iv_uint,            \
        float: hn__iv_float, double: hn__iv_float, long double: hn__iv_float,   \
        default: hn__iv_ptr)(x)
#endif

/* Each checker returns when the assertion held or `fatal` is 0; a failed
 * fatal assertion never returns: it ends the test, or, on a thread the code
 * under test started, that thread. `macro` is the macro's name as written. */
void hn__assert_true(int fatal, const char *file, int line, const char *macro,
                     const char *expr, int holds);
void hn__assert_cmp(int fatal, const char *file, int line, const char *macro,
                    int op, const char *ea, const char *eb, hn__value a,
                    hn__value b);
void hn__assert_str(int fatal, const char *file, int line, const char *macro,
                    int op, const char *ea, const char *eb, const char *a,
                    const char *b);
void hn__assert_contains(int fatal, const char *file, int line,
                         const char *macro, const char *ea, const char *eb,
                         const char *haystack, const char *needle);
void hn__assert_mem(int fatal, const char *file, int line, const char *macro,
                    const char *ea, const char *eb, const char *en, const void *a,
                    const void *b, size_t n);
void hn__assert_near(int fatal, const char *file, int line, const char *macro,
                     const char *ea, const char *eb, const char *eeps, long double a,
                     long double b, long double eps);
void hn__assert_null(int fatal, const char *file, int line, const char *macro,
                     const char *expr, int want_null, const volatile void *p)
    HN__NO_ACCESS(7);

/* Counts an assertion that held. */
void hn__assert_pass(const char *file, int line);
/* A failed HN_ASSERT(c) and HN_ASSERT_NOT_NULL(p): written as conditions in
 * the macros, so that the compiler (and gcc -fanalyzer) sees that the code
 * after them runs only when they held. */
void hn__assert_false(const char *file, int line, const char *macro, const char *expr)
    __attribute__((noreturn));
void hn__assert_is_null(const char *file, int line, const char *macro, const char *expr)
    __attribute__((noreturn));

/* p != NULL, as a function so that an array operand (always non-NULL) does
 * not draw a warning; inline, so that the compiler sees through it. */
static inline int hn__nonnull(const volatile void *p) HN__NO_ACCESS(1);
static inline int hn__nonnull(const volatile void *p)
{
    return p != NULL;
}

/* What an assertion knows before it runs: kept as static data, so that an
 * assertion compiles to one call with its values and a pointer to this. */
typedef struct hn__assert_site {
    const char *file;
    const char *macro; /* the macro's name as written */
    const char *ea, *eb; /* the operands as written (eb NULL for HN_ASSERT) */
    int line;
    int op; /* HN__OP_*, 0 for HN_ASSERT */
    int fatal;
    int ka, kb; /* hn__assert_cmp_va: how a and b are passed (HN__ARG), else 0 */
} hn__assert_site;

/* The same checks as hn__assert_true, _cmp and _str, the site given as one
 * pointer. hn__assert_cmp_va takes the two operands as they are, after the
 * default argument promotions; s->ka and s->kb say how each was passed. */
void hn__assert_true_at(const hn__assert_site *s, int holds);
void hn__assert_cmp_at(const hn__assert_site *s, hn__value a, hn__value b);
void hn__assert_cmp_va(const hn__assert_site *s, ...);
void hn__assert_str_at(const hn__assert_site *s, const char *a, const char *b);

/* The user-facing macros stringize their operands themselves (#a), before
 * macro expansion, so that a failure shows the expression as written
 * (UINT_MAX, NULL) rather than its expansion. Each is an expression of type
 * void (a GNU statement expression holding the site). */
#define HN__SITE(f, m, op, ea, eb, ka, kb)                                      \
    static const hn__assert_site hn__site = {__FILE__, m, ea, eb, __LINE__, op, f, ka, kb}
#define HN__TRUE(f, m, s, c)                                                    \
    __extension__({                                                             \
        HN__SITE(f, m, 0, s, NULL, 0, 0);                                       \
        hn__assert_true_at(&hn__site, (c) ? 1 : 0);                             \
    })
#ifdef __cplusplus
#define HN__CMP(f, m, op, ea, eb, a, b)                                         \
    __extension__({                                                             \
        HN__SITE(f, m, op, ea, eb, 0, 0);                                       \
        hn__assert_cmp_at(&hn__site, HN__VAL(a), HN__VAL(b));                   \
    })
#else
/* How an operand travels through "..." (after the default argument
 * promotions) and how it is shown, as a constant (no code is generated for
 * it): 1 int, 2 unsigned int, 3 long, 4 unsigned long, 5 long long,
 * 6 unsigned long long, 7 an int shown unsigned (unsigned char and short),
 * 8 an int shown as _Bool, 9 an int shown as a char, 10 a double (float,
 * double), 11 a long double, 12 a pointer (or an array or a function), and
 * 0 for anything else (a struct, a bit-field, __int128), which HN__CMP
 * refuses at compile time. An enum has the type of its integer. Each operand
 * is then passed as it is: the comparison and the message are the library's
 * (framework/core/assert.c), so an assertion is one call. */
#define HN__ARG(x)                                                              \
    _Generic((x), _Bool: 8, char: 9, signed char: 1, short: 1, int: 1,          \
        long: 3, long long: 5, unsigned char: 7, unsigned short: 7,             \
        unsigned int: 2, unsigned long: 4, unsigned long long: 6, float: 10,    \
        double: 10, long double: 11,                                            \
        default: 12 * (__builtin_classify_type(x) == 5))
#define HN__CMP(f, m, op, ea, eb, a, b)                                         \
    __extension__({                                                             \
        enum { hn__ka = HN__ARG(a), hn__kb = HN__ARG(b) };                      \
        _Static_assert(hn__ka && hn__kb, m "(" ea ", " eb "): an operand is not an " \
                       "integer, character, enum, floating value or pointer (a struct? a " \
                       "bit-field? cast it to its type)");                      \
        HN__SITE(f, m, op, ea, eb, hn__ka, hn__kb);                             \
        hn__assert_cmp_va(&hn__site, a, b);                                     \
    })
#endif
#define HN__STR(f, m, op, ea, eb, a, b)                                         \
    __extension__({                                                             \
        HN__SITE(f, m, op, ea, eb, 0, 0);                                       \
        hn__assert_str_at(&hn__site, a, b);                                     \
    })

/* HN_ASSERT(cond): cond must be true. */
#define HN_ASSERT(c)                                                            \
    ((c) ? hn__assert_pass(__FILE__, __LINE__)                                  \
         : hn__assert_false(__FILE__, __LINE__, "HN_ASSERT", #c))
#define HN_CHECK(c) HN__TRUE(0, "HN_CHECK", #c, c)

/* Integer, enum, character and pointer comparisons; both values are printed.
 * Signed and unsigned operands compare by mathematical value. */
#define HN_ASSERT_EQ(a, b) HN__CMP(1, "HN_ASSERT_EQ", HN__OP_EQ, #a, #b, a, b)
#define HN_ASSERT_NE(a, b) HN__CMP(1, "HN_ASSERT_NE", HN__OP_NE, #a, #b, a, b)
#define HN_ASSERT_LT(a, b) HN__CMP(1, "HN_ASSERT_LT", HN__OP_LT, #a, #b, a, b)
#define HN_ASSERT_LE(a, b) HN__CMP(1, "HN_ASSERT_LE", HN__OP_LE, #a, #b, a, b)
#define HN_ASSERT_GT(a, b) HN__CMP(1, "HN_ASSERT_GT", HN__OP_GT, #a, #b, a, b)
#define HN_ASSERT_GE(a, b) HN__CMP(1, "HN_ASSERT_GE", HN__OP_GE, #a, #b, a, b)
#define HN_CHECK_EQ(a, b) HN__CMP(0, "HN_CHECK_EQ", HN__OP_EQ, #a, #b, a, b)
#define HN_CHECK_NE(a, b) HN__CMP(0, "HN_CHECK_NE", HN__OP_NE, #a, #b, a, b)
#define HN_CHECK_LT(a, b) HN__CMP(0, "HN_CHECK_LT", HN__OP_LT, #a, #b, a, b)
#define HN_CHECK_LE(a, b) HN__CMP(0, "HN_CHECK_LE", HN__OP_LE, #a, #b, a, b)
#define HN_CHECK_GT(a, b) HN__CMP(0, "HN_CHECK_GT", HN__OP_GT, #a, #b, a, b)
#define HN_CHECK_GE(a, b) HN__CMP(0, "HN_CHECK_GE", HN__OP_GE, #a, #b, a, b)

/* Strings (NULL allowed and printed as NULL); values quoted and escaped. */
#define HN_ASSERT_STR_EQ(a, b) HN__STR(1, "HN_ASSERT_STR_EQ", HN__OP_EQ, #a, #b, a, b)
#define HN_ASSERT_STR_NE(a, b) HN__STR(1, "HN_ASSERT_STR_NE", HN__OP_NE, #a, #b, a, b)
#define HN_CHECK_STR_EQ(a, b) HN__STR(0, "HN_CHECK_STR_EQ", HN__OP_EQ, #a, #b, a, b)
#define HN_CHECK_STR_NE(a, b) HN__STR(0, "HN_CHECK_STR_NE", HN__OP_NE, #a, #b, a, b)
#define HN_ASSERT_STR_CONTAINS(h, n)                                            \
    hn__assert_contains(1, __FILE__, __LINE__, "HN_ASSERT_STR_CONTAINS", #h, #n, h, n)
#define HN_CHECK_STR_CONTAINS(h, n)                                             \
    hn__assert_contains(0, __FILE__, __LINE__, "HN_CHECK_STR_CONTAINS", #h, #n, h, n)

/* n bytes at a and b must be equal; a failure prints a hex dump of both with
 * the first differing byte marked. */
#define HN_ASSERT_MEM_EQ(a, b, n)                                               \
    hn__assert_mem(1, __FILE__, __LINE__, "HN_ASSERT_MEM_EQ", #a, #b, #n, a, b, n)
#define HN_CHECK_MEM_EQ(a, b, n)                                                \
    hn__assert_mem(0, __FILE__, __LINE__, "HN_CHECK_MEM_EQ", #a, #b, #n, a, b, n)

/* |a - b| <= eps for floating values. */
#define HN_ASSERT_NEAR(a, b, eps)                                               \
    hn__assert_near(1, __FILE__, __LINE__, "HN_ASSERT_NEAR", #a, #b, #eps, a, b, eps)
#define HN_CHECK_NEAR(a, b, eps)                                                \
    hn__assert_near(0, __FILE__, __LINE__, "HN_CHECK_NEAR", #a, #b, #eps, a, b, eps)

#define HN_ASSERT_NULL(p) hn__assert_null(1, __FILE__, __LINE__, "HN_ASSERT_NULL", #p, 1, p)
#define HN_ASSERT_NOT_NULL(p)                                                   \
    (hn__nonnull(p) ? hn__assert_pass(__FILE__, __LINE__)                       \
                    : hn__assert_is_null(__FILE__, __LINE__, "HN_ASSERT_NOT_NULL", #p))
#define HN_CHECK_NULL(p) hn__assert_null(0, __FILE__, __LINE__, "HN_CHECK_NULL", #p, 1, p)
#define HN_CHECK_NOT_NULL(p)                                                    \
    hn__assert_null(0, __FILE__, __LINE__, "HN_CHECK_NOT_NULL", #p, 0, p)

#ifdef __cplusplus
}
#endif
#endif
