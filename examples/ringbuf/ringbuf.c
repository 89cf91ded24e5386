/* SPDX-License-Identifier: MIT */
/* ringbuf.c: a fixed-capacity byte ring buffer. */
#include "ringbuf.h"

#include <stdlib.h>

struct ringbuf {
    size_t cap, head, size;
    unsigned char *data;
};

ringbuf *ringbuf_new(size_t capacity)
{
    if (capacity == 0)
        return NULL;
    ringbuf *b = calloc(1, sizeof *b);
    if (b && !(b->data = malloc(capacity))) {
        free(b);
        return NULL;
    }
    if (b)
        b->cap = capacity;
    return b;
}

void ringbuf_free(ringbuf *b)
{
    if (b)
        free(b->data);
    free(b);
}

size_t ringbuf_write(ringbuf *b, const void *data, size_t n)
{
    const unsigned char *p = data;
    size_t done = 0;
    while (done < n && b->size < b->cap) {
        b->data[(b->head + b->size) % b->cap] = p[done++];
        b->size++;
    }
    return done;
}

size_t ringbuf_read(ringbuf *b, void *out, size_t n)
{
    unsigned char *p = out;
    size_t done = 0;
    while (done < n && b->size > 0) {
        p[done++] = b->data[b->head];
        b->head = (b->head + 1) % b->cap;
        b->size--;
    }
    return done;
}

size_t ringbuf_size(const ringbuf *b)
{
    return b->size;
}
