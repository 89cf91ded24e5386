/* SPDX-License-Identifier: MIT */
/* fixture_write.c: a fixture back to JSON (canonical field order, 2-space
 * indentation, bodies as written), atomic writes, and building bodies. */
#include "fixture_impl.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "file_atomic.h"
#include "json_text.h"

/* A copy of section `name` of the fixture with fields in canonical order.
 * raw: JSON bodies as raw text (as written in the file) rather than trees. */
static cJSON *section_copy(const hn_fixture *fx, const cJSON *from, const char *name, int raw)
{
    cJSON *to = cJSON_CreateObject();
    const hn__fixture_msg *m = !strcmp(name, "request")    ? &fx->req
                               : !strcmp(name, "response") ? &fx->resp
                                                           : NULL;
    for (const char *const *f = hn__fixture_fields(name); to && *f; f++) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(from, *f);
        cJSON *copy;
        if (!v)
            continue;
        if (!name[0] && cJSON_IsObject(v) && hn__fixture_fields(*f))
            copy = section_copy(fx, v, *f, raw);
        else if (m && !strcmp(*f, "body"))
            copy = raw ? cJSON_CreateRaw(m->body) : cJSON_Duplicate(m->json, 1);
        else
            copy = cJSON_Duplicate(v, 1);
        if (!copy || !cJSON_AddItemToObject(to, *f, copy)) {
            cJSON_Delete(copy);
            cJSON_Delete(to);
            return NULL;
        }
    }
    return to;
}

cJSON *hn_fixture_to_json(const hn_fixture *fx)
{
    return section_copy(fx, fx->doc, "", 0);
}

char *hn_fixture_to_text(const hn_fixture *fx, size_t *len)
{
    cJSON *doc = section_copy(fx, fx->doc, "", 1);
    char *flat = doc ? cJSON_PrintUnformatted(doc) : NULL;
    cJSON_Delete(doc);
    if (!flat)
        return NULL;
    size_t n;
    char *pretty = hn__json_text_pretty(flat, strlen(flat), &n);
    free(flat);
    hn__buf b = {pretty, n, n + 1};
    hn__buf_puts(&b, "\n");
    if (len)
        *len = b.len;
    return hn__buf_take(&b);
}

int hn_fixture_write(const hn_fixture *fx, const char *path, hn_fixture_error *err)
{
    size_t n;
    char *text = hn_fixture_to_text(fx, &n);
    if (!text)
        return hn__fixture_errorf(err, HN_FIXTURE_E_NOMEM, path, 0, 0, "out of memory");
    int r = hn__file_atomic_write(path, text, n, err);
    free(text);
    return r;
}

static int is_json_type(const char *content_type)
{
    if (!content_type)
        return 0;
    size_t n = strcspn(content_type, ";");
    while (n && content_type[n - 1] == ' ')
        n--;
    return (n == 16 && !strncasecmp(content_type, "application/json", 16)) ||
           (n > 5 && !strncasecmp(content_type + n - 5, "+json", 5));
}

/* The body item for bytes: parsed JSON, text, or base64; NULL: no memory. */
static cJSON *body_item(const char *bytes, size_t len, const char *content_type,
                        const char **field)
{
    hn__json_text_error e;
    if (is_json_type(content_type) && !hn__json_text_check(bytes, len, &e)) {
        char *compact = hn__json_text_compact(bytes, len, NULL);
        *field = "body";
        cJSON *raw = cJSON_CreateRaw(compact);
        free(compact);
        return raw;
    }
    int text = !memchr(bytes, '\0', len) && hn__json_text_is_utf8(bytes, len);
    char *s = text ? strndup(bytes, len) : hn__base64(bytes, len);
    if (!s)
        return NULL;
    *field = text ? "body_text" : "body_base64";
    cJSON *item = cJSON_CreateString(s);
    free(s);
    return item;
}

int hn_fixture_json_set_body(cJSON *msg, const void *bytes, size_t len, const char *content_type)
{
    static const char *const kinds[] = {"body", "body_text", "body_base64"};
    for (int k = 0; k < 3; k++)
        cJSON_DeleteItemFromObjectCaseSensitive(msg, kinds[k]);
    if (!len)
        return 0;
    const char *field = NULL;
    cJSON *item = body_item(bytes, len, content_type, &field);
    if (!item || !cJSON_AddItemToObject(msg, field, item)) {
        cJSON_Delete(item);
        return -1;
    }
    return 0;
}
