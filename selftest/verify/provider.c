/* SPDX-License-Identifier: MIT */
/* provider.c: the loopback provider of the selftests: a real HTTP server on
 * 127.0.0.1 (an ephemeral port, printed on stdout) serving version 1 of a
 * small API, switched to version 2 (known drift) by a line on stdin; with
 * --secrets NONCE, the careless provider of the secrets corpus instead
 * (provider_secrets.c). */
#include "provider.h"

#include "base/buf.h"

#include <microhttpd.h>
#include <netinet/in.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

/* Commands on stdin, one per line, each answered "ok" (or a number) on
 * stdout: "version 1" / "version 2" switches the API, "count" prints the
 * requests served so far, "times" the times of the requests to /paced/...
 * and /limited (milliseconds after the first, on one line), "quit" (or the
 * end of stdin) stops the server. */

atomic_int provider_version = 1;
const char *provider_nonce;
static atomic_long served;
static atomic_long clock_counter;
static atomic_long cookie_counter;

/* ---- gzip and zlib containers with one stored deflate block ----------- */

static uint32_t crc32_of(const unsigned char *p, size_t n)
{
    uint32_t c = 0xFFFFFFFFu;
    for (size_t i = 0; i < n; i++) {
        c ^= p[i];
        for (int k = 0; k < 8; k++)
            c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
    }
    return ~c;
}

static uint32_t adler32_of(const unsigned char *p, size_t n)
{
    uint32_t a = 1, b = 0;
    for (size_t i = 0; i < n; i++) {
        a = (a + p[i]) % 65521u;
        b = (b + a) % 65521u;
    }
    return (b << 16) | a;
}

/* Wraps text (< 65536 bytes) as gzip (gz != 0) or zlib "deflate". */
static unsigned char *encode(const char *text, int gz, size_t *out_len)
{
    size_t n = strlen(text);
    unsigned char *o = malloc(n + 32), *p = o;
    if (gz) {
        static const unsigned char head[10] = {0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff};
        memcpy(p, head, 10);
        p += 10;
    } else {
        *p++ = 0x78;
        *p++ = 0x01;
    }
    *p++ = 1; /* final block, stored */
    *p++ = (unsigned char)(n & 0xff);
    *p++ = (unsigned char)(n >> 8);
    *p++ = (unsigned char)(~n & 0xff);
    *p++ = (unsigned char)((~n >> 8) & 0xff);
    memcpy(p, text, n);
    p += n;
    uint32_t v = gz ? crc32_of((const unsigned char *)text, n)
                    : adler32_of((const unsigned char *)text, n);
    for (int i = 0; i < 4; i++) /* gzip: little endian; zlib: big endian */
        *p++ = (unsigned char)(gz ? v >> (8 * i) : v >> (24 - 8 * i));
    if (gz)
        for (int i = 0; i < 4; i++)
            *p++ = (unsigned char)(n >> (8 * i));
    *out_len = (size_t)(p - o);
    return o;
}

/* ---- answers ----------------------------------------------------------- */

static enum MHD_Result send_text(struct MHD_Connection *c, unsigned status, const char *ctype,
                                 const char *body)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(strlen(body), (void *)body,
                                                             MHD_RESPMEM_MUST_COPY);
    if (ctype)
        MHD_add_response_header(r, "Content-Type", ctype);
    enum MHD_Result ok = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    return ok;
}

static enum MHD_Result send_json(struct MHD_Connection *c, unsigned status, const char *body)
{
    return send_text(c, status, "application/json", body);
}

static const char *header(struct MHD_Connection *c, const char *name)
{
    return MHD_lookup_connection_value(c, MHD_HEADER_KIND, name);
}

static const char *query(struct MHD_Connection *c, const char *name)
{
    return MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, name);
}

