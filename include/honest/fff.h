/* SPDX-License-Identifier: MIT */
/* honest/fff.h: fff's fakes (the macros and fields of meekrosoft/fff's
 * current fff.h, written anew) as honest doubles: include it in place of
 * fff.h. Every fake registers itself, so honest's runner resets it before
 * each test and counts it in the run's summary (docs/migration.md). */
#ifndef FAKE_FUNCTIONS
#define FAKE_FUNCTIONS
#define HONEST_FFF_H

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- What fff's users set or read. ---- */

#define FFF_MAX_ARGS (20u)
#ifndef FFF_ARG_HISTORY_LEN
#define FFF_ARG_HISTORY_LEN (50u)
#endif
#ifndef FFF_CALL_HISTORY_LEN
#define FFF_CALL_HISTORY_LEN (50u)
#endif
#ifndef FFF_GCC_FUNCTION_ATTRIBUTES
#define FFF_GCC_FUNCTION_ATTRIBUTES
#endif
/* The type of custom_fake and of custom_fake_seq's elements. A program may
 * define it before the include, as fff's own C++ tests do to make them
 * std::function objects that capture. */
#ifndef CUSTOM_FFF_FUNCTION_TEMPLATE
#define CUSTOM_FFF_FUNCTION_TEMPLATE(RETURN, FUNCNAME, ...) RETURN (*FUNCNAME)(__VA_ARGS__)
#endif

/* The order of calls of every fake: fff.call_history[i] is the i-th fake
 * called (at most FFF_CALL_HISTORY_LEN are kept). One file defines it with
 * DEFINE_FFF_GLOBALS; the runner clears it before each test. */
typedef void (*fff_function_t)(void);
typedef struct {
    fff_function_t call_history[FFF_CALL_HISTORY_LEN];
    unsigned int call_history_idx;
} fff_globals_t;
extern fff_globals_t fff;

#define DEFINE_FFF_GLOBALS                                                      \
    __attribute__((constructor)) static void hn__fff_globals_reg(void)          \
    {                                                                           \
        hn__fff_register_globals(&fff, sizeof fff);                             \
    }                                                                           \
    fff_globals_t fff

#define FFF_RESET_HISTORY()                                                     \
    fff.call_history_idx = 0;                                                   \
    memset(fff.call_history, 0, sizeof(fff.call_history));

#define REGISTER_CALL(function)                                                 \
    if (fff.call_history_idx < FFF_CALL_HISTORY_LEN)                            \
        fff.call_history[fff.call_history_idx++] = (fff_function_t)function;

/* Answers calls from values[0..len-1] in turn; the last one repeats. */
#define SET_RETURN_SEQ(FUNCNAME, ARRAY_POINTER, ARRAY_LEN)                      \
    FUNCNAME##_fake.return_val_seq = ARRAY_POINTER;                             \
    FUNCNAME##_fake.return_val_seq_len = ARRAY_LEN;
/* Routes calls to fns[0..len-1] in turn; the last one repeats. */
#define SET_CUSTOM_FAKE_SEQ(FUNCNAME, ARRAY_POINTER, ARRAY_LEN)                 \
    FUNCNAME##_fake.custom_fake_seq = ARRAY_POINTER;                            \
    FUNCNAME##_fake.custom_fake_seq_len = ARRAY_LEN;

/* Forgets calls and configuration of one fake. honest's runner does it for
 * every fake before every test, so a forgotten RESET_FAKE cannot leak. */
#define RESET_FAKE(FUNCNAME)                                                    \
    {                                                                           \
        FUNCNAME##_reset();                                                     \
    }
/* Resets every fake called since its last reset. */
#define FFF_RESET_CALLED_FAKES() hn__fff_reset_called()

/* Define and declare in one place (a test file). */
#define FAKE_VALUE_FUNC(...)                                                    \
    HN__FFF_X(HN__FFF_BOTH, VALUE, 0, HN__FFF_NM2(__VA_ARGS__), __VA_ARGS__, ~)
#define FAKE_VOID_FUNC(...)                                                     \
    HN__FFF_X(HN__FFF_BOTH, VOID, 0, HN__FFF_NM1(__VA_ARGS__), void, __VA_ARGS__, ~)
#define FAKE_VALUE_FUNC_VARARG(...)                                             \
    HN__FFF_X(HN__FFF_BOTH, VALUE, 1, HN__FFF_NM3(__VA_ARGS__), __VA_ARGS__, ~)
