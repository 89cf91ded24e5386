/* SPDX-License-Identifier: MIT */
/* proxy_client_test.c: the real `honest proxy`'s upstream client kept set up
 * from one forwarded request to the next (its libcurl handle is not reset):
 * each request still goes with its own method, URL, headers and body; and
 * its recorder and writer threads named and made nicer under --record=all. */
#include <honest.h>

#include <cjson/cJSON.h>
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "support.h"
#include "sv.h"
#include "vt.h"

static void proxy(sv_server *s, const char *dir, const vt_provider *up, const char *mode)
{
    const char *args[10] = {"proxy", "--upstream", up->base, "--fixtures", "rec", "--port", "0"};
    size_t n = 7;
    if (mode)
        args[n++] = mode;
    args[n] = NULL;
    sv_start(s, dir, args);
}

/* One request through the proxy; its answer in r. */
static void through(sv_resp *r, const sv_server *s, const char *method, const char *path,
                    const char *const *headers, const char *body)
{
    char u[256];
    snprintf(u, sizeof u, "%s%s", s->base, path);
    sv_request(r, method, u, headers, body, NULL);
}

/* Checks an answer of the provider's /echo: the method, X-Api-Key (NULL:
 * none sent) and body the upstream received. */
static void check_echo(const char *what, const sv_resp *r, const char *method, const char *key,
                       const char *body)
{
    HN_LOG("%s", what);
    HN_CHECK_EQ(r->status, 200);
    cJSON *doc = cJSON_Parse(r->body);
    HN_ASSERT_NOT_NULL(doc);
    HN_CHECK_STR_EQ(cJSON_GetStringValue(cJSON_GetObjectItem(doc, "method")), method);
    /* The provider echoes a header not sent as null or "". */
    const char *k = cJSON_GetStringValue(cJSON_GetObjectItem(doc, "api_key"));
    HN_CHECK_STR_EQ(k ? k : "", key ? key : "");
    HN_CHECK_STR_EQ(cJSON_GetStringValue(cJSON_GetObjectItem(doc, "body")), body);
    cJSON_Delete(doc);
}

/* Requests one after the other go out on the same pooled upstream client
 * (and libcurl handle, not reset between them): nothing of one (its body,
 * HEAD, custom method, headers, URL) may carry over to the next. */
HN_TEST(proxy_client, consecutive_requests_each_go_upstream_as_sent)
{
    vt_provider up;
    vt_provider_start(&up);
    char *dir = st_tmpdir();
    sv_server s;
    proxy(&s, dir, &up, "--record=all");
    static const char *const key1[] = {"X-Api-Key: k-one", NULL};
    static const char *const key2[] = {"X-Api-Key: k-two", NULL};
    sv_resp r;
    through(&r, &s, "POST", "/echo", key1, "one");
    check_echo("1: POST with a body and a header", &r, "POST", "k-one", "one");
    sv_resp_free(&r);
    through(&r, &s, "GET", "/echo", NULL, NULL);
    check_echo("2: GET after a POST: no body, no header left", &r, "GET", NULL, "");
    sv_resp_free(&r);
    through(&r, &s, "HEAD", "/text", NULL, NULL);
    HN_CHECK_EQ(r.status, 200);
    HN_CHECK_EQ(r.len, 0);
    sv_resp_free(&r);
    through(&r, &s, "GET", "/text", NULL, NULL);
    HN_CHECK_EQ(r.status, 200);
    HN_CHECK_STR_EQ(r.body, "hello, world\n"); /* the HEAD did not carry over */
    sv_resp_free(&r);
    through(&r, &s, "PUT", "/echo", key2, "two");
    check_echo("5: PUT with a body", &r, "PUT", "k-two", "two");
    sv_resp_free(&r);
    through(&r, &s, "DELETE", "/echo", NULL, NULL);
    check_echo("6: DELETE after a PUT: no body", &r, "DELETE", NULL, "");
    sv_resp_free(&r);
    through(&r, &s, "GET", "/echo", NULL, NULL);
    check_echo("7: GET after a DELETE: not a DELETE again", &r, "GET", NULL, "");
    sv_resp_free(&r);
    through(&r, &s, "POST", "/echo", key1, "");
    check_echo("8: POST with an empty body", &r, "POST", "k-one", "");
    sv_resp_free(&r);
    through(&r, &s, "PATCH", "/echo", NULL, "three");
    check_echo("9: PATCH after a POST", &r, "PATCH", NULL, "three");
    sv_resp_free(&r);
    through(&r, &s, "GET", "/v1/items", NULL, NULL);
    HN_CHECK_EQ(r.status, 200);
    HN_CHECK_STR_CONTAINS(r.body, "\"items\""); /* the URL changed with the request */
    sv_resp_free(&r);
    HN_CHECK_EQ(vt_provider_count(&up), 10);
    int status;
    char *out = sv_stop(&s, SIGTERM, &status);
    HN_CHECK_EQ(status, 0);
    HN_CHECK_STR_CONTAINS(out, "10 forwarded");
    HN_CHECK_STR_CONTAINS(out, "0 failed upstream");
    free(out);
    vt_provider_stop(&up);
    st_rmtree(dir);
    free(dir);
}

