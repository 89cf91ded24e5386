/* SPDX-License-Identifier: MIT */
/* fixture.c: loading a fixture file (read, syntax check, parse, validate) and
 * the accessors of the opaque hn_fixture. */
#include "fixture_impl.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "json_text.h"

static const char *const top_fields[] = {
    "$schema", "honest", "name", "description", "service", "recorded_at",
    "max_age_days", "request", "response", "verify", NULL};
static const char *const request_fields[] = {
    "method", "url", "headers", "body", "body_text", "body_base64", NULL};
static const char *const response_fields[] = {
    "status", "error", "headers", "body", "body_text", "body_base64", NULL};
static const char *const verify_fields[] = {"compare", "ignore", "values", NULL};

const hn__fixture_section hn__fixture_sections[] = {
    {"", top_fields},
    {"request", request_fields},
    {"response", response_fields},
    {"verify", verify_fields},
    {NULL, NULL}};

const char *const *hn__fixture_fields(const char *name)
{
    for (const hn__fixture_section *s = hn__fixture_sections; s->name; s++)
        if (!strcmp(s->name, name))
            return s->fields;
    return NULL;
}

int hn__fixture_verrorf(hn_fixture_error *e, hn_fixture_errcode code, const char *file,
                        int line, int column, const char *fmt, va_list ap)
{
    if (!e)
        return -1;
    e->code = code;
    snprintf(e->file, sizeof e->file, "%s", file ? file : "");
    e->line = line;
    e->column = column;
    vsnprintf(e->text, sizeof e->text, fmt, ap);
    return -1;
}

int hn__fixture_errorf(hn_fixture_error *e, hn_fixture_errcode code, const char *file,
                       int line, int column, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    hn__fixture_verrorf(e, code, file, line, column, fmt, ap);
    va_end(ap);
    return -1;
}

int hn__fixture_verror_at(hn_fixture_error *e, hn_fixture_errcode code, const char *file,
                          const char *text, size_t len, const int *path, size_t depth,
                          int key, const char *fmt, va_list ap)
{
    int line = 0, col = 0;
    size_t start, end;
    if (text && !hn__json_text_locate(text, len, path, depth, key, &start, &end))
        hn__json_text_linecol(text, len, start, &line, &col);
    return hn__fixture_verrorf(e, code, file, line, col, fmt, ap);
}

int hn__fixture_error_at(hn_fixture_error *e, hn_fixture_errcode code, const char *file,
                         const char *text, size_t len, const int *path, size_t depth, int key,
                         const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    hn__fixture_verror_at(e, code, file, text, len, path, depth, key, fmt, ap);
    va_end(ap);
    return -1;
}

char *hn_fixture_error_format(const hn_fixture_error *e, char *buf, size_t size)
{
    if (!size)
        return buf;
    if (e->line > 0)
        snprintf(buf, size, "%s:%d:%d: %s", e->file, e->line, e->column, e->text);
    else if (e->file[0])
        snprintf(buf, size, "%s: %s", e->file, e->text);
    else
        snprintf(buf, size, "%s", e->text);
    return buf;
}

char *hn__fixture_read_file(const char *path, size_t *len, hn_fixture_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        int saved = errno;
        hn__fixture_errorf(err, HN_FIXTURE_E_IO, path, 0, 0,
                           "cannot open the file: %s; check the path and that the file is "
                           "readable", strerror(saved));
        errno = saved;
        return NULL;
    }
    char *text = NULL;
    size_t size = 0, n = 0;
    for (;;) {
        if (n + 4096 + 1 > size) {
            size = size ? size * 2 : 16384;
            char *more = realloc(text, size);
            if (!more)
                break;
            text = more;
        }
        size_t got = fread(text + n, 1, size - n - 1, f);
        n += got;
        if (got == 0)
            break;
    }
    int failed = ferror(f) || n + 4096 + 1 > size;
    int saved = errno;
    fclose(f);
    if (failed || !text) {
        free(text);
        hn__fixture_errorf(err, failed && text ? HN_FIXTURE_E_IO : HN_FIXTURE_E_NOMEM, path, 0,
                           0, "cannot read the file: %s", strerror(saved));
        return NULL;
    }
    text[n] = '\0';
    *len = n;
    return text;
}

/* "dir/auth.login.json" -> "auth.login". */
static char *default_name(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t n = strlen(base);
    if (n > 5 && !strcmp(base + n - 5, ".json"))
        n -= 5;
    return strndup(n ? base : "fixture", n ? n : 7);
}

static hn_fixture *fixture_new(const char *source, hn_fixture_error *err)
{
    hn_fixture *fx = calloc(1, sizeof *fx);
    if (fx) {
        fx->path = strdup(source ? source : "");
        fx->owned_name = default_name(source ? source : "");
    }
    if (!fx || !fx->path || !fx->owned_name) {
        hn_fixture_free(fx);
        hn__fixture_errorf(err, HN_FIXTURE_E_NOMEM, source, 0, 0, "out of memory");
        return NULL;
    }
    return fx;
}

hn_fixture *hn_fixture_parse(const char *text, size_t len, const char *source,
                             hn_fixture_error *err)
{
    hn__json_text_error je;
    if (hn__json_text_check(text, len, &je)) {
        int line, col;
        hn__json_text_linecol(text, len, je.offset, &line, &col);
        hn__fixture_errorf(err, HN_FIXTURE_E_SYNTAX, source, line, col, "invalid JSON: %s",
                           je.msg);
        return NULL;
    }
    hn_fixture *fx = fixture_new(source, err);
    if (!fx)
        return NULL;
    fx->doc = cJSON_ParseWithLength(text, len);
    if (!fx->doc) {
        hn__fixture_errorf(err, HN_FIXTURE_E_NOMEM, source, 0, 0, "out of memory");
        hn_fixture_free(fx);
        return NULL;
    }
    if (hn__fixture_check(fx, text, len, err)) {
        hn_fixture_free(fx);
        return NULL;
    }
    return fx;
}

