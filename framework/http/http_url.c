/* SPDX-License-Identifier: MIT */
/* http_url.c: URLs taken apart for matching (scheme, host, port, path, query
 * parameters) and ${NAME} placeholders of fixtures matched as wildcards. */
#include "http/http_impl.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *must(void *p)
{
    if (!p) {
        fputs("honest: out of memory\n", stderr);
        abort();
    }
    return p;
}

static char *dupn(const char *s, size_t n)
{
    return must(strndup(s, n));
}

static char *lower(char *s)
{
    for (char *p = s; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    return s;
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = tolower(c);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static int unreserved(int c)
{
    return isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

/* The path with %XX of unreserved bytes decoded and other escapes in upper
 * case, so that equivalent spellings compare equal. */
static char *norm_path(const char *s, size_t n)
{
    char *out = must(malloc(n + 2)), *o = out;
    for (size_t i = 0; i < n; i++) {
        int hi, lo;
        if (s[i] == '%' && i + 2 < n &&
            (hi = hexval((unsigned char)s[i + 1])) >= 0 &&
            (lo = hexval((unsigned char)s[i + 2])) >= 0) {
            int c = hi * 16 + lo;
            if (unreserved(c)) {
                *o++ = (char)c;
            } else {
                *o++ = '%';
                *o++ = (char)toupper((unsigned char)s[i + 1]);
                *o++ = (char)toupper((unsigned char)s[i + 2]);
            }
            i += 2;
        } else {
            *o++ = s[i];
        }
    }
    if (o == out)
        *o++ = '/';
    *o = '\0';
    return out;
}

/* A query component decoded: %XX as the byte, '+' as a space. */
static char *decode(const char *s, size_t n)
{
    char *out = must(malloc(n + 1)), *o = out;
    for (size_t i = 0; i < n; i++) {
        int hi, lo;
        if (s[i] == '+') {
            *o++ = ' ';
        } else if (s[i] == '%' && i + 2 < n &&
                   (hi = hexval((unsigned char)s[i + 1])) >= 0 &&
                   (lo = hexval((unsigned char)s[i + 2])) >= 0) {
            *o++ = (char)(hi * 16 + lo);
            i += 2;
        } else {
            *o++ = s[i];
        }
    }
    *o = '\0';
    return out;
}

void hn__http_url_params(const char *q, size_t len, hn__http_param **params, size_t *n)
{
    size_t cap = 0;
    *params = NULL;
    *n = 0;
    for (size_t at = 0; at < len;) {
        size_t end = at;
        while (end < len && q[end] != '&')
            end++;
        if (end > at) {
            const char *eq = memchr(q + at, '=', end - at);
            if (*n == cap) {
                cap = cap ? cap * 2 : 8;
                *params = must(realloc(*params, cap * sizeof **params));
            }
            hn__http_param *p = &(*params)[(*n)++];
            size_t namelen = eq ? (size_t)(eq - (q + at)) : end - at;
            p->name = decode(q + at, namelen);
            p->value = eq ? decode(eq + 1, (size_t)(q + end - eq - 1)) : NULL;
        }
        at = end + 1;
    }
}

void hn__http_url_params_free(hn__http_param *params, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(params[i].name);
        free(params[i].value);
    }
    free(params);
}

static const char *default_port(const char *scheme)
{
    static const struct { const char *scheme, *port; } ports[] = {
        {"http", "80"}, {"https", "443"}, {"ws", "80"}, {"wss", "443"}, {"ftp", "21"}};
    for (size_t i = 0; i < sizeof ports / sizeof ports[0]; i++)
        if (!strcmp(scheme, ports[i].scheme))
            return ports[i].port;
    return "";
}

/* Splits the authority [userinfo@]host[:port] (n bytes) into host and port. */
static void split_authority(const char *a, size_t n, hn__http_url *u)
{
    const char *at = memchr(a, '@', n);
    if (at) {
        n -= (size_t)(at + 1 - a);
        a = at + 1;
    }
    const char *colon = NULL;
    if (n && a[0] == '[') {
        const char *close = memchr(a, ']', n);
        if (close && (size_t)(close + 1 - a) < n && close[1] == ':')
            colon = close + 1;
    } else {
        colon = memchr(a, ':', n);
    }
    size_t hostlen = colon ? (size_t)(colon - a) : n;
    u->host = lower(dupn(a, hostlen));
    if (colon && (size_t)(colon + 1 - a) < n)
        u->port = dupn(colon + 1, n - hostlen - 1);
    else
        u->port = must(strdup(default_port(u->scheme)));
}

static const char *placeholder_end(const char *p);

/* "${API_BASE}/v1/items": a placeholder standing for the whole origin
 * matches any scheme, host and port (each part is the placeholder). */
static int placeholder_origin(const char *s, hn__http_url *u, const char **rest)
{
    const char *end = placeholder_end(s);
    if (!end || (*end && !strchr("/?#", *end)))
        return 0;
    u->scheme = dupn(s, (size_t)(end - s));
    u->host = dupn(s, (size_t)(end - s));
    u->port = dupn(s, (size_t)(end - s));
    *rest = end;
    return 1;
}

void hn__http_url_parse(const char *url, hn__http_url *u)
{
    memset(u, 0, sizeof *u);
    const char *s = url ? url : "", *after;
    if (placeholder_origin(s, u, &after)) {
        size_t end = strcspn(after, "#");
        const char *q = memchr(after, '?', end);
        size_t pathlen = q ? (size_t)(q - after) : end;
        u->path = norm_path(after, pathlen);
        if (q)
            hn__http_url_params(q + 1, end - pathlen - 1, &u->params, &u->nparams);
        return;
    }
    size_t end = strcspn(s, "#");
    const char *sep = strstr(s, "://");
    if (sep && (size_t)(sep - s) < end && sep > s) {
        u->scheme = lower(dupn(s, (size_t)(sep - s)));
        s = sep + 3;
        end -= (size_t)(s - (url ? url : ""));
    } else {
        u->scheme = must(strdup("http"));
    }
    size_t auth = strcspn(s, "/?#");
    if (auth > end)
        auth = end;
    split_authority(s, auth, u);
    const char *rest = s + auth;
    size_t restlen = end - auth;
    const char *q = memchr(rest, '?', restlen);
    size_t pathlen = q ? (size_t)(q - rest) : restlen;
    u->path = norm_path(rest, pathlen);
    if (q)
        hn__http_url_params(q + 1, restlen - pathlen - 1, &u->params, &u->nparams);
}

void hn__http_url_free(hn__http_url *u)
{
    free(u->scheme);
    free(u->host);
    free(u->port);
    free(u->path);
    hn__http_url_params_free(u->params, u->nparams);
    memset(u, 0, sizeof *u);
}

/* The end of the placeholder that starts at p ("${NAME}"), or NULL. */
static const char *placeholder_end(const char *p)
{
    if (p[0] != '$' || p[1] != '{' || !(isalpha((unsigned char)p[2]) || p[2] == '_'))
        return NULL;
    const char *q = p + 2;
    while (isalnum((unsigned char)*q) || *q == '_')
        q++;
    return *q == '}' ? q + 1 : NULL;
}

int hn__http_url_is_placeholder(const char *s)
{
    const char *end = placeholder_end(s);
    return end && *end == '\0';
}

int hn__http_url_like(const char *p, const char *s, size_t n, const char *stops)
{
    while (*p) {
        const char *end;
        if (p[0] == '$' && p[1] == '$' && p[2] == '{') {
            if (n < 2 || s[0] != '$' || s[1] != '{')
                return 0;
            p += 3;
            s += 2;
            n -= 2;
        } else if ((end = placeholder_end(p)) != NULL) {
            /* One or more bytes, none a stop, then the rest of the pattern. */
            for (size_t k = 1; k <= n; k++) {
                if (s[k - 1] == '\0' || strchr(stops, s[k - 1]))
                    return 0;
                if (hn__http_url_like(end, s + k, n - k, stops))
                    return 1;
            }
            return 0;
        } else {
            if (!n || *p != *s)
                return 0;
            p++;
            s++;
            n--;
        }
    }
    return n == 0;
}
