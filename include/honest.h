/* SPDX-License-Identifier: MIT */
/* honest.h: the one public header of honest, a C unit-testing framework whose
 * test doubles stay honest. What it does not declare is not API. */
#ifndef HONEST_H
#define HONEST_H

#include <honest/test.h>
#include <honest/assert.h>
#include <honest/dummy.h>
#include <honest/clock.h>
#include <honest/fixture.h>
#include <honest/double.h>
#include <honest/diff.h>
#include <honest/http.h>
#include <honest/variants.h>

/* Two headers stand apart, for suites moving to honest (docs/migration.md):
 * <honest/fff.h> in place of fff.h and <honest/cmocka.h> in place of
 * cmocka.h. Each declares its old library's API, not honest's. */

#endif
