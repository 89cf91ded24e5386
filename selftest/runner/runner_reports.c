/* SPDX-License-Identifier: MIT */
/* runner_reports.c: the TAP, JUnit and JSON reports of real test programs,
 * compared with golden files and read by real parsers: prove and TAP::Parser
 * for TAP, xmllint with a JUnit schema for XML, cJSON and Python's strict
 * json module for JSON. */
#include <honest.h>

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rt.h"

HN_SUITE(runner_reports, .teardown = rt_cleanup);

/* The report program run once with the given report flags. */
static void run_report(st_proc *p, const char *a, const char *b, const char *c)
{
    RT_RUN(p, "report", "--jobs=1", "--seed=7", "--color=never", a, b, c);
    HN_ASSERT_EQ(p->exited, 1);
    HN_ASSERT_EQ(p->exit_code, 1);
    HN_CHECK_STR_EQ(p->err, "");
}

static char *flag(const char *name, const char *path)
{
    static char bufs[4][4400];
    static int next;
    char *b = bufs[next++ % 4];
    snprintf(b, sizeof bufs[0], "%s=%s", name, path);
    return b;
}

/* One run writing its stdout report (TAP or text) and the JUnit and JSON
 * files; each compared with its golden file. */
static void three_reports(const char *stdout_flag, const char *stdout_golden)
{
    st_proc p;
    const char *dir = rt_tmpdir();
    char xml[4200], json[4200];
    snprintf(xml, sizeof xml, "%s/r.xml", dir);
    snprintf(json, sizeof json, "%s/r.json", dir);
    run_report(&p, stdout_flag, flag("--junit", xml), flag("--json", json));
    rt_golden(stdout_golden, p.out);
    char *text = rt_read(xml);
    rt_golden("report.xml", text);
    free(text);
    text = rt_read(json);
    rt_golden("report.json", text);
    free(text);
    st_proc_free(&p);
}

HN_TEST(runner_reports, tap_junit_and_json_in_one_run)
{
    three_reports("--tap", "report.tap");
}

HN_TEST(runner_reports, text_junit_and_json_in_one_run)
{
    three_reports("--color=never", "report.txt");
}

/* Writes a program's TAP to dir/NAME.tap; returns the path (static). */
static const char *tap_of(const char *prog, const char *dir)
{
    static char path[4200];
    st_proc p;
    RT_RUN(&p, prog, "--tap", "--jobs=1");
    snprintf(path, sizeof path, "%s/%s.tap", dir, prog);
    HN_ASSERT_EQ(st_write_file(path, p.out), 0);
    st_proc_free(&p);
    return path;
}

HN_TEST(runner_reports, prove_reads_the_tap)
{
    st_proc p;
    char cmd[8600];
    const char *dir = rt_tmpdir();
    snprintf(cmd, sizeof cmd, "prove -e cat %s 2>&1", tap_of("report", dir));
    rt_sh(&p, cmd, NULL, 0);
    HN_CHECK_EQ(p.exit_code, 1); /* prove: some tests failed */
    HN_CHECK_STR_CONTAINS(p.out, "Failed tests:  2, 5-6, 11");
    HN_CHECK_STR_CONTAINS(p.out, "Tests=11");
    HN_CHECK(strstr(p.out, "Parse errors") == NULL);
    st_proc_free(&p);
    snprintf(cmd, sizeof cmd, "prove -e cat %s 2>&1", tap_of("pass", dir));
    rt_sh(&p, cmd, NULL, 0);
    HN_CHECK_EQ(p.exit_code, 0);
    HN_CHECK_STR_CONTAINS(p.out, "Tests=6");
    HN_CHECK_STR_CONTAINS(p.out, "Result: PASS");
    st_proc_free(&p);
}

HN_TEST(runner_reports, tap_parser_reads_plan_results_and_yaml)
{
    st_proc p;
    char cmd[8600];
    const char *dir = rt_tmpdir();
    snprintf(cmd, sizeof cmd, "perl %s/tapcheck.pl %s", RT_SRC_DIR, tap_of("report", dir));
    rt_sh(&p, cmd, NULL, 0);
    HN_CHECK_EQ(p.exit_code, 0);
    HN_CHECK_STR_EQ(p.err, "");
    rt_golden("report.tapcheck", p.out);
    st_proc_free(&p);
}

typedef struct prog_case {
    const char *prog;
    int tests, failures, errors, skipped;
} prog_case;

/* failures: tests failed by an assertion; errors: crashed or timed out. */
static const prog_case progs[] = {
    {"report", 11, 2, 2, 2}, {"pass", 6, 0, 0, 0},   {"fail", 18, 17, 0, 0},
    {"crash", 5, 0, 4, 0},   {"expect", 7, 4, 1, 0}, {"empty", 0, 0, 0, 0},
    {"skip", 3, 0, 0, 2},    {"param", 7, 2, 0, 0},  {"output", 2, 1, 0, 0},
};

