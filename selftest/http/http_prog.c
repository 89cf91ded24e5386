/* SPDX-License-Identifier: MIT */
/* http_prog.c: the program selftest/http runs: the libcurl client of client.c,
 * unchanged, answered from fixtures, and failing where it must. */
#include <honest.h>
#include <honest/fixture.h>

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client.h"
#include "pagemap.h"

/* The selftest's loopback server: its port, and a URL on it. */
static const char *port(void)
{
    const char *p = getenv("ST_PORT");
    return p ? p : "9";
}

static const char *sentinel_url(void)
{
    static char url[128];
    snprintf(url, sizeof url, "http://127.0.0.1:%s/sentinel", port());
    return url;
}

static const char *const json_auth[] = {"Content-Type: application/json",
                                        "Authorization: Bearer s3cret", NULL};

/* ---- answered from fixtures ------------------------------------------- */

HN_TEST(answer, get)
{
    cl_response r;
    HN_ASSERT_EQ(HN_HTTP_FIXTURES("fixtures/get_ok.json"), 1);
    HN_ASSERT_EQ(cl_perform(&(cl_request){.url = "https://api.example.com/v1/items/42"}, &r),
                 CURLE_OK);
    HN_ASSERT_EQ(r.status, 200);
    HN_ASSERT_STR_EQ(r.content_type, "application/json; charset=utf-8");
    HN_ASSERT_STR_EQ(r.effective_url, "https://api.example.com/v1/items/42");
    HN_ASSERT_STR_EQ(r.body, "{\"id\":42,\"name\":\"widget\",\"tags\":[\"a\",\"b\"]}");
    HN_ASSERT_STR_EQ(r.headers, "HTTP/1.1 200 OK\r\n"
                                "Content-Type: application/json; charset=utf-8\r\n"
                                "X-Request-Id: r-1\r\n"
                                "\r\n");
    HN_ASSERT_EQ(r.header_calls, 4);
    HN_ASSERT_EQ(r.body_calls, 1);
    HN_ASSERT_STR_EQ(r.error, "");
    cl_response_free(&r);
}

HN_TEST(answer, post_json_in_any_order)
{
    cl_response r;
    HN_HTTP_FIXTURES("fixtures/items_post.json");
    cl_perform(&(cl_request){.method = "POST",
                             .url = "https://api.example.com/v1/items?units=metric&city=Paris",
                             .headers = json_auth,
                             .body = "{\"n\": 1.50, \"tags\": [\"a\"], \"user\": \"alice\"}"},
               &r);
    HN_ASSERT_EQ(r.rc, CURLE_OK);
    HN_ASSERT_EQ(r.status, 201);
    HN_ASSERT_STR_EQ(r.body, "{\"id\":43}");
    cl_response_free(&r);
}

HN_TEST(answer, placeholders_match_any_value)
{
    cl_response r;
    HN_HTTP_FIXTURES("fixtures/path_placeholder.json");
    cl_perform(&(cl_request){.url = "https://api.example.com/v1/users/u-77/orders?page=3"}, &r);
    HN_ASSERT_EQ(r.rc, CURLE_OK);
    HN_ASSERT_STR_EQ(r.body, "orders");
    cl_response_free(&r);
}

/* A placeholder at the start of the URL stands for the whole origin. */
HN_TEST(answer, origin_placeholder_matches_any_origin)
{
    const char *urls[] = {"https://status.example.com/v1/status?verbose=1",
                          "http://127.0.0.1:8080/v1/status?verbose=1"};
    HN_HTTP_FIXTURES("fixtures/origin_placeholder.json");
    for (int i = 0; i < 2; i++) {
        cl_response r;
        cl_perform(&(cl_request){.url = urls[i]}, &r);
        HN_ASSERT_EQ(r.rc, CURLE_OK);
        HN_ASSERT_STR_EQ(r.body, "up");
        cl_response_free(&r);
    }
}

/* Issue 10, defect 1: a placeholder standing for the whole base (scheme,
 * host, port and a path prefix) matches any base. */
HN_TEST(answer, base_placeholder_matches_any_base)
{
    static const char *const urls[] = {
        "https://api.example.com/v1/items/7?page=1",
        "http://127.0.0.1:8080/v1/items/7?page=1",
        "https://api.example.com:8443/prefix/v1/items/7?page=1",
    };
    HN_HTTP_FIXTURES("fixtures/base/items.json", "fixtures/base/items.json",
                     "fixtures/base/items.json");
    for (size_t i = 0; i < 3; i++) {
        cl_response r;
        cl_perform(&(cl_request){.url = urls[i]}, &r);
        HN_LOG("%s", urls[i]);
        HN_CHECK_EQ(r.rc, CURLE_OK);
        HN_CHECK_STR_EQ(r.body, "items");
        cl_response_free(&r);
    }
}

/* Issue 10, defect 12: a recorded Accept selects the fixture (APIs pick
 * versions and previews by it). */
