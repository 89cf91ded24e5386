/* SPDX-License-Identifier: MIT */
/* import_har.c: HAR 1.2 files (browser developer tools, proxies such as
 * mitmproxy and Charles): one interaction per log.entries[i]. */
#include "audit/import.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"

/* content.text or postData.text, base64 when "encoding" says so. */
static int har_text(const hn__import_src *s, const cJSON *obj, const char *entry,
                    const char *what, char **bytes, size_t *len)
{
    int failed;
    const cJSON *text = hn__import_json_get(s, obj, entry, what, "text", HN__IMPORT_STRING, 0,
                                            &failed);
    const cJSON *enc = hn__import_json_get(s, obj, entry, what, "encoding", HN__IMPORT_STRING,
                                           0, &failed);
    *bytes = NULL;
    *len = 0;
    if (failed || !text)
        return failed ? -1 : 0;
    if (enc && !strcmp(enc->valuestring, "base64")) {
        *bytes = hn__import_base64(text->valuestring, len);
        if (!*bytes)
            return hn__import_json_fail(s, text, entry,
                                        "\"text\" in %s says \"encoding\": \"base64\" but is "
                                        "not base64",
                                        what);
        return 0;
    }
    if (enc)
        return hn__import_json_fail(s, enc, entry,
                                    "\"encoding\" in %s is \"%s\"; honest reads \"base64\" "
                                    "or none",
                                    what, enc->valuestring);
    *len = strlen(text->valuestring);
    *bytes = strdup(text->valuestring);
    return *bytes ? 0 : hn__import_fail(s->im, s->path, 0, 0, entry, "out of memory");
}

static void form_escape(hn__buf *b, const char *v)
{
    for (; *v; v++)
        if (isalnum((unsigned char)*v) || strchr("-._~", *v))
            hn__buf_add(b, v, 1);
        else if (*v == ' ')
            hn__buf_puts(b, "+");
        else
            hn__buf_printf(b, "%%%02X", (unsigned char)*v);
}

/* postData.params without text: name=value&... as the form was sent. */
static int form_params(const hn__import_src *s, const cJSON *post, const char *entry,
                       char **bytes, size_t *len)
{
    const cJSON *params = cJSON_GetObjectItemCaseSensitive(post, "params");
    hn__buf b = {0};
    for (const cJSON *p = cJSON_IsArray(params) ? params->child : NULL; p; p = p->next) {
        const char *name = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(p, "name"));
        const char *value = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(p, "value"));
        if (!name) {
            hn__buf_free(&b);
            return hn__import_json_fail(s, p, entry, "a parameter of request.postData has no "
                                                     "\"name\"");
        }
        if (b.len)
            hn__buf_puts(&b, "&");
        form_escape(&b, name);
        hn__buf_puts(&b, "=");
        form_escape(&b, value ? value : "");
    }
    *len = b.len;
    *bytes = b.len ? hn__buf_take(&b) : NULL;
    hn__buf_free(&b);
    return 0;
}

static int request(const hn__import_src *s, const cJSON *req, hn__import_item *it,
                   const char *entry)
{
    int failed;
    const cJSON *headers = hn__import_json_get(s, req, entry, "the request", "headers",
                                               HN__IMPORT_ARRAY, 0, &failed);
    const cJSON *post = failed ? NULL
                               : hn__import_json_get(s, req, entry, "the request", "postData",
                                                     HN__IMPORT_OBJECT, 0, &failed);
    if (failed || hn__import_json_headers(s, it, 1, headers, entry, "the request"))
        return -1;
    char *bytes;
    size_t len;
    if (!post)
        return 0;
    if (har_text(s, post, entry, "request.postData", &bytes, &len))
        return -1;
    if (!bytes && form_params(s, post, entry, &bytes, &len)) /* a form given as params */
        return -1;
    const cJSON *mime = cJSON_GetObjectItemCaseSensitive(post, "mimeType");
    int rc = bytes && len ? hn__import_req_body(it, bytes, len, cJSON_GetStringValue(mime)) : 0;
    free(bytes);
    return rc ? hn__import_fail(s->im, s->path, 0, 0, entry, "out of memory") : 0;
}

