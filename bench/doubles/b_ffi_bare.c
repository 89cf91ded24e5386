/* SPDX-License-Identifier: MIT */
/* b_ffi_bare.c: the floor of any libffi-closure double: a closure of
 * int (*)(int) whose handler only returns 42 (no counting, no recording). */
#include <ffi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "target.h"

static void answer(ffi_cif *cif, void *ret, void **args, void *user)
{
    (void)cif;
    (void)args;
    (void)user;
    *(ffi_sarg *)ret = 42;
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 10000000;
    ffi_cif cif;
    ffi_type *params[1] = {&ffi_type_sint};
    void *code = NULL;
    ffi_closure *closure = ffi_closure_alloc(sizeof(ffi_closure), &code);
    if (!closure || ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 1, &ffi_type_sint, params) != FFI_OK ||
        ffi_prep_closure_loc(closure, &cif, answer, NULL, code) != FFI_OK) {
        fprintf(stderr, "b_ffi_bare: libffi could not make a closure\n");
        return 1;
    }
    int (*fp)(int);
    memcpy(&fp, &code, sizeof fp);
    call_fp(fp, n / 10); /* warm up */
    long long t0 = bench_now_ns(), c0 = bench_cpu_ns();
    long long sum = call_fp(fp, n);
    long long c1 = bench_cpu_ns(), t1 = bench_now_ns();
    ffi_closure_free(closure);
    if (sum != 42LL * n) {
        fprintf(stderr, "b_ffi_bare: wrong sum %lld\n", sum);
        return 1;
    }
    bench_report("ffi_bare", t1 - t0, c1 - c0, n);
    return 0;
}
