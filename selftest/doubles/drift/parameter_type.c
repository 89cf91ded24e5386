/* SPDX-License-Identifier: MIT */
/* parameter_type.c: a parameter lost its const in the real prototype. */
#include <honest.h>

void cut_notify(char *event);

HN_DOUBLE(void, cut_notify, const char *);
