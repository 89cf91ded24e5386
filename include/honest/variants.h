/* SPDX-License-Identifier: MIT */
/* honest/variants.h: what a test expects of the variants of its fixtures
 * (--variants). Included by <honest.h>; do not include it directly. */
#ifndef HONEST_VARIANTS_H
#define HONEST_VARIANTS_H

#ifdef __cplusplus
extern "C" {
#endif

/* What a test expects of a variant: that the code tolerates it (the test
 * still passes) or notices it (the test fails: the code reported an error
 * or gave another result). */
typedef enum hn_variant_expect { HN_TOLERATE = 1, HN_NOTICE = 2 } hn_variant_expect;

/* HN_VARIANTS_EXPECT(what, HN_TOLERATE or HN_NOTICE): under --variants, the
 * test expects this of the variants `what` names: a kind ("number_as_string"),
 * a path of the response body ("$.amount": that place and every place under
 * it), or both ("number_as_string@$.amount"). A variant whose outcome is
 * against the expectation fails the test. Call it at the start of the test,
 * before anything can fail; when several name a variant, the last call wins.
 * Without --variants it only checks that `what` is well formed. */
#define HN_VARIANTS_EXPECT(what, expect) hn__variants_expect(__FILE__, __LINE__, (what), (expect))
void hn__variants_expect(const char *file, int line, const char *what, hn_variant_expect expect);

#ifdef __cplusplus
}
#endif
#endif