static int response(const hn__import_src *s, const cJSON *resp, hn__import_item *it,
                    const char *entry)
{
    int failed;
    const cJSON *status = hn__import_json_get(s, resp, entry, "the response", "status",
                                              HN__IMPORT_NUMBER, 1, &failed);
    const cJSON *headers = status ? hn__import_json_get(s, resp, entry, "the response",
                                                        "headers", HN__IMPORT_ARRAY, 0, &failed)
                                  : NULL;
    const cJSON *content = failed ? NULL
                                  : hn__import_json_get(s, resp, entry, "the response",
                                                        "content", HN__IMPORT_OBJECT, 0, &failed);
    if (!status || failed)
        return -1;
    if (status->valueint < 100 || status->valueint > 599)
        return hn__import_json_fail(
            s, status, entry,
            "the response status is %d: no answer was received (the browser blocked or "
            "cancelled the request); remove the entry, or record it again",
            status->valueint);
    it->response.status = status->valueint;
    if (hn__import_json_headers(s, it, 0, headers, entry, "the response"))
        return -1;
    char *bytes = NULL;
    size_t len = 0;
    if (content && har_text(s, content, entry, "response.content", &bytes, &len))
        return -1;
    const cJSON *size = cJSON_GetObjectItemCaseSensitive(content, "size");
    if (!bytes && cJSON_IsNumber(size) && size->valuedouble > 0)
        return hn__import_json_fail(s, content, entry,
                                    "the response had %.0f bytes but the HAR file does not hold "
                                    "them (no \"text\"); export it with the content (\"Save all "
                                    "as HAR with content\"), or leave the entry out",
                                    size->valuedouble);
    int rc = bytes ? hn__import_resp_body(it, bytes, len) : 0;
    free(bytes);
    const cJSON *mime = cJSON_GetObjectItemCaseSensitive(content, "mimeType");
    const char *type = cJSON_GetStringValue(mime);
    if (type && strstr(type, "json")) /* stored as JSON when no Content-Type says otherwise */
        it->body_type = "application/json";
    return rc ? hn__import_fail(s->im, s->path, 0, 0, entry, "out of memory") : 0;
}

static int entry_of(const hn__import_src *s, const cJSON *e, size_t i)
{
    char entry[64];
    int failed;
    snprintf(entry, sizeof entry, "log.entries[%zu]", i);
    const cJSON *req = hn__import_json_get(s, e, entry, "the entry", "request",
                                           HN__IMPORT_OBJECT, 1, &failed);
    const cJSON *resp = req ? hn__import_json_get(s, e, entry, "the entry", "response",
                                                  HN__IMPORT_OBJECT, 1, &failed)
                            : NULL;
    const cJSON *method = resp ? hn__import_json_get(s, req, entry, "the request", "method",
                                                     HN__IMPORT_STRING, 1, &failed)
                               : NULL;
    const cJSON *url = method ? hn__import_json_get(s, req, entry, "the request", "url",
                                                    HN__IMPORT_STRING, 1, &failed)
                              : NULL;
    const cJSON *when = url ? hn__import_json_get(s, e, entry, "the entry", "startedDateTime",
                                                  HN__IMPORT_STRING, 0, &failed)
                            : NULL;
    if (!url || failed)
        return -1;
    hn__import_item *it = hn__import_json_add(s, e, entry, method->valuestring, url->valuestring);
    if (!it)
        return -1;
    if (when && hn__import_date(when->valuestring, &it->recorded_at))
        return hn__import_json_fail(s, when, entry,
                                    "\"startedDateTime\" is \"%s\"; expected an ISO 8601 "
                                    "date such as \"2026-11-20T10:00:00.000+01:00\"",
                                    when->valuestring);
    it->has_time = when != NULL;
    return request(s, req, it, entry) || response(s, resp, it, entry);
}

int hn__import_har(hn__import *im, const char *path, const char *text, size_t len)
{
    cJSON *doc = hn__import_json_parse(im, path, text, len);
    if (!doc)
        return -1;
    hn__import_src s = {im, path, text, len, doc};
    int failed, rc = -1;
    const cJSON *log = hn__import_json_get(&s, doc, NULL, "the file", "log", HN__IMPORT_OBJECT,
                                           1, &failed);
    const cJSON *entries = log ? hn__import_json_get(&s, log, NULL, "\"log\"", "entries",
                                                     HN__IMPORT_ARRAY, 1, &failed)
                               : NULL;
    if (entries) {
        rc = 0;
        size_t i = 0;
        for (const cJSON *e = entries->child; e && !rc; e = e->next, i++)
            rc = entry_of(&s, e, i);
    }
    return hn__import_keep(im, doc) ? hn__import_fail(im, path, 0, 0, NULL, "out of memory")
                                    : rc;
}
