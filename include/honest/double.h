/* SPDX-License-Identifier: MIT */
/* honest/double.h: test doubles (stub, fake, spy, mock) declared from the real
 * prototype, and hn_fn run-time doubles. Included by <honest.h>. */
#ifndef HONEST_DOUBLE_H
#define HONEST_DOUBLE_H

#include <stddef.h>
#include <stdint.h>
#include <honest/assert.h>

#if defined(__GLIBC__) && defined(__has_include)
#if __has_include(<sys/single_threaded.h>)
#include <sys/single_threaded.h>
#define HN__ONE_THREAD() (__libc_single_threaded != 0)
#endif
#endif
#ifndef HN__ONE_THREAD
#define HN__ONE_THREAD() 0
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* How many calls of each HN_DOUBLE a spy keeps arguments of (the count stays
 * exact past it). Define it before including <honest.h>, the same in every
 * file of a test program, to change it. */
#ifndef HN_DOUBLE_HISTORY
#define HN_DOUBLE_HISTORY 1024
#endif
/* Most parameters a double can have; most out-parameter fills per expectation. */
#define HN_DOUBLE_MAX_ARGS 10
#define HN_FILL_MAX 4

/* ---------------------------------------------------------------------------
 * Declaring a double
 *
 * HN_DOUBLE(ret, fn, argtypes...);   at file scope, with fn's real declaration
 * in scope. The parameter types are checked against the real prototype: any
 * difference in return type, parameter count or parameter type is a compile
 * error "HN_DOUBLE(fn): the declared signature does not match ...".
 *
 *   HN_DOUBLE(int, fetch_user, const char *, struct user *);
 *   HN_DOUBLE(time_t, time, time_t *);      // a libc function: interposed
 *   HN_DOUBLE(void, log_line, const char *);
 *   HN_DOUBLE(int, rand, void);             // or HN_DOUBLE(int, rand)
 *   HN_DOUBLE(int, log_printf, const char *, HN_VARARGS);  // f(const char *, ...)
 *
 * A parameter type may be annotated so that spies copy what it points to at
 * call time (see "Spies"): HN_STR(char *) for a NUL-terminated input string
 * (const char * is copied as a string without annotation), HN_BUF(type, n) for
 * a buffer whose length in bytes is parameter number n (0-based):
 *
 *   HN_DOUBLE(ssize_t, send_all, int, HN_BUF(const void *, 2), size_t);
 *
 * The double is reachable through three seams (docs/doubles.md, "Seams"):
 * honest_add_test links calls to fn from other object files to the double
 * (-Wl,--wrap=fn) and, when no object of the program defines fn (a function
 * of a shared library such as libc or libcurl), defines fn in the test
 * program so that every caller, shared libraries included, reaches the
 * double. A double that nothing configured in the running test behaves as the
 * real function. Configured doubles watch the real function: if it runs
 * anyway (a call the seam cannot reach), the test fails naming fn.
 * Variadic doubles record and answer their fixed arguments; they cannot call
 * the real function or a fake (C cannot forward "...").
 * ------------------------------------------------------------------------ */
#define HN_DOUBLE(...) HN__DECL(HN__DBL, ~, __VA_ARGS__)

/* HN_FN(fnptr_type, ret, name, argtypes...);   inside a test (or setup):
 * declares `fnptr_type name`, a run-time double (a libffi closure) for
 * callbacks and tables of function pointers. fnptr_type must be the pointer
 * type of ret(argtypes) or compilation fails naming it. Every HN_* verb of
 * this header works on `name` as on an HN_DOUBLE. It lives until the end of
 * the test. Scalars of every width, floating types and pointers; no struct
 * passed or returned by value, no variadics.
 *
 *   typedef int (*cmp_fn)(const void *, const void *);
 *   HN_FN(cmp_fn, int, by_len, const void *, const void *);
 *   HN_RETURNS(by_len, -1);
 *   qsort(v, n, sizeof *v, by_len);
 *   HN_ASSERT_CALLED(by_len, n - 1);
 */
#define HN_FN(type, ...) HN__DECL(HN__FNK, type, __VA_ARGS__)
/* HN_FN_REAL(name, fp): the function an hn_fn calls through to (unconfigured,
 * or HN_CALLS_REAL). Without it, an unconfigured hn_fn returns zero. */
#define HN_FN_REAL(name, fp)                                                    \
    do {                                                                        \
        hn__fp_##name hn__f = (fp);                                             \
        hn__fn_set_real(HN__D(name), (hn__vfn)hn__f, __FILE__, __LINE__);       \
    } while (0)

/* ---------------------------------------------------------------------------
 * Stubs: canned answers. Each configures the double for the running test
 * only; the runner resets every double before each test. Configuring outside
 * a test is an error that ends the program (status 2).
 * ------------------------------------------------------------------------ */
/* fn returns v on every call. */
#define HN_RETURNS(fn, v)                                                       \
    do {                                                                        \
        hn__ret_##fn hn__v[1] = {(v)};                                          \
        hn__stub_returns(HN__D(fn), hn__v, sizeof hn__v[0], 1, "HN_RETURNS",    \
                         __FILE__, __LINE__);                                   \
    } while (0)
/* fn returns v1, then v2, ...; the last value repeats. */
#define HN_RETURNS_SEQ(fn, ...)                                                 \
    do {                                                                        \
        hn__ret_##fn hn__v[] = {__VA_ARGS__};                                   \
        hn__stub_returns(HN__D(fn), hn__v, sizeof hn__v[0],                     \
                         sizeof hn__v / sizeof hn__v[0], "HN_RETURNS_SEQ",      \
                         __FILE__, __LINE__);                                   \
    } while (0)
/* On every call, fn stores v through its pointer parameter number i (0-based;
 * a literal): *arg_i = v. The type of v is checked against *arg_i. */
