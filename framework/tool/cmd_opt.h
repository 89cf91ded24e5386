/* SPDX-License-Identifier: MIT */
/* cmd_opt.h: command-line options of the `honest` tool's subcommands that
 * take values ("--name V", "--name=V", "-n V"): the one reader every
 * subcommand uses, so that they all say the same of a missing value. */
#ifndef HN_CMD_OPT_H
#define HN_CMD_OPT_H

#include <stddef.h>

/* The value of option `name` (or its short `alias`, may be NULL) at
 * argv[*i], moving *i past a separate value; NULL when argv[*i] is another
 * option. When the value is missing, prints "honest CMD: NAME needs a value"
 * to stderr, sets *bad and returns NULL. Only long names take "=V". */
const char *hn__cmd_opt_value(int argc, char **argv, int *i, const char *name,
                              const char *alias, int *bad, const char *cmd);
/* Parses s as a whole number of at least min into *out; 0, or -1 after
 * printing "honest CMD: NAME S: expected ..." to stderr. */
int hn__cmd_opt_long(const char *s, long min, long *out, const char *cmd, const char *name);

/* An argument that is no option with a value: "--help"/"-h" gives 1, an
 * unknown option 2 (after "honest CMD: unknown option ..." on stderr), and
 * anything else is a path appended to paths[*n] (0). */
int hn__cmd_opt_other(const char *arg, const char **paths, size_t *n, const char *cmd);

#endif