static enum MHD_Result echo(struct MHD_Connection *c, const char *method, const upload *up)
{
    char sc[128];
    hn__buf out = {0};
    hn__buf_printf(&out, "{\"method\":\"%s\",\"authorization\":", method);
    hn__buf_quote_json(&out, header(c, "Authorization"));
    hn__buf_puts(&out, ",\"api_key\":");
    hn__buf_quote_json(&out, header(c, "X-Api-Key"));
    hn__buf_puts(&out, ",\"cookie\":");
    hn__buf_quote_json(&out, header(c, "Cookie"));
    hn__buf_puts(&out, ",\"body\":");
    hn__buf_quote_json(&out, up && up->data ? up->data : "");
    hn__buf_printf(&out, ",\"session\":\"srv-session-%ld\"}", atomic_load(&cookie_counter));
    snprintf(sc, sizeof sc, "session=srv-session-%ld; Path=/; HttpOnly",
             atomic_fetch_add(&cookie_counter, 1));
    struct MHD_Response *r = MHD_create_response_from_buffer(out.len, out.data,
                                                             MHD_RESPMEM_MUST_COPY);
    hn__buf_free(&out);
    MHD_add_response_header(r, "Content-Type", "application/json");
    MHD_add_response_header(r, "Set-Cookie", sc);
    if (header(c, "Authorization"))
        MHD_add_response_header(r, "X-Echo-Authorization", header(c, "Authorization"));
    enum MHD_Result ok = MHD_queue_response(c, 200, r);
    MHD_destroy_response(r);
    return ok;
}

static enum MHD_Result encoded(struct MHD_Connection *c, int gz)
{
    const char *text = gz ? "{\"compressed\":\"gzip\",\"items\":[1,2,3]}"
                          : "{\"compressed\":\"deflate\",\"items\":[1,2,3]}";
    const char *accept = header(c, "Accept-Encoding");
    if (!accept || !strstr(accept, gz ? "gzip" : "deflate"))
        return send_json(c, 200, text);
    size_t n;
    unsigned char *body = encode(text, gz, &n);
    struct MHD_Response *r = MHD_create_response_from_buffer(n, body, MHD_RESPMEM_MUST_FREE);
    MHD_add_response_header(r, "Content-Type", "application/json");
    MHD_add_response_header(r, "Content-Encoding", gz ? "gzip" : "deflate");
    enum MHD_Result ok = MHD_queue_response(c, 200, r);
    MHD_destroy_response(r);
    return ok;
}

/* Fails (closes the connection without an answer) the first `fail` requests
 * that carry the same key. */
static enum MHD_Result flaky(struct MHD_Connection *c)
{
    static atomic_int hits[16];
    const char *k = query(c, "key"), *f = query(c, "fail");
    int slot = k ? (int)(strtoul(k, NULL, 10) % 16) : 0;
    int fail = f ? atoi(f) : 1;
    if (atomic_fetch_add(&hits[slot], 1) < fail)
        return MHD_NO;
    return send_json(c, 200, "{\"ok\":true,\"after\":\"retries\"}");
}

static enum MHD_Result clock_now(struct MHD_Connection *c)
{
    struct timeval tv;
    gettimeofday(&tv, NULL);
    struct tm tm;
    gmtime_r(&tv.tv_sec, &tm);
    char out[256];
    snprintf(out, sizeof out,
             "{\"service\":\"clock\",\"now\":\"%04d-%02d-%02dT%02d:%02d:%02d.%06ldZ\","
             "\"request_id\":%ld,\"zone\":\"UTC\"}",
             tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
             (long)tv.tv_usec, atomic_fetch_add(&clock_counter, 1) + 1);
    return send_json(c, 200, out);
}

/* /wide?n=N: an object of N members, "k0": 0 ... in version 1, renamed
 * "r0": 0 ... in version 2 (a comparison with N removed and N added). */
static enum MHD_Result wide(struct MHD_Connection *c)
{
    const char *q = query(c, "n");
    long n = q ? atol(q) : 1000;
    char prefix = atomic_load(&provider_version) == 2 ? 'r' : 'k';
    size_t cap = (size_t)n * 32 + 16, at = 0;
    char *body = malloc(cap);
    if (!body)
        return MHD_NO;
    body[at++] = '{';
    for (long i = 0; i < n; i++)
        at += (size_t)snprintf(body + at, cap - at, "%s\"%c%ld\":%ld", i ? "," : "", prefix, i, i);
    body[at++] = '}';
    body[at] = '\0';
    enum MHD_Result ok = send_json(c, 200, body);
    free(body);
    return ok;
}

