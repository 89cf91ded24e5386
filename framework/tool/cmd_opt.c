/* SPDX-License-Identifier: MIT */
/* cmd_opt.c: command-line options of the `honest` tool's subcommands that
 * take values (not a subcommand: the reader every cmd_*.c uses). */
#include "tool/cmd_opt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *hn__cmd_opt_value(int argc, char **argv, int *i, const char *name,
                              const char *alias, int *bad, const char *cmd)
{
    const char *names[2] = {name, alias};
    for (int k = 0; k < 2; k++) {
        size_t n = names[k] ? strlen(names[k]) : 0;
        if (!n || strncmp(argv[*i], names[k], n))
            continue;
        if (argv[*i][n] == '=' && names[k][1] == '-')
            return argv[*i] + n + 1;
        if (argv[*i][n])
            continue;
        if (*i + 1 >= argc) {
            fprintf(stderr, "honest %s: %s needs a value; see honest %s --help\n", cmd,
                    names[k], cmd);
            *bad = 1;
            return NULL;
        }
        return argv[++*i];
    }
    return NULL;
}

int hn__cmd_opt_long(const char *s, long min, long *out, const char *cmd, const char *name)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (!*s || *end || v < min) {
        fprintf(stderr, "honest %s: %s %s: expected a whole number of at least %ld\n", cmd,
                name, s, min);
        return -1;
    }
    *out = v;
    return 0;
}

int hn__cmd_opt_other(const char *arg, const char **paths, size_t *n, const char *cmd)
{
    if (!strcmp(arg, "--help") || !strcmp(arg, "-h"))
        return 1;
    if (arg[0] == '-' && arg[1]) {
        fprintf(stderr, "honest %s: unknown option %s; see honest %s --help\n", cmd, arg, cmd);
        return 2;
    }
    paths[(*n)++] = arg;
    return 0;
}
