/* SPDX-License-Identifier: MIT */
/* import_run.c: from the interactions read to fixture files: bodies decoded,
 * origins replaced by placeholders, names given, every fixture built and
 * checked (hn__record_new) before the first is written. */
#include "audit/import.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <zlib.h>

#include <honest/fixture.h>

#include "fixtures/fixtures.h"
#include "fixtures/redact.h"
#include "live/record.h"

static void items_free(hn__import *im)
{
    for (size_t i = 0; i < im->n; i++) {
        hn__import_item *it = &im->items[i];
        free(it->file);
        free(it->entry);
        cJSON_Delete(it->request);
        cJSON_Delete(it->values);
        free(it->description);
        hn__http_response_free(&it->response);
    }
    free(im->items);
    im->items = NULL;
    im->n = im->cap = 0;
    for (size_t i = 0; i < im->ndocs; i++)
        cJSON_Delete(im->docs[i]);
    free(im->docs);
}

/* An error about item it, with its line and column. Returns -1. */
static int fail_item(hn__import *im, const hn__import_item *it, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int fail_item(hn__import *im, const hn__import_item *it, const char *fmt, ...)
{
    char msg[1800];
    int line, column;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    hn__import_item_where(it, &line, &column);
    return hn__import_fail(im, it->file, line, column, it->entry, "%s", msg);
}

/* ---- bodies --------------------------------------------------------------- */

/* Inflates gzip or zlib bytes; a malloc'd buffer (*out_len bytes), or NULL
 * when they are not a whole compressed stream. */
static char *inflate_all(const char *in, size_t len, size_t *out_len)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    if (inflateInit2(&z, 15 + 32) != Z_OK) /* +32: gzip or zlib, by the header */
        return NULL;
    size_t cap = len * 4 + 64, n = 0;
    char *out = malloc(cap + 1);
    int rc = Z_OK;
    z.next_in = (Bytef *)(uintptr_t)in;
    z.avail_in = (uInt)len;
    while (out && rc == Z_OK) {
        if (n == cap) {
            char *bigger = realloc(out, cap * 2 + 1);
            if (!bigger)
                break;
            out = bigger;
            cap *= 2;
        }
        z.next_out = (Bytef *)out + n;
        z.avail_out = (uInt)(cap - n);
        rc = inflate(&z, Z_NO_FLUSH);
        n = cap - z.avail_out;
    }
    inflateEnd(&z);
    if (rc != Z_STREAM_END) {
        free(out);
        return NULL;
    }
    out[n] = '\0';
    *out_len = n;
    return out;
}

static int looks_compressed(const unsigned char *b, size_t n)
{
    return n >= 2 && ((b[0] == 0x1f && b[1] == 0x8b) ||
                      (b[0] == 0x78 && ((b[0] << 8) | b[1]) % 31 == 0));
}

/* Recordings keep a gzip or deflate body as it travelled (VCR, nock) or
 * already decoded (HAR): decoded here when it still is compressed, as
 * `honest record` stores it. */
static int decode_body(hn__import *im, hn__import_item *it)
{
    const char *enc = hn__http_header_get(&it->response, "Content-Encoding");
    hn__http_response *r = &it->response;
    if (!enc || (strcasecmp(enc, "gzip") && strcasecmp(enc, "x-gzip") &&
                 strcasecmp(enc, "deflate")))
        return 0;
    if (!looks_compressed((const unsigned char *)r->body, r->body_len))
        return 0;
    size_t n;
    char *plain = inflate_all(r->body, r->body_len, &n);
    if (!plain)
        return fail_item(im, it, "the response body says Content-Encoding: %s but does not "
                               "decompress; the recording is damaged: record it again",
                               enc);
    free(r->body);
    r->body = plain;
    r->body_len = n;
    return 0;
}

/* ---- URLs and names ------------------------------------------------------- */

