/* SPDX-License-Identifier: MIT */
/* ok.c: the declarations as they match cut.h: must compile. */
#include <honest.h>

#include "cut.h"

HN_DOUBLE(int, cut_add, int, int);
HN_DOUBLE(int, cut_read_cfg, const char *, struct cut_cfg *);
HN_DOUBLE(void, cut_notify, const char *);
HN_DOUBLE(int, cut_rand, void);
HN_DOUBLE(int, cut_logf, const char *, HN_VARARGS);
