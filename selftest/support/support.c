/* SPDX-License-Identifier: MIT */
/* support.c: run real programs for the selftests and capture their output. */
#include "support.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

typedef struct sink {
    char *buf;
    size_t len, cap;
} sink;

static void sink_add(sink *s, const char *p, size_t n)
{
    if (s->len + n + 1 > s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 4096;
        while (cap < s->len + n + 1)
            cap *= 2;
        s->buf = realloc(s->buf, cap);
        if (!s->buf)
            abort();
        s->cap = cap;
    }
    memcpy(s->buf + s->len, p, n);
    s->len += n;
    s->buf[s->len] = '\0';
}

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void apply_env(const char *const *env)
{
    for (; env && *env; env++) {
        const char *eq = strchr(*env, '=');
        if (!eq) {
            unsetenv(*env);
            continue;
        }
        char key[256];
        size_t n = (size_t)(eq - *env);
        if (n >= sizeof key)
            continue;
        memcpy(key, *env, n);
        key[n] = '\0';
        setenv(key, eq + 1, 1);
    }
}

static void child(const char *const argv[], const st_opts *o, int in, int out,
                  int err)
{
    dup2(in, 0);
    dup2(out, 1);
    dup2(err, 2);
    setpgid(0, 0);
    apply_env(o->env);
    if (o->cwd && chdir(o->cwd) != 0)
        _exit(126);
    execv(argv[0], (char *const *)argv);
    _exit(127);
}

/* Pumps the child's pipes until both close and it exits, or time runs out. */
static void pump(pid_t pid, int fo, int fe, int fi, const char *input,
                 st_proc *p, int timeout_ms)
{
    sink so = {0}, se = {0};
    size_t in_len = input ? strlen(input) : 0, in_off = 0;
    long long deadline = now_ms() + timeout_ms;
    int open_out = 1, open_err = 1;
    if (in_len == 0) {
        close(fi);
        fi = -1;
    }
    while (open_out || open_err) {
        struct pollfd fds[3] = {{fo, POLLIN, 0}, {fe, POLLIN, 0}, {fi, POLLOUT, 0}};
        if (!open_out)
            fds[0].fd = -1;
        if (!open_err)
            fds[1].fd = -1;
        long long left = deadline - now_ms();
        if (left <= 0) {
            kill(-pid, SIGKILL);
            kill(pid, SIGKILL);
            p->timed_out = 1;
            break;
        }
        if (poll(fds, 3, (int)left) < 0 && errno != EINTR)
            break;
        char buf[65536];
        for (int i = 0; i < 2; i++) {
            if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            ssize_t n = read(fds[i].fd, buf, sizeof buf);
            if (n > 0)
                sink_add(i == 0 ? &so : &se, buf, (size_t)n);
            else if (i == 0)
                open_out = 0;
            else
                open_err = 0;
        }
        if (fi >= 0 && (fds[2].revents & (POLLOUT | POLLERR | POLLHUP))) {
            ssize_t n = write(fi, input + in_off, in_len - in_off);
            if (n > 0)
                in_off += (size_t)n;
            if (n <= 0 || in_off == in_len) {
                close(fi);
                fi = -1;
            }
        }
    }
    if (fi >= 0)
        close(fi);
    sink_add(&so, "", 0);
    sink_add(&se, "", 0);
    p->out = so.buf;
    p->out_len = so.len;
    p->err = se.buf;
    p->err_len = se.len;
}

int st_run(st_proc *p, const char *const argv[], const st_opts *opts)
{
    st_opts none = {0};
    const st_opts *o = opts ? opts : &none;
    int po[2], pe[2], pi[2];
    memset(p, 0, sizeof *p);
    if (pipe2(po, O_CLOEXEC) || pipe2(pe, O_CLOEXEC) || pipe2(pi, O_CLOEXEC))
        return -1;
    signal(SIGPIPE, SIG_IGN);
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0)
        child(argv, o, pi[0], po[1], pe[1]);
    close(po[1]);
    close(pe[1]);
    close(pi[0]);
    pump(pid, po[0], pe[0], pi[1], o->input, p, o->timeout_ms ? o->timeout_ms : 60000);
    close(po[0]);
    close(pe[0]);
    int status = 0;
    struct rusage ru;
    memset(&ru, 0, sizeof ru);
    while (wait4(pid, &status, 0, &ru) < 0 && errno == EINTR)
        ;
    p->cpu_ms = (long)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000 +
                (long)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1000;
    kill(-pid, SIGKILL); /* stragglers the program left behind */
    if (WIFEXITED(status)) {
        p->exited = 1;
        p->exit_code = WEXITSTATUS(status);
    } else if (WIFSIGNALED(status)) {
        p->signal = WTERMSIG(status);
    }
    return 0;
}

void st_proc_free(st_proc *p)
{
    free(p->out);
    free(p->err);
    p->out = p->err = NULL;
}

const char *st_last_line(const st_proc *p)
{
    static char line[1024];
    size_t end = p->out_len;
    while (end > 0 && p->out[end - 1] == '\n')
        end--;
    size_t start = end;
    while (start > 0 && p->out[start - 1] != '\n')
        start--;
    size_t n = end - start < sizeof line - 1 ? end - start : sizeof line - 1;
    memcpy(line, p->out + start, n);
    line[n] = '\0';
    return line;
}

int st_count(const char *haystack, const char *needle)
{
    int n = 0;
    size_t len = strlen(needle);
    for (const char *p = haystack; len && (p = strstr(p, needle)); p += len)
        n++;
    return n;
}

char *st_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    sink s = {0};
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        sink_add(&s, buf, n);
    fclose(f);
    sink_add(&s, "", 0);
    if (len)
        *len = s.len;
    return s.buf;
}

int st_write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    size_t n = strlen(text);
    int ok = fwrite(text, 1, n, f) == n;
    return (fclose(f) == 0 && ok) ? 0 : -1;
}

char *st_tmpdir(void)
{
    const char *base = getenv("TMPDIR");
    char *path = st_join(base && *base ? base : "/tmp", "honest-selftest-XXXXXX");
    if (!mkdtemp(path)) {
        free(path);
        return NULL;
    }
    return path;
}

static int rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

void st_rmtree(const char *path)
{
    if (path)
        nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

char *st_join(const char *dir, const char *name)
{
    size_t a = strlen(dir), b = strlen(name);
    char *p = malloc(a + b + 2);
    if (!p)
        abort();
    memcpy(p, dir, a);
    p[a] = '/';
    memcpy(p + a + 1, name, b + 1);
    return p;
}

int st_ld_binds(st_proc *p, const char *const argv[], const char *symbol)
{
    char *dir = st_tmpdir(), *trace = st_join(dir, "ld"), out[600], needle[256];
    snprintf(out, sizeof out, "LD_DEBUG_OUTPUT=%s", trace);
    const char *env[] = {"LD_DEBUG=bindings", out, NULL};
    int n = -1;
    if (st_run(p, argv, &(st_opts){.env = env, .timeout_ms = 60000}) == 0) {
        /* One file a process that started a program: forks write to their
         * parent's. */
        const char *cat[] = {"/bin/sh", "-c", "cat \"$0\".*", trace, NULL};
        st_proc t;
        if (st_run(&t, cat, NULL) == 0 && t.exited && t.exit_code == 0) {
            snprintf(needle, sizeof needle, "normal symbol `%s'", symbol);
            n = st_count(t.out, needle);
        }
        st_proc_free(&t);
    }
    st_rmtree(dir);
    free(trace);
    free(dir);
    return n;
}
