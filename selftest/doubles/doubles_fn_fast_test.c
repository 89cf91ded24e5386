/* SPDX-License-Identifier: MIT */
/* doubles_fn_fast_test.c: hn_fn's fast path (precompiled trampolines on
 * x86-64): integers of every width and sign read and returned by their
 * declared types, pointers, the libffi fallback when the pool runs out. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* dladdr */
#endif
#include <honest.h>

#include <dlfcn.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#if defined(__x86_64__)

/* A caller that leaves garbage above narrow arguments, which the x86-64
 * calling convention allows: the double must read each argument by its
 * declared type. Calling through this type also shows the whole register a
 * narrow result comes back in. */
typedef uint64_t (*raw_fn)(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
#define RAW(fp) ((raw_fn)(void (*)(void))(fp))

typedef int8_t (*mixed_fn)(int8_t, uint8_t, int16_t, uint16_t, int32_t, uint32_t);
typedef uint16_t (*u16_fn)(uint16_t);
typedef _Bool (*bool_fn)(_Bool);
typedef char (*char_fn)(char);
typedef uint32_t (*u32_fn)(int32_t);
typedef void *(*ptr_fn)(void *, const char *);
typedef void (*out_fn)(int *, long, char *);
typedef int (*int_fn)(int);
typedef double (*dbl_fn)(double);
typedef int (*seven_fn)(int, int, int, int, int, int, int);

/* Dirty registers for -128, 255, -32768, 65535, INT32_MIN and UINT32_MAX. */
static const uint64_t dirty[6] = {0xaaaaaaaaaaaaaa80u, 0x55555555555555ffu,
                                  0xaaaaaaaaaaaa8000u, 0x555555555555ffffu,
                                  0xaaaaaaaa80000000u, 0x55555555ffffffffu};
/* The same values as their types extend them to 64 bits. */
static const uint64_t clean[6] = {0xffffffffffffff80u, 0xffu, 0xffffffffffff8000u,
                                  0xffffu, 0xffffffff80000000u, 0xffffffffu};

/* 1 when code is in a loaded object (a trampoline of libhonest), 0 when it
 * is in anonymous memory (a libffi closure). */
static int in_object(const void *code)
{
    Dl_info info;
    return dladdr(code, &info) != 0;
}

static uint64_t seen[6];

/* The real function behind mixed_fn, reading whole registers: what a callee
 * that relies on its caller's extension would get. Returns -128 with garbage
 * above it. */
static uint64_t raw_probe(uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
                          uint64_t a4, uint64_t a5)
{
    const uint64_t a[6] = {a0, a1, a2, a3, a4, a5};
    memcpy(seen, a, sizeof seen);
    return 0x12345678abcdef80u;
}

/* The checks of a mixed_fn double `f`, made on the fast path and on the
 * libffi fallback alike. */
#define CHECK_MIXED(f)                                                          \
    do {                                                                        \
        HN_RETURNS(f, -5);                                                      \
        HN_ASSERT_EQ(RAW(f)(dirty[0], dirty[1], dirty[2], dirty[3], dirty[4],   \
                            dirty[5]) & 0xffffffffu,                            \
                     0xfffffffbu);                                              \
        HN_ASSERT_EQ(HN_ARG(f, 0, 0), -128);                                    \
        HN_ASSERT_EQ(HN_ARG(f, 0, 1), 255);                                     \
        HN_ASSERT_EQ(HN_ARG(f, 0, 2), -32768);                                  \
        HN_ASSERT_EQ(HN_ARG(f, 0, 3), 65535);                                   \
        HN_ASSERT_EQ(HN_ARG(f, 0, 4), INT32_MIN);                               \
        HN_ASSERT_EQ(HN_ARG(f, 0, 5), UINT32_MAX);                              \
        HN_ASSERT_EQ(f(-1, 1, -1, 1, -1, 1), -5);                               \
        /* Call-through passes each argument extended by its type. */          \
        HN_FN_REAL(f, (mixed_fn)(void (*)(void))raw_probe);                     \
        HN_CALLS_REAL(f);                                                       \
        memset(seen, 0, sizeof seen);                                           \
        HN_ASSERT_EQ(f((int8_t)-128, 255, -32768, 65535, INT32_MIN, UINT32_MAX), \
                     -128);                                                     \
        RAW(f)(dirty[0], dirty[1], dirty[2], dirty[3], dirty[4], dirty[5]);     \
        for (int hn__i = 0; hn__i < 6; hn__i++)                                 \
            HN_ASSERT_EQ(seen[hn__i], clean[hn__i]);                            \
        HN_ASSERT_CALLED(f, 4);                                                 \
    } while (0)

HN_TEST(doubles_fn_fast, integer_signatures_get_a_trampoline)
{
    HN_FN(mixed_fn, int8_t, f, int8_t, uint8_t, int16_t, uint16_t, int32_t, uint32_t);
    HN_FN(ptr_fn, void *, p, void *, const char *);
    HN_FN(out_fn, void, o, int *, long, char *);
    HN_ASSERT(in_object((const void *)(uintptr_t)f));
    HN_ASSERT(in_object((const void *)(uintptr_t)p));
    HN_ASSERT(in_object((const void *)(uintptr_t)o));
}

HN_TEST(doubles_fn_fast, other_signatures_stay_with_libffi)
{
    HN_FN(dbl_fn, double, d, double);
    HN_FN(seven_fn, int, s, int, int, int, int, int, int, int);
    HN_ASSERT(!in_object((const void *)(uintptr_t)d));
    HN_ASSERT(!in_object((const void *)(uintptr_t)s));
    HN_RETURNS(s, 7);
    HN_ASSERT_EQ(s(1, 2, 3, 4, 5, 6, 7), 7);
    HN_ASSERT_EQ(HN_ARG(s, 0, 6), 7);
}

HN_TEST(doubles_fn_fast, narrow_arguments_and_results_follow_their_types)
{
    HN_FN(mixed_fn, int8_t, f, int8_t, uint8_t, int16_t, uint16_t, int32_t, uint32_t);
    HN_ASSERT(in_object((const void *)(uintptr_t)f));
    CHECK_MIXED(f);
    /* The trampoline returns the whole register extended by the type. */
    HN_CALLS_REAL(f);
    HN_ASSERT_EQ(RAW(f)(0, 0, 0, 0, 0, 0), 0xffffffffffffff80u);
    HN_RETURNS(f, -5);
    HN_ASSERT_EQ(RAW(f)(0, 0, 0, 0, 0, 0), 0xfffffffffffffffbu);
}

/* A real function that returns garbage above any narrow result. */
static uint64_t raw_dirty(uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
                          uint64_t a4, uint64_t a5)
{
    return 0xdeadbeefcafe8001u + (a0 & a1 & a2 & a3 & a4 & a5 & 0);
}

HN_TEST(doubles_fn_fast, unsigned_bool_and_char_results)
{
    HN_FN(u16_fn, uint16_t, u, uint16_t);
    HN_FN(bool_fn, _Bool, b, _Bool);
    HN_FN(char_fn, char, c, char);
    HN_FN(u32_fn, uint32_t, w, int32_t);
    HN_RETURNS(u, 65535);
    HN_RETURNS(b, true);
    HN_RETURNS(c, (char)-3);
    HN_RETURNS(w, 0x80000000u);
    HN_ASSERT_EQ(RAW(u)(0xffffffff00001234u, 0, 0, 0, 0, 0), 0xffffu);
    HN_ASSERT_EQ(HN_ARG(u, 0, 0), 0x1234);
    HN_ASSERT_EQ(RAW(b)(0xffffff01u, 0, 0, 0, 0, 0), 1u);
    HN_ASSERT_EQ(HN_ARG(b, 0, 0), true);
    uint64_t c_raw = RAW(c)(0x77u << 8 | 0x41u, 0, 0, 0, 0, 0);
    HN_ASSERT_EQ(c_raw, (char)-1 < 0 ? 0xfffffffffffffffdu : 0xfdu);
    HN_ASSERT_EQ(HN_ARG(c, 0, 0), 'A');
    HN_ASSERT_EQ(RAW(w)(0xdeadbeeffffffffeu, 0, 0, 0, 0, 0), 0x80000000u);
    HN_ASSERT_EQ(HN_ARG(w, 0, 0), -2);
    HN_ASSERT_EQ(u(1), 65535);
    HN_ASSERT_EQ(w(-1), 0x80000000u);
    /* Results of the real function come back extended by their types too. */
    HN_FN_REAL(u, (u16_fn)(void (*)(void))raw_dirty);
    HN_FN_REAL(b, (bool_fn)(void (*)(void))raw_dirty);
    HN_FN_REAL(w, (u32_fn)(void (*)(void))raw_dirty);
    HN_CALLS_REAL(u);
    HN_CALLS_REAL(b);
    HN_CALLS_REAL(w);
    HN_ASSERT_EQ(RAW(u)(0, 0, 0, 0, 0, 0), 0x8001u);
    HN_ASSERT_EQ(RAW(b)(0, 0, 0, 0, 0, 0), 1u);
    HN_ASSERT_EQ(RAW(w)(0, 0, 0, 0, 0, 0), 0xcafe8001u);
}

static char buffer[8];

static void *fake_find(void *base, const char *key)
{
    return (char *)base + strlen(key);
}

HN_TEST(doubles_fn_fast, pointers_strings_fills_fakes_and_mocks)
{
    HN_FN(ptr_fn, void *, p, void *, const char *);
    HN_FN(out_fn, void, o, int *, long, char *);
    char key[8] = "abc";
    HN_EXPECT_CALL(p, hn_eq((void *)buffer), hn_str_eq("abc"), .returns = buffer + 1);
    HN_ASSERT_EQ(p(buffer, key), (void *)(buffer + 1));
    strcpy(key, "zz"); /* the spy kept a copy of the string */
    HN_ASSERT_STR_EQ(HN_ARG(p, 0, 1), "abc");
    HN_ASSERT_EQ(HN_ARG(p, 0, 0), (void *)buffer);
    HN_FN(ptr_fn, void *, q, void *, const char *);
    HN_CALLS(q, fake_find);
    HN_ASSERT_EQ(q(buffer, "four"), (void *)(buffer + 4));
    int n = 0;
    HN_FILLS(o, 0, 42);
    o(&n, -1L, buffer);
    HN_ASSERT_EQ(n, 42);
    HN_ASSERT_EQ(HN_ARG(o, 0, 1), -1L);
    HN_ASSERT_EQ(HN_ARG(o, 0, 2), (char *)buffer);
}

enum { THREADS = 8, PER_THREAD = 20000 };

static void *hammer(void *fp)
{
    int_fn f;
    memcpy(&f, &fp, sizeof f);
    long sum = 0;
    for (int i = 0; i < PER_THREAD; i++)
        sum += f(i);
    return (void *)(intptr_t)(sum == 3L * PER_THREAD);
}

HN_TEST(doubles_fn_fast, threads_keep_exact_counts)
{
    HN_FN(int_fn, int, f, int);
    HN_RETURNS(f, 3);
    pthread_t t[THREADS];
    void *fp;
    memcpy(&fp, &f, sizeof fp);
    for (int i = 0; i < THREADS; i++)
        HN_ASSERT_EQ(pthread_create(&t[i], NULL, hammer, fp), 0);
    for (int i = 0; i < THREADS; i++) {
        void *ok = NULL;
        pthread_join(t[i], &ok);
        HN_ASSERT_EQ(ok, (void *)1);
    }
    HN_ASSERT_EQ(HN_CALL_COUNT(f), (size_t)THREADS * PER_THREAD);
}

/* More hn_fn doubles than the pool has trampolines: the rest are libffi
 * closures and behave the same. Registered a second time under --no-fork
 * --repeat, where it fails if a test does not give its trampolines back. */
enum { MANY = 100 };

HN_TEST(doubles_fn_fast, pool_exhausted_falls_back_to_libffi)
{
    int_fn fns[MANY];
    int fast = 0;
    for (int i = 0; i < MANY; i++) {
        HN_FN(int_fn, int, f, int);
        HN_RETURNS(f, i);
        fns[i] = f;
        fast += in_object((const void *)(uintptr_t)f);
    }
    HN_ASSERT_GT(fast, 0);
    HN_ASSERT_LT(fast, MANY);
    for (int i = 0; i < MANY; i++)
        HN_ASSERT_EQ(fns[i](i * 2), i);
    /* The checks of the fast path, on a closure. */
    HN_FN(mixed_fn, int8_t, f, int8_t, uint8_t, int16_t, uint16_t, int32_t, uint32_t);
    HN_ASSERT(!in_object((const void *)(uintptr_t)f));
    CHECK_MIXED(f);
}

#endif
