/* SPDX-License-Identifier: MIT */
/* cmd_version.c: `honest version`. */
#include <stdio.h>

#include <honest.h>

#include "tool/cmd.h"

int hn__cmd_version(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    printf("honest %s\n", HN_VERSION);
    return 0;
}
