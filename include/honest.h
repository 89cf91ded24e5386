/* SPDX-License-Identifier: MIT */
/* honest.h: the header a test includes, of honest, a C unit-testing framework
 * whose test doubles stay honest: tests, assertions, doubles, the fake clock,
 * and fixtures as tests use them (HN_FIXTURE, HN_HTTP_FIXTURES,
 * HN_STUB_FIXTURE, HN_RETURNS_FIXTURE). It names no cJSON type and needs no
 * include path but honest's. The library behind the `honest` tool has
 * headers of its own, which a test includes when it calls them:
 * <honest/fixture.h> (load, read, write fixtures), <honest/diff.h> (the
 * structural differ; cJSON trees in HN_ASSERT_JSON_EQ), <honest/verify.h>
 * (the last-verified state). docs/architecture.md, "Public headers". What
 * these headers do not declare is not API. */
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
