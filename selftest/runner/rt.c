/* SPDX-License-Identifier: MIT */
/* rt.c: helpers of the runner's selftests (see rt.h). */
#include "rt.h"

#include <errno.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <honest.h>

#define RING 8

static char *ring_slot(void)
{
    static char bufs[RING][4096];
    static int next;
    return bufs[next++ % RING];
}

const char *rt_prog(const char *name)
{
    if (name[0] == '/')
        return name;
    char *p = ring_slot();
    snprintf(p, 4096, "%s/%s", RT_PROGS_DIR, name);
    return p;
}

const char *rt_path(const char *dir, const char *name)
{
    char *p = ring_slot();
    snprintf(p, 4096, "%s/%s", dir, name);
    return p;
}

/* The clean environment every subject runs in, then the caller's entries. */
static void environment(const char **env, size_t cap, const char *const *extra, char *asan,
                        size_t asan_cap)
{
    static const char *const unset[] = {
        "GTEST_TOTAL_SHARDS", "GTEST_SHARD_INDEX", "TEST_TOTAL_SHARDS", "TEST_SHARD_INDEX",
        "TEST_SHARD_STATUS_FILE", "XML_OUTPUT_FILE", "NO_COLOR", "CI",
    };
    size_t n = 0;
    for (size_t i = 0; i < sizeof unset / sizeof unset[0]; i++)
        env[n++] = unset[i];
    /* Crash tests need the signals themselves, not AddressSanitizer's report. */
    const char *old = getenv("ASAN_OPTIONS");
    snprintf(asan, asan_cap, "ASAN_OPTIONS=%s%shandle_segv=0:handle_sigfpe=0:handle_sigbus=0",
             old ? old : "", old && *old ? ":" : "");
    env[n++] = asan;
    for (; extra && *extra && n + 1 < cap; extra++)
        env[n++] = *extra;
    env[n] = NULL;
}

static void run_argv(st_proc *p, const char *const *argv, const char *const *extra,
                     int timeout_ms)
{
    const char *env[64];
    char asan[1024];
    environment(env, 64, extra, asan, sizeof asan);
    st_opts o = {.env = env, .timeout_ms = timeout_ms ? timeout_ms : 30000};
    int rc = st_run(p, argv, &o);
    if (rc != 0)
        HN_FAIL("could not start %s: %s", argv[0], strerror(errno));
    if (p->timed_out)
        HN_FAIL("%s did not finish within %d ms; its output so far:\n%s\n%s", argv[0],
                o.timeout_ms, p->out, p->err);
}

void rt_run(st_proc *p, const char *prog, const char *const *args, const char *const *env,
            int timeout_ms)
{
    const char *argv[40];
    size_t n = 0;
    argv[n++] = rt_prog(prog);
    for (; args && *args && n + 1 < 40; args++)
        argv[n++] = *args;
    argv[n] = NULL;
    run_argv(p, argv, env, timeout_ms);
}

void rt_sh(st_proc *p, const char *cmdline, const char *const *env, int timeout_ms)
{
    const char *argv[] = {"/bin/sh", "-c", cmdline, NULL};
    run_argv(p, argv, env, timeout_ms);
}

/* Text built with stdio into memory. */
typedef struct strbuf {
    FILE *f;
    char *s;
    size_t len;
} strbuf;

static void start(strbuf *b)
{
    b->f = open_memstream(&b->s, &b->len);
    if (!b->f)
        abort();
}

static void add(strbuf *b, const char *p, size_t n)
{
    fwrite(p, 1, n, b->f);
}

static char *finish(strbuf *b)
{
    fclose(b->f);
    return b->s;
}

/* Replaces every match of the extended regex pat with rep (literal). */
char *rt_replace(char *text, const char *pat, const char *rep)
{
    regex_t re;
    regmatch_t m;
    strbuf b;
    if (regcomp(&re, pat, REG_EXTENDED | REG_NEWLINE) != 0)
        abort();
    const char *p = text;
    start(&b);
    while (*p && regexec(&re, p, 1, &m, p == text ? 0 : REG_NOTBOL) == 0) {
        add(&b, p, (size_t)m.rm_so);
        add(&b, rep, strlen(rep));
        p += m.rm_eo > m.rm_so ? m.rm_eo : m.rm_so + 1;
    }
    add(&b, p, strlen(p));
    regfree(&re);
    free(text);
    return finish(&b);
}

static char *replace_str(char *text, const char *from, const char *to)
{
    strbuf b;
    size_t n = strlen(from);
    const char *p = text, *q;
    start(&b);
    while (n && (q = strstr(p, from))) {
        add(&b, p, (size_t)(q - p));
        add(&b, to, strlen(to));
        p = q + n;
    }
    add(&b, p, strlen(p));
    free(text);
    return finish(&b);
}