HN_TEST(answer, accept_header_selects_the_fixture)
{
    static const char *const v3[] = {"Accept: application/vnd.example.v3+json", NULL};
    static const char *const preview[] = {"Accept: application/vnd.example.preview+json", NULL};
    HN_HTTP_FIXTURES("fixtures/accept_v3.json", "fixtures/accept_preview.json");
    cl_response r;
    cl_perform(&(cl_request){.url = "https://api.example.com/repos", .headers = preview}, &r);
    HN_CHECK_STR_EQ(r.body, "preview");
    cl_response_free(&r);
    cl_perform(&(cl_request){.url = "https://api.example.com/repos", .headers = v3}, &r);
    HN_CHECK_STR_EQ(r.body, "v3");
    cl_response_free(&r);
}

HN_TEST(answer, form_fields_in_any_order)
{
    cl_response r;
    HN_HTTP_FIXTURES("fixtures/form.json");
    cl_perform(&(cl_request){.method = "POST", .url = "https://auth.example.com/token",
                             .body = "scope=read%20write&grant_type=client_credentials"},
               &r);
    HN_ASSERT_EQ(r.rc, CURLE_OK);
    HN_ASSERT_STR_EQ(r.body, "{\"access_token\":\"t0k\"}");
    HN_ASSERT_STR_EQ(hn_http_request_header(0, "content-type"),
                     "application/x-www-form-urlencoded");
    cl_response_free(&r);
}

HN_TEST(answer, head_has_no_body)
{
    cl_response r;
    HN_HTTP_FIXTURES("fixtures/head.json");
    cl_perform(&(cl_request){.method = "HEAD", .url = "https://files.example.com/report.pdf"}, &r);
    HN_ASSERT_EQ(r.rc, CURLE_OK);
    HN_ASSERT_EQ(r.body_calls, 0);
    HN_ASSERT_STR_CONTAINS(r.headers, "Content-Length: 1234\r\n");
    cl_response_free(&r);
}

HN_TEST(answer, put_uploads_through_read_callback)
{
    cl_response r;
    HN_HTTP_FIXTURES("fixtures/put.json");
    cl_perform(&(cl_request){.method = "PUT", .url = "https://files.example.com/notes/1",
                             .body = "hello upload"},
               &r);
    HN_ASSERT_EQ(r.rc, CURLE_OK);
    HN_ASSERT_EQ(r.status, 204);
    HN_ASSERT_STR_EQ(hn_http_request_body(0, NULL), "hello upload");
    cl_response_free(&r);
}

HN_TEST(answer, same_request_takes_fixtures_in_order)
{
    cl_response r;
    HN_ASSERT_EQ(HN_HTTP_FIXTURES("fixtures/seq"), 2);
    const long want[] = {503, 200, 200};
    for (int i = 0; i < 3; i++) {
        cl_perform(&(cl_request){.url = "https://api.example.com/v1/flaky"}, &r);
        HN_ASSERT_EQ(r.status, want[i]);
        cl_response_free(&r);
    }
    HN_ASSERT_EQ(hn_http_request_count(), 3);
    HN_ASSERT_STR_EQ(hn_fixture_name(hn_http_request_fixture(0)), "flaky.busy");
    HN_ASSERT_STR_EQ(hn_fixture_name(hn_http_request_fixture(2)), "flaky.ok");
}

HN_TEST(answer, redirect_followed)
{
    cl_response r;
    HN_HTTP_FIXTURES("fixtures/redirect");
    cl_perform(&(cl_request){.url = "https://api.example.com/old", .follow = 1}, &r);
    HN_ASSERT_EQ(r.rc, CURLE_OK);
    HN_ASSERT_EQ(r.status, 200);
    HN_ASSERT_EQ(r.redirects, 1);
    HN_ASSERT_STR_EQ(r.effective_url, "https://api.example.com/v1/new");
    HN_ASSERT_STR_EQ(r.body, "moved here");
    HN_ASSERT_STR_EQ(r.headers, "HTTP/1.1 302 Found\r\nLocation: /v1/new\r\n\r\n"
                                "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n");
    cl_response_free(&r);
}

HN_TEST(answer, error_status_with_body)
{
    cl_response r;
    HN_HTTP_FIXTURES("fixtures/not_found.json");
    cl_perform(&(cl_request){.url = "https://api.example.com/v1/items/404"}, &r);
    HN_ASSERT_EQ(r.rc, CURLE_OK);
    HN_ASSERT_EQ(r.status, 404);
    HN_ASSERT_STR_EQ(r.body, "{\"error\":\"not found\"}");
    cl_response_free(&r);
}

HN_TEST(answer, failonerror)
{
    cl_response r;
    HN_HTTP_FIXTURES("fixtures/not_found.json");
    cl_perform(&(cl_request){.url = "https://api.example.com/v1/items/404", .failonerror = 1},
               &r);
    HN_ASSERT_EQ(r.rc, CURLE_HTTP_RETURNED_ERROR);
    HN_ASSERT_EQ(r.status, 404);
    HN_ASSERT_STR_EQ(r.error, "The requested URL returned error: 404");
    HN_ASSERT_EQ(r.body_len, 0);
    cl_response_free(&r);
}

HN_TEST(answer, short_write_is_write_error)
{
    cl_response r;
    HN_HTTP_FIXTURES("fixtures/get_ok.json");
    cl_perform(&(cl_request){.url = "https://api.example.com/v1/items/42", .write_limit = 5},
               &r);
    HN_ASSERT_EQ(r.rc, CURLE_WRITE_ERROR);
    HN_ASSERT_STR_CONTAINS(r.error, "Failure writing output");
    cl_response_free(&r);
}

