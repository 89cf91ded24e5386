/* SPDX-License-Identifier: MIT */
/* ringbuf.h: a fixed-capacity byte ring buffer (the library under test). */
#ifndef RINGBUF_H
#define RINGBUF_H

#include <stddef.h>

typedef struct ringbuf ringbuf;

/* A buffer holding up to `capacity` bytes, or NULL when capacity is 0 or
 * memory is short. Free with ringbuf_free. */
ringbuf *ringbuf_new(size_t capacity);
/* Frees b; NULL is a no-op. */
void ringbuf_free(ringbuf *b);
/* Appends up to n bytes; returns how many fit. */
size_t ringbuf_write(ringbuf *b, const void *data, size_t n);
/* Removes up to n bytes into out; returns how many were read. */
size_t ringbuf_read(ringbuf *b, void *out, size_t n);
/* Bytes stored now. */
size_t ringbuf_size(const ringbuf *b);

#endif
