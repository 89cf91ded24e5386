/* SPDX-License-Identifier: MIT */
/* http_test.c: runs http_prog (a libcurl client answered by HN_HTTP_FIXTURES)
 * as a subprocess beside a real loopback server, and checks what it printed,
 * how it exited, and that the server saw a connection only when it should. */
#include <honest.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loopback.h"
#include "support.h"

/* Runs prog with --filter=filter and extra flags (NULL-terminated), with
 * ST_PORT naming server's port. The caller frees p. */
static void run(st_proc *p, const char *prog, const char *filter, const lb_server *server,
                const char *const *extra)
{
    char f[256], env[64];
    const char *argv[16] = {prog, f, "--color=never", "--jobs=1"};
    size_t n = 4;
    snprintf(f, sizeof f, "--filter=%s", filter);
    snprintf(env, sizeof env, "ST_PORT=%s", server ? lb_port(server) : "9");
    for (; extra && *extra && n < 15; extra++)
        argv[n++] = *extra;
    const char *envv[] = {env, NULL};
    HN_ASSERT_EQ(st_run(p, argv, &(st_opts){.env = envv, .timeout_ms = 60000}), 0);
    HN_ASSERT_EQ(p->timed_out, 0);
}

static lb_server *server(void)
{
    lb_server *s = lb_start();
    HN_ASSERT_NOT_NULL(s);
    return s;
}

/* ---- answered, and nothing reaches the network ---------------------------- */

typedef struct pass_case {
    const char *test;
} pass_case;

static const pass_case answered[] = {
    {"answer.get"},
    {"answer.post_json_in_any_order"},
    {"answer.placeholders_match_any_value"},
    {"answer.origin_placeholder_matches_any_origin"},
    {"answer.form_fields_in_any_order"},
    {"answer.head_has_no_body"},
    {"answer.put_uploads_through_read_callback"},
    {"answer.same_request_takes_fixtures_in_order"},
    {"answer.redirect_followed"},
    {"answer.error_status_with_body"},
    {"answer.failonerror"},
    {"answer.short_write_is_write_error"},
    {"answer.pause_then_progress_unpauses"},
    {"answer.big_body_in_chunks"},
    {"answer.binary_body"},
    {"answer.getinfo_and_headers"},
    {"answer.header_size_with_and_without_header_callback"},
    {"answer.duplicated_handle_keeps_options"},
    {"answer.request_log"},
    {"answer.basic_auth_from_userpwd"},
    {"answer.no_network"},
    {"answer.from_threads"},
    {"answer.url_from_curlu"},
    {"answer.base_placeholder_matches_any_base"},
    {"answer.accept_header_selects_the_fixture"},
};

HN_TEST_PN(http, answered_without_network, pass_case, answered, test)
{
    lb_server *s = server();
    st_proc p;
    run(&p, ST_HTTP_PROG, HN_PARAM->test, s, NULL);
    HN_CHECK_STR_EQ(st_last_line(&p), "1 passed, 0 failed, 0 skipped");
    HN_CHECK_EQ(p.exit_code, 0);
    HN_CHECK_EQ(lb_connections(s), 0);
    if (p.exit_code != 0)
        HN_LOG("stdout:\n%s", p.out);
    st_proc_free(&p);
    lb_stop(s);
}

HN_TEST(http, answered_without_fork)
{
    lb_server *s = server();
    st_proc p;
    run(&p, ST_HTTP_PROG, "answer.*", s, (const char *[]){"--no-fork", NULL});
    char want[64];
    snprintf(want, sizeof want, "%zu passed, 0 failed, 0 skipped",
             sizeof answered / sizeof answered[0]);
    HN_CHECK_STR_EQ(st_last_line(&p), want);
    HN_CHECK_EQ(lb_connections(s), 0);
    st_proc_free(&p);
    lb_stop(s);
}

HN_TEST(http, transport_errors_give_curlcodes)
{
    st_proc p;
    run(&p, ST_HTTP_PROG, "transport.*", NULL, NULL);
    HN_CHECK_STR_EQ(st_last_line(&p), "7 passed, 0 failed, 0 skipped");
    HN_CHECK_EQ(p.exit_code, 0);
    st_proc_free(&p);
}

/* ---- what a request that matches nothing says ----------------------------- */

/* The failure of prog's test `test`: it must fail alone and print each of
 * want[] (NULL-terminated) and none of unwanted[]. */
