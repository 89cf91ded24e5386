/* SPDX-License-Identifier: MIT */
/* fff_fakes.h: the fakes of alarm.h's boundaries, declared for every file of
 * the fff subject (fff's DECLARE_/DEFINE_ split; fff_fakes.c defines them). */
#ifndef ST_FFF_FAKES_H
#define ST_FFF_FAKES_H

#include <honest/fff.h>

#include "alarm.h"

DECLARE_FAKE_VALUE_FUNC(int, sensor_read, int);
DECLARE_FAKE_VOID_FUNC(buzzer_on, int);
DECLARE_FAKE_VOID_FUNC_VARARG(log_line, const char *, ...);

#endif
