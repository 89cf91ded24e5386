/* SPDX-License-Identifier: MIT */
/* capture.h: reading back what a test process wrote to its stdout and
 * stderr (a memfd the launcher trims, see HN__LAUNCH_KEEP). */
#ifndef HN_CAPTURE_H
#define HN_CAPTURE_H

#include "report/report.h"

/* Sets r->output (owned by r) to the output in memfd: all of it, or its
 * first and last HN__LAUNCH_KEEP bytes with a line between them saying how
 * much was dropped (the launcher gave the middle's memory back while the
 * test ran), plus a warning with the total. Returns 1 when memfd held
 * output (it must be emptied before its next use), else 0. */
int hn__capture_read(int memfd, hn__result *r);

#endif