static void fails_saying(const char *test, const char *const *want, const char *const *unwanted)
{
    st_proc p;
    run(&p, ST_HTTP_PROG, test, NULL, NULL);
    HN_CHECK_EQ(p.exit_code, 1);
    HN_CHECK_STR_EQ(st_last_line(&p), "0 passed, 1 failed, 0 skipped");
    for (; want && *want; want++)
        HN_CHECK_STR_CONTAINS(p.out, *want);
    for (; unwanted && *unwanted; unwanted++)
        HN_CHECK(strstr(p.out, *unwanted) == NULL);
    st_proc_free(&p);
}

HN_TEST(http, unmatched_request_names_nearest_fixture)
{
    fails_saying(
        "fails.unmatched",
        (const char *[]){
            "no fixture of HN_HTTP_FIXTURES(\"fixtures/items_post.json\", "
            "\"fixtures/get_ok.json\") matches the request\n",
            "  POST https://api.example.com/v1/items?units=metric&city=Lyon\n",
            "  body: \"{\\\"user\\\":\\\"bob\\\",\\\"tags\\\":[\\\"a\\\"],\\\"n\\\":1.5}\"\n",
            "nearest fixture: items.post (",
            "/selftest/http/fixtures/items_post.json), which differs in:\n",
            "    query parameter city: fixture \"Paris\", request \"Lyon\"\n",
            "    body $.user: \"alice\" -> \"bob\" (value_changed)\n",
            "fixtures loaded: 2 (items.post, items.get)\n",
            "fix the request, or record a fixture for it (honest record --method POST",
            NULL},
        (const char *[]){"method:", "query parameter units", "header ", "$.tags", NULL});
}

HN_TEST(http, unmatched_method_and_headers)
{
    fails_saying("fails.wrong_method",
                 (const char *[]){"  GET https://api.example.com/v1/items?city=Paris&units=metric\n",
                                  "    method: fixture POST, request GET\n",
                                  "    header Content-Type: in the fixture (\"application/json\"), "
                                  "not sent\n",
                                  "    header Authorization: in the fixture (\"Bearer "
                                  "${API_TOKEN}\"), not sent\n",
                                  "    body: the fixture's is JSON, the request sends none\n",
                                  NULL},
                 (const char *[]){"URL path", "query parameter", NULL});
}

HN_TEST(http, placeholder_matches_one_path_segment)
{
    fails_saying("fails.placeholder_stays_in_its_segment",
                 (const char *[]){"    URL path: fixture /v1/users/${USER_ID}/orders, request "
                                  "/v1/users/u/77/orders\n",
                                  NULL},
                 NULL);
}

HN_TEST(http, base_placeholder_keeps_the_path)
{
    fails_saying("fails.base_placeholder_keeps_the_path",
                 (const char *[]){"    URL: fixture ${API_BASE}/v1/items/${ID}, request "
                                  "https://api.example.com/v2/items/7\n",
                                  NULL},
                 (const char *[]){"URL host", "URL port", "URL scheme", NULL});
}

/* Issue 11, item 5: four placeholders side by side against a 1,000-byte
 * value that does not match end in well under the test's 5 s limit. */
HN_TEST(http, placeholders_never_backtrack)
{
    fails_saying("fails.placeholders_never_backtrack",
                 (const char *[]){"    URL path: fixture /v1/${A}${B}${C}${D}!, request /v1/aaaa",
                                  "    body $.v: \"${E}${F}${G}${H}${I}!\" -> \"aaaa", NULL},
                 (const char *[]){"timed out", "time limit", NULL});
}

HN_TEST(http, accept_header_compared_when_recorded)
{
    fails_saying("fails.accept_header_differs",
                 (const char *[]){"    header Accept: fixture \"application/vnd.example.v3+json\", "
                                  "request \"*/*\"\n",
                                  NULL},
                 NULL);
}

HN_TEST(http, pause_never_unpaused)
{
    fails_saying("fails.pause_never_unpaused",
                 (const char *[]){"CURL_WRITEFUNC_PAUSE", "no progress callback is set", NULL},
                 (const char *[]){"HN_CHECK_EQ", NULL});
}

HN_TEST(http, missing_fixture_fails_the_test)
{
    fails_saying("fails.missing_fixture", (const char *[]){"no_such_fixture.json", NULL},
                 (const char *[]){"not reached", NULL});
}

/* ---- warnings, strictness, the summary ------------------------------------ */

