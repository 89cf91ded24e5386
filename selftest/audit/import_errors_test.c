/* SPDX-License-Identifier: MIT */
/* import_errors_test.c: what `honest import` refuses: malformed files of each
 * format and matching rules a fixture cannot express (the file, the entry and
 * the line and column in the message; nothing written), fixtures that exist,
 * and bad command lines. Redaction rules beside the fixtures apply. */
#include <honest.h>

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "it.h"

typedef struct bad_case {
    const char *name;   /* the case */
    const char *format;
    const char *file;   /* under bad/ */
    const char *says;   /* what stderr must hold after "honest import: " and the path */
} bad_case;

static const bad_case bad_cases[] = {
    {"har_syntax", "har", "har_syntax.har",
     "har_syntax.har:7:9: not valid JSON: found '\"' after a member; expected ',' or '}'"},
    {"har_entry_without_response", "har", "har_no_response.har",
     "har_no_response.har:17:7: log.entries[1]: \"response\" is missing from the entry; "
     "expected an object"},
    {"har_content_not_saved", "har", "har_no_content.har",
     "har_no_content.har:14:34: log.entries[0]: the response had 67 bytes but the HAR file "
     "does not hold them (no \"text\")"},
    {"vcr_yaml_syntax", "vcr", "vcr_syntax.yml",
     "vcr_syntax.yml:9:6: not valid YAML: did not find expected key"},
    {"vcr_request_without_uri", "vcr", "vcr_no_uri.yml",
     "vcr_no_uri.yml:4:5: http_interactions[0]: the request has no uri"},
    {"nock_definition_without_scope", "nock", "nock_no_scope.json",
     "nock_no_scope.json:9:3: definitions[1]: \"scope\" is missing from the definition"},
    {"wiremock_url_pattern", "wiremock", "wiremock/mappings/pattern.json",
     "pattern.json:4:23: mapping: \"urlPathPattern\" matches many URLs: a fixture answers one "
     "exact request and cannot express this matcher"},
    {"wiremock_contains_matcher", "wiremock", "wiremock/mappings/contains.json",
     "contains.json:11:32: mappings[1]: request header \"Accept\" is matched with "
     "\"contains\""},
    {"wiremock_fault_without_equivalent", "wiremock", "wiremock/mappings/fault.json",
     "fault.json:3:26: mapping: the fault \"RANDOM_DATA_THEN_CLOSE\" has no fixture "
     "equivalent"},
    {"pact_regex_matcher", "pact", "pact_regex.json",
     "pact_regex.json:11:35: interactions[0]: the request's matching rule \"regex\" on the "
     "path cannot be expressed by a fixture"},
    {"pact_message_interaction", "pact", "pact_message.json",
     "pact_message.json:5:5: interactions[0]: the interaction is of type "
     "\"Asynchronous/Messages\", not \"Synchronous/HTTP\""},
};

HN_TEST_PN(import_errors, malformed_writes_nothing, bad_case, bad_cases, name)
{
    char *dir = st_tmpdir(), path[1024], want[1200];
    snprintf(path, sizeof path, "%s/%s", ST_AUDIT_BAD, HN_PARAM->file);
    const char *args[] = {HN_PARAM->format, path, "-o", "out", "--base-placeholder", "API_BASE",
                          NULL};
    st_proc p;
    it_import(&p, dir, args);
    HN_CHECK_EQ(p.exit_code, 2);
    snprintf(want, sizeof want, "honest import: %s/", ST_AUDIT_BAD);
    HN_CHECK_STR_CONTAINS(p.err, want);
    HN_CHECK_STR_CONTAINS(p.err, HN_PARAM->says);
    HN_CHECK_STR_EQ(p.out, "");
    char *out = st_join(dir, "out");
    HN_CHECK_EQ(it_count_files(out), -1); /* not even the directory */
    free(out);
    st_proc_free(&p);
    vt_finish(NULL, dir);
}

