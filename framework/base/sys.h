/* SPDX-License-Identifier: MIT */
/* sys.h: system calls made without the C library, for the code every test
 * process runs on its way in and out. fork copies no page table entries for
 * the C library's code, so each of its functions a test process calls is a
 * page fault in every test; a system call made here is not. */
#ifndef HN_SYS_H
#define HN_SYS_H

#include <errno.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

#include "base/platform.h"

/* Places a function that every test process runs (its way in and out, a
 * passing assertion, the launcher's fork, the modules' reset and cleanup)
 * or that a forked test answered by HN_HTTP_FIXTURES runs (the HTTP
 * double's curl_easy_* path, matching, fixture use) beside the others of
 * its kind. fork copies no page
 * table entries for the program's code either, and the kernel maps the
 * pages around a faulting one (64 KiB) in one fault: together, these cost a
 * test process one page fault instead of one for each place they would
 * otherwise sit. GNU ld groups the .text.hot sections of every object at
 * the start of the program's code, beside its PLT. */
#define HN__TEST_PATH __attribute__((section(".text.hot.hn_test_path")))

/* Makes system call n with up to four arguments (pass 0 for the rest).
 * Returns the kernel's result: a negative errno on failure (errno itself
 * is not set) where the call is made directly, that is on x86-64 and
 * AArch64; elsewhere it goes through syscall(2) and returns -1 on failure. */
static inline long hn__sys_call(long n, long a, long b, long c, long d)
{
#if HN__PLATFORM_RAW_SYSCALL && defined(__x86_64__)
    register long r10 __asm__("r10") = d;
    long ret;
    __asm__ volatile("syscall"
                     : "=a"(ret)
                     : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10)
                     : "rcx", "r11", "memory");
    return ret;
#elif HN__PLATFORM_RAW_SYSCALL && defined(__aarch64__)
    register long x8 __asm__("x8") = n;
    register long x0 __asm__("x0") = a;
    register long x1 __asm__("x1") = b;
    register long x2 __asm__("x2") = c;
    register long x3 __asm__("x3") = d;
    __asm__ volatile("svc 0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2), "r"(x3) : "memory");
    return x0;
#else
    return syscall(n, a, b, c, d);
#endif
}

/* Receives what fd holds, up to len bytes, without waiting (recv with
 * MSG_DONTWAIT). Returns the length, 0 at the end, or a negative errno
 * (-EAGAIN: nothing to receive); where system calls are made directly,
 * errno itself is not written. */
static inline long hn__sys_recv_nowait(int fd, void *buf, size_t len)
{
#if HN__PLATFORM_RAW_SYSCALL && defined(__x86_64__)
    register long r10 __asm__("r10") = MSG_DONTWAIT;
    register long r8 __asm__("r8") = 0; /* no source address wanted */
    register long r9 __asm__("r9") = 0;
    long ret;
    __asm__ volatile("syscall"
                     : "=a"(ret)
                     : "a"((long)SYS_recvfrom), "D"((long)fd), "S"(buf), "d"(len), "r"(r10),
                       "r"(r8), "r"(r9)
                     : "rcx", "r11", "memory");
    return ret;
#elif HN__PLATFORM_RAW_SYSCALL && defined(__aarch64__)
    register long x8 __asm__("x8") = SYS_recvfrom;
    register long x0 __asm__("x0") = fd;
    register long x1 __asm__("x1") = (long)buf;
    register long x2 __asm__("x2") = (long)len;
    register long x3 __asm__("x3") = MSG_DONTWAIT;
    register long x4 __asm__("x4") = 0;
    register long x5 __asm__("x5") = 0;
    __asm__ volatile("svc 0"
                     : "+r"(x0)
                     : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x5)
                     : "memory");
    return x0;
#else
    ssize_t got = recv(fd, buf, len, MSG_DONTWAIT);
    return got < 0 ? -errno : got;
#endif
}

/* strcasecmp and strncasecmp for ASCII alone (HTTP's names, methods and
 * media types): the C library's read the locale's object and its tolower
 * table, two pages of its read-only data that a forked test matching a
 * fixture's headers would fault in for nothing else. Inline, so that they
 * sit with the code that calls them. */
static inline int hn__ascii_lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

static inline int hn__ascii_ncasecmp(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int x = hn__ascii_lower((unsigned char)a[i]), y = hn__ascii_lower((unsigned char)b[i]);
        if (x != y || x == 0)
            return x - y;
    }
    return 0;
}

static inline int hn__ascii_casecmp(const char *a, const char *b)
{
    return hn__ascii_ncasecmp(a, b, (size_t)-1);
}

#endif
