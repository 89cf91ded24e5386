/* SPDX-License-Identifier: MIT */
/* honest/fixture_use.h: HN_FIXTURE, HN_FIXTURE_BODY and the opaque hn_fixture. Included by
 * <honest.h>; do not include it directly. Reading a fixture is
 * <honest/fixture.h>. */
#ifndef HONEST_FIXTURE_USE_H
#define HONEST_FIXTURE_USE_H

#ifdef __cplusplus
extern "C" {
#endif

/* A loaded, validated fixture. Opaque; read it with the accessors of
 * <honest/fixture.h>. */
typedef struct hn_fixture hn_fixture;

/* HN_FIXTURE(path): loads a fixture for the running test and returns it
 * (const hn_fixture *). The runner frees it after the test; do not free it.
 * A relative path is looked up under --fixtures=DIR first, then beside the
 * test's source file. A fixture that cannot be loaded fails the test (not
 * the run) with file:line:column and the reason. A fixture older than its
 * max_age_days is listed in the run's summary with its age, path and last
 * verification, and fails the test under --strict. Its accessors are in
 * <honest/fixture.h>. */
#define HN_FIXTURE(path) hn__fixture_use(__FILE__, __LINE__, (path))
const hn_fixture *hn__fixture_use(const char *file, int line, const char *path);
/* HN_FIXTURE_BODY(path): the response body of the fixture at path, as text
 * (a JSON body as JSON text), loaded as HN_FIXTURE loads it. It stands where
 * a string literal of canned data stood (`honest migrate` writes it in
 * will_return, fff's return_val and hand-rolled stubs): its type is
 * `char *` as a literal's is, and like a literal it must not be written
 * through. The text lives until the running test ends. An `honest audit`
 * counts a double that answers with it as backed by that fixture. */
#define HN_FIXTURE_BODY(path) ((char *)hn__fixture_body_use(__FILE__, __LINE__, (path)))
const char *hn__fixture_body_use(const char *file, int line, const char *path);
/* The path of the fixture, loaded in the running test, whose response body
 * text is at p (as HN_FIXTURE_BODY returned it), else NULL. */
const char *hn__fixture_of_body(const void *p);
/* 1 when fx is backed by reality: recorded, or found aligned by the last
 * honest verify (imported and hand-written fixtures count only then). */
int hn__fixture_backed(const hn_fixture *fx);

#ifdef __cplusplus
}
#endif
#endif