#define HN_FILLS(fn, i, v)                                                      \
    do {                                                                        \
        __typeof__(*((hn__args_##fn *)0)->a##i) hn__v = (v);                    \
        hn__stub_fills(HN__D(fn), i, &hn__v, sizeof hn__v, __FILE__, __LINE__); \
    } while (0)
/* On every call, fn copies n bytes from p (copied now) to its pointer
 * parameter number i: for void * and char * out-buffers. */
#define HN_FILLS_BYTES(fn, i, p, n)                                             \
    hn__stub_fills(HN__D(fn), (int)sizeof(((hn__args_##fn *)0)->a##i) * 0 + i, \
                   p, n, __FILE__, __LINE__)

/* ---------------------------------------------------------------------------
 * Fakes and spies
 * ------------------------------------------------------------------------ */
/* Fake: calls of fn run impl, a working implementation with fn's exact type
 * (a mismatch is a compile error). */
#define HN_CALLS(fn, impl)                                                      \
    do {                                                                        \
        _Static_assert(__builtin_types_compatible_p(__typeof__(&*(impl)),       \
                                                    hn__fp_##fn),               \
                       "HN_CALLS(" #fn ", " #impl "): " #impl                   \
                       " must have the type of " #fn);                          \
        hn__double_calls(HN__D(fn), (hn__vfn)(impl), #impl, __FILE__, __LINE__); \
    } while (0)
/* Spy that calls through: fn records each call and runs the real function. */
#define HN_CALLS_REAL(fn) hn__double_calls_real(HN__D(fn), __FILE__, __LINE__)

/* Every double records every call of the running test, whether configured or
 * not. Arguments are kept by value as the call made them; a string parameter
 * (const char *, HN_STR) and an HN_BUF buffer are copied deeply, so a record
 * never shows a buffer the caller changed later. Records are kept for the
 * first HN_DOUBLE_HISTORY calls; counts are exact past that and across
 * threads. Calls are numbered from 0 in the order they happened. */
/* The number of calls of fn in the running test (size_t). */
#define HN_CALL_COUNT(fn) hn__spy_count(HN__D(fn))
/* Argument number `arg` (0-based, a literal) of call number `call` of fn, with
 * its parameter's type (a string or buffer parameter gives the copy). A call
 * that did not happen fails the test. */
#define HN_ARG(fn, call, arg)                                                   \
    (((const hn__args_##fn *)hn__spy_record(HN__D(fn), (call), __FILE__,       \
                                            __LINE__))->a##arg)
/* fn was called exactly n times / never. A failure lists the calls made. */
#define HN_ASSERT_CALLED(fn, n)                                                 \
    hn__spy_assert_called(1, HN__D(fn), (n), "HN_ASSERT_CALLED(" #fn ", " #n ")", \
                          __FILE__, __LINE__)
#define HN_ASSERT_NOT_CALLED(fn)                                                \
    hn__spy_assert_called(1, HN__D(fn), 0, "HN_ASSERT_NOT_CALLED(" #fn ")",     \
                          __FILE__, __LINE__)
#define HN_CHECK_CALLED(fn, n)                                                  \
    hn__spy_assert_called(0, HN__D(fn), (n), "HN_CHECK_CALLED(" #fn ", " #n ")", \
                          __FILE__, __LINE__)
#define HN_CHECK_NOT_CALLED(fn)                                                 \
    hn__spy_assert_called(0, HN__D(fn), 0, "HN_CHECK_NOT_CALLED(" #fn ")",      \
                          __FILE__, __LINE__)
/* At least one call of fn matched the matchers (one per parameter). */
#define HN_ASSERT_CALLED_WITH(...) HN__CW(1, __VA_ARGS__, .hn__end = 0)
#define HN_CHECK_CALLED_WITH(...) HN__CW(0, __VA_ARGS__, .hn__end = 0)
#define HN__CW(fatal, fn, ...)                                                  \
    hn__spy_assert_called_with(fatal, HN__D(fn), &(hn__xo_##fn){__VA_ARGS__},  \
                               &hn__xl_##fn, "HN_ASSERT_CALLED_WITH(" #fn ")",  \
                               __FILE__, __LINE__)

/* ---------------------------------------------------------------------------
 * Mocks: expectations, verified after the test automatically.
 *
 *   HN_EXPECT_CALL(fn, matchers..., options...);
 *
 * One matcher per parameter (or none: any arguments), then options as
 * designated initialisers:
 *   .times = hn_times(n) | hn_at_least(n) | hn_at_most(n) | hn_between(a, b)
 *            | hn_never()                      (default: exactly once)
 *   .returns = v           what a matched call returns (default: zero)
 *   .calls = impl          a matched call runs impl (fn's type) instead
 *   .calls_real = 1        a matched call runs the real function
 *   .fill = {hn_fill(i, &value, sizeof value), ...}   out-parameters
 *   .seq = s               ordered: s = hn_sequence(); expectations of one
 *                          sequence must be met in the order declared,
 *                          across doubles
 * Once fn has an expectation in a test, every call of fn must match one: a
 * call matching none fails the test, printing its arguments and why each
 * expectation refused it. A call takes the first expectation, in order of
 * declaration, that matches and is not saturated. After the test, each
 * expectation whose count is below its minimum fails the test with where it
 * was declared. Returns the expectation.
 *
 *   HN_EXPECT_CALL(send_msg, hn_eq(3), hn_str_eq("hello"), .returns = 5);
 *   HN_EXPECT_CALL(read_config, hn_any(), hn_any(), .times = hn_at_least(1),
 *                  .fill = {hn_fill(1, &cfg, sizeof cfg)});
 * ------------------------------------------------------------------------ */
#define HN_EXPECT_CALL(...) HN__EXPECT(__VA_ARGS__, .hn__end = 0)
#define HN__EXPECT(fn, ...)                                                     \
    hn__expect_add(HN__D(fn), &(hn__xo_##fn){__VA_ARGS__}, &hn__xl_##fn,       \
                   __FILE__, __LINE__)

typedef struct hn_expect hn_expect; /* an expectation; owned by the test */
typedef struct hn_seq hn_seq;       /* an ordered sequence; owned by the test */

/* A new sequence for the running test, freed by the runner after it. */
hn_seq *hn_sequence(void);

/* An argument matcher. Build with the hn_* functions and macros below. */
typedef struct hn_matcher {
    int hn__kind; /* 0: not given */
    int hn__op;
    hn__value hn__v;
    const char *hn__s;
    int (*hn__pred)(const void *arg);
    const char *hn__text;
} hn_matcher;

/* Any value. */
hn_matcher hn_any(void);
/* Comparisons with v (integers, enums, characters, pointers, floating
 * values); signed and unsigned compare by mathematical value. */
#define hn_eq(v) hn__match_cmp(HN__OP_EQ, HN__VAL(v), #v)
#define hn_ne(v) hn__match_cmp(HN__OP_NE, HN__VAL(v), #v)
#define hn_lt(v) hn__match_cmp(HN__OP_LT, HN__VAL(v), #v)
#define hn_le(v) hn__match_cmp(HN__OP_LE, HN__VAL(v), #v)
#define hn_gt(v) hn__match_cmp(HN__OP_GT, HN__VAL(v), #v)
#define hn_ge(v) hn__match_cmp(HN__OP_GE, HN__VAL(v), #v)
/* A string parameter equal to s (copied now; NULL matches NULL only). */
hn_matcher hn_str_eq(const char *s);
/* A string parameter containing s. */
hn_matcher hn_str_contains(const char *s);
/* A pointer parameter that is NULL / not NULL. */
hn_matcher hn_null(void);
hn_matcher hn_not_null(void);
/* pred(&arg) returns nonzero: pred gets a pointer to the argument's value
 * (for an int parameter a const int *, for a char * one a char *const *). */
#define hn_that(pred) hn__match_that(pred, #pred)

/* How many calls an expectation wants. */
typedef struct hn_card {
    unsigned hn__min, hn__max;
    int hn__set;
} hn_card;
hn_card hn_times(unsigned n);
hn_card hn_at_least(unsigned n);
hn_card hn_at_most(unsigned n);
hn_card hn_between(unsigned min, unsigned max);
hn_card hn_never(void);

/* An out-parameter action: copy n bytes from p (copied now) to where pointer
 * parameter number arg points. */
typedef struct hn_fill_spec {
    int hn__arg; /* 0: not given (stored as arg + 1) */
    const void *hn__p;
    size_t hn__n;
} hn_fill_spec;
hn_fill_spec hn_fill(int arg, const void *p, size_t n);

/* ===========================================================================
 * Internals used by the macros above. Not API: names and layout may change.
 * ======================================================================== */
typedef void (*hn__vfn)(void);

enum {
    HN__K_INT = 1, HN__K_UINT, HN__K_BOOL, HN__K_CHAR, HN__K_FLOAT, HN__K_PTR,
    HN__K_STR,   /* const char *: copied as a string */
    HN__K_CHARP, /* char *: a pointer unless HN_STR */
    HN__K_MEM    /* struct, union or other: bytes */
};
enum { HN__DEEP_NONE = 0, HN__DEEP_STR, HN__DEEP_BUF };
enum { HN__DF_VOID = 1, HN__DF_VARIADIC = 2, HN__DF_FN = 4 };
enum { HN__FAST_NONE = 0, HN__FAST_RETURN = 1 };
enum { HN__ACT_RETURN = 0, HN__ACT_IMPL = 1, HN__ACT_REAL = 2 };

/* One parameter of a double: where it sits in the argument record. */
typedef struct hn__arg_meta {
    unsigned offset, size;
    unsigned char kind;    /* HN__K_* */
    signed char deep;      /* HN__DEEP_* from an annotation */
    signed char len_arg;   /* HN_BUF: the length parameter, else -1 */
} hn__arg_meta;

/* Where an expectation's options sit in a double's option record. */
typedef struct hn__xo_layout {
    size_t times, returns, returns_size, calls, calls_real, fill, seq;
} hn__xo_layout;

struct hn__dstate;

/* A double: static storage from HN_DOUBLE (heap for HN_FN). The first block
 * is the declaration; the rest is per-test state owned by framework/double.c
 * and reset by the runner. */
typedef struct hn__double {
    const char *name;
    const char *file;
    int line;
    int flags;             /* HN__DF_* */
    unsigned nargs;
    unsigned args_size;    /* bytes of one argument record */
    unsigned ret_size;     /* 0 for void */
    int ret_kind;          /* HN__K_*, 0 for void */
    const hn__arg_meta *args;
    void *hist;            /* hist_cap argument records */
    size_t hist_cap;
    /* Per test. */
    int fast;              /* HN__FAST_*: answered inline by the wrapper */
    size_t calls;          /* calls in this test (exact across threads) */
    const void *ret_value; /* HN__FAST_RETURN: the value */
    hn__vfn impl;          /* HN__ACT_IMPL: the fake */
    hn__vfn real;          /* HN__ACT_REAL: the real function, once resolved */
    struct hn__dstate *st;
    struct hn__double *next;
} hn__double;

/* Nonzero on a thread while framework code runs that must reach the real
 * functions even if a test doubled them (reporting, allocation). */
extern _Thread_local int hn__double_bypass;

/* Counts a call; returns its number. Plain arithmetic while the process has
 * one thread (glibc's __libc_single_threaded), atomic otherwise. */
static inline size_t hn__double_enter(hn__double *d)
{
    if (HN__ONE_THREAD())
        return d->calls++;
    return __atomic_fetch_add(&d->calls, 1, __ATOMIC_RELAXED);
}

/* Registers a declared double (constructor of HN_DOUBLE). fwd is the
 * interposing definition honest_add_test may link as fn, real_link what
 * __real_fn resolved to (NULL without the link seam), args this file's view
 * of the parameters (files declaring one double must agree). */
void hn__double_register(hn__double *d, hn__vfn fwd, hn__vfn real_link,
                         const hn__arg_meta *args);
/* The slow path of a call: records deep copies, picks the answer. Returns
 * HN__ACT_*; for HN__ACT_RETURN, *ret (ret_size bytes, may be NULL for void)
 * holds the value; for HN__ACT_IMPL d->impl, for HN__ACT_REAL d->real is the
 * function to call with the same arguments. Never fails: problems are
 * recorded as failures of the running test and answered with zero. */
int hn__double_call(hn__double *d, size_t index, void *args, void *ret);

void hn__stub_returns(hn__double *d, const void *values, size_t size, size_t n,
                      const char *macro, const char *file, int line);
void hn__stub_fills(hn__double *d, int arg, const void *value, size_t size,
                    const char *file, int line);
void hn__double_calls(hn__double *d, hn__vfn impl, const char *impl_name,
                      const char *file, int line);
void hn__double_calls_real(hn__double *d, const char *file, int line);

size_t hn__spy_count(hn__double *d);
const void *hn__spy_record(hn__double *d, size_t call, const char *file, int line);
void hn__spy_assert_called(int fatal, hn__double *d, size_t n, const char *what,
                           const char *file, int line);
void hn__spy_assert_called_with(int fatal, hn__double *d, const void *opts,
                                const hn__xo_layout *layout, const char *what,
                                const char *file, int line);

hn_expect *hn__expect_add(hn__double *d, const void *opts,
                          const hn__xo_layout *layout, const char *file, int line);
hn_matcher hn__match_cmp(int op, hn__value v, const char *text);
hn_matcher hn__match_that(int (*pred)(const void *arg), const char *text);

/* hn_fn: what HN_FN knows at compile time. */
typedef struct hn__fn_decl {
    const char *name;
    const char *type;
    const char *file;
    int line;
    const hn__arg_meta *args;
    unsigned nargs;
    unsigned args_size;
    unsigned ret_size;
    int ret_kind;
    int flags;
} hn__fn_decl;
/* Makes a run-time double owned by the running test (freed by the runner
 * after it). Failures (outside a test, unsupported types, no memory) end the
 * test or, outside one, the program. */
hn__double *hn__fn_new(const hn__fn_decl *decl);
/* The closure's code address: calling it calls the double. */
hn__vfn hn__fn_code(hn__double *d);
void hn__fn_set_real(hn__double *d, hn__vfn real, const char *file, int line);

/* ---- Macro machinery ---------------------------------------------------- */
#define HN__D(fn) hn__dp_##fn
#define HN__XCAT(a, b) HN__XCAT_(a, b)
#define HN__XCAT_(a, b) a##b
#define HN__CAT5(a, b, c, d, e) a##b##c##d##e
#define HN__ID_(...) __VA_ARGS__
#define HN__CALL(m, args) m args
#define HN__IF(c) HN__XCAT(HN__IF_, c)
#define HN__IF_1(t, e) t
#define HN__IF_0(t, e) e
#define HN__NARG(...)                                                           \
    HN__NARG_(__VA_ARGS__, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0)
#define HN__NARG_(a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14,  \
                  a15, a16, n, ...) n
#define HN__HAS_COMMA(...)                                                      \
    HN__NARG_(__VA_ARGS__, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, ~)
#define HN__TRIGGER(...) ,
#define HN__ISEMPTY(...)                                                        \
    HN__ISEMPTY_(HN__HAS_COMMA(__VA_ARGS__), HN__HAS_COMMA(HN__TRIGGER __VA_ARGS__), \
                 HN__HAS_COMMA(__VA_ARGS__()), HN__HAS_COMMA(HN__TRIGGER __VA_ARGS__()))
#define HN__ISEMPTY_(a, b, c, d) HN__HAS_COMMA(HN__CAT5(HN__IE_, a, b, c, d))
#define HN__IE_0001 ,
#define HN__CHECK(...) HN__CHECK_(__VA_ARGS__, 0, ~)
#define HN__CHECK_(x, n, ...) n
/* `void` alone (not void *), HN_VARARGS, and the HN_STR/HN_BUF annotations. */
#define HN__VOIDP_void
#define HN__IS_VOID(x) HN__ISEMPTY(HN__XCAT(HN__VOIDP_, x))
#define HN__VAP_HN_VARARGS ~, 1
#define HN__IS_VA(x) HN__CHECK(HN__XCAT(HN__VAP_, x))
#define HN__ANP_HN_STR(T) ~, 1
#define HN__ANP_HN_BUF(T, n) ~, 1
#define HN__IS_ANN(x) HN__CHECK(HN__XCAT(HN__ANP_, x))
#define HN__ANT_HN_STR(T) T
#define HN__ANT_HN_BUF(T, n) T
#define HN__AND_HN_STR(T) HN__DEEP_STR
#define HN__AND_HN_BUF(T, n) HN__DEEP_BUF
#define HN__ANL_HN_STR(T) -1
#define HN__ANL_HN_BUF(T, n) n
#define HN__TY(x) __typeof__(HN__IF(HN__IS_ANN(x))(HN__XCAT(HN__ANT_, x), x))
#define HN__DEEPK(x) HN__IF(HN__IS_ANN(x))(HN__XCAT(HN__AND_, x), HN__DEEP_NONE)
#define HN__DEEPL(x) HN__IF(HN__IS_ANN(x))(HN__XCAT(HN__ANL_, x), -1)
#define HN__VATAIL() , ...
#define HN__NOTAIL()

#define HN__KIND(e)                                                             \
    _Generic((e), _Bool: HN__K_BOOL, char: HN__K_CHAR, signed char: HN__K_INT,  \
        short: HN__K_INT, int: HN__K_INT, long: HN__K_INT, long long: HN__K_INT, \
        unsigned char: HN__K_UINT, unsigned short: HN__K_UINT,                  \
        unsigned int: HN__K_UINT, unsigned long: HN__K_UINT,                    \
        unsigned long long: HN__K_UINT, float: HN__K_FLOAT,                     \
        double: HN__K_FLOAT, long double: HN__K_FLOAT, const char *: HN__K_STR,  \
        char *: HN__K_CHARP,                                                    \
        default: (__builtin_classify_type(e) == 5 ? HN__K_PTR : HN__K_MEM))
#define HN__META(S, i, T)                                                       \
    {offsetof(S, a##i), sizeof(((S *)0)->a##i), HN__KIND(((S *)0)->a##i),       \
     HN__DEEPK(T), HN__DEEPL(T)}

/* Parameter list, type list, names, initialiser, fields and metadata of a
 * shape (k parameters, va: variadic), from the tuple TS = (T0, ..., ~). */
#define HN__PLX(k, va, TS) HN__XCAT(HN__PL_, k) TS HN__IF(va)(HN__VATAIL, HN__NOTAIL)()
#define HN__TLX(k, va, TS) HN__XCAT(HN__TL_, k) TS HN__IF(va)(HN__VATAIL, HN__NOTAIL)()
#define HN__NLX(k, TS) HN__XCAT(HN__NL_, k) TS
#define HN__ILX(k, TS) HN__XCAT(HN__IL_, k) TS
#define HN__FLX(k, TS) HN__XCAT(HN__FL_, k) TS
#define HN__MLX(S, k, TS) HN__CALL(HN__XCAT(HN__ML_, k), (S, HN__ID_ TS))

/* Picks the generator for the shape of (ret, fn, argtypes...). */
#define HN__DECL(K, X, ...)                                                     \
    HN__XCAT(HN__GEN_, HN__XCAT(HN__SHAPE_, HN__NARG(__VA_ARGS__))(__VA_ARGS__, ~)) \
    (K, X, __VA_ARGS__, ~)
#define HN__GEN_TOO_MANY(K, X, r, f, ...)                                       \
    _Static_assert(0, "HN_DOUBLE(" #f "): a double has at most 10 parameters")
#define HN__PL_0(...) void
#define HN__TL_0(...) void
#define HN__NL_0(...) 
#define HN__IL_0(...) {0}
#define HN__FL_0(...) char hn__none;
#define HN__ML_0(S, ...) {0, 0, 0, 0, 0}
#define HN__PL_1(T0, ...) HN__TY(T0) hn__a0
#define HN__TL_1(T0, ...) HN__TY(T0)
#define HN__NL_1(T0, ...) hn__a0
#define HN__IL_1(T0, ...) {hn__a0}
#define HN__FL_1(T0, ...) HN__TY(T0) a0;
#define HN__ML_1(S, T0, ...) HN__META(S, 0, T0)
#define HN__PL_2(T0, T1, ...) HN__TY(T0) hn__a0, HN__TY(T1) hn__a1
#define HN__TL_2(T0, T1, ...) HN__TY(T0), HN__TY(T1)
#define HN__NL_2(T0, T1, ...) hn__a0, hn__a1
#define HN__IL_2(T0, T1, ...) {hn__a0, hn__a1}
#define HN__FL_2(T0, T1, ...) HN__TY(T0) a0; HN__TY(T1) a1;
#define HN__ML_2(S, T0, T1, ...) HN__META(S, 0, T0), HN__META(S, 1, T1)
#define HN__PL_3(T0, T1, T2, ...) HN__TY(T0) hn__a0, HN__TY(T1) hn__a1, HN__TY(T2) hn__a2
#define HN__TL_3(T0, T1, T2, ...) HN__TY(T0), HN__TY(T1), HN__TY(T2)
#define HN__NL_3(T0, T1, T2, ...) hn__a0, hn__a1, hn__a2
#define HN__IL_3(T0, T1, T2, ...) {hn__a0, hn__a1, hn__a2}
#define HN__FL_3(T0, T1, T2, ...) HN__TY(T0) a0; HN__TY(T1) a1; HN__TY(T2) a2;
#define HN__ML_3(S, T0, T1, T2, ...) HN__META(S, 0, T0), HN__META(S, 1, T1), HN__META(S, 2, T2)
#define HN__PL_4(T0, T1, T2, T3, ...) HN__TY(T0) hn__a0, HN__TY(T1) hn__a1, HN__TY(T2) hn__a2, HN__TY(T3) hn__a3
#define HN__TL_4(T0, T1, T2, T3, ...) HN__TY(T0), HN__TY(T1), HN__TY(T2), HN__TY(T3)
#define HN__NL_4(T0, T1, T2, T3, ...) hn__a0, hn__a1, hn__a2, hn__a3
#define HN__IL_4(T0, T1, T2, T3, ...) {hn__a0, hn__a1, hn__a2, hn__a3}
#define HN__FL_4(T0, T1, T2, T3, ...) HN__TY(T0) a0; HN__TY(T1) a1; HN__TY(T2) a2; HN__TY(T3) a3;
#define HN__ML_4(S, T0, T1, T2, T3, ...) HN__META(S, 0, T0), HN__META(S, 1, T1), HN__META(S, 2, T2), HN__META(S, 3, T3)
#define HN__PL_5(T0, T1, T2, T3, T4, ...) HN__TY(T0) hn__a0, HN__TY(T1) hn__a1, HN__TY(T2) hn__a2, HN__TY(T3) hn__a3, HN__TY(T4) hn__a4
#define HN__TL_5(T0, T1, T2, T3, T4, ...) HN__TY(T0), HN__TY(T1), HN__TY(T2), HN__TY(T3), HN__TY(T4)
#define HN__NL_5(T0, T1, T2, T3, T4, ...) hn__a0, hn__a1, hn__a2, hn__a3, hn__a4
#define HN__IL_5(T0, T1, T2, T3, T4, ...) {hn__a0, hn__a1, hn__a2, hn__a3, hn__a4}
#define HN__FL_5(T0, T1, T2, T3, T4, ...) HN__TY(T0) a0; HN__TY(T1) a1; HN__TY(T2) a2; HN__TY(T3) a3; HN__TY(T4) a4;
#define HN__ML_5(S, T0, T1, T2, T3, T4, ...) HN__META(S, 0, T0), HN__META(S, 1, T1), HN__META(S, 2, T2), HN__META(S, 3, T3), HN__META(S, 4, T4)
#define HN__PL_6(T0, T1, T2, T3, T4, T5, ...) HN__TY(T0) hn__a0, HN__TY(T1) hn__a1, HN__TY(T2) hn__a2, HN__TY(T3) hn__a3, HN__TY(T4) hn__a4, HN__TY(T5) hn__a5
#define HN__TL_6(T0, T1, T2, T3, T4, T5, ...) HN__TY(T0), HN__TY(T1), HN__TY(T2), HN__TY(T3), HN__TY(T4), HN__TY(T5)
#define HN__NL_6(T0, T1, T2, T3, T4, T5, ...) hn__a0, hn__a1, hn__a2, hn__a3, hn__a4, hn__a5
#define HN__IL_6(T0, T1, T2, T3, T4, T5, ...) {hn__a0, hn__a1, hn__a2, hn__a3, hn__a4, hn__a5}
#define HN__FL_6(T0, T1, T2, T3, T4, T5, ...) HN__TY(T0) a0; HN__TY(T1) a1; HN__TY(T2) a2; HN__TY(T3) a3; HN__TY(T4) a4; HN__TY(T5) a5;
#define HN__ML_6(S, T0, T1, T2, T3, T4, T5, ...) HN__META(S, 0, T0), HN__META(S, 1, T1), HN__META(S, 2, T2), HN__META(S, 3, T3), HN__META(S, 4, T4), HN__META(S, 5, T5)
#define HN__PL_7(T0, T1, T2, T3, T4, T5, T6, ...) HN__TY(T0) hn__a0, HN__TY(T1) hn__a1, HN__TY(T2) hn__a2, HN__TY(T3) hn__a3, HN__TY(T4) hn__a4, HN__TY(T5) hn__a5, HN__TY(T6) hn__a6
#define HN__TL_7(T0, T1, T2, T3, T4, T5, T6, ...) HN__TY(T0), HN__TY(T1), HN__TY(T2), HN__TY(T3), HN__TY(T4), HN__TY(T5), HN__TY(T6)
#define HN__NL_7(T0, T1, T2, T3, T4, T5, T6, ...) hn__a0, hn__a1, hn__a2, hn__a3, hn__a4, hn__a5, hn__a6
#define HN__IL_7(T0, T1, T2, T3, T4, T5, T6, ...) {hn__a0, hn__a1, hn__a2, hn__a3, hn__a4, hn__a5, hn__a6}
#define HN__FL_7(T0, T1, T2, T3, T4, T5, T6, ...) HN__TY(T0) a0; HN__TY(T1) a1; HN__TY(T2) a2; HN__TY(T3) a3; HN__TY(T4) a4; HN__TY(T5) a5; HN__TY(T6) a6;
#define HN__ML_7(S, T0, T1, T2, T3, T4, T5, T6, ...) HN__META(S, 0, T0), HN__META(S, 1, T1), HN__META(S, 2, T2), HN__META(S, 3, T3), HN__META(S, 4, T4), HN__META(S, 5, T5), HN__META(S, 6, T6)
#define HN__PL_8(T0, T1, T2, T3, T4, T5, T6, T7, ...) HN__TY(T0) hn__a0, HN__TY(T1) hn__a1, HN__TY(T2) hn__a2, HN__TY(T3) hn__a3, HN__TY(T4) hn__a4, HN__TY(T5) hn__a5, HN__TY(T6) hn__a6, HN__TY(T7) hn__a7
#define HN__TL_8(T0, T1, T2, T3, T4, T5, T6, T7, ...) HN__TY(T0), HN__TY(T1), HN__TY(T2), HN__TY(T3), HN__TY(T4), HN__TY(T5), HN__TY(T6), HN__TY(T7)
#define HN__NL_8(T0, T1, T2, T3, T4, T5, T6, T7, ...) hn__a0, hn__a1, hn__a2, hn__a3, hn__a4, hn__a5, hn__a6, hn__a7
#define HN__IL_8(T0, T1, T2, T3, T4, T5, T6, T7, ...) {hn__a0, hn__a1, hn__a2, hn__a3, hn__a4, hn__a5, hn__a6, hn__a7}
#define HN__FL_8(T0, T1, T2, T3, T4, T5, T6, T7, ...) HN__TY(T0) a0; HN__TY(T1) a1; HN__TY(T2) a2; HN__TY(T3) a3; HN__TY(T4) a4; HN__TY(T5) a5; HN__TY(T6) a6; HN__TY(T7) a7;
#define HN__ML_8(S, T0, T1, T2, T3, T4, T5, T6, T7, ...) HN__META(S, 0, T0), HN__META(S, 1, T1), HN__META(S, 2, T2), HN__META(S, 3, T3), HN__META(S, 4, T4), HN__META(S, 5, T5), HN__META(S, 6, T6), HN__META(S, 7, T7)
#define HN__PL_9(T0, T1, T2, T3, T4, T5, T6, T7, T8, ...) HN__TY(T0) hn__a0, HN__TY(T1) hn__a1, HN__TY(T2) hn__a2, HN__TY(T3) hn__a3, HN__TY(T4) hn__a4, HN__TY(T5) hn__a5, HN__TY(T6) hn__a6, HN__TY(T7) hn__a7, HN__TY(T8) hn__a8
#define HN__TL_9(T0, T1, T2, T3, T4, T5, T6, T7, T8, ...) HN__TY(T0), HN__TY(T1), HN__TY(T2), HN__TY(T3), HN__TY(T4), HN__TY(T5), HN__TY(T6), HN__TY(T7), HN__TY(T8)
#define HN__NL_9(T0, T1, T2, T3, T4, T5, T6, T7, T8, ...) hn__a0, hn__a1, hn__a2, hn__a3, hn__a4, hn__a5, hn__a6, hn__a7, hn__a8
#define HN__IL_9(T0, T1, T2, T3, T4, T5, T6, T7, T8, ...) {hn__a0, hn__a1, hn__a2, hn__a3, hn__a4, hn__a5, hn__a6, hn__a7, hn__a8}
#define HN__FL_9(T0, T1, T2, T3, T4, T5, T6, T7, T8, ...) HN__TY(T0) a0; HN__TY(T1) a1; HN__TY(T2) a2; HN__TY(T3) a3; HN__TY(T4) a4; HN__TY(T5) a5; HN__TY(T6) a6; HN__TY(T7) a7; HN__TY(T8) a8;
#define HN__ML_9(S, T0, T1, T2, T3, T4, T5, T6, T7, T8, ...) HN__META(S, 0, T0), HN__META(S, 1, T1), HN__META(S, 2, T2), HN__META(S, 3, T3), HN__META(S, 4, T4), HN__META(S, 5, T5), HN__META(S, 6, T6), HN__META(S, 7, T7), HN__META(S, 8, T8)
#define HN__PL_10(T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, ...) HN__TY(T0) hn__a0, HN__TY(T1) hn__a1, HN__TY(T2) hn__a2, HN__TY(T3) hn__a3, HN__TY(T4) hn__a4, HN__TY(T5) hn__a5, HN__TY(T6) hn__a6, HN__TY(T7) hn__a7, HN__TY(T8) hn__a8, HN__TY(T9) hn__a9
#define HN__TL_10(T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, ...) HN__TY(T0), HN__TY(T1), HN__TY(T2), HN__TY(T3), HN__TY(T4), HN__TY(T5), HN__TY(T6), HN__TY(T7), HN__TY(T8), HN__TY(T9)
#define HN__NL_10(T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, ...) hn__a0, hn__a1, hn__a2, hn__a3, hn__a4, hn__a5, hn__a6, hn__a7, hn__a8, hn__a9
#define HN__IL_10(T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, ...) {hn__a0, hn__a1, hn__a2, hn__a3, hn__a4, hn__a5, hn__a6, hn__a7, hn__a8, hn__a9}
#define HN__FL_10(T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, ...) HN__TY(T0) a0; HN__TY(T1) a1; HN__TY(T2) a2; HN__TY(T3) a3; HN__TY(T4) a4; HN__TY(T5) a5; HN__TY(T6) a6; HN__TY(T7) a7; HN__TY(T8) a8; HN__TY(T9) a9;
#define HN__ML_10(S, T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, ...) HN__META(S, 0, T0), HN__META(S, 1, T1), HN__META(S, 2, T2), HN__META(S, 3, T3), HN__META(S, 4, T4), HN__META(S, 5, T5), HN__META(S, 6, T6), HN__META(S, 7, T7), HN__META(S, 8, T8), HN__META(S, 9, T9)
#define HN__GEN_0N(K, X, r, f, ...) K(X, r, f, 0, 0, (~))
#define HN__GEN_1N(K, X, r, f, T0, ...) K(X, r, f, 1, 0, (T0, ~))
#define HN__GEN_1V(K, X, r, f, T0, ...) K(X, r, f, 1, 1, (T0, ~))
#define HN__GEN_2N(K, X, r, f, T0, T1, ...) K(X, r, f, 2, 0, (T0, T1, ~))
#define HN__GEN_2V(K, X, r, f, T0, T1, ...) K(X, r, f, 2, 1, (T0, T1, ~))
#define HN__GEN_3N(K, X, r, f, T0, T1, T2, ...) K(X, r, f, 3, 0, (T0, T1, T2, ~))
#define HN__GEN_3V(K, X, r, f, T0, T1, T2, ...) K(X, r, f, 3, 1, (T0, T1, T2, ~))
#define HN__GEN_4N(K, X, r, f, T0, T1, T2, T3, ...) K(X, r, f, 4, 0, (T0, T1, T2, T3, ~))
#define HN__GEN_4V(K, X, r, f, T0, T1, T2, T3, ...) K(X, r, f, 4, 1, (T0, T1, T2, T3, ~))
#define HN__GEN_5N(K, X, r, f, T0, T1, T2, T3, T4, ...) K(X, r, f, 5, 0, (T0, T1, T2, T3, T4, ~))
#define HN__GEN_5V(K, X, r, f, T0, T1, T2, T3, T4, ...) K(X, r, f, 5, 1, (T0, T1, T2, T3, T4, ~))
#define HN__GEN_6N(K, X, r, f, T0, T1, T2, T3, T4, T5, ...) K(X, r, f, 6, 0, (T0, T1, T2, T3, T4, T5, ~))
#define HN__GEN_6V(K, X, r, f, T0, T1, T2, T3, T4, T5, ...) K(X, r, f, 6, 1, (T0, T1, T2, T3, T4, T5, ~))
#define HN__GEN_7N(K, X, r, f, T0, T1, T2, T3, T4, T5, T6, ...) K(X, r, f, 7, 0, (T0, T1, T2, T3, T4, T5, T6, ~))
#define HN__GEN_7V(K, X, r, f, T0, T1, T2, T3, T4, T5, T6, ...) K(X, r, f, 7, 1, (T0, T1, T2, T3, T4, T5, T6, ~))
#define HN__GEN_8N(K, X, r, f, T0, T1, T2, T3, T4, T5, T6, T7, ...) K(X, r, f, 8, 0, (T0, T1, T2, T3, T4, T5, T6, T7, ~))
#define HN__GEN_8V(K, X, r, f, T0, T1, T2, T3, T4, T5, T6, T7, ...) K(X, r, f, 8, 1, (T0, T1, T2, T3, T4, T5, T6, T7, ~))
#define HN__GEN_9N(K, X, r, f, T0, T1, T2, T3, T4, T5, T6, T7, T8, ...) K(X, r, f, 9, 0, (T0, T1, T2, T3, T4, T5, T6, T7, T8, ~))
#define HN__GEN_9V(K, X, r, f, T0, T1, T2, T3, T4, T5, T6, T7, T8, ...) K(X, r, f, 9, 1, (T0, T1, T2, T3, T4, T5, T6, T7, T8, ~))
#define HN__GEN_10N(K, X, r, f, T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, ...) K(X, r, f, 10, 0, (T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, ~))
#define HN__GEN_10V(K, X, r, f, T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, ...) K(X, r, f, 10, 1, (T0, T1, T2, T3, T4, T5, T6, T7, T8, T9, ~))
#define HN__SHAPE_2(r, f, ...) 0N
#define HN__SHAPE_3(r, f, a0, ...) HN__IF(HN__IS_VOID(a0))(0N, HN__IF(HN__IS_VA(a0))(0V, 1N))
#define HN__SHAPE_4(r, f, a0, a1, ...) HN__IF(HN__IS_VA(a1))(1V, 2N)
#define HN__SHAPE_5(r, f, a0, a1, a2, ...) HN__IF(HN__IS_VA(a2))(2V, 3N)
#define HN__SHAPE_6(r, f, a0, a1, a2, a3, ...) HN__IF(HN__IS_VA(a3))(3V, 4N)
#define HN__SHAPE_7(r, f, a0, a1, a2, a3, a4, ...) HN__IF(HN__IS_VA(a4))(4V, 5N)
#define HN__SHAPE_8(r, f, a0, a1, a2, a3, a4, a5, ...) HN__IF(HN__IS_VA(a5))(5V, 6N)
#define HN__SHAPE_9(r, f, a0, a1, a2, a3, a4, a5, a6, ...) HN__IF(HN__IS_VA(a6))(6V, 7N)
#define HN__SHAPE_10(r, f, a0, a1, a2, a3, a4, a5, a6, a7, ...) HN__IF(HN__IS_VA(a7))(7V, 8N)
#define HN__SHAPE_11(r, f, a0, a1, a2, a3, a4, a5, a6, a7, a8, ...) HN__IF(HN__IS_VA(a8))(8V, 9N)
#define HN__SHAPE_12(r, f, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, ...) HN__IF(HN__IS_VA(a9))(9V, 10N)
#define HN__SHAPE_13(r, f, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, ...) HN__IF(HN__IS_VA(a10))(10V, TOO_MANY)
#define HN__GEN_0V(K, X, r, f, ...)                                             \
    _Static_assert(0, "HN_DOUBLE(" #f "): HN_VARARGS needs a parameter before it")

/* The types every double defines: return, option record, function pointer,
 * argument record, expectation options, their layout and the metadata. */
#define HN__TYPES(r, f, k, va, TS, RV, RS)                                      \
    typedef __typeof__(r) hn__ret_##f;                                          \
    typedef RV hn__rv_##f;                                                      \
    typedef hn__ret_##f (*hn__fp_##f)(HN__TLX(k, va, TS));                      \
    typedef struct hn__args_##f {                                               \
        HN__FLX(k, TS)                                                          \
    } hn__args_##f;                                                             \
    typedef struct hn__xo_##f {                                                 \
        hn_matcher hn__m0, hn__m1, hn__m2, hn__m3, hn__m4, hn__m5, hn__m6,      \
            hn__m7, hn__m8, hn__m9;                                             \
        hn_card times;                                                          \
        hn__rv_##f returns;                                                     \
        hn__fp_##f calls;                                                       \
        int calls_real;                                                         \
        hn_fill_spec fill[HN_FILL_MAX];                                              \
        hn_seq *seq;                                                            \
        int hn__end;                                                            \
    } hn__xo_##f;                                                               \
    static const hn__xo_layout hn__xl_##f __attribute__((unused)) = {           \
        offsetof(hn__xo_##f, times), offsetof(hn__xo_##f, returns), RS,         \
        offsetof(hn__xo_##f, calls), offsetof(hn__xo_##f, calls_real),          \
        offsetof(hn__xo_##f, fill), offsetof(hn__xo_##f, seq)};                 \
    static const hn__arg_meta hn__meta_##f[] = {HN__MLX(hn__args_##f, k, TS)};

typedef struct hn__noret {
    char hn__none;
} hn__noret;

#define HN__DBL(X, r, f, k, va, TS)                                             \
    HN__IF(HN__IS_VOID(r))(HN__DBL_V, HN__DBL_R)(r, f, k, va, TS)
#define HN__DBL_R(r, f, k, va, TS)                                              \
    HN__TYPES(r, f, k, va, TS, hn__ret_##f, sizeof(hn__ret_##f))                \
    HN__DBL_DATA(f, k, va, TS, sizeof(hn__ret_##f),                             \
                 HN__KIND(*(hn__ret_##f *)0), 0)                                \
    hn__ret_##f hn__fwd_##f(HN__PLX(k, va, TS))                                 \
    {                                                                           \
        return __wrap_##f(HN__NLX(k, TS));                                      \
    }                                                                           \
    hn__ret_##f __wrap_##f(HN__PLX(k, va, TS))                                  \
    {                                                                           \
        HN__ENTER(f, k, TS)                                                     \
        hn__ret_##f hn__r;                                                      \
        if (hn__d->fast == HN__FAST_RETURN && !hn__double_bypass) {             \
            __builtin_memcpy(&hn__r, hn__d->ret_value, sizeof hn__r);           \
            return hn__r;                                                       \
        }                                                                       \
        switch (hn__double_call(hn__d, hn__i, &hn__a, &hn__r)) {                \
        case HN__ACT_IMPL:                                                      \
            return ((hn__fp_##f)hn__d->impl)(HN__NLX(k, TS));                   \
        case HN__ACT_REAL:                                                      \
            return ((hn__fp_##f)hn__d->real)(HN__NLX(k, TS));                   \
        default:                                                                \
            return hn__r;                                                       \
        }                                                                       \
    }                                                                           \
    HN__DBL_END(f)
#define HN__DBL_V(r, f, k, va, TS)                                              \
    HN__TYPES(void, f, k, va, TS, hn__noret, 0)                                 \
    HN__DBL_DATA(f, k, va, TS, 0, 0, HN__DF_VOID)                               \
    void hn__fwd_##f(HN__PLX(k, va, TS))                                        \
    {                                                                           \
        __wrap_##f(HN__NLX(k, TS));                                             \
    }                                                                           \
    void __wrap_##f(HN__PLX(k, va, TS))                                         \
    {                                                                           \
        HN__ENTER(f, k, TS)                                                     \
        if (hn__d->fast == HN__FAST_RETURN && !hn__double_bypass)               \
            return;                                                             \
        switch (hn__double_call(hn__d, hn__i, &hn__a, (void *)0)) {             \
        case HN__ACT_IMPL:                                                      \
            ((hn__fp_##f)hn__d->impl)(HN__NLX(k, TS));                          \
            return;                                                             \
        case HN__ACT_REAL:                                                      \
            ((hn__fp_##f)hn__d->real)(HN__NLX(k, TS));                          \
            return;                                                             \
        default:                                                                \
            return;                                                             \
        }                                                                       \
    }                                                                           \
    HN__DBL_END(f)
/* The signature check, the history, the descriptor and the declarations of
 * the three entry points (__real_fn and __wrap_fn are the names the linker's
 * --wrap dictates; hn__fwd_fn is what honest_add_test links as fn when no
 * object defines it). */
#define HN__DBL_DATA(f, k, va, TS, RS, RK, FL)                                  \
    _Static_assert(__builtin_types_compatible_p(__typeof__(&f), hn__fp_##f),    \
                   "HN_DOUBLE(" #f "): the declared signature does not match "  \
                   "the real prototype of " #f " (return type, parameter "      \
                   "count or a parameter type differs): update the HN_DOUBLE"   \
                   " line to the prototype");                                \
    __attribute__((weak)) hn__args_##f hn__hist_##f[HN_DOUBLE_HISTORY];         \
    __attribute__((weak)) hn__double hn__dbl_##f = {                            \
        .name = #f, .file = __FILE__, .line = __LINE__,                         \
        .flags = (FL) | ((va) ? HN__DF_VARIADIC : 0), .nargs = k,               \
        .args_size = sizeof(hn__args_##f), .ret_size = RS, .ret_kind = RK,      \
        .args = hn__meta_##f, .hist = hn__hist_##f,                             \
        .hist_cap = HN_DOUBLE_HISTORY};                                         \
    extern hn__ret_##f __real_##f(HN__PLX(k, va, TS)) __attribute__((weak));    \
    hn__ret_##f __wrap_##f(HN__PLX(k, va, TS)) __attribute__((weak));           \
    hn__ret_##f hn__fwd_##f(HN__PLX(k, va, TS)) __attribute__((weak));          \
    __attribute__((constructor)) static void hn__reg_##f(void)                  \
    {                                                                           \
        hn__double_register(&hn__dbl_##f, (hn__vfn)hn__fwd_##f,                 \
                            (hn__vfn)__real_##f, hn__meta_##f);                 \
    }
#define HN__ENTER(f, k, TS)                                                     \
    hn__args_##f hn__a = HN__ILX(k, TS);                                        \
    hn__double *const hn__d = &hn__dbl_##f;                                     \
    size_t hn__i = hn__double_enter(hn__d);                                     \
    if (hn__i < HN_DOUBLE_HISTORY)                                              \
        hn__hist_##f[hn__i] = hn__a;
#define HN__DBL_END(f)                                                          \
    static hn__double *const hn__dp_##f __attribute__((unused)) = &hn__dbl_##f

/* HN_FN: the same types in block scope, and a closure made at run time. */
#define HN__FNK(type, r, f, k, va, TS)                                          \
    HN__IF(HN__IS_VOID(r))(HN__FNK_V, HN__FNK_R)(type, r, f, k, va, TS)
#define HN__FNK_R(type, r, f, k, va, TS)                                        \
    HN__TYPES(r, f, k, va, TS, hn__ret_##f, sizeof(hn__ret_##f))                \
    HN__FN_MAKE(type, r, f, k, va, sizeof(hn__ret_##f),                         \
                HN__KIND(*(hn__ret_##f *)0), 0)
#define HN__FNK_V(type, r, f, k, va, TS)                                        \
    HN__TYPES(void, f, k, va, TS, hn__noret, 0)                                 \
    HN__FN_MAKE(type, r, f, k, va, 0, 0, HN__DF_VOID)
#define HN__FN_MAKE(type, r, f, k, va, RS, RK, FL)                              \
    _Static_assert(!(va), "HN_FN(" #type ", " #r ", " #f "): variadic function " \
                          "pointers cannot be doubled at run time");            \
    _Static_assert(__builtin_types_compatible_p(__typeof__(type), hn__fp_##f),              \
                   "HN_FN(" #type ", " #r ", " #f "): " #type                   \
                   " is not a pointer to a function of the declared signature"); \
    hn__double *const hn__dp_##f = hn__fn_new(&(const hn__fn_decl){             \
        #f, #type, __FILE__, __LINE__, hn__meta_##f, k,                         \
        sizeof(hn__args_##f), RS, RK, (FL) | HN__DF_FN});                       \
    __typeof__(type) f = (__typeof__(type))hn__fn_code(hn__dp_##f)

#ifdef __cplusplus
}
#endif
#endif