#define FAKE_VOID_FUNC_VARARG(...)                                              \
    HN__FFF_X(HN__FFF_BOTH, VOID, 1, HN__FFF_NM2(__VA_ARGS__), void, __VA_ARGS__, ~)

/* Declare in a header shared between files... */
#define DECLARE_FAKE_VALUE_FUNC(...)                                            \
    HN__FFF_X(HN__FFF_DECL, VALUE, 0, HN__FFF_NM2(__VA_ARGS__), __VA_ARGS__, ~)
#define DECLARE_FAKE_VOID_FUNC(...)                                             \
    HN__FFF_X(HN__FFF_DECL, VOID, 0, HN__FFF_NM1(__VA_ARGS__), void, __VA_ARGS__, ~)
#define DECLARE_FAKE_VALUE_FUNC_VARARG(...)                                     \
    HN__FFF_X(HN__FFF_DECL, VALUE, 1, HN__FFF_NM3(__VA_ARGS__), __VA_ARGS__, ~)
#define DECLARE_FAKE_VOID_FUNC_VARARG(...)                                      \
    HN__FFF_X(HN__FFF_DECL, VOID, 1, HN__FFF_NM2(__VA_ARGS__), void, __VA_ARGS__, ~)

/* ...and define in exactly one source file. */
#define DEFINE_FAKE_VALUE_FUNC(...)                                             \
    HN__FFF_X(HN__FFF_DEF, VALUE, 0, HN__FFF_NM2(__VA_ARGS__), __VA_ARGS__, ~)
#define DEFINE_FAKE_VOID_FUNC(...)                                              \
    HN__FFF_X(HN__FFF_DEF, VOID, 0, HN__FFF_NM1(__VA_ARGS__), void, __VA_ARGS__, ~)
#define DEFINE_FAKE_VALUE_FUNC_VARARG(...)                                      \
    HN__FFF_X(HN__FFF_DEF, VALUE, 1, HN__FFF_NM3(__VA_ARGS__), __VA_ARGS__, ~)
#define DEFINE_FAKE_VOID_FUNC_VARARG(...)                                       \
    HN__FFF_X(HN__FFF_DEF, VOID, 1, HN__FFF_NM2(__VA_ARGS__), void, __VA_ARGS__, ~)

/* ---- The run-time side (framework/compat/fff.c). ---- */

/* One fake as the runner sees it: static storage the DEFINE_ macros emit. */
typedef struct hn__fff_fake {
    const char *name;
    void (*reset)(void);
    unsigned (*kind)(void); /* HN__FFF_* bits of what this test did with it */
    const char *file;
    int line;
    struct hn__fff_fake *next;
    /* The strings it is set to answer with (answered 0: return_val, or
     * each of return_val_seq) or did answer (1: return_val_history) when it
     * returns char pointers, into out (at most max); NULL for a fake that
     * returns nothing. For --audit: canned text typed by hand. */
    size_t (*texts)(const char **out, size_t max, int answered);
    /* The arguments of its first call in this test, as text (strings as
     * they are, integers in decimal, values of other types ""), each given
     * to put; nothing when it was not called. For --audit: `honest
     * migrate` fills {1}, {2}... of an endpoint's URL with them. */
    void (*args)(void (*put)(void *ctx, const char *text), void *ctx);
} hn__fff_fake;
enum { HN__FFF_CALLED = 1, HN__FFF_STUB = 2, HN__FFF_FAKE = 4 };

/* Registers a fake (from a constructor); it stays registered. */
void hn__fff_register(hn__fff_fake *f);
/* Registers fff's globals (DEFINE_FFF_GLOBALS) so the runner clears them. */
void hn__fff_register_globals(void *globals, size_t size);
/* Resets every registered fake whose call_count is not zero. */
void hn__fff_reset_called(void);
/* 1 when any of the n bytes at p is not zero. */
int hn__fff_nonzero(const void *p, size_t n);
/* The char pointer stored at p (hn__fff_cstr), or NULL for a value of
 * another type (hn__fff_nostr): the two ends of HN__FFF_STR. */
const char *hn__fff_cstr(const void *p);
const char *hn__fff_nostr(const void *p);
/* The value at p, of the type each name says, as text in buf (64 bytes);
 * returns buf, or the string itself for hn__fff_fmt_str. */