/* The nice value of thread tid of process pid (field 19 of its stat). */
static long nice_field(pid_t pid, pid_t tid)
{
    char p[128], stat[1024] = "";
    snprintf(p, sizeof p, "/proc/%d/task/%d/stat", (int)pid, (int)tid);
    FILE *f = fopen(p, "r");
    HN_ASSERT_NOT_NULL(f);
    if (!fgets(stat, sizeof stat, f))
        stat[0] = '\0';
    fclose(f);
    /* After "(comm)": the state is field 3, nice field 19. */
    const char *q = strrchr(stat, ')');
    HN_ASSERT_NOT_NULL(q);
    long v[16] = {0};
    HN_ASSERT_EQ(sscanf(q + 2, "%*c %ld %ld %ld %ld %ld %ld %ld %ld %ld %ld %ld %ld %ld %ld "
                               "%ld %ld",
                        &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7], &v[8], &v[9],
                        &v[10], &v[11], &v[12], &v[13], &v[14], &v[15]),
                 16);
    return v[15];
}

/* The nice value of each thread of pid named name: how many there are, the
 * values in out (at most max). */
static int nice_of(pid_t pid, const char *name, long *out, int max)
{
    char path[128];
    snprintf(path, sizeof path, "/proc/%d/task", (int)pid);
    DIR *d = opendir(path);
    HN_ASSERT_NOT_NULL(d);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char p[512], comm[64] = "";
        snprintf(p, sizeof p, "%s/%s/comm", path, e->d_name);
        FILE *f = fopen(p, "r");
        if (!f)
            continue;
        if (!fgets(comm, sizeof comm, f))
            comm[0] = '\0';
        fclose(f);
        comm[strcspn(comm, "\n")] = '\0';
        if (strcmp(comm, name))
            continue;
        long v = nice_field(pid, (pid_t)atoi(e->d_name));
        if (n < max)
            out[n] = v;
        n++;
    }
    closedir(d);
    return n;
}

static long nicer(long base)
{
    return base + 10 > 19 ? 19 : base + 10;
}

/* Under --record=all the recorder and writers are 10 nicer than the thread
 * that answers (their wake-ups then seldom preempt it); under
 * --record=missing the recorder, which a request that misses waits for,
 * keeps its priority. */
HN_TEST(proxy_client, recorder_and_writers_are_nicer_under_record_all)
{
    vt_provider up;
    vt_provider_start(&up);
    char *dir = st_tmpdir();
    for (int all = 0; all < 2; all++) {
        sv_server s;
        proxy(&s, dir, &up, all ? "--record=all" : NULL);
        long main_nice = nice_field(s.pid, s.pid), rec[2], wr[8];
        /* The threads name themselves once their priority is set (up to
         * 5 s after the proxy printed its base). */
        int nrec = 0, nwr = 0;
        for (int k = 0; k < 500 && (nrec != 1 || nwr != 4); k++) {
            if (k)
                usleep(10000);
            nrec = nice_of(s.pid, "hn-recorder", rec, 2);
            nwr = nice_of(s.pid, "hn-writer", wr, 8);
        }
        HN_ASSERT_EQ(nrec, 1);
        HN_ASSERT_EQ(nwr, 4);
        HN_CHECK_EQ(rec[0], all ? nicer(main_nice) : main_nice);
        for (int i = 0; i < 4; i++)
            HN_CHECK_EQ(wr[i], nicer(main_nice));
        /* Recording still works at the lower priority. */
        sv_resp r;
        through(&r, &s, "GET", "/v1/items", NULL, NULL);
        HN_CHECK_EQ(r.status, 200);
        sv_resp_free(&r);
        int status;
        char *out = sv_stop(&s, SIGTERM, &status);
        HN_CHECK_STR_CONTAINS(out, "1 forwarded, 1 recorded");
        free(out);
    }
    vt_provider_stop(&up);
    st_rmtree(dir);
    free(dir);
}
