/* SPDX-License-Identifier: MIT */
/* verify_scale_test.c: `honest verify` against a provider that rate-limits:
 * Retry-After honoured (and bounded) on 429 and 503, --rate per host
 * measured from the provider's request times, --shard stable by path, and
 * the shards' JSON reports merged with --merge. */
#include <honest.h>

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "support.h"
#include "vt.h"

static const char *str(const cJSON *o, const char *key)
{
    return cJSON_GetStringValue(cJSON_GetObjectItem(o, key));
}

static int num(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItem(o, key);
    HN_ASSERT(cJSON_IsNumber(v));
    return v->valueint;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Runs honest with args in dir; returns the report `json` parsed (or NULL
 * when json is NULL). */
static cJSON *run(st_proc *p, const char *dir, const char *const *args, const char *json)
{
    vt_honest(p, dir, NULL, args);
    if (!json)
        return NULL;
    char *path = st_join(dir, json);
    cJSON *doc = vt_json_file(path);
    free(path);
    return doc;
}

/* fixtures/NAME.json recorded from `route`, then pointed at `live`. */
static void moved(vt_provider *p, const char *dir, const char *name, const char *route,
                  const char *live)
{
    char rel[128], url[256];
    snprintf(rel, sizeof rel, "fixtures/%s", name);
    char *path = vt_record(p, dir, route, rel, NULL);
    snprintf(url, sizeof url, "%s%s", p->base, live);
    vt_json_set(path, "request", "url", url);
    free(path);
}

HN_TEST(verify_scale, retry_after_is_honoured_on_429, .timeout_ms = 30000)
{
    vt_provider p;
    vt_provider_start(&p);
    char *dir = st_tmpdir();
    /* Recorded when it answered at once; live, two 429s asking for 1 s each. */
    moved(&p, dir, "limited", "/limited?key=1&n=0", "/limited?key=2&n=2&after=1");
    long long before[8];
    int base = vt_provider_times(&p, before, 8);
    st_proc r;
    const char *args[] = {"verify", "--retries", "2", "--backoff", "10", "--json", "r.json",
                          "fixtures", NULL};
    double t0 = now_s();
    cJSON *doc = run(&r, dir, args, "r.json");
    double took = now_s() - t0;
    const cJSON *f = vt_report_fixture(doc, "limited");
    HN_ASSERT_NOT_NULL(f);
    HN_CHECK_EQ(r.exit_code, 0);
    HN_CHECK_STR_EQ(str(f, "outcome"), "aligned");
    HN_CHECK_EQ(num(f, "attempts"), 3);
    HN_CHECK_GE(took, 1.9); /* not the 10 ms backoff: what Retry-After asked */
    long long t[16];
    int n = vt_provider_times(&p, t, 16);
    HN_ASSERT_EQ(n - base, 3);
    HN_CHECK_GE(t[base + 1] - t[base], 950);
    HN_CHECK_GE(t[base + 2] - t[base + 1], 950);
    cJSON_Delete(doc);
    st_proc_free(&r);
    /* Retry-After as an HTTP date, two seconds ahead. */
    char *lim = st_join(dir, "fixtures/limited.json"), url[256];
    snprintf(url, sizeof url, "%s/limited?key=4&n=1&after=date", p.base);
    vt_json_set(lim, "request", "url", url);
    free(lim);
    base = vt_provider_times(&p, t, 16);
    doc = run(&r, dir, args, "r.json");
    f = vt_report_fixture(doc, "limited");
    HN_CHECK_EQ(r.exit_code, 0);
    HN_CHECK_EQ(num(f, "attempts"), 2);
    n = vt_provider_times(&p, t, 16);
    HN_ASSERT_EQ(n - base, 2);
    HN_CHECK_GE(t[base + 1] - t[base], 900); /* a whole second or two, not 10 ms */
    cJSON_Delete(doc);
    st_proc_free(&r);
    /* Without retries left the 429 stands: unreachable, not drift. */
    moved(&p, dir, "limited2", "/limited?key=1&n=0", "/limited?key=3&n=5&after=1");
    const char *none[] = {"verify", "--retries", "0", "--json", "r.json", "fixtures", NULL};
    doc = run(&r, dir, none, "r.json");
    f = vt_report_fixture(doc, "limited2");
    HN_CHECK_EQ(r.exit_code, 3);
    HN_CHECK_STR_EQ(str(f, "outcome"), "unreachable");
    HN_CHECK_STR_CONTAINS(str(f, "error"), "the service answered 429 (Too Many Requests) after "
                                           "1 attempt (Retry-After: 1)");
    cJSON_Delete(doc);
    st_proc_free(&r);
    vt_finish(&p, dir);
}

HN_TEST(verify_scale, a_retry_after_longer_than_the_bound_is_not_waited)
{
    vt_provider p;
    vt_provider_start(&p);
    char *dir = st_tmpdir();
    moved(&p, dir, "down", "/v1/stable", "/unavailable"); /* 503, Retry-After: 120 */
    st_proc r;
    const char *args[] = {"verify", "--retries", "3", "--retry-after-max", "60", "--json",
                          "r.json", "fixtures", NULL};
    double t0 = now_s();
    cJSON *doc = run(&r, dir, args, "r.json");
    const cJSON *f = vt_report_fixture(doc, "down");
    HN_CHECK_LT(now_s() - t0, 10.0);
    HN_CHECK_EQ(r.exit_code, 3);
    HN_CHECK_STR_EQ(str(f, "outcome"), "unreachable");
    HN_CHECK_EQ(num(f, "attempts"), 1);
    HN_CHECK_STR_CONTAINS(str(f, "error"), "503 (Service Unavailable) after 1 attempt "
                                           "(Retry-After: 120)");
    cJSON_Delete(doc);
    st_proc_free(&r);
    const char *bad[] = {"verify", "--retry-after-max", "soon", "fixtures", NULL};
    run(&r, dir, bad, NULL);
    HN_CHECK_EQ(r.exit_code, 2);
    HN_CHECK_STR_CONTAINS(r.err, "--retry-after-max soon");
    st_proc_free(&r);
    vt_finish(&p, dir);
}

HN_TEST(verify_scale, rate_spaces_requests_to_a_host, .timeout_ms = 30000)
{
    vt_provider p;
    vt_provider_start(&p);
    char *dir = st_tmpdir();
    for (int i = 0; i < 5; i++) {
        char name[32], route[32];
        snprintf(name, sizeof name, "p%d", i);
        snprintf(route, sizeof route, "/paced/%d", i);
        moved(&p, dir, name, route, route);
    }
    long long t[32];
    int base = vt_provider_times(&p, t, 32);
    st_proc r;
    const char *args[] = {"verify", "--concurrency", "8", "--rate", "5/s", "fixtures", NULL};
    run(&r, dir, args, NULL);
    HN_CHECK_EQ(r.exit_code, 0);
    HN_CHECK_STR_CONTAINS(r.out, "5 aligned");
    st_proc_free(&r);
    int n = vt_provider_times(&p, t, 32);
    HN_ASSERT_EQ(n - base, 5);
    /* 5/s: 200 ms apart. Each gap is seen at the provider, where a loaded
     * machine delays one arrival more than the next (177 ms was seen), so
     * a gap gets wide slack and the whole span, which such jitter does not
     * shorten, a little. */
    for (int i = base + 1; i < n; i++)
        HN_CHECK_GE(t[i] - t[i - 1], 120);
    HN_CHECK_GE(t[n - 1] - t[base], 4 * 190);
    /* Without --rate they go at once. */
    run(&r, dir, (const char *[]){"verify", "--concurrency", "8", "fixtures", NULL}, NULL);
    st_proc_free(&r);
    int m = vt_provider_times(&p, t, 32);
    HN_ASSERT_EQ(m - n, 5);
    HN_CHECK_LT(t[m - 1] - t[n], 500);
    const char *bad[] = {"verify", "--rate", "fast", "fixtures", NULL};
    run(&r, dir, bad, NULL);
    HN_CHECK_EQ(r.exit_code, 2);
    HN_CHECK_STR_CONTAINS(r.err, "--rate fast: expected requests per second");
    st_proc_free(&r);
    vt_finish(&p, dir);
}

HN_TEST(verify_scale, the_rate_is_per_host, .timeout_ms = 30000)
{
    vt_provider p;
    vt_provider_start(&p);
    char *dir = st_tmpdir();
    /* Three fixtures on 127.0.0.1, three on localhost: two hosts to the
     * client, the same provider. */
    for (int i = 0; i < 6; i++) {
        char name[32], route[32];
        snprintf(name, sizeof name, "h%d", i);
        snprintf(route, sizeof route, "/paced/%d", i);
        moved(&p, dir, name, route, route);
        if (i % 2) {
            char url[128], rel[64];
            snprintf(url, sizeof url, "http://localhost:%u/paced/%d", p.port, i);
            snprintf(rel, sizeof rel, "fixtures/h%d.json", i);
            char *path = st_join(dir, rel);
            vt_json_set(path, "request", "url", url);
            free(path);
        }
    }
    long long t[32];
    int base = vt_provider_times(&p, t, 32);
    st_proc r;
    const char *args[] = {"verify", "--concurrency", "8", "--rate", "2/s", "fixtures", NULL};
    run(&r, dir, args, NULL);
    HN_CHECK_EQ(r.exit_code, 0);
    st_proc_free(&r);
    int n = vt_provider_times(&p, t, 32);
    HN_ASSERT_EQ(n - base, 6);
    /* One host at 2/s would take 2.5 s for six; two hosts take about 1 s. */
    HN_CHECK_GE(t[n - 1] - t[base], 900);
    HN_CHECK_LT(t[n - 1] - t[base], 1800);
    vt_finish(&p, dir);
}

/* The paths of the fixtures of a report, sorted, joined by spaces. */
static void paths_of(const cJSON *doc, char *out, size_t cap)
{
    const char *v[64];
    int n = 0;
    const cJSON *f;
    cJSON_ArrayForEach(f, cJSON_GetObjectItem(doc, "fixtures"))
        if (n < 64) {
            v[n] = str(f, "path");
            if (!strncmp(v[n], "./", 2)) /* "./fixtures/x.json" is "fixtures/x.json" */
                v[n] += 2;
            n++;
        }
    for (int i = 1; i < n; i++) /* insertion sort: a few names */
        for (int k = i; k > 0 && strcmp(v[k - 1], v[k]) > 0; k--) {
            const char *t = v[k];
            v[k] = v[k - 1];
            v[k - 1] = t;
        }
    out[0] = '\0';
    for (int i = 0; i < n; i++)
        snprintf(out + strlen(out), cap - strlen(out), "%s%s", i ? " " : "", v[i]);
}

HN_TEST(verify_scale, shards_split_stably_and_merge_into_one_report, .timeout_ms = 60000)
{
    vt_provider p;
    vt_provider_start(&p);
    char *dir = st_tmpdir();
    const char *routes[] = {"stable", "items", "added", "removed", "retyped", "renamed",
                            "status", "ctype"};
    for (int i = 0; i < 8; i++) {
        char route[64], name[64];
        snprintf(route, sizeof route, "/v1/%s", routes[i]);
        snprintf(name, sizeof name, "fixtures/%s", routes[i]);
        free(vt_record(&p, dir, route, name, NULL));
    }
    vt_provider_version(&p, 2);
    st_proc r;
    cJSON *full = run(&r, dir, (const char *[]){"verify", "--no-state", "--json", "full.json",
                                                "fixtures", NULL}, "full.json");
    int full_status = r.exit_code;
    st_proc_free(&r);
    char all[1024], seen[3][1024], again[1024];
    paths_of(full, all, sizeof all);
    size_t total = 0;
    for (int s = 0; s < 3; s++) {
        char spec[8], out[16];
        snprintf(spec, sizeof spec, "%d/3", s + 1);
        snprintf(out, sizeof out, "s%d.json", s + 1);
        cJSON *doc = run(&r, dir, (const char *[]){"verify", "--no-state", "--shard", spec,
                                                   "--json", out, "fixtures", NULL}, out);
        paths_of(doc, seen[s], sizeof seen[s]);
        total += (size_t)cJSON_GetArraySize(cJSON_GetObjectItem(doc, "fixtures"));
        HN_CHECK_STR_EQ(str(doc, "shard"), spec);
        cJSON_Delete(doc);
        st_proc_free(&r);
    }
    HN_CHECK_EQ(total, 8); /* each fixture in exactly one shard */
    char joined[3200];
    snprintf(joined, sizeof joined, " %s %s %s ", seen[0], seen[1], seen[2]);
    for (char *tok = strtok(all, " "); tok; tok = strtok(NULL, " ")) {
        char word[256];
        snprintf(word, sizeof word, " %s ", tok);
        HN_CHECK_STR_CONTAINS(joined, word);
    }
    paths_of(full, all, sizeof all);
    /* The same shard again, the fixtures named another way: the same set. */
    cJSON *doc = run(&r, dir, (const char *[]){"verify", "--no-state", "--shard", "2/3",
                                               "--json", "s2b.json", "./fixtures/", NULL},
                     "s2b.json");
    paths_of(doc, again, sizeof again);
    HN_CHECK_STR_EQ(again, seen[1]);
    cJSON_Delete(doc);
    st_proc_free(&r);
    /* Merged: one report, as the full run. */
    cJSON *merged = run(&r, dir, (const char *[]){"verify", "--merge", "s1.json", "s2.json",
                                                  "s3.json", "--json", "m.json", "--markdown",
                                                  "m.md", NULL}, "m.json");
    HN_CHECK_EQ(r.exit_code, full_status);
    HN_CHECK_STR_CONTAINS(r.out, "honest verify: 8 fixtures in");
    char mp[1024];
    paths_of(merged, mp, sizeof mp);
    HN_CHECK_STR_EQ(mp, all);
    const char *words[] = {"aligned", "drifted", "unreachable", "unauthorized", "invalid",
                           "stale", "skipped"};
    for (int i = 0; i < 7; i++)
        HN_CHECK_EQ(num(cJSON_GetObjectItem(merged, "counts"), words[i]),
                    num(cJSON_GetObjectItem(full, "counts"), words[i]));
    HN_CHECK_EQ(num(merged, "warnings"), num(full, "warnings"));
    const cJSON *rf = vt_report_fixture(merged, "retyped");
    HN_ASSERT_NOT_NULL(rf);
    const cJSON *d = cJSON_GetArrayItem(cJSON_GetObjectItem(rf, "differences"), 0);
    HN_CHECK_STR_EQ(str(d, "kind"), "type_changed");
    HN_CHECK_EQ(cJSON_GetObjectItem(cJSON_GetObjectItem(d, "recorded"), "value")->valueint, 30);
    HN_CHECK_STR_CONTAINS(r.out, "type_changed   $.response.body.age: number 30 -> string "
                                 "\"30\"");
    char *mdpath = st_join(dir, "m.md"), *md = st_read_file(mdpath, NULL);
    HN_CHECK_STR_CONTAINS(md, "| retyped | type_changed | `$.response.body.age` |");
    free(md);
    free(mdpath);
    cJSON_Delete(merged);
    st_proc_free(&r);
    /* A report given twice, or a file that is no report: exit 2, saying which. */
    run(&r, dir, (const char *[]){"verify", "--merge", "s1.json", "s1.json", NULL}, NULL);
    HN_CHECK_EQ(r.exit_code, 2);
    HN_CHECK_STR_CONTAINS(r.err, "is in more than one of the reports");
    st_proc_free(&r);
    run(&r, dir, (const char *[]){"verify", "--merge", "fixtures/stable.json", NULL}, NULL);
    HN_CHECK_EQ(r.exit_code, 2);
    HN_CHECK_STR_CONTAINS(r.err, "fixtures/stable.json: not a report of `honest verify --json`");
    st_proc_free(&r);
    run(&r, dir, (const char *[]){"verify", "--shard", "4/3", "fixtures", NULL}, NULL);
    HN_CHECK_EQ(r.exit_code, 2);
    HN_CHECK_STR_CONTAINS(r.err, "--shard 4/3: expected I/N with 1 <= I <= N");
    st_proc_free(&r);
    cJSON_Delete(full);
    vt_finish(&p, dir);
}
