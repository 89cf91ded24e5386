/* SPDX-License-Identifier: MIT */
/* import_nock.c: nock recordings (nock.recorder.rec({output_objects: true}),
 * nock.back fixtures, octokit/fixtures): a JSON array of definitions with
 * scope, method, path, body, status, response, rawHeaders or headers,
 * reqheaders. */
#include "audit/import.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int hexval(int c)
{
    return isdigit(c) ? c - '0' : isxdigit(c) ? tolower(c) - 'a' + 10 : -1;
}

/* Appends the bytes of hex text to *buf; 0, or -1 when it is not hex. */
static int unhex(const char *s, char **buf, size_t *len)
{
    size_t n = strlen(s);
    if (n % 2)
        return -1;
    char *grown = realloc(*buf, *len + n / 2 + 1);
    if (!grown)
        return -1;
    *buf = grown;
    for (size_t i = 0; i < n; i += 2) {
        int hi = hexval((unsigned char)s[i]), lo = hexval((unsigned char)s[i + 1]);
        if (hi < 0 || lo < 0)
            return -1;
        grown[(*len)++] = (char)(hi * 16 + lo);
    }
    grown[*len] = '\0';
    return 0;
}

/* The response payload: text, JSON, hex (responseIsBinary) or an array of
 * hex chunks (how nock records a gzip or deflate answer). */
static int response_body(const hn__import_src *s, const cJSON *def, hn__import_item *it,
                         const char *entry)
{
    const cJSON *resp = cJSON_GetObjectItemCaseSensitive(def, "response");
    int binary = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(def, "responseIsBinary"));
    char *bytes = NULL;
    size_t len = 0;
    int chunks = cJSON_IsArray(resp) && resp->child && cJSON_IsString(resp->child);
    if (!resp || cJSON_IsNull(resp))
        return 0;
    if (chunks || (binary && cJSON_IsString(resp))) {
        for (const cJSON *c = chunks ? resp->child : resp; c; c = chunks ? c->next : NULL)
            if (!cJSON_IsString(c) || unhex(c->valuestring, &bytes, &len)) {
                free(bytes);
                return hn__import_json_fail(s, c, entry,
                                            "the response is recorded as binary but is not "
                                            "hexadecimal text");
            }
    } else if (cJSON_IsString(resp)) {
        bytes = strdup(resp->valuestring);
        len = bytes ? strlen(bytes) : 0;
    } else {
        bytes = cJSON_PrintUnformatted(resp);
        len = bytes ? strlen(bytes) : 0;
        it->body_type = "application/json";
    }
    int rc = bytes ? hn__import_resp_body(it, bytes, len) : -1;
    free(bytes);
    return rc ? hn__import_fail(s->im, s->path, 0, 0, entry, "out of memory") : 0;
}

/* rawHeaders: ["Name", "value", "Name", "value", ...]. */
static int raw_headers(const hn__import_src *s, const cJSON *raw, hn__import_item *it,
                       const char *entry)
{
    for (const cJSON *n = raw->child; n; n = n->next ? n->next->next : NULL) {
        const cJSON *v = n->next;
        char buf[64];
        const char *value = v ? hn__import_scalar(v, buf, sizeof buf) : NULL;
        if (!cJSON_IsString(n) || !value)
            return hn__import_json_fail(s, n, entry,
                                        "\"rawHeaders\" is not a list of names and values "
                                        "(\"Content-Type\", \"application/json\", ...)");
        if (hn__import_resp_header(it, n->valuestring, value))
            return hn__import_fail(s->im, s->path, 0, 0, entry, "out of memory");
    }
    return 0;
}

static int request_body(const hn__import_src *s, const cJSON *def, hn__import_item *it,
                        const char *entry)
{
    const cJSON *body = cJSON_GetObjectItemCaseSensitive(def, "body");
    if (!body || cJSON_IsNull(body) || (cJSON_IsString(body) && !body->valuestring[0]))
        return 0;
    int json = !cJSON_IsString(body);
    char *bytes = json ? cJSON_PrintUnformatted(body) : strdup(body->valuestring);
    int rc = !bytes || hn__import_req_body(it, bytes, strlen(bytes),
                                           json ? "application/json" : NULL);
    free(bytes);
    return rc ? hn__import_fail(s->im, s->path, 0, 0, entry, "out of memory") : 0;
}