/* The versioned API: each path's answer in version 1 and in version 2. */
typedef struct route {
    const char *path;
    unsigned status[2];
    const char *ctype[2];
    const char *body[2];
} route;

#define JSON "application/json"
static const route routes[] = {
    {"/v1/stable", {200, 200}, {JSON, JSON},
     {"{\"id\":7,\"name\":\"stable\",\"tags\":[\"a\",\"b\"],\"active\":true,\"score\":4.5}",
      "{\"id\":7,\"name\":\"stable\",\"tags\":[\"a\",\"b\"],\"active\":true,\"score\":4.5}"}},
    /* a longer array in version 2, of the same shape */
    {"/v1/items", {200, 200}, {JSON, JSON},
     {"{\"items\":[{\"id\":1,\"n\":\"x\"},{\"id\":2,\"n\":\"y\"}]}",
      "{\"items\":[{\"id\":1,\"n\":\"x\"},{\"id\":2,\"n\":\"y\"},{\"id\":3,\"n\":\"z\"}]}"}},
    {"/v1/added", {200, 200}, {JSON, JSON},
     {"{\"id\":1,\"name\":\"alice\"}", "{\"id\":1,\"name\":\"alice\",\"nickname\":\"al\"}"}},
    {"/v1/removed", {200, 200}, {JSON, JSON},
     {"{\"id\":1,\"name\":\"alice\",\"plan\":\"free\"}", "{\"id\":1,\"name\":\"alice\"}"}},
    {"/v1/retyped", {200, 200}, {JSON, JSON},
     {"{\"id\":1,\"age\":30}", "{\"id\":1,\"age\":\"30\"}"}},
    {"/v1/renamed", {200, 200}, {JSON, JSON},
     {"{\"id\":1,\"userName\":\"alice\"}", "{\"id\":1,\"username\":\"alice\"}"}},
    {"/v1/status", {200, 410}, {JSON, JSON},
     {"{\"id\":1,\"state\":\"open\"}", "{\"id\":1,\"state\":\"open\"}"}},
    {"/v1/ctype", {200, 200}, {"application/json; charset=utf-8", "text/csv; charset=utf-8"},
     {"{\"id\":1,\"rows\":2}", "{\"id\":1,\"rows\":2}"}},
    /* a body that became empty (204 No Content) */
    {"/v1/empty", {200, 204}, {JSON, NULL}, {"{\"id\":1,\"name\":\"x\"}", ""}},
    /* an error answer where a success was recorded */
    {"/v1/error", {200, 500}, {JSON, JSON},
     {"{\"id\":1,\"name\":\"alice\",\"plan\":\"free\",\"tags\":[\"a\"]}",
      "{\"error\":\"internal\",\"trace_id\":\"t-1\"}"}},
    /* every change at once */
    {"/v1/all", {200, 202}, {JSON, "application/vnd.acme.v2+json"},
     {"{\"id\":1,\"userName\":\"alice\",\"plan\":\"free\"}",
      "{\"id\":\"1\",\"username\":\"alice\",\"nickname\":\"al\"}"}},
};

static const route *route_of(const char *url)
{
    for (size_t i = 0; i < sizeof routes / sizeof *routes; i++)
        if (!strcmp(url, routes[i].path))
            return &routes[i];
    return NULL;
}

/* ---- pace: credentials, rate limits, request times ------------------------ */

static long long mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The times (ms, monotonic) of the requests to /paced/... and /limited. */
static long long times[256];
static atomic_int ntimes;

static void note_time(void)
{
    int i = atomic_fetch_add(&ntimes, 1);
    if (i < 256)
        times[i] = mono_ms();
}

/* 200 with the right token, else 401 (or 403 for "Bearer forbidden"). */
static enum MHD_Result auth(struct MHD_Connection *c)
{
    const char *a = header(c, "Authorization");
    if (a && !strcmp(a, "Bearer good-token"))
        return send_json(c, 200, "{\"login\":\"me\",\"id\":42}");
    if (a && !strcmp(a, "Bearer forbidden"))
        return send_json(c, 403, "{\"message\":\"Resource not accessible\"}");
    return send_json(c, 401, "{\"message\":\"Bad credentials\"}");
}

