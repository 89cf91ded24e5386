/* SPDX-License-Identifier: MIT */
/* diff_hash.c: hashing for the differ, and an index from hashes to numbered
 * items (open addressing; items under one hash kept in insertion order). */
#include "diff/diff_impl.h"

#include <stdlib.h>
#include <string.h>

#include "base/mem.h"

uint64_t hn__diff_hash_mix(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    x ^= x >> 33;
    return x;
}

uint64_t hn__diff_hash_bytes(const void *p, size_t n, uint64_t seed)
{
    const unsigned char *s = p;
    uint64_t h = seed ^ (n * 0x9E3779B97F4A7C15ULL);
    while (n >= 8) {
        uint64_t v;
        memcpy(&v, s, 8);
        h = (h ^ (v * 0xbf58476d1ce4e5b9ULL)) * 0x94d049bb133111ebULL;
        h ^= h >> 29;
        s += 8;
        n -= 8;
    }
    uint64_t v = 0;
    memcpy(&v, s, n);
    h = (h ^ (v * 0xbf58476d1ce4e5b9ULL)) * 0x94d049bb133111ebULL;
    return hn__diff_hash_mix(h);
}

static int grow_slots(hn__diff_hash *t, size_t slots)
{
    uint64_t *shash = calloc(slots, sizeof *shash);
    unsigned char *taken = calloc(slots, 1);
    uint32_t *head = calloc(slots, sizeof *head), *tail = calloc(slots, sizeof *tail);
    if (!shash || !taken || !head || !tail) {
        free(shash);
        free(taken);
        free(head);
        free(tail);
        return -1;
    }
    size_t mask = slots - 1;
    for (size_t s = 0; t->taken && s <= t->mask; s++) {
        if (!t->taken[s])
            continue;
        size_t i = t->shash[s] & mask;
        while (taken[i])
            i = (i + 1) & mask;
        shash[i] = t->shash[s];
        taken[i] = 1;
        head[i] = t->head[s];
        tail[i] = t->tail[s];
    }
    free(t->shash);
    free(t->taken);
    free(t->head);
    free(t->tail);
    t->shash = shash;
    t->taken = taken;
    t->head = head;
    t->tail = tail;
    t->mask = mask;
    return 0;
}

int hn__diff_hash_init(hn__diff_hash *t, size_t n)
{
    memset(t, 0, sizeof *t);
    size_t slots = 16;
    while (slots < 2 * n)
        slots *= 2;
    t->icap = n ? n : 8;
    t->ihash = malloc(t->icap * sizeof *t->ihash);
    t->inext = malloc(t->icap * sizeof *t->inext);
    if (!t->ihash || !t->inext || grow_slots(t, slots)) {
        hn__diff_hash_free(t);
        return -1;
    }
    return 0;
}

void hn__diff_hash_free(hn__diff_hash *t)
{
    free(t->shash);
    free(t->taken);
    free(t->head);
    free(t->tail);
    free(t->ihash);
    free(t->inext);
    memset(t, 0, sizeof *t);
}

static size_t slot_of(const hn__diff_hash *t, uint64_t h)
{
    size_t i = h & t->mask;
    while (t->taken[i] && t->shash[i] != h)
        i = (i + 1) & t->mask;
    return i;
}

int hn__diff_hash_add(hn__diff_hash *t, uint64_t h)
{
    if (t->n == t->icap) {
        /* inext first, on a copy of the capacity: icap grows only once both
         * arrays have, so a failure leaves the table consistent. */
        size_t cap = t->icap;
        if (hn__grow(&t->inext, &cap, t->n + 1, sizeof *t->inext) ||
            hn__grow(&t->ihash, &t->icap, t->n + 1, sizeof *t->ihash))
            return -1;
    }
    if (2 * (t->used + 1) > t->mask + 1 && grow_slots(t, 2 * (t->mask + 1)))
        return -1;
    uint32_t item = (uint32_t)t->n++;
    t->ihash[item] = h;
    t->inext[item] = 0;
    size_t s = slot_of(t, h);
    if (!t->taken[s]) {
        t->taken[s] = 1;
        t->shash[s] = h;
        t->used++;
    }
    if (!t->head[s])
        t->head[s] = item + 1;
    else
        t->inext[t->tail[s] - 1] = item + 1;
    t->tail[s] = item + 1;
    return 0;
}

uint32_t hn__diff_hash_first(const hn__diff_hash *t, uint64_t h)
{
    return t->head[slot_of(t, h)] - 1;
}

void hn__diff_hash_unlink(hn__diff_hash *t, uint64_t h, uint32_t prev, uint32_t item)
{
    size_t s = slot_of(t, h);
    if (prev == HN__DIFF_HASH_NONE)
        t->head[s] = t->inext[item];
    else
        t->inext[prev] = t->inext[item];
    if (t->tail[s] == item + 1)
        t->tail[s] = prev + 1; /* NONE + 1 wraps to 0: the list is empty */
    /* The slot stays taken with its hash, so probing past it still works. */
}
