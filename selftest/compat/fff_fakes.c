/* SPDX-License-Identifier: MIT */
/* fff_fakes.c: defines the fakes fff_fakes.h declares, and fff's globals. */
#include "fff_fakes.h"

DEFINE_FFF_GLOBALS;
DEFINE_FAKE_VALUE_FUNC(int, sensor_read, int);
DEFINE_FAKE_VOID_FUNC(buzzer_on, int);
DEFINE_FAKE_VOID_FUNC_VARARG(log_line, const char *, ...);
