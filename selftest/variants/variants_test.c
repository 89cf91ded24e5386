/* SPDX-License-Identifier: MIT */
/* variants_test.c: runs vprog (libcurl clients answered from fixtures) with
 * --variants, --variant and --variants-max, and checks what each variant
 * delivered to the code, the outcomes, and the text, TAP, JUnit and JSON
 * reports. */
#include <honest.h>

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "support.h"

/* Runs vprog with the flags (NULL-terminated) and --color=never --jobs=2. */
static void vrun(st_proc *p, const char *const *flags)
{
    const char *argv[24] = {ST_VPROG, "--color=never", "--jobs=2"};
    size_t n = 3;
    for (; *flags && n < 23; flags++)
        argv[n++] = *flags;
    HN_ASSERT_EQ(st_run(p, argv, &(st_opts){.timeout_ms = 60000}), 0);
    HN_ASSERT_EQ(p->timed_out, 0);
}

#define VRUN(p, ...) vrun((p), (const char *const[]){__VA_ARGS__, NULL})

static char *scratch(const char *name)
{
    static char *dir;
    if (!dir)
        dir = st_tmpdir();
    return st_join(dir, name);
}

/* The variants of the first test of the JSON report at path (owned by *doc). */
static const cJSON *variants_of(const char *path, cJSON **doc)
{
    char *text = st_read_file(path, NULL);
    HN_ASSERT_NOT_NULL(text);
    *doc = cJSON_Parse(text);
    free(text);
    HN_ASSERT_NOT_NULL(*doc);
    const cJSON *t = cJSON_GetArrayItem(cJSON_GetObjectItem(*doc, "tests"), 0);
    return cJSON_GetObjectItem(t, "variants");
}

static const char *field(const cJSON *v, const char *name)
{
    const cJSON *f = cJSON_GetObjectItem(v, name);
    return cJSON_IsString(f) ? f->valuestring : "";
}

/* ---- each kind delivers what it should, where the code reads it ---------- */

typedef struct kcase {
    const char *name; /* the case: kind, or kind and place */
    const char *id;   /* the variant to replay */
    const char *want; /* in what the client printed */
} kcase;

#define SHAPE(k, path) "recv.http~fixtures/shape.json~" k "~" path
static const kcase kcases[] = {
    {"number_as_string", SHAPE("number_as_string", "$.n"), "body={\"n\":\"12.50\",\"s\":\"abc\","},
    {"string_as_number", SHAPE("string_as_number", "$.s"), "{\"n\":12.50,\"s\":0,\"b\":true,"},
    {"null", SHAPE("null", "$.b"), "\"s\":\"abc\",\"b\":null,\"o\":"},
    {"missing_member", SHAPE("missing", "$.o.x"), "\"b\":true,\"o\":{\"y\":\"two\"},\"a\""},
    {"missing_last", SHAPE("missing", "$.z"), "\"a\":[1,2,3]}\n"},
    {"extra_field", SHAPE("extra_field", "$.o"),
     "\"o\":{\"x\":1,\"y\":\"two\",\"honest_extra_field\":\"added by honest --variants\"}"},
    {"reorder_root", SHAPE("reorder", "$"),
     "body={\"z\":null,\"a\":[1,2,3],\"o\":{\"x\":1,\"y\":\"two\"},\"b\":true,\"s\":\"abc\",\"n\":12.50}\n"},
    {"reorder_inner", SHAPE("reorder", "$.o"), "\"o\":{\"y\":\"two\",\"x\":1}"},
    {"empty_array", SHAPE("empty_array", "$.a"), "\"a\":[],\"z\""},
    {"one_element", SHAPE("one_element", "$.a"), "\"a\":[1],\"z\""},
    {"long_string", SHAPE("long_string", "$.s"), "body_len=65608 body={\"n\":12.50,\"s\":\"abcabcabc"},
    /* No longer in bytes than the original: "abc" (3 bytes) is "\u00e9c". */
    {"unicode", SHAPE("unicode", "$.s"), "\"s\":\"\xc3\xa9" "c\",\"b\""},
    {"truncated", SHAPE("truncated", "$"), "body_len=36 body={\"n\":12.50,\"s\":\"abc\",\"b\":true,\"o\":{\"\n"},
    {"malformed", SHAPE("malformed", "$"), "body={,\"n\":12.50,"},
    {"status_429", SHAPE("status_429", "$"),
     "rc=0 status=429 retry=1 body_len=73 body={\"n\":12.50,\"s\":\"abc\""},
    {"status_500", SHAPE("status_500", "$"), "rc=0 status=500 retry=- "},
    {"status_503", SHAPE("status_503", "$"), "rc=0 status=503 retry=1 "},
    {"transport_error", SHAPE("transport_error", "$"), "RECV rc=7 status=0 retry=- body_len=0"},
    {"slow", SHAPE("slow", "$"), "RECV rc=28 status=0 retry=- body_len=0"},
    {"stub_number_as_string", "recv.stub~fixtures/shape.json~number_as_string~$.n",
     "STUB status=200 body={\"n\":\"12.50\",\"s\":\"abc\""},
    {"stub_status_503", "recv.stub~fixtures/shape.json~status_503~$", "STUB status=503 body={\"n\":12.50,"},
    {"stub_slow", "recv.stub~fixtures/shape.json~slow~$", "STUB status=0 body=\n"},
};

