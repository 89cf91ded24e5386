/* SPDX-License-Identifier: MIT */
/* doubles_fn_test.c: hn_fn, run-time doubles of function pointers (libffi
 * closures): stubs, spies, mocks and call-through by ffi_call, for integers
 * of every width, floating point, pointers and strings. */
#include <honest.h>

#include <stdlib.h>
#include <string.h>

#include "cut.h"

typedef int (*cmp_fn)(const void *, const void *);
typedef int8_t (*narrow_fn)(int8_t, uint16_t, int64_t, unsigned char, _Bool);
typedef double (*scale_fn)(double, float);
typedef int (*send_fn)(int, const char *);
typedef void (*note_fn)(const char *);

/* A table of function pointers, as a driver or plugin interface has. */
struct ops {
    int (*open)(const char *path, int flags);
    long (*size)(int fd);
    void (*close)(int fd);
};

static int by_value(const void *a, const void *b)
{
    return *(const int *)a - *(const int *)b;
}

static int use_ops(const struct ops *o, const char *path)
{
    int fd = o->open(path, 2);
    if (fd < 0)
        return -1;
    long n = o->size(fd);
    o->close(fd);
    return (int)n;
}

HN_TEST(doubles_fn, callback_spy_calls_through_with_ffi_call)
{
    int v[] = {5, 3, 9, 1};
    HN_FN(cmp_fn, int, cmp, const void *, const void *);
    HN_FN_REAL(cmp, by_value);
    qsort(v, 4, sizeof v[0], cmp);
    HN_ASSERT_EQ(v[0], 1);
    HN_ASSERT_EQ(v[3], 9);
    HN_ASSERT_GE(HN_CALL_COUNT(cmp), 3);
    HN_ASSERT_NOT_NULL(HN_ARG(cmp, 0, 0));
}

HN_TEST(doubles_fn, stub_answers_and_records)
{
    HN_FN(cmp_fn, int, cmp, const void *, const void *);
    int a = 1, b = 2;
    HN_RETURNS_SEQ(cmp, 7, -7);
    HN_ASSERT_EQ(cmp(&a, &b), 7);
    HN_ASSERT_EQ(cmp(&b, &a), -7);
    HN_ASSERT_EQ(HN_ARG(cmp, 1, 0), (const void *)&b);
}

HN_TEST(doubles_fn, unconfigured_without_real_returns_zero)
{
    HN_FN(cmp_fn, int, cmp, const void *, const void *);
    HN_ASSERT_EQ(cmp(NULL, NULL), 0);
    HN_ASSERT_CALLED(cmp, 1);
}

HN_TEST(doubles_fn, integers_of_every_width)
{
    HN_FN(narrow_fn, int8_t, nf, int8_t, uint16_t, int64_t, unsigned char, _Bool);
    HN_FN_REAL(nf, cut_narrow);
    HN_ASSERT_EQ(nf(-3, 65535, -70000, 200, 1), cut_narrow(-3, 65535, -70000, 200, 1));
    HN_ASSERT_EQ(HN_ARG(nf, 0, 0), -3);
    HN_ASSERT_EQ(HN_ARG(nf, 0, 1), 65535);
    HN_ASSERT_EQ(HN_ARG(nf, 0, 2), -70000);
    HN_ASSERT_EQ(HN_ARG(nf, 0, 3), 200);
    HN_ASSERT_EQ(HN_ARG(nf, 0, 4), 1);
    HN_RETURNS(nf, -100);
    HN_ASSERT_EQ(nf(0, 0, 0, 0, 0), -100);
}

HN_TEST(doubles_fn, floating_point)
{
    HN_FN(scale_fn, double, sf, double, float);
    HN_FN_REAL(sf, cut_scale);
    HN_ASSERT_NEAR(sf(3.0, 0.5f), 1.5, 1e-12);
    HN_ASSERT_NEAR(HN_ARG(sf, 0, 1), 0.5, 1e-9);
    HN_RETURNS(sf, -2.75);
    HN_ASSERT_NEAR(sf(1.0, 1.0f), -2.75, 1e-12);
}

HN_TEST(doubles_fn, strings_are_copied_and_mocks_match)
{
    char buf[16] = "ping";
    HN_FN(send_fn, int, sender, int, const char *);
    HN_EXPECT_CALL(sender, hn_eq(4), hn_str_eq("ping"), .returns = 3);
    HN_ASSERT_EQ(sender(4, buf), 3);
    strcpy(buf, "changed");
    HN_ASSERT_STR_EQ(HN_ARG(sender, 0, 1), "ping");
}

HN_TEST(doubles_fn, void_callback_and_fake)
{
    HN_FN(note_fn, void, note, const char *);
    HN_FN_REAL(note, cut_notify);
    HN_CALLS_REAL(note);
    note("a");
    note("b");
    HN_ASSERT_CALLED(note, 2);
    HN_ASSERT_STR_EQ(HN_ARG(note, 1, 0), "b");
}

static long fake_size(int fd)
{
    return fd * 100L;
}

HN_TEST(doubles_fn, table_of_function_pointers)
{
    HN_FN(__typeof__(((struct ops *)0)->open), int, op_open, const char *, int);
    HN_FN(long (*)(int), long, op_size, int);
    HN_FN(void (*)(int), void, op_close, int);
    struct ops o = {op_open, op_size, op_close};
    HN_EXPECT_CALL(op_open, hn_str_eq("/dev/x"), hn_eq(2), .returns = 4);
    HN_CALLS(op_size, fake_size);
    HN_EXPECT_CALL(op_close, hn_eq(4));
    HN_ASSERT_EQ(use_ops(&o, "/dev/x"), 400);
}
