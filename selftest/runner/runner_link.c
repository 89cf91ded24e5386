/* SPDX-License-Identifier: MIT */
/* runner_link.c: registration survives the builds that lose Criterion's
 * tests: link-time optimisation with section garbage collection, a binary
 * stripped of every symbol, and a fully static link. Each variant of
 * names.c lists and runs the same tests as the plain build. */
#include <honest.h>

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rt.h"

typedef struct variant {
    const char *prog;
    const char *why_missing; /* when the build could not make it */
} variant;

static const variant variants[] = {
    {"names_lto", "the compiler cannot link with -flto"},
    {"names_stripped", NULL},
    {"names_static", "sanitizer builds cannot link statically"},
};

static char *listing(const char *prog)
{
    st_proc p;
    RT_RUN(&p, prog, "--list");
    HN_ASSERT_EQ(p.exit_code, 0);
    char *out = strdup(p.out);
    st_proc_free(&p);
    return out;
}

HN_TEST_PN(runner_link, registration_survives, variant, variants, prog)
{
    if (access(rt_prog(HN_PARAM->prog), X_OK) != 0) {
        HN_ASSERT_NOT_NULL(HN_PARAM->why_missing);
        HN_SKIP("%s was not built: %s", HN_PARAM->prog, HN_PARAM->why_missing);
    }
    char *plain = listing("names"), *other = listing(HN_PARAM->prog);
    HN_CHECK_EQ(st_count(plain, "\n"), 24);
    HN_CHECK_STR_EQ(other, plain);
    free(plain);
    free(other);
    st_proc p;
    RT_RUN(&p, HN_PARAM->prog, "--jobs=2");
    HN_CHECK_EQ(p.exit_code, 0);
    HN_CHECK_STR_EQ(st_last_line(&p), "24 passed, 0 failed, 0 skipped");
    st_proc_free(&p);
}

/* What `TOOL PROGRAM` prints (stdout and stderr). malloc'd. */
static char *tool_output(const char *tool, const char *prog)
{
    st_proc p;
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "%s %s 2>&1", tool, rt_prog(prog));
    rt_sh(&p, cmd, NULL, 0);
    char *out = strdup(p.out);
    st_proc_free(&p);
    return out;
}

/* The variants are what they claim to be. */
HN_TEST(runner_link, stripped_binary_has_no_symbols)
{
    char *stripped = tool_output("nm", "names_stripped"), *plain = tool_output("nm", "names");
    HN_CHECK_STR_CONTAINS(stripped, "no symbols");
    HN_CHECK_STR_CONTAINS(plain, " hn__test_register\n");
    free(stripped);
    free(plain);
}

HN_TEST(runner_link, static_binary_has_no_dynamic_section)
{
    if (access(rt_prog("names_static"), X_OK) != 0)
        HN_SKIP("names_static was not built (sanitizer build)");
    char *fixed = tool_output("readelf -d", "names_static"), *plain = tool_output("readelf -d", "names");
    HN_CHECK_STR_CONTAINS(fixed, "There is no dynamic section in this file.");
    HN_CHECK_STR_CONTAINS(plain, "(NEEDED)");
    free(fixed);
    free(plain);
}

HN_TEST(runner_link, lto_binary_was_compiled_with_lto_and_gc_sections)
{
    if (access(rt_prog("names_lto"), X_OK) != 0)
        HN_SKIP("names_lto was not built: the compiler cannot link with -flto");
    char *text = rt_read(RT_BUILD_DIR "/compile_commands.json");
    cJSON *doc = cJSON_Parse(text), *entry;
    free(text);
    HN_ASSERT_NOT_NULL(doc);
    int found = 0;
    cJSON_ArrayForEach(entry, doc) {
        const cJSON *cmd = cJSON_GetObjectItemCaseSensitive(entry, "command");
        const cJSON *file = cJSON_GetObjectItemCaseSensitive(entry, "file");
        if (cJSON_IsString(cmd) && cJSON_IsString(file) &&
            strstr(file->valuestring, "/runner/progs/names.c") && strstr(cmd->valuestring, "-flto") &&
            strstr(cmd->valuestring, "-O2") && strstr(cmd->valuestring, "-ffunction-sections"))
            found++;
    }
    cJSON_Delete(doc);
    HN_CHECK_EQ(found, 1);
}
