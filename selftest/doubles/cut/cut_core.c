/* SPDX-License-Identifier: MIT */
/* cut_core.c: the real dependencies. cut_sum3 calls cut_add inside this file,
 * a call no link seam can reach (the seam-miss selftests rely on it). */
#include "cut.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int cut_add(int a, int b)
{
    return a + b;
}

int cut_sum3(int a, int b, int c)
{
    return cut_add(cut_add(a, b), c);
}

int cut_send(int fd, const char *msg)
{
    (void)fd;
    return (int)strlen(msg);
}

long cut_write(int fd, const void *buf, size_t n)
{
    (void)fd;
    (void)buf;
    return (long)n;
}

int cut_read_cfg(const char *path, struct cut_cfg *out)
{
    (void)path;
    out->port = 80;
    strcpy(out->host, "real");
    return 0;
}

int cut_logf(const char *fmt, ...)
{
    char buf[128];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return n;
}

static int notified;

void cut_notify(const char *event)
{
    (void)event;
    notified++;
}

int cut_rand(void)
{
    return 4; /* chosen by fair dice roll */
}

struct cut_point cut_make_point(int x, int y)
{
    return (struct cut_point){x, y};
}

double cut_scale(double v, float k)
{
    return v * k;
}

int8_t cut_narrow(int8_t a, uint16_t b, int64_t c, unsigned char d, _Bool e)
{
    return (int8_t)(a + (int)b + (int)c + d + e);
}

char *cut_fill_name(char *out, size_t n)
{
    snprintf(out, n, "real");
    return out;
}

int cut_shout(char *text)
{
    int n = 0;
    for (; text[n]; n++)
        text[n] = (char)toupper((unsigned char)text[n]);
    return n;
}
