/* SPDX-License-Identifier: MIT */
/* double_ffi.c: hn_fn, run-time doubles of any function-pointer signature:
 * a trampoline of the pool (double_tramp.c) or else a libffi closure per
 * double, answered by the same registry as HN_DOUBLE. */
#include "doubles/double_impl.h"

#include <ffi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/context.h"

/* Calls of an hn_fn whose arguments are kept, as HN_DOUBLE_HISTORY. */
#define FN_HISTORY 1024
/* Largest argument record (10 parameters of 16 bytes, aligned). */
#define RECORD_MAX 256

typedef struct fn_closure {
    ffi_closure *closure; /* NULL when a trampoline answers */
    void *code;
    hn__vfn entry;        /* what HN_FN hands out: trampoline or closure code */
    ffi_cif cif;
    ffi_type *types[HN_DOUBLE_MAX_ARGS];
    ffi_type *rtype;
    hn__arg_meta meta[HN_DOUBLE_MAX_ARGS];
    char name[64];
} fn_closure;

static ffi_type *int_type(unsigned size, int is_signed)
{
    switch (size) {
    case 1: return is_signed ? &ffi_type_sint8 : &ffi_type_uint8;
    case 2: return is_signed ? &ffi_type_sint16 : &ffi_type_uint16;
    case 4: return is_signed ? &ffi_type_sint32 : &ffi_type_uint32;
    case 8: return is_signed ? &ffi_type_sint64 : &ffi_type_uint64;
    default: return NULL;
    }
}

/* The libffi type of a parameter or result, NULL when hn_fn cannot pass it
 * (struct or union by value, unusual widths). */
static ffi_type *type_of(int kind, unsigned size)
{
    switch (kind) {
    case HN__K_INT: return int_type(size, 1);
    case HN__K_CHAR: return int_type(size, (char)-1 < 0);
    case HN__K_UINT:
    case HN__K_BOOL: return int_type(size, 0);
    case HN__K_FLOAT:
        if (size == sizeof(float))
            return &ffi_type_float;
        if (size == sizeof(double))
            return &ffi_type_double;
        return size == sizeof(long double) ? &ffi_type_longdouble : NULL;
    case HN__K_PTR:
    case HN__K_STR:
    case HN__K_CHARP: return &ffi_type_pointer;
    default: return NULL;
    }
}

/* Writes a returned value where libffi wants it: integers narrower than a
 * register are widened to ffi_arg. */
static void store_result(const hn__double *d, void *ret, const void *value)
{
    if (d->ret_size >= sizeof(ffi_arg) || d->ret_kind == HN__K_FLOAT) {
        memcpy(ret, value, d->ret_size);
        return;
    }
    int is_signed = d->ret_kind == HN__K_INT ||
                    (d->ret_kind == HN__K_CHAR && (char)-1 < 0);
    switch (d->ret_size) {
    case 1: {
        uint8_t v;
        memcpy(&v, value, 1);
        *(ffi_sarg *)ret = is_signed ? (ffi_sarg)(int8_t)v : (ffi_sarg)v;
        return;
    }
    case 2: {
        uint16_t v;
        memcpy(&v, value, 2);
        *(ffi_sarg *)ret = is_signed ? (ffi_sarg)(int16_t)v : (ffi_sarg)v;
        return;
    }
    case 4: {
        uint32_t v;
        memcpy(&v, value, 4);
        *(ffi_sarg *)ret = is_signed ? (ffi_sarg)(int32_t)v : (ffi_sarg)v;
        return;
    }
    default:
        memcpy(ret, value, d->ret_size);
    }
}

static void on_call(ffi_cif *cif, void *ret, void **args, void *user)
{
    hn__double *d = user;
    _Alignas(16) unsigned char rec[RECORD_MAX];
    _Alignas(16) unsigned char value[32];
    size_t index = hn__double_enter(d);
    if (index < d->hist_cap) {
        unsigned char *slot = (unsigned char *)d->hist + index * d->args_size;
        for (unsigned i = 0; i < d->nargs; i++)
            memcpy(slot + d->args[i].offset, args[i], d->args[i].size);
    }
    if (d->fast == HN__FAST_RETURN && !hn__double_bypass) {
        if (d->ret_size)
            store_result(d, ret, d->ret_value);
        return;
    }
    for (unsigned i = 0; i < d->nargs; i++)
        memcpy(rec + d->args[i].offset, args[i], d->args[i].size);
    switch (hn__double_call(d, index, rec, d->ret_size ? value : NULL)) {
    case HN__ACT_IMPL: ffi_call(cif, d->impl, ret, args); break;
    case HN__ACT_REAL: ffi_call(cif, d->real, ret, args); break;
    default:
        if (d->ret_size)
            store_result(d, ret, value);
    }
}

