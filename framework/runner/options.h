/* SPDX-License-Identifier: MIT */
/* options.h: the options of one run of a test binary, from its command line
 * and environment (sharding variables, NO_COLOR). */
#ifndef HN_OPTIONS_H
#define HN_OPTIONS_H

#include "core/run_options.h"

/* Fills o from argv and the environment. Returns 0 on success, 1 when the
 * run should stop with status 0 (--help, --version), and 2 on a usage error,
 * after printing a one-line message naming the flag and the usage to stderr. */
int hn__options_parse(hn__options *o, int argc, char **argv);

#endif
