/* SPDX-License-Identifier: MIT */
/* tally.h: the library under test of the tally project. */
#ifndef TALLY_H
#define TALLY_H

/* a + b. */
int tally_add(int a, int b);
/* a + b + c, through tally_add (a call inside tally.c). */
int tally_sum3(int a, int b, int c);
/* x + x, through tally_add (a call from another file). */
int tally_twice(int x);

#endif