/* The length of the origin (scheme://authority) at the start of url, or 0. */
static size_t origin_len(const char *url)
{
    const char *sep = strstr(url, "://");
    if (!sep || sep == url || strcspn(url, ":/?#") != (size_t)(sep - url))
        return 0;
    return (size_t)(sep + 3 - url) + strcspn(sep + 3, "/?#");
}

/* The same origin, ignoring case and a default port. */
static int same_origin(const char *a, size_t alen, const char *b)
{
    size_t blen = strlen(b);
    while (blen && b[blen - 1] == '/')
        blen--;
    if (alen == blen && !strncasecmp(a, b, alen))
        return 1;
    char with[512];
    int https = !strncasecmp(a, "https:", 6);
    snprintf(with, sizeof with, "%.*s:%s", (int)alen, a, https ? "443" : "80");
    return strlen(with) == blen && !strncasecmp(with, b, blen);
}

/* Replaces the origin of the request's URL by ${NAME} where a
 * --base-placeholder asks; a URL that is a bare path takes the placeholder
 * that stands for every origin, else fails. */
static int rebase(hn__import *im, hn__import_item *it)
{
    cJSON *url = cJSON_GetObjectItemCaseSensitive(it->request, "url");
    const char *u = url->valuestring;
    size_t n = origin_len(u);
    const char *name = NULL;
    for (size_t i = 0; i < im->opts->nbases && !name; i++) {
        const hn__import_base *b = &im->opts->bases[i];
        if (!b->origin || (n && same_origin(u, n, b->origin)))
            name = b->name;
    }
    if (!name && !n)
        return fail_item(im, it, "%s recordings do not say which host they were made against "
                               "(the URL is \"%s\"); give --base-placeholder NAME, and set NAME "
                               "to the base URL (http://host:port) when verifying",
                               im->opts->format, u);
    if (!name)
        return 0;
    char *rebased = NULL;
    if (asprintf(&rebased, "${%s}%s%s", name, u[n] == '/' || !u[n] ? "" : "/", u + n) < 0)
        return hn__import_fail(im, it->file, 0, 0, it->entry, "out of memory");
    cJSON_SetValuestring(url, rebased);
    free(rebased);
    return 0;
}

/* "get-v1-users-7" from GET /v1/users/7?x=1: lower-case words of the path,
 * at most 48 characters. */
static void slug(const char *method, const char *url, char *out, size_t cap)
{
    size_t o = 0, n = origin_len(url);
    const char *p = url + n;
    if (!n && url[0] == '$')
        p = url + strcspn(url, "}") + 1;
    for (const char *m = method; *m && o + 1 < cap; m++)
        out[o++] = (char)tolower((unsigned char)*m);
    int dash = 1;
    for (; *p && *p != '?' && *p != '#' && o + 2 < cap && o < 52; p++) {
        if (isalnum((unsigned char)*p)) {
            if (dash)
                out[o++] = '-';
            out[o++] = (char)tolower((unsigned char)*p);
            dash = 0;
        } else {
            dash = 1;
        }
    }
    out[o] = '\0';
}

/* Creates dir and the directories above it; 0, or -1 (errno). */
static int make_dirs(const char *dir)
{
    char *d = strdup(dir);
    int rc = d ? 0 : -1;
    for (char *p = d ? d + 1 : NULL; p && rc == 0; p++) {
        if (*p != '/' && *p)
            continue;
        char c = *p;
        *p = '\0';
        if (mkdir(d, 0777) != 0 && errno != EEXIST)
            rc = -1;
        *p = c;
        if (!c)
            break;
    }
    free(d);
    return rc;
}

/* ---- building ------------------------------------------------------------- */

/* fx with what a recording of an answer cannot say: "verify": {"values":
 * paths} (values may be NULL), and a transport failure as the response
 * (error may be NULL). A new fixture, or NULL (err); fx is freed. */