HN_TEST(answer, pause_then_progress_unpauses)
{
    cl_response r;
    HN_HTTP_FIXTURES("fixtures/get_ok.json");
    cl_perform(&(cl_request){.url = "https://api.example.com/v1/items/42", .pause = 1}, &r);
    HN_ASSERT_EQ(r.rc, CURLE_OK);
    HN_ASSERT_STR_EQ(r.body, "{\"id\":42,\"name\":\"widget\",\"tags\":[\"a\",\"b\"]}");
    cl_response_free(&r);
}

HN_TEST(answer, big_body_in_chunks)
{
    char dir[] = "/tmp/hn_http_prog_XXXXXX", path[64];
    HN_ASSERT_NOT_NULL(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/big.json", dir);
    FILE *f = fopen(path, "w");
    HN_ASSERT_NOT_NULL(f);
    fputs("{\"honest\": 1, \"recorded_at\": \"2026-11-02T09:00:00Z\", \"max_age_days\": 3650,"
          " \"request\": {\"method\": \"GET\", \"url\": \"https://files.example.com/big\"},"
          " \"response\": {\"status\": 200, \"body_text\": \"", f);
    for (int i = 0; i < 40000; i++)
        fputc('a' + i % 26, f);
    fputs("\"}}\n", f);
    fclose(f);
    HN_HTTP_FIXTURES(path);
    unlink(path);
    rmdir(dir);
    cl_response r;
    cl_perform(&(cl_request){.url = "https://files.example.com/big"}, &r);
    HN_ASSERT_EQ(r.rc, CURLE_OK);
    HN_ASSERT_EQ(r.body_len, 40000);
    HN_ASSERT_EQ(r.body_calls, 3); /* CURL_MAX_WRITE_SIZE at a time */
    HN_ASSERT_EQ(r.body[39999], 'a' + 39999 % 26);
    cl_response_free(&r);
}

HN_TEST(answer, binary_body)
{
    cl_response r;
    HN_HTTP_FIXTURES("fixtures/binary.json");
    cl_perform(&(cl_request){.url = "https://files.example.com/blob"}, &r);
    HN_ASSERT_EQ(r.body_len, 6);
    HN_ASSERT_MEM_EQ(r.body, "\0\1\2\3\0\377", 6);
    cl_response_free(&r);
}

static size_t discard(char *p, size_t size, size_t n, void *data)
{
    (void)p, (void)data;
    return size * n;
}

HN_TEST(answer, getinfo_and_headers)
{
    HN_HTTP_FIXTURES("fixtures/info.json");
    CURL *c = curl_easy_init();
    curl_easy_setopt(c, CURLOPT_URL, "https://api.example.com/v1/info");
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
    HN_ASSERT_EQ(curl_easy_perform(c), CURLE_OK);
    long code = 0, version = 0;
    curl_off_t retry = 0, length = 0, size = 0;
    char *method = NULL;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
    curl_easy_getinfo(c, CURLINFO_HTTP_VERSION, &version);
    curl_easy_getinfo(c, CURLINFO_RETRY_AFTER, &retry);
    curl_easy_getinfo(c, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length);
    curl_easy_getinfo(c, CURLINFO_SIZE_DOWNLOAD_T, &size);
    curl_easy_getinfo(c, CURLINFO_EFFECTIVE_METHOD, &method);
    HN_ASSERT_EQ(code, 429);
    HN_ASSERT_EQ(version, CURL_HTTP_VERSION_1_1);
    HN_ASSERT_EQ(retry, 30);
    HN_ASSERT_EQ(length, 15);
    HN_ASSERT_EQ(size, 15);
    HN_ASSERT_STR_EQ(method, "GET");
    struct curl_header *h = NULL;
    HN_ASSERT_EQ(curl_easy_header(c, "set-cookie", 1, CURLH_HEADER, -1, &h), CURLHE_OK);
    HN_ASSERT_STR_EQ(h->value, "b=2");
    HN_ASSERT_EQ(h->amount, 2);
    HN_ASSERT_EQ(curl_easy_header(c, "Set-Cookie", 2, CURLH_HEADER, -1, &h), CURLHE_BADINDEX);
    HN_ASSERT_EQ(curl_easy_header(c, "X-Missing", 0, CURLH_HEADER, -1, &h), CURLHE_MISSING);
    int n = 0;
    for (h = curl_easy_nextheader(c, CURLH_HEADER, -1, NULL); h;
         h = curl_easy_nextheader(c, CURLH_HEADER, -1, h))
        n++;
    HN_ASSERT_EQ(n, 5);
    curl_easy_reset(c); /* libcurl's getinfo again: nothing transferred */
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
    HN_ASSERT_EQ(code, 0);
    curl_easy_cleanup(c);
}

static size_t count_bytes(char *p, size_t size, size_t n, void *data)
{
    (void)p;
    *(size_t *)data += size * n;
    return size * n;
}

/* CURLINFO_HEADER_SIZE counts the header lines whether or not anything
 * receives them: with a header callback (the lines formatted and handed
 * over) and without (only their sizes counted), the same bytes; a line past
 * 8 KB is cut, and counted cut, in both. */
HN_TEST(answer, header_size_with_and_without_header_callback)
{
    HN_HTTP_FIXTURES("fixtures/info.json", "fixtures/long_header.json");
    const char *urls[] = {"https://api.example.com/v1/info",
                          "https://api.example.com/v1/long-header"};
    for (size_t u = 0; u < 2; u++) {
        long sizes[2] = {-1, -1};
        size_t received = 0;
        for (int with_callback = 0; with_callback < 2; with_callback++) {
            CURL *c = curl_easy_init();
            curl_easy_setopt(c, CURLOPT_URL, urls[u]);
            curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
            if (with_callback) {
                curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, count_bytes);
                curl_easy_setopt(c, CURLOPT_HEADERDATA, &received);
            }
            HN_ASSERT_EQ(curl_easy_perform(c), CURLE_OK);
            curl_easy_getinfo(c, CURLINFO_HEADER_SIZE, &sizes[with_callback]);
            curl_easy_cleanup(c);
        }
        HN_ASSERT_GT(received, 0);
        HN_ASSERT_EQ(sizes[1], (long)received);
        HN_ASSERT_EQ(sizes[0], sizes[1]);
    }
}