char *rt_norm(const char *text)
{
    static const char *const rules[][2] = {
        {"\\([0-9]+\\.[0-9]+ ms\\)", "(T ms)"},
        {"duration_ms: [0-9]+\\.[0-9]+", "duration_ms: T"},
        {"\"duration_ms\": [0-9]+\\.[0-9]+", "\"duration_ms\": T"},
        {" time=\"[0-9]+\\.[0-9]+\"", " time=\"T\""},
        {"timestamp=\"[^\"]*\"", "timestamp=\"TS\""},
        {"\"started_at\": \"[^\"]*\"", "\"started_at\": \"TS\""},
    };
    char *s = strdup(text ? text : "");
    if (!s)
        abort();
    s = replace_str(s, "\r", "");
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
        s = rt_replace(s, rules[i][0], rules[i][1]);
    s = replace_str(s, RT_SRC_DIR, "@SRC@");
    s = replace_str(s, HN_VERSION, "@VERSION@");
    return s;
}

char *rt_read(const char *path)
{
    char *text = st_read_file(path, NULL);
    if (!text)
        HN_FAIL("cannot read %s: %s", path, strerror(errno));
    return text;
}

int rt_line_of(const char *file, const char *needle)
{
    char *text = rt_read(file);
    const char *hit = strstr(text, needle);
    int line = 1;
    for (const char *p = text; hit && p < hit; p++)
        line += *p == '\n';
    free(text);
    if (!hit)
        HN_FAIL("%s holds no line with '%s'", file, needle);
    return line;
}

/* Line `no` (1-based) of text, into buf. */
static const char *line_of(const char *text, int no, char *buf, size_t cap)
{
    const char *p = text;
    for (int i = 1; i < no && p; i++) {
        p = strchr(p, '\n');
        p = p ? p + 1 : NULL;
    }
    if (!p || !*p)
        return "(end of text)";
    size_t n = strcspn(p, "\n");
    snprintf(buf, cap, "%.*s", (int)(n < cap - 1 ? n : cap - 1), p);
    return buf;
}

void rt_golden(const char *name, const char *actual)
{
    char expected_path[4096], actual_path[4096];
    snprintf(expected_path, sizeof expected_path, "%s/expected/%s", RT_SRC_DIR, name);
    snprintf(actual_path, sizeof actual_path, "%s/actual", RT_BIN_DIR);
    mkdir(actual_path, 0755);
    snprintf(actual_path, sizeof actual_path, "%s/actual/%s", RT_BIN_DIR, name);
    char *got = rt_norm(actual);
    char *want = st_read_file(expected_path, NULL);
    int same = want && strcmp(want, got) == 0;
    if (!same)
        st_write_file(actual_path, got);
    if (!want) {
        free(got);
        HN_FAIL("no golden file %s; this run's output is in %s", expected_path, actual_path);
    }
    int line = 1;
    for (size_t i = 0; !same && want[i] == got[i] && got[i]; i++)
        line += got[i] == '\n';
    char a[512], b[512];
    if (!same) {
        const char *wl = line_of(want, line, a, sizeof a), *gl = line_of(got, line, b, sizeof b);
        free(want);
        free(got);
        HN_FAIL("output differs from expected/%s at line %d\n  expected: %s\n  actual:   %s\n"
                "  see: diff -u %s %s",
                name, line, wl, gl, expected_path, actual_path);
    }
    HN_ASSERT(same);
    free(want);
    free(got);
}

char *rt_names(const char *text)
{
    static const char *const labels[] = {"PASS ", "FAIL ", "SKIP ", "CRASH ", "TIMEOUT "};
    strbuf b;
    start(&b);
    for (const char *p = text; p && *p;) {
        size_t n = strcspn(p, "\n");
        for (size_t k = 0; k < 5; k++) {
            size_t l = strlen(labels[k]);
            if (n > 8 && strncmp(p, labels[k], l) == 0) {
                const char *name = p + 8; /* "%-7s " */
                size_t m = strcspn(name, " \n");
                add(&b, name, m);
                add(&b, "\n", 1);
            }
        }
        p += n + (p[n] == '\n');
    }
    return finish(&b);
}

const char *rt_first_line(const char *text)
{
    static char line[1024];
    size_t n = strcspn(text, "\n");
    snprintf(line, sizeof line, "%.*s", (int)(n < sizeof line - 1 ? n : sizeof line - 1), text);
    return line;
}

static char *dirs[16];
static int ndirs;

const char *rt_tmpdir(void)
{
    char *d = st_tmpdir();
    HN_ASSERT_NOT_NULL(d);
    if (ndirs < 16)
        dirs[ndirs++] = d;
    return d;
}

void rt_cleanup(void)
{
    for (int i = 0; i < ndirs; i++) {
        st_rmtree(dirs[i]);
        free(dirs[i]);
    }
    ndirs = 0;
}

pid_t rt_start(const char *prog, const char *const *args, int *out)
{
    int fds[2];
    const char *argv[32] = {prog};
    size_t n = 1;
    for (; args[n - 1] && n < 31; n++)
        argv[n] = args[n - 1];
    argv[n] = NULL;
    HN_ASSERT_EQ(pipe(fds), 0);
    const char *path = rt_prog(prog);
    pid_t pid = fork();
    HN_ASSERT_GE(pid, 0);
    if (pid == 0) {
        dup2(fds[1], 1);
        close(fds[0]);
        execv(path, (char *const *)argv);
        _exit(127);
    }
    close(fds[1]);
    *out = fds[0];
    return pid;
}
