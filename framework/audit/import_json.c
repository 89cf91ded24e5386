/* SPDX-License-Identifier: MIT */
/* import_json.c: JSON source files of the importers (HAR, nock, WireMock,
 * Pact): parsed with the line and column of a syntax error, and the place of
 * any value in the file, for messages that point at an entry. */
#include "audit/import.h"

#include <cjson/cJSON.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "json/json_text.h"

cJSON *hn__import_json_parse(hn__import *im, const char *path, const char *text, size_t len)
{
    hn__json_text_error e;
    cJSON *doc = hn__json_text_parse(text, len, &e);
    if (!doc && !e.oom) {
        int line, column;
        hn__json_text_linecol(text, len, e.offset, &line, &column);
        hn__import_fail(im, path, line, column, NULL,
                        "not valid JSON: %s; is it a %s file?", e.msg, im->opts->format);
        return NULL;
    }
    if (!doc)
        hn__import_fail(im, path, 0, 0, NULL, "out of memory");
    return doc;
}

/* The child positions from root down to node, in path[]; the depth, or -1. */
static int find(const cJSON *root, const cJSON *node, int *path, int depth)
{
    if (root == node)
        return depth;
    if (depth >= HN__JSON_TEXT_MAX_DEPTH)
        return -1;
    int i = 0;
    for (const cJSON *c = root->child; c; c = c->next, i++) {
        path[depth] = i;
        int d = find(c, node, path, depth + 1);
        if (d >= 0)
            return d;
    }
    return -1;
}

/* The line and column of node inside the document root parsed from text. */
static void json_where(const char *text, size_t len, const cJSON *root, const cJSON *node,
                       int *line, int *column)
{
    *line = *column = 0;
    int *path = malloc(sizeof(int) * (HN__JSON_TEXT_MAX_DEPTH + 1));
    int depth = path && node ? find(root, node, path, 0) : -1;
    size_t start, end;
    if (depth >= 0 && hn__json_text_locate(text, len, path, (size_t)depth, 0, &start, &end) == 0)
        hn__json_text_linecol(text, len, start, line, column);
    free(path);
}

int hn__import_json_fail(const hn__import_src *s, const cJSON *node, const char *entry,
                         const char *fmt, ...)
{
    int line, column;
    char msg[1500];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    json_where(s->text, s->len, s->root, node, &line, &column);
    return hn__import_fail(s->im, s->path, line, column, entry, "%s", msg);
}

static const char *type_word(const cJSON *v)
{
    return cJSON_IsObject(v) ? "an object" : cJSON_IsArray(v) ? "an array"
         : cJSON_IsString(v) ? "a string" : cJSON_IsNumber(v) ? "a number"
         : cJSON_IsBool(v)   ? "a boolean" : "null";
}

const cJSON *hn__import_json_get(const hn__import_src *s, const cJSON *obj, const char *entry,
                                 const char *what, const char *name, hn__import_type t,
                                 int required, int *failed)
{
    static const char *const want[] = {"a value", "a string", "a number", "an object",
                                       "an array"};
    const cJSON *v = cJSON_IsObject(obj) ? cJSON_GetObjectItemCaseSensitive(obj, name) : NULL;
    *failed = 0;
    if (!v && !required)
        return NULL;
    if (!v) {
        *failed = 1;
        hn__import_json_fail(s, obj, entry, "\"%s\" is missing from %s; expected %s", name,
                             what, want[t]);
        return NULL;
    }
    int ok = t == HN__IMPORT_ANY || (t == HN__IMPORT_STRING && cJSON_IsString(v)) ||
             (t == HN__IMPORT_NUMBER && cJSON_IsNumber(v)) ||
             (t == HN__IMPORT_OBJECT && cJSON_IsObject(v)) ||
             (t == HN__IMPORT_ARRAY && cJSON_IsArray(v));
    if (ok)
        return v;
    *failed = 1;
    hn__import_json_fail(s, v, entry, "\"%s\" in %s is %s; expected %s", name, what,
                         type_word(v), want[t]);
    return NULL;
}

static int add_header(const hn__import_src *s, hn__import_item *it, int req, const char *name,
                      const cJSON *v, const char *entry, const char *what)
{
    char buf[64];
    const char *value = hn__import_scalar(v, buf, sizeof buf);
    if (!value)
        return hn__import_json_fail(s, v, entry,
                                    "header \"%s\" in %s is %s; expected a string or a number",
                                    name, what, type_word(v));
    int rc = req ? hn__import_req_header(it, name, value) : hn__import_resp_header(it, name, value);
    return rc ? hn__import_fail(s->im, s->path, 0, 0, entry, "out of memory") : 0;
}

int hn__import_json_headers(const hn__import_src *s, hn__import_item *it, int req,
                            const cJSON *headers, const char *entry, const char *what)
{
    if (!headers)
        return 0;
    if (cJSON_IsArray(headers)) { /* [{"name": ..., "value": ...}] */
        for (const cJSON *h = headers->child; h; h = h->next) {
            int failed;
            const cJSON *n = hn__import_json_get(s, h, entry, what, "name", HN__IMPORT_STRING,
                                                 1, &failed);
            const cJSON *v = n ? hn__import_json_get(s, h, entry, what, "value",
                                                     HN__IMPORT_ANY, 1, &failed)
                               : NULL;
            if (!n || !v || add_header(s, it, req, n->valuestring, v, entry, what))
                return -1;
        }
        return 0;
    }
    if (!cJSON_IsObject(headers))
        return hn__import_json_fail(s, headers, entry,
                                    "the headers of %s are %s; expected an object", what,
                                    type_word(headers));
    for (const cJSON *h = headers->child; h; h = h->next) {
        const cJSON *list = cJSON_IsArray(h) ? h : NULL;
        for (const cJSON *v = list ? list->child : h; v; v = list ? v->next : NULL)
            if (add_header(s, it, req, h->string, v, entry, what))
                return -1;
    }
    return 0;
}

hn__import_item *hn__import_json_add(const hn__import_src *s, const cJSON *node,
                                     const char *entry, const char *method, const char *url)
{
    hn__import_item *it = hn__import_add(s->im, s->path, entry, 0, 0, method, url);
    if (it) {
        it->node = node;
        it->root = s->root;
        it->text = s->text;
        it->len = s->len;
    }
    return it;
}

/* Found when an error needs it: finding each entry as it is read would scan
 * the text from its start once per entry. */
void hn__import_item_where(const hn__import_item *it, int *line, int *column)
{
    *line = it->line;
    *column = it->column;
    if (!*line && it->node)
        json_where(it->text, it->len, it->root, it->node, line, column);
}