const char *hn__fff_fmt_str(const void *p, char *buf);
const char *hn__fff_fmt_int(const void *p, char *buf);
const char *hn__fff_fmt_uint(const void *p, char *buf);
const char *hn__fff_fmt_long(const void *p, char *buf);
const char *hn__fff_fmt_ulong(const void *p, char *buf);
const char *hn__fff_fmt_llong(const void *p, char *buf);
const char *hn__fff_fmt_ullong(const void *p, char *buf);
const char *hn__fff_fmt_none(const void *p, char *buf);

#ifdef __cplusplus
}
#endif

/* ---- How the macros are built. ---- */

/* In C++, fakes have C linkage, as the C code that calls them expects. */
#ifdef __cplusplus
#define HN__FFF_EXTERN_C extern "C" {
#define HN__FFF_END_EXTERN_C(tag) ; } typedef int hn__fff_end_##tag
#else
#define HN__FFF_EXTERN_C
#define HN__FFF_END_EXTERN_C(tag)
#endif

#define HN__FFF_X(W, K, V, N, ...) W(K, V, N, __VA_ARGS__)
#define HN__FFF_BOTH(K, V, N, RET, NAME, ...)                                   \
    HN__FFF_DECL(K, V, N, RET, NAME, __VA_ARGS__);                              \
    HN__FFF_DEF(K, V, N, RET, NAME, __VA_ARGS__)

