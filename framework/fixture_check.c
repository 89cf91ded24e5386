/* SPDX-License-Identifier: MIT */
/* fixture_check.c: strict validation of a parsed fixture against format
 * version 1, with the file:line:column of every problem, filling hn_fixture. */
#include "fixture_impl.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "json_text.h"

typedef struct ctx {
    hn_fixture *fx;
    const char *text;    /* source text, or NULL when built in memory */
    size_t len;
    const char *section; /* "" (top level), "request", "response", "verify" */
    hn_fixture_error *err;
    size_t depth;
    int path[HN__JSON_TEXT_MAX_DEPTH + 2]; /* child positions from the root */
} ctx;

static void push(ctx *c, int i) { c->path[c->depth++] = i; }
static void pop(ctx *c) { c->depth--; }

/* Records an error about the node at c->path (its key when `key`). */
__attribute__((format(printf, 4, 5))) static int fail(ctx *c, int key, hn_fixture_errcode code,
                                                      const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    hn__fixture_verror_at(c->err, code, c->fx->path, c->text, c->len, c->path, c->depth, key,
                          fmt, ap);
    va_end(ap);
    return -1;
}

static int nomem(ctx *c)
{
    return hn__fixture_errorf(c->err, HN_FIXTURE_E_NOMEM, c->fx->path, 0, 0, "out of memory");
}

/* `"name" in "section"`, or `"name"` at the top level. */
static const char *qual(const ctx *c, const char *name, char *buf, size_t size)
{
    if (c->section[0])
        snprintf(buf, size, "\"%s\" in \"%s\"", name, c->section);
    else
        snprintf(buf, size, "\"%s\"", name);
    return buf;
}

static const char *type_name(const cJSON *v)
{
    if (cJSON_IsObject(v))
        return "an object";
    if (cJSON_IsArray(v))
        return "an array";
    if (cJSON_IsString(v))
        return "a string";
    if (cJSON_IsNumber(v))
        return "a number";
    if (cJSON_IsBool(v))
        return "a boolean";
    return "null";
}

static const cJSON *field(const cJSON *obj, const char *name, int *index)
{
    int i = 0;
    for (const cJSON *ch = obj->child; ch; ch = ch->next, i++)
        if (!strcmp(ch->string, name)) {
            *index = i;
            return ch;
        }
    return NULL;
}

/* Levenshtein distance, capped: enough to suggest "status" for "stauts". */
static size_t distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b), row[64];
    if (la >= 63 || lb >= 63)
        return 99;
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t best = diag + ((a[i - 1] | 0x20) != (b[j - 1] | 0x20));
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

static int unknown_field(ctx *c, const char *name, const char *const *fields)
{
    char list[512] = "", hint[128] = "", q[160];
    size_t used = 0;
    const char *near = NULL;
    for (const char *const *f = fields; *f; f++) {
        used += (size_t)snprintf(list + used, used < sizeof list ? sizeof list - used : 0,
                                 "%s\"%s\"", f == fields ? "" : ", ", *f);
        size_t n = strlen(name);
        if (!near && (distance(name, *f) <= 2 || (n >= 4 && !strncasecmp(*f, name, n))))
            near = *f;
    }
    if (near)
        snprintf(hint, sizeof hint, "did you mean \"%s\"? ", near);
    return fail(c, 1, HN_FIXTURE_E_UNKNOWN,
                "unknown field %s; expected one of %s; %sremove or rename it (format version "
                "%d, see docs/fixtures.md)",
                qual(c, name, q, sizeof q), list, hint, HN_FIXTURE_VERSION);
}

/* Every member of obj must be one of `fields`, and appear once. */
static int check_members(ctx *c, const cJSON *obj, const char *const *fields)
{
    int i = 0;
    for (const cJSON *ch = obj->child; ch; ch = ch->next, i++) {
        const char *const *f = fields;
        while (*f && strcmp(*f, ch->string))
            f++;
        push(c, i);
        if (!*f)
            return unknown_field(c, ch->string, fields);
        int first;
        char q[160];
        if (field(obj, ch->string, &first) != ch)
            return fail(c, 1, HN_FIXTURE_E_DUPLICATE,
                        "field %s is given twice; keep one of the two",
                        qual(c, ch->string, q, sizeof q));
        pop(c);
    }
    return 0;
}

