/* SPDX-License-Identifier: MIT */
/* record_live_test.c: --record=none|missing|all in a test binary
 * (record_prog.c, a libcurl client under HN_HTTP_FIXTURES) against the
 * provider: missing fixtures recorded once and then replayed without the
 * network, all re-recorded, secrets redacted, and no recording in CI unless
 * HN_ALLOW_RECORD=1. */
#include <honest.h>
#include <honest/fixture.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "support.h"
#include "vt.h"

typedef struct scene {
    vt_provider p;
    char *dir, *fixtures;
    char env_base[128], env_fixtures[1100];
} scene;

static void scene_start(scene *s)
{
    vt_provider_start(&s->p);
    s->dir = st_tmpdir();
    s->fixtures = st_join(s->dir, "fixtures");
    HN_ASSERT_EQ(mkdir(s->fixtures, 0777), 0);
    snprintf(s->env_base, sizeof s->env_base, "ST_BASE=%s", s->p.base);
    snprintf(s->env_fixtures, sizeof s->env_fixtures, "ST_FIXTURES=%s", s->fixtures);
}

static void scene_stop(scene *s)
{
    vt_provider_stop(&s->p);
    st_rmtree(s->dir);
    free(s->fixtures);
    free(s->dir);
}

/* Runs record_prog with flag (or none) and the environment entries given. */
static int run(scene *s, const char *filter, const char *flag, const char *ci, st_proc *out)
{
    const char *env[] = {s->env_base, s->env_fixtures, ci ? ci : "CI", "HN_ALLOW_RECORD",
                         NULL};
    const char *argv[] = {ST_RECORD_PROG, filter, flag, NULL};
    if (!flag)
        argv[2] = NULL;
    st_opts o = {.env = env, .cwd = s->dir};
    HN_ASSERT_EQ(st_run(out, argv, &o), 0);
    return out->exit_code;
}

/* The number of fixture files in dir (dot files left out). */
static int count_json(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;
    while (d && (e = readdir(d)))
        n += e->d_name[0] != '.' && strstr(e->d_name, ".json") != NULL;
    if (d)
        closedir(d);
    return n;
}

static char *stable_path(scene *s)
{
    char name[128];
    snprintf(name, sizeof name, "get-127.0.0.1-%u-v1-stable.json", s->p.port);
    return st_join(s->fixtures, name);
}

HN_TEST(record_tests, missing_is_recorded_once_then_replayed)
{
    scene s;
    scene_start(&s);
    st_proc r;
    long before = vt_provider_count(&s.p);
    /* Without --record, nothing matches and nothing reaches the network. */
    HN_CHECK_EQ(run(&s, "--filter=recording.stable_item", NULL, NULL, &r), 1);
    HN_CHECK_STR_CONTAINS(r.out, "holds no fixture");
    st_proc_free(&r);
    HN_CHECK_EQ(vt_provider_count(&s.p), before);
    /* --record=missing: sent once, recorded, the test passes. */
    HN_CHECK_EQ(run(&s, "--filter=recording.stable_item", "--record=missing", NULL, &r), 0);
    HN_CHECK_STR_CONTAINS(r.out, "--record: GET ");
    HN_CHECK_STR_CONTAINS(r.out, "recorded into ");
    st_proc_free(&r);
    HN_CHECK_EQ(vt_provider_count(&s.p), before + 1);
    char *path = stable_path(&s);
    hn_fixture *fx = hn_fixture_load(path, NULL);
    HN_ASSERT_NOT_NULL(fx);
    HN_CHECK_EQ(hn_fixture_status(fx), 200);
    HN_CHECK_STR_EQ(hn_fixture_header(fx, HN_REQUEST, "Authorization"), "Bearer ${AUTHORIZATION}");
    HN_CHECK_NULL(hn_fixture_header(fx, HN_REQUEST, "User-Agent"));
    hn_fixture_free(fx);
    char *text = st_read_file(path, NULL);
    HN_CHECK(strstr(text, "prog-secret-token-42") == NULL);
    /* Then replayed with no network, with or without --record=missing. */
    HN_CHECK_EQ(run(&s, "--filter=recording.stable_item", NULL, NULL, &r), 0);
    st_proc_free(&r);
    HN_CHECK_EQ(run(&s, "--filter=recording.stable_item", "--record=missing", NULL, &r), 0);
    st_proc_free(&r);
    HN_CHECK_EQ(vt_provider_count(&s.p), before + 1);
    HN_CHECK_EQ(count_json(s.fixtures), 1);
    char *after = st_read_file(path, NULL);
    HN_CHECK_STR_EQ(after, text);
    free(after);
    free(text);
    free(path);
    scene_stop(&s);
}

