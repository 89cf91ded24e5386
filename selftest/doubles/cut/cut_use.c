/* SPDX-License-Identifier: MIT */
/* cut_use.c: code under test calling the dependencies of cut_core.c from
 * another object file (so the link seam reaches every call), and libc. */
#include "cut.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

int cut_twice(int x)
{
    return cut_add(x, x);
}

int cut_greet(int fd, const char *who)
{
    char buf[64];
    snprintf(buf, sizeof buf, "hello %s", who);
    int r = cut_send(fd, buf);
    memset(buf, 'X', sizeof buf - 1); /* a spy must have copied it */
    buf[sizeof buf - 1] = '\0';
    return r;
}

long cut_push(int fd, size_t n)
{
    unsigned char buf[32];
    if (n > sizeof buf)
        n = sizeof buf;
    for (size_t i = 0; i < n; i++)
        buf[i] = (unsigned char)(i + 1);
    long r = cut_write(fd, buf, n);
    memset(buf, 0, sizeof buf);
    return r;
}

int cut_load(struct cut_cfg *out)
{
    return cut_read_cfg("/etc/cut.conf", out);
}

long cut_now(void)
{
    return (long)time(NULL);
}

struct worker {
    pthread_t thread;
    int id, calls;
    long sum;
};

static void *work(void *p)
{
    struct worker *w = p;
    for (int i = 0; i < w->calls; i++)
        w->sum += cut_add(w->id, i);
    return NULL;
}

long cut_parallel(int threads, int calls)
{
    struct worker w[16];
    long sum = 0;
    if (threads > 16)
        threads = 16;
    for (int t = 0; t < threads; t++) {
        w[t] = (struct worker){.id = t, .calls = calls};
        pthread_create(&w[t].thread, NULL, work, &w[t]);
    }
    for (int t = 0; t < threads; t++) {
        pthread_join(w[t].thread, NULL);
        sum += w[t].sum;
    }
    return sum;
}

int cut_log_two(void)
{
    return cut_logf("a=%d", 1) + cut_logf("b=%s", "two");
}

int cut_fire(const char *event)
{
    cut_notify(event);
    cut_notify("done");
    return 2;
}

int cut_two_rands(void)
{
    return cut_rand() * 10 + cut_rand();
}

int cut_point_sum(int x, int y)
{
    struct cut_point p = cut_make_point(x, y);
    return p.x + p.y;
}

double cut_scaled(double v)
{
    return cut_scale(v, 2.5f);
}

int cut_narrow_call(void)
{
    return cut_narrow(-3, 65535, -70000, 200, 1);
}

int cut_name_len(void)
{
    char name[16];
    return (int)strlen(cut_fill_name(name, sizeof name));
}

int cut_shout_copy(const char *text)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%s", text);
    return cut_shout(buf);
}
