/* SPDX-License-Identifier: MIT */
/* record.c: from a fixture's request to one ready to send (placeholders
 * filled), and from a live answer back to a fixture (decoded, redacted). */
#include "live/record.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <honest/diff.h>

#include "base/buf.h"
#include "base/mem.h"
#include "live/live_redact.h"

void hn__record_send_free(hn__record_send *s)
{
    if (!s)
        return;
    free(s->url);
    for (size_t i = 0; i < s->nlines; i++)
        free(s->lines[i]);
    free(s->lines);
    free(s->body);
    memset(s, 0, sizeof *s);
}

static int nomem(hn_fixture_error *err, const char *source)
{
    if (err) {
        memset(err, 0, sizeof *err);
        err->code = HN_FIXTURE_E_NOMEM;
        snprintf(err->text, sizeof err->text, "out of memory");
        snprintf(err->file, sizeof err->file, "%s", source ? source : "");
    }
    return -1;
}

/* Names the fixture in a placeholder error the expander filled. */
static int placeholder_error(hn_fixture_error *err, const char *source)
{
    if (err) {
        snprintf(err->file, sizeof err->file, "%s", source ? source : "");
        err->line = err->column = 0;
    }
    return -1;
}

static int add_line(hn__record_send *s, const char *name, const char *value,
                    hn_fixture_lookup lookup, void *data, const char *source,
                    hn_fixture_error *err)
{
    char *v = hn_fixture_expand(value, 0, lookup, data, err);
    if (!v)
        return placeholder_error(err, source);
    char *line = NULL;
    int ok = !hn__grow(&s->lines, &s->linecap, s->nlines + 1, sizeof *s->lines) &&
             asprintf(&line, "%s: %s", name, v) >= 0;
    free(v);
    if (!ok)
        return nomem(err, source);
    s->lines[s->nlines++] = line;
    return 0;
}

/* Fills the body: text is expanded (escaped for JSON when json), bytes
 * holding a NUL are sent as they are. */
static int set_body(hn__record_send *s, const char *body, size_t len, int json,
                    hn_fixture_lookup lookup, void *data, const char *source,
                    hn_fixture_error *err)
{
    if (memchr(body, '\0', len)) {
        s->body = malloc(len + 1);
        if (!s->body)
            return nomem(err, source);
        memcpy(s->body, body, len);
        s->body[len] = '\0';
        s->body_len = len;
        return 0;
    }
    s->body = hn_fixture_expand(body, json, lookup, data, err);
    if (!s->body)
        return placeholder_error(err, source);
    s->body_len = strlen(s->body);
    return 0;
}

static void finish_send(hn__record_send *s, const char *method)
{
    s->req.method = method;
    s->req.url = s->url;
    s->req.headers = (const char *const *)s->lines;
    s->req.nheaders = s->nlines;
    s->req.body = s->body;
    s->req.body_len = s->body_len;
}

int hn__record_send_fixture(const hn_fixture *fx, hn_fixture_lookup lookup, void *data,
                            hn__record_send *out, hn_fixture_error *err)
{
    const char *src = hn_fixture_path(fx);
    memset(out, 0, sizeof *out);
    out->url = hn_fixture_expand(hn_fixture_url(fx), 0, lookup, data, err);
    if (!out->url)
        return placeholder_error(err, src);
    for (size_t i = 0; i < hn_fixture_header_count(fx, HN_REQUEST); i++) {
        const char *name, *value;
        hn_fixture_header_at(fx, HN_REQUEST, i, &name, &value);
        if (add_line(out, name, value, lookup, data, src, err)) {
            hn__record_send_free(out);
            return -1;
        }
    }
    size_t len;
    const char *body = hn_fixture_body(fx, HN_REQUEST, &len);
    hn_body_kind kind = hn_fixture_body_kind(fx, HN_REQUEST);
    if (kind != HN_BODY_NONE &&
        set_body(out, body, len, kind == HN_BODY_JSON, lookup, data, src, err)) {
        hn__record_send_free(out);
        return -1;
    }
    finish_send(out, hn_fixture_method(fx));
    return 0;
}

