/* SPDX-License-Identifier: MIT */
/* honest/dummy.h: HN_DUMMY, values that stand in for arguments the code under
 * test must never use. Included by <honest.h>; do not include it directly. */
#ifndef HONEST_DUMMY_H
#define HONEST_DUMMY_H

#include <stddef.h>

#ifdef __cplusplus
#include <type_traits>
extern "C" {
#endif

/* Where an HN_DUMMY was written, and the type text it was given. Static
 * storage emitted by the macro; read by the fault handler to name the dummy. */
typedef struct hn__dummy_site {
    const char *name; /* the type as written, e.g. "struct conn *" */
    const char *file;
    int line;
} hn__dummy_site;

/* Fills `size` bytes at `out` with the dummy value for a type of the given
 * class (__builtin_classify_type, or -1 for _Bool) and counts the dummy in the
 * running test's summary. Pointers (object or function) get an address in a
 * guard page reserved for this dummy alone; floating types get a NaN; other
 * scalars the byte 0xDD repeated; structs and unions their pointer-sized
 * words set to a guard address (so a pointer field leads back to the dummy)
 * and any tail 0xDD. Never fails: if no guard page can be reserved, the
 * running test fails with the reason. */
void hn__dummy_make(const hn__dummy_site *site, void *out, size_t size, int klass);

/* The class hn__dummy_make takes for the type of v. */
#ifdef __cplusplus
#define HN__DUMMY_CLASS(v)                                                      \
    (std::is_same<__typeof__(v), bool>::value ? -1 : __builtin_classify_type(v))
#else
#define HN__DUMMY_CLASS(v) _Generic(v, _Bool: -1, default: __builtin_classify_type(v))
#endif

/* HN_DUMMY(type): a value of `type` that the code under test must never use.
 *
 *   struct conn *c = HN_DUMMY(struct conn *);
 *   HN_ASSERT_EQ(parse_header("", c), -1);   // must fail before touching c
 *
 * A pointer dummy points into a guard page (PROT_NONE). A test that reads or
 * writes through it, or calls it when the type is a function pointer, fails
 * with "dummy 'struct conn *' (file.c:12) was used: read at offset 8 in f"
 * instead of crashing, and the run goes on, forked or with --no-fork. Integer
 * dummies hold 0xDD bytes (int: -572662307), floating ones a NaN, _Bool
 * true, and a struct dummy's pointer fields lead to the guard page: those
 * cannot be caught when used, only recognised. Each HN_DUMMY evaluated makes
 * a new dummy; the guard pages identify up to 12 KiB past the pointer (and 4
 * KiB before it). Dummies are counted in the run's summary. */
#define HN_DUMMY(...)                                                           \
    (__extension__({                                                            \
        static const hn__dummy_site hn__dsite = {#__VA_ARGS__, __FILE__,        \
                                                 __LINE__};                     \
        __typeof__(__VA_ARGS__) hn__dval;                                       \
        hn__dummy_make(&hn__dsite, &hn__dval, sizeof hn__dval,                  \
                       HN__DUMMY_CLASS(hn__dval));                              \
        hn__dval;                                                               \
    }))

#ifdef __cplusplus
}
#endif
#endif
