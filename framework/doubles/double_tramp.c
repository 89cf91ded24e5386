/* SPDX-License-Identifier: MIT */
/* double_tramp.c: the fast entry of hn_fn: a pool of precompiled trampolines
 * for x86-64 SysV signatures of integers and pointers, instead of libffi. */
#include "doubles/double_impl.h"
#include "base/platform.h"

#include <stdint.h>
#include <string.h>

/* As defined in double.c: without it, code built for the shared library
 * would look the flag up through __tls_get_addr on every call. */
extern __attribute__((tls_model("initial-exec"))) _Thread_local int hn__double_bypass;

#if HN__PLATFORM_TRAMPOLINES

/* Trampolines in the pool: hn_fn doubles alive at once on the fast path.
 * More fall back to libffi closures. */
#define POOL 64
/* Parameters a trampoline takes: the six integer argument registers. */
#define REGS 6
/* How a register holds a value of the declared type: its size in bytes, and
 * SIGNED when it is sign-extended (0 for a void result). */
#define SIGNED 0x10

/* One trampoline's double and how to read its registers. */
typedef struct slot {
    hn__double *d;              /* NULL: free */
    int taken;                  /* atomic: claimed by hn__tramp_take */
    unsigned char nargs;
    unsigned char conv[REGS];   /* per parameter: size | SIGNED */
    unsigned char off[REGS];    /* per parameter: offset in the record */
    unsigned char rconv;        /* the result: size | SIGNED, 0 for void */
} slot;

typedef uint64_t (*reg_fn)(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t,
                           uint64_t);

static slot slots[POOL];

/* The value of a register as the declared type left it, extended to 64 bits
 * by the type's own rule. The ABI leaves the bits above a narrow integer
 * undefined, in arguments and in results alike. */
static inline uint64_t extend(unsigned conv, uint64_t v)
{
    switch (conv) {
    case 1: return (uint8_t)v;
    case 1 | SIGNED: return (uint64_t)(int64_t)(int8_t)v;
    case 2: return (uint16_t)v;
    case 2 | SIGNED: return (uint64_t)(int64_t)(int16_t)v;
    case 4: return (uint32_t)v;
    case 4 | SIGNED: return (uint64_t)(int64_t)(int32_t)v;
    case 0: return 0;
    default: return v;
    }
}

/* Stores the low `conv` bytes of v at p (x86-64 is little-endian). */
static inline void store(unsigned char *p, unsigned conv, uint64_t v)
{
    switch (conv & ~SIGNED) {
    case 1: memcpy(p, &v, 1); break;
    case 2: memcpy(p, &v, 2); break;
    case 4: memcpy(p, &v, 4); break;
    default: memcpy(p, &v, 8); break;
    }
}

/* A value of the result's type (rconv) read from p, as a register. */
static inline uint64_t load(const void *p, unsigned conv)
{
    uint64_t v = 0;
    switch (conv & ~SIGNED) {
    case 0: return 0;
    case 1: memcpy(&v, p, 1); break;
    case 2: memcpy(&v, p, 2); break;
    case 4: memcpy(&v, p, 4); break;
    default: memcpy(&v, p, 8); break;
    }
    return extend(conv, v);
}

static inline void record(const slot *s, unsigned char *rec, const uint64_t *a)
{
    for (unsigned i = 0; i < s->nargs; i++)
        store(rec + s->off[i], s->conv[i], a[i]);
}

/* Calls f (a fake or the real function) with the arguments extended as their
 * declared types; the unused registers get zeros. */
static uint64_t call_on(const slot *s, hn__vfn f, const uint64_t *a)
{
    uint64_t e[REGS] = {0};
    for (unsigned i = 0; i < s->nargs; i++)
        e[i] = extend(s->conv[i], a[i]);
    reg_fn g;
    memcpy(&g, &f, sizeof g);
    return extend(s->rconv, g(e[0], e[1], e[2], e[3], e[4], e[5]));
}

/* Everything but a plain stub: the same slow path as every double. */
__attribute__((noinline)) static uint64_t slow(const slot *s, size_t index,
                                               const uint64_t *a)
{
    hn__double *d = s->d;
    _Alignas(16) unsigned char rec[REGS * 8];
    _Alignas(16) unsigned char value[8];
    record(s, rec, a);
    switch (hn__double_call(d, index, rec, s->rconv ? value : NULL)) {
    case HN__ACT_IMPL: return call_on(s, d->impl, a);
    case HN__ACT_REAL: return call_on(s, d->real, a);
    default: return load(value, s->rconv);
    }
}

