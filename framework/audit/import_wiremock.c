/* SPDX-License-Identifier: MIT */
/* import_wiremock.c: WireMock stub mappings (one mapping, or {"mappings":
 * [...]}) with their response bodies (body, jsonBody, base64Body, or a
 * bodyFileName under __files). Matchers a fixture cannot express (patterns,
 * "contains", JSONPath ...) are refused, not approximated. */
#include "audit/import.h"

#include <cjson/cJSON.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "fixtures/fixtures.h"

static int refuse(const hn__import_src *s, const cJSON *node, const char *entry,
                  const char *what)
{
    return hn__import_json_fail(s, node, entry,
                                "%s: a fixture answers one exact request and cannot express "
                                "this matcher; rewrite the mapping with exact values (url, "
                                "equalTo, equalToJson), or leave it out of the import",
                                what);
}

/* {"equalTo": "v"} and nothing else: the value, else NULL after refusing. */
static const char *equal_to(const hn__import_src *s, const cJSON *m, const char *entry,
                            const char *what, const char *name)
{
    const cJSON *eq = cJSON_GetObjectItemCaseSensitive(m, "equalTo");
    char msg[512];
    if (cJSON_IsObject(m) && cJSON_IsString(eq) && cJSON_GetArraySize(m) == 1)
        return eq->valuestring;
    const char *op = cJSON_IsObject(m) && m->child ? m->child->string : "?";
    snprintf(msg, sizeof msg, "%s \"%s\" is matched with \"%s\"", what, name,
             eq ? "equalTo with options" : op);
    refuse(s, m, entry, msg);
    return NULL;
}

/* url, or urlPath with its exact queryParameters, into buf. */
static int url_of(const hn__import_src *s, const cJSON *req, const char *entry, hn__buf *url)
{
    static const char *const patterns[] = {"urlPattern", "urlPathPattern", "urlPathTemplate"};
    for (size_t i = 0; i < 3; i++) {
        const cJSON *p = cJSON_GetObjectItemCaseSensitive(req, patterns[i]);
        if (p) {
            char msg[128];
            snprintf(msg, sizeof msg, "\"%s\" matches many URLs", patterns[i]);
            return refuse(s, p, entry, msg);
        }
    }
    const cJSON *u = cJSON_GetObjectItemCaseSensitive(req, "url");
    const cJSON *path = cJSON_GetObjectItemCaseSensitive(req, "urlPath");
    const cJSON *query = cJSON_GetObjectItemCaseSensitive(req, "queryParameters");
    if (!cJSON_IsString(u ? u : path))
        return refuse(s, req, entry, "the request has no \"url\" or \"urlPath\" (it matches "
                                     "every URL)");
    hn__buf_puts(url, (u ? u : path)->valuestring);
    if (query && u)
        return refuse(s, query, entry, "\"queryParameters\" beside \"url\"");
    char sep = strchr(hn__buf_str(url), '?') ? '&' : '?';
    for (const cJSON *q = query ? query->child : NULL; q; q = q->next, sep = '&') {
        const char *v = equal_to(s, q, entry, "query parameter", q->string);
        if (!v)
            return -1;
        hn__buf_printf(url, "%c%s=%s", sep, q->string, v);
    }
    return 0;
}

static int request_body(const hn__import_src *s, const cJSON *req, hn__import_item *it,
                        const char *entry)
{
    const cJSON *pats = cJSON_GetObjectItemCaseSensitive(req, "bodyPatterns");
    if (!pats)
        return 0;
    const cJSON *p = cJSON_GetArrayItem(pats, 0);
    if (!cJSON_IsArray(pats) || cJSON_GetArraySize(pats) != 1 || !cJSON_IsObject(p))
        return refuse(s, pats, entry, "\"bodyPatterns\" holds more than one pattern");
    const cJSON *json = cJSON_GetObjectItemCaseSensitive(p, "equalToJson");
    const cJSON *text = cJSON_GetObjectItemCaseSensitive(p, "equalTo");
    if ((!json && !cJSON_IsString(text)) || cJSON_GetArraySize(p) != 1)
        return refuse(s, p, entry, "the request body is matched by a pattern other than "
                                   "equalToJson or equalTo, or with options");
    char *bytes = json ? (cJSON_IsString(json) ? strdup(json->valuestring)
                                               : cJSON_PrintUnformatted(json))
                       : strdup(text->valuestring);
    int rc = !bytes || hn__import_req_body(it, bytes, strlen(bytes),
                                           json ? "application/json" : NULL);
    free(bytes);
    return rc ? hn__import_fail(s->im, s->path, 0, 0, entry, "out of memory") : 0;
}

