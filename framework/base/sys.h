/* SPDX-License-Identifier: MIT */
/* sys.h: system calls made without the C library, for the code every test
 * process runs on its way in and out. fork copies no page table entries for
 * the C library's code, so each of its functions a test process calls is a
 * page fault in every test; a system call made here is not. */
#ifndef HN_SYS_H
#define HN_SYS_H

#include <sys/syscall.h>
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

#endif
