/* SPDX-License-Identifier: MIT */
/* verify_docs.c: docs/verify.md is real. Its marked blocks are run against
 * the provider: `<!-- st: NAME -->` before a fence whose lines start "$ "
 * runs those commands (honest is the built tool; "cat FILE" writes the lines
 * that follow into FILE) and the other lines must appear in what they print;
 * `<!-- st: fixture PATH -->` must appear in that file; `<!-- st: yaml NAME
 * -->` must parse, and its honest verify command must run. Ports, dates,
 * times and byte counts are compared as PORT, DATE, T and N. */
#include <honest.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "docs.h"
#include "support.h"
#include "vt.h"

/* ---- normalising ---------------------------------------------------------- */

/* text with ports, dates, times and sizes made comparable (a new string). */
static char *norm(const char *text)
{
    static const char *const rules[][2] = {
        {"127\\.0\\.0\\.1:[0-9]+", "127.0.0.1:PORT"},
        {"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z", "DATE"},
        {"[A-Z][a-z]{2}, [0-9]{2} [A-Z][a-z]{2} [0-9]{4} [0-9:]{8} GMT", "DATE"},
        {"[0-9]{4}-[0-9]{2}-[0-9]{2}", "DATE"},
        {"in [0-9]+\\.[0-9]+ s", "in T s"},
        {"[0-9]+ bytes", "N bytes"},
    };
    char *s = strdup(text);
    for (size_t i = 0; i < sizeof rules / sizeof *rules; i++) {
        char *t = st_replace_all(s, rules[i][0], rules[i][1]);
        free(s);
        s = t;
    }
    return s;
}

/* ---- the marked blocks ---------------------------------------------------- */

/* The block after `<!-- st: NAME -->` (a new string), or fails the test. */
static char *block(const char *name)
{
    char *path = st_join(ST_SOURCE_DIR, "docs/verify.md"), *text = st_doc_block(path, name);
    free(path);
    return text;
}

/* Splits a command line into words (single quotes group; no other shell
 * syntax); leading NAME=VALUE words go to env. Both arrays end with NULL. */
static void split(char *line, const char **argv, const char **env, const char *port)
{
    size_t na = 0, ne = 0;
    static char words[32][512];
    size_t nw = 0;
    for (char *p = line; *p && nw < 32;) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        char *w = words[nw++];
        size_t o = 0;
        while (*p && *p != ' ') {
            if (*p == '\'') {
                char *end = strchr(p + 1, '\'');
                HN_ASSERT_NOT_NULL(end);
                memcpy(w + o, p + 1, (size_t)(end - p - 1));
                o += (size_t)(end - p - 1);
                p = end + 1;
            } else {
                w[o++] = *p++;
            }
        }
        w[o] = '\0';
        char *ph = strstr(w, "127.0.0.1:PORT");
        if (ph) { /* the provider's real port */
            char rest[512];
            snprintf(rest, sizeof rest, "%s", ph + strlen("127.0.0.1:PORT"));
            snprintf(ph, sizeof words[0] - (size_t)(ph - w), "127.0.0.1:%s%s", port, rest);
        }
        if (!na && strchr(w, '=') && w[0] != '-')
            env[ne++] = w;
        else if (!na && !strcmp(w, "honest"))
            argv[na++] = ST_HONEST;
        else
            argv[na++] = w;
    }
    argv[na] = env[ne] = NULL;
}

/* Runs the "$ " commands of block NAME in dir and checks what they print:
 * in_order: each expected line appears, in order ("..." lines skipped);
 * otherwise the expected lines of each command appear as one piece. */
