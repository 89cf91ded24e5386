/* SPDX-License-Identifier: MIT */
/* fixture_msg.c: validation of a fixture's request and response: headers,
 * the three kinds of body, placeholders and transport-error responses. */
#include "fixture_check.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- Placeholders ----------------------------------------------------- */

typedef struct names {
    hn__fixture_ctx *c;
    int oom;
} names;

static void add_name(const char *name, size_t n, void *data)
{
    names *ns = data;
    hn_fixture *fx = ns->c->fx;
    for (size_t i = 0; i < fx->nplaceholders; i++)
        if (strlen(fx->placeholders[i]) == n && !memcmp(fx->placeholders[i], name, n))
            return;
    char **more = realloc(fx->placeholders, (fx->nplaceholders + 1) * sizeof *more);
    char *copy = strndup(name, n);
    if (!more || !copy) {
        free(copy);
        if (more)
            fx->placeholders = more;
        ns->oom = 1;
        return;
    }
    fx->placeholders = more;
    fx->placeholders[fx->nplaceholders++] = copy;
}

/* Scans s (the value, or the key with `key`, of the node at c->path). */
static int scan_placeholders(hn__fixture_ctx *c, const char *s, int key, const char *where)
{
    names ns = {c, 0};
    size_t bad = hn__fixture_env_scan(s, add_name, &ns);
    if (ns.oom)
        return hn__fixture_check_nomem(c);
    if (!bad)
        return 0;
    const char *from = s + bad - 1, *close = strchr(from, '}');
    int shown = close && close - from < 40 ? (int)(close - from + 1) : 20;
    return hn__fixture_check_fail(
        c, key, HN_FIXTURE_E_PLACEHOLDER,
        "malformed placeholder \"%.*s\" in %s; expected ${NAME} with NAME made of "
        "letters, digits and _ (write $${ for a literal ${)",
        shown, from, where);
}

/* Placeholders inside a JSON body: in every string, keys included. */
static int scan_json(hn__fixture_ctx *c, const cJSON *v, const char *where)
{
    int i = 0;
    if (cJSON_IsString(v))
        return scan_placeholders(c, v->valuestring, 0, where);
    for (const cJSON *ch = v->child; ch; ch = ch->next, i++) {
        if (c->depth >= HN__JSON_TEXT_MAX_DEPTH)
            return 0;
        hn__fixture_check_push(c, i);
        if ((ch->string && scan_placeholders(c, ch->string, 1, where)) || scan_json(c, ch, where))
            return -1;
        hn__fixture_check_pop(c);
    }
    return 0;
}

/* ---- Messages --------------------------------------------------------- */

static int is_token(const char *s)
{
    static const char *special = "!#$%&'*+-.^_`|~";
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!((*s >= '0' && *s <= '9') || ((*s | 0x20) >= 'a' && (*s | 0x20) <= 'z') ||
              strchr(special, *s)))
            return 0;
    return 1;
}

static int add_header(hn__fixture_ctx *c, hn__fixture_msg *m, const char *name, const char *value)
{
    hn__fixture_header *more = realloc(m->headers, (m->nheaders + 1) * sizeof *more);
    if (!more)
        return hn__fixture_check_nomem(c);
    m->headers = more;
    m->headers[m->nheaders++] = (hn__fixture_header){name, value};
    return 0;
}

static int check_header_value(hn__fixture_ctx *c, hn__fixture_msg *m, const cJSON *h, int request)
{
    const char *what = "expected a string, or an array of strings for a repeated header";
    if (cJSON_IsString(h))
        return add_header(c, m, h->string, h->valuestring) ||
               (request && scan_placeholders(c, h->valuestring, 0, "a request header"));
    if (!cJSON_IsArray(h) || !h->child)
        return hn__fixture_check_fail(
            c, 0, HN_FIXTURE_E_TYPE, "header \"%s\" in \"%s\" is %s%s; %s", h->string, c->section,
            cJSON_IsArray(h) ? "an empty array" : hn__fixture_check_type(h), "", what);
    int k = 0;
    for (const cJSON *v = h->child; v; v = v->next, k++) {
        hn__fixture_check_push(c, k);
        if (!cJSON_IsString(v))
            return hn__fixture_check_fail(c, 0, HN_FIXTURE_E_TYPE,
                                          "value %d of header \"%s\" in \"%s\" is %s; %s", k,
                                          h->string, c->section, hn__fixture_check_type(v), what);
        if (add_header(c, m, h->string, v->valuestring) ||
            (request && scan_placeholders(c, v->valuestring, 0, "a request header")))
            return -1;
        hn__fixture_check_pop(c);
    }
    return 0;
}

