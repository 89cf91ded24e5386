/* SPDX-License-Identifier: MIT */
/* flood.c: selftest subject whose test writes 256 MiB to its standard
 * output: the captured output must hold a bounded amount of memory while the
 * test runs, and show its head and its tail. */
#include <honest.h>

#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void put(const char *s, size_t n)
{
    while (n) {
        ssize_t w = write(1, s, n);
        HN_ASSERT_GT(w, 0);
        s += w;
        n -= (size_t)w;
    }
}

HN_TEST(flood, writes_256_mib, .timeout_ms = 60000)
{
    static char chunk[1 << 20];
    memset(chunk, 'x', sizeof chunk);
    chunk[sizeof chunk - 1] = '\n';
    put("the first line\n", 15);
    for (int i = 0; i < 256; i++) {
        put(chunk, sizeof chunk);
        if (i % 32 == 31)
            usleep(120 * 1000); /* the launcher trims every 50 ms */
    }
    put("the last line\n", 14);
    usleep(200 * 1000);
    /* The memory the captured output holds now (a memfd's blocks). */
    struct stat st;
    HN_ASSERT_EQ(fstat(1, &st), 0);
    HN_LOG("output file: %lld bytes, %lld held", (long long)st.st_size,
           (long long)st.st_blocks * 512);
    HN_ASSERT_LT((long long)st.st_blocks * 512, 32LL << 20);
}
