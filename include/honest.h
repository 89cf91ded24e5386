/* SPDX-License-Identifier: MIT */
/* honest.h: what a test needs of honest: tests, assertions, doubles, the fake
 * clock, fixtures as tests use them (HN_FIXTURE, HN_HTTP_FIXTURES,
 * HN_STUB_FIXTURE); no cJSON type. The tool's library is apart, included when
 * called: <honest/fixture.h>, <honest/diff.h>, <honest/verify.h>
 * (docs/architecture.md, "Public headers"). What they do not declare is not API. */
#ifndef HONEST_H
#define HONEST_H

#include <honest/test.h>
#include <honest/assert.h>
#include <honest/dummy.h>
#include <honest/clock.h>
#include <honest/double.h>
#include <honest/json_assert.h>
#include <honest/fixture_use.h>
#include <honest/http.h>
#include <honest/variants.h>

/* Two headers stand apart, for suites moving to honest (docs/migration.md):
 * <honest/fff.h> in place of fff.h and <honest/cmocka.h> in place of
 * cmocka.h. Each declares its old library's API, not honest's. */

#endif
