/* SPDX-License-Identifier: MIT */
/* dummy_prog.c: a purpose-made test program for the dummy selftests: code
 * under test that touches, writes, calls or ignores the dummies it is given. */
#include <honest.h>

#include <math.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <sys/mman.h>

/* The code under test. noinline and external, so that the fault happens in a
 * function the report can name. */
struct conn {
    int fd;
    int port;
    char *name;
};
struct config {
    const char *host;
    struct conn *conn;
};
typedef int (*on_event_fn)(int event);

__attribute__((noinline)) int conn_port(const struct conn *c)
{
    return c->port;
}

__attribute__((noinline)) void conn_close(struct conn *c)
{
    c->fd = -1;
}

__attribute__((noinline)) int dispatch(on_event_fn cb, int event)
{
    return cb(event) + 1;
}

__attribute__((noinline)) int config_port(const struct config *cfg)
{
    return cfg->conn->port;
}

/* Returns 0 for an empty name without looking at the connection. */
__attribute__((noinline)) int conn_rename(struct conn *c, const char *name)
{
    if (!name || !*name)
        return 0;
    c->name = (char *)name;
    return 1;
}

static void *port_in_thread(void *c)
{
    return (void *)(intptr_t)conn_port(c);
}

/* Each of these must fail with the dummy's name. */
HN_TEST(target, read)
{
    struct conn *c = HN_DUMMY(struct conn *); /* @read */
    HN_CHECK_EQ(conn_port(c), 0);
}

HN_TEST(target, write)
{
    conn_close(HN_DUMMY(struct conn *)); /* @write */
}

HN_TEST(target, call)
{
    HN_CHECK_EQ(dispatch(HN_DUMMY(on_event_fn), 3), 0); /* @call */
}

HN_TEST(target, call_literal_type)
{
    HN_CHECK_EQ(dispatch(HN_DUMMY(int (*)(int)), 3), 0); /* @call_literal */
}

HN_TEST(target, struct_field)
{
    struct config cfg = HN_DUMMY(struct config); /* @struct_field */
    HN_CHECK_EQ(config_port(&cfg), 0);
}

HN_TEST(target, thread)
{
    pthread_t t;
    pthread_create(&t, NULL, port_in_thread, HN_DUMMY(struct conn *)); /* @thread */
    pthread_join(t, NULL);
    HN_LOG("the test thread went on after the other thread touched the dummy");
}

/* Used inside libc: the fault is in a library's code, still named. */
HN_TEST(target, libc_reads_it)
{
    const char *name = HN_DUMMY(const char *); /* @libc */
    HN_CHECK_EQ(strlen(name), 0u);
}

/* These pass: the dummies are never used, and hold their poison values. */
HN_TEST(target, untouched)
{
    HN_ASSERT_EQ(conn_rename(HN_DUMMY(struct conn *), ""), 0);
    int i = HN_DUMMY(int);
    HN_ASSERT_EQ(i, -572662307);
    double d = HN_DUMMY(double);
    HN_ASSERT(isnan(d));
    bool b = HN_DUMMY(bool);
    HN_ASSERT(b);
    struct config cfg = HN_DUMMY(struct config);
    HN_ASSERT_EQ((void *)cfg.host, (void *)cfg.conn);
}

HN_TEST(target, each_dummy_its_own)
{
    struct conn *a = HN_DUMMY(struct conn *);
    struct conn *b = HN_DUMMY(struct conn *);
    HN_ASSERT_NE(a, b);
    HN_ASSERT_NOT_NULL(a);
}

/* A genuine crash is not a dummy's: with the dummies' handler installed, the
 * fault still reaches the runner (or the sanitizer) as before. */
HN_TEST(crash, segv)
{
    HN_ASSERT_NOT_NULL(HN_DUMMY(struct conn *));
    /* A page of our own, not a dummy's: a fault no sanitizer sees coming. */
    volatile char *page = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    HN_ASSERT(page != MAP_FAILED);
    HN_CHECK_EQ(page[0], 0);
}

/* With --no-fork, a dummy kept from an earlier test and used later is named
 * as made by an earlier test. */
static struct conn *kept;

HN_TEST(earlier, a_keep)
{
    kept = HN_DUMMY(struct conn *); /* @kept */
    HN_ASSERT_NOT_NULL(kept);
}

HN_TEST(earlier, b_use)
{
    if (!kept)
        HN_SKIP("needs --no-fork and earlier.a_keep first");
    HN_CHECK_EQ(conn_port(kept), 0);
}
