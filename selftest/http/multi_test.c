/* SPDX-License-Identifier: MIT */
/* multi_test.c: the multi interface under HN_HTTP_FIXTURES (multi_prog.c run
 * as a subprocess: every client style passes, an unmatched transfer fails
 * naming the nearest fixture), and without it: the same event-loop client
 * (examples/multi-fetch) against a real server on loopback. */
#include <honest.h>

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fetch.h"
#include "loopback.h"
#include "support.h"

static void run(st_proc *p, const char *filter)
{
    char f[128];
    snprintf(f, sizeof f, "--filter=%s", filter);
    const char *const argv[] = {ST_HTTP_MULTI_PROG, f, "--strict", NULL};
    HN_ASSERT_EQ(st_run(p, argv, NULL), 0);
}

HN_TEST(http_multi, live_sends_to_the_network_and_reports_drift)
{
    lb_server *s = lb_start();
    HN_ASSERT_NOT_NULL(s);
    char env[64];
    snprintf(env, sizeof env, "ST_PORT=%s", lb_port(s));
    const char *envv[] = {env, NULL};
    const char *const argv[] = {ST_HTTP_MULTI_PROG, "--filter=multi_live.*", "--live", NULL};
    st_proc p;
    HN_ASSERT_EQ(st_run(&p, argv, &(st_opts){.env = envv}), 0);
    HN_CHECK_EQ(p.exit_code, 0);
    HN_CHECK_EQ(lb_connections(s), 2); /* both transfers went out */
    /* The port comes from ${ST_PORT}: a placeholder's value is never shown. */
    HN_CHECK_STR_CONTAINS(p.out, "--live: the live answer to GET http://127.0.0.1:${ST_PORT}/drift "
                                 "drifted from fixture live.drift (");
    HN_CHECK_EQ(st_count(p.out, lb_port(s)), 0);
    st_proc_free(&p);
    /* Without --live the fixtures answer, and nothing reaches the server. */
    const char *const quiet[] = {ST_HTTP_MULTI_PROG, "--filter=multi_live.*", NULL};
    HN_ASSERT_EQ(st_run(&p, quiet, &(st_opts){.env = envv}), 0);
    HN_CHECK_EQ(lb_connections(s), 2);
    st_proc_free(&p);
    lb_stop(s);
}

HN_TEST(http_multi, every_client_style_is_answered)
{
    st_proc p;
    run(&p, "multi.*");
    HN_CHECK_EQ(p.exit_code, 0);
    HN_CHECK_STR_EQ(st_last_line(&p), "5 passed, 0 failed, 0 skipped");
    if (p.exit_code)
        HN_LOG("%s", p.out);
    st_proc_free(&p);
}

HN_TEST(http_multi, unmatched_transfer_fails_naming_the_nearest_fixture)
{
    st_proc p;
    run(&p, "multi_fails.*");
    HN_CHECK_EQ(p.exit_code, 1);
    HN_CHECK_STR_CONTAINS(p.out, "no fixture of HN_HTTP_FIXTURES(\"fixtures/multi/item_1.json\")"
                                 " matches the request");
    HN_CHECK_STR_CONTAINS(p.out, "GET https://shop.example.com/v1/items/77");
    HN_CHECK_STR_CONTAINS(p.out, "URL path: fixture /v1/items/1, request /v1/items/77");
    HN_CHECK_EQ(strstr(p.out, "HN_CHECK"), NULL); /* the code got CURLE_COULDNT_CONNECT */
    st_proc_free(&p);
}

HN_TEST(http_multi, record_missing_records_from_the_network)
{
    lb_server *s = lb_start();
    HN_ASSERT_NOT_NULL(s);
    char *dir = st_tmpdir(), port[64], rec[1024];
    snprintf(port, sizeof port, "ST_PORT=%s", lb_port(s));
    snprintf(rec, sizeof rec, "ST_RECORD_DIR=%s", dir);
    const char *envv[] = {port, rec, "HN_ALLOW_RECORD=1", NULL};
    const char *const argv[] = {ST_HTTP_MULTI_PROG, "--filter=multi_record.*",
                                "--record=missing", NULL};
    st_proc p;
    HN_ASSERT_EQ(st_run(&p, argv, &(st_opts){.env = envv}), 0);
    HN_CHECK_EQ(p.exit_code, 0);
    HN_CHECK_EQ(lb_connections(s), 1);
    char name[128];
    snprintf(name, sizeof name, "get-127.0.0.1-%s-recorded.json", lb_port(s));
    char *fx = st_join(dir, name), *text = st_read_file(fx, NULL);
    HN_ASSERT_NOT_NULL(text);
    HN_CHECK_STR_CONTAINS(text, "hello from loopback");
    st_proc_free(&p);
    /* Recorded once: the next run is answered from the new fixture. */
    HN_ASSERT_EQ(st_run(&p, argv, &(st_opts){.env = envv}), 0);
    HN_CHECK_EQ(p.exit_code, 0);
    HN_CHECK_EQ(lb_connections(s), 1);
    st_proc_free(&p);
    free(text);
    free(fx);
    st_rmtree(dir);
    free(dir);
    lb_stop(s);
}

HN_TEST(http_multi, without_fixtures_the_real_libcurl_runs)
{
    lb_server *s = lb_start();
    HN_ASSERT_NOT_NULL(s);
    char a[128], b[128];
    snprintf(a, sizeof a, "http://127.0.0.1:%s/one", lb_port(s));
    snprintf(b, sizeof b, "http://127.0.0.1:%s/two", lb_port(s));
    const char *urls[] = {a, b};
    mf_result r[2];
    HN_ASSERT_EQ(mf_fetch_all(urls, 2, r), 0);
    for (int i = 0; i < 2; i++) {
        HN_CHECK_EQ(r[i].code, CURLE_OK);
        HN_CHECK_EQ(r[i].status, 200);
        HN_CHECK_STR_CONTAINS(r[i].body, "hello from loopback");
        free(r[i].body);
    }
    HN_CHECK_GE(lb_connections(s), 1u);
    lb_stop(s);
}