HN_TEST(answer, duplicated_handle_keeps_options)
{
    HN_HTTP_FIXTURES("fixtures/get_ok.json");
    CURL *c = curl_easy_init();
    curl_easy_setopt(c, CURLOPT_URL, "https://api.example.com/v1/items/42");
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
    CURL *d = curl_easy_duphandle(c);
    curl_easy_cleanup(c);
    HN_ASSERT_EQ(curl_easy_perform(d), CURLE_OK);
    long code = 0;
    curl_easy_getinfo(d, CURLINFO_RESPONSE_CODE, &code);
    HN_ASSERT_EQ(code, 200);
    curl_easy_cleanup(d);
}

HN_TEST(answer, url_from_curlu)
{
    HN_HTTP_FIXTURES("fixtures/get_ok.json");
    CURLU *u = curl_url();
    curl_url_set(u, CURLUPART_URL, "https://api.example.com/v1/items/42", 0);
    CURL *c = curl_easy_init();
    curl_easy_setopt(c, CURLOPT_CURLU, u);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
    HN_ASSERT_EQ(curl_easy_perform(c), CURLE_OK);
    HN_ASSERT_STR_EQ(hn_http_request_url(0), "https://api.example.com/v1/items/42");
    curl_easy_cleanup(c);
    curl_url_cleanup(u);
}

HN_TEST(answer, request_log)
{
    cl_response r;
    HN_HTTP_FIXTURES("fixtures/items_post.json");
    const char *body = "{\"user\":\"alice\",\"tags\":[\"a\"],\"n\":1.5}";
    cl_perform(&(cl_request){.method = "POST",
                             .url = "https://api.example.com/v1/items?city=Paris&units=metric",
                             .headers = json_auth, .body = body},
               &r);
    cl_response_free(&r);
    HN_ASSERT_EQ(hn_http_request_count(), 1);
    HN_ASSERT_STR_EQ(hn_http_request_method(0), "POST");
    HN_ASSERT_STR_EQ(hn_http_request_url(0), "https://api.example.com/v1/items?city=Paris&units=metric");
    HN_ASSERT_STR_EQ(hn_http_request_header(0, "authorization"), "Bearer s3cret");
    HN_ASSERT_STR_EQ(hn_http_request_header(0, "Accept"), "*/*");
    HN_ASSERT_STR_EQ(hn_http_request_body(0, NULL), body);
    HN_ASSERT_STR_EQ(hn_fixture_name(hn_http_request_fixture(0)), "items.post");
    HN_ASSERT_NULL(hn_http_request_url(1));
}

HN_TEST(answer, basic_auth_from_userpwd)
{
    HN_HTTP_FIXTURES("fixtures/get_ok.json");
    CURL *c = curl_easy_init();
    curl_easy_setopt(c, CURLOPT_URL, "https://api.example.com/v1/items/42");
    curl_easy_setopt(c, CURLOPT_USERPWD, "user:pass");
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
    HN_ASSERT_EQ(curl_easy_perform(c), CURLE_OK);
    HN_ASSERT_STR_EQ(hn_http_request_header(0, "Authorization"), "Basic dXNlcjpwYXNz");
    curl_easy_cleanup(c);
}

HN_TEST(answer, no_network)
{
    cl_response r;
    HN_HTTP_FIXTURES("fixtures/sentinel.json");
    cl_perform(&(cl_request){.url = sentinel_url()}, &r);
    HN_ASSERT_EQ(r.rc, CURLE_OK);
    HN_ASSERT_STR_EQ(r.body, "answered by honest");
    cl_response_free(&r);
}

/* Threads of the code under test: every transfer answered, none lost. */
static void *fetch_many(void *arg)
{
    long ok = 0;
    (void)arg;
    for (int i = 0; i < 50; i++) {
        cl_response r;
        cl_perform(&(cl_request){.url = "https://api.example.com/v1/items/42"}, &r);
        ok += r.rc == CURLE_OK && r.status == 200 && r.body_len == 42;
        cl_response_free(&r);
    }
    return (void *)ok;
}