#define HN__FFF_COMMA() ,
#define HN__FFF_NOSEP()
#define HN__FFF_FIELD(c, i, T) T arg##i##_val; T arg##i##_history[FFF_ARG_HISTORY_LEN];
#define HN__FFF_PARAM(c, i, T) T arg##i
#define HN__FFF_ARG(c, i, T) arg##i
#define HN__FFF_SAVE(NAME, i, T)                                                \
    memcpy((void *)&NAME##_fake.arg##i##_val, (const void *)&arg##i, sizeof(arg##i));
#define HN__FFF_HIST(NAME, i, T)                                                \
    memcpy((void *)&NAME##_fake.arg##i##_history[NAME##_fake.call_count],       \
           (const void *)&arg##i, sizeof(arg##i));

/* Parameter lists: of the fake, of custom_fake, and the call of custom_fake. */
#define HN__FFF_PLIST_0(N, ...)                                                 \
    HN__FFF_VOID##N HN__FFF_MAP##N(HN__FFF_PARAM, HN__FFF_COMMA, ~, __VA_ARGS__)
#define HN__FFF_PLIST_1(N, ...)                                                 \
    HN__FFF_MAP##N(HN__FFF_PARAM, HN__FFF_COMMA, ~, __VA_ARGS__), ...
#define HN__FFF_FPLIST_0(N, ...) HN__FFF_PLIST_0(N, __VA_ARGS__)
#define HN__FFF_FPLIST_1(N, ...)                                                \
    HN__FFF_MAP##N(HN__FFF_PARAM, HN__FFF_COMMA, ~, __VA_ARGS__), va_list ap
#define HN__FFF_CALL_0(N, ...) HN__FFF_MAP##N(HN__FFF_ARG, HN__FFF_COMMA, ~, __VA_ARGS__)
#define HN__FFF_CALL_1(N, ...)                                                  \
    HN__FFF_MAP##N(HN__FFF_ARG, HN__FFF_COMMA, ~, __VA_ARGS__), ap
#define HN__FFF_VA_BEGIN_0(N)
#define HN__FFF_VA_BEGIN_1(N)                                                   \
    va_list ap;                                                                 \
    va_start(ap, HN__FFF_LAST##N);
#define HN__FFF_VA_END_0
#define HN__FFF_VA_END_1 va_end(ap);

#define HN__FFF_RET_FIELDS_VOID(RET)
#define HN__FFF_RET_FIELDS_VALUE(RET)                                           \
    RET return_val;                                                             \
    int return_val_seq_len;                                                     \
    int return_val_seq_idx;                                                     \
    RET *return_val_seq;                                                        \
    RET return_val_history[FFF_ARG_HISTORY_LEN];

#define HN__FFF_DECL(K, V, N, RET, NAME, ...)                                   \
    HN__FFF_EXTERN_C                                                            \
    typedef struct NAME##_Fake {                                                \
        HN__FFF_MAP##N(HN__FFF_FIELD, HN__FFF_NOSEP, ~, __VA_ARGS__)            \
        unsigned int call_count;                                                \
        unsigned int arg_history_len;                                           \
        unsigned int arg_histories_dropped;                                     \
        HN__FFF_RET_FIELDS_##K(RET)                                             \
        int custom_fake_seq_len;                                                \
        int custom_fake_seq_idx;                                                \
        /* Last, so that a reset can clear what is before them with memset. */ \
        CUSTOM_FFF_FUNCTION_TEMPLATE(RET, custom_fake, HN__FFF_FPLIST_##V(N, __VA_ARGS__)); \
        CUSTOM_FFF_FUNCTION_TEMPLATE(RET, *custom_fake_seq, HN__FFF_FPLIST_##V(N, __VA_ARGS__)); \
    } NAME##_Fake;                                                              \
    extern NAME##_Fake NAME##_fake;                                             \
    void NAME##_reset(void);                                                    \
    RET FFF_GCC_FUNCTION_ATTRIBUTES NAME(HN__FFF_PLIST_##V(N, __VA_ARGS__))      \
    HN__FFF_END_EXTERN_C(NAME##_decl)

/* The next element of a sequence: in turn, then the last one again. */
#define HN__FFF_NEXT(NAME, what)                                                \
    (NAME##_fake.what##_idx < NAME##_fake.what##_len ? NAME##_fake.what##_idx++ \
                                                     : NAME##_fake.what##_len - 1)
#define HN__FFF_RET_HIST(NAME, val)                                             \
    if (NAME##_fake.call_count - 1 < (unsigned)(FFF_ARG_HISTORY_LEN))           \
        memcpy((void *)&NAME##_fake.return_val_history[NAME##_fake.call_count - 1], \
               (const void *)&(val), sizeof NAME##_fake.return_val_history[0]);

/* What a call answers, after it was recorded. */
#define HN__FFF_BODY_VOID(V, N, RET, NAME, ...)                                 \
    if (NAME##_fake.custom_fake_seq_len) {                                      \
        int hn__i = HN__FFF_NEXT(NAME, custom_fake_seq);                        \
        HN__FFF_VA_BEGIN_##V(N)                                                 \
        NAME##_fake.custom_fake_seq[hn__i](HN__FFF_CALL_##V(N, __VA_ARGS__));   \
        HN__FFF_VA_END_##V                                                      \
    }                                                                           \
    if (NAME##_fake.custom_fake) {                                              \
        HN__FFF_VA_BEGIN_##V(N)                                                 \
        NAME##_fake.custom_fake(HN__FFF_CALL_##V(N, __VA_ARGS__));              \
        HN__FFF_VA_END_##V                                                      \
    }
#define HN__FFF_BODY_VALUE(V, N, RET, NAME, ...)                                \
    if (NAME##_fake.custom_fake_seq_len) {                                      \
        int hn__i = HN__FFF_NEXT(NAME, custom_fake_seq);                        \
        HN__FFF_VA_BEGIN_##V(N)                                                 \
        RET hn__r = NAME##_fake.custom_fake_seq[hn__i](HN__FFF_CALL_##V(N, __VA_ARGS__)); \
        HN__FFF_VA_END_##V                                                      \
        HN__FFF_RET_HIST(NAME, hn__r)                                           \
        return hn__r;                                                           \
    }                                                                           \
    if (NAME##_fake.custom_fake) {                                              \
        HN__FFF_VA_BEGIN_##V(N)                                                 \
        RET hn__r = NAME##_fake.custom_fake(HN__FFF_CALL_##V(N, __VA_ARGS__));  \
        HN__FFF_VA_END_##V                                                      \
        HN__FFF_RET_HIST(NAME, hn__r)                                           \
        return hn__r;                                                           \
    }                                                                           \
    if (NAME##_fake.return_val_seq_len) {                                       \
        int hn__i = HN__FFF_NEXT(NAME, return_val_seq);                         \
        HN__FFF_RET_HIST(NAME, NAME##_fake.return_val_seq[hn__i])               \
        return NAME##_fake.return_val_seq[hn__i];                               \
    }                                                                           \
    HN__FFF_RET_HIST(NAME, NAME##_fake.return_val)                              \
    return NAME##_fake.return_val;

/* What the test did with the fake, for the summary. */
#define HN__FFF_KIND_VOID(NAME)                                                 \
    unsigned hn__k = NAME##_fake.call_count ? (unsigned)HN__FFF_CALLED : 0u;    \
    if (NAME##_fake.custom_fake || NAME##_fake.custom_fake_seq_len)             \
        hn__k |= HN__FFF_FAKE;
#define HN__FFF_KIND_VALUE(NAME)                                                \
    HN__FFF_KIND_VOID(NAME)                                                     \
    else if (NAME##_fake.return_val_seq_len ||                                  \
             hn__fff_nonzero(&NAME##_fake.return_val, sizeof NAME##_fake.return_val)) \
        hn__k |= HN__FFF_STUB;

/* The text a return value points to when RET is a char pointer, else NULL. */
#ifdef __cplusplus
#define HN__FFF_STR(v) hn__fff_nostr(&(v))
#else
#define HN__FFF_STR(v)                                                          \
    _Generic((v), char *: hn__fff_cstr, const char *: hn__fff_cstr,             \
             default: hn__fff_nostr)(&(v))
#endif
#ifdef __cplusplus
#define HN__FFF_FMT(v, buf) hn__fff_fmt_none(&(v), buf)
#else
#define HN__FFF_FMT(v, buf)                                                     \
    _Generic((v), char *: hn__fff_fmt_str, const char *: hn__fff_fmt_str,       \
             int: hn__fff_fmt_int, unsigned: hn__fff_fmt_uint,                  \
             long: hn__fff_fmt_long, unsigned long: hn__fff_fmt_ulong,          \
             long long: hn__fff_fmt_llong, unsigned long long: hn__fff_fmt_ullong, \
             default: hn__fff_fmt_none)(&(v), buf)
#endif
#define HN__FFF_ARGPUT(NAME, i, T)                                              \
    put(ctx, HN__FFF_FMT(NAME##_fake.arg##i##_history[0], hn__t));
#define HN__FFF_ARGS(N, NAME, ...)                                              \
    static void hn__fff_args_##NAME(void (*put)(void *, const char *), void *ctx) \
    {                                                                           \
        char hn__t[64];                                                         \
        (void)hn__t, (void)put, (void)ctx;                                      \
        if (!NAME##_fake.call_count)                                            \
            return;                                                             \
        HN__FFF_MAP##N(HN__FFF_ARGPUT, HN__FFF_NOSEP, NAME, __VA_ARGS__)        \
    }

#define HN__FFF_TEXTS_VOID(NAME)
#define HN__FFF_TEXTS_VALUE(NAME)                                               \
    static size_t hn__fff_texts_##NAME(const char **out, size_t max, int answered) \
    {                                                                           \
        size_t n = 0;                                                           \
        for (unsigned i = 0; answered && i < NAME##_fake.call_count &&          \
                             i < (unsigned)(FFF_ARG_HISTORY_LEN) && n < max; i++) \
            out[n++] = HN__FFF_STR(NAME##_fake.return_val_history[i]);          \
        if (answered)                                                           \
            return n;                                                           \
        for (int i = 0; i < NAME##_fake.return_val_seq_len && n < max; i++)     \
            out[n++] = HN__FFF_STR(NAME##_fake.return_val_seq[i]);              \
        if (!NAME##_fake.return_val_seq_len && max)                             \
            out[n++] = HN__FFF_STR(NAME##_fake.return_val);                     \
        return n;                                                               \
    }
#define HN__FFF_TEXTS_FN_VOID(NAME) NULL
#define HN__FFF_TEXTS_FN_VALUE(NAME) hn__fff_texts_##NAME

#define HN__FFF_DEF(K, V, N, RET, NAME, ...)                                    \
    HN__FFF_EXTERN_C                                                            \
    NAME##_Fake NAME##_fake;                                                    \
    void NAME##_reset(void)                                                     \
    {                                                                           \
        memset((void *)&NAME##_fake, 0,                                         \
               sizeof(NAME##_fake) - sizeof(NAME##_fake.custom_fake) -          \
                   sizeof(NAME##_fake.custom_fake_seq));                        \
        NAME##_fake.custom_fake = NULL;                                         \
        NAME##_fake.custom_fake_seq = NULL;                                     \
        NAME##_fake.arg_history_len = FFF_ARG_HISTORY_LEN;                      \
    }                                                                           \
    static unsigned hn__fff_kind_##NAME(void)                                   \
    {                                                                           \
        HN__FFF_KIND_##K(NAME)                                                  \
        return hn__k;                                                           \
    }                                                                           \
    HN__FFF_TEXTS_##K(NAME)                                                     \
    HN__FFF_ARGS(N, NAME, __VA_ARGS__)                                          \
    __attribute__((constructor)) static void hn__fff_reg_##NAME(void)           \
    {                                                                           \
        static hn__fff_fake hn__d = {#NAME, NAME##_reset, hn__fff_kind_##NAME,  \
                                     __FILE__, __LINE__, NULL,                  \
                                     HN__FFF_TEXTS_FN_##K(NAME),                \
                                     hn__fff_args_##NAME};                      \
        NAME##_fake.arg_history_len = FFF_ARG_HISTORY_LEN;                      \
        hn__fff_register(&hn__d);                                               \
    }                                                                           \
    RET FFF_GCC_FUNCTION_ATTRIBUTES NAME(HN__FFF_PLIST_##V(N, __VA_ARGS__))     \
    {                                                                           \
        HN__FFF_MAP##N(HN__FFF_SAVE, HN__FFF_NOSEP, NAME, __VA_ARGS__)          \
        if (NAME##_fake.call_count < (unsigned)(FFF_ARG_HISTORY_LEN)) {         \
            HN__FFF_MAP##N(HN__FFF_HIST, HN__FFF_NOSEP, NAME, __VA_ARGS__)      \
        } else {                                                                \
            NAME##_fake.arg_histories_dropped++;                                \
        }                                                                       \
        NAME##_fake.call_count++;                                               \
        REGISTER_CALL(NAME);                                                    \
        HN__FFF_BODY_##K(V, N, RET, NAME, __VA_ARGS__)                          \
    }                                                                           \
    typedef int hn__fff_semicolon_##NAME HN__FFF_END_EXTERN_C(NAME##_def)

/* fff's numbered forms (FAKE_VALUE_FUNC2, DECLARE_FAKE_VOID_FUNC3_VARARG...),
 * which suites written for older fff name directly. */
#include <honest/fff_numbered.h>

/* Lists over the argument types, generated for 0 to 20 arguments:
 * HN__FFF_MAPn(M, S, c, t0..tn-1, rest...) is M(c, 0, t0) S() M(c, 1, t1)...;
 * HN__FFF_NMd counts the arguments of a macro call less d. */
#define HN__FFF_MAP0(M, S, c, ...)
#define HN__FFF_MAP1(M, S, c, a0, ...) \
    M(c, 0, a0)
#define HN__FFF_MAP2(M, S, c, a0, a1, ...) \
    HN__FFF_MAP1(M, S, c, a0, ~) S() M(c, 1, a1)
#define HN__FFF_MAP3(M, S, c, a0, a1, a2, ...) \
    HN__FFF_MAP2(M, S, c, a0, a1, ~) S() M(c, 2, a2)
#define HN__FFF_MAP4(M, S, c, a0, a1, a2, a3, ...) \
    HN__FFF_MAP3(M, S, c, a0, a1, a2, ~) S() M(c, 3, a3)
#define HN__FFF_MAP5(M, S, c, a0, a1, a2, a3, a4, ...) \
    HN__FFF_MAP4(M, S, c, a0, a1, a2, a3, ~) S() M(c, 4, a4)
#define HN__FFF_MAP6(M, S, c, a0, a1, a2, a3, a4, a5, ...) \
    HN__FFF_MAP5(M, S, c, a0, a1, a2, a3, a4, ~) S() M(c, 5, a5)
#define HN__FFF_MAP7(M, S, c, a0, a1, a2, a3, a4, a5, a6, ...) \
    HN__FFF_MAP6(M, S, c, a0, a1, a2, a3, a4, a5, ~) S() M(c, 6, a6)
#define HN__FFF_MAP8(M, S, c, a0, a1, a2, a3, a4, a5, a6, a7, ...) \
    HN__FFF_MAP7(M, S, c, a0, a1, a2, a3, a4, a5, a6, ~) S() M(c, 7, a7)
#define HN__FFF_MAP9(M, S, c, a0, a1, a2, a3, a4, a5, a6, a7, a8, ...) \
    HN__FFF_MAP8(M, S, c, a0, a1, a2, a3, a4, a5, a6, a7, ~) S() M(c, 8, a8)
#define HN__FFF_MAP10(M, S, c, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, ...) \
    HN__FFF_MAP9(M, S, c, a0, a1, a2, a3, a4, a5, a6, a7, a8, ~) S() M(c, 9, a9)
#define HN__FFF_MAP11(M, S, c, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, ...) \
    HN__FFF_MAP10(M, S, c, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, ~) S() M(c, 10, a10)
#define HN__FFF_MAP12(M, S, c, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, ...) \
    HN__FFF_MAP11(M, S, c, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, ~) S() M(c, 11, a11)
#define HN__FFF_MAP13(M, S, c, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, ...) \
    HN__FFF_MAP12(M, S, c, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, ~) S() M(c, 12, a12)
#define HN__FFF_MAP14(M, S, c, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, ...) \
    HN__FFF_MAP13(M, S, c, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, ~) S() M(c, 13, a13)
#define HN__FFF_MAP15(M, S, c, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, ...) \
    HN__FFF_MAP14(M, S, c, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, ~) S() M(c, 14, a14)
#define HN__FFF_MAP16(M, S, c, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, ...) \
    HN__FFF_MAP15(M, S, c, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, ~) S() M(c, 15, a15)
#define HN__FFF_MAP17(M, S, c, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16, ...) \
    HN__FFF_MAP16(M, S, c, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, ~) S() M(c, 16, a16)
#define HN__FFF_MAP18(M, S, c, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16, a17, ...) \
    HN__FFF_MAP17(M, S, c, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16, ~) S() M(c, 17, a17)
#define HN__FFF_MAP19(M, S, c, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16, a17, a18, ...) \
    HN__FFF_MAP18(M, S, c, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16, a17, ~) S() M(c, 18, a18)
#define HN__FFF_MAP20(M, S, c, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16, a17, a18, a19, ...) \
    HN__FFF_MAP19(M, S, c, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16, a17, a18, ~) S() M(c, 19, a19)

#define HN__FFF_LAST1 arg0
#define HN__FFF_LAST2 arg1
#define HN__FFF_LAST3 arg2
#define HN__FFF_LAST4 arg3
#define HN__FFF_LAST5 arg4
#define HN__FFF_LAST6 arg5
#define HN__FFF_LAST7 arg6
#define HN__FFF_LAST8 arg7
#define HN__FFF_LAST9 arg8
#define HN__FFF_LAST10 arg9
#define HN__FFF_LAST11 arg10
#define HN__FFF_LAST12 arg11
#define HN__FFF_LAST13 arg12
#define HN__FFF_LAST14 arg13
#define HN__FFF_LAST15 arg14
#define HN__FFF_LAST16 arg15
#define HN__FFF_LAST17 arg16
#define HN__FFF_LAST18 arg17
#define HN__FFF_LAST19 arg18
#define HN__FFF_LAST20 arg19

#define HN__FFF_VOID0 void
#define HN__FFF_VOID1
#define HN__FFF_VOID2
#define HN__FFF_VOID3
#define HN__FFF_VOID4
#define HN__FFF_VOID5
#define HN__FFF_VOID6
#define HN__FFF_VOID7
#define HN__FFF_VOID8
#define HN__FFF_VOID9
#define HN__FFF_VOID10
#define HN__FFF_VOID11
#define HN__FFF_VOID12
#define HN__FFF_VOID13
#define HN__FFF_VOID14
#define HN__FFF_VOID15
#define HN__FFF_VOID16
#define HN__FFF_VOID17
#define HN__FFF_VOID18
#define HN__FFF_VOID19
#define HN__FFF_VOID20

#define HN__FFF_PICK(x1, x2, x3, x4, x5, x6, x7, x8, x9, x10, x11, x12, x13, x14, x15, x16, x17, x18, x19, x20, x21, x22, x23, x24, n, ...) n
#define HN__FFF_NM1(...) HN__FFF_PICK(__VA_ARGS__, 23, 22, 21, 20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0, ~)
#define HN__FFF_NM2(...) HN__FFF_PICK(__VA_ARGS__, 22, 21, 20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0, x, ~)
#define HN__FFF_NM3(...) HN__FFF_PICK(__VA_ARGS__, 21, 20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0, x, x, ~)

#endif
