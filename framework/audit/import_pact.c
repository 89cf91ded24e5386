/* SPDX-License-Identifier: MIT */
/* import_pact.c: Pact files, specification v2 to v4: each HTTP interaction
 * (v4: "type": "Synchronous/HTTP") with its description and provider states.
 * Matching rules a fixture can express are kept (a response "type" matcher is
 * verify's shape comparison; "equality" a verify value); others are refused. */
#include "audit/import.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"

typedef struct pact_ctx {
    const hn__import_src *s;
    const char *entry;
    hn__import_item *it;
    int response;      /* reading the response's rules */
} pact_ctx;

/* One matcher ({"match": "type"}, {"regex": ...}) at `where` (a path of the
 * body, "header Content-Type" ...): 0 when a fixture expresses it. */
static int matcher(pact_ctx *c, const cJSON *m, const char *category, const char *path)
{
    char where[512];
    snprintf(where, sizeof where, "%s%s%s", category, category[0] ? " " : "", path);
    const char *kind = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(m, "match"));
    int bounded = cJSON_GetObjectItemCaseSensitive(m, "min") ||
                  cJSON_GetObjectItemCaseSensitive(m, "max");
    if (!kind)
        kind = cJSON_GetObjectItemCaseSensitive(m, "regex") ? "regex" : bounded ? "type" : "?";
    int body = !strcmp(category, "body") || !strncmp(path, "$.body", 6);
    if (kind && !strcmp(kind, "equality")) {
        if (!c->response || !body)
            return 0; /* a request is matched by equality anyway */
        cJSON *values = c->it->values ? c->it->values : (c->it->values = cJSON_CreateArray());
        char *full = NULL;
        const char *rest = !strncmp(path, "$.body", 6) ? path + 6 : path + 1;
        if (!values || asprintf(&full, "$.response.body%s", rest) < 0)
            return hn__import_fail(c->s->im, c->s->path, 0, 0, c->entry, "out of memory");
        cJSON_AddItemToArray(values, cJSON_CreateString(full));
        free(full);
        return 0;
    }
    if (c->response && body && !strcmp(kind, "type") && !bounded)
        return 0; /* verify compares shapes: keys and types, not values */
    return hn__import_json_fail(
        c->s, m, c->entry,
        "the %s's matching rule \"%s\" on %s cannot be expressed by a fixture (it holds "
        "one example, compared %s); honest import refuses it rather than approximate it: "
        "remove the rule from the pact, or write the fixture by hand",
        c->response ? "response" : "request", kind, where,
        c->response ? "by shape, or by value with verify.values" : "exactly");
}

/* v2: {"$.body.id": {"match": "type"}}; v3/v4: {"body": {"$.id": {"matchers":
 * [...]}}, "header": {...}, "path": {"matchers": [...]}}. */
static int rules(pact_ctx *c, const cJSON *rules)
{
    for (const cJSON *r = rules ? rules->child : NULL; r; r = r->next) {
        if (r->string[0] == '$') { /* v2 */
            if (matcher(c, r, "", r->string))
                return -1;
            continue;
        }
        const cJSON *list = cJSON_GetObjectItemCaseSensitive(r, "matchers");
        if (list) { /* "path": {"matchers": [...]} */
            for (const cJSON *m = list->child; m; m = m->next)
                if (matcher(c, m, "the", r->string))
                    return -1;
            continue;
        }
        for (const cJSON *p = r->child; p; p = p->next) {
            const cJSON *ms = cJSON_GetObjectItemCaseSensitive(p, "matchers");
            for (const cJSON *m = ms ? ms->child : p; m; m = ms ? m->next : NULL)
                if (matcher(c, m, r->string, p->string))
                    return -1;
        }
    }
    return 0;
}

static void url_escape(hn__buf *b, const char *s)
{
    for (; *s; s++)
        if (isalnum((unsigned char)*s) || strchr("-._~", *s))
            hn__buf_add(b, s, 1);
        else
            hn__buf_printf(b, "%%%02X", (unsigned char)*s);
}

/* path and query: v2 "a=1&b=2", v3/v4 {"a": ["1"], "b": ["2"]}. */
static int url_of(const hn__import_src *s, const cJSON *req, const char *entry, hn__buf *url)
{
    int failed;
    const cJSON *path = hn__import_json_get(s, req, entry, "the request", "path",
                                            HN__IMPORT_STRING, 1, &failed);
    if (!path)
        return -1;
    hn__buf_puts(url, path->valuestring);
    const cJSON *q = cJSON_GetObjectItemCaseSensitive(req, "query");
    if (cJSON_IsString(q) && q->valuestring[0]) {
        hn__buf_printf(url, "?%s", q->valuestring);
    } else if (cJSON_IsObject(q)) {
        char sep = '?';
        for (const cJSON *k = q->child; k; k = k->next) {
            const cJSON *list = cJSON_IsArray(k) ? k : NULL;
            for (const cJSON *v = list ? list->child : k; v; v = list ? v->next : NULL, sep = '&') {
                if (!cJSON_IsString(v))
                    return hn__import_json_fail(s, v, entry, "query parameter \"%s\" is not "
                                                             "a string", k->string);
                hn__buf_add(url, &sep, 1);
                url_escape(url, k->string);
                hn__buf_puts(url, "=");
                url_escape(url, v->valuestring);
            }
        }
    }
    return 0;
}

/* The body: v2/v3 a JSON value (a string is text), v4 {"content",
 * "contentType", "encoded"}. Sets it as the request's or the response's. */
