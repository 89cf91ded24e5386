/* SPDX-License-Identifier: MIT */
/* migrate_forms_test.c: `honest audit` and `honest migrate` on copies of
 * legacy suites whose canned JSON is in every form but HN_RETURNS (forms/):
 * a cmocka suite (will_return), an fff suite (return_val and a custom_fake)
 * and a suite linked with hand-rolled stubs (a return and a copy into an
 * out-parameter). The audit names each at file:line; migrate writes the
 * fixtures, --apply rewrites the sources, the rebuilt suites pass from the
 * fixtures, a second run changes nothing, and `honest verify` against a
 * loopback provider whose answers differ reports the drift. */
#include <honest.h>

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "support.h"
#include "vt.h"

static const char *const sources[] = {"shop.h", "shop.c", "orders_cmocka_test.c",
                                      "prices_fff_test.c", "weather_test.c",
                                      "weather_stub.c", "geo_stub.c", "stock_remote.c",
                                      NULL};

static char *read_in(const char *dir, const char *name)
{
    char *path = st_join(dir, name);
    char *text = st_read_file(path, NULL);
    free(path);
    HN_ASSERT_NOT_NULL(text);
    return text;
}

static char *copy_forms(void)
{
    char *dir = st_tmpdir();
    for (const char *const *s = sources; *s; s++) {
        char *from = st_join(ST_FORMS_SOURCE, *s), *to = st_join(dir, *s);
        char *text = st_read_file(from, NULL);
        HN_ASSERT_NOT_NULL(text);
        HN_ASSERT_EQ(st_write_file(to, text), 0);
        free(text);
        free(from);
        free(to);
    }
    return dir;
}

/* "FILE:LINE" of the first line of dir/file holding needle (the place the
 * audit must name), from the source itself. */
static char *place_of(const char *dir, const char *file, const char *needle)
{
    char *text = read_in(dir, file);
    const char *at = strstr(text, needle);
    if (!at)
        HN_FAIL("%s has no %s", file, needle);
    int line = 1;
    for (const char *p = text; p < at; p++)
        line += *p == '\n';
    char *out = NULL;
    HN_ASSERT(asprintf(&out, "%s:%d", file, line) > 0);
    free(text);
    return out;
}

/* Builds the three suites in dir with honest (no seams: the cmocka mock,
 * the fff fakes and the stubs are ordinary functions). */
static void build(const char *dir)
{
    static const char *const suites[][4] = {
        {"orders", "orders_cmocka_test.c", NULL, NULL},
        {"prices", "prices_fff_test.c", NULL, NULL},
        {"weather", "weather_test.c", "weather_stub.c", "geo_stub.c"},
    };
    char sanitize[128] = "";
    if (ST_SANITIZE[0])
        snprintf(sanitize, sizeof sanitize, "-fsanitize=%s", ST_SANITIZE);
    /* the weather suite's HN_DOUBLE: the link seam honest_add_test adds */
    char *ld = st_join(dir, "doubles.ld");
    HN_ASSERT_EQ(st_write_file(ld, "PROVIDE(geo_lookup = hn__fwd_geo_lookup);\n"), 0);
    for (size_t i = 0; i < 3; i++) {
        const char *argv[32] = {ST_CC, "-std=gnu11", "-Wall", "-Wextra", "-Werror", "-o",
                                suites[i][0], "-I", ST_INCLUDE, "shop.c"};
        size_t n = 10;
        for (size_t k = 1; k < 4 && suites[i][k]; k++)
            argv[n++] = suites[i][k];
        const char *libs[] = {"-Wl,--export-dynamic", ST_LIBHONEST, "-lcjson", "-lcurl",
                              "-lffi", "-ldl", "-lpthread", "-lrt", "-lm"};
        for (size_t k = 0; k < sizeof libs / sizeof libs[0]; k++)
            argv[n++] = libs[k];
        if (sanitize[0])
            argv[n++] = sanitize;
        if (i == 2) {
            argv[n++] = "-Wl,--wrap=geo_lookup";
            argv[n++] = "-Wl,-u,geo_lookup";
            argv[n++] = ld;
        }
        st_opts o = {.cwd = dir};
        st_proc p;
        HN_ASSERT_EQ(st_run(&p, argv, &o), 0);
        if (p.exit_code != 0)
            HN_FAIL("building %s failed:\n%s", suites[i][0], p.err);
        st_proc_free(&p);
    }
    free(ld);
}

