/* SPDX-License-Identifier: MIT */
/* it.c: helpers of the import selftests (it.h). */
#include "it.h"

#include <honest.h>
#include <honest/fixture.h>

#include <cjson/cJSON.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

void it_import(st_proc *p, const char *dir, const char *const *args)
{
    const char *argv[64] = {"import"};
    size_t n = 1;
    for (; args && *args && n < 63; args++)
        argv[n++] = *args;
    argv[n] = NULL;
    vt_honest(p, dir, NULL, argv);
}

void it_import_ok(const char *dir, const char *const *args)
{
    st_proc p;
    it_import(&p, dir, args);
    if (p.exit_code != 0 || p.err_len)
        HN_LOG("honest import: %s%s", p.out, p.err);
    HN_ASSERT_EQ(p.exit_code, 0);
    HN_ASSERT_STR_EQ(p.err, "");
    st_proc_free(&p);
}

cJSON *it_fixture(const char *dir, const char *name)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/out/%s.json", dir, name);
    hn_fixture_error err;
    hn_fixture *fx = hn_fixture_load(path, &err);
    if (!fx)
        HN_FAIL("%s does not load: %s", path, err.text);
    hn_fixture_free(fx);
    return vt_json_file(path);
}

const cJSON *it_at(const cJSON *doc, const char *path)
{
    char *copy = strdup(path), *save = NULL;
    const cJSON *v = doc;
    for (char *k = strtok_r(copy, ".", &save); k && v; k = strtok_r(NULL, ".", &save))
        v = cJSON_IsArray(v) ? cJSON_GetArrayItem(v, atoi(k))
                             : cJSON_GetObjectItemCaseSensitive(v, k);
    free(copy);
    return v;
}

const char *it_str(const cJSON *doc, const char *path)
{
    return cJSON_GetStringValue(it_at(doc, path));
}

int it_count_files(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    int n = 0;
    for (struct dirent *e; (e = readdir(d));)
        n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
    closedir(d);
    return n;
}

void it_no_secret(const char *dir, const char *secret)
{
    char *out = st_join(dir, "out");
    DIR *d = opendir(out);
    HN_ASSERT_NOT_NULL(d);
    for (struct dirent *e; (e = readdir(d));) {
        if (e->d_name[0] == '.')
            continue;
        char *path = st_join(out, e->d_name), *text = st_read_file(path, NULL);
        if (text && strstr(text, secret))
            HN_FAIL("%s holds the secret \"%s\"", path, secret);
        free(text);
        free(path);
    }
    closedir(d);
    free(out);
}

char *it_replay(const char *dir, const char *requests)
{
    char fixtures[1024], env_fx[1100], env_rq[4096], env_out[1100];
    snprintf(fixtures, sizeof fixtures, "%s/out", dir);
    snprintf(env_fx, sizeof env_fx, "ST_FIXTURES=%s", fixtures);
    snprintf(env_rq, sizeof env_rq, "ST_REQUESTS=%s", requests);
    snprintf(env_out, sizeof env_out, "ST_OUT=%s/replayed.txt", dir);
    const char *env[] = {env_fx, env_rq, env_out, NULL};
    const char *argv[] = {ST_REPLAY_PROG, NULL};
    st_opts o = {.env = env, .cwd = dir};
    st_proc p;
    HN_ASSERT_EQ(st_run(&p, argv, &o), 0);
    if (p.exit_code != 0)
        HN_LOG("replay:\n%s%s", p.out, p.err);
    HN_CHECK_STR_EQ(st_last_line(&p), "1 passed, 0 failed, 0 skipped");
    st_proc_free(&p);
    char *path = st_join(dir, "replayed.txt"), *text = st_read_file(path, NULL);
    free(path);
    HN_ASSERT_NOT_NULL(text);
    return text;
}

void it_verify_aligned(const char *dir, const char *const *files, const char *const *env)
{
    vt_provider p;
    vt_provider_start(&p);
    char base[128];
    snprintf(base, sizeof base, "API_BASE=%s", p.base);
    const char *all_env[32] = {base};
    size_t n = 1;
    for (; env && *env && n < 31; env++)
        all_env[n++] = *env;
    const char *args[64] = {"verify", "--json", "report.json"};
    size_t k = 3, nfiles = 0;
    for (; files[nfiles] && k < 63; nfiles++)
        args[k++] = files[nfiles];
    st_proc r;
    vt_honest(&r, dir, all_env, args);
    if (r.exit_code != 0)
        HN_LOG("honest verify:\n%s%s", r.out, r.err);
    HN_CHECK_EQ(r.exit_code, 0);
    st_proc_free(&r);
    char *path = st_join(dir, "report.json");
    cJSON *report = vt_json_file(path);
    const cJSON *fixtures = cJSON_GetObjectItem(report, "fixtures");
    HN_CHECK_EQ(cJSON_GetArraySize(fixtures), (int)nfiles);
    for (const cJSON *f = fixtures ? fixtures->child : NULL; f; f = f->next)
        HN_CHECK_STR_EQ(cJSON_GetStringValue(cJSON_GetObjectItem(f, "outcome")), "aligned");
    cJSON_Delete(report);
    free(path);
    vt_provider_stop(&p);
}
