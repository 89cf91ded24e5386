/* SPDX-License-Identifier: MIT */
/* doubles.h: the doubles every test file of the tally project shares. */
#ifndef TALLY_DOUBLES_H
#define TALLY_DOUBLES_H

#include <honest.h>

#include "tally.h"

HN_DOUBLE(int, tally_add, int, int);

#endif