static void run_suites(const char *dir)
{
    static const char *const progs[][2] = {{"orders", "2 passed, 0 failed, 0 skipped"},
                                           {"prices", "3 passed, 0 failed, 0 skipped"},
                                           {"weather", "3 passed, 0 failed, 0 skipped"}};
    for (size_t i = 0; i < 3; i++) {
        char *prog = st_join(dir, progs[i][0]);
        const char *argv[] = {prog, NULL};
        st_opts o = {.cwd = dir};
        st_proc p;
        HN_ASSERT_EQ(st_run(&p, argv, &o), 0);
        if (p.exit_code != 0)
            HN_LOG("%s:\n%s%s", progs[i][0], p.out, p.err);
        HN_CHECK_STR_EQ(st_last_line(&p), progs[i][1]);
        st_proc_free(&p);
        free(prog);
    }
}

static void migrate(st_proc *p, const char *dir, int apply)
{
    const char *args[] = {"migrate", "orders", "prices", "weather",
                          "--endpoint", "orders_fetch=GET ${SHOP_API}/v1/retyped?id={1}",
                          "--endpoint", "prices_fetch=GET ${SHOP_API}/v1/added?sku={1}",
                          "--endpoint", "stock_fetch=GET ${SHOP_API}/v1/removed?sku={1}",
                          "--endpoint", "weather_fetch=GET ${SHOP_API}/v1/renamed",
                          "--endpoint", "geo_fetch=GET ${SHOP_API}/v1/stable",
                          "--endpoint", "geo_lookup=GET ${SHOP_API}/v1/status",
                          "--fixtures", "fixtures", apply ? "--apply" : NULL, NULL};
    vt_honest(p, dir, NULL, args);
    if (p->exit_code != 0)
        HN_LOG("honest migrate:\n%s%s", p->out, p->err);
    HN_CHECK_EQ(p->exit_code, 0);
}

/* "MACRO at FILE:LINE: " for the canned data whose source line holds needle. */
static void names_at(const char *out, const char *dir, const char *macro, const char *file,
                     const char *needle)
{
    char *at = place_of(dir, file, needle), *want = NULL;
    HN_ASSERT(asprintf(&want, "    %s at %s: ", macro, at) > 0);
    HN_CHECK_STR_CONTAINS(out, want);
    free(want);
    free(at);
}

/* Every line of the blocks of the page doc (docs/migration.md, docs/audit.md)
 * under `<!-- audit: MARK -->` is in out (an audit's text): the page shows
 * what the audit prints. */
static void docs_show(const char *out, const char *doc, const char *mark)
{
    char *page = read_in(ST_SOURCE_DIR, doc), *want = NULL;
    HN_ASSERT(asprintf(&want, "<!-- audit: %s -->\n```\n", mark) > 0);
    int blocks = 0;
    for (char *at = strstr(page, want); at; at = strstr(at + 1, want), blocks++) {
        char *body = at + strlen(want), *end = strstr(body, "```");
        HN_ASSERT_NOT_NULL(end);
        char *lines = strndup(body, (size_t)(end - body)), *save = NULL;
        for (char *l = strtok_r(lines, "\n", &save); l; l = strtok_r(NULL, "\n", &save))
            HN_CHECK_STR_CONTAINS(out, l);
        free(lines);
    }
    HN_CHECK_GE(blocks, 1);
    free(want);
    free(page);
}