/* /limited?key=K&n=N&after=S: the first N requests of key K are answered
 * 429 with Retry-After: S (seconds, or "date": an HTTP date two seconds
 * ahead), the next ones 200. */
static enum MHD_Result limited(struct MHD_Connection *c)
{
    static atomic_int hits[16];
    const char *k = query(c, "key"), *n = query(c, "n"), *after = query(c, "after");
    int slot = k ? (int)(strtoul(k, NULL, 10) % 16) : 0;
    note_time();
    if (atomic_fetch_add(&hits[slot], 1) >= (n ? atoi(n) : 0))
        return send_json(c, 200, "{\"ok\":true}");
    struct MHD_Response *r = MHD_create_response_from_buffer(
        strlen("{\"message\":\"slow down\"}"), (void *)"{\"message\":\"slow down\"}",
        MHD_RESPMEM_PERSISTENT);
    MHD_add_response_header(r, "Content-Type", "application/json");
    char date[64]; /* after=date: an HTTP date two seconds ahead */
    if (after && !strcmp(after, "date")) {
        time_t t = time(NULL) + 2;
        struct tm tm;
        gmtime_r(&t, &tm);
        strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S GMT", &tm);
        after = date;
    }
    MHD_add_response_header(r, "Retry-After", after ? after : "1");
    enum MHD_Result ok = MHD_queue_response(c, 429, r);
    MHD_destroy_response(r);
    return ok;
}

/* Always 503, asking to come back in two minutes. */
static enum MHD_Result unavailable(struct MHD_Connection *c)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(
        strlen("{\"message\":\"maintenance\"}"), (void *)"{\"message\":\"maintenance\"}",
        MHD_RESPMEM_PERSISTENT);
    MHD_add_response_header(r, "Content-Type", "application/json");
    MHD_add_response_header(r, "Retry-After", "120");
    enum MHD_Result ok = MHD_queue_response(c, 503, r);
    MHD_destroy_response(r);
    return ok;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url,
                              const char *method, const char *ver, const char *data,
                              size_t *size, void **state)
{
    (void)cls;
    (void)ver;
    if (!*state) {
        *state = calloc(1, sizeof(upload));
        return MHD_YES;
    }
    upload *up = *state;
    if (*size) {
        char *p = realloc(up->data, up->len + *size + 1);
        if (!p)
            return MHD_NO;
        memcpy(p + up->len, data, *size);
        up->len += *size;
        p[up->len] = '\0';
        up->data = p;
        *size = 0;
        return MHD_YES;
    }
    if (provider_nonce)
        return provider_secrets(c, url, method, up);
    atomic_fetch_add(&served, 1);
    const route *rt = route_of(url);
    int v = atomic_load(&provider_version) == 2;
    if (rt)
        return send_text(c, rt->status[v], rt->ctype[v], rt->body[v]);
    if (!strcmp(url, "/v1/clock"))
        return clock_now(c);
    if (!strcmp(url, "/echo"))
        return echo(c, method, up);
    if (!strcmp(url, "/gzip") || !strcmp(url, "/deflate"))
        return encoded(c, url[1] == 'g');
    if (!strcmp(url, "/flaky"))
        return flaky(c);
    if (!strcmp(url, "/auth"))
        return auth(c);
    if (!strcmp(url, "/limited"))
        return limited(c);
    if (!strcmp(url, "/unavailable"))
        return unavailable(c);
    if (!strncmp(url, "/paced/", 7)) {
        note_time();
        return send_json(c, 200, "{\"paced\":true}");
    }
    if (!strcmp(url, "/wide"))
        return wide(c);
    if (!strcmp(url, "/text"))
        return send_text(c, 200, "text/plain", "hello, world\n");
    if (!strcmp(url, "/slow")) {
        const char *ms = query(c, "ms");
        usleep((useconds_t)(ms ? atoi(ms) : 1000) * 1000u);
        return send_json(c, 200, "{\"slow\":true}");
    }
    if (!strncmp(url, "/bench/", 7)) { /* many distinct URLs for the benchmark */
        char out[256];
        snprintf(out, sizeof out, "{\"id\":\"%s\",\"name\":\"item\",\"price\":12.5,"
                 "\"tags\":[\"a\",\"b\"],\"stock\":{\"count\":3,\"warehouse\":\"north\"}}",
                 url + 7);
        return send_json(c, 200, out);
    }
    return send_json(c, 404, "{\"error\":\"not found\"}");
}