HN_TEST(answer, from_threads)
{
    pthread_t t[4];
    HN_HTTP_FIXTURES("fixtures/get_ok.json");
    for (int i = 0; i < 4; i++)
        HN_ASSERT_EQ(pthread_create(&t[i], NULL, fetch_many, NULL), 0);
    long ok = 0;
    for (int i = 0; i < 4; i++) {
        void *n;
        pthread_join(t[i], &n);
        ok += (long)n;
    }
    HN_ASSERT_EQ(ok, 200);
    HN_ASSERT_EQ(hn_http_request_count(), 200);
}

/* ---- transport errors --------------------------------------------------- */

typedef struct transport_case {
    const char *name;
    CURLcode rc;
    const char *words;
} transport_case;

static const transport_case transports[] = {
    {"timeout", CURLE_OPERATION_TIMEDOUT, "timed out"},
    {"connection_refused", CURLE_COULDNT_CONNECT, "port 443: Connection refused"},
    {"dns", CURLE_COULDNT_RESOLVE_HOST, "Could not resolve host: down.example.com"},
    {"tls", CURLE_SSL_CONNECT_ERROR, "TLS handshake with down.example.com failed"},
    {"connection_reset", CURLE_RECV_ERROR, "Connection reset by peer"},
    {"empty_reply", CURLE_GOT_NOTHING, "Empty reply from server"},
    {"too_many_redirects", CURLE_TOO_MANY_REDIRECTS, "redirects followed"},
};

HN_TEST_PN(transport, error, transport_case, transports, name)
{
    char path[96], url[96], tag[96];
    snprintf(path, sizeof path, "fixtures/transport/%s.json", HN_PARAM->name);
    snprintf(url, sizeof url, "https://down.example.com/%s", HN_PARAM->name);
    snprintf(tag, sizeof tag, "[honest fixture down.%s]", HN_PARAM->name);
    HN_HTTP_FIXTURES(path);
    cl_response r;
    cl_perform(&(cl_request){.url = url}, &r);
    HN_ASSERT_EQ(r.rc, HN_PARAM->rc);
    HN_ASSERT_EQ(r.status, 0);
    HN_ASSERT_EQ(r.body_len + r.headers_len, 0);
    HN_ASSERT_STR_CONTAINS(r.error, HN_PARAM->words);
    HN_ASSERT_STR_CONTAINS(r.error, tag);
    cl_response_free(&r);
}

/* ---- failing on purpose ------------------------------------------------- */

HN_TEST(fails, unmatched)
{
    cl_response r;
    HN_HTTP_FIXTURES("fixtures/items_post.json", "fixtures/get_ok.json");
    cl_perform(&(cl_request){.method = "POST",
                             .url = "https://api.example.com/v1/items?units=metric&city=Lyon",
                             .headers = json_auth,
                             .body = "{\"user\":\"bob\",\"tags\":[\"a\"],\"n\":1.5}"},
               &r);
    HN_CHECK_EQ(r.rc, CURLE_COULDNT_CONNECT);
    HN_CHECK_STR_EQ(r.error, "honest: no fixture matches POST "
                             "https://api.example.com/v1/items?units=metric&city=Lyon");
    cl_response_free(&r);
}

HN_TEST(fails, wrong_method)
{
    cl_response r;
    HN_HTTP_FIXTURES("fixtures/items_post.json");
    cl_perform(&(cl_request){.url = "https://api.example.com/v1/items?city=Paris&units=metric"},
               &r);
    cl_response_free(&r);
}

HN_TEST(fails, placeholder_stays_in_its_segment)
{
    cl_response r;
    HN_HTTP_FIXTURES("fixtures/path_placeholder.json");
    cl_perform(&(cl_request){.url = "https://api.example.com/v1/users/u/77/orders?page=3"}, &r);
    cl_response_free(&r);
}

/* The base placeholder stands for a base, not for the path after it. */
HN_TEST(fails, base_placeholder_keeps_the_path)
{
    cl_response r;
    HN_HTTP_FIXTURES("fixtures/base/items.json");
    cl_perform(&(cl_request){.url = "https://api.example.com/v2/items/7?page=1"}, &r);
    cl_response_free(&r);
}

/* Issue 11, item 5: placeholders side by side matched by backtracking took
 * exponential time on a long value that does not match. */
HN_TEST(fails, placeholders_never_backtrack, .timeout_ms = 5000)
{
    char url[1100], body[1100];
    memset(url, 0, sizeof url);
    strcpy(url, "https://api.example.com/v1/");
    memset(url + strlen(url), 'a', 1000);
    snprintf(body, sizeof body, "{\"v\": \"%.1000s\"}", url + 27);
    cl_response r;
    HN_HTTP_FIXTURES("fixtures/backtrack.json");
    cl_perform(&(cl_request){.method = "POST", .url = url,
                             .headers = (const char *const[]){"Content-Type: application/json", NULL},
                             .body = body},
               &r);
    HN_CHECK_EQ(r.rc, CURLE_COULDNT_CONNECT);
    cl_response_free(&r);
}

/* libcurl's default Accept is not the one the fixture recorded. */
HN_TEST(fails, accept_header_differs)
{
    cl_response r;
    HN_HTTP_FIXTURES("fixtures/accept_v3.json");
    cl_perform(&(cl_request){.url = "https://api.example.com/repos"}, &r);
    cl_response_free(&r);
}

