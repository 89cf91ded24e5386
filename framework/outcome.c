/* SPDX-License-Identifier: MIT */
/* outcome.c: the record one running test writes, shared with the runner. */
#include "outcome.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

hn__outcome *hn__outcome_new(size_t cap, int shared)
{
    size_t size = sizeof(hn__outcome) + cap;
    hn__outcome *o;
    if (shared) {
        /* Shared mappings are not copied by fork, so a large cap costs
         * nothing until a test writes that much. */
        o = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
        if (o == MAP_FAILED)
            return NULL;
    } else {
        o = calloc(1, size);
        if (!o)
            return NULL;
    }
    o->cap = cap;
    o->shared = shared;
    hn__outcome_reset(o);
    return o;
}

void hn__outcome_free(hn__outcome *o)
{
    if (!o)
        return;
    if (o->shared)
        munmap(o, sizeof(hn__outcome) + o->cap);
    else
        free(o);
}

void hn__outcome_reset(hn__outcome *o)
{
    int shared = o->shared;
    size_t cap = o->cap;
    memset(o, 0, sizeof *o);
    o->cap = cap;
    o->shared = shared;
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
