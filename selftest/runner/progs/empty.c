/* SPDX-License-Identifier: MIT */
/* empty.c: selftest subject with no tests at all. */
#include <honest.h>
