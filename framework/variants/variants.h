/* SPDX-License-Identifier: MIT */
/* variants.h: variants (framework/variants): seeded mutations of one place of
 * one fixture's response (kinds, places, ids, sampling), and the variant a
 * test process answers with (the runner sets it; http/, doubles/ and serve
 * ask for the fixture to answer with). Uses base, json, core and fixtures. */
#ifndef HN_VARIANTS_H
#define HN_VARIANTS_H

#include <stddef.h>
#include <stdint.h>

#include <honest/fixture.h>

/* The kinds of mutation, in the order reports list them. */
typedef enum hn__vkind {
    HN__VK_NUMBER_AS_STRING,
    HN__VK_STRING_AS_NUMBER,
    HN__VK_NULL,
    HN__VK_MISSING,
    HN__VK_EXTRA_FIELD,
    HN__VK_REORDER,
    HN__VK_EMPTY_ARRAY,
    HN__VK_ONE_ELEMENT,
    HN__VK_LONG_STRING,
    HN__VK_UNICODE,
    HN__VK_TRUNCATED,
    HN__VK_MALFORMED,
    HN__VK_STATUS_429,
    HN__VK_STATUS_500,
    HN__VK_STATUS_503,
    HN__VK_SLOW,
    HN__VK_TRANSPORT_ERROR,
    HN__VK_COUNT
} hn__vkind;

/* Every kind, as a mask of (1u << kind). */
#define HN__VK_ALL ((1u << HN__VK_COUNT) - 1u)
/* Longest variant id a test process is given (the runner skips longer). */
#define HN__VARIANT_ID_MAX 1024
/* The member extra_field adds to an object. */
#define HN__VARIANT_EXTRA_KEY "honest_extra_field"
/* Length in bytes of the string long_string sends. */
#define HN__VARIANT_LONG_LEN 65536

/* ---- variant_kind.c: kinds, ids, sampling ------------------------------- */

/* The name of kind k ("number_as_string"), or "?" when k is not a kind. */
const char *hn__vkind_name(int k);
/* The kind named name, or -1. */
int hn__vkind_parse(const char *name);
/* Parses a comma-separated list of kind names ("null,missing"; "all" or ""
 * for every kind) into *mask. Returns 0, or -1 with a message in err (errlen
 * bytes) naming the unknown word and listing the kinds. */
int hn__vkind_list_parse(const char *list, uint32_t *mask, char *err, size_t errlen);

/* A variant id taken apart: TEST~FIXTURE~KIND~PATH. Strings owned. */
typedef struct hn__variant_id {
    char *test;    /* "suite.name" */
    char *fixture; /* the fixture's path as the id shows it */
    hn__vkind kind;
    char *path;    /* "$.main.temp"; "$" for the whole response */
} hn__variant_id;

/* Writes the id of a variant as a malloc'd string (the caller frees). */
char *hn__variant_id_format(const char *test, const char *fixture, hn__vkind kind,
                            const char *path);
/* Parses text into *id (free with hn__variant_id_free). Returns 0, or -1
 * with a message in err saying what part is wrong and what an id looks like. */
int hn__variant_id_parse(const char *text, hn__variant_id *id, char *err, size_t errlen);
void hn__variant_id_free(hn__variant_id *id);
/* 1 when the fixture file at path is the one an id shows as shown: the same
 * path, or path ends with "/" followed by shown. */
int hn__variant_fixture_is(const char *path, const char *shown);

/* Chooses max of n items with the generator seeded by seed and salt (the
 * test's name, so that one test's sample does not depend on the others):
 * writes the chosen indexes, in increasing order, to out (max entries) and
 * returns how many were written (n when n <= max). */
size_t hn__variant_sample(size_t n, size_t max, uint64_t seed, const char *salt, size_t *out);

/* ---- variant_place.c: places of a response and mutations ---------------- */

struct hn__variant_place;
/* The places of the fixture file at path for the kinds of mask (as
 * hn__variant_places of the loaded file); 0, or -1 with err filled. The
 * runner calls it through this pointer, which variant_active.c sets when it
 * is linked in (the code answers from fixtures): a program that links
 * libhonest.a without fixtures then needs neither them nor cJSON. NULL
 * until then. (variant_kind.c holds it.) */
typedef int (*hn__variant_file_places_fn)(const char *path, uint32_t mask,
                                          struct hn__variant_place **out, size_t *n,
                                          char *err, size_t errlen);
extern hn__variant_file_places_fn hn__variant_file_places;


/* One place a kind can mutate. Strings owned. */
typedef struct hn__variant_place {
    hn__vkind kind;
    char *path;  /* of the body ("$.a[0]"), or "$" for the whole response */
} hn__variant_place;

/* Every place of fx's response that a kind of mask can mutate, in the order
 * of the body (each node's kinds in kind order), then the whole-response
 * kinds. A response that records a transport error has none. *out is
 * malloc'd (free with hn__variant_places_free); returns 0, or -1 when out
 * of memory. */
int hn__variant_places(const hn_fixture *fx, uint32_t mask, hn__variant_place **out,
                       size_t *n);
void hn__variant_places_free(hn__variant_place *p, size_t n);

/* The fixture fx with kind applied at path of its response: a new fixture
 * with the same file path (the caller frees it with hn_fixture_free). *value
 * (may be NULL) receives the description of the mutated value (malloc'd).
 * slow gives a response with the transport error "timeout" (whoever
 * delivers it waits first: hn__variant_slow_wait, or `honest serve` by
 * itself). Returns NULL with a message in err when fx has no such place. */
hn_fixture *hn__variant_apply(const hn_fixture *fx, hn__vkind kind, const char *path,
                              char **value, char *err, size_t errlen);

/* ---- variant_active.c: the variant of the running test process ---------- */

/* Data events (HN__EV_DATA) a test process records for the runner: */
#define HN__VDATA_FIXTURE "fixture "  /* + path: a fixture answered the code */
#define HN__VDATA_APPLIED "applied "  /* + value: the variant was delivered */
#define HN__VDATA_EXPECT "expect "    /* + "tolerate" or "notice" */

/* The fixture to answer the code with where it reads fx (an HTTP transfer
 * answered from fx, HN_STUB_FIXTURE_OF): fx itself, or, when the running
 * test runs a variant of fx, its mutation (owned by this module until the
 * test ends). With --variants it also records that fx answered the test. */
const hn_fixture *hn__variant_for(const hn_fixture *fx);
/* When fx is the mutation for kind slow: waits as a slow service makes the
 * client wait and returns 1 (the caller then answers with a timeout). With
 * client_timeout_ms > 0, the fake clock (when on) is advanced past it, or
 * the real time passes (at most 1 s); with none, it waits past the test's
 * time limit (the client would wait forever). Returns 0 for any other fx. */
int hn__variant_slow_wait(const hn_fixture *fx, long client_timeout_ms);

#endif
