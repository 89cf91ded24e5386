/* SPDX-License-Identifier: MIT */
/* fixture_check.c: strict validation of a parsed fixture against format
 * version 1 (top level, verify block; messages in fixture_msg.c), with the
 * file:line:column of every problem, filling hn_fixture. */
#include "fixture_check.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "json_path.h"

void hn__fixture_check_push(hn__fixture_ctx *c, int i)
{
    c->path[c->depth++] = i;
}
void hn__fixture_check_pop(hn__fixture_ctx *c)
{
    c->depth--;
}

/* Records an error about the node at c->path (its key when `key`). */
int hn__fixture_check_fail(hn__fixture_ctx *c, int key, hn_fixture_errcode code, const char *fmt,
                           ...)
{
    va_list ap;
    va_start(ap, fmt);
    hn__fixture_verror_at(c->err, code, c->fx->path, c->text, c->len, c->path, c->depth, key, fmt,
                          ap);
    va_end(ap);
    return -1;
}

int hn__fixture_check_nomem(hn__fixture_ctx *c)
{
    return hn__fixture_errorf(c->err, HN_FIXTURE_E_NOMEM, c->fx->path, 0, 0, "out of memory");
}

/* `"name" in "section"`, or `"name"` at the top level. */
static const char *qual(const hn__fixture_ctx *c, const char *name, char *buf, size_t size)
{
    if (c->section[0])
        snprintf(buf, size, "\"%s\" in \"%s\"", name, c->section);
    else
        snprintf(buf, size, "\"%s\"", name);
    return buf;
}

const char *hn__fixture_check_type(const cJSON *v)
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

const cJSON *hn__fixture_check_field(const cJSON *obj, const char *name, int *index)
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

static int unknown_field(hn__fixture_ctx *c, const char *name, const char *const *fields)
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
    return hn__fixture_check_fail(
        c, 1, HN_FIXTURE_E_UNKNOWN,
        "unknown field %s; expected one of %s; %sremove or rename it (format version "
        "%d, see docs/fixtures.md)",
        qual(c, name, q, sizeof q), list, hint, HN_FIXTURE_VERSION);
}

const cJSON *hn__fixture_check_enter(hn__fixture_ctx *c, const cJSON *obj, const char *name)
{
    int i;
    const cJSON *v = hn__fixture_check_field(obj, name, &i);
    if (v)
        hn__fixture_check_push(c, i);
    return v;
}

/* Every member of obj must be one of `fields`, and appear once. */
int hn__fixture_check_members(hn__fixture_ctx *c, const cJSON *obj, const char *const *fields)
{
    int i = 0;
    for (const cJSON *ch = obj->child; ch; ch = ch->next, i++) {
        const char *const *f = fields;
        while (*f && strcmp(*f, ch->string))
            f++;
        hn__fixture_check_push(c, i);
        if (!*f)
            return unknown_field(c, ch->string, fields);
        int first;
        char q[160];
        if (hn__fixture_check_field(obj, ch->string, &first) != ch)
            return hn__fixture_check_fail(c, 1, HN_FIXTURE_E_DUPLICATE,
                                          "field %s is given twice; keep one of the two",
                                          qual(c, ch->string, q, sizeof q));
        hn__fixture_check_pop(c);
    }
    return 0;
}

static int missing(hn__fixture_ctx *c, const char *name, const char *example)
{
    char q[160];
    return hn__fixture_check_fail(c, 0, HN_FIXTURE_E_MISSING,
                                  "missing required field %s; add it, for example %s",
                                  qual(c, name, q, sizeof q), example);
}

/* The member `name` of obj as a string (NULL and 0 when absent and optional). */
int hn__fixture_check_string(hn__fixture_ctx *c, const cJSON *obj, const char *name, int required,
                             const char *example, const char **out)
{
    const cJSON *v = hn__fixture_check_enter(c, obj, name);
    *out = NULL;
    if (!v)
        return required ? missing(c, name, example) : 0;
    char q[160];
    if (!cJSON_IsString(v))
        return hn__fixture_check_fail(
            c, 0, HN_FIXTURE_E_TYPE, "%s is %s; expected a string, for example %s",
            qual(c, name, q, sizeof q), hn__fixture_check_type(v), example);
    if (!v->valuestring[0])
        return hn__fixture_check_fail(c, 0, HN_FIXTURE_E_VALUE, "%s is empty; expected %s",
                                      qual(c, name, q, sizeof q), example);
    hn__fixture_check_pop(c);
    *out = v->valuestring;
    return 0;
}

/* The member `name` as an integer in [min, max]; *out keeps its default
 * when the member is absent and optional. */