/* Request members that are not matchers of method, URL, headers or body. */
static int other_matchers(const hn__import_src *s, const cJSON *req, const char *entry)
{
    static const char *const known[] = {"method",          "url",          "urlPath",
                                        "urlPattern",      "urlPathPattern", "urlPathTemplate",
                                        "queryParameters", "headers",      "bodyPatterns",
                                        NULL};
    for (const cJSON *m = req->child; m; m = m->next) {
        const char *const *k = known;
        while (*k && strcmp(*k, m->string))
            k++;
        if (!*k) {
            char msg[160];
            snprintf(msg, sizeof msg, "the request is also matched by \"%s\"", m->string);
            return refuse(s, m, entry, msg);
        }
    }
    return 0;
}

/* The body file, under the __files directory beside the mappings directory
 * (root/mappings/x.json, root/__files/NAME) or beside the mapping. */
static int body_file(const hn__import_src *s, const cJSON *name, hn__import_item *it,
                     const char *entry)
{
    char *copy = strdup(s->path), *dir = copy ? dirname(copy) : NULL, *path = NULL;
    char *parent = dir ? strdup(dir) : NULL;
    const char *base = parent ? dirname(parent) : ".";
    size_t len = 0;
    char *bytes = NULL;
    hn_fixture_error fe;
    if (dir && strlen(dir) >= 8 && !strcmp(dir + strlen(dir) - 8, "mappings") &&
        asprintf(&path, "%s/__files/%s", base, name->valuestring) >= 0)
        bytes = hn__fixture_read_file(path, &len, &fe);
    if (!bytes) {
        free(path);
        path = NULL;
        if (dir && asprintf(&path, "%s/__files/%s", dir, name->valuestring) >= 0)
            bytes = hn__fixture_read_file(path, &len, &fe);
    }
    int rc = 0;
    if (!bytes)
        rc = hn__import_json_fail(s, name, entry,
                                  "\"bodyFileName\" \"%s\" was not found (looked for %s); "
                                  "keep the mappings beside their __files directory",
                                  name->valuestring, path ? path : "it");
    else if (hn__import_resp_body(it, bytes, len))
        rc = hn__import_fail(s->im, s->path, 0, 0, entry, "out of memory");
    free(bytes);
    free(path);
    free(parent);
    free(copy);
    return rc;
}

static int response(const hn__import_src *s, const cJSON *resp, hn__import_item *it,
                    const char *entry)
{
    static const char *const refused[] = {"proxyBaseUrl", "transformers", NULL};
    const cJSON *fault = cJSON_GetObjectItemCaseSensitive(resp, "fault");
    if (fault) { /* the transport failures a fixture can stand for */
        const char *f = cJSON_GetStringValue(fault);
        it->response.status = 200; /* replaced by the error */
        if (f && !strcmp(f, "CONNECTION_RESET_BY_PEER"))
            it->transport_error = "connection_reset";
        else if (f && !strcmp(f, "EMPTY_RESPONSE"))
            it->transport_error = "empty_reply";
        else
            return hn__import_json_fail(s, fault, entry,
                                        "the fault \"%s\" has no fixture equivalent (fixtures "
                                        "stand for CONNECTION_RESET_BY_PEER and EMPTY_RESPONSE); "
                                        "leave the mapping out of the import",
                                        f ? f : "?");
        return 0;
    }
    for (const char *const *r = refused; *r; r++) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(resp, *r);
        if (v)
            return hn__import_json_fail(s, v, entry,
                                        "the response uses \"%s\": it is made when a request "
                                        "comes, not recorded; leave the mapping out of the "
                                        "import",
                                        *r);
    }
    const cJSON *status = cJSON_GetObjectItemCaseSensitive(resp, "status");
    it->response.status = cJSON_IsNumber(status) ? status->valueint : 200;
    if (it->response.status < 100 || it->response.status > 599)
        return hn__import_json_fail(s, status, entry, "\"status\" is not 100 to 599");
    if (hn__import_json_headers(s, it, 0, cJSON_GetObjectItemCaseSensitive(resp, "headers"),
                                entry, "the response"))
        return -1;
    const cJSON *body = cJSON_GetObjectItemCaseSensitive(resp, "body");
    const cJSON *json = cJSON_GetObjectItemCaseSensitive(resp, "jsonBody");
    const cJSON *b64 = cJSON_GetObjectItemCaseSensitive(resp, "base64Body");
    const cJSON *file = cJSON_GetObjectItemCaseSensitive(resp, "bodyFileName");
    if (cJSON_IsString(file))
        return body_file(s, file, it, entry);
    char *bytes = NULL;
    size_t len = 0;
    if (cJSON_IsString(body)) {
        bytes = strdup(body->valuestring);
        len = bytes ? strlen(bytes) : 0;
    } else if (json) {
        bytes = cJSON_PrintUnformatted(json);
        len = bytes ? strlen(bytes) : 0;
        it->body_type = "application/json";
    } else if (cJSON_IsString(b64) && !(bytes = hn__import_base64(b64->valuestring, &len))) {
        return hn__import_json_fail(s, b64, entry, "\"base64Body\" is not base64");
    } else if (!body && !b64) {
        return 0;
    }
    int rc = bytes ? hn__import_resp_body(it, bytes, len) : -1;
    free(bytes);
    return rc ? hn__import_fail(s->im, s->path, 0, 0, entry, "out of memory") : 0;
}