static int check_headers(hn__fixture_ctx *c, const cJSON *msg_obj, hn__fixture_msg *m, int request)
{
    int at;
    const cJSON *hs = hn__fixture_check_object(c, msg_obj, "headers", &at);
    if (hs == (const cJSON *)-1)
        return -1;
    if (!hs)
        return 0;
    hn__fixture_check_push(c, at);
    int i = 0;
    for (const cJSON *h = hs->child; h; h = h->next, i++) {
        hn__fixture_check_push(c, i);
        if (!is_token(h->string))
            return hn__fixture_check_fail(
                c, 1, HN_FIXTURE_E_VALUE,
                "\"%s\" in \"%s\" headers is not a header name; expected letters, "
                "digits and -, as in \"Content-Type\"",
                h->string, c->section);
        int j = 0;
        for (const cJSON *e = hs->child; e != h; e = e->next, j++)
            if (!strcasecmp(e->string, h->string))
                return hn__fixture_check_fail(
                    c, 1, HN_FIXTURE_E_DUPLICATE,
                    "header \"%s\" in \"%s\" is given twice (also as \"%s\", member %d); "
                    "names ignore case: write a repeated header once, with an array "
                    "of values",
                    h->string, c->section, e->string, j + 1);
        if (check_header_value(c, m, h, request))
            return -1;
        hn__fixture_check_pop(c);
    }
    hn__fixture_check_pop(c);
    return 0;
}

static int b64_value(unsigned char ch)
{
    if (ch >= 'A' && ch <= 'Z')
        return ch - 'A';
    if (ch >= 'a' && ch <= 'z')
        return ch - 'a' + 26;
    if (ch >= '0' && ch <= '9')
        return ch - '0' + 52;
    return ch == '+' ? 62 : ch == '/' ? 63 : -1;
}

/* Strict RFC 4648 base64 (length a multiple of 4, padding required); returns
 * the offset of the first bad character, or -1 when s decoded into m. */
static long decode_base64(const char *s, hn__fixture_msg *m, int *oom)
{
    size_t n = strlen(s);
    m->body = malloc(n / 4 * 3 + 1);
    if (!m->body)
        return *oom = 1, 0;
    size_t out = 0;
    for (size_t i = 0; i < n; i += 4) {
        int v[4];
        for (int k = 0; k < 4; k++) {
            v[k] = b64_value((unsigned char)s[i + k]);
            int pad = s[i + k] == '=' && i + 4 == n && (k == 3 || (k == 2 && s[i + 3] == '='));
            if (v[k] < 0 && !pad)
                return (long)(i + k);
        }
        m->body[out++] = (char)(v[0] << 2 | v[1] >> 4);
        if (v[2] >= 0)
            m->body[out++] = (char)((v[1] & 15) << 4 | v[2] >> 2);
        if (v[3] >= 0)
            m->body[out++] = (char)((v[2] & 3) << 6 | v[3]);
    }
    m->body[out] = '\0';
    m->body_len = out;
    return -1;
}

/* A cJSON raw item (from hn_fixture_json_set_body) carries the payload as
 * text, so that numbers keep the digits they were recorded with. */
