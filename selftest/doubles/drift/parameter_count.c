/* SPDX-License-Identifier: MIT */
/* parameter_count.c: the real cut_add gained a parameter. */
#include <honest.h>

int cut_add(int a, int b, int c);

HN_DOUBLE(int, cut_add, int, int);