int hn__record_send_json(const cJSON *request, hn_fixture_lookup lookup, void *data,
                         hn__record_send *out, hn_fixture_error *err)
{
    memset(out, 0, sizeof *out);
    const cJSON *url = cJSON_GetObjectItemCaseSensitive(request, "url");
    const cJSON *method = cJSON_GetObjectItemCaseSensitive(request, "method");
    const cJSON *headers = cJSON_GetObjectItemCaseSensitive(request, "headers");
    out->url = hn_fixture_expand(cJSON_GetStringValue(url), 0, lookup, data, err);
    if (!out->url)
        return -1;
    for (const cJSON *h = headers ? headers->child : NULL; h; h = h->next) {
        const cJSON *list = cJSON_IsArray(h) ? h : NULL;
        for (const cJSON *v = list ? list->child : h; v; v = list ? v->next : NULL)
            if (add_line(out, h->string, cJSON_GetStringValue(v), lookup, data, NULL, err)) {
                hn__record_send_free(out);
                return -1;
            }
    }
    const cJSON *json = cJSON_GetObjectItemCaseSensitive(request, "body");
    const cJSON *text = cJSON_GetObjectItemCaseSensitive(request, "body_text");
    char *flat = json ? cJSON_PrintUnformatted(json) : NULL;
    int rc = 0;
    if (json && !flat)
        rc = nomem(err, NULL);
    else if (flat)
        rc = set_body(out, flat, strlen(flat), 1, lookup, data, NULL, err);
    else if (cJSON_IsString(text))
        rc = set_body(out, text->valuestring, strlen(text->valuestring), 0, lookup, data,
                      NULL, err);
    free(flat);
    if (rc) {
        hn__record_send_free(out);
        return -1;
    }
    finish_send(out, cJSON_GetStringValue(method));
    return 0;
}

/* Headers that describe one transfer rather than the answer: a recording
 * (whose body is stored decoded and re-indented) leaves them out. */
static int transfer_header(const char *name)
{
    static const char *const skip[] = {"Content-Length", "Transfer-Encoding", "Connection",
                                       "Keep-Alive"};
    for (size_t i = 0; i < sizeof skip / sizeof *skip; i++)
        if (!strcasecmp(name, skip[i]))
            return 1;
    return 0;
}

int hn__record_add_header(cJSON *headers, const char *name, const char *value)
{
    cJSON *old = NULL;
    for (cJSON *h = headers->child; h && !old; h = h->next)
        if (!strcasecmp(h->string, name))
            old = h;
    cJSON *v = cJSON_CreateString(value);
    if (!v)
        return -1;
    if (!old)
        return cJSON_AddItemToObject(headers, name, v) ? 0 : (cJSON_Delete(v), -1);
    if (!cJSON_IsArray(old)) {
        cJSON *list = cJSON_CreateArray(), *first = cJSON_Duplicate(old, 0);
        if (!list || !first || !cJSON_AddItemToArray(list, first) ||
            !cJSON_ReplaceItemInObjectCaseSensitive(headers, old->string, list)) {
            cJSON_Delete(list);
            cJSON_Delete(first);
            cJSON_Delete(v);
            return -1;
        }
        old = list;
    }
    return cJSON_AddItemToArray(old, v) ? 0 : (cJSON_Delete(v), -1);
}

/* The response object of a live answer, redacted; body_type stands for a
 * missing Content-Type. NULL: no memory. */
static cJSON *response_json(const hn__http_response *live, hn__redact *r, const char *body_type)
{
    const char *ctype = hn__http_header_get(live, "Content-Type");
    cJSON *resp = cJSON_CreateObject(), *headers = cJSON_CreateObject();
    if (!resp || !headers || !cJSON_AddNumberToObject(resp, "status", (double)live->status) ||
        !cJSON_AddItemToObject(resp, "headers", headers)) {
        cJSON_Delete(resp);
        cJSON_Delete(headers);
        return NULL;
    }
    for (size_t i = 0; i < live->nheaders; i++)
        if (!transfer_header(live->headers[i].name) &&
            hn__record_add_header(headers, live->headers[i].name, live->headers[i].value)) {
            cJSON_Delete(resp);
            return NULL;
        }
    size_t len = live->body_len;
    char *body = malloc(len + 1);
    int bad = !body || hn__redact_response_headers(r, resp);
    if (!bad) {
        memcpy(body, live->body, len);
        body[len] = '\0';
        bad = hn__redact_bytes(r, &body, &len) ||
              hn_fixture_json_set_body(resp, body, len, ctype ? ctype : body_type) ||
              hn__redact_response_body(r, resp);
    }
    free(body);
    if (bad) {
        cJSON_Delete(resp);
        return NULL;
    }
    return resp;
}

static int set_field(cJSON *doc, const char *name, cJSON *value)
{
    if (!value)
        return -1;
    if (cJSON_GetObjectItemCaseSensitive(doc, name))
        return cJSON_ReplaceItemInObjectCaseSensitive(doc, name, value) ? 0
                                                                       : (cJSON_Delete(value), -1);
    return cJSON_AddItemToObject(doc, name, value) ? 0 : (cJSON_Delete(value), -1);
}

int hn__record_learn_response(hn__redact *r, const hn__http_response *live)
{
    /* Where redacting the answer could learn nothing, it is not built. */
    const char *names[64], *values[64];
    size_t n = live->nheaders;
    for (size_t i = 0; i < n && n <= 64; i++) {
        names[i] = live->headers[i].name;
        values[i] = live->headers[i].value;
    }
    if (n <= 64 && hn__redact_plain_answer(r, names, values, n, live->body, live->body_len))
        return 0;
    cJSON *resp = response_json(live, r, NULL);
    cJSON_Delete(resp);
    return resp ? 0 : -1;
}