/* The body shared by every trampoline: count, record, and answer a plain
 * stub at once, as the wrapper of an HN_DOUBLE does. Not inlined into each
 * trampoline: 64 copies cost 70 KB of code and measured no faster. */
__attribute__((noinline)) static uint64_t enter(const slot *s, const uint64_t *a)
{
    hn__double *d = s->d;
    size_t index = hn__double_enter(d);
    if (index < d->hist_cap)
        record(s, (unsigned char *)d->hist + index * d->args_size, a);
    if (d->fast == HN__FAST_RETURN && !hn__double_bypass)
        return load(d->ret_value, s->rconv);
    return slow(s, index, a);
}

/* Trampoline number 8 * h + l: all integer and pointer arguments of up to six
 * parameters arrive in the same registers, so one shape serves them all. */
#define T(h, l)                                                                \
    static uint64_t t##h##l(uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3, \
                            uint64_t a4, uint64_t a5)                          \
    {                                                                          \
        const uint64_t a[REGS] = {a0, a1, a2, a3, a4, a5};                     \
        return enter(&slots[8 * h + l], a);                                    \
    }
#define T8(h) T(h, 0) T(h, 1) T(h, 2) T(h, 3) T(h, 4) T(h, 5) T(h, 6) T(h, 7)
#define E8(h) t##h##0, t##h##1, t##h##2, t##h##3, t##h##4, t##h##5, t##h##6, t##h##7
T8(0) T8(1) T8(2) T8(3) T8(4) T8(5) T8(6) T8(7)
static const reg_fn entries[POOL] = {E8(0), E8(1), E8(2), E8(3),
                                     E8(4), E8(5), E8(6), E8(7)};

/* The register rule of a parameter or result of this kind and size, or -1
 * when it does not travel in one integer register. */
static int conv_of(int kind, unsigned size)
{
    if (size != 1 && size != 2 && size != 4 && size != 8)
        return -1;
    switch (kind) {
    case HN__K_INT: return (int)size | SIGNED;
    case HN__K_CHAR: return (int)size | ((char)-1 < 0 ? SIGNED : 0);
    case HN__K_UINT:
    case HN__K_BOOL:
    case HN__K_PTR:
    case HN__K_STR:
    case HN__K_CHARP: return (int)size;
    default: return -1;
    }
}

/* Fills s for d; returns 0, or -1 when d's signature needs libffi. */
static int describe(slot *s, const hn__double *d)
{
    if (d->nargs > REGS || d->args_size > REGS * 8 || (d->flags & HN__DF_VARIADIC))
        return -1;
    for (unsigned i = 0; i < d->nargs; i++) {
        int c = conv_of(d->args[i].kind, d->args[i].size);
        if (c < 0)
            return -1;
        s->conv[i] = (unsigned char)c;
        s->off[i] = (unsigned char)d->args[i].offset;
    }
    int r = d->ret_size ? conv_of(d->ret_kind, d->ret_size) : 0;
    if (r < 0)
        return -1;
    s->rconv = (unsigned char)r;
    s->nargs = (unsigned char)d->nargs;
    return 0;
}

hn__vfn hn__tramp_take(hn__double *d)
{
    slot probe = {0};
    if (describe(&probe, d) != 0)
        return (hn__vfn)0;
    for (unsigned i = 0; i < POOL; i++) {
        int expected = 0;
        if (!__atomic_compare_exchange_n(&slots[i].taken, &expected, 1, 0,
                                         __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
            continue;
        probe.taken = 1;
        probe.d = d;
        slots[i] = probe;
        hn__vfn f;
        memcpy(&f, &entries[i], sizeof f);
        return f;
    }
    return (hn__vfn)0;
}

void hn__tramp_release(hn__vfn code)
{
    for (unsigned i = 0; i < POOL; i++) {
        hn__vfn f;
        memcpy(&f, &entries[i], sizeof f);
        if (f != code)
            continue;
        slots[i].d = NULL;
        __atomic_store_n(&slots[i].taken, 0, __ATOMIC_RELEASE);
        return;
    }
}

#else /* not x86-64 SysV: every hn_fn is a libffi closure */

hn__vfn hn__tramp_take(hn__double *d)
{
    (void)d;
    return (hn__vfn)0;
}

void hn__tramp_release(hn__vfn code)
{
    (void)code;
}

#endif