static hn_fixture *amend(hn_fixture *fx, const cJSON *values, const char *error,
                         hn_fixture_error *err)
{
    cJSON *doc = hn_fixture_to_json(fx), *verify = cJSON_CreateObject();
    cJSON *resp = cJSON_CreateObject();
    hn_fixture *out = NULL;
    int ok = doc && verify && resp;
    if (ok && values) {
        ok = cJSON_AddItemToObject(verify, "values", cJSON_Duplicate(values, 1)) &&
             cJSON_AddItemToObject(doc, "verify", verify);
        verify = NULL;
    }
    if (ok && error) {
        ok = cJSON_AddStringToObject(resp, "error", error) &&
             cJSON_ReplaceItemInObjectCaseSensitive(doc, "response", resp);
        resp = NULL;
    }
    if (ok)
        out = hn_fixture_from_json(doc, hn_fixture_path(fx), err);
    else
        *err = (hn_fixture_error){.code = HN_FIXTURE_E_NOMEM, .text = "out of memory"};
    cJSON_Delete(verify);
    cJSON_Delete(resp);
    cJSON_Delete(doc);
    hn_fixture_free(fx);
    return out;
}

/* A redaction with the defaults, the HN__REDACT_FILE files of out_dir and
 * the directories above it (out_dir itself may not exist yet: the nearest
 * that does stands for it) and --redact. */
static hn__redact *redaction(hn__import *im, const char *path)
{
    char err[1200], beside[4200];
    struct stat st;
    snprintf(beside, sizeof beside, "%s", im->opts->out_dir);
    while (stat(beside, &st) != 0 && strchr(beside, '/'))
        *strrchr(beside, '/') = '\0';
    if (stat(beside, &st) != 0)
        snprintf(beside, sizeof beside, ".");
    strncat(beside, "/fixture.json", sizeof beside - strlen(beside) - 1);
    hn__redact *r = hn__redact_new();
    if (!r || hn__redact_load_beside(r, beside, err, sizeof err)) {
        hn__import_fail(im, path, 0, 0, NULL, "%s", r ? err : "out of memory");
        hn__redact_free(r);
        return NULL;
    }
    for (size_t i = 0; i < im->opts->nredact; i++)
        if (hn__redact_add_rule(r, im->opts->redact[i], 1, err, sizeof err)) {
            hn__import_fail(im, path, 0, 0, NULL, "--redact %s: %s", im->opts->redact[i], err);
            hn__redact_free(r);
            return NULL;
        }
    return r;
}

/* The fixture of item i at *path (malloc'd), redaction notes in *r. */
static hn_fixture *build(hn__import *im, size_t i, int width, char **path, hn__redact **r)
{
    hn__import_item *it = &im->items[i];
    const hn__import_opts *o = im->opts;
    if (decode_body(im, it) || rebase(im, it))
        return NULL;
    const char *method = cJSON_GetStringValue(cJSON_GetObjectItem(it->request, "method"));
    const char *url = cJSON_GetStringValue(cJSON_GetObjectItem(it->request, "url"));
    char name[96], words[64];
    slug(method, url, words, sizeof words);
    snprintf(name, sizeof name, "%0*zu-%s", width, i + 1, words);
    if (asprintf(path, "%s/%s.json", o->out_dir, name) < 0 || !(*r = redaction(im, *path)))
        return NULL;
    hn__record_meta meta = {.name = name, .origin = "imported", .import_format = o->format,
                            .import_file = it->file, .import_entry = it->entry,
                            .body_type = it->body_type,
                            .description = it->description,
                            .max_age_days = o->max_age_days};
    time_t at = o->has_recorded_at ? o->recorded_at : it->has_time ? it->recorded_at : o->now;
    hn_fixture_error fe;
    char buf[2300];
    hn_fixture *fx = hn__record_new(it->request, &it->response, &meta, *r, at, *path, &fe);
    if (fx && (it->values || it->transport_error))
        fx = amend(fx, it->values, it->transport_error, &fe);
    if (!fx)
        fail_item(im, it, "it does not make a valid fixture: %s",
                        hn_fixture_error_format(&fe, buf, sizeof buf));
    return fx;
}

