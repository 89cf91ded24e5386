/* SPDX-License-Identifier: MIT */
/* thermo_io.c: the real hardware access and log (no sensor on a build host). */
#include "thermo.h"

#include <stdio.h>

int sensor_read(int id, double *celsius)
{
    (void)id;
    *celsius = 0.0;
    return -1; /* no sensor here */
}

void log_line(const char *text)
{
    fprintf(stderr, "thermo: %s\n", text);
}