static int raw_body(hn__fixture_ctx *c, const cJSON *v, hn__fixture_msg *m)
{
    hn__json_text_error e;
    size_t n = strlen(v->valuestring);
    if (hn__json_text_check(v->valuestring, n, &e))
        return hn__fixture_check_fail(c, 0, HN_FIXTURE_E_SYNTAX,
                                      "\"body\" in \"%s\" holds invalid JSON: %s", c->section,
                                      e.msg);
    m->body = hn__json_text_compact(v->valuestring, n, &m->body_len);
    m->json = m->owned_json = cJSON_ParseWithLength(v->valuestring, n);
    return m->json ? 0 : hn__fixture_check_nomem(c);
}

static int json_body(hn__fixture_ctx *c, const cJSON *v, hn__fixture_msg *m)
{
    size_t s, e;
    m->kind = HN_BODY_JSON;
    if (cJSON_IsRaw(v))
        return raw_body(c, v, m);
    m->json = v;
    if (c->text && !hn__json_text_locate(c->text, c->len, c->path, c->depth, 0, &s, &e))
        m->body = hn__json_text_compact(c->text + s, e - s, &m->body_len);
    else if ((m->body = cJSON_PrintUnformatted(v)))
        m->body_len = strlen(m->body);
    return m->body ? 0 : hn__fixture_check_nomem(c);
}

static int text_body(hn__fixture_ctx *c, const char *s, hn__fixture_msg *m, int request)
{
    m->kind = HN_BODY_TEXT;
    m->body_len = strlen(s);
    if (!(m->body = strdup(s)))
        return hn__fixture_check_nomem(c);
    return request ? scan_placeholders(c, s, 0, "the request body") : 0;
}

static int base64_body(hn__fixture_ctx *c, const char *s, hn__fixture_msg *m)
{
    int oom = 0;
    m->kind = HN_BODY_BASE64;
    if (strlen(s) % 4)
        return hn__fixture_check_fail(
            c, 0, HN_FIXTURE_E_VALUE,
            "\"body_base64\" in \"%s\" is not valid base64: its length (%zu) is not a "
            "multiple of 4; pad it with '='",
            c->section, strlen(s));
    long bad = decode_base64(s, m, &oom);
    if (oom)
        return hn__fixture_check_nomem(c);
    if (bad >= 0)
        return hn__fixture_check_fail(
            c, 0, HN_FIXTURE_E_VALUE,
            "\"body_base64\" in \"%s\" is not valid base64 (at character %ld of the "
            "string); expected RFC 4648 base64 on one line, padded with '='",
            c->section, bad + 1);
    return 0;
}

static int check_body(hn__fixture_ctx *c, const cJSON *obj, hn__fixture_msg *m, int request)
{
    static const char *const kinds[] = {"body", "body_text", "body_base64"};
    const char *first = NULL;
    for (int k = 0; k < 3; k++) {
        int i;
        const cJSON *v = hn__fixture_check_field(obj, kinds[k], &i);
        if (!v)
            continue;
        hn__fixture_check_push(c, i);
        if (first)
            return hn__fixture_check_fail(
                c, 1, HN_FIXTURE_E_VALUE,
                "\"%s\" in \"%s\" is given with \"%s\"; a message has one body: "
                "\"body\" for JSON, \"body_text\" for other text, \"body_base64\" for "
                "bytes",
                kinds[k], c->section, first);
        first = kinds[k];
        if (k > 0 && !cJSON_IsString(v))
            return hn__fixture_check_fail(
                c, 0, HN_FIXTURE_E_TYPE,
                "\"%s\" in \"%s\" is %s; expected a string (\"body\" holds JSON "
                "payloads)",
                kinds[k], c->section, hn__fixture_check_type(v));
        int r = k == 0
                    ? json_body(c, v, m) || (request && scan_json(c, m->json, "the request body"))
                : k == 1 ? text_body(c, v->valuestring, m, request)
                         : base64_body(c, v->valuestring, m);
        if (r)
            return -1;
        hn__fixture_check_pop(c);
    }
    if (!m->body && !(m->body = calloc(1, 1)))
        return hn__fixture_check_nomem(c);
    return 0;
}

static int is_method(const char *s)
{
    for (; *s; s++)
        if (*s < 'A' || *s > 'Z')
            return 0;
    return 1;
}