hn_fixture *hn_fixture_load(const char *path, hn_fixture_error *err)
{
    size_t len;
    char *text = hn__fixture_read_file(path, &len, err);
    if (!text)
        return NULL;
    hn_fixture *fx = hn_fixture_parse(text, len, path, err);
    free(text);
    return fx;
}

hn_fixture *hn_fixture_from_json(const cJSON *doc, const char *source, hn_fixture_error *err)
{
    hn_fixture *fx = fixture_new(source, err);
    if (!fx)
        return NULL;
    fx->doc = cJSON_Duplicate(doc, 1);
    if (!fx->doc) {
        hn__fixture_errorf(err, HN_FIXTURE_E_NOMEM, source, 0, 0, "out of memory");
        hn_fixture_free(fx);
        return NULL;
    }
    if (hn__fixture_check(fx, NULL, 0, err)) {
        hn_fixture_free(fx);
        return NULL;
    }
    return fx;
}

static void msg_free(hn__fixture_msg *m)
{
    free(m->headers);
    free(m->body);
    cJSON_Delete(m->owned_json);
}

void hn_fixture_free(hn_fixture *fx)
{
    if (!fx)
        return;
    msg_free(&fx->req);
    msg_free(&fx->resp);
    for (size_t i = 0; i < fx->nplaceholders; i++)
        free(fx->placeholders[i]);
    free(fx->placeholders);
    free(fx->ignore);
    free(fx->values);
    free(fx->owned_name);
    free(fx->owned_service);
    cJSON_Delete(fx->doc);
    free(fx->path);
    free(fx);
}

/* ---- Accessors -------------------------------------------------------- */

static const hn__fixture_msg *msg(const hn_fixture *fx, hn_fixture_part part)
{
    return part == HN_REQUEST ? &fx->req : &fx->resp;
}

const char *hn_fixture_path(const hn_fixture *fx) { return fx->path; }
const char *hn_fixture_name(const hn_fixture *fx) { return fx->name; }
const char *hn_fixture_service(const hn_fixture *fx) { return fx->service; }
const char *hn_fixture_description(const hn_fixture *fx) { return fx->description; }
time_t hn_fixture_recorded_at(const hn_fixture *fx) { return fx->recorded_at; }
int hn_fixture_max_age_days(const hn_fixture *fx) { return fx->max_age_days; }
const char *hn_fixture_method(const hn_fixture *fx) { return fx->req.method; }
const char *hn_fixture_url(const hn_fixture *fx) { return fx->req.url; }
int hn_fixture_status(const hn_fixture *fx) { return fx->resp.status; }
hn_transport_error hn_fixture_transport_error(const hn_fixture *fx) { return fx->resp.error; }
hn_fixture_compare hn_fixture_compare_mode(const hn_fixture *fx) { return fx->compare; }

int hn_fixture_age_days(const hn_fixture *fx, time_t now)
{
    if (now <= fx->recorded_at)
        return 0;
    return (int)((now - fx->recorded_at) / 86400);
}

int hn_fixture_is_stale(const hn_fixture *fx, time_t now)
{
    return hn_fixture_age_days(fx, now) > fx->max_age_days;
}

const char *hn_fixture_header(const hn_fixture *fx, hn_fixture_part part, const char *name)
{
    const hn__fixture_msg *m = msg(fx, part);
    for (size_t i = 0; i < m->nheaders; i++)
        if (!strcasecmp(m->headers[i].name, name))
            return m->headers[i].value;
    return NULL;
}

size_t hn_fixture_header_count(const hn_fixture *fx, hn_fixture_part part)
{
    return msg(fx, part)->nheaders;
}

int hn_fixture_header_at(const hn_fixture *fx, hn_fixture_part part, size_t i,
                         const char **name, const char **value)
{
    const hn__fixture_msg *m = msg(fx, part);
    if (i >= m->nheaders)
        return -1;
    *name = m->headers[i].name;
    *value = m->headers[i].value;
    return 0;
}

const char *hn_fixture_body(const hn_fixture *fx, hn_fixture_part part, size_t *len)
{
    const hn__fixture_msg *m = msg(fx, part);
    if (len)
        *len = m->body_len;
    return m->body;
}

hn_body_kind hn_fixture_body_kind(const hn_fixture *fx, hn_fixture_part part)
{
    return msg(fx, part)->kind;
}

const cJSON *hn_fixture_json(const hn_fixture *fx, hn_fixture_part part)
{
    return msg(fx, part)->json;
}

/* Lists are NULL until something is added; callers get an empty one. */
static const char *const no_strings[1] = {NULL};

const char *const *hn_fixture_ignore(const hn_fixture *fx, size_t *n)
{
    *n = fx->nignore;
    return fx->ignore ? fx->ignore : no_strings;
}

const char *const *hn_fixture_values(const hn_fixture *fx, size_t *n)
{
    *n = fx->nvalues;
    return fx->values ? fx->values : no_strings;
}

const char *const *hn_fixture_placeholders(const hn_fixture *fx, size_t *n)
{
    *n = fx->nplaceholders;
    return fx->placeholders ? (const char *const *)fx->placeholders : no_strings;
}

static const char *const transport_words[] = {
    "", "timeout", "connection_refused", "dns", "tls", "connection_reset",
    "empty_reply", "too_many_redirects", NULL};

const char *hn_transport_error_name(hn_transport_error e)
{
    if ((size_t)e >= sizeof transport_words / sizeof transport_words[0] - 1)
        return "";
    return transport_words[e];
}
