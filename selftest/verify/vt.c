/* SPDX-License-Identifier: MIT */
/* vt.c: helpers of the verify, record and secrets selftests: the provider program
 * (started, switched between API versions, stopped), the `honest` tool run
 * in a scratch directory, and reading what it wrote. */
#include "vt.h"

#include <honest.h>

#include <cjson/cJSON.h>
#include <dirent.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

/* Reads one line from fd (at most cap - 1 bytes) within 10 s; 0 or -1. */
static int read_line(int fd, char *buf, size_t cap)
{
    size_t n = 0;
    while (n + 1 < cap) {
        struct pollfd pfd = {.fd = fd, .events = POLLIN};
        if (poll(&pfd, 1, 10000) <= 0)
            return -1;
        if (read(fd, buf + n, 1) != 1)
            return -1;
        if (buf[n] == '\n')
            break;
        n++;
    }
    buf[n] = '\0';
    return 0;
}

/* Starts the provider with the options opt, a and b (each may be NULL:
 * the end of the options); HTTPS when opt is --tls. */
static void start(vt_provider *p, const char *opt, const char *a, const char *b)
{
    int in[2], out[2];
    memset(p, 0, sizeof *p);
    HN_ASSERT_EQ(pipe(in), 0);
    HN_ASSERT_EQ(pipe(out), 0);
    p->pid = fork();
    HN_ASSERT_GE(p->pid, 0);
    if (p->pid == 0) {
        dup2(in[0], 0);
        dup2(out[1], 1);
        close(in[0]);
        close(in[1]);
        close(out[0]);
        close(out[1]);
        execl(ST_PROVIDER, ST_PROVIDER, opt, a, b, (char *)NULL);
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    p->in = in[1];
    p->out = out[0];
    fcntl(p->in, F_SETFD, FD_CLOEXEC);
    fcntl(p->out, F_SETFD, FD_CLOEXEC);
    char line[64];
    HN_ASSERT_EQ(read_line(p->out, line, sizeof line), 0);
    p->port = (unsigned)strtoul(line, NULL, 10);
    HN_ASSERT_GT(p->port, 0);
    int tls = opt && !strcmp(opt, "--tls");
    snprintf(p->base, sizeof p->base, "%s://127.0.0.1:%u", tls ? "https" : "http", p->port);
}

void vt_provider_start(vt_provider *p)
{
    start(p, NULL, NULL, NULL);
}

void vt_provider_start_tls(vt_provider *p, const char *cert, const char *key)
{
    start(p, "--tls", cert, key);
}

void vt_provider_start_secrets(vt_provider *p, const char *nonce)
{
    start(p, "--secrets", nonce, NULL);
}

static void command(vt_provider *p, const char *cmd, char *answer, size_t cap)
{
    HN_ASSERT_EQ(write(p->in, cmd, strlen(cmd)), (ssize_t)strlen(cmd));
    HN_ASSERT_EQ(read_line(p->out, answer, cap), 0);
}

void vt_provider_version(vt_provider *p, int v)
{
    char cmd[32], answer[32];
    snprintf(cmd, sizeof cmd, "version %d\n", v);
    command(p, cmd, answer, sizeof answer);
    HN_ASSERT_STR_EQ(answer, "ok");
}

long vt_provider_count(vt_provider *p)
{
    char answer[32];
    command(p, "count\n", answer, sizeof answer);
    return strtol(answer, NULL, 10);
}

int vt_provider_times(vt_provider *p, long long *out, int max)
{
    char answer[4096];
    command(p, "times\n", answer, sizeof answer);
    int n = 0;
    for (char *s = answer, *end; n < max && *s; s = end) {
        long long v = strtoll(s, &end, 10);
        if (end == s)
            break;
        out[n++] = v;
    }
    return n;
}

void vt_provider_stop(vt_provider *p)
{
    if (p->pid <= 0)
        return;
    close(p->in);
    int status;
    for (int i = 0; i < 200 && waitpid(p->pid, &status, WNOHANG) == 0; i++)
        usleep(10000);
    if (waitpid(p->pid, &status, WNOHANG) == 0) {
        kill(p->pid, SIGKILL);
        waitpid(p->pid, &status, 0);
    }
    close(p->out);
    p->pid = 0;
}

unsigned vt_dead_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof a;
    HN_ASSERT_GE(fd, 0);
    HN_ASSERT_EQ(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
    HN_ASSERT_EQ(getsockname(fd, (struct sockaddr *)&a, &len), 0);
    close(fd); /* never listened: connecting is refused */
    return ntohs(a.sin_port);
}

void vt_honest(st_proc *p, const char *dir, const char *const *env, const char *const *args)
{
    const char *argv[64] = {ST_HONEST};
    size_t n = 1;
    for (; args && *args && n < 63; args++)
        argv[n++] = *args;
    argv[n] = NULL;
    st_opts o = {.env = env, .cwd = dir, .timeout_ms = 60000};
    HN_ASSERT_EQ(st_run(p, argv, &o), 0);
    HN_ASSERT(!p->timed_out);
}

char *vt_record(const vt_provider *p, const char *dir, const char *path, const char *name,
                const char *const *extra)
{
    char url[256], out[256];
    snprintf(url, sizeof url, "%s%s", p->base, path);
    snprintf(out, sizeof out, "%s.json", name);
    const char *args[32] = {"record", "--url", url, "-o", out};
    size_t n = 5;
    for (; extra && *extra && n < 31; extra++)
        args[n++] = *extra;
    args[n] = NULL;
    st_proc r;
    vt_honest(&r, dir, NULL, args);
    if (r.exit_code != 0)
        HN_LOG("honest record %s: %s%s", url, r.out, r.err);
    HN_ASSERT_EQ(r.exit_code, 0);
    st_proc_free(&r);
    return st_join(dir, out);
}

cJSON *vt_json_file(const char *path)
{
    char *text = st_read_file(path, NULL);
    HN_ASSERT_NOT_NULL(text);
    cJSON *doc = cJSON_Parse(text);
    free(text);
    HN_ASSERT_NOT_NULL(doc);
    return doc;
}

void vt_json_write(const char *path, const cJSON *doc)
{
    char *text = cJSON_Print(doc);
    HN_ASSERT_NOT_NULL(text);
    HN_ASSERT_EQ(st_write_file(path, text), 0);
    free(text);
}

void vt_json_set(const char *path, const char *section, const char *key, const char *value)
{
    cJSON *doc = vt_json_file(path);
    cJSON *obj = section ? cJSON_GetObjectItem(doc, section) : doc;
    HN_ASSERT_NOT_NULL(obj);
    cJSON_DeleteItemFromObject(obj, key);
    cJSON_AddStringToObject(obj, key, value);
    vt_json_write(path, doc);
    cJSON_Delete(doc);
}

void vt_finish(vt_provider *p, char *dir)
{
    if (p)
        vt_provider_stop(p);
    st_rmtree(dir);
    free(dir);
}

const cJSON *vt_report_fixture(const cJSON *report, const char *name)
{
    const cJSON *f;
    cJSON_ArrayForEach(f, cJSON_GetObjectItem(report, "fixtures"))
        if (!strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(f, "name")), name))
            return f;
    return NULL;
}

int vt_temp_files_left(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int found = 0;
    while (d && (e = readdir(d)))
        if (strstr(e->d_name, ".tmp-"))
            found = 1;
    if (d)
        closedir(d);
    return found;
}

pid_t vt_spawn(const char *const *argv, const char *dir)
{
    pid_t pid = fork();
    HN_ASSERT_GE(pid, 0);
    if (pid == 0) {
        int null = open("/dev/null", O_RDWR);
        dup2(null, 0);
        dup2(null, 1);
        dup2(null, 2);
        if (dir && chdir(dir) != 0)
            _exit(126);
        execv(argv[0], (char *const *)argv);
        _exit(127);
    }
    return pid;
}

void vt_verify_against_provider(st_proc *p, const char *dir, const char *base_var,
                                const char *fixtures)
{
    vt_provider prov;
    vt_provider_start(&prov);
    char env_base[256];
    snprintf(env_base, sizeof env_base, "%s=%s", base_var, prov.base);
    const char *env[] = {env_base, NULL};
    const char *verify[] = {"verify", fixtures, NULL};
    vt_honest(p, dir, env, verify);
    vt_provider_stop(&prov);
}
