/* SPDX-License-Identifier: MIT */
/* shape.h: the function vprog doubles with HN_STUB_FIXTURE. */
#ifndef ST_SHAPE_H
#define ST_SHAPE_H

/* The shape service's "n"; 0, or -1 when it could not be had. */
int shape_n(double *n);

#endif