HN_TEST(http, unused_fixture_reported)
{
    st_proc p;
    run(&p, ST_HTTP_PROG, "unused.one_of_two", NULL, NULL);
    HN_CHECK_EQ(p.exit_code, 0);
    HN_CHECK_STR_CONTAINS(p.out, "fixture unused.b (");
    HN_CHECK_STR_CONTAINS(p.out, "/fixtures/unused/b.json) was loaded by HN_HTTP_FIXTURES but "
                                 "never requested");
    HN_CHECK(strstr(p.out, "fixture unused.a (") == NULL);
    HN_CHECK_STR_EQ(st_last_line(&p), "1 passed, 0 failed, 0 skipped");
    st_proc_free(&p);
    run(&p, ST_HTTP_PROG, "unused.one_of_two", NULL, (const char *[]){"--strict", NULL});
    HN_CHECK_EQ(p.exit_code, 1);
    HN_CHECK_STR_CONTAINS(p.out, "fixture unused.b (");
    HN_CHECK_STR_EQ(st_last_line(&p), "0 passed, 1 failed, 0 skipped");
    st_proc_free(&p);
}

HN_TEST(http, honesty_line_counts_the_fixture_double)
{
    st_proc p;
    run(&p, ST_HTTP_PROG, "answer.same_request_takes_fixtures_in_order", NULL, NULL);
    HN_CHECK_STR_CONTAINS(p.out, "doubles: 1 (1 fixture-backed); 1 backed by recorded "
                                 "fixtures, 0 hand-written; fixtures: 2 loaded, 0 stale\n");
    st_proc_free(&p);
}

HN_TEST(http, stale_fixture_in_summary_and_strict)
{
    st_proc p;
    run(&p, ST_HTTP_PROG, "stale.fixture_used", NULL, NULL);
    HN_CHECK_EQ(p.exit_code, 0);
    HN_CHECK_STR_CONTAINS(p.out, "fixtures: 1 loaded, 1 stale");
    HN_CHECK_STR_CONTAINS(p.out, "fixtures/stale.json");
    st_proc_free(&p);
    run(&p, ST_HTTP_PROG, "stale.fixture_used", NULL, (const char *[]){"--strict", NULL});
    HN_CHECK_EQ(p.exit_code, 1);
    st_proc_free(&p);
}

/* ---- the real libcurl outside HN_HTTP_FIXTURES ---------------------------- */

HN_TEST(http, real_libcurl_outside_fixtures)
{
    const char *modes[] = {"--no-fork", NULL};
    for (int i = 0; i < 2; i++) {
        lb_server *s = server();
        st_proc p;
        run(&p, ST_HTTP_PROG, "real.*", s, (const char *[]){modes[i], NULL});
        HN_CHECK_STR_EQ(st_last_line(&p), "3 passed, 0 failed, 0 skipped");
        /* real.outside and real.b_network connect; real.a_fixtures does not. */
        HN_CHECK_EQ(lb_connections(s), 2);
        st_proc_free(&p);
        lb_stop(s);
    }
}

HN_TEST(http, first_handle_of_each_test_is_fresh)
{
    const char *modes[] = {"--no-fork", NULL};
    for (int i = 0; i < 2; i++) {
        lb_server *s = server();
        st_proc p;
        run(&p, ST_HTTP_PROG, "handle.*", s, (const char *[]){"--repeat=3", modes[i], NULL});
        HN_CHECK_STR_EQ(st_last_line(&p), "3 passed, 0 failed, 0 skipped");
        HN_CHECK_EQ(lb_connections(s), 3); /* one transfer a test */
        st_proc_free(&p);
        lb_stop(s);
    }
}

/* Options the double held back from libcurl reach it with the handle:
 * getinfo, duphandle, multi, curl_easy_recv, escape, refused options
 * (http_prog.c's deferred.*), forked and not, each test twice. */
HN_TEST(http, deferred_options_reach_libcurl)
{
    const char *modes[] = {"--no-fork", NULL};
    for (int i = 0; i < 2; i++) {
        lb_server *s = server();
        st_proc p;
        run(&p, ST_HTTP_PROG, "deferred.*", s, (const char *[]){"--repeat=2", modes[i], NULL});
        HN_CHECK_STR_EQ(st_last_line(&p), "4 passed, 0 failed, 0 skipped");
        HN_CHECK_EQ(lb_connections(s), 2); /* the multi transfer, once a run */
        if (p.exit_code != 0)
            HN_LOG("stdout:\n%s", p.out);
        st_proc_free(&p);
        lb_stop(s);
    }
}