HN_TEST(migrate_forms, audit_names_each_form_at_its_line)
{
    char *dir = copy_forms();
    build(dir);
    run_suites(dir);
    st_proc p;
    const char *audit[] = {"audit", "orders", "prices", "weather", "--boundary", "weather_fetch",
                           "--boundary", "geo_fetch", "--json", "audit.json", NULL};
    vt_honest(&p, dir, NULL, audit);
    HN_CHECK_EQ(p.exit_code, 0);
    /* will_return: the run saw it and where it was queued. */
    names_at(p.out, dir, "will_return", "orders_cmocka_test.c", "will_return(orders_fetch, \"{\\\"id\\\":3");
    HN_CHECK_STR_CONTAINS(p.out, "{\"id\":3,\"total\":12,\"currency\":\"EUR\"}\n");
    /* fff return_val: the run saw the text, the scan found its line. */
    names_at(p.out, dir, "return_val", "prices_fff_test.c", "prices_fetch_fake.return_val =");
    HN_CHECK_STR_CONTAINS(p.out, "  stock_fetch [fake] fff, 1 test, prices: boundary (answers "
                                 "with a JSON payload)");
    /* a custom_fake's body: adjacent literals joined, escapes decoded. */
    names_at(p.out, dir, "custom_fake", "prices_fff_test.c", "return \"{\\\"sku\\\":\\\"a1\\\"");
    HN_CHECK_STR_CONTAINS(p.out, "{\"sku\":\"a1\",\"count\":4,\"warehouse\":\"north\\u00e9\"}\n");
    /* hand-rolled stubs, found in the files beside the tests. */
    HN_CHECK_STR_CONTAINS(p.out, "  weather_fetch [stub] hand-rolled, in source, weather: ");
    names_at(p.out, dir, "hand-rolled stub", "weather_stub.c", "return \"{");
    names_at(p.out, dir, "hand-rolled stub fills", "geo_stub.c", "strcpy(out");
    /* HN_FILLS of a literal pointer: the run holds the pointer, the scan the text */
    names_at(p.out, dir, "HN_FILLS", "weather_test.c", "HN_FILLS(geo_lookup");
    HN_CHECK_STR_CONTAINS(p.out, "  geo_lookup [stub] HN_DOUBLE, 1 test, weather: boundary "
                                 "(answers with a JSON payload)");
    /* the comment's JSON-like text is not canned data */
    HN_CHECK_EQ(st_count(p.out, "zz"), 0);
    HN_CHECK_EQ(st_count(p.out, "macro"), 0);
    /* the real stock client beside the tests is no stub */
    HN_CHECK_EQ(st_count(p.out, "offline"), 0);
    HN_CHECK_EQ(st_count(p.out, "stock_remote.c"), 0);
    HN_CHECK_STR_CONTAINS(p.out, "fixture-backed boundary doubles: 0 of 6 (0%)");
    docs_show(p.out, "docs/migration.md", "forms-before");
    docs_show(p.out, "docs/audit.md", "forms-before");
    st_proc_free(&p);
    char *json = read_in(dir, "audit.json");
    HN_CHECK_STR_CONTAINS(json, "\"macro\": \"custom_fake\"");
    free(json);

    /* Without --boundary, a stub no double stands for is not looked for. */
    const char *plain[] = {"audit", "orders", "prices", "weather", NULL};
    vt_honest(&p, dir, NULL, plain);
    HN_CHECK_EQ(st_count(p.out, "hand-rolled"), 0);
    HN_CHECK_STR_CONTAINS(p.out, "custom_fake at ");
    st_proc_free(&p);

    /* A hand-rolled stub has no recorded arguments: {1} is refused, clearly. */
    const char *arg[] = {"migrate", "weather", "--endpoint", "weather_fetch=GET http://h/{1}",
                         "--fixtures", "out", NULL};
    vt_honest(&p, dir, NULL, arg);
    HN_CHECK_EQ(p.exit_code, 2);
    char *stub = place_of(dir, "weather_stub.c", "return \"{"), *said = NULL;
    HN_ASSERT(asprintf(&said, "the endpoint of weather_fetch uses {1}, but the run recorded no "
                       "arguments of weather_fetch for its canned data at %s", stub) > 0);
    HN_CHECK_STR_CONTAINS(p.err, said);
    free(said);
    free(stub);
    st_proc_free(&p);
    st_rmtree(dir);
    free(dir);
}

