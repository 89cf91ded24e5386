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
 * declares `fnptr_type name`, a run-time double (a precompiled trampoline
 * for integer and pointer signatures on x86-64, else a libffi closure) for
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
    (HN__ARITY("HN_ASSERT_CALLED_WITH", fn, __VA_ARGS__),                       \
     hn__spy_assert_called_with(fatal, HN__D(fn), &(hn__xo_##fn){__VA_ARGS__}, \
                                &hn__xl_##fn, "HN_ASSERT_CALLED_WITH(" #fn ")", \
                                __FILE__, __LINE__))

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
 * was declared. Returns the expectation. A number of matchers other than
 * none or fn's parameter count is a compile error naming fn (so is one in
 * HN_ASSERT_CALLED_WITH).
 *
 *   HN_EXPECT_CALL(send_msg, hn_eq(3), hn_str_eq("hello"), .returns = 5);
 *   HN_EXPECT_CALL(read_config, hn_any(), hn_any(), .times = hn_at_least(1),
 *                  .fill = {hn_fill(1, &cfg, sizeof cfg)});
 * ------------------------------------------------------------------------ */
#define HN_EXPECT_CALL(...) HN__EXPECT(__VA_ARGS__, .hn__end = 0)
#define HN__EXPECT(fn, ...)                                                     \
    (HN__ARITY("HN_EXPECT_CALL", fn, __VA_ARGS__),                              \
     hn__expect_add(HN__D(fn), &(hn__xo_##fn){__VA_ARGS__}, &hn__xl_##fn,      \
                    __FILE__, __LINE__))

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
 * is the declaration; the rest is per-test state owned by framework/doubles/double.c
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
    void *hist;            /* hist_cap argument records, NULL until allocated */
    size_t hist_cap;       /* records hist holds; set (once) after hist */
    size_t hist_max;       /* records to keep (HN_DOUBLE_HISTORY): hist is
                            * allocated when the double is first configured
                            * or first called in a test, not before */
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
#ifdef __cplusplus
extern __thread int hn__double_bypass;
#else
extern _Thread_local int hn__double_bypass;
#endif

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
/* The double's entry (trampoline or closure): calling it calls the double. */
hn__vfn hn__fn_code(hn__double *d);
void hn__fn_set_real(hn__double *d, hn__vfn real, const char *file, int line);

#include <honest/double_gen.h>

/* Doubles are declared in C: the declaration relies on C11 and GNU C
 * (_Generic, compound literals, __builtin_types_compatible_p). In C++ the
 * declaring macros stop compilation saying so (docs/runner.md, "C++"). */
#ifdef __cplusplus
#undef HN_DOUBLE
#undef HN_FN
#define HN_DOUBLE(ret, fn, ...)                                                 \
    static_assert(sizeof(ret) == 0, "HN_DOUBLE(" #fn "): doubles are declared "  \
                  "and configured in C files of the test program, not in C++ "  \
                  "(docs/runner.md, \"C++\")")
#define HN_FN(type, ret, fn, ...)                                               \
    static_assert(sizeof(type) == 0, "HN_FN(" #fn "): run-time doubles are "      \
                  "made in C files of the test program, not in C++ "            \
                  "(docs/runner.md, \"C++\")")
#endif

#ifdef __cplusplus
}
#endif
#endif