int hn__fixture_msg_request(hn__fixture_ctx *c, const cJSON *r)
{
    hn__fixture_msg *m = &c->fx->req;
    if (hn__fixture_check_members(c, r, hn__fixture_fields("request")) ||
        hn__fixture_check_string(c, r, "method", 1, "\"method\": \"GET\"", &m->method) ||
        hn__fixture_check_string(c, r, "url", 1, "\"url\": \"https://api.example.com/v1/items\"",
                                 &m->url))
        return -1;
    hn__fixture_check_enter(c, r, "method");
    if (!is_method(m->method))
        return hn__fixture_check_fail(
            c, 0, HN_FIXTURE_E_VALUE,
            "\"method\" in \"request\" is \"%s\"; expected an HTTP method in upper case, "
            "such as \"GET\" or \"POST\"",
            m->method);
    hn__fixture_check_pop(c);
    hn__fixture_check_enter(c, r, "url");
    if (strncmp(m->url, "http://", 7) && strncmp(m->url, "https://", 8) && strncmp(m->url, "${", 2))
        return hn__fixture_check_fail(
            c, 0, HN_FIXTURE_E_VALUE,
            "\"url\" in \"request\" is \"%s\"; expected an absolute http:// or https:// "
            "URL (a ${NAME} placeholder may stand for its start)",
            m->url);
    if (scan_placeholders(c, m->url, 0, "the request URL"))
        return -1;
    hn__fixture_check_pop(c);
    return check_headers(c, r, m, 1) || check_body(c, r, m, 1);
}

static int check_error_word(hn__fixture_ctx *c, const cJSON *r, const char *word)
{
    hn__fixture_msg *m = &c->fx->resp;
    char list[256] = "";
    size_t used = 0;
    int i;
    for (int e = 1; hn_transport_error_name((hn_transport_error)e)[0]; e++) {
        const char *name = hn_transport_error_name((hn_transport_error)e);
        if (!strcmp(word, name))
            m->error = (hn_transport_error)e;
        used +=
            (size_t)snprintf(list + used, sizeof list - used, "%s\"%s\"", e > 1 ? ", " : "", name);
    }
    hn__fixture_check_enter(c, r, "error");
    if (!m->error)
        return hn__fixture_check_fail(c, 0, HN_FIXTURE_E_VALUE,
                                      "\"error\" in \"response\" is \"%s\"; expected one of %s",
                                      word, list);
    hn__fixture_check_pop(c);
    for (const cJSON *ch = r->child; ch; ch = ch->next)
        if (strcmp(ch->string, "error") && hn__fixture_check_field(r, ch->string, &i)) {
            hn__fixture_check_push(c, i);
            return hn__fixture_check_fail(
                c, 1, HN_FIXTURE_E_VALUE,
                "\"%s\" in \"response\" is given with \"error\"; a transport-error "
                "response has no status, headers or body: remove one of the two",
                ch->string);
        }
    return 0;
}

int hn__fixture_msg_response(hn__fixture_ctx *c, const cJSON *r)
{
    hn__fixture_msg *m = &c->fx->resp;
    const char *word;
    int i;
    if (hn__fixture_check_members(c, r, hn__fixture_fields("response")) ||
        hn__fixture_check_string(c, r, "error", 0, "\"error\": \"timeout\"", &word))
        return -1;
    if (word)
        return check_error_word(c, r, word) || check_body(c, r, m, 0);
    if (!hn__fixture_check_field(r, "status", &i))
        return hn__fixture_check_fail(
            c, 0, HN_FIXTURE_E_MISSING,
            "missing required field \"status\" in \"response\"; add the HTTP status "
            "(for example \"status\": 200), or \"error\" for a transport failure "
            "(\"timeout\", \"connection_refused\", ...)");
    return hn__fixture_check_int(c, r, "status", 1, 100, 599, "\"status\": 200", &m->status) ||
           check_headers(c, r, m, 0) || check_body(c, r, m, 0);
}