HN_TEST(migrate_forms, each_form_becomes_a_fixture_the_rebuilt_suites_pass_from)
{
    char *dir = copy_forms();
    build(dir);
    char *before[9];
    for (size_t i = 0; sources[i]; i++)
        before[i] = read_in(dir, sources[i]);

    /* Without --apply: five fixtures, a patch, the sources kept. */
    st_proc p;
    migrate(&p, dir, 0);
    HN_CHECK_STR_CONTAINS(p.out, "wrote fixtures/orders_fetch_2.json\n");
    HN_CHECK_STR_CONTAINS(p.out, "wrote fixtures/stock_fetch_1.json\n");
    HN_CHECK_STR_CONTAINS(p.out, "wrote fixtures/weather_fetch_1.json\n");
    HN_CHECK_STR_CONTAINS(p.out, "-    will_return(orders_fetch, \"{\\\"id\\\":3,\\\"total\\\":12,\"\n"
                                 "-                              \"\\\"currency\\\":\\\"EUR\\\"}\");\n"
                                 "+    will_return(orders_fetch, HN_FIXTURE_BODY(\"fixtures/orders_fetch_1.json\"));\n");
    HN_CHECK_STR_CONTAINS(p.out, "+    prices_fetch_fake.return_val = HN_FIXTURE_BODY(\"fixtures/prices_fetch_1.json\");\n");
    HN_CHECK_STR_CONTAINS(p.out, "+    return HN_FIXTURE_BODY(\"fixtures/weather_fetch_1.json\");\n");
    HN_CHECK_STR_CONTAINS(p.out, "+#include <honest.h>\n");
    HN_CHECK_STR_CONTAINS(p.out, "+    HN_FILLS(geo_lookup, 1, HN_FIXTURE_BODY(\"fixtures/geo_lookup_1.json\"));\n");
    /* the copy into an out-parameter: named, with what to do */
    char *geo = place_of(dir, "geo_stub.c", "strcpy(out"), *said = NULL;
    HN_ASSERT(asprintf(&said, "  %s: the hand-rolled stub of geo_fetch copies canned JSON into "
                       "an out-parameter; it is not rewritten automatically: copy from "
                       "HN_FIXTURE_BODY(\"fixtures/geo_fetch_1.json\")", geo) > 0);
    HN_CHECK_STR_CONTAINS(p.out, said);
    free(said);
    free(geo);
    st_proc_free(&p);
    for (size_t i = 0; sources[i]; i++) {
        char *now = read_in(dir, sources[i]);
        HN_CHECK_STR_EQ(now, before[i]);
        free(now);
    }
    char *fx_text = read_in(dir, "fixtures/stock_fetch_1.json");
    cJSON *fx = cJSON_Parse(fx_text);
    HN_ASSERT_NOT_NULL(fx);
    HN_CHECK_STR_EQ(cJSON_GetStringValue(cJSON_GetObjectItem(fx, "origin")), "hand-written");
    const cJSON *body = cJSON_GetObjectItem(cJSON_GetObjectItem(fx, "response"), "body");
    HN_CHECK_STR_EQ(cJSON_GetStringValue(cJSON_GetObjectItem(body, "warehouse")), "north\xc3\xa9");
    cJSON_Delete(fx);
    /* {1} of a cmocka mock: what its check_expected saw in the first call */
    char *orders2 = read_in(dir, "fixtures/orders_fetch_2.json");
    fx = cJSON_Parse(orders2);
    HN_ASSERT_NOT_NULL(fx);
    HN_CHECK_STR_EQ(cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(fx, "request"),
                                                             "url")),
                    "${SHOP_API}/v1/retyped?id=4");
    cJSON_Delete(fx);
    free(orders2);
    /* fff: the fake's arguments; for a custom_fake's body, those of the
     * test where it answered */
    static const char *const urls[][2] = {
        {"fixtures/prices_fetch_1.json", "${SHOP_API}/v1/added?sku=1"},
        {"fixtures/stock_fetch_1.json", "${SHOP_API}/v1/removed?sku=a1"}};
    for (size_t i = 0; i < 2; i++) {
        char *t = read_in(dir, urls[i][0]);
        fx = cJSON_Parse(t);
        HN_ASSERT_NOT_NULL(fx);
        HN_CHECK_STR_EQ(cJSON_GetStringValue(cJSON_GetObjectItem(
                            cJSON_GetObjectItem(fx, "request"), "url")), urls[i][1]);
        cJSON_Delete(fx);
        free(t);
    }

    /* --apply: rewritten (each file replaced whole: a new inode, no
     * temporary file left), rebuilt, passing from the fixtures. */
    struct stat st_before, st_after;
    char *prices_path = st_join(dir, "prices_fff_test.c");
    HN_ASSERT_EQ(stat(prices_path, &st_before), 0);
    migrate(&p, dir, 1);
    HN_ASSERT_EQ(stat(prices_path, &st_after), 0);
    HN_CHECK(st_after.st_ino != st_before.st_ino);
    HN_CHECK_EQ(vt_temp_files_left(dir), 0);
    free(prices_path);
    HN_CHECK_STR_CONTAINS(p.out, "rewrote orders_cmocka_test.c: 3 changes");
    HN_CHECK_STR_CONTAINS(p.out, "rewrote prices_fff_test.c: 2 changes");
    HN_CHECK_STR_CONTAINS(p.out, "rewrote weather_stub.c: 2 changes");
    HN_CHECK_STR_CONTAINS(p.out, "rewrote weather_test.c: 1 change\n");
    HN_CHECK_EQ(st_count(p.out, "rewrote geo_stub.c"), 0);
    st_proc_free(&p);
    char *after[9];
    for (size_t i = 0; sources[i]; i++)
        after[i] = read_in(dir, sources[i]);
    HN_CHECK_EQ(st_count(after[2], "HN_FIXTURE_BODY("), 2);
    HN_CHECK_EQ(st_count(after[2], "/* \"total\": 0 */"), 1); /* the comment is kept */
    HN_CHECK_EQ(st_count(after[2], "\\\"total\\\""), 0);
    HN_CHECK_EQ(st_count(after[3], "HN_FIXTURE_BODY("), 2);
    HN_CHECK_STR_EQ(after[6], before[6]); /* geo_stub.c: by hand */
    HN_CHECK_STR_EQ(after[7], before[7]); /* stock_remote.c: real code */
    /* the include goes after what must come first, before the first include */
    HN_CHECK_STR_CONTAINS(after[5], "honest.h goes after it */\n#include <honest.h>\n"
                                    "#include \"shop.h\"\n");
    build(dir);
    run_suites(dir);

    /* A second run changes nothing: no source, no fixture. */
    migrate(&p, dir, 1);
    HN_CHECK_EQ(st_count(p.out, "rewrote"), 0);
    HN_CHECK_EQ(st_count(p.out, "  wrote "), 0);
    /* geo_stub.c's copy is still canned: named again, still not rewritten */
    HN_CHECK_STR_CONTAINS(p.out, "copies canned JSON into an out-parameter");
    st_proc_free(&p);
    for (size_t i = 0; sources[i]; i++) {
        char *now = read_in(dir, sources[i]);
        HN_CHECK_STR_EQ(now, after[i]);
        free(now);
    }
    char *fx_again = read_in(dir, "fixtures/stock_fetch_1.json");
    HN_CHECK_STR_EQ(fx_again, fx_text);
    free(fx_again);

    /* A suite with no canned JSON left says so. */
    const char *orders_only[] = {"migrate", "orders", "--fixtures", "fixtures", "--apply", NULL};
    vt_honest(&p, dir, NULL, orders_only);
    HN_CHECK_EQ(p.exit_code, 0);
    HN_CHECK_STR_EQ(p.out, "nothing to migrate: no double answers with hand-written canned JSON "
                           "(honest audit shows what each answers from)\n");
    st_proc_free(&p);

    /* The audit after: each double answers from its fixture. */
    const char *audit[] = {"audit", "orders", "prices", "weather", "--boundary", "weather_fetch",
                           NULL};
    vt_honest(&p, dir, NULL, audit);
    HN_CHECK_STR_CONTAINS(p.out, "  orders_fetch [mock] cmocka, 2 tests, orders: boundary "
                                 "(answered from fixtures), 2 fixtures, not all backed");
    HN_CHECK_STR_CONTAINS(p.out, "  prices_fetch [stub] fff, 1 test, prices: boundary (answered "
                                 "from fixtures), 1 fixture");
    HN_CHECK_STR_CONTAINS(p.out, "  stock_fetch [fake] fff, 1 test, prices: boundary (answered "
                                 "from fixtures), 1 fixture");
    HN_CHECK_STR_CONTAINS(p.out, "  weather_fetch [stub] hand-rolled, in source, weather: ");
    HN_CHECK_STR_CONTAINS(p.out, "  geo_lookup [stub] HN_DOUBLE, 1 test, weather: boundary "
                                 "(answered from fixtures), 1 fixture");
    HN_CHECK_STR_CONTAINS(p.out, "fixtures/weather_fetch_1.json: hand-written, 0 days old, "
                                 "never verified, 1 test");
    HN_CHECK_EQ(st_count(p.out, "canned data at"), 0);
    docs_show(p.out, "docs/migration.md", "forms-after");
    st_proc_free(&p);

    /* verify: the typed data had drifted from the provider's answers. */
    vt_verify_against_provider(&p, dir, "SHOP_API", "fixtures");
    HN_CHECK_EQ(p.exit_code, 1);
    HN_CHECK_STR_CONTAINS(p.out, "7 drifted");
    HN_CHECK_STR_CONTAINS(p.out, "$.response.body.total");
    HN_CHECK_STR_CONTAINS(p.out, "$.response.body.warehouse");
    st_proc_free(&p);
    /* and the audit counts none of them as backed by reality */
    vt_honest(&p, dir, NULL, audit);
    HN_CHECK_STR_CONTAINS(p.out, "fixtures/orders_fetch_1.json: hand-written, 0 days old, drifted ");
    HN_CHECK_STR_CONTAINS(p.out, "fixture-backed boundary doubles: 0 of 5 (0%)");
    st_proc_free(&p);

    for (size_t i = 0; sources[i]; i++) {
        free(before[i]);
        free(after[i]);
    }
    free(fx_text);
    st_rmtree(dir);
    free(dir);
}
