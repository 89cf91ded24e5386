/* SPDX-License-Identifier: MIT */
/* load.c: the load generator of the serve benchmark: N GET requests of one
 * URL over C keep-alive connections (libcurl's multi interface, one transfer
 * in flight per connection). Prints "rps P50 P90 P99 errors" (latencies in
 * microseconds); exits 1 when any request failed or was not a 200. A "{i}"
 * in the URL is replaced by the request's number (0 to N-1): N distinct
 * URLs. */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_us(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e6 + (double)t.tv_nsec / 1e3;
}

static size_t sink(char *p, size_t size, size_t n, void *data)
{
    (void)p, (void)data;
    return size * n;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* url with "{i}" replaced by i (or url itself), in buf. */
static const char *nth_url(const char *url, int i, char *buf, size_t cap)
{
    const char *at = strstr(url, "{i}");
    if (!at)
        return url;
    snprintf(buf, cap, "%.*s%d%s", (int)(at - url), url, i, at + 3);
    return buf;
}

typedef struct slot {
    CURL *e;
    double start;
    char url[1024]; /* this slot's URL when it has "{i}" */
} slot;

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: load URL N CONNECTIONS\n");
        return 2;
    }
    const char *url = argv[1];
    int n = atoi(argv[2]), conns = atoi(argv[3]), started = 0, done = 0, errors = 0;
    double *lat = calloc((size_t)n, sizeof *lat);
    slot *s = calloc((size_t)conns, sizeof *s);
    CURLM *m = curl_multi_init();
    double t0 = now_us();
    for (int i = 0; i < conns && started < n; i++, started++) {
        s[i].e = curl_easy_init();
        curl_easy_setopt(s[i].e, CURLOPT_URL, nth_url(url, started, s[i].url, sizeof s[i].url));
        curl_easy_setopt(s[i].e, CURLOPT_WRITEFUNCTION, sink);
        curl_easy_setopt(s[i].e, CURLOPT_PRIVATE, &s[i]);
        s[i].start = now_us();
        curl_multi_add_handle(m, s[i].e);
    }
    while (done < n) {
        int running;
        curl_multi_perform(m, &running);
        CURLMsg *msg;
        int left;
        while ((msg = curl_multi_info_read(m, &left)) != NULL) {
            slot *x;
            long status = 0;
            curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&x);
            curl_easy_getinfo(msg->easy_handle, CURLINFO_RESPONSE_CODE, &status);
            errors += msg->data.result != CURLE_OK || status != 200;
            lat[done++] = now_us() - x->start;
            curl_multi_remove_handle(m, x->e);
            if (started < n) {
                curl_easy_setopt(x->e, CURLOPT_URL, nth_url(url, started, x->url, sizeof x->url));
                started++;
                x->start = now_us();
                curl_multi_add_handle(m, x->e);
            }
        }
        if (done < n)
            curl_multi_poll(m, NULL, 0, 100, NULL);
    }
    double secs = (now_us() - t0) / 1e6;
    qsort(lat, (size_t)n, sizeof *lat, by_value);
    printf("%.0f %.0f %.0f %.0f %d\n", n / secs, lat[n / 2], lat[n * 9 / 10], lat[n * 99 / 100],
           errors);
    for (int i = 0; i < conns; i++)
        if (s[i].e)
            curl_easy_cleanup(s[i].e);
    curl_multi_cleanup(m);
    free(s);
    free(lat);
    return errors ? 1 : 0;
}