HN_TEST(fails, pause_never_unpaused)
{
    cl_response r;
    HN_HTTP_FIXTURES("fixtures/get_ok.json");
    cl_perform(&(cl_request){.url = "https://api.example.com/v1/items/42", .pause = 2}, &r);
    HN_CHECK_EQ(r.rc, CURLE_WRITE_ERROR);
    cl_response_free(&r);
}

HN_TEST(fails, missing_fixture)
{
    HN_HTTP_FIXTURES("fixtures/no_such_fixture.json");
    HN_FAIL("not reached: a fixture that cannot be loaded ends the test");
}

/* ---- warnings ----------------------------------------------------------- */

HN_TEST(unused, one_of_two)
{
    cl_response r;
    HN_ASSERT_EQ(HN_HTTP_FIXTURES("fixtures/unused"), 2);
    cl_perform(&(cl_request){.url = "https://api.example.com/v1/a"}, &r);
    HN_ASSERT_STR_EQ(r.body, "a");
    cl_response_free(&r);
}

HN_TEST(stale, fixture_used)
{
    cl_response r;
    HN_HTTP_FIXTURES("fixtures/stale.json");
    cl_perform(&(cl_request){.url = "https://api.example.com/v1/items/7"}, &r);
    HN_ASSERT_EQ(r.status, 200);
    cl_response_free(&r);
}

/* ---- the real libcurl outside HN_HTTP_FIXTURES -------------------------- */

HN_TEST(real, outside)
{
    cl_response r;
    char url[128];
    snprintf(url, sizeof url, "http://127.0.0.1:%s/outside", port());
    cl_perform(&(cl_request){.url = url}, &r);
    HN_ASSERT_EQ(r.rc, CURLE_OK);
    HN_ASSERT_EQ(r.status, 200);
    HN_ASSERT_STR_EQ(r.body, "hello from loopback");
    cl_response_free(&r);
}

/* a then b, in one process (--no-fork): the fixtures of a end with a. */
HN_TEST(real, a_fixtures)
{
    cl_response r;
    HN_HTTP_FIXTURES("fixtures/sentinel.json");
    cl_perform(&(cl_request){.url = sentinel_url()}, &r);
    HN_ASSERT_STR_EQ(r.body, "answered by honest");
    cl_response_free(&r);
}

HN_TEST(real, b_network)
{
    cl_response r;
    cl_perform(&(cl_request){.url = sentinel_url()}, &r);
    HN_ASSERT_EQ(r.rc, CURLE_OK);
    HN_ASSERT_STR_EQ(r.body, "hello from loopback");
    cl_response_free(&r);
}

/* The first handle of each test is a fresh one, whatever the test before
 * it did with its own (in a forked test, libcurl made it in the launcher):
 * no URL yet, and a transfer of its own; a second handle is another one.
 * Run several times (--repeat), forked and not. */
HN_TEST(handle, first_of_each_test_is_fresh)
{
    char url[128];
    snprintf(url, sizeof url, "http://127.0.0.1:%s/outside", port());
    CURL *c = curl_easy_init();
    HN_ASSERT_NOT_NULL(c);
    HN_ASSERT_EQ(curl_easy_perform(c), CURLE_URL_MALFORMAT); /* no URL set */
    size_t got = 0;
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, count_bytes);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &got);
    HN_ASSERT_EQ(curl_easy_perform(c), CURLE_OK);
    HN_ASSERT_EQ(got, strlen("hello from loopback"));
    CURL *d = curl_easy_init();
    HN_ASSERT_NOT_NULL(d);
    HN_ASSERT(d != c);
    HN_ASSERT_EQ(curl_easy_perform(d), CURLE_URL_MALFORMAT);
    curl_easy_cleanup(d);
    curl_easy_cleanup(c);
}

/* ---- a forked test's heap ---------------------------------------------- */

/* Present under a sanitizer, whose allocator is not glibc's. */
extern void __asan_init(void) __attribute__((weak));
extern void __tsan_init(void) __attribute__((weak));

/* Run forked, one test at a time, by the driver (ST_SETTLED set), a then
 * b. a: matching a request and answering it compare header names and
 * methods without the C library's strcasecmp, which reads its locale's
 * tolower table, a page of the C library's read-only data that nothing else
 * a fixture-backed test process runs reads (fork maps none of a library's
 * file pages in the child: each page it reads is a page fault). The
 * fixture's headers and the request's differ in case. */
HN_TEST(settled, a_answer_reads_no_locale_table)
{
    HN_ASSERT_EQ(HN_HTTP_FIXTURES("fixtures/header_case.json"), 1);
    static const char *const headers[] = {"accept: application/json", NULL};
    cl_response r;
    HN_ASSERT_EQ(cl_perform(&(cl_request){.url = "https://api.example.com/v1/case",
                                           .headers = headers},
                            &r),
                 CURLE_OK);
    HN_ASSERT_EQ(r.status, 200);
    HN_ASSERT_STR_EQ(r.content_type, "text/plain");
    HN_ASSERT_STR_EQ(r.body, "case");
    cl_response_free(&r);
    const int32_t *table = *__ctype_tolower_loc();
    int mapped = st_page_mapped((uintptr_t)table);
    printf("the tolower table's page is %smapped\n", mapped ? "" : "not ");
    if (!getenv("ST_SETTLED"))
        HN_SKIP("only in a test process of its own");
    HN_CHECK_EQ(mapped, 0);
}

