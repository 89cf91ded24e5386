/* SPDX-License-Identifier: MIT */
/* sv.c: the helpers of sv.h. */
#include "sv.h"

#include <honest.h>

#include <curl/curl.h>
#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "support.h"

void sv_start(sv_server *s, const char *dir, const char *const *args)
{
    int out[2];
    memset(s, 0, sizeof *s);
    s->errfile = st_join(dir, "server-stderr.txt");
    HN_ASSERT_EQ(pipe(out), 0);
    s->pid = fork();
    HN_ASSERT_GE(s->pid, 0);
    if (s->pid == 0) {
        int err = open(s->errfile, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (chdir(dir) != 0 || err < 0)
            _exit(126);
        dup2(out[1], 1);
        dup2(err, 2);
        close(out[0]);
        close(out[1]);
        close(err);
        const char *argv[32] = {ST_HONEST};
        size_t n = 1;
        for (; *args && n < 31; args++)
            argv[n++] = *args;
        argv[n] = NULL;
        execv(ST_HONEST, (char *const *)argv);
        _exit(127);
    }
    close(out[1]);
    s->out = out[0];
    fcntl(s->out, F_SETFD, FD_CLOEXEC);
    size_t n = 0;
    while (n + 1 < sizeof s->first) {
        struct pollfd p = {s->out, POLLIN, 0};
        HN_ASSERT_EQ(poll(&p, 1, 10000), 1);
        char c;
        if (read(s->out, &c, 1) != 1)
            break;
        if (c == '\n')
            break;
        s->first[n++] = c;
    }
    s->first[n] = '\0';
    const char *sp = strrchr(s->first, ' ');
    if (!sp || strncmp(sp + 1, "http", 4)) {
        char *err = sv_stderr(s);
        HN_FAIL("the server printed no base URL: first line \"%s\", stderr: %s", s->first, err);
    }
    snprintf(s->base, sizeof s->base, "%s", sp + 1);
}

char *sv_stderr(const sv_server *s)
{
    char *t = st_read_file(s->errfile, NULL);
    return t ? t : strdup("");
}

char *sv_stop(sv_server *s, int sig, int *status)
{
    kill(s->pid, sig);
    size_t cap = 4096, n = 0;
    char *text = malloc(cap);
    for (;;) {
        struct pollfd p = {s->out, POLLIN, 0};
        if (poll(&p, 1, 10000) != 1)
            break;
        if (n + 1024 > cap)
            text = realloc(text, cap *= 2);
        ssize_t got = read(s->out, text + n, cap - n - 1);
        if (got <= 0)
            break;
        n += (size_t)got;
    }
    text[n] = '\0';
    int st = 0;
    for (int i = 0; i < 500 && waitpid(s->pid, &st, WNOHANG) == 0; i++)
        usleep(10000);
    if (waitpid(s->pid, &st, WNOHANG) == 0) {
        kill(s->pid, SIGKILL);
        waitpid(s->pid, &st, 0);
    }
    *status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    close(s->out);
    s->pid = 0;
    free(s->errfile);
    s->errfile = NULL;
    return text;
}

static size_t on_body(char *p, size_t size, size_t n, void *data)
{
    sv_resp *r = data;
    r->body = realloc(r->body, r->len + size * n + 1);
    memcpy(r->body + r->len, p, size * n);
    r->len += size * n;
    r->body[r->len] = '\0';
    return size * n;
}

void sv_request(sv_resp *r, const char *method, const char *url, const char *const *headers,
                const char *body, const char *cainfo)
{
    memset(r, 0, sizeof *r);
    r->body = calloc(1, 1);
    CURL *c = curl_easy_init();
    HN_ASSERT_NOT_NULL(c);
    struct curl_slist *h = NULL;
    for (; headers && *headers; headers++)
        h = curl_slist_append(h, *headers);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, r);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, 20000L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    if (cainfo)
        curl_easy_setopt(c, CURLOPT_CAINFO, cainfo);
    if (body) {
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
    }
    if (!strcmp(method, "HEAD"))
        curl_easy_setopt(c, CURLOPT_NOBODY, 1L); /* no body is read after the headers */
    else if (strcmp(method, body ? "POST" : "GET"))
        curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    r->code = (int)curl_easy_perform(c);
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
    char *ct = NULL;
    curl_easy_getinfo(c, CURLINFO_CONTENT_TYPE, &ct);
    r->ctype = ct ? strdup(ct) : NULL;
    struct curl_header *v = NULL;
    if (curl_easy_header(c, "X-Honest-Variant", 0, CURLH_HEADER, -1, &v) == CURLHE_OK)
        r->variant = strdup(v->value);
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
}

void sv_resp_free(sv_resp *r)
{
    free(r->body);
    free(r->ctype);
    free(r->variant);
    memset(r, 0, sizeof *r);
}

void sv_fixture(const char *dir, const char *name, const char *json)
{
    char *p = st_join(dir, name);
    HN_ASSERT_EQ(st_write_file(p, json), 0);
    free(p);
}

int sv_json_files(const char *dir, int *tmp)
{
    DIR *d = opendir(dir);
    int n = 0, other = 0;
    HN_ASSERT_NOT_NULL(d);
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        size_t len = strlen(e->d_name);
        if (e->d_name[0] == '.' && (len == 1 || (len == 2 && e->d_name[1] == '.')))
            continue;
        if (len > 5 && !strcmp(e->d_name + len - 5, ".json") && e->d_name[0] != '.')
            n++;
        else if (strcmp(e->d_name, "server-stderr.txt"))
            other++;
    }
    closedir(d);
    if (tmp)
        *tmp = other;
    return n;
}

int sv_fd_count(pid_t pid)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/fd", (int)pid);
    DIR *d = opendir(path);
    if (!d)
        return -1;
    int n = 0;
    for (struct dirent *e; (e = readdir(d)) != NULL;)
        n += e->d_name[0] != '.';
    closedir(d);
    return n;
}

long sv_rss_kib(pid_t pid)
{
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
    FILE *f = fopen(path, "r");
    long kib = -1;
    while (f && fgets(line, sizeof line, f))
        if (!strncmp(line, "VmRSS:", 6))
            kib = strtol(line + 6, NULL, 10);
    if (f)
        fclose(f);
    return kib;
}