static int body(const hn__import_src *s, const cJSON *msg, hn__import_item *it, int response,
                const char *entry)
{
    const cJSON *b = cJSON_GetObjectItemCaseSensitive(msg, "body");
    const cJSON *content = cJSON_GetObjectItemCaseSensitive(b, "content");
    const char *type = NULL, *enc = NULL;
    if (!b || cJSON_IsNull(b))
        return 0;
    if (content) { /* v4 */
        type = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(b, "contentType"));
        enc = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(b, "encoded"));
        b = content;
    }
    char *bytes = NULL;
    size_t len = 0;
    if (enc && !strcmp(enc, "base64") && cJSON_IsString(b)) {
        if (!(bytes = hn__import_base64(b->valuestring, &len)))
            return hn__import_json_fail(s, b, entry, "the body says \"encoded\": \"base64\" "
                                                     "but is not base64");
    } else if (cJSON_IsString(b)) {
        bytes = strdup(b->valuestring);
        len = bytes ? strlen(bytes) : 0;
    } else {
        bytes = cJSON_PrintUnformatted(b);
        len = bytes ? strlen(bytes) : 0;
        if (!type || !strstr(type, "json"))
            type = "application/json";
    }
    int json = type && strstr(type, "json");
    int rc = !bytes;
    if (!rc && response) {
        rc = hn__import_resp_body(it, bytes, len);
        it->body_type = json ? "application/json" : NULL;
    } else if (!rc) {
        rc = hn__import_req_body(it, bytes, len, json ? "application/json" : NULL);
    }
    free(bytes);
    return rc ? hn__import_fail(s->im, s->path, 0, 0, entry, "out of memory") : 0;
}

/* "a request for user 7 (given: user 7 exists)". */
static void describe(const cJSON *in, hn__buf *d)
{
    const char *text = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(in, "description"));
    const cJSON *state = cJSON_GetObjectItemCaseSensitive(in, "providerState");
    const cJSON *states = cJSON_GetObjectItemCaseSensitive(in, "providerStates");
    hn__buf_puts(d, text ? text : "");
    if (cJSON_IsString(state))
        hn__buf_printf(d, "%sgiven: %s", d->len ? "; " : "", state->valuestring);
    for (const cJSON *st = states ? states->child : NULL; st; st = st->next) {
        const char *name = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(st, "name"));
        if (name)
            hn__buf_printf(d, "%s%s", d->len ? (st == states->child ? "; given: " : ", ")
                                             : "given: ", name);
    }
}

static int interaction(const hn__import_src *s, const cJSON *in, const char *entry)
{
    int failed;
    const char *type = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(in, "type"));
    if (type && strcmp(type, "Synchronous/HTTP"))
        return hn__import_json_fail(s, in, entry,
                                    "the interaction is of type \"%s\", not \"Synchronous/HTTP\": "
                                    "a fixture holds an HTTP request and its response",
                                    type);
    const cJSON *req = hn__import_json_get(s, in, entry, "the interaction", "request",
                                           HN__IMPORT_OBJECT, 1, &failed);
    const cJSON *resp = req ? hn__import_json_get(s, in, entry, "the interaction", "response",
                                                  HN__IMPORT_OBJECT, 1, &failed)
                            : NULL;
    const cJSON *method = resp ? hn__import_json_get(s, req, entry, "the request", "method",
                                                     HN__IMPORT_STRING, 1, &failed)
                               : NULL;
    if (!method)
        return -1;
    if (cJSON_GetObjectItemCaseSensitive(req, "generators"))
        return hn__import_json_fail(s, cJSON_GetObjectItemCaseSensitive(req, "generators"),
                                    entry, "the request uses generators: its values are made "
                                           "when the pact is verified, not recorded");
    hn__buf url = {0}, d = {0};
    int rc = url_of(s, req, entry, &url);
    hn__import_item *it = rc ? NULL : hn__import_json_add(s, in, entry, method->valuestring, hn__buf_str(&url));
    hn__buf_free(&url);
    if (!it)
        return -1;
    describe(in, &d);
    it->description = d.len ? hn__buf_take(&d) : NULL;
    hn__buf_free(&d);
    const cJSON *status = hn__import_json_get(s, resp, entry, "the response", "status",
                                              HN__IMPORT_NUMBER, 1, &failed);
    if (!status)
        return -1;
    it->response.status = status->valueint;
    pact_ctx rq = {s, entry, it, 0}, rs = {s, entry, it, 1};
    return hn__import_json_headers(s, it, 1, cJSON_GetObjectItemCaseSensitive(req, "headers"),
                                   entry, "the request") ||
           hn__import_json_headers(s, it, 0, cJSON_GetObjectItemCaseSensitive(resp, "headers"),
                                   entry, "the response") ||
           body(s, req, it, 0, entry) || body(s, resp, it, 1, entry) ||
           rules(&rq, cJSON_GetObjectItemCaseSensitive(req, "matchingRules")) ||
           rules(&rs, cJSON_GetObjectItemCaseSensitive(resp, "matchingRules"));
}

int hn__import_pact(hn__import *im, const char *path, const char *text, size_t len)
{
    cJSON *doc = hn__import_json_parse(im, path, text, len);
    if (!doc)
        return -1;
    hn__import_src s = {im, path, text, len, doc};
    int failed, rc = -1;
    const cJSON *list = hn__import_json_get(&s, doc, NULL, "the pact", "interactions",
                                            HN__IMPORT_ARRAY, 1, &failed);
    if (list) {
        rc = 0;
        size_t i = 0;
        for (const cJSON *in = list->child; in && !rc; in = in->next, i++) {
            char entry[64];
            snprintf(entry, sizeof entry, "interactions[%zu]", i);
            rc = interaction(&s, in, entry);
        }
    }
    return hn__import_keep(im, doc) ? hn__import_fail(im, path, 0, 0, NULL, "out of memory")
                                    : rc;
}