static void run_block(const char *name, const char *dir, const vt_provider *p, int in_order)
{
    char *b = block(name), *rest = b, *line, port[16];
    snprintf(port, sizeof port, "%u", p->port);
    char *out = NULL, *expected = calloc(1, strlen(b) + 1), *cat = NULL;
    for (;;) {
        line = strsep(&rest, "\n");
        int end = line == NULL || !strncmp(line, "$ ", 2);
        if (end && cat) {
            char *path = st_join(dir, cat);
            HN_ASSERT_EQ(st_write_file(path, expected), 0);
            free(path);
            free(cat);
            cat = NULL;
        } else if (end && out) {
            char *got = norm(out), *want = norm(expected);
            size_t n = strlen(want);
            while (n > 1 && want[n - 1] == '\n' && want[n - 2] == '\n')
                want[--n] = '\0'; /* the blank lines before the fence */
            if (!in_order) {
                if (!strstr(got, want))
                    HN_FAIL("docs/verify.md block %s: expected\n%s\nin what the command "
                            "printed:\n%s", name, want, got);
            } else {
                const char *at = got;
                for (char *w = strtok(want, "\n"); w; w = strtok(NULL, "\n"))
                    if (strcmp(w, "...") && !(at = strstr(at, w)))
                        HN_FAIL("docs/verify.md block %s: \"%s\" not printed (in order)", name,
                                w);
            }
            HN_CHECK(1);
            free(got);
            free(want);
            free(out);
            out = NULL;
        }
        if (!line)
            break;
        if (!end) {
            strcat(expected, line);
            strcat(expected, "\n");
            continue;
        }
        expected[0] = '\0';
        if (!strncmp(line, "$ cat ", 6)) {
            cat = strdup(line + 6);
            continue;
        }
        const char *argv[40], *env[8];
        split(line + 2, argv, env, port);
        st_proc r;
        st_opts o = {.env = env, .cwd = dir};
        HN_ASSERT_EQ(st_run(&r, argv, &o), 0);
        out = malloc(r.out_len + r.err_len + 1);
        memcpy(out, r.out, r.out_len);
        memcpy(out + r.out_len, r.err, r.err_len + 1);
        st_proc_free(&r);
    }
    free(expected);
    free(b);
}

/* The block "fixture REL" (or "fixture REL, PART") is a part of dir/REL. */
static void check_fixture_part(const char *dir, const char *rel, const char *part)
{
    char name[256];
    snprintf(name, sizeof name, "fixture %s%s%s", rel, part ? ", " : "", part ? part : "");
    char *b = block(name), *path = st_join(dir, rel), *text = st_read_file(path, NULL);
    HN_ASSERT_NOT_NULL(text);
    char *got = norm(text), *want = norm(b);
    if (!strstr(got, want))
        HN_FAIL("docs/verify.md: %s is not a part of the recorded fixture:\n%s", rel, got);
    HN_CHECK(1);
    free(got);
    free(want);
    free(text);
    free(path);
    free(b);
}

static void check_fixture(const char *dir, const char *rel)
{
    check_fixture_part(dir, rel, NULL);
}

/* ---- the walkthrough ------------------------------------------------------ */

HN_TEST(verify_docs, recording)
{
    vt_provider p;
    vt_provider_start(&p);
    char *dir = st_tmpdir();
    run_block("record", dir, &p, 0);
    check_fixture(dir, "fixtures/user.json");
    vt_finish(&p, dir);
}

HN_TEST(verify_docs, redaction)
{
    vt_provider p;
    vt_provider_start(&p);
    char *dir = st_tmpdir(), *fx = st_join(dir, "fixtures");
    HN_ASSERT_EQ(mkdir(fx, 0777), 0);
    run_block("redact", dir, &p, 0);
    check_fixture(dir, "fixtures/echo.json");
    check_fixture_part(dir, "fixtures/echo.json", "rules"); /* --redact is kept */
    free(fx);
    vt_finish(&p, dir);
}

/* The three fixtures the report section starts from, recorded from version 1,
 * with the provider switched to version 2. */
static char *drifted(vt_provider *p)
{
    char *dir = st_tmpdir();
    const char *user[] = {"--name", "accounts.user", "--service", "accounts", NULL};
    const char *order[] = {"--name", "orders.get", NULL};
    free(vt_record(p, dir, "/v1/all", "fixtures/user", user));
    free(vt_record(p, dir, "/v1/stable", "fixtures/stable", NULL));
    free(vt_record(p, dir, "/v1/status", "fixtures/order", order));
    vt_provider_version(p, 2);
    return dir;
}

HN_TEST(verify_docs, reading_the_report)
{
    vt_provider p;
    vt_provider_start(&p);
    char *dir = drifted(&p);
    run_block("report", dir, &p, 0);
    vt_finish(&p, dir);
}

HN_TEST(verify_docs, shards_merged)
{
    vt_provider p;
    vt_provider_start(&p);
    char *dir = drifted(&p);
    run_block("merge", dir, &p, 1);
    char *path = st_join(dir, "verify.md"), *md = st_read_file(path, NULL);
    HN_CHECK_STR_CONTAINS(md, "| drifted | 0 | accounts.user | `fixtures/user.json` | 5 (+2 "
                              "warnings) |");
    free(md);
    free(path);
    vt_finish(&p, dir);
}