/* b: after a, the launcher loads a's fixture file (for the tests forked
 * after it), which frees small chunks all over its heap; it then settles
 * the heap (hn__platform_settle_heap), so that a test process's small blocks
 * (48 here, 3.5 KiB, as many as a transfer's strings and arrays) are carved
 * one after another on a few pages, instead of landing in those chunks,
 * one page each, every page a copy (a page fault). Counted: the heap pages
 * b holds its own copy of, that is wrote (scattered: 10; settled: 3 or 4). */
HN_TEST(settled, b_small_blocks_write_few_heap_pages)
{
    enum { N = 48 };
    char *blocks[N];
    for (int i = 0; i < N; i++) {
        blocks[i] = malloc(8 + (size_t)(i % 8) * 16);
        HN_ASSERT_NOT_NULL(blocks[i]);
        blocks[i][0] = 1;
    }
    int looked = 0, copied = st_heap_pages_copied(&looked);
    for (int i = 0; i < N; i++)
        free(blocks[i]);
    printf("heap pages written: %d of %d\n", copied, looked);
    if (!getenv("ST_SETTLED") || __asan_init || __tsan_init)
        HN_SKIP("only forked, under glibc's allocator (not a sanitizer's)");
#ifndef __GLIBC__
    HN_SKIP("the launcher settles glibc's heap alone");
#endif
    HN_ASSERT_GT(looked, 0);
    HN_CHECK_LE(copied, 6);
}

/* ---- options reach libcurl when the handle does ---------------------------- */

/* The double keeps some options of a fresh handle from libcurl until a call
 * passes the handle on to libcurl (http_double.c): each of these must find
 * libcurl's handle as if every option had gone straight to it. */
static char marker;

/* Answered from a fixture, then given to libcurl's getinfo, duplicated (the
 * duplicate's URL and PRIVATE are libcurl's answers: it was made by libcurl
 * from the original) and added to a multi handle (answered again). */
HN_TEST(deferred, answered_then_getinfo_duphandle_multi)
{
    HN_HTTP_FIXTURES("fixtures/sentinel.json");
    size_t got = 0, body = strlen("answered by honest");
    CURL *c = curl_easy_init();
    HN_ASSERT_NOT_NULL(c);
    HN_ASSERT_EQ(curl_easy_setopt(c, CURLOPT_URL, sentinel_url()), CURLE_OK);
    HN_ASSERT_EQ(curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, count_bytes), CURLE_OK);
    HN_ASSERT_EQ(curl_easy_setopt(c, CURLOPT_WRITEDATA, &got), CURLE_OK);
    HN_ASSERT_EQ(curl_easy_setopt(c, CURLOPT_PRIVATE, &marker), CURLE_OK);
    HN_ASSERT_EQ(curl_easy_perform(c), CURLE_OK);
    HN_ASSERT_EQ(got, body);
    void *priv = NULL;
    HN_ASSERT_EQ(curl_easy_getinfo(c, CURLINFO_PRIVATE, &priv), CURLE_OK);
    HN_ASSERT(priv == &marker);
    CURL *d = curl_easy_duphandle(c);
    HN_ASSERT_NOT_NULL(d);
    char *url = NULL;
    HN_ASSERT_EQ(curl_easy_getinfo(d, CURLINFO_EFFECTIVE_URL, &url), CURLE_OK);
    HN_ASSERT_STR_EQ(url, sentinel_url());
    priv = NULL;
    HN_ASSERT_EQ(curl_easy_getinfo(d, CURLINFO_PRIVATE, &priv), CURLE_OK);
    HN_ASSERT(priv == &marker);
    CURLM *m = curl_multi_init();
    HN_ASSERT_NOT_NULL(m);
    HN_ASSERT_EQ(curl_multi_add_handle(m, d), CURLM_OK);
    int running = 1;
    for (int i = 0; running && i < 100; i++)
        HN_ASSERT_EQ(curl_multi_perform(m, &running), CURLM_OK);
    HN_ASSERT_EQ(running, 0);
    int left;
    CURLMsg *msg = curl_multi_info_read(m, &left);
    HN_ASSERT_NOT_NULL(msg);
    HN_ASSERT(msg->easy_handle == d);
    HN_ASSERT_EQ(msg->data.result, CURLE_OK);
    HN_ASSERT_EQ(got, 2 * body); /* the duplicate's callback, from the original */
    curl_multi_remove_handle(m, d);
    curl_multi_cleanup(m);
    curl_easy_cleanup(d);
    curl_easy_cleanup(c);
}

/* Outside HN_HTTP_FIXTURES, each handle's first call into libcurl other than
 * a transfer: getinfo before any transfer, curl_easy_recv (libcurl's error
 * message lands in the ERRORBUFFER set before), curl_easy_escape, the
 * multi interface (a real transfer to the loopback server, into the write
 * callback set before), and the answers libcurl gives to options it refuses. */
