/* SPDX-License-Identifier: MIT */
/* dummy_safe_prog.c: selftest subject: a dummy used while the test runs on
 * an alternate signal stack, with malloc and its family replaced by
 * versions that tell when they are called from a signal handler (on that
 * stack). The dummy's SIGSEGV handler must allocate nothing: malloc is not
 * async-signal-safe (the fault may come while malloc holds its lock). */
#include <honest.h>

#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

extern void *__libc_malloc(size_t n);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *p, size_t n);
extern void __libc_free(void *p);

static void note(void)
{
    stack_t ss;
    if (sigaltstack(NULL, &ss) == 0 && (ss.ss_flags & SS_ONSTACK)) {
        static const char msg[] = "ALLOCATED IN A SIGNAL HANDLER\n";
        if (write(1, msg, sizeof msg - 1) < 0) {
        }
    }
}

void *malloc(size_t n)
{
    note();
    return __libc_malloc(n);
}

void *calloc(size_t n, size_t size)
{
    note();
    return __libc_calloc(n, size);
}

void *realloc(void *p, size_t n)
{
    note();
    return __libc_realloc(p, n);
}

void free(void *p)
{
    __libc_free(p);
}

struct conn {
    int fd;
    int port;
};

__attribute__((noinline)) int conn_port_safe(const struct conn *c)
{
    return c->port;
}

HN_TEST(safe, dummy_used)
{
    static char stack[1 << 16];
    stack_t ss = {.ss_sp = stack, .ss_size = sizeof stack, .ss_flags = 0};
    HN_ASSERT_EQ(sigaltstack(&ss, NULL), 0);
    struct conn *c = HN_DUMMY(struct conn *); /* @safe */
    HN_CHECK_EQ(conn_port_safe(c), 0);
}