static long xpath_number(const char *file, const char *expr)
{
    st_proc p;
    char cmd[8600];
    snprintf(cmd, sizeof cmd, "xmllint --xpath '%s' %s", expr, file);
    rt_sh(&p, cmd, NULL, 0);
    HN_ASSERT_EQ(p.exit_code, 0);
    long n = strtol(p.out, NULL, 10);
    st_proc_free(&p);
    return n;
}

HN_TEST_PN(runner_reports, junit_is_valid_against_the_schema, prog_case, progs, prog)
{
    st_proc p;
    char cmd[8600], xml[4200];
    snprintf(xml, sizeof xml, "%s/%s.xml", rt_tmpdir(), HN_PARAM->prog);
    RT_RUN(&p, HN_PARAM->prog, flag("--junit", xml), "--jobs=2", "--filter=-hang_flag.*");
    st_proc_free(&p);
    snprintf(cmd, sizeof cmd, "xmllint --noout --schema %s/junit.xsd %s", RT_SRC_DIR, xml);
    rt_sh(&p, cmd, NULL, 0);
    HN_CHECK_EQ(p.exit_code, 0);
    HN_CHECK_STR_CONTAINS(p.err, "validates");
    st_proc_free(&p);
    HN_CHECK_EQ(xpath_number(xml, "count(//testcase)"), HN_PARAM->tests);
    HN_CHECK_EQ(xpath_number(xml, "string(/testsuites/@tests)"), HN_PARAM->tests);
    HN_CHECK_EQ(xpath_number(xml, "count(//testcase/failure)"), HN_PARAM->failures);
    HN_CHECK_EQ(xpath_number(xml, "string(/testsuites/@failures)"), HN_PARAM->failures);
    HN_CHECK_EQ(xpath_number(xml, "count(//testcase/error)"), HN_PARAM->errors);
    HN_CHECK_EQ(xpath_number(xml, "string(/testsuites/@errors)"), HN_PARAM->errors);
    HN_CHECK_EQ(xpath_number(xml, "count(//testcase/skipped)"), HN_PARAM->skipped);
    HN_CHECK_EQ(xpath_number(xml, "sum(//testsuite/@tests)"), HN_PARAM->tests);
    /* Every failure and error says where: the test's file and line. */
    HN_CHECK_EQ(xpath_number(xml, "count(//testcase[failure or error][not(@file) or not(@line)])"), 0);
}

/* The schema is not vacuous: it rejects a report missing what CI needs. */
HN_TEST(runner_reports, the_schema_rejects_a_broken_report)
{
    st_proc p;
    char cmd[8600];
    const char *path = rt_path(rt_tmpdir(), "broken.xml");
    HN_ASSERT_EQ(st_write_file(path, "<testsuites tests=\"1\" failures=\"0\" errors=\"0\" time=\"0\">"
                                     "<testsuite name=\"s\" tests=\"1\" failures=\"0\" errors=\"0\""
                                     " time=\"0\"><testcase classname=\"s\" time=\"0\"/>"
                                     "</testsuite></testsuites>\n"),
                 0);
    snprintf(cmd, sizeof cmd, "xmllint --noout --schema %s/junit.xsd %s", RT_SRC_DIR, path);
    rt_sh(&p, cmd, NULL, 0);
    HN_CHECK_NE(p.exit_code, 0);
    HN_CHECK_STR_CONTAINS(p.err, "'name' is required");
    st_proc_free(&p);
}

static const cJSON *field(const cJSON *o, const char *name)
{
    const cJSON *f = cJSON_GetObjectItemCaseSensitive(o, name);
    if (!f)
        HN_FAIL("JSON report: no field \"%s\"", name);
    return f;
}

static int number(const cJSON *o, const char *name)
{
    const cJSON *f = field(o, name);
    HN_ASSERT(cJSON_IsNumber(f));
    return f->valueint;
}

static const char *string(const cJSON *o, const char *name)
{
    const cJSON *f = field(o, name);
    HN_ASSERT(cJSON_IsString(f));
    return f->valuestring;
}

static const cJSON *test_named(const cJSON *tests, const char *name)
{
    const cJSON *t;
    cJSON_ArrayForEach(t, tests)
        if (!strcmp(string(t, "name"), name))
            return t;
    HN_FAIL("JSON report: no test named %s", name);
}

static void check_test_fields(const cJSON *t, int *counts)
{
    static const char *const statuses[] = {"passed", "failed", "skipped", "crashed", "timed_out"};
    const char *status = string(t, "status");
    int k = 0;
    while (k < 5 && strcmp(status, statuses[k]))
        k++;
    HN_ASSERT_LT(k, 5);
    counts[k == 0 ? 0 : k == 2 ? 2 : 1]++;
    HN_CHECK_STR_CONTAINS(string(t, "name"), string(t, "suite"));
    HN_CHECK_STR_CONTAINS(string(t, "file"), "/progs/report.c");
    HN_CHECK_GT(number(t, "line"), 0);
    HN_CHECK(cJSON_IsNumber(field(t, "duration_ms")));
    HN_CHECK_GE(field(t, "duration_ms")->valuedouble, 0.0);
    HN_CHECK_EQ(number(t, "iteration"), 1);
    HN_CHECK_GE(number(t, "assertions"), 0);
    const cJSON *m, *msgs = field(t, "messages");
    HN_ASSERT(cJSON_IsArray(msgs));
    cJSON_ArrayForEach(m, msgs) {
        const char *kind = string(m, "kind");
        HN_CHECK(!strcmp(kind, "failure") || !strcmp(kind, "log") || !strcmp(kind, "warning") ||
                 !strcmp(kind, "skip") || !strcmp(kind, "note"));
        HN_CHECK(cJSON_IsString(field(m, "text")));
    }
}