static int missing(ctx *c, const char *name, const char *example)
{
    char q[160];
    return fail(c, 0, HN_FIXTURE_E_MISSING, "missing required field %s; add it, for example %s",
                qual(c, name, q, sizeof q), example);
}

/* The member `name` of obj as a string (NULL and 0 when absent and optional). */
static int get_string(ctx *c, const cJSON *obj, const char *name, int required,
                      const char *example, const char **out)
{
    int i;
    const cJSON *v = field(obj, name, &i);
    *out = NULL;
    if (!v)
        return required ? missing(c, name, example) : 0;
    push(c, i);
    char q[160];
    if (!cJSON_IsString(v))
        return fail(c, 0, HN_FIXTURE_E_TYPE, "%s is %s; expected a string, for example %s",
                    qual(c, name, q, sizeof q), type_name(v), example);
    if (!v->valuestring[0])
        return fail(c, 0, HN_FIXTURE_E_VALUE, "%s is empty; expected %s",
                    qual(c, name, q, sizeof q), example);
    pop(c);
    *out = v->valuestring;
    return 0;
}

/* The member `name` as an integer in [min, max]; *out keeps its default
 * when the member is absent and optional. */
static int get_int(ctx *c, const cJSON *obj, const char *name, int required, int min, int max,
                   const char *example, int *out)
{
    int i;
    const cJSON *v = field(obj, name, &i);
    if (!v)
        return required ? missing(c, name, example) : 0;
    push(c, i);
    char q[160];
    if (!cJSON_IsNumber(v))
        return fail(c, 0, HN_FIXTURE_E_TYPE,
                    "%s is %s; expected an integer from %d to %d, for example %s",
                    qual(c, name, q, sizeof q), type_name(v), min, max, example);
    double d = v->valuedouble;
    if (!isfinite(d) || d != floor(d) || d < min || d > max)
        return fail(c, 0, HN_FIXTURE_E_VALUE,
                    "%s is %g; expected an integer from %d to %d, for example %s",
                    qual(c, name, q, sizeof q), d, min, max, example);
    pop(c);
    *out = (int)d;
    return 0;
}

/* A member that must be an object, if present. */
static const cJSON *get_object(ctx *c, const cJSON *obj, const char *name, int *index)
{
    const cJSON *v = field(obj, name, index);
    if (v && !cJSON_IsObject(v)) {
        char q[160];
        push(c, *index);
        fail(c, 0, HN_FIXTURE_E_TYPE, "%s is %s; expected an object { ... }",
             qual(c, name, q, sizeof q), type_name(v));
        pop(c);
        return (const cJSON *)-1;
    }
    return v;
}

/* "honest" is checked before anything else, so that a file of a newer
 * version says so rather than listing fields this version does not know. */
static int check_version(ctx *c, const cJSON *doc)
{
    int i;
    const cJSON *v = field(doc, "honest", &i);
    if (!v)
        return fail(c, 0, HN_FIXTURE_E_MISSING,
                    "missing required field \"honest\" (the format version); add \"honest\": "
                    "%d as the first field", HN_FIXTURE_VERSION);
    push(c, i);
    if (!cJSON_IsNumber(v))
        return fail(c, 0, HN_FIXTURE_E_TYPE,
                    "\"honest\" is %s; expected the number %d (the format version)",
                    type_name(v), HN_FIXTURE_VERSION);
    double d = v->valuedouble;
    if (d > HN_FIXTURE_VERSION && d == floor(d) && d < 1e9)
        return fail(c, 0, HN_FIXTURE_E_VERSION,
                    "fixture format version %.0f is not supported: this honest reads version "
                    "%d; upgrade honest, or re-record the fixture with this version",
                    d, HN_FIXTURE_VERSION);
    if (d != HN_FIXTURE_VERSION)
        return fail(c, 0, HN_FIXTURE_E_VALUE,
                    "\"honest\" is %g; expected %d (the format version)", d,
                    HN_FIXTURE_VERSION);
    pop(c);
    return 0;
}