/* Present under a sanitizer, whose allocator is not glibc's: the launcher
 * then leaves its heap as it is, and the subject's check skips. */
extern void __asan_init(void) __attribute__((weak));
extern void __tsan_init(void) __attribute__((weak));

/* What a forked fixture-backed test process does not touch, seen from
 * inside it: after the launcher loaded a fixture file between tests, its
 * small blocks are carved from one place, not from the chunks the load
 * freed all over the heap (settled.b counts the heap pages it wrote); an
 * answer reads no page of the C library's locale tables (settled.a). One
 * test at a time, so that a has ended (and the launcher loaded its file)
 * before b is forked. */
HN_TEST(http, a_forked_fixture_test_writes_few_pages)
{
    st_proc p;
    const char *argv[] = {ST_HTTP_PROG, "--filter=settled.*", "--repeat=3", "--jobs=1",
                          "--color=never", NULL};
    const char *envv[] = {"ST_SETTLED=1", NULL};
    HN_ASSERT_EQ(st_run(&p, argv, &(st_opts){.env = envv, .timeout_ms = 60000}), 0);
    if (p.exit_code != 0)
        HN_LOG("stdout:\n%s", p.out);
    HN_CHECK_EQ(p.exit_code, 0);
    HN_CHECK_STR_EQ(st_last_line(&p), __asan_init || __tsan_init
                                          ? "3 passed, 0 failed, 3 skipped"
                                          : "6 passed, 0 failed, 0 skipped");
    st_proc_free(&p);
}

HN_TEST(http, client_in_shared_library)
{
    lb_server *s = server();
    st_proc p;
    run(&p, ST_HTTP_PROG_SHARED, "shared.answered", s, NULL);
    HN_CHECK_STR_EQ(st_last_line(&p), "1 passed, 0 failed, 0 skipped");
    HN_CHECK_EQ(lb_connections(s), 0);
    st_proc_free(&p);
    run(&p, ST_HTTP_PROG_SHARED, "shared.real", s, NULL);
    HN_CHECK_STR_EQ(st_last_line(&p), "1 passed, 0 failed, 0 skipped");
    HN_CHECK_EQ(lb_connections(s), 1);
    st_proc_free(&p);
    lb_stop(s);
}

/* ---- HN_STUB_FIXTURE -------------------------------------------------------- */

/* Runs one test of stub_prog; the caller frees p. */
static void run_stub(st_proc *p, const char *test, const char *const *extra)
{
    run(p, ST_HTTP_STUB_PROG, test, NULL, extra);
}

HN_TEST(http, stub_fixture_answers_through_adapter)
{
    st_proc p;
    run_stub(&p, "stub.answered_by_adapter", NULL);
    HN_CHECK_STR_EQ(st_last_line(&p), "1 passed, 0 failed, 0 skipped");
    HN_CHECK_STR_CONTAINS(p.out, "1 fixture-backed");
    HN_CHECK_STR_CONTAINS(p.out, "; 1 backed by recorded fixtures, ");
    HN_CHECK_STR_CONTAINS(p.out, "fixtures: 1 loaded, 0 stale");
    st_proc_free(&p);
    run_stub(&p, "stub.same_fixture_over_http", NULL);
    HN_CHECK_STR_EQ(st_last_line(&p), "1 passed, 0 failed, 0 skipped");
    st_proc_free(&p);
}

HN_TEST(http, hand_written_fake_is_not_fixture_backed)
{
    st_proc p;
    run_stub(&p, "stub.hand_written_fake", NULL);
    HN_CHECK_STR_EQ(st_last_line(&p), "1 passed, 0 failed, 0 skipped");
    HN_CHECK_STR_CONTAINS(p.out, "doubles: 1 (1 fake); 0 backed by recorded fixtures, "
                                 "1 hand-written\n");
    st_proc_free(&p);
}

HN_TEST(http, stub_fixture_never_called_reported)
{
    st_proc p;
    run_stub(&p, "stub.never_called", NULL);
    HN_CHECK_EQ(p.exit_code, 0);
    HN_CHECK_STR_CONTAINS(p.out, "HN_STUB_FIXTURE(cl_user_name) was configured but "
                                 "cl_user_name was never called");
    st_proc_free(&p);
    run_stub(&p, "stub.never_called", (const char *[]){"--strict", NULL});
    HN_CHECK_EQ(p.exit_code, 1);
    st_proc_free(&p);
}