HN_TEST(record_tests, all_records_again)
{
    scene s;
    scene_start(&s);
    st_proc r;
    HN_ASSERT_EQ(run(&s, "--filter=recording.stable_item", "--record=missing", NULL, &r), 0);
    st_proc_free(&r);
    char *path = stable_path(&s);
    char *text = st_read_file(path, NULL);
    char *aged = strdup(text);
    char *at = strstr(aged, "\"recorded_at\": \"");
    HN_ASSERT_NOT_NULL(at);
    memcpy(at + 16, "2020", 4); /* an old recording, so the rewrite shows */
    HN_ASSERT_EQ(st_write_file(path, aged), 0);
    long before = vt_provider_count(&s.p);
    HN_CHECK_EQ(run(&s, "--filter=recording.stable_item", "--record=all", NULL, &r), 0);
    st_proc_free(&r);
    HN_CHECK_EQ(vt_provider_count(&s.p), before + 1);
    HN_CHECK_EQ(count_json(s.fixtures), 1);
    char *after = st_read_file(path, NULL);
    HN_CHECK(strstr(after, "\"recorded_at\": \"2020") == NULL);
    HN_CHECK(!vt_temp_files_left(s.fixtures));
    free(after);
    free(aged);
    free(text);
    free(path);
    scene_stop(&s);
}

HN_TEST(record_tests, echoed_secrets_are_redacted)
{
    scene s;
    scene_start(&s);
    st_proc r;
    HN_CHECK_EQ(run(&s, "--filter=recording.echo_keeps_no_secret", "--record=missing", NULL, &r),
                0);
    HN_CHECK(strstr(r.out, "prog-secret-token-42") == NULL);
    st_proc_free(&r);
    char name[128];
    snprintf(name, sizeof name, "get-127.0.0.1-%u-echo.json", s.p.port);
    char *path = st_join(s.fixtures, name), *text = st_read_file(path, NULL);
    HN_ASSERT_NOT_NULL(text);
    HN_CHECK(strstr(text, "prog-secret-token-42") == NULL);
    HN_CHECK(strstr(text, "srv-session-") == NULL);
    HN_CHECK_STR_CONTAINS(text, "\"authorization\": \"Bearer ${AUTHORIZATION}\"");
    free(text);
    free(path);
    scene_stop(&s);
}

HN_TEST(record_tests, a_named_file_that_does_not_exist_is_recorded)
{
    scene s;
    scene_start(&s);
    char *path = st_join(s.fixtures, "stable.json");
    snprintf(s.env_fixtures, sizeof s.env_fixtures, "ST_FIXTURES=%s", path);
    st_proc r;
    HN_CHECK_EQ(run(&s, "--filter=recording.stable_item", "--record=missing", NULL, &r), 0);
    st_proc_free(&r);
    hn_fixture *fx = hn_fixture_load(path, NULL);
    HN_CHECK_NOT_NULL(fx);
    HN_CHECK_STR_EQ(fx ? hn_fixture_name(fx) : "", "stable");
    hn_fixture_free(fx);
    free(path);
    scene_stop(&s);
}

