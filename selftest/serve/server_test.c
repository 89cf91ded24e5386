/* SPDX-License-Identifier: MIT */
/* server_test.c: HN_HTTP_SERVER, checked by running the test program
 * server_prog.c as a subprocess: answers from fixtures, a failure naming the
 * nearest fixture for an unmatched request, unused fixtures under --strict,
 * several servers, and the server stopped when its test ends. */
#include <honest.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

static void run(st_proc *p, const char *filter, const char *extra)
{
    char f[128];
    snprintf(f, sizeof f, "--filter=%s", filter);
    const char *const argv[] = {ST_SERVER_PROG, f, extra ? extra : "--jobs=1", NULL};
    HN_ASSERT_EQ(st_run(p, argv, NULL), 0);
}

HN_TEST(http_server, answers_code_that_speaks_http_by_other_means)
{
    st_proc p;
    run(&p, "server.code_under_test_is_answered_from_fixtures", "--strict");
    HN_CHECK_EQ(p.exit_code, 0);
    HN_CHECK_STR_EQ(st_last_line(&p), "1 passed, 0 failed, 0 skipped");
    st_proc_free(&p);
    run(&p, "server.each_call_starts_another_server", "--strict");
    HN_CHECK_EQ(p.exit_code, 0);
    HN_CHECK_STR_EQ(st_last_line(&p), "1 passed, 0 failed, 0 skipped");
    st_proc_free(&p);
}

HN_TEST(http_server, unmatched_request_fails_naming_the_nearest_fixture)
{
    st_proc p;
    run(&p, "server.unmatched_request_fails_the_test", NULL);
    HN_CHECK_EQ(p.exit_code, 1);
    HN_CHECK_STR_EQ(st_last_line(&p), "0 passed, 1 failed, 0 skipped");
    HN_CHECK_STR_CONTAINS(p.out, "HN_HTTP_SERVER(\"fixtures/greet.json\"): no fixture matches "
                                 "the request");
    HN_CHECK_STR_CONTAINS(p.out, "GET http://127.0.0.1:");
    HN_CHECK_STR_CONTAINS(p.out, "nearest fixture: greet.hello");
    HN_CHECK_STR_CONTAINS(p.out, "URL path: fixture /v1/greeting, request /v1/greetings");
    HN_CHECK_STR_CONTAINS(p.out, "server_prog.c:");
    st_proc_free(&p);
}

HN_TEST(http_server, unused_fixture_fails_under_strict_only)
{
    st_proc p;
    run(&p, "server.unused_fixture_is_reported", NULL);
    HN_CHECK_EQ(p.exit_code, 0);
    HN_CHECK_STR_CONTAINS(p.out, "fixture orders.create");
    HN_CHECK_STR_CONTAINS(p.out, "never requested");
    st_proc_free(&p);
    run(&p, "server.unused_fixture_is_reported", "--strict");
    HN_CHECK_EQ(p.exit_code, 1);
    HN_CHECK_STR_EQ(st_last_line(&p), "0 passed, 1 failed, 0 skipped");
    st_proc_free(&p);
}

HN_TEST(http_server, missing_directory_fails_the_test)
{
    st_proc p;
    run(&p, "server.missing_directory_fails_the_test", NULL);
    HN_CHECK_EQ(p.exit_code, 1);
    HN_CHECK_STR_CONTAINS(p.out, "no-such-fixtures");
    HN_CHECK_EQ(strstr(p.out, "not reached"), NULL);
    st_proc_free(&p);
}

HN_TEST(http_server, stopped_when_its_test_ends)
{
    st_proc p;
    run(&p, "server.stop_*", "--no-fork");
    HN_CHECK_EQ(p.exit_code, 0);
    HN_CHECK_STR_EQ(st_last_line(&p), "2 passed, 0 failed, 0 skipped");
    st_proc_free(&p);
}