static int check_date(ctx *c, const cJSON *doc)
{
    static const char *example = "\"recorded_at\": \"2026-11-20T10:00:00Z\"";
    const char *s;
    int i;
    if (get_string(c, doc, "recorded_at", 1, example, &s))
        return -1;
    if (hn_fixture_time_parse(s, &c->fx->recorded_at) == 0)
        return 0;
    field(doc, "recorded_at", &i);
    push(c, i);
    return fail(c, 0, HN_FIXTURE_E_VALUE,
                "\"recorded_at\" is \"%s\"; expected an ISO 8601 time in UTC such as "
                "\"2026-11-20T10:00:00Z\" (date, 'T', time, 'Z'); convert local times to UTC",
                s);
}

/* "auth.example.com" from "https://user@auth.example.com:443/v1". */
static char *url_host(const char *url)
{
    const char *p = strstr(url, "://");
    const char *dollar = strchr(url, '$');
    if (!p || (dollar && dollar < p))
        return NULL;
    p += 3;
    size_t n = strcspn(p, "/?#");
    const char *at = memchr(p, '@', n);
    if (at)
        n -= (size_t)(at + 1 - p), p = at + 1;
    const char *colon = memchr(p, ':', n);
    if (colon && p[0] != '[')
        n = (size_t)(colon - p);
    return n ? strndup(p, n) : NULL;
}

static int check_top(ctx *c, const cJSON *doc)
{
    hn_fixture *fx = c->fx;
    const char *schema;
    fx->max_age_days = 30;
    if (get_string(c, doc, "$schema", 0, "\"$schema\": \"fixture.schema.json\"", &schema) ||
        get_string(c, doc, "name", 0, "\"name\": \"auth.login.ok\"", &fx->name) ||
        get_string(c, doc, "description", 0, "\"description\": \"why it exists\"",
                   &fx->description) ||
        get_string(c, doc, "service", 0, "\"service\": \"auth\"", &fx->service) ||
        check_date(c, doc) ||
        get_int(c, doc, "max_age_days", 0, 1, 36500, "\"max_age_days\": 30",
                &fx->max_age_days))
        return -1;
    if (!fx->name)
        fx->name = fx->owned_name;
    return 0;
}

/* ---- Placeholders ----------------------------------------------------- */