HN_TEST(deferred, reaches_libcurl_outside_fixtures)
{
    char url[128], errbuf[CURL_ERROR_SIZE] = "";
    snprintf(url, sizeof url, "http://127.0.0.1:%s/outside", port());
    CURL *a = curl_easy_init();
    HN_ASSERT_NOT_NULL(a);
    HN_ASSERT_EQ(curl_easy_setopt(a, CURLOPT_URL, url), CURLE_OK);
    HN_ASSERT_EQ(curl_easy_setopt(a, CURLOPT_ERRORBUFFER, errbuf), CURLE_OK);
    char buf[16];
    size_t n = 0;
    HN_ASSERT_EQ(curl_easy_recv(a, buf, sizeof buf, &n), CURLE_UNSUPPORTED_PROTOCOL);
    HN_ASSERT_STR_EQ(errbuf, "CONNECT_ONLY is required");
    char *esc = curl_easy_escape(a, "a b", 0);
    HN_ASSERT_STR_EQ(esc, "a%20b");
    curl_free(esc);

    CURL *b = curl_easy_init();
    HN_ASSERT_NOT_NULL(b);
    curl_easy_setopt(b, CURLOPT_URL, url);
    curl_easy_setopt(b, CURLOPT_PRIVATE, &marker);
    char *eff = NULL;
    void *priv = NULL;
    HN_ASSERT_EQ(curl_easy_getinfo(b, CURLINFO_EFFECTIVE_URL, &eff), CURLE_OK);
    HN_ASSERT_STR_EQ(eff, url);
    HN_ASSERT_EQ(curl_easy_getinfo(b, CURLINFO_PRIVATE, &priv), CURLE_OK);
    HN_ASSERT(priv == &marker);

    CURL *c = curl_easy_init();
    HN_ASSERT_NOT_NULL(c);
    size_t got = 0;
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, count_bytes);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &got);
    CURLM *m = curl_multi_init();
    HN_ASSERT_NOT_NULL(m);
    HN_ASSERT_EQ(curl_multi_add_handle(m, c), CURLM_OK);
    int running = 1;
    for (int i = 0; running && i < 1000; i++) {
        HN_ASSERT_EQ(curl_multi_perform(m, &running), CURLM_OK);
        if (running)
            curl_multi_poll(m, NULL, 0, 100, NULL);
    }
    HN_ASSERT_EQ(running, 0);
    HN_ASSERT_EQ(got, strlen("hello from loopback"));
    curl_multi_remove_handle(m, c);
    curl_multi_cleanup(m);

    /* A URL longer than libcurl takes, and a value it refuses, after
     * options it was not given yet: libcurl's own answers. */
    CURL *d = curl_easy_init();
    HN_ASSERT_NOT_NULL(d);
    HN_ASSERT_EQ(curl_easy_setopt(d, CURLOPT_URL, url), CURLE_OK);
    size_t big = 8000001;
    char *longurl = malloc(big + 1);
    HN_ASSERT_NOT_NULL(longurl);
    memset(longurl, 'a', big);
    longurl[big] = '\0';
    HN_ASSERT_EQ(curl_easy_setopt(d, CURLOPT_URL, longurl), CURLE_BAD_FUNCTION_ARGUMENT);
    free(longurl);
    HN_ASSERT_EQ(curl_easy_setopt(d, CURLOPT_TIMEOUT, -1L), CURLE_BAD_FUNCTION_ARGUMENT);
    curl_easy_cleanup(d);
    curl_easy_cleanup(c);
    curl_easy_cleanup(b);
    curl_easy_cleanup(a);
}

/* ---- --live: the network, compared with the fixtures -------------------- */

static const char *loopback(const char *path)
{
    static char url[128];
    snprintf(url, sizeof url, "http://127.0.0.1:%s%s", port(), path);
    return url;
}

HN_TEST(live, aligned)
{
    cl_response r;
    HN_HTTP_FIXTURES("fixtures/live/hello.json");
    cl_perform(&(cl_request){.url = loopback("/hello")}, &r);
    HN_ASSERT_EQ(r.status, 200);
    HN_ASSERT_STR_EQ(r.body, "hello from loopback");
    cl_response_free(&r);
}

/* Under --live a base placeholder matches the loopback URL the code used. */
HN_TEST(livebase, placeholder_for_the_base)
{
    cl_response r;
    HN_HTTP_FIXTURES("fixtures/live/base.json");
    cl_perform(&(cl_request){.url = loopback("/hello")}, &r);
    HN_ASSERT_EQ(r.status, 200);
    HN_ASSERT_STR_EQ(r.body, "hello from loopback");
    cl_response_free(&r);
}

HN_TEST(live, drifted)
{
    cl_response r;
    HN_HTTP_FIXTURES("fixtures/live/drift.json");
    cl_perform(&(cl_request){.url = loopback("/drift")}, &r);
    HN_LOG("status %ld, body %s", r.status, r.body);
    cl_response_free(&r);
}

HN_TEST(live, transport_error_stays_recorded)
{
    cl_response r;
    HN_HTTP_FIXTURES("fixtures/live/timeout.json");
    cl_perform(&(cl_request){.url = loopback("/slow")}, &r);
    HN_ASSERT_EQ(r.rc, CURLE_OPERATION_TIMEDOUT);
    cl_response_free(&r);
}
