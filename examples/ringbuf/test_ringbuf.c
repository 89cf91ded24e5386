/* SPDX-License-Identifier: MIT */
/* test_ringbuf.c: the ring buffer's suite: fixtures, assertions, a table of
 * cases. Build it with honest_add_test; run it with --help for the flags. */
#include <honest.h>
#include <string.h>

#include "ringbuf.h"

static ringbuf *buf;

static void open_buffer(void)
{
    buf = ringbuf_new(8);
    HN_ASSERT_NOT_NULL(buf);
}

static void close_buffer(void)
{
    ringbuf_free(buf);
}

HN_SUITE(ringbuf, .setup = open_buffer, .teardown = close_buffer);

HN_TEST(ringbuf, starts_empty)
{
    HN_ASSERT_EQ(ringbuf_size(buf), 0);
}

HN_TEST(ringbuf, round_trip)
{
    char out[8] = {0};
    HN_ASSERT_EQ(ringbuf_write(buf, "honest", 6), 6);
    HN_ASSERT_EQ(ringbuf_read(buf, out, sizeof out), 6);
    HN_ASSERT_STR_EQ(out, "honest");
}

HN_TEST(ringbuf, wraps_around)
{
    unsigned char out[8];
    ringbuf_write(buf, "abcdef", 6);
    ringbuf_read(buf, out, 4);
    HN_ASSERT_EQ(ringbuf_write(buf, "ghijkl", 6), 6);
    HN_ASSERT_EQ(ringbuf_read(buf, out, 8), 8);
    HN_ASSERT_MEM_EQ(out, "efghijkl", 8);
}

HN_TEST(ringbuf, zero_capacity_is_refused)
{
    HN_ASSERT_NULL(ringbuf_new(0));
}

/* Writes of several sizes into an 8-byte buffer: how many bytes fit. */
typedef struct fill_case {
    const char *name;
    size_t len;
    size_t fits;
} fill_case;

static const fill_case fills[] = {
    {"empty", 0, 0}, {"one", 1, 1}, {"exact", 8, 8}, {"overflow", 12, 8},
};

HN_TEST_PN(ringbuf, fill, fill_case, fills, name)
{
    char data[16];
    memset(data, 'x', sizeof data);
    HN_ASSERT_EQ(ringbuf_write(buf, data, HN_PARAM->len), HN_PARAM->fits);
    HN_CHECK_EQ(ringbuf_size(buf), HN_PARAM->fits);
}