HN_TEST(record_tests, never_records_in_ci_unless_allowed)
{
    scene s;
    scene_start(&s);
    st_proc r;
    long before = vt_provider_count(&s.p);
    HN_CHECK_EQ(run(&s, "--filter=recording.stable_item", "--record=missing", "CI=true", &r), 1);
    HN_CHECK_STR_CONTAINS(r.out, "--record=missing refused: CI is set");
    HN_CHECK_STR_CONTAINS(r.out, "HN_ALLOW_RECORD=1");
    st_proc_free(&r);
    HN_CHECK_EQ(vt_provider_count(&s.p), before);
    HN_CHECK_EQ(count_json(s.fixtures), 0);
    /* Allowed on purpose. */
    const char *env[] = {s.env_base, s.env_fixtures, "CI=true", "HN_ALLOW_RECORD=1", NULL};
    const char *argv[] = {ST_RECORD_PROG, "--filter=recording.stable_item", "--record=missing",
                          NULL};
    st_opts o = {.env = env, .cwd = s.dir};
    HN_ASSERT_EQ(st_run(&r, argv, &o), 0);
    HN_CHECK_EQ(r.exit_code, 0);
    st_proc_free(&r);
    HN_CHECK_EQ(count_json(s.fixtures), 1);
    scene_stop(&s);
}

/* The first JSON fixture file in dir, loaded (the test fails without one). */
static hn_fixture *only_fixture(const char *dir)
{
    DIR *d = opendir(dir);
    HN_ASSERT_NOT_NULL(d);
    hn_fixture *fx = NULL;
    for (struct dirent *e; !fx && (e = readdir(d));)
        if (e->d_name[0] != '.' && strstr(e->d_name, ".json")) {
            char *p = st_join(dir, e->d_name);
            fx = hn_fixture_load(p, NULL);
            free(p);
        }
    closedir(d);
    HN_ASSERT_NOT_NULL(fx);
    return fx;
}

/* --record-base and HN_RECORD_BASE: the provider's ephemeral base is written
 * as ${ST_BASE}, so the recording answers a provider on another port. */
HN_TEST(record_tests, the_base_is_recorded_as_a_placeholder)
{
    for (int form = 0; form < 2; form++) {
        scene s;
        scene_start(&s);
        st_proc r;
        const char *env[] = {s.env_base, s.env_fixtures, "CI",
                             form ? "HN_RECORD_BASE=ST_BASE" : "HN_RECORD_BASE", NULL};
        const char *argv[] = {ST_RECORD_PROG, "--filter=recording.stable_item", "--record=missing",
                              form ? NULL : "--record-base=OTHER,ST_BASE", NULL};
        st_opts o = {.env = env, .cwd = s.dir};
        HN_ASSERT_EQ(st_run(&r, argv, &o), 0);
        HN_CHECK_EQ(r.exit_code, 0);
        HN_CHECK_STR_CONTAINS(r.out, "recorded into ");
        st_proc_free(&r);
        hn_fixture *fx = only_fixture(s.fixtures);
        HN_CHECK_STR_EQ(hn_fixture_url(fx), "${ST_BASE}/v1/stable");
        hn_fixture_free(fx);
        /* The same fixtures, the code pointed at a provider on another port. */
        vt_provider other;
        vt_provider_start(&other);
        HN_ASSERT(strcmp(other.base, s.p.base) != 0);
        char moved[128];
        snprintf(moved, sizeof moved, "ST_BASE=%s", other.base);
        const char *env2[] = {moved, s.env_fixtures, "CI", "HN_RECORD_BASE", NULL};
        const char *replay[] = {ST_RECORD_PROG, "--filter=recording.stable_item", NULL};
        st_opts o2 = {.env = env2, .cwd = s.dir};
        HN_ASSERT_EQ(st_run(&r, replay, &o2), 0);
        HN_CHECK_EQ(r.exit_code, 0);
        st_proc_free(&r);
        HN_CHECK_EQ(vt_provider_count(&other), 0); /* answered from the fixture */
        vt_provider_stop(&other);
        scene_stop(&s);
    }
}
