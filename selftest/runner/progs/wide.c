/* SPDX-License-Identifier: MIT */
/* wide.c: selftest subject with 300 tests, enough for their descriptors to
 * fill several pages, whose private copies the launcher gives back before
 * it forks test processes: each test still gets its own name, options and
 * parameter. */
#include <honest.h>

#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
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

/* Whether the page holding addr is in this process's page tables, from
 * /proc/self/pagemap (bit 63 of its entry), which reading does not change. */
static int present(uintptr_t addr)
{
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    uint64_t entry = 0;
    int fd = open("/proc/self/pagemap", O_RDONLY);
    HN_ASSERT(fd >= 0);
    ssize_t got = pread(fd, &entry, sizeof entry, (off_t)(addr / page * sizeof entry));
    close(fd);
    HN_ASSERT_EQ(got, (ssize_t)sizeof entry);
    return (int)(entry >> 63);
}

/* A page that holds only descriptors is not in a test process's page tables
 * (forked runs: fork had nothing of it to copy); with --no-fork it is the
 * runner's own, relocated copy. */
HN_TEST(wide, descriptor_pages_stay_out_of_test_processes)
{
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    uintptr_t mid = ((uintptr_t)&hn__test_wide__t200) & ~(page - 1);
    if (getenv("WIDE_IN_PROCESS") || __asan_init || __lsan_do_leak_check)
        HN_ASSERT(present(mid));
    else
        HN_ASSERT(!present(mid));
}