HN_TEST(import_errors, a_bad_entry_after_good_ones_writes_nothing)
{
    char *dir = st_tmpdir(), *out = st_join(dir, "out");
    HN_ASSERT_EQ(mkdir(out, 0777), 0);
    /* log.entries[0] is good, [1] has no response */
    const char *args[] = {"har", ST_AUDIT_BAD "/har_no_response.har", "-o", "out", NULL};
    st_proc p;
    it_import(&p, dir, args);
    HN_CHECK_EQ(p.exit_code, 2);
    HN_CHECK_EQ(it_count_files(out), 0);
    st_proc_free(&p);
    free(out);
    vt_finish(NULL, dir);
}

HN_TEST(import_errors, existing_fixtures_are_replaced_only_with_force)
{
    char *dir = st_tmpdir(), *out = st_join(dir, "out");
    HN_ASSERT_EQ(mkdir(out, 0777), 0);
    char *mine = st_join(out, "002-get-v1-items.json");
    HN_ASSERT_EQ(st_write_file(mine, "my own fixture\n"), 0);
    const char *args[] = {"pact", ST_AUDIT_DATA "/pact-v2.json", "-o", "out",
                          "--base-placeholder", "API_BASE", NULL};
    st_proc p;
    it_import(&p, dir, args);
    HN_CHECK_EQ(p.exit_code, 2);
    HN_CHECK_STR_CONTAINS(p.err, "out/002-get-v1-items.json: exists; nothing was written: add "
                                 "--force to replace the fixtures");
    HN_CHECK_EQ(it_count_files(out), 1);
    char *text = st_read_file(mine, NULL);
    HN_CHECK_STR_EQ(text, "my own fixture\n");
    free(text);
    st_proc_free(&p);
    const char *force[] = {"pact", ST_AUDIT_DATA "/pact-v2.json", "-o", "out",
                           "--base-placeholder", "API_BASE", "--force", NULL};
    it_import_ok(dir, force);
    HN_CHECK_EQ(it_count_files(out), 2);
    cJSON *fx = it_fixture(dir, "002-get-v1-items");
    HN_CHECK_STR_EQ(it_str(fx, "origin"), "imported");
    cJSON_Delete(fx);
    free(mine);
    free(out);
    vt_finish(NULL, dir);
}

HN_TEST(import_errors, redaction_rules_beside_the_fixtures_apply)
{
    char *dir = st_tmpdir(), *list = st_join(dir, ".honest-redact");
    HN_ASSERT_EQ(st_write_file(list, "# our tracing ids\nX-Trace\n"), 0);
    const char *args[] = {"har", ST_AUDIT_DATA "/session.har", "-o", "out", "--redact",
                          "Accept", NULL};
    st_proc p;
    it_import(&p, dir, args);
    HN_ASSERT_EQ(p.exit_code, 0);
    HN_CHECK_STR_CONTAINS(p.out, "redacted: response header X-Trace");
    st_proc_free(&p);
    cJSON *fx = it_fixture(dir, "001-get-v1-stable");
    HN_CHECK_STR_EQ(it_str(fx, "response.headers.X-Trace.0"), "${X_TRACE}");
    HN_CHECK_STR_EQ(it_str(fx, "request.headers.Accept"), "${ACCEPT}");
    /* no --base-placeholder: the URL keeps its origin */
    HN_CHECK_STR_EQ(it_str(fx, "request.url"), "https://api.example.com/v1/stable");
    cJSON_Delete(fx);
    free(list);
    vt_finish(NULL, dir);
}

typedef struct usage_case {
    const char *name;
    const char *args[8];
    const char *says;
} usage_case;

