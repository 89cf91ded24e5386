/* SPDX-License-Identifier: MIT */
/* wide.c: selftest subject with 300 tests, enough for their descriptors to
 * fill several pages, which the launcher keeps out of every test process:
 * each test still gets its own name, options and parameter. */
#include <honest.h>

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#define T(n)                                                                    \
    HN_TEST(wide, t##n) { HN_ASSERT_EQ(n, n); }
#define T10(n) T(n##0) T(n##1) T(n##2) T(n##3) T(n##4) T(n##5) T(n##6) T(n##7) T(n##8) T(n##9)
#define T100(n) T10(n##0) T10(n##1) T10(n##2) T10(n##3) T10(n##4) T10(n##5) T10(n##6)      \
    T10(n##7) T10(n##8) T10(n##9)
T100(1) T100(2) T100(3)

HN_TEST(wide, exits_as_expected, .expect_exit = 7)
{
    exit(7);
}

static const int cases[] = {10, 20, 30};
HN_TEST_P(wide, case, int, cases)
{
    HN_ASSERT_EQ(*HN_PARAM % 10, 0);
}

/* Under a leak checker the launcher leaves them (the checker scans every
 * segment at exit); it is present when one of these is. */
extern void __asan_init(void) __attribute__((weak));
extern void __lsan_do_leak_check(void) __attribute__((weak));

/* The pages that hold only descriptors are not mapped in a test process
 * (forked runs); with --no-fork they are the runner's own. */
HN_TEST(wide, descriptor_pages_stay_out_of_test_processes)
{
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    uintptr_t mid = ((uintptr_t)&hn__test_wide__t200) & ~(page - 1);
    unsigned char v;
    int mapped = mincore((void *)mid, page, &v) == 0;
    if (getenv("WIDE_IN_PROCESS") || __asan_init || __lsan_do_leak_check)
        HN_ASSERT(mapped);
    else
        HN_ASSERT(!mapped && errno == ENOMEM);
}