int hn__fixture_check_int(hn__fixture_ctx *c, const cJSON *obj, const char *name, int required,
                          int min, int max, const char *example, int *out)
{
    const cJSON *v = hn__fixture_check_enter(c, obj, name);
    if (!v)
        return required ? missing(c, name, example) : 0;
    char q[160];
    if (!cJSON_IsNumber(v))
        return hn__fixture_check_fail(
            c, 0, HN_FIXTURE_E_TYPE, "%s is %s; expected an integer from %d to %d, for example %s",
            qual(c, name, q, sizeof q), hn__fixture_check_type(v), min, max, example);
    double d = v->valuedouble;
    if (!isfinite(d) || d != floor(d) || d < min || d > max)
        return hn__fixture_check_fail(c, 0, HN_FIXTURE_E_VALUE,
                                      "%s is %g; expected an integer from %d to %d, for example %s",
                                      qual(c, name, q, sizeof q), d, min, max, example);
    hn__fixture_check_pop(c);
    *out = (int)d;
    return 0;
}

/* A member that must be an object, if present. */
const cJSON *hn__fixture_check_object(hn__fixture_ctx *c, const cJSON *obj, const char *name,
                                      int *index)
{
    const cJSON *v = hn__fixture_check_field(obj, name, index);
    if (v && !cJSON_IsObject(v)) {
        char q[160];
        hn__fixture_check_push(c, *index);
        hn__fixture_check_fail(c, 0, HN_FIXTURE_E_TYPE, "%s is %s; expected an object { ... }",
                               qual(c, name, q, sizeof q), hn__fixture_check_type(v));
        hn__fixture_check_pop(c);
        return (const cJSON *)-1;
    }
    return v;
}

/* "honest" is checked before anything else, so that a file of a newer
 * version says so rather than listing fields this version does not know. */
static int check_version(hn__fixture_ctx *c, const cJSON *doc)
{
    int i;
    const cJSON *v = hn__fixture_check_field(doc, "honest", &i);
    if (!v)
        return hn__fixture_check_fail(
            c, 0, HN_FIXTURE_E_MISSING,
            "missing required field \"honest\" (the format version); add \"honest\": "
            "%d as the first field",
            HN_FIXTURE_VERSION);
    hn__fixture_check_push(c, i);
    if (!cJSON_IsNumber(v))
        return hn__fixture_check_fail(
            c, 0, HN_FIXTURE_E_TYPE,
            "\"honest\" is %s; expected the number %d (the format version)",
            hn__fixture_check_type(v), HN_FIXTURE_VERSION);
    double d = v->valuedouble;
    if (d > HN_FIXTURE_VERSION && d == floor(d) && d < 1e9)
        return hn__fixture_check_fail(
            c, 0, HN_FIXTURE_E_VERSION,
            "fixture format version %.0f is not supported: this honest reads version "
            "%d; upgrade honest, or re-record the fixture with this version",
            d, HN_FIXTURE_VERSION);
    if (d != HN_FIXTURE_VERSION)
        return hn__fixture_check_fail(c, 0, HN_FIXTURE_E_VALUE,
                                      "\"honest\" is %g; expected %d (the format version)", d,
                                      HN_FIXTURE_VERSION);
    hn__fixture_check_pop(c);
    return 0;
}

