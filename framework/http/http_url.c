/* SPDX-License-Identifier: MIT */
/* http_url.c: URLs taken apart for matching (scheme, host, port, path, query
 * parameters) and ${NAME} placeholders of fixtures matched as wildcards. */
#include "http/http_impl.h"
#include "base/sys.h"
#include "base/mem.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


static char *dupn(const char *s, size_t n)
{
    return hn__must(strndup(s, n));
}

/* Schemes and hosts compare without case in ASCII (RFC 3986), whatever the
 * locale; and the loops below, not the C library's, take URLs apart: in a
 * forked test each other function of the library run for the first time is
 * a page fault. */
static char ascii_lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static char *lower(char *s)
{
    for (char *p = s; *p; p++)
        *p = ascii_lower(*p);
    return s;
}

/* The length of the start of s without any byte of stops (strcspn). */
HN__TEST_PATH static size_t span_to(const char *s, const char *stops)
{
    size_t n = 0;
    for (; s[n]; n++)
        for (const char *t = stops; *t; t++)
            if (s[n] == *t)
                return n;
    return n;
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

/* The path with %XX of unreserved bytes decoded, other escapes in upper
 * case and a stray '%' as %25, so that equivalent spellings compare equal. */
HN__TEST_PATH static char *norm_path(const char *s, size_t n)
{
    char *out = hn__must(malloc(3 * n + 2)), *o = out;
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
        } else if (s[i] == '%') {
            /* A '%' that starts no escape is a literal '%': written %25, so
             * that the normal form is its own normal form (found by fuzz/:
             * "%%33" became "%3", which became "3"). */
            memcpy(o, "%25", 3);
            o += 3;
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
HN__TEST_PATH static char *decode(const char *s, size_t n)
{
    char *out = hn__must(malloc(n + 1)), *o = out;
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

HN__TEST_PATH
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
            hn__must_grow(params, &cap, *n + 1, sizeof **params);
            hn__http_param *p = &(*params)[(*n)++];
            size_t namelen = eq ? (size_t)(eq - (q + at)) : end - at;
            p->name = decode(q + at, namelen);
            p->value = eq ? decode(eq + 1, (size_t)(q + end - eq - 1)) : NULL;
        }
        at = end + 1;
    }
}

HN__TEST_PATH void hn__http_url_params_free(hn__http_param *params, size_t n)
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
HN__TEST_PATH static void split_authority(const char *a, size_t n, hn__http_url *u)
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
        u->port = hn__must(strdup(default_port(u->scheme)));
}

static const char *placeholder_end(const char *p);

/* A URL that starts with a placeholder followed by its path, query or end
 * ("${API_BASE}/v1/items"): the placeholder stands for a whole base, scheme,
 * host, port and a path prefix. Fills u->base with the placeholder and the
 * path, u->path and the query; 1 when url has that form. */
static int parse_base(const char *url, hn__http_url *u)
{
    const char *end = placeholder_end(url);
    if (!end || (*end && *end != '/' && *end != '?' && *end != '#'))
        return 0;
    size_t stop = strcspn(end, "#"), pathlen = strcspn(end, "?#");
    u->scheme = hn__must(strdup(""));
    u->host = hn__must(strdup(""));
    u->port = hn__must(strdup(""));
    u->path = norm_path(end, pathlen);
    u->base = hn__must(malloc((size_t)(end - url) + strlen(u->path) + 1));
    memcpy(u->base, url, (size_t)(end - url));
    strcpy(u->base + (end - url), pathlen ? u->path : "");
    if (pathlen < stop)
        hn__http_url_params(end + pathlen + 1, stop - pathlen - 1, &u->params, &u->nparams);
    return 1;
}