static const usage_case usage_cases[] = {
    {"no_format", {NULL}, "honest import: give a FORMAT (har, vcr, nock, wiremock, pact)"},
    {"unknown_format", {"postman", "x.json", "-o", "out", NULL},
     "honest import: unknown format 'postman'; expected one of har, vcr, nock, wiremock, pact"},
    {"no_file", {"har", "-o", "out", NULL}, "honest import: no har file given"},
    {"no_output", {"har", ST_AUDIT_DATA "/session.har", NULL},
     "honest import: -o DIR is required"},
    {"bad_placeholder", {"har", ST_AUDIT_DATA "/session.har", "-o", "out",
                         "--base-placeholder", "API-BASE", NULL},
     "honest import: --base-placeholder API-BASE: expected NAME"},
    {"origin_with_a_path", {"har", ST_AUDIT_DATA "/session.har", "-o", "out",
                            "--base-placeholder", "API=https://api.example.com/v1", NULL},
     "honest import: --base-placeholder API=https://api.example.com/v1: give an origin "
     "(scheme://host[:port]) without a path"},
    {"bad_date", {"har", ST_AUDIT_DATA "/session.har", "-o", "out", "--recorded-at",
                  "yesterday", NULL},
     "honest import: --recorded-at yesterday: expected a date"},
    {"missing_file", {"har", "no-such.har", "-o", "out", NULL},
     "honest import: no-such.har: cannot open the file: No such file or directory"},
};

HN_TEST_PN(import_errors, usage, usage_case, usage_cases, name)
{
    char *dir = st_tmpdir();
    st_proc p;
    it_import(&p, dir, HN_PARAM->args);
    HN_CHECK_EQ(p.exit_code, 2);
    HN_CHECK_STR_CONTAINS(p.err, HN_PARAM->says);
    char *out = st_join(dir, "out");
    HN_CHECK_EQ(it_count_files(out), -1);
    free(out);
    st_proc_free(&p);
    vt_finish(NULL, dir);
}

HN_TEST(import_errors, help_names_every_format_and_flag)
{
    char *dir = st_tmpdir();
    const char *args[] = {"--help", NULL};
    st_proc p;
    it_import(&p, dir, args);
    HN_CHECK_EQ(p.exit_code, 0);
    const char *words[] = {"har ", "vcr ", "nock ", "wiremock ", "pact ", "--base-placeholder",
                           "--recorded-at", "--max-age-days", "--redact", "--force", "-o, "};
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        HN_CHECK_STR_CONTAINS(p.out, words[i]);
    st_proc_free(&p);
    vt_finish(NULL, dir);
}

typedef struct source_case {
    const char *name;
    const char *format;
    const char *file; /* under data/ */
} source_case;

static const source_case sources[] = {
    {"har", "har", "session.har"},
    {"vcr_ruby", "vcr", "ruby.yml"},
    {"vcrpy", "vcr", "vcrpy.yaml"},
    {"nock", "nock", "nock-recorder.json"},
    {"wiremock", "wiremock", "wiremock/mappings/catalog.json"},
    {"pact_v3", "pact", "pact-v3.json"},
    {"pact_v4", "pact", "pact-v4.json"},
};

/* Every file cut short at 24 places: a clear error (exit 2) and nothing
 * written, or a good import of what is left; never a crash. */
HN_TEST_PN(import_errors, truncated_files_never_crash, source_case, sources, name)
{
    char *dir = st_tmpdir(), src[1024];
    snprintf(src, sizeof src, "%s/%s", ST_AUDIT_DATA, HN_PARAM->file);
    size_t len;
    char *text = st_read_file(src, &len);
    HN_ASSERT_NOT_NULL(text);
    char *cut = st_join(dir, "cut");
    for (int k = 1; k < 25; k++) {
        size_t n = len * (size_t)k / 25;
        char *part = strndup(text, n);
        HN_ASSERT_EQ(st_write_file(cut, part), 0);
        free(part);
        const char *args[] = {HN_PARAM->format, "cut", "-o", "out", "--base-placeholder",
                              "API_BASE", "--force", NULL};
        st_proc p;
        it_import(&p, dir, args);
        HN_CHECK(p.exited);
        HN_CHECK(p.exit_code == 0 || p.exit_code == 2);
        if (p.exit_code == 2) {
            HN_CHECK_STR_CONTAINS(p.err, "honest import: cut");
            char *out = st_join(dir, "out");
            HN_CHECK_EQ(it_count_files(out), -1);
            free(out);
        }
        char *out = st_join(dir, "out"); /* a good import of the part left */
        st_rmtree(out);
        free(out);
        st_proc_free(&p);
    }
    free(cut);
    free(text);
    vt_finish(NULL, dir);
}
