/* SPDX-License-Identifier: MIT */
/* pool.c: the unit under test of cmocka_module.c. Built with UNIT_TESTING, it
 * points malloc, calloc, realloc and free at cmocka's _test_* functions and
 * assert at mock_assert, which it declares itself, without cmocka.h: the way
 * cmocka's documentation shows code under test being checked. */
#include "pool.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#ifdef UNIT_TESTING
void *_test_malloc(const size_t size, const char *file, const int line);
void *_test_calloc(const size_t number_of_elements, const size_t size, const char *file,
                   const int line);
void *_test_realloc(void *ptr, const size_t size, const char *file, const int line);
void _test_free(void *const ptr, const char *file, const int line);
#define malloc(size) _test_malloc(size, __FILE__, __LINE__)
#define calloc(num, size) _test_calloc(num, size, __FILE__, __LINE__)
#define realloc(ptr, size) _test_realloc(ptr, size, __FILE__, __LINE__)
#define free(ptr) _test_free(ptr, __FILE__, __LINE__)
void mock_assert(const int result, const char *const expression, const char *const file,
                 const int line);
#undef assert
#define assert(expression) mock_assert((expression) != 0, #expression, __FILE__, __LINE__)
#endif

char *pool_dup(const char *text)
{
    assert(text != NULL);
    size_t n = strlen(text) + 1;
    char *copy = malloc(n); /* pool_dup allocates here */
    if (copy)
        memcpy(copy, text, n);
    return copy;
}

char *pool_grow(char *copy, size_t n)
{
    size_t had = strlen(copy) + 1;
    char *grown = realloc(copy, had + n);
    if (grown)
        memset(grown + had, 0, n);
    return grown;
}

char *pool_zeroed(size_t n)
{
    return calloc(n, 1);
}

void pool_release(char *copy)
{
    free(copy);
}