static int mapping(const hn__import_src *s, const cJSON *m, const char *entry)
{
    int failed;
    const cJSON *req = hn__import_json_get(s, m, entry, "the mapping", "request",
                                           HN__IMPORT_OBJECT, 1, &failed);
    const cJSON *resp = req ? hn__import_json_get(s, m, entry, "the mapping", "response",
                                                  HN__IMPORT_OBJECT, 1, &failed)
                            : NULL;
    if (!resp || other_matchers(s, req, entry))
        return -1;
    const cJSON *method = cJSON_GetObjectItemCaseSensitive(req, "method");
    if (!cJSON_IsString(method) || !strcmp(method->valuestring, "ANY"))
        return refuse(s, method ? method : req, entry, "the request matches any method");
    hn__buf url = {0};
    if (url_of(s, req, entry, &url)) {
        hn__buf_free(&url);
        return -1;
    }
    hn__import_item *it = hn__import_json_add(s, m, entry, method->valuestring, hn__buf_str(&url));
    hn__buf_free(&url);
    if (!it)
        return -1;
    const char *name = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(m, "name"));
    if (name && !(it->description = strdup(name)))
        return hn__import_fail(s->im, s->path, 0, 0, entry, "out of memory");
    const cJSON *headers = cJSON_GetObjectItemCaseSensitive(req, "headers");
    for (const cJSON *h = headers ? headers->child : NULL; h; h = h->next) {
        const char *v = equal_to(s, h, entry, "request header", h->string);
        if (!v)
            return -1;
        if (hn__import_req_header(it, h->string, v))
            return hn__import_fail(s->im, s->path, 0, 0, entry, "out of memory");
    }
    return request_body(s, req, it, entry) || response(s, resp, it, entry);
}

int hn__import_wiremock(hn__import *im, const char *path, const char *text, size_t len)
{
    cJSON *doc = hn__import_json_parse(im, path, text, len);
    if (!doc)
        return -1;
    hn__import_src s = {im, path, text, len, doc};
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(doc, "mappings");
    int rc = 0;
    if (!cJSON_IsObject(doc) || (list && !cJSON_IsArray(list))) {
        rc = hn__import_json_fail(&s, list ? list : doc, NULL,
                                  "not a WireMock mapping: expected {\"request\": ..., "
                                  "\"response\": ...} or {\"mappings\": [...]}");
    } else if (!list) {
        rc = mapping(&s, doc, "mapping");
    } else {
        size_t i = 0;
        for (const cJSON *m = list->child; m && !rc; m = m->next, i++) {
            char entry[48];
            snprintf(entry, sizeof entry, "mappings[%zu]", i);
            rc = mapping(&s, m, entry);
        }
    }
    return hn__import_keep(im, doc) ? hn__import_fail(im, path, 0, 0, NULL, "out of memory")
                                    : rc;
}
