/* SPDX-License-Identifier: MIT */
/* loop.c: the measured loops and the clock, compiled apart from every double
 * so that the compiler cannot see through the calls. */
#define _GNU_SOURCE
#include "target.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

long long call_f(long n)
{
    long long sum = 0;
    for (long i = 0; i < n; i++)
        sum += f((int)i);
    return sum;
}

long long call_fp(int (*fp)(int), long n)
{
    long long sum = 0;
    for (long i = 0; i < n; i++)
        sum += fp((int)i);
    return sum;
}

long long bench_now_ns(void)
{
    struct timespec ts;
    syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

long long bench_cpu_ns(void)
{
    struct timespec ts;
    syscall(SYS_clock_gettime, CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

void bench_report(const char *name, long long ns, long long cpu_ns, long n)
{
    const char *path = getenv("BENCH_RESULT");
    FILE *out = path ? fopen(path, "a") : stdout;
    if (!out) {
        perror(path);
        exit(2);
    }
    if (cpu_ns < 0)
        fprintf(out, "%s %.3f -\n", name, (double)ns / (double)n);
    else
        fprintf(out, "%s %.3f %.3f\n", name, (double)ns / (double)n, (double)cpu_ns / (double)n);
    if (out != stdout)
        fclose(out);
}
