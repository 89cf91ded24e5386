/* SPDX-License-Identifier: MIT */
/* greet.h: the library under test of the consumer example. */
#ifndef GREET_H
#define GREET_H

#include <stddef.h>

/* Writes "hello, NAME" into buf (n bytes, always terminated) and returns the
 * length the full greeting needs, or -1 when name is NULL. */
int greet(char *buf, size_t n, const char *name);

#endif
