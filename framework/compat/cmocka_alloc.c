/* SPDX-License-Identifier: MIT */
/* cmocka_alloc.c: test_malloc, test_calloc, test_realloc and test_free: each
 * block carries where it was allocated and guard bytes on both sides; a block
 * a test leaves allocated, or whose guards it overwrote, fails the test. */
#include <honest/cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "compat/cmocka_impl.h"
#include "core/context.h"
#include "base/sys.h"

#define GUARD 16
#define GUARD_BYTE 0xef
#define MAGIC 0x686e636du /* "hncm" */

/* The header before each block; the block follows GUARD bytes after it. */
typedef struct block {
    unsigned magic;
    int in_test;         /* allocated inside a test: checked for leaks */
    size_t size;
    const char *file;
    int line;
    struct block *prev, *next;
    unsigned char guard[GUARD];
} block;

static block *live;      /* blocks allocated in the running test */

static unsigned char *payload(block *b)
{
    return (unsigned char *)(b + 1);
}

static int guards_intact(block *b)
{
    for (int i = 0; i < GUARD; i++)
        if (b->guard[i] != GUARD_BYTE || payload(b)[b->size + (size_t)i] != GUARD_BYTE)
            return 0;
    return 1;
}

static void unlink_block(block *b)
{
    if (!b->in_test)
        return;
    if (b->prev)
        b->prev->next = b->next;
    else
        live = b->next;
    if (b->next)
        b->next->prev = b->prev;
}

void *hn__cm_malloc(size_t size, const char *file, int line)
{
    block *b = malloc(sizeof *b + size + GUARD);
    if (!b)
        return NULL;
    memset(b, 0, sizeof *b);
    b->magic = MAGIC;
    b->size = size;
    b->file = file;
    b->line = line;
    memset(b->guard, GUARD_BYTE, GUARD);
    memset(payload(b), 0xcd, size); /* as cmocka: uninitialised, not zero */
    memset(payload(b) + size, GUARD_BYTE, GUARD);
    if (hn__ctx_in_test()) {
        b->in_test = 1;
        b->next = live;
        if (live)
            live->prev = b;
        live = b;
    }
    return payload(b);
}

void *hn__cm_calloc(size_t num, size_t size, const char *file, int line)
{
    if (size && num > (size_t)-1 / size)
        return NULL;
    void *p = hn__cm_malloc(num * size, file, line);
    if (p)
        memset(p, 0, num * size);
    return p;
}

static block *header(void *ptr, const char *macro, const char *file, int line)
{
    block *b = (block *)ptr - 1;
    if (b->magic != MAGIC) {
        hn__ctx_fail(1, file, line,
                     "%s(%p): the pointer was not returned by test_malloc, test_calloc "
                     "or test_realloc, or was freed already",
                     macro, ptr);
        return NULL;
    }
    if (!guards_intact(b))
        hn__ctx_fail(1, file, line,
                     "%s(%p): the %zu-byte block allocated at %s:%d was written past "
                     "its bounds",
                     macro, ptr, b->size, b->file, b->line);
    return b;
}

void hn__cm_free(void *ptr, const char *file, int line)
{
    if (!ptr)
        return;
    block *b = header(ptr, "test_free", file, line);
    if (!b)
        return;
    unlink_block(b);
    b->magic = 0;
    free(b);
}

void *hn__cm_realloc(void *ptr, size_t size, const char *file, int line)
{
    if (!ptr)
        return hn__cm_malloc(size, file, line);
    if (size == 0) {
        hn__cm_free(ptr, file, line);
        return NULL;
    }
    block *b = header(ptr, "test_realloc", file, line);
    if (!b)
        return NULL;
    void *fresh = hn__cm_malloc(size, file, line);
    if (!fresh)
        return NULL;
    memcpy(fresh, ptr, b->size < size ? b->size : size);
    hn__cm_free(ptr, file, line);
    return fresh;
}

HN__TEST_PATH void hn__cm_alloc_verify(void)
{
    for (block *b = live; b; b = b->next) {
        if (!guards_intact(b))
            hn__ctx_fail(0, b->file, b->line,
                         "the %zu-byte block allocated here with test_malloc was written "
                         "past its bounds",
                         b->size);
        hn__ctx_fail(0, b->file, b->line,
                     "the %zu-byte block allocated here with test_malloc was never given "
                     "back with test_free (a leak)",
                     b->size);
    }
}

HN__TEST_PATH void hn__cm_alloc_cleanup(void)
{
    while (live) {
        block *b = live;
        live = b->next;
        b->magic = 0;
        free(b);
    }
}

/* cmocka's names for the same functions: code under test that does not
 * include cmocka.h declares them itself and points malloc and free at them
 * (cmocka's allocate_module.c and calculator.c examples do). */
void *_test_malloc(const size_t size, const char *file, const int line)
{
    return hn__cm_malloc(size, file, line);
}

void *_test_calloc(const size_t number_of_elements, const size_t size, const char *file,
                   const int line)
{
    return hn__cm_calloc(number_of_elements, size, file, line);
}

void *_test_realloc(void *ptr, const size_t size, const char *file, const int line)
{
    return hn__cm_realloc(ptr, size, file, line);
}

void _test_free(void *const ptr, const char *file, const int line)
{
    hn__cm_free(ptr, file, line);
}