/* "https://api.github.com:443" without its default port. */
static void scope_url(const char *scope, const char *path, char *out, size_t cap)
{
    size_t n = strlen(scope);
    while (n && scope[n - 1] == '/')
        n--;
    if (!strncmp(scope, "https://", 8) && n > 4 && !strncmp(scope + n - 4, ":443", 4))
        n -= 4;
    else if (!strncmp(scope, "http://", 7) && n > 3 && !strncmp(scope + n - 3, ":80", 3))
        n -= 3;
    snprintf(out, cap, "%.*s%s%s", (int)n, scope, path[0] == '/' ? "" : "/", path);
}

static int definition(const hn__import_src *s, const cJSON *def, size_t i)
{
    char entry[32], url[4096];
    int failed;
    snprintf(entry, sizeof entry, "definitions[%zu]", i);
    const char *what = "the definition";
    const cJSON *scope = hn__import_json_get(s, def, entry, what, "scope", HN__IMPORT_STRING, 1,
                                             &failed);
    const cJSON *method = scope ? hn__import_json_get(s, def, entry, what, "method",
                                                      HN__IMPORT_STRING, 1, &failed)
                                : NULL;
    const cJSON *path = method ? hn__import_json_get(s, def, entry, what, "path",
                                                     HN__IMPORT_STRING, 1, &failed)
                               : NULL;
    const cJSON *status = path ? hn__import_json_get(s, def, entry, what, "status",
                                                     HN__IMPORT_NUMBER, 0, &failed)
                               : NULL;
    const cJSON *raw = failed || !path ? NULL
                                       : hn__import_json_get(s, def, entry, what, "rawHeaders",
                                                             HN__IMPORT_ARRAY, 0, &failed);
    if (!path || failed)
        return -1;
    if (strncmp(scope->valuestring, "http://", 7) && strncmp(scope->valuestring, "https://", 8))
        return hn__import_json_fail(s, scope, entry,
                                    "\"scope\" is \"%s\"; expected the origin the requests "
                                    "went to, such as \"https://api.github.com:443\"",
                                    scope->valuestring);
    scope_url(scope->valuestring, path->valuestring, url, sizeof url);
    hn__import_item *it = hn__import_json_add(s, def, entry, method->valuestring, url);
    if (!it)
        return -1;
    it->response.status = status ? status->valueint : 200; /* nock's default */
    if (it->response.status < 100 || it->response.status > 599)
        return hn__import_json_fail(s, status, entry, "\"status\" is %ld; expected 100 to 599",
                                    it->response.status);
    const cJSON *headers = cJSON_GetObjectItemCaseSensitive(def, "headers");
    const cJSON *reqheaders = cJSON_GetObjectItemCaseSensitive(def, "reqheaders");
    if ((raw && raw_headers(s, raw, it, entry)) ||
        (!raw && hn__import_json_headers(s, it, 0, headers, entry, "the response")) ||
        hn__import_json_headers(s, it, 1, reqheaders, entry, "\"reqheaders\""))
        return -1;
    return request_body(s, def, it, entry) || response_body(s, def, it, entry);
}

int hn__import_nock(hn__import *im, const char *path, const char *text, size_t len)
{
    cJSON *doc = hn__import_json_parse(im, path, text, len);
    if (!doc)
        return -1;
    hn__import_src s = {im, path, text, len, doc};
    int rc = 0;
    if (cJSON_IsObject(doc)) {
        rc = definition(&s, doc, 0);
    } else if (!cJSON_IsArray(doc)) {
        rc = hn__import_json_fail(&s, doc, NULL,
                                  "the file is not a list of nock definitions ([{\"scope\", "
                                  "\"method\", \"path\", \"status\", \"response\"}, ...])");
    } else {
        size_t i = 0;
        for (const cJSON *d = doc->child; d && !rc; d = d->next, i++)
            rc = cJSON_IsObject(d) ? definition(&s, d, i)
                                   : hn__import_json_fail(&s, d, NULL,
                                                          "element %zu is not a nock "
                                                          "definition (an object)",
                                                          i);
    }
    return hn__import_keep(im, doc) ? hn__import_fail(im, path, 0, 0, NULL, "out of memory")
                                    : rc;
}