typedef struct names {
    ctx *c;
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
static int scan_placeholders(ctx *c, const char *s, int key, const char *where)
{
    names ns = {c, 0};
    size_t bad = hn__fixture_env_scan(s, add_name, &ns);
    if (ns.oom)
        return nomem(c);
    if (!bad)
        return 0;
    const char *from = s + bad - 1, *close = strchr(from, '}');
    int shown = close && close - from < 40 ? (int)(close - from + 1) : 20;
    return fail(c, key, HN_FIXTURE_E_PLACEHOLDER,
                "malformed placeholder \"%.*s\" in %s; expected ${NAME} with NAME made of "
                "letters, digits and _ (write $${ for a literal ${)", shown, from, where);
}

/* Placeholders inside a JSON body: in every string, keys included. */
static int scan_json(ctx *c, const cJSON *v, const char *where)
{
    int i = 0;
    if (cJSON_IsString(v))
        return scan_placeholders(c, v->valuestring, 0, where);
    for (const cJSON *ch = v->child; ch; ch = ch->next, i++) {
        if (c->depth >= HN__JSON_TEXT_MAX_DEPTH)
            return 0;
        push(c, i);
        if ((ch->string && scan_placeholders(c, ch->string, 1, where)) ||
            scan_json(c, ch, where))
            return -1;
        pop(c);
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

static int add_header(ctx *c, hn__fixture_msg *m, const char *name, const char *value)
{
    hn__fixture_header *more = realloc(m->headers, (m->nheaders + 1) * sizeof *more);
    if (!more)
        return nomem(c);
    m->headers = more;
    m->headers[m->nheaders++] = (hn__fixture_header){name, value};
    return 0;
}

static int check_header_value(ctx *c, hn__fixture_msg *m, const cJSON *h, int request)
{
    const char *what = "expected a string, or an array of strings for a repeated header";
    if (cJSON_IsString(h))
        return add_header(c, m, h->string, h->valuestring) ||
               (request && scan_placeholders(c, h->valuestring, 0, "a request header"));
    if (!cJSON_IsArray(h) || !h->child)
        return fail(c, 0, HN_FIXTURE_E_TYPE, "header \"%s\" in \"%s\" is %s%s; %s", h->string,
                    c->section, cJSON_IsArray(h) ? "an empty array" : type_name(h), "", what);
    int k = 0;
    for (const cJSON *v = h->child; v; v = v->next, k++) {
        push(c, k);
        if (!cJSON_IsString(v))
            return fail(c, 0, HN_FIXTURE_E_TYPE, "value %d of header \"%s\" in \"%s\" is %s; %s",
                        k, h->string, c->section, type_name(v), what);
        if (add_header(c, m, h->string, v->valuestring) ||
            (request && scan_placeholders(c, v->valuestring, 0, "a request header")))
            return -1;
        pop(c);
    }
    return 0;
}

static int check_headers(ctx *c, const cJSON *msg_obj, hn__fixture_msg *m, int request)
{
    int at;
    const cJSON *hs = get_object(c, msg_obj, "headers", &at);
    if (hs == (const cJSON *)-1)
        return -1;
    if (!hs)
        return 0;
    push(c, at);
    int i = 0;
    for (const cJSON *h = hs->child; h; h = h->next, i++) {
        push(c, i);
        if (!is_token(h->string))
            return fail(c, 1, HN_FIXTURE_E_VALUE,
                        "\"%s\" in \"%s\" headers is not a header name; expected letters, "
                        "digits and -, as in \"Content-Type\"", h->string, c->section);
        int j = 0;
        for (const cJSON *e = hs->child; e != h; e = e->next, j++)
            if (!strcasecmp(e->string, h->string))
                return fail(c, 1, HN_FIXTURE_E_DUPLICATE,
                            "header \"%s\" in \"%s\" is given twice (also as \"%s\", member %d); "
                            "names ignore case: write a repeated header once, with an array "
                            "of values", h->string, c->section, e->string, j + 1);
        if (check_header_value(c, m, h, request))
            return -1;
        pop(c);
    }
    pop(c);
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
static int raw_body(ctx *c, const cJSON *v, hn__fixture_msg *m)
{
    hn__json_text_error e;
    size_t n = strlen(v->valuestring);
    if (hn__json_text_check(v->valuestring, n, &e))
        return fail(c, 0, HN_FIXTURE_E_SYNTAX, "\"body\" in \"%s\" holds invalid JSON: %s",
                    c->section, e.msg);
    m->body = hn__json_text_compact(v->valuestring, n, &m->body_len);
    m->json = m->owned_json = cJSON_ParseWithLength(v->valuestring, n);
    return m->json ? 0 : nomem(c);
}

static int json_body(ctx *c, const cJSON *v, hn__fixture_msg *m)
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
    return m->body ? 0 : nomem(c);
}

static int text_body(ctx *c, const char *s, hn__fixture_msg *m, int request)
{
    m->kind = HN_BODY_TEXT;
    m->body_len = strlen(s);
    if (!(m->body = strdup(s)))
        return nomem(c);
    return request ? scan_placeholders(c, s, 0, "the request body") : 0;
}

static int base64_body(ctx *c, const char *s, hn__fixture_msg *m)
{
    int oom = 0;
    m->kind = HN_BODY_BASE64;
    if (strlen(s) % 4)
        return fail(c, 0, HN_FIXTURE_E_VALUE,
                    "\"body_base64\" in \"%s\" is not valid base64: its length (%zu) is not a "
                    "multiple of 4; pad it with '='", c->section, strlen(s));
    long bad = decode_base64(s, m, &oom);
    if (oom)
        return nomem(c);
    if (bad >= 0)
        return fail(c, 0, HN_FIXTURE_E_VALUE,
                    "\"body_base64\" in \"%s\" is not valid base64 (at character %ld of the "
                    "string); expected RFC 4648 base64 on one line, padded with '='",
                    c->section, bad + 1);
    return 0;
}

static int check_body(ctx *c, const cJSON *obj, hn__fixture_msg *m, int request)
{
    static const char *const kinds[] = {"body", "body_text", "body_base64"};
    const char *first = NULL;
    for (int k = 0; k < 3; k++) {
        int i;
        const cJSON *v = field(obj, kinds[k], &i);
        if (!v)
            continue;
        push(c, i);
        if (first)
            return fail(c, 1, HN_FIXTURE_E_VALUE,
                        "\"%s\" in \"%s\" is given with \"%s\"; a message has one body: "
                        "\"body\" for JSON, \"body_text\" for other text, \"body_base64\" for "
                        "bytes", kinds[k], c->section, first);
        first = kinds[k];
        if (k > 0 && !cJSON_IsString(v))
            return fail(c, 0, HN_FIXTURE_E_TYPE,
                        "\"%s\" in \"%s\" is %s; expected a string (\"body\" holds JSON "
                        "payloads)", kinds[k], c->section, type_name(v));
        int r = k == 0   ? json_body(c, v, m) ||
                             (request && scan_json(c, m->json, "the request body"))
                : k == 1 ? text_body(c, v->valuestring, m, request)
                         : base64_body(c, v->valuestring, m);
        if (r)
            return -1;
        pop(c);
    }
    if (!m->body && !(m->body = calloc(1, 1)))
        return nomem(c);
    return 0;
}

static int is_method(const char *s)
{
    for (; *s; s++)
        if (*s < 'A' || *s > 'Z')
            return 0;
    return 1;
}

static int check_request(ctx *c, const cJSON *r)
{
    hn__fixture_msg *m = &c->fx->req;
    int i;
    if (check_members(c, r, hn__fixture_fields("request")) ||
        get_string(c, r, "method", 1, "\"method\": \"GET\"", &m->method) ||
        get_string(c, r, "url", 1, "\"url\": \"https://api.example.com/v1/items\"", &m->url))
        return -1;
    field(r, "method", &i);
    push(c, i);
    if (!is_method(m->method))
        return fail(c, 0, HN_FIXTURE_E_VALUE,
                    "\"method\" in \"request\" is \"%s\"; expected an HTTP method in upper case, "
                    "such as \"GET\" or \"POST\"", m->method);
    pop(c);
    field(r, "url", &i);
    push(c, i);
    if (strncmp(m->url, "http://", 7) && strncmp(m->url, "https://", 8) &&
        strncmp(m->url, "${", 2))
        return fail(c, 0, HN_FIXTURE_E_VALUE,
                    "\"url\" in \"request\" is \"%s\"; expected an absolute http:// or https:// "
                    "URL (a ${NAME} placeholder may stand for its start)", m->url);
    if (scan_placeholders(c, m->url, 0, "the request URL"))
        return -1;
    pop(c);
    return check_headers(c, r, m, 1) || check_body(c, r, m, 1);
}

static int check_error_word(ctx *c, const cJSON *r, const char *word)
{
    hn__fixture_msg *m = &c->fx->resp;
    char list[256] = "";
    size_t used = 0;
    int i;
    for (int e = 1; hn_transport_error_name((hn_transport_error)e)[0]; e++) {
        const char *name = hn_transport_error_name((hn_transport_error)e);
        if (!strcmp(word, name))
            m->error = (hn_transport_error)e;
        used += (size_t)snprintf(list + used, sizeof list - used, "%s\"%s\"", e > 1 ? ", " : "",
                                 name);
    }
    field(r, "error", &i);
    push(c, i);
    if (!m->error)
        return fail(c, 0, HN_FIXTURE_E_VALUE,
                    "\"error\" in \"response\" is \"%s\"; expected one of %s", word, list);
    pop(c);
    for (const cJSON *ch = r->child; ch; ch = ch->next)
        if (strcmp(ch->string, "error") && field(r, ch->string, &i)) {
            push(c, i);
            return fail(c, 1, HN_FIXTURE_E_VALUE,
                        "\"%s\" in \"response\" is given with \"error\"; a transport-error "
                        "response has no status, headers or body: remove one of the two",
                        ch->string);
        }
    return 0;
}

static int check_response(ctx *c, const cJSON *r)
{
    hn__fixture_msg *m = &c->fx->resp;
    const char *word;
    int i;
    if (check_members(c, r, hn__fixture_fields("response")) ||
        get_string(c, r, "error", 0, "\"error\": \"timeout\"", &word))
        return -1;
    if (word)
        return check_error_word(c, r, word) || check_body(c, r, m, 0);
    if (!field(r, "status", &i))
        return fail(c, 0, HN_FIXTURE_E_MISSING,
                    "missing required field \"status\" in \"response\"; add the HTTP status "
                    "(for example \"status\": 200), or \"error\" for a transport failure "
                    "(\"timeout\", \"connection_refused\", ...)");
    return get_int(c, r, "status", 1, 100, 599, "\"status\": 200", &m->status) ||
           check_headers(c, r, m, 0) || check_body(c, r, m, 0);
}

/* ---- Verify block ---------------------------------------------------- */

static int path_list(ctx *c, const cJSON *v, const char *name, const char ***out, size_t *n)
{
    int i;
    const cJSON *list = field(v, name, &i);
    if (!list)
        return 0;
    push(c, i);
    if (!cJSON_IsArray(list))
        return fail(c, 0, HN_FIXTURE_E_TYPE,
                    "\"%s\" in \"verify\" is %s; expected an array of paths such as "
                    "[\"$.response.body.id\"]", name, type_name(list));
    *out = calloc((size_t)cJSON_GetArraySize(list) + 1, sizeof **out);
    if (!*out)
        return nomem(c);
    int k = 0;
    for (const cJSON *p = list->child; p; p = p->next, k++) {
        push(c, k);
        if (!cJSON_IsString(p) || p->valuestring[0] != '$' ||
            (p->valuestring[1] && p->valuestring[1] != '.' && p->valuestring[1] != '['))
            return fail(c, 0, HN_FIXTURE_E_VALUE,
                        "element %d of \"%s\" in \"verify\" is not a path; expected a string "
                        "such as \"$.response.body.items[*].id\"", k, name);
        (*out)[(*n)++] = p->valuestring;
        pop(c);
    }
    pop(c);
    return 0;
}

static int check_verify(ctx *c, const cJSON *v)
{
    const char *mode;
    int i;
    if (check_members(c, v, hn__fixture_fields("verify")) ||
        get_string(c, v, "compare", 0, "\"compare\": \"shape\"", &mode))
        return -1;
    if (mode && strcmp(mode, "shape") && strcmp(mode, "values")) {
        field(v, "compare", &i);
        push(c, i);
        return fail(c, 0, HN_FIXTURE_E_VALUE,
                    "\"compare\" in \"verify\" is \"%s\"; expected \"shape\" (keys and types) "
                    "or \"values\" (values too)", mode);
    }
    c->fx->compare = mode && !strcmp(mode, "values") ? HN_FIXTURE_COMPARE_VALUES
                                                     : HN_FIXTURE_COMPARE_SHAPE;
    return path_list(c, v, "ignore", &c->fx->ignore, &c->fx->nignore) ||
           path_list(c, v, "values", &c->fx->values, &c->fx->nvalues);
}

/* Checks one of the sections "request", "response", "verify". */
static int section(ctx *c, const cJSON *doc, const char *name, int required,
                   int (*check)(ctx *, const cJSON *))
{
    int i;
    const cJSON *v = get_object(c, doc, name, &i);
    if (v == (const cJSON *)-1)
        return -1;
    if (!v)
        return required ? missing(c, name, !strcmp(name, "request")
                                               ? "\"request\": {\"method\": \"GET\", \"url\": "
                                                 "\"https://api.example.com/v1/items\"}"
                                               : "\"response\": {\"status\": 200}")
                        : 0;
    push(c, i);
    c->section = name;
    int r = check(c, v);
    c->section = "";
    pop(c);
    return r;
}

int hn__fixture_check(hn_fixture *fx, const char *text, size_t len, hn_fixture_error *err)
{
    ctx *c = calloc(1, sizeof *c);
    if (!c)
        return hn__fixture_errorf(err, HN_FIXTURE_E_NOMEM, fx->path, 0, 0, "out of memory");
    *c = (ctx){.fx = fx, .text = text, .len = len, .section = "", .err = err};
    const cJSON *doc = fx->doc;
    int r;
    if (!cJSON_IsObject(doc))
        r = fail(c, 0, HN_FIXTURE_E_TYPE,
                 "the fixture is %s; expected an object with \"honest\": %d, \"recorded_at\", "
                 "\"request\" and \"response\"", type_name(doc), HN_FIXTURE_VERSION);
    else
        r = check_version(c, doc) || check_members(c, doc, hn__fixture_fields("")) ||
            check_top(c, doc) || section(c, doc, "request", 1, check_request) ||
            section(c, doc, "response", 1, check_response) ||
            section(c, doc, "verify", 0, check_verify);
    /* Out of memory here only leaves the service unknown (NULL). */
    if (!r && !fx->service)
        fx->service = fx->owned_service = url_host(fx->req.url);
    free(c);
    return r ? -1 : 0;
}