HN_TEST(verify_docs, markdown_report)
{
    vt_provider p;
    vt_provider_start(&p);
    char *dir = drifted(&p);
    st_proc r;
    const char *args[] = {"verify", "--markdown", "r.md", "fixtures", NULL};
    vt_honest(&r, dir, NULL, args);
    st_proc_free(&r);
    char *path = st_join(dir, "r.md"), *md = st_read_file(path, NULL), *b = block("markdown");
    HN_ASSERT_NOT_NULL(md);
    char *got = norm(md);
    for (char *line = strtok(b, "\n"); line; line = strtok(NULL, "\n"))
        if (strcmp(line, "...") && !strstr(got, line))
            HN_FAIL("docs/verify.md markdown line not in the report: %s", line);
    HN_CHECK(1);
    free(got);
    free(b);
    free(md);
    free(path);
    vt_finish(&p, dir);
}

HN_TEST(verify_docs, updating)
{
    vt_provider p;
    vt_provider_start(&p);
    char *dir = drifted(&p);
    char *order = st_join(dir, "fixtures/order.json");
    char *text = st_read_file(order, NULL); /* a week old, so recorded_at changes */
    char *old = st_replace_all(text, "\"recorded_at\": \"[^\"]*\"",
                            "\"recorded_at\": \"2026-01-01T00:00:00Z\"");
    HN_ASSERT_EQ(st_write_file(order, old), 0);
    run_block("update", dir, &p, 1);
    free(old);
    free(text);
    free(order);
    vt_finish(&p, dir);
}

/* The honest verify command of a YAML block, run in dir: its options must be
 * accepted (not exit 2) and its reports written. */
static void yaml_block(const char *name)
{
    char marker[64];
    snprintf(marker, sizeof marker, "yaml %s", name);
    char *b = block(marker), *dir = st_tmpdir(), *file = st_join(dir, "ci.yml");
    HN_ASSERT_EQ(st_write_file(file, b), 0);
    st_proc r;
    const char *py[] = {"/usr/bin/python3", "-c",
                        "import sys, yaml; yaml.safe_load(open(sys.argv[1]))", file, NULL};
    HN_ASSERT_EQ(st_run(&r, py, NULL), 0);
    if (strstr(r.err, "No module named 'yaml'"))
        HN_LOG("python3-yaml is not installed: the YAML was not parsed");
    else
        HN_CHECK_EQ(r.exit_code, 0);
    st_proc_free(&r);

    vt_provider p;
    vt_provider_start(&p);
    free(vt_record(&p, dir, "/v1/stable", "tests/fixtures/stable", NULL));
    /* The command: from "build/honest verify" to "tests/fixtures", joined. */
    char *cmd = strstr(b, "build/honest verify"), *end = cmd ? strstr(cmd, "tests/fixtures") : NULL;
    HN_ASSERT(cmd && end);
    char line[1024];
    size_t o = 0;
    for (const char *s = cmd + strlen("build/honest "); s < end + strlen("tests/fixtures"); s++)
        if (*s != '\\' && *s != '\n' && !(*s == ' ' && o && line[o - 1] == ' '))
            line[o++] = *s;
    line[o] = '\0';
    const char *argv[40] = {ST_HONEST}, *env[8];
    char port[16];
    snprintf(port, sizeof port, "%u", p.port);
    split(line, argv + 1, env, port);
    st_opts opts = {.cwd = dir};
    HN_ASSERT_EQ(st_run(&r, argv, &opts), 0);
    HN_CHECK_EQ(r.exit_code, 0);
    st_proc_free(&r);
    const char *reports[] = {"verify.json", "verify.xml", "verify.md"};
    for (int i = 0; i < 3; i++) {
        char *path = st_join(dir, reports[i]), *text = st_read_file(path, NULL);
        HN_CHECK_NOT_NULL(text);
        free(text);
        free(path);
    }
    vt_provider_stop(&p);
    free(file);
    free(b);
    vt_finish(NULL, dir);
}

HN_TEST(verify_docs, github_actions_workflow)
{
    yaml_block("github");
}

HN_TEST(verify_docs, gitlab_pipeline)
{
    yaml_block("gitlab");
}
