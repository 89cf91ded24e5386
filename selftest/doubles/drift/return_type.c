/* SPDX-License-Identifier: MIT */
/* return_type.c: cut_read_cfg's real prototype now returns long. */
#include <honest.h>

struct cut_cfg;
long cut_read_cfg(const char *path, struct cut_cfg *out);

HN_DOUBLE(int, cut_read_cfg, const char *, struct cut_cfg *);