HN_TEST_PN(variants, kind_delivers_its_mutation, kcase, kcases, name)
{
    st_proc p;
    char flag[512];
    snprintf(flag, sizeof flag, "--variant=%s", HN_PARAM->id);
    VRUN(&p, flag, "--show-output");
    HN_CHECK_STR_CONTAINS(p.out, HN_PARAM->want);
    /* Exactly one run of the test: the variant's. */
    HN_CHECK_EQ(st_count(p.out, "variants: 1 run: "), 1);
    HN_CHECK_EQ(st_count(p.out, HN_PARAM->id[5] == 'h' ? "RECV " : "STUB "), 1);
    st_proc_free(&p);
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* slow waits the client's own timeout (300 ms) for real ... */
HN_TEST(variants, slow_waits_the_clients_timeout)
{
    st_proc p;
    VRUN(&p, "--variant=" SHAPE("slow", "$"), "--show-output");
    const char *e = strstr(p.out, "ELAPSED ");
    HN_ASSERT_NOT_NULL(e);
    HN_CHECK_GE(atoi(e + 8), 290);
    HN_CHECK_LT(atoi(e + 8), 2000);
    st_proc_free(&p);
}

/* ... and on the fake clock when the test has it on: 10 s pass at once. */
HN_TEST(variants, slow_passes_on_the_fake_clock)
{
    st_proc p;
    double t0 = now_ms();
    VRUN(&p, "--variant=recv.fake_clock~fixtures/shape.json~slow~$", "--show-output");
    /* Far less than the 10 s it would take on the real clock (loose: a
     * loaded machine slows the run, not the fake clock). */
    HN_CHECK_LT(now_ms() - t0, 8000.0);
    HN_CHECK_STR_CONTAINS(p.out, "RECV rc=28 status=0");
    HN_CHECK_STR_CONTAINS(p.out, "FAKE_ELAPSED 10000");
    st_proc_free(&p);
}

/* ---- ids, replay, sampling ----------------------------------------------- */

HN_TEST(variants, replay_runs_exactly_one)
{
    st_proc p;
    char *json = scratch("replay.json");
    char flag[512];
    snprintf(flag, sizeof flag, "--json=%s", json);
    VRUN(&p, "--variant=" SHAPE("null", "$.b"), flag);
    HN_CHECK_EQ(p.exit_code, 0);
    HN_CHECK_STR_CONTAINS(p.out, "variants: 1 tolerated, 0 noticed, 0 crashed, 0 hung; 0 failed the run");
    HN_CHECK_STR_EQ(st_last_line(&p), "1 passed, 0 failed, 0 skipped");
    cJSON *doc;
    const cJSON *v = variants_of(json, &doc);
    HN_CHECK_EQ(cJSON_GetArraySize(cJSON_GetObjectItem(doc, "tests")), 1);
    HN_CHECK_EQ(cJSON_GetArraySize(v), 1);
    HN_CHECK_STR_EQ(field(cJSON_GetArrayItem(v, 0), "id"), SHAPE("null", "$.b"));
    HN_CHECK_STR_EQ(field(cJSON_GetArrayItem(v, 0), "outcome"), "tolerated");
    HN_CHECK_STR_EQ(field(cJSON_GetArrayItem(v, 0), "value"), "null");
    cJSON_Delete(doc);
    free(json);
    st_proc_free(&p);
}

HN_TEST(variants, bad_ids_are_usage_errors)
{
    st_proc p;
    VRUN(&p, "--variant=recv.http~fixtures/shape.json~sideways~$.n");
    HN_CHECK_EQ(p.exit_code, 2);
    HN_CHECK_STR_CONTAINS(p.err, "'sideways' in variant id");
    st_proc_free(&p);
    VRUN(&p, "--variant=nosuch.test~fixtures/shape.json~null~$.b");
    HN_CHECK_EQ(p.exit_code, 2);
    HN_CHECK_STR_CONTAINS(p.err, "no test is named 'nosuch.test'");
    st_proc_free(&p);
    VRUN(&p, "--variants=null,bogus");
    HN_CHECK_EQ(p.exit_code, 2);
    HN_CHECK_STR_CONTAINS(p.err, "'bogus' is not a kind of variant; the kinds are: number_as_string,");
    st_proc_free(&p);
}

/* The ids of a --variants run of recv.http, joined by spaces (malloc'd). */
static char *sample(const char *seed, const char *max, size_t *count)
{
    st_proc p;
    char *json = scratch("sample.json"), flag[512];
    snprintf(flag, sizeof flag, "--json=%s", json);
    VRUN(&p, "--filter=recv.http", "--variants", seed, max, flag);
    HN_CHECK_EQ(p.exit_code, 0);
    st_proc_free(&p);
    cJSON *doc;
    const cJSON *v = variants_of(json, &doc), *e;
    size_t len = 0;
    char *ids = calloc(1, 1);
    *count = 0;
    cJSON_ArrayForEach(e, v) {
        const char *id = field(e, "id");
        ids = realloc(ids, len + strlen(id) + 2);
        len += (size_t)sprintf(ids + len, "%s ", id);
        ++*count;
    }
    cJSON_Delete(doc);
    free(json);
    return ids;
}

HN_TEST(variants, sample_is_drawn_from_the_seed)
{
    size_t all, a, b, c;
    char *every = sample("--seed=7", "--variants-max=100000", &all);
    char *first = sample("--seed=7", "--variants-max=4", &a);
    char *again = sample("--seed=7", "--variants-max=4", &b);
    char *other = sample("--seed=8", "--variants-max=4", &c);
    /* shape.json: 35 places in the body (the root: 2 kinds; n, o.x: 3; s,
     * o.y: 5; b: 2; o, a: 4; a[0..2]: 2; z: 1) and 7 of the whole response. */
    HN_CHECK_EQ(all, 42);
    HN_CHECK_EQ(a, 4);
    HN_CHECK_EQ(c, 4);
    HN_CHECK_STR_EQ(first, again);
    HN_CHECK_STR_NE(first, other);
    free(every);
    free(first);
    free(again);
    free(other);
}

HN_TEST(variants, kinds_select_what_runs)
{
    st_proc p;
    char *json = scratch("kinds.json"), flag[512];
    snprintf(flag, sizeof flag, "--json=%s", json);
    VRUN(&p, "--filter=recv.http", "--variants=null,reorder", flag);
    st_proc_free(&p);
    cJSON *doc;
    const cJSON *v = variants_of(json, &doc), *e;
    size_t nulls = 0, reorders = 0;
    cJSON_ArrayForEach(e, v) {
        nulls += !strcmp(field(e, "kind"), "null");
        reorders += !strcmp(field(e, "kind"), "reorder");
    }
    HN_CHECK_EQ(nulls, 10); /* every value but the root and z, already null */
    HN_CHECK_EQ(reorders, 2);
    HN_CHECK_EQ(cJSON_GetArraySize(v), 12);
    cJSON_Delete(doc);
    free(json);
}

HN_TEST(variants, tests_without_fixtures_have_none)
{
    st_proc p;
    VRUN(&p, "--filter=plain.*", "--variants");
    HN_CHECK_EQ(p.exit_code, 0);
    HN_CHECK_STR_CONTAINS(p.out, "variants: 0 tolerated, 0 noticed, 0 crashed, 0 hung; 0 failed the run");
    HN_CHECK_EQ(st_count(p.out, "variants: "), 1);
    HN_CHECK_STR_EQ(st_last_line(&p), "1 passed, 0 failed, 0 skipped");
    st_proc_free(&p);
}

/* ---- outcomes ------------------------------------------------------------- */

HN_TEST(variants, a_crash_is_found_and_fails_the_run)
{
    st_proc p;
    char *json = scratch("crash.json"), flag[512];
    snprintf(flag, sizeof flag, "--json=%s", json);
    VRUN(&p, "--filter=bug.crash_on_missing_name", "--variants", "--seed=1", flag);
    HN_CHECK_EQ(p.exit_code, 1);
    HN_CHECK_STR_EQ(st_last_line(&p), "0 passed, 1 failed, 0 skipped");
    HN_CHECK_STR_CONTAINS(p.out, "variant crashed: bug.crash_on_missing_name~fixtures/user.json~missing~$.name\n"
                                 "      value: (removed)\n");
    HN_CHECK_STR_CONTAINS(p.out, "replay: --variant='bug.crash_on_missing_name~fixtures/user.json~null~$.name'");
    /* A signal, or under the sanitizers their report (UBSan's names the
     * line of vprog.c that reads the missing name: found, not written
     * here, so that an include added above it does not break this). */
    const char *ub = strstr(p.out, "vprog.c:");
    HN_CHECK(strstr(p.out, "crashed with SIGSEGV") || strstr(p.out, "ERROR: AddressSanitizer: SEGV") ||
             (ub && strstr(ub, ": runtime error: member access within null pointer")));
    cJSON *doc;
    const cJSON *v = variants_of(json, &doc), *e;
    char crashed[512] = "";
    cJSON_ArrayForEach(e, v) {
        if (!strcmp(field(e, "outcome"), "crashed")) {
            strcat(crashed, field(e, "kind"));
            strcat(crashed, field(e, "path"));
            strcat(crashed, " ");
        }
    }
    /* Exactly the kinds that take the name away from a string. */
    HN_CHECK_STR_EQ(crashed, "string_as_number$.name null$.name missing$.name ");
    cJSON_Delete(doc);
    free(json);
    st_proc_free(&p);
}

HN_TEST(variants, a_hang_is_found_and_fails_the_run)
{
    st_proc p;
    VRUN(&p, "--filter=bug.waits_for_ever", "--variants=slow", "--timeout=400");
    HN_CHECK_EQ(p.exit_code, 1);
    HN_CHECK_STR_CONTAINS(p.out, "variant hung: bug.waits_for_ever~fixtures/user.json~slow~$\n");
    HN_CHECK_STR_CONTAINS(p.out, "timed out after 400 ms");
    HN_CHECK_STR_CONTAINS(p.out, "variants: 0 tolerated, 0 noticed, 0 crashed, 1 hung; 1 failed the run");
    HN_CHECK_STR_EQ(st_last_line(&p), "0 passed, 1 failed, 0 skipped");
    st_proc_free(&p);
}

/* The functions that build a variant's fixture are bound once, in the
 * process that forks the tests (variant_active.c's fork hook), not again
 * in each variant's process: seen with the dynamic linker's own trace, which forked
 * processes append to one file. (Each lookup reads the symbol tables of every
 * loaded library: about 9 page faults.) */
HN_TEST(variants, variant_processes_bind_no_symbol_of_their_own)
{
    const char *argv[] = {ST_VPROG, "--color=never", "--jobs=1", "--filter=recv.http",
                          "--variants=missing,reorder,empty_array,one_element", NULL};
    st_proc p;
    int binds = st_ld_binds(&p, argv, "cJSON_DetachItemViaPointer");
    /* Twelve variant processes, each removing or moving members. */
    HN_CHECK_STR_CONTAINS(p.out, "variants: 12 tolerated, 0 noticed, 0 crashed, 0 hung");
    st_proc_free(&p);
    HN_CHECK_GT(binds, 0); /* the trace works */
    HN_CHECK_LE(binds, 2);
}

/* --no-fork: the variant is set in this process too. */
HN_TEST(variants, no_fork_runs_variants_in_process)
{
    st_proc p;
    VRUN(&p, "--filter=recv.stub", "--variants=number_as_string", "--no-fork");
    HN_CHECK_EQ(p.exit_code, 0);
    /* The adapter reads n only: the other numbers sent as strings pass. */
    HN_CHECK_STR_CONTAINS(p.out, "STUB status=200 body={\"n\":\"12.50\",");
    HN_CHECK_STR_CONTAINS(p.out, "variants: 4 tolerated, 1 noticed, 0 crashed, 0 hung; 0 failed the run");
    st_proc_free(&p);
}

/* ---- expectations --------------------------------------------------------- */

HN_TEST(variants, an_outcome_against_the_expectation_fails)
{
    st_proc p;
    VRUN(&p, "--filter=expect.against", "--variants", "--seed=3");
    HN_CHECK_EQ(p.exit_code, 1);
    HN_CHECK_STR_CONTAINS(p.out, "variant noticed (expected: tolerate): expect.against~fixtures/user.json~status_503~$\n"
                                 "      value: status 503 with Retry-After: 1, the body as recorded\n");
    HN_CHECK_EQ(st_count(p.out, ": variant "), 1);
    HN_CHECK_STR_CONTAINS(p.out, "; 1 failed the run (seed 3)\n");
    st_proc_free(&p);
}

HN_TEST(variants, expectations_that_hold_pass)
{
    st_proc p;
    char *json = scratch("kept.json"), flag[512];
    snprintf(flag, sizeof flag, "--json=%s", json);
    VRUN(&p, "--filter=expect.kept", "--variants", flag);
    HN_CHECK_EQ(p.exit_code, 0);
    HN_CHECK_STR_EQ(st_last_line(&p), "1 passed, 0 failed, 0 skipped");
    cJSON *doc;
    const cJSON *v = variants_of(json, &doc), *e;
    size_t tolerate = 0, notice = 0, flagged = 0;
    cJSON_ArrayForEach(e, v) {
        tolerate += !strcmp(field(e, "expected"), "tolerate");
        notice += !strcmp(field(e, "expected"), "notice");
        flagged += cJSON_IsTrue(cJSON_GetObjectItem(e, "flagged"));
    }
    HN_CHECK_EQ(tolerate, 4); /* extra_field at $ and $.o, reorder at $ and $.o */
    HN_CHECK_EQ(notice, 38);
    HN_CHECK_EQ(flagged, 0);
    cJSON_Delete(doc);
    free(json);
    st_proc_free(&p);
}

HN_TEST(variants, a_malformed_expectation_is_reported)
{
    st_proc p;
    VRUN(&p, "--filter=expect.malformed");
    HN_CHECK_EQ(p.exit_code, 1);
    HN_CHECK_STR_CONTAINS(p.out, "HN_VARIANTS_EXPECT(\"not_a_kind\"): expected a kind of variant");
    st_proc_free(&p);
}

/* ---- reports -------------------------------------------------------------- */

HN_TEST(variants, tap_junit_and_json_carry_sub_results)
{
    st_proc p;
    char *xml = scratch("r.xml"), *json = scratch("r.json"), fx[512], fj[512], cmd[1200];
    snprintf(fx, sizeof fx, "--junit=%s", xml);
    snprintf(fj, sizeof fj, "--json=%s", json);
    VRUN(&p, "--filter=expect.against", "--variants", "--seed=3", "--tap", fx, fj);
    HN_CHECK_EQ(p.exit_code, 1);
    cJSON *doc;
    const cJSON *v = variants_of(json, &doc);
    int n = cJSON_GetArraySize(v);
    HN_CHECK_GT(n, 10);
    /* TAP: a subtest of n variant lines before the test's own line. */
    char want[512];
    HN_CHECK_STR_CONTAINS(p.out, "    # Subtest: expect.against variants\n    ok 1 - expect.against~");
    snprintf(want, sizeof want, "    1..%d\nnot ok 1 - expect.against\n", n);
    HN_CHECK_STR_CONTAINS(p.out, want);
    HN_CHECK_STR_CONTAINS(p.out, " - expect.against~fixtures/user.json~status_503~$ (noticed)\n"
                                 "      ---\n      outcome: noticed\n      expected: tolerate\n");
    HN_CHECK_STR_CONTAINS(p.out, "# variants: ");
    HN_CHECK_STR_EQ(st_last_line(&p), "0 passed, 1 failed, 0 skipped");
    /* TAP::Parser (prove's) reads it: one test, failed, no parse error. */
    char *tap = scratch("r.tap");
    HN_ASSERT_EQ(st_write_file(tap, p.out), 0);
    st_proc_free(&p);
    snprintf(cmd, sizeof cmd, "perl %s/selftest/runner/tapcheck.pl %s", ST_SOURCE_DIR, tap);
    const char *perl[] = {"/bin/sh", "-c", cmd, NULL};
    HN_ASSERT_EQ(st_run(&p, perl, NULL), 0);
    HN_CHECK_STR_CONTAINS(p.out, "plan 1..1\ntests_run 1\npassed \nfailed 1\n");
    HN_CHECK_STR_CONTAINS(p.out, "parse_errors 0\n");
    st_proc_free(&p);
    free(tap);
    /* JUnit: a testcase per variant after the test's, named by its id. */
    snprintf(cmd, sizeof cmd, "xmllint --xpath 'count(//testcase)' %s", xml);
    const char *sh[] = {"/bin/sh", "-c", cmd, NULL};
    HN_ASSERT_EQ(st_run(&p, sh, NULL), 0);
    HN_CHECK_EQ(atoi(p.out), n + 1);
    st_proc_free(&p);
    snprintf(cmd, sizeof cmd,
             "xmllint --xpath 'string(//testcase[@name=\"expect.against~fixtures/user.json~"
             "status_503~$\"]/failure/@type)' %s",
             xml);
    HN_ASSERT_EQ(st_run(&p, sh, NULL), 0);
    HN_CHECK_STR_EQ(p.out, "noticed\n");
    st_proc_free(&p);
    snprintf(cmd, sizeof cmd, "xmllint --noout --schema %s/selftest/runner/junit.xsd %s",
             ST_SOURCE_DIR, xml);
    HN_ASSERT_EQ(st_run(&p, sh, NULL), 0);
    HN_CHECK_EQ(p.exit_code, 0);
    st_proc_free(&p);
    /* JSON: the variants and the run's counts. */
    const cJSON *counts = cJSON_GetObjectItem(doc, "variants");
    HN_CHECK_EQ(cJSON_GetObjectItem(counts, "flagged")->valueint, 1);
    HN_CHECK_EQ(cJSON_GetObjectItem(counts, "tolerated")->valueint +
                    cJSON_GetObjectItem(counts, "noticed")->valueint,
                n);
    const cJSON *e;
    size_t flagged = 0;
    cJSON_ArrayForEach(e, v) {
        if (cJSON_IsTrue(cJSON_GetObjectItem(e, "flagged"))) {
            flagged++;
            HN_CHECK_STR_EQ(field(e, "kind"), "status_503");
            HN_CHECK_STR_EQ(field(e, "fixture"), "fixtures/user.json");
            HN_CHECK_STR_EQ(field(e, "path"), "$");
            HN_CHECK_STR_EQ(field(e, "expected"), "tolerate");
            HN_CHECK_STR_CONTAINS(field(e, "detail"), "HN_ASSERT_EQ(g.status, 200)");
        }
    }
    HN_CHECK_EQ(flagged, 1);
    cJSON_Delete(doc);
    free(xml);
    free(json);
}