static void completed(void *cls, struct MHD_Connection *c, void **state,
                      enum MHD_RequestTerminationCode why)
{
    (void)cls;
    (void)c;
    (void)why;
    upload *up = *state;
    if (up)
        free(up->data);
    free(up);
    *state = NULL;
}

/* The whole file at path, NUL-terminated (malloc'd), or NULL. */
static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *text = f ? calloc(1, 1 << 16) : NULL;
    if (text && fread(text, 1, (1 << 16) - 1, f) == 0) {
        free(text);
        text = NULL;
    }
    if (f)
        fclose(f);
    return text;
}

int main(int argc, char **argv)
{
    /* --threads N: a pool of polling threads (the benchmark); default: one
     * thread per connection, so slow answers do not hold others up.
     * --tls CERT KEY: HTTPS with that certificate and key (PEM files).
     * --secrets NONCE: the careless provider (provider_secrets.c). */
    if (argc > 2 && !strcmp(argv[1], "--secrets"))
        provider_nonce = argv[2];
    unsigned pool = argc > 2 && !strcmp(argv[1], "--threads") ? (unsigned)atoi(argv[2]) : 0;
    char *cert = NULL, *key = NULL;
    if (argc > 3 && !strcmp(argv[1], "--tls")) {
        cert = slurp(argv[2]);
        key = slurp(argv[3]);
        if (!cert || !key) {
            fprintf(stderr, "provider: cannot read %s or %s\n", argv[2], argv[3]);
            return 1;
        }
    }
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = 0,
                               .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG;
    if (!pool)
        flags |= MHD_USE_THREAD_PER_CONNECTION;
    else
        flags |= MHD_USE_EPOLL;
    if (cert)
        flags |= MHD_USE_TLS;
    struct MHD_Daemon *d =
        cert ? MHD_start_daemon(flags, 0, NULL, NULL, handle, NULL, MHD_OPTION_SOCK_ADDR, &addr,
                                MHD_OPTION_NOTIFY_COMPLETED, completed, NULL,
                                MHD_OPTION_HTTPS_MEM_CERT, cert, MHD_OPTION_HTTPS_MEM_KEY, key,
                                MHD_OPTION_END)
             : MHD_start_daemon(flags, 0, NULL, NULL, handle, NULL, MHD_OPTION_SOCK_ADDR, &addr,
                                MHD_OPTION_NOTIFY_COMPLETED, completed, NULL,
                                MHD_OPTION_CONNECTION_LIMIT, 1000u,
                                pool ? MHD_OPTION_THREAD_POOL_SIZE : MHD_OPTION_END, pool,
                                MHD_OPTION_END);
    if (!d) {
        fprintf(stderr, "provider: cannot start the server\n");
        return 1;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    printf("%u\n", (unsigned)info->port);
    fflush(stdout);
    char line[128];
    while (fgets(line, sizeof line, stdin)) {
        if (!strncmp(line, "version ", 8)) {
            atomic_store(&provider_version, atoi(line + 8));
            puts("ok");
        } else if (!strncmp(line, "times", 5)) { /* request times, ms apart from the first */
            int n = atomic_load(&ntimes);
            for (int i = 0; i < n && i < 256; i++)
                printf("%s%lld", i ? " " : "", times[i] - times[0]);
            puts(n ? "" : "none");
        } else if (!strncmp(line, "count", 5)) {
            printf("%ld\n", atomic_load(&served));
        } else if (!strncmp(line, "quit", 4)) {
            break;
        } else {
            puts("?");
        }
        fflush(stdout);
    }
    MHD_stop_daemon(d);
    free(cert);
    free(key);
    return 0;
}