static int exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

static void report(const hn__import_item *it, const hn_fixture *fx, const hn__redact *r)
{
    printf("imported %s %s: %s %s -> %d into %s\n", it->file, it->entry, hn_fixture_method(fx),
           hn_fixture_url(fx), hn_fixture_status(fx), hn_fixture_path(fx));
    for (size_t i = 0; i < hn__redact_note_count(r); i++)
        printf("  redacted: %s\n", hn__redact_note_at(r, i));
}

/* Builds every fixture, then writes them; 0 or 2. */
static int build_and_write(hn__import *im)
{
    size_t n = im->n;
    int width = n >= 1000 ? (int)snprintf(NULL, 0, "%zu", n) : 3, rc = 0;
    hn_fixture **fx = calloc(n, sizeof *fx);
    hn__redact **red = calloc(n, sizeof *red);
    char **paths = calloc(n, sizeof *paths);
    if (!fx || !red || !paths)
        rc = 2, snprintf(im->error, sizeof im->error, "honest import: out of memory");
    for (size_t i = 0; i < n && !rc; i++) {
        if (!(fx[i] = build(im, i, width, &paths[i], &red[i])))
            rc = 2;
        else if (!im->opts->force && exists(paths[i]))
            rc = 2, hn__import_fail(im, paths[i], 0, 0, NULL,
                                    "exists; nothing was written: add --force to replace the "
                                    "fixtures, or import into another directory");
    }
    if (!rc && make_dirs(im->opts->out_dir))
        rc = 2, hn__import_fail(im, im->opts->out_dir, 0, 0, NULL,
                                "cannot create the directory (%s); nothing was written",
                                strerror(errno));
    for (size_t i = 0; i < n && !rc; i++) {
        hn_fixture_error fe;
        char buf[2300];
        if (hn_fixture_write(fx[i], paths[i], &fe)) {
            snprintf(im->error, sizeof im->error, "%s (%zu of %zu fixtures were written before)",
                     hn_fixture_error_format(&fe, buf, sizeof buf), i, n);
            rc = 2;
        } else {
            report(&im->items[i], fx[i], red[i]);
        }
    }
    for (size_t i = 0; i < n; i++) {
        if (fx)
            hn_fixture_free(fx[i]);
        if (red)
            hn__redact_free(red[i]);
        if (paths)
            free(paths[i]);
    }
    free(fx);
    free(red);
    free(paths);
    return rc;
}

int hn__import_run(const hn__import_opts *opts, const char *const *files, size_t nfiles)
{
    hn__import im = {.opts = opts};
    hn__import_reader read = hn__import_reader_of(opts->format);
    int rc = 0;
    char **texts = calloc(nfiles + 1, sizeof *texts); /* items point into them */
    for (size_t f = 0; f < nfiles && !rc; f++) {
        hn_fixture_error fe;
        size_t len;
        char buf[2300];
        texts[f] = texts ? hn__fixture_read_file(files[f], &len, &fe) : NULL;
        if (!texts[f]) {
            snprintf(im.error, sizeof im.error, "%s",
                     texts ? hn_fixture_error_format(&fe, buf, sizeof buf) : "out of memory");
            rc = 2;
        } else if (read(&im, files[f], texts[f], len)) {
            rc = 2;
        }
    }
    if (!rc && im.n == 0) {
        snprintf(im.error, sizeof im.error,
                 "no interaction found in the %s file%s given; nothing was written",
                 opts->format, nfiles == 1 ? "" : "s");
        rc = 2;
    }
    if (!rc)
        rc = build_and_write(&im);
    if (rc)
        fprintf(stderr, "honest import: %s\n", im.error);
    else
        printf("%zu fixture%s imported from %s into %s\n", im.n, im.n == 1 ? "" : "s",
               opts->format, opts->out_dir);
    items_free(&im);
    for (size_t f = 0; texts && f < nfiles; f++)
        free(texts[f]);
    free(texts);
    return rc;
}