/* Gives d an entry: a trampoline when its signature and the pool allow,
 * else a libffi closure. Returns 0, or -1 when libffi could not make one. */
static int make_entry(fn_closure *c, hn__double *d)
{
    c->entry = hn__tramp_take(d);
    if (c->entry)
        return 0;
    c->closure = ffi_closure_alloc(sizeof(ffi_closure), &c->code);
    if (!c->closure ||
        ffi_prep_closure_loc(c->closure, &c->cif, on_call, d, c->code) != FFI_OK)
        return -1;
    memcpy(&c->entry, &c->code, sizeof c->entry);
    return 0;
}

static void drop_entry(fn_closure *c)
{
    if (c->closure)
        ffi_closure_free(c->closure);
    else if (c->entry)
        hn__tramp_release(c->entry);
    c->closure = NULL;
    c->entry = (hn__vfn)0;
}

static void fail_new(const hn__fn_decl *decl, const char *why)
{
    hn__ctx_fail(1, decl->file, decl->line, "HN_FN(%s, %s): %s", decl->type,
                 decl->name, why);
}

static int prepare(fn_closure *c, const hn__fn_decl *decl)
{
    for (unsigned i = 0; i < decl->nargs; i++) {
        c->meta[i] = decl->args[i];
        c->types[i] = type_of(decl->args[i].kind, decl->args[i].size);
        if (!c->types[i]) {
            fail_new(decl, "a parameter is a struct or union passed by value, which "
                           "hn_fn cannot pass (pass a pointer, or use HN_DOUBLE)");
            return -1;
        }
    }
    c->rtype = decl->ret_size ? type_of(decl->ret_kind, decl->ret_size) : &ffi_type_void;
    if (!c->rtype) {
        fail_new(decl, "the result is a struct or union returned by value, which "
                       "hn_fn cannot return");
        return -1;
    }
    if (ffi_prep_cif(&c->cif, FFI_DEFAULT_ABI, decl->nargs, c->rtype, c->types) != FFI_OK) {
        fail_new(decl, "libffi refused the signature");
        return -1;
    }
    return 0;
}

hn__double *hn__fn_new(const hn__fn_decl *decl)
{
    if (!hn__ctx_in_test())
        hn__ctx_fail(1, decl->file, decl->line, "HN_FN(%s, %s) used outside a test: "
                     "hn_fn doubles live for one test", decl->type, decl->name);
    if (decl->args_size > RECORD_MAX || decl->ret_size > 32) {
        fail_new(decl, "the arguments or the result are too large for hn_fn");
        return NULL;
    }
    hn__double_bypass++;
    hn__double *d = calloc(1, sizeof *d);
    fn_closure *c = calloc(1, sizeof *c);
    void *hist = calloc(FN_HISTORY, decl->args_size ? decl->args_size : 1);
    if (!d || !c || !hist || prepare(c, decl) != 0) {
        free(d);
        free(c);
        free(hist);
        hn__double_bypass--;
        if (d && c && hist)
            return NULL; /* prepare reported it */
        fail_new(decl, "out of memory");
        return NULL;
    }
    snprintf(c->name, sizeof c->name, "%s", decl->name);
    *d = (hn__double){.name = c->name, .file = decl->file, .line = decl->line,
                      .flags = decl->flags, .nargs = decl->nargs,
                      .args_size = decl->args_size, .ret_size = decl->ret_size,
                      .ret_kind = decl->ret_kind, .args = c->meta, .hist = hist,
                      .hist_cap = FN_HISTORY};
    if (make_entry(c, d) != 0 || hn__double_adopt(d) != 0) {
        drop_entry(c);
        free(d);
        free(c);
        free(hist);
        hn__double_bypass--;
        fail_new(decl, "libffi could not make a closure");
        return NULL;
    }
    d->st->fn = c;
    hn__double_bypass--;
    return d;
}

hn__vfn hn__fn_code(hn__double *d)
{
    if (!d)
        return (hn__vfn)0;
    const fn_closure *c = d->st->fn;
    return c->entry;
}

void hn__fn_set_real(hn__double *d, hn__vfn real, const char *file, int line)
{
    if (!d)
        return;
    hn__double_need_test(d, "HN_FN_REAL", file, line);
    __atomic_store_n(&d->real, real, __ATOMIC_RELEASE);
}

void hn__fn_free(hn__double *d)
{
    fn_closure *c = d->st->fn;
    hn__stub_reset(d);
    hn__mock_reset(d);
    hn__spy_reset(d);
    if (c) {
        drop_entry(c);
        free(c);
    }
    free(d->st->zero);
    free(d->st);
    free(d->hist);
    free(d);
}