HN__TEST_PATH void hn__http_url_parse(const char *url, hn__http_url *u)
{
    memset(u, 0, sizeof *u);
    if (url && parse_base(url, u))
        return;
    const char *s = url ? url : "";
    size_t end = span_to(s, "#");
    const char *sep = NULL; /* the first "://" */
    for (const char *p = s; *p && !sep; p++)
        if (p[0] == ':' && p[1] == '/' && p[2] == '/')
            sep = p;
    if (sep && (size_t)(sep - s) < end && sep > s) {
        u->scheme = lower(dupn(s, (size_t)(sep - s)));
        s = sep + 3;
        end -= (size_t)(s - (url ? url : ""));
    } else {
        u->scheme = hn__must(strdup("http"));
    }
    size_t auth = span_to(s, "/?#");
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

char *hn__http_url_text(const hn__http_url *u)
{
    int port = u->port[0] && strcmp(u->port, default_port(u->scheme));
    size_t n = strlen(u->scheme) + strlen(u->host) + strlen(u->port) + strlen(u->path) + 8;
    char *out = hn__must(malloc(n));
    snprintf(out, n, "%s://%s%s%s%s", u->scheme, u->host, port ? ":" : "", port ? u->port : "",
             u->path);
    return out;
}

HN__TEST_PATH void hn__http_url_free(hn__http_url *u)
{
    free(u->scheme);
    free(u->host);
    free(u->port);
    free(u->path);
    free(u->base);
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

/* A pattern as a list of tokens for the matcher below: a literal byte, one
 * byte of a placeholder (ANY) and the rest of it, zero or more bytes (MORE).
 * A placeholder is ANY then MORE: one or more bytes. */
enum { T_LIT, T_ANY, T_MORE };
typedef struct tok {
    unsigned char kind, c, free; /* free: may match a stop byte too */
} tok;

/* The tokens of p, malloc'd, their number in *m. lead_free: a placeholder
 * that starts p matches any bytes, stops included. */
static tok *tokens(const char *p, size_t *m, int lead_free)
{
    tok *t = hn__must(malloc((strlen(p) + 1) * sizeof *t));
    size_t n = 0;
    for (const char *at = p; *at;) {
        const char *end;
        if (at[0] == '$' && at[1] == '$' && at[2] == '{') {
            t[n++] = (tok){T_LIT, '$', 0};
            t[n++] = (tok){T_LIT, '{', 0};
            at += 3;
        } else if ((end = placeholder_end(at)) != NULL) {
            unsigned char f = (unsigned char)(lead_free && at == p);
            t[n++] = (tok){T_ANY, 0, f};
            t[n++] = (tok){T_MORE, 0, f};
            at = end;
        } else {
            t[n++] = (tok){T_LIT, (unsigned char)*at++, 0};
        }
    }
    *m = n;
    return t;
}

/* Adds to set the states reachable without a byte: past each MORE. */
static void closure(const tok *t, size_t m, unsigned char *set)
{
    for (size_t i = 0; i < m; i++)
        if (set[i] && t[i].kind == T_MORE)
            set[i + 1] = 1;
}

/* Matches by following every state of the pattern at once (a Thompson
 * simulation): O(bytes x tokens), never backtracking, so that patterns
 * such as ${A}${B}${C}${D}! cost no more than their length times the
 * value's (issue 11: backtracking took over 20 s on a 1,000-byte value). */
static int like_states(const char *p, const char *s, size_t n, const char *stops, int lead_free)
{
    if (!strchr(p, '$')) /* no placeholder, no $${: the bytes themselves */
        return strlen(p) == n && memcmp(p, s, n) == 0;
    size_t m;
    tok *t = tokens(p, &m, lead_free);
    unsigned char *cur = hn__must(calloc(2 * (m + 1), 1)), *next = cur + m + 1;
    cur[0] = 1;
    closure(t, m, cur);
    int alive = 1;
    for (size_t k = 0; k < n && alive; k++) {
        unsigned char c = (unsigned char)s[k];
        int plain = c != '\0' && !strchr(stops, c);
        memset(next, 0, m + 1);
        alive = 0;
        for (size_t i = 0; i < m; i++) {
            if (!cur[i])
                continue;
            int ok = t[i].kind == T_LIT ? t[i].c == c : (plain || (t[i].free && c));
            if (ok) {
                size_t to = t[i].kind == T_MORE ? i : i + 1;
                next[to] = 1;
                alive = 1;
            }
        }
        closure(t, m, next);
        unsigned char *swap = cur;
        cur = next;
        next = swap;
    }
    int matched = alive && cur[m];
    free(cur < next ? cur : next);
    free(t);
    return matched;
}

HN__TEST_PATH int hn__http_url_like(const char *p, const char *s, size_t n, const char *stops)
{
    return like_states(p, s, n, stops, 0);
}

int hn__http_url_like_base(const char *p, const char *s, size_t n, const char *stops)
{
    return like_states(p, s, n, stops, 1);
}