static int check_date(hn__fixture_ctx *c, const cJSON *doc)
{
    static const char *example = "\"recorded_at\": \"2026-11-20T10:00:00Z\"";
    const char *s;
    if (hn__fixture_check_string(c, doc, "recorded_at", 1, example, &s))
        return -1;
    if (hn_fixture_time_parse(s, &c->fx->recorded_at) == 0)
        return 0;
    hn__fixture_check_enter(c, doc, "recorded_at");
    return hn__fixture_check_fail(
        c, 0, HN_FIXTURE_E_VALUE,
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

static int check_top(hn__fixture_ctx *c, const cJSON *doc)
{
    hn_fixture *fx = c->fx;
    const char *schema;
    fx->max_age_days = 30;
    if (hn__fixture_check_string(c, doc, "$schema", 0, "\"$schema\": \"fixture.schema.json\"",
                                 &schema) ||
        hn__fixture_check_string(c, doc, "name", 0, "\"name\": \"auth.login.ok\"", &fx->name) ||
        hn__fixture_check_string(c, doc, "description", 0, "\"description\": \"why it exists\"",
                                 &fx->description) ||
        hn__fixture_check_string(c, doc, "service", 0, "\"service\": \"auth\"", &fx->service) ||
        check_date(c, doc) ||
        hn__fixture_check_int(c, doc, "max_age_days", 0, 1, 36500, "\"max_age_days\": 30",
                              &fx->max_age_days))
        return -1;
    if (!fx->name)
        fx->name = fx->owned_name;
    return 0;
}

/* ---- Verify block ---------------------------------------------------- */

static int path_list(hn__fixture_ctx *c, const cJSON *v, const char *name, const char ***out,
                     size_t *n)
{
    int i;
    const cJSON *list = hn__fixture_check_field(v, name, &i);
    if (!list)
        return 0;
    hn__fixture_check_push(c, i);
    if (!cJSON_IsArray(list))
        return hn__fixture_check_fail(
            c, 0, HN_FIXTURE_E_TYPE,
            "\"%s\" in \"verify\" is %s; expected an array of paths such as "
            "[\"$.response.body.id\"]",
            name, hn__fixture_check_type(list));
    *out = calloc((size_t)cJSON_GetArraySize(list) + 1, sizeof **out);
    if (!*out)
        return hn__fixture_check_nomem(c);
    int k = 0;
    for (const cJSON *p = list->child; p; p = p->next, k++) {
        hn__fixture_check_push(c, k);
        char why[256] = "it is not a string";
        hn__json_path *parsed =
            cJSON_IsString(p) ? hn__json_path_parse(p->valuestring, why, sizeof why) : NULL;
        hn__json_path_free(parsed);
        if (!parsed)
            return hn__fixture_check_fail(
                c, 0, HN_FIXTURE_E_VALUE,
                "element %d of \"%s\" in \"verify\" is not a path (%s); "
                "expected a string such as \"$.response.body.items[*].id\" "
                "(docs/diff.md)",
                k, name, why);
        (*out)[(*n)++] = p->valuestring;
        hn__fixture_check_pop(c);
    }
    hn__fixture_check_pop(c);
    return 0;
}

static int check_verify(hn__fixture_ctx *c, const cJSON *v)
{
    const char *mode;
    if (hn__fixture_check_members(c, v, hn__fixture_fields("verify")) ||
        hn__fixture_check_string(c, v, "compare", 0, "\"compare\": \"shape\"", &mode))
        return -1;
    if (mode && strcmp(mode, "shape") && strcmp(mode, "values")) {
        hn__fixture_check_enter(c, v, "compare");
        return hn__fixture_check_fail(
            c, 0, HN_FIXTURE_E_VALUE,
            "\"compare\" in \"verify\" is \"%s\"; expected \"shape\" (keys and types) "
            "or \"values\" (values too)",
            mode);
    }
    c->fx->compare =
        mode && !strcmp(mode, "values") ? HN_FIXTURE_COMPARE_VALUES : HN_FIXTURE_COMPARE_SHAPE;
    return path_list(c, v, "ignore", &c->fx->ignore, &c->fx->nignore) ||
           path_list(c, v, "values", &c->fx->values, &c->fx->nvalues);
}

/* Checks one of the sections "request", "response", "verify". */
static int section(hn__fixture_ctx *c, const cJSON *doc, const char *name, int required,
                   int (*check)(hn__fixture_ctx *, const cJSON *))
{
    int i;
    const cJSON *v = hn__fixture_check_object(c, doc, name, &i);
    if (v == (const cJSON *)-1)
        return -1;
    if (!v)
        return required ? missing(c, name,
                                  !strcmp(name, "request")
                                      ? "\"request\": {\"method\": \"GET\", \"url\": "
                                        "\"https://api.example.com/v1/items\"}"
                                      : "\"response\": {\"status\": 200}")
                        : 0;
    hn__fixture_check_push(c, i);
    c->section = name;
    int r = check(c, v);
    c->section = "";
    hn__fixture_check_pop(c);
    return r;
}

int hn__fixture_check(hn_fixture *fx, const char *text, size_t len, hn_fixture_error *err)
{
    hn__fixture_ctx *c = calloc(1, sizeof *c);
    if (!c)
        return hn__fixture_errorf(err, HN_FIXTURE_E_NOMEM, fx->path, 0, 0, "out of memory");
    *c = (hn__fixture_ctx){.fx = fx, .text = text, .len = len, .section = "", .err = err};
    const cJSON *doc = fx->doc;
    int r;
    if (!cJSON_IsObject(doc))
        r = hn__fixture_check_fail(
            c, 0, HN_FIXTURE_E_TYPE,
            "the fixture is %s; expected an object with \"honest\": %d, \"recorded_at\", "
            "\"request\" and \"response\"",
            hn__fixture_check_type(doc), HN_FIXTURE_VERSION);
    else
        r = check_version(c, doc) || hn__fixture_check_members(c, doc, hn__fixture_fields("")) ||
            check_top(c, doc) || section(c, doc, "request", 1, hn__fixture_msg_request) ||
            section(c, doc, "response", 1, hn__fixture_msg_response) ||
            section(c, doc, "verify", 0, check_verify);
    /* Out of memory here only leaves the service unknown (NULL). */
    if (!r && !fx->service)
        fx->service = fx->owned_service = url_host(fx->req.url);
    free(c);
    return r ? -1 : 0;
}
