/* SPDX-License-Identifier: MIT */
/* fixture_time.c: the one date format of fixtures and of the last-verified
 * state: ISO 8601 in UTC, "2026-11-20T10:00:00Z". */
#include "fixture_impl.h"

#include <stdio.h>
#include <string.h>

/* Reads exactly n digits at *s; returns the number or -1. */
static int digits(const char **s, int n)
{
    int v = 0;
    for (int k = 0; k < n; k++) {
        char ch = (*s)[k];
        if (ch < '0' || ch > '9')
            return -1;
        v = v * 10 + (ch - '0');
    }
    *s += n;
    return v;
}

static int expect(const char **s, char ch)
{
    if (**s != ch)
        return -1;
    (*s)++;
    return 0;
}

static int days_in_month(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return days[m - 1] + (m == 2 && leap);
}

/* Days since 1970-01-01 of a civil date (proleptic Gregorian). */
static long long days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    long long era = (y >= 0 ? y : y - 399) / 400;
    long long yoe = y - era * 400;
    long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

int hn_fixture_time_parse(const char *s, time_t *out)
{
    int y, mo, d, h, mi, se;
    if ((y = digits(&s, 4)) < 0 || expect(&s, '-') || (mo = digits(&s, 2)) < 0 ||
        expect(&s, '-') || (d = digits(&s, 2)) < 0 || expect(&s, 'T') ||
        (h = digits(&s, 2)) < 0 || expect(&s, ':') || (mi = digits(&s, 2)) < 0 ||
        expect(&s, ':') || (se = digits(&s, 2)) < 0)
        return -1;
    if (*s == '.') {
        s++;
        if (*s < '0' || *s > '9')
            return -1;
        while (*s >= '0' && *s <= '9')
            s++;
    }
    if (strcmp(s, "Z") || y < 1970 || mo < 1 || mo > 12 || d < 1 ||
        d > days_in_month(y, mo) || h > 23 || mi > 59 || se > 59)
        return -1;
    *out = (time_t)(days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se);
    return 0;
}

char *hn_fixture_time_format(time_t t, char *buf, size_t size)
{
    struct tm tm;
    if (!gmtime_r(&t, &tm) || !strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm))
        snprintf(buf, size, "%s", "");
    return buf;
}
