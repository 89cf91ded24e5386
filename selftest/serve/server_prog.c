/* SPDX-License-Identifier: MIT */
/* server_prog.c: HN_HTTP_SERVER in test programs (run by server_test.c):
 * code under test that speaks HTTP over its own socket, not libcurl, given the
 * server's base URL; one test per behaviour the driver checks. */
#include <honest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* ---- the code under test: a tiny HTTP/1.0 client on a socket ------------ */

typedef struct answer {
    int status; /* 0: no connection */
    char body[4096];
} answer;

static int fetch(const char *base, const char *method, const char *path, const char *json,
                 answer *a)
{
    memset(a, 0, sizeof *a);
    unsigned port = 0;
    if (sscanf(base, "http://127.0.0.1:%u", &port) != 1)
        return -1;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port),
                               .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (fd < 0 || connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0) {
        if (fd >= 0)
            close(fd);
        return -1;
    }
    char req[1024];
    int n = json ? snprintf(req, sizeof req,
                            "%s %s HTTP/1.0\r\nHost: 127.0.0.1:%u\r\nContent-Type: "
                            "application/json\r\nContent-Length: %zu\r\n\r\n%s",
                            method, path, port, strlen(json), json)
                 : snprintf(req, sizeof req, "%s %s HTTP/1.0\r\nHost: 127.0.0.1:%u\r\n\r\n",
                            method, path, port);
    if (write(fd, req, (size_t)n) != n) {
        close(fd);
        return -1;
    }
    char resp[8192];
    size_t got = 0;
    ssize_t k;
    while (got + 1 < sizeof resp && (k = read(fd, resp + got, sizeof resp - got - 1)) > 0)
        got += (size_t)k;
    resp[got] = '\0';
    close(fd);
    sscanf(resp, "HTTP/1.%*d %d", &a->status);
    const char *body = strstr(resp, "\r\n\r\n");
    snprintf(a->body, sizeof a->body, "%s", body ? body + 4 : "");
    return 0;
}

/* ---- tests -------------------------------------------------------------- */

HN_TEST(server, code_under_test_is_answered_from_fixtures)
{
    const char *base = HN_HTTP_SERVER("fixtures");
    HN_ASSERT_STR_CONTAINS(base, "http://127.0.0.1:");
    answer a;
    HN_ASSERT_EQ(fetch(base, "GET", "/v1/greeting?name=ann", NULL, &a), 0);
    HN_CHECK_EQ(a.status, 200);
    HN_CHECK_JSON_EQ(a.body, "{\"greeting\": \"hello\"}");
    HN_ASSERT_EQ(fetch(base, "POST", "/v1/orders", "{\"qty\": 2, \"item\": \"pen\"}", &a), 0);
    HN_CHECK_EQ(a.status, 201);
    HN_CHECK_JSON_EQ(a.body, "{\"order\": 17}");
}

HN_TEST(server, unmatched_request_fails_the_test)
{
    const char *base = HN_HTTP_SERVER("fixtures/greet.json");
    answer a;
    HN_ASSERT_EQ(fetch(base, "GET", "/v1/greetings?name=ann", NULL, &a), 0);
    HN_CHECK_EQ(a.status, 404); /* the code sees a 404; the test fails when it ends */
    HN_CHECK_STR_CONTAINS(a.body, "greet.hello");
}

HN_TEST(server, unused_fixture_is_reported)
{
    const char *base = HN_HTTP_SERVER("fixtures/greet.json", "fixtures/order.json");
    answer a;
    HN_ASSERT_EQ(fetch(base, "GET", "/v1/greeting?name=bo", NULL, &a), 0);
    HN_CHECK_EQ(a.status, 200);
}

HN_TEST(server, each_call_starts_another_server)
{
    const char *one = HN_HTTP_SERVER("fixtures/greet.json");
    const char *two = HN_HTTP_SERVER("fixtures/order.json");
    HN_CHECK_STR_NE(one, two);
    answer a;
    HN_ASSERT_EQ(fetch(one, "GET", "/v1/greeting?name=cy", NULL, &a), 0);
    HN_CHECK_EQ(a.status, 200);
    HN_ASSERT_EQ(fetch(two, "POST", "/v1/orders", "{\"item\": \"pen\", \"qty\": 2}", &a), 0);
    HN_CHECK_EQ(a.status, 201);
}

HN_TEST(server, missing_directory_fails_the_test)
{
    HN_HTTP_SERVER("no-such-fixtures");
    HN_FAIL("not reached");
}

/* Under --no-fork the tests share a process: the server of the first is
 * stopped when it ends, so the second cannot connect to it. */
static char first_base[128];

HN_TEST(server, stop_1_start)
{
    snprintf(first_base, sizeof first_base, "%s", HN_HTTP_SERVER("fixtures/greet.json"));
    answer a;
    HN_ASSERT_EQ(fetch(first_base, "GET", "/v1/greeting?name=di", NULL, &a), 0);
    HN_CHECK_EQ(a.status, 200);
}

HN_TEST(server, stop_2_gone_after_the_test)
{
    if (!first_base[0])
        HN_SKIP("run with --no-fork after server.stop_1_start");
    answer a;
    HN_CHECK_EQ(fetch(first_base, "GET", "/v1/greeting?name=di", NULL, &a), -1);
}
