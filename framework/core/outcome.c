/* SPDX-License-Identifier: MIT */
/* outcome.c: the record one running test writes, shared with the runner. */
#include "core/outcome.h"

#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* Bytes from one record to the next: whole pages, so that each record's
 * starts on its own page and pages no test writes stay untouched. */
static size_t stride(size_t cap)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    return (sizeof(hn__outcome) + cap + page - 1) / page * page;
}

hn__outcome *hn__outcome_new(int n, size_t cap)
{
    if (n <= 0) {
        errno = EINVAL;
        return NULL;
    }
    char *base = mmap(NULL, (size_t)n * stride(cap), PROT_READ | PROT_WRITE,
                      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (base == MAP_FAILED)
        return NULL;
    for (int i = 0; i < n; i++) {
        hn__outcome *o = (hn__outcome *)(base + (size_t)i * stride(cap));
        o->cap = cap;
        o->count = i == 0 ? n : 0;
    }
    return (hn__outcome *)base;
}

hn__outcome *hn__outcome_nth(hn__outcome *first, int i)
{
    return (hn__outcome *)((char *)first + (size_t)i * stride(first->cap));
}

void hn__outcome_free(hn__outcome *first)
{
    if (first)
        munmap(first, (size_t)first->count * stride(first->cap));
}

void hn__outcome_reset(hn__outcome *o)
{
    int count = o->count;
    size_t cap = o->cap;
    memset(o, 0, sizeof *o);
    o->cap = cap;
    o->count = count;
}

static void lock(hn__outcome *o)
{
    while (__atomic_exchange_n(&o->lock, 1, __ATOMIC_ACQUIRE))
        ;
}

static void unlock(hn__outcome *o)
{
    __atomic_store_n(&o->lock, 0, __ATOMIC_RELEASE);
}

void hn__outcome_add(hn__outcome *o, hn__event_kind kind, const char *file,
                     int line, const char *text, size_t len)
{
    lock(o);
    size_t room = o->cap - o->used;
    size_t head = sizeof(hn__event);
    if (room < head + 64) {
        o->truncated = 1;
        unlock(o);
        return;
    }
    if (len > room - head - 1) {
        len = room - head - 1;
        o->truncated = 1;
    }
    hn__event *e = (hn__event *)(o->events + o->used);
    e->kind = (uint32_t)kind;
    e->line = line;
    e->file = file;
    e->len = (uint32_t)len;
    memcpy(e->text, text, len);
    e->text[len] = '\0';
    o->used += (head + len + 1 + 7) & ~(size_t)7;
    if (o->used > o->cap)
        o->used = o->cap;
    if (kind == HN__EV_FAIL)
        o->failed = 1;
    unlock(o);
}

const hn__event *hn__outcome_next(const hn__outcome *o, const hn__event *prev)
{
    size_t at = 0;
    if (prev) {
        at = (size_t)((const char *)prev - o->events);
        at += (sizeof(hn__event) + prev->len + 1 + 7) & ~(size_t)7;
    }
    if (at + sizeof(hn__event) > o->used)
        return NULL;
    return (const hn__event *)(o->events + at);
}