/* Writes the rules r keeps as the fixture's "redact" list (none: no list). */
static int set_rules(cJSON *doc, const hn__redact *r)
{
    size_t n = hn__redact_kept_count(r);
    if (!n)
        return 0;
    cJSON *list = cJSON_CreateArray();
    for (size_t i = 0; list && i < n; i++)
        if (!cJSON_AddItemToArray(list, cJSON_CreateString(hn__redact_kept_at(r, i)))) {
            cJSON_Delete(list);
            list = NULL;
        }
    return set_field(doc, "redact", list);
}

static int set_time(cJSON *doc, time_t now)
{
    char at[32];
    hn_fixture_time_format(now, at, sizeof at);
    return set_field(doc, "recorded_at", cJSON_CreateString(at));
}

/* {"format", "file", "entry"} of an imported recording; NULL: no memory. */
static cJSON *imported_from(const hn__record_meta *meta)
{
    cJSON *o = cJSON_CreateObject();
    if (!o || !cJSON_AddStringToObject(o, "format", meta->import_format) ||
        (meta->import_file && !cJSON_AddStringToObject(o, "file", meta->import_file)) ||
        (meta->import_entry && !cJSON_AddStringToObject(o, "entry", meta->import_entry))) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

hn_fixture *hn__record_new(const cJSON *request, const hn__http_response *live,
                           const hn__record_meta *meta, hn__redact *r, time_t now,
                           const char *source, hn_fixture_error *err)
{
    cJSON *doc = cJSON_CreateObject(), *req = cJSON_Duplicate(request, 1);
    int bad = !doc || !req || set_field(doc, "honest", cJSON_CreateNumber(HN_FIXTURE_VERSION));
    if (!bad && meta->name)
        bad = set_field(doc, "name", cJSON_CreateString(meta->name));
    if (!bad && meta->description)
        bad = set_field(doc, "description", cJSON_CreateString(meta->description));
    if (!bad && meta->service)
        bad = set_field(doc, "service", cJSON_CreateString(meta->service));
    if (!bad)
        bad = set_time(doc, now);
    if (!bad && meta->max_age_days > 0)
        bad = set_field(doc, "max_age_days", cJSON_CreateNumber(meta->max_age_days));
    if (!bad && meta->origin)
        bad = set_field(doc, "origin", cJSON_CreateString(meta->origin));
    if (!bad && meta->import_format)
        bad = set_field(doc, "imported_from", imported_from(meta));
    if (!bad && !(bad = hn__redact_request(r, req, NULL, NULL))) {
        bad = set_field(doc, "request", req); /* frees req when it fails */
        req = NULL;
    }
    if (!bad)
        bad = set_field(doc, "response", response_json(live, r, meta->body_type)) ||
              set_rules(doc, r);
    hn_fixture *fx = bad ? NULL : hn_fixture_from_json(doc, source, err);
    if (bad)
        nomem(err, source);
    cJSON_Delete(req);
    cJSON_Delete(doc);
    return fx;
}

hn_fixture *hn__record_again(const hn_fixture *old, const hn__http_response *live,
                             hn__redact *r, hn_fixture_lookup lookup, void *data,
                             time_t now, hn_fixture_error *err)
{
    cJSON *doc = hn_fixture_to_json(old);
    cJSON *req = cJSON_GetObjectItemCaseSensitive(doc, "request");
    /* The fixture's own rules apply, and stay in it with any added to r. */
    int bad = !doc || hn__redact_add_fixture_rules(r, old) || set_time(doc, now) ||
              hn__redact_request(r, req, lookup, data) ||
              set_field(doc, "response", response_json(live, r, NULL)) || set_rules(doc, r);
    hn_fixture *fx = bad ? NULL : hn_fixture_from_json(doc, hn_fixture_path(old), err);
    if (bad)
        nomem(err, hn_fixture_path(old));
    cJSON_Delete(doc);
    return fx;
}

char *hn__record_changes(const hn_fixture *old, const hn_fixture *new_fx, const hn__redact *r)
{
    cJSON *a = hn_fixture_to_json(old), *b = hn_fixture_to_json(new_fx);
    hn_diff *d = a && b ? hn_diff_json(a, b, NULL) : NULL;
    hn_diff *shown = d ? hn__live_redact_diff(r, d) : NULL;
    char *text = shown ? hn_diff_format_text(shown, HN_DIFF_FMT_LINES) : NULL;
    hn_diff_free(shown);
    hn_diff_free(d);
    cJSON_Delete(a);
    cJSON_Delete(b);
    return text;
}
