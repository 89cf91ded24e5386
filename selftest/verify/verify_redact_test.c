/* SPDX-License-Identifier: MIT */
/* verify_redact_test.c: one `honest verify` run over fixtures in several
 * directories, each with its own .honest-redact (or none): the rules read
 * once per directory for the run reach the fixtures of that directory only,
 * and an interaction's secrets do not reach the next one's report. */
#include <honest.h>

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"
#include "vt.h"

/* The live side's value of the first difference of the fixture at
 * fixtures/<sub>/added.json in the report. */
static const char *live_value(const cJSON *report, const char *sub)
{
    char name[64];
    snprintf(name, sizeof name, "fixtures/%s/added", sub);
    const cJSON *f = NULL, *all = cJSON_GetObjectItem(report, "fixtures");
    cJSON_ArrayForEach(f, all)
    {
        const char *path = cJSON_GetStringValue(cJSON_GetObjectItem(f, "path"));
        if (path && strstr(path, name))
            break;
    }
    HN_ASSERT_NOT_NULL(f);
    const cJSON *d = cJSON_GetArrayItem(cJSON_GetObjectItem(f, "differences"), 0);
    HN_ASSERT_NOT_NULL(d);
    return cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(d, "live"), "value"));
}

/* Writes text to dir/name; fails the test when it cannot. */
static void write_file(const char *dir, const char *name, const char *text)
{
    char *path = st_join(dir, name);
    HN_ASSERT_EQ(st_write_file(path, text), 0);
    free(path);
}

HN_TEST(verify_redact, each_directory_has_its_own_rules_in_one_run)
{
    vt_provider p;
    vt_provider_start(&p);
    char *dir = st_tmpdir();
    /* a: a name rule; b: no file; c: a path rule; d: a name rule again, met
     * after b and c (the rules of a directory are not the last one's). */
    const char *subs[] = {"a", "b", "c", "d"};
    for (size_t i = 0; i < 4; i++) {
        char name[64];
        snprintf(name, sizeof name, "fixtures/%s/added", subs[i]);
        free(vt_record(&p, dir, "/v1/added", name, NULL));
    }
    write_file(dir, "fixtures/a/.honest-redact", "# the nickname is private\nnickname\n");
    write_file(dir, "fixtures/c/.honest-redact", "$.response.body.nickname\n");
    write_file(dir, "fixtures/d/.honest-redact", "Nickname\n");
    vt_provider_version(&p, 2); /* adds "nickname": "al" */
    st_proc run;
    const char *argv[] = {"verify", "--json", "report.json", "--concurrency", "1", "fixtures",
                          NULL};
    vt_honest(&run, dir, NULL, argv);
    HN_CHECK_EQ(run.exit_code, 0);
    char *path = st_join(dir, "report.json");
    cJSON *report = vt_json_file(path);
    free(path);
    HN_CHECK_STR_EQ(live_value(report, "a"), "<redacted>");
    HN_CHECK_STR_EQ(live_value(report, "b"), "al");
    HN_CHECK_STR_EQ(live_value(report, "c"), "<redacted>");
    HN_CHECK_STR_EQ(live_value(report, "d"), "<redacted>");
    /* The table says the same: one "al" (b's), three hidden. */
    size_t shown = 0;
    for (const char *s = run.out; (s = strstr(s, "string \"al\"")); s++)
        shown++;
    HN_CHECK_EQ(shown, 1);
    cJSON_Delete(report);
    st_proc_free(&run);
    vt_finish(&p, dir);
}