HN_TEST(runner_reports, json_parses_and_its_fields_agree)
{
    st_proc p;
    const char *json = rt_path(rt_tmpdir(), "r.json");
    run_report(&p, flag("--json", json), "--seed=31337", "--shuffle");
    st_proc_free(&p);
    char *text = rt_read(json);
    cJSON *doc = cJSON_Parse(text);
    free(text);
    HN_ASSERT_NOT_NULL(doc);
    HN_CHECK_STR_EQ(string(doc, "honest"), HN_VERSION);
    HN_CHECK_STR_EQ(string(doc, "program"), "report");
    HN_CHECK_EQ(strlen(string(doc, "started_at")), 20); /* 2026-01-01T00:00:00Z */
    HN_CHECK_EQ(number(doc, "seed"), 31337);
    HN_CHECK(cJSON_IsTrue(field(doc, "shuffle")));
    HN_CHECK(cJSON_IsTrue(field(doc, "forked")));
    HN_CHECK(cJSON_IsFalse(field(doc, "strict")));
    HN_CHECK_EQ(number(doc, "jobs"), 1);
    HN_CHECK(cJSON_IsObject(field(doc, "doubles")));
    HN_CHECK(cJSON_IsArray(field(doc, "notes")));
    const cJSON *summary = field(doc, "summary"), *tests = field(doc, "tests"), *t;
    HN_ASSERT(cJSON_IsArray(tests));
    HN_CHECK_EQ(cJSON_GetArraySize(tests), 11);
    int counts[3] = {0, 0, 0};
    cJSON_ArrayForEach(t, tests)
        check_test_fields(t, counts);
    HN_CHECK_EQ(number(summary, "passed"), counts[0]);
    HN_CHECK_EQ(number(summary, "failed"), counts[1]);
    HN_CHECK_EQ(number(summary, "skipped"), counts[2]);
    HN_CHECK_EQ(counts[0], 5);
    /* Fields that only some outcomes have. */
    t = test_named(tests, "report.crashes");
    HN_CHECK_STR_EQ(string(t, "status"), "crashed");
    HN_CHECK_STR_EQ(string(t, "signal"), "SIGSEGV");
    HN_CHECK_EQ(number(field(t, "last_assertion"), "line"),
                rt_line_of(RT_SRC_DIR "/progs/report.c", "raise(SIGSEGV)") - 1);
    t = test_named(tests, "report.exits");
    HN_CHECK_EQ(number(t, "exit_code"), 3);
    t = test_named(tests, "report.fails");
    HN_CHECK_STR_EQ(string(t, "output"), "output of a failing test\n");
    HN_CHECK_STR_EQ(string(cJSON_GetArrayItem(field(t, "messages"), 0), "kind"), "log");
    t = test_named(tests, "report.times_out");
    HN_CHECK_STR_EQ(string(t, "status"), "timed_out");
    t = test_named(tests, "report.asserts_nothing");
    HN_CHECK_EQ(number(t, "assertions"), 0);
    HN_CHECK_STR_EQ(string(cJSON_GetArrayItem(field(t, "messages"), 0), "kind"), "warning");
    cJSON_Delete(doc);
}

/* Python's json module insists on UTF-8 and strict syntax. */
HN_TEST_PN(runner_reports, json_is_strict_utf8_json, prog_case, progs, prog)
{
    st_proc p;
    char cmd[8600];
    const char *json = rt_path(rt_tmpdir(), "r.json");
    RT_RUN(&p, HN_PARAM->prog, flag("--json", json), "--filter=-hang_flag.*");
    st_proc_free(&p);
    snprintf(cmd, sizeof cmd,
             "python3 -c 'import json,sys; d=json.load(open(sys.argv[1],\"rb\")); "
             "print(len(d[\"tests\"]), d[\"summary\"][\"failed\"])' %s",
             json);
    rt_sh(&p, cmd, NULL, 0);
    HN_CHECK_EQ(p.exit_code, 0);
    HN_CHECK_STR_EQ(p.err, "");
    char want[64];
    snprintf(want, sizeof want, "%d %d\n", HN_PARAM->tests,
             HN_PARAM->failures + HN_PARAM->errors);
    HN_CHECK_STR_EQ(p.out, want);
    st_proc_free(&p);
}
