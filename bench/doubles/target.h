/* SPDX-License-Identifier: MIT */
/* target.h: what every doubles benchmark calls: a function of the code under
 * test, f, and a loop in another translation unit, so nothing is inlined. */
#ifndef BENCH_TARGET_H
#define BENCH_TARGET_H

#ifdef __cplusplus
extern "C" {
#endif

/* The function a double stands in for (target.c holds the real one). */
int f(int x);
/* A real function to call through a pointer. */
int plus_one(int x);

/* Calls f(i) for i in [0, n) and returns the sum of the results. */
long long call_f(long n);
/* The same through a function pointer. */
long long call_fp(int (*fp)(int), long n);

/* Monotonic nanoseconds, straight from the kernel's vDSO-free syscall so that
 * no framework's interposition is measured. */
long long bench_now_ns(void);
/* CPU nanoseconds of this process (user + system, every thread). */
long long bench_cpu_ns(void);
/* Writes "NAME NS_PER_CALL CPU_NS_PER_CALL" to $BENCH_RESULT (appending) or
 * stdout; cpu_ns < 0 (not measured) writes "-" in its place. */
void bench_report(const char *name, long long ns, long long cpu_ns, long n);

#ifdef __cplusplus
}
#endif
#endif