HN_TEST(http, stub_fixture_of_without_stub_fails)
{
    st_proc p;
    run_stub(&p, "stub.fixture_of_without_stub", NULL);
    HN_CHECK_EQ(p.exit_code, 1);
    HN_CHECK_STR_CONTAINS(p.out, "HN_STUB_FIXTURE_OF(cl_user_name): no "
                                 "HN_STUB_FIXTURE(cl_user_name, ...) in the running test");
    HN_CHECK(strstr(p.out, "not reached") == NULL);
    st_proc_free(&p);
}

/* ---- the seam: a client loaded with dlopen -------------------------------- */

HN_TEST(http, plugin_reaches_fixtures)
{
    lb_server *s = server();
    st_proc p;
    run(&p, ST_HTTP_DLOPEN, "plugin.request", s, NULL);
    HN_CHECK_STR_EQ(st_last_line(&p), "1 passed, 0 failed, 0 skipped");
    HN_CHECK_EQ(lb_connections(s), 0);
    st_proc_free(&p);
    lb_stop(s);
}

HN_TEST(http, hidden_seam_is_reported)
{
    lb_server *s = server();
    st_proc p;
    run(&p, ST_HTTP_DLOPEN_NOEXPORT, "plugin.request", s, NULL);
    HN_CHECK_EQ(p.exit_code, 1);
    HN_CHECK_STR_CONTAINS(p.out, "no request reached HN_HTTP_FIXTURES, and shared libraries "
                                 "see libcurl's own curl_easy_perform (");
    HN_CHECK_EQ(lb_connections(s), 1); /* what the report is about */
    st_proc_free(&p);
    lb_stop(s);
}

/* ---- --live ----------------------------------------------------------------- */

HN_TEST(http, live_sends_to_network_and_reports_drift)
{
    lb_server *s = server();
    st_proc p;
    run(&p, ST_HTTP_PROG, "live.*", s, (const char *[]){"--live", NULL});
    HN_CHECK_STR_EQ(st_last_line(&p), "3 passed, 0 failed, 0 skipped");
    /* live.aligned and live.drifted went out; the recorded timeout did not. */
    HN_CHECK_EQ(lb_connections(s), 2);
    /* The port comes from ${ST_PORT}: a placeholder's value is never shown. */
    HN_CHECK_STR_CONTAINS(p.out, "--live: the live answer to GET http://127.0.0.1:${ST_PORT}/drift "
                                 "drifted from fixture live.drift (");
    char port[64];
    snprintf(port, sizeof port, "127.0.0.1:%s", lb_port(s));
    HN_CHECK(strstr(p.out, port) == NULL);
    HN_CHECK_STR_CONTAINS(p.out, "status_changed");
    HN_CHECK_STR_CONTAINS(p.out, "header_changed");
    HN_CHECK_STR_CONTAINS(p.out, "log ");
    HN_CHECK_STR_CONTAINS(p.out, "status 200, body hello from loopback");
    HN_CHECK(strstr(p.out, "fixture live.hello (") == NULL);
    st_proc_free(&p);
    run(&p, ST_HTTP_PROG, "live.*", s, (const char *[]){"--live", "--strict", NULL});
    HN_CHECK_STR_EQ(st_last_line(&p), "2 passed, 1 failed, 0 skipped");
    HN_CHECK_STR_CONTAINS(p.out, "live.drifted");
    st_proc_free(&p);
    lb_stop(s);
}

/* Issue 10, defect 1: under --live a fixture whose URL is "${ST_BASE}/hello"
 * matches the loopback request, which goes out and agrees with it. */
HN_TEST(http, live_base_placeholder_matches)
{
    lb_server *s = server();
    st_proc p;
    run(&p, ST_HTTP_PROG, "livebase.*", s, (const char *[]){"--live", "--strict", NULL});
    HN_CHECK_STR_EQ(st_last_line(&p), "1 passed, 0 failed, 0 skipped");
    HN_CHECK_EQ(lb_connections(s), 1);
    HN_CHECK(strstr(p.out, "drifted") == NULL);
    HN_CHECK(strstr(p.out, "no fixture") == NULL);
    st_proc_free(&p);
    lb_stop(s);
}

HN_TEST(http, live_fixtures_answer_without_live)
{
    lb_server *s = server();
    st_proc p;
    run(&p, ST_HTTP_PROG, "live.aligned", s, NULL);
    HN_CHECK_STR_EQ(st_last_line(&p), "1 passed, 0 failed, 0 skipped");
    HN_CHECK_EQ(lb_connections(s), 0);
    st_proc_free(&p);
    lb_stop(s);
}
