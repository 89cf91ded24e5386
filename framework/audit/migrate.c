/* SPDX-License-Identifier: MIT */
/* migrate.c: `honest migrate`: the hand-written canned JSON of boundary
 * doubles (from an audit) written as fixtures with "origin": "hand-written"
 * and the live request each stands for; the test sources rewritten to
 * answer from them (migrate_edit.c). */
#include "audit/migrate.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <honest/fixture.h>

#include "base/buf.h"
#include "base/mem.h"
#include "fixtures/redact.h"

int hn__migrate_endpoint_parse(const char *spec, hn__migrate_endpoint *e)
{
    const char *eq = strchr(spec, '=');
    const char *sp = eq ? strchr(eq + 1, ' ') : NULL;
    if (!eq || eq == spec || !sp || sp == eq + 1 || !sp[1])
        return -1;
    e->fn = hn__must(strndup(spec, (size_t)(eq - spec)));
    e->method = hn__must(strndup(eq + 1, (size_t)(sp - eq - 1)));
    while (*sp == ' ')
        sp++;
    e->url = hn__must(strdup(sp));
    for (char *m = e->method; *m; m++)
        if (*m >= 'a' && *m <= 'z')
            *m = (char)(*m - 'a' + 'A');
    return 0;
}

void hn__migrate_endpoint_free(hn__migrate_endpoint *e)
{
    free(e->fn);
    free(e->method);
    free(e->url);
}

/* Appends s percent-encoded for a URL (RFC 3986 unreserved bytes kept). */
static void url_escape(hn__buf *b, const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '.' || c == '_' || c == '~')
            hn__buf_add(b, s, 1);
        else
            hn__buf_printf(b, "%%%02X", c);
    }
}

/* The endpoint's URL with {N} replaced by argument N of the call; NULL with
 * err when an argument is missing. */
static char *expand_url(const char *url, const hn__audit_canned *c, const char *fn, char *err,
                        size_t errlen)
{
    hn__buf b = {0};
    for (const char *p = url; *p;) {
        char *end;
        long n = *p == '{' ? strtol(p + 1, &end, 10) : 0;
        if (*p != '{' || n < 1 || *end != '}') {
            hn__buf_add(&b, p++, 1);
            continue;
        }
        if (!c->nargs) {
            snprintf(err, errlen, "the endpoint of %s uses {%ld}, but the run recorded no "
                     "arguments of %s for its canned data at %s (a hand-rolled stub has none; "
                     "docs/audit.md says which doubles do): give a URL without {N} for %s", fn,
                     n, fn, c->at ? c->at : "?", fn);
            hn__buf_free(&b);
            return NULL;
        }
        if ((size_t)n > c->nargs) {
            snprintf(err, errlen, "the endpoint of %s uses {%ld}, but %s had %zu argument%s "
                     "in the test whose canned data is at %s: the URL may use {1} to {%zu}",
                     fn, n, fn, c->nargs, c->nargs == 1 ? "" : "s", c->at ? c->at : "?",
                     c->nargs);
            hn__buf_free(&b);
            return NULL;
        }
        url_escape(&b, c->args[n - 1]);
        p = end + 1;
    }
    return hn__buf_take(&b);
}

static const char *base_name(const char *path)
{
    const char *s = path ? strrchr(path, '/') : NULL;
    return s ? s + 1 : path ? path : "?";
}

/* The fixture for canned data c of double fn, as a JSON document. */
static cJSON *fixture_doc(const char *fn, size_t k, const hn__audit_canned *c,
                          const hn__migrate_endpoint *e, const char *url, time_t now)
{
    char name[256], date[32], desc[512];
    snprintf(name, sizeof name, "%s.%zu", fn, k);
    snprintf(desc, sizeof desc, "Canned data typed for %s (%s at %s), migrated by honest "
             "migrate; honest verify shows how far it is from the live service.", fn,
             c->macro ? c->macro : "canned", base_name(c->at));
    hn_fixture_time_format(now, date, sizeof date);
    cJSON *doc = hn__must(cJSON_CreateObject());
    cJSON_AddNumberToObject(doc, "honest", 1);
    cJSON_AddStringToObject(doc, "name", name);
    cJSON_AddStringToObject(doc, "description", desc);
    cJSON_AddStringToObject(doc, "origin", "hand-written");
    cJSON_AddStringToObject(doc, "recorded_at", date);
    cJSON *rq = cJSON_AddObjectToObject(doc, "request");
    cJSON_AddStringToObject(rq, "method", e->method);
    cJSON_AddStringToObject(rq, "url", url);
    cJSON *rs = cJSON_AddObjectToObject(doc, "response");
    cJSON_AddNumberToObject(rs, "status", 200);
    cJSON *h = cJSON_AddObjectToObject(rs, "headers");
    cJSON_AddStringToObject(h, "Content-Type", "application/json");
    cJSON_AddItemToObject(rs, "body", hn__must(cJSON_Parse(c->text)));
    return doc;
}

/* Redacts doc as every writer of fixtures does (honest record, --update,
 * the proxy, import): the default rules, the rules beside the fixture at
 * path, and the environment's secrets become placeholders. 0, or -1 with err. */
static int redact_doc(cJSON *doc, const char *path, char *err, size_t errlen)
{
    hn__redact *r = hn__redact_new();
    int rc = !r ? -1 : hn__redact_load_beside(r, path, err, errlen);
    if (rc == 0 &&
        (hn__redact_request(r, cJSON_GetObjectItem(doc, "request"), NULL, NULL) ||
         hn__redact_response_headers(r, cJSON_GetObjectItem(doc, "response")) ||
         hn__redact_response_body(r, cJSON_GetObjectItem(doc, "response"))))
        rc = -1, snprintf(err, errlen, "out of memory");
    else if (!r)
        snprintf(err, errlen, "out of memory");
    hn__redact_free(r);
    return rc;
}

/* 1 when the fixture at path already holds this request and response (a
 * second run leaves it alone, recorded_at included). */
static int same_as_file(const char *path, const cJSON *doc)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    hn__buf text = {0};
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        hn__buf_add(&text, chunk, n);
    fclose(f);
    cJSON *old = cJSON_Parse(hn__buf_str(&text));
    hn__buf_free(&text);
    int same = old && cJSON_Compare(cJSON_GetObjectItem(old, "request"),
                                    cJSON_GetObjectItem(doc, "request"), 1) &&
               cJSON_Compare(cJSON_GetObjectItem(old, "response"),
                             cJSON_GetObjectItem(doc, "response"), 1) &&
               cJSON_Compare(cJSON_GetObjectItem(old, "origin"),
                             cJSON_GetObjectItem(doc, "origin"), 1);
    cJSON_Delete(old);
    return same;
}

/* Writes the fixture of canned data c (validated, atomically) unless the
 * same is there; reports what it did on o->out. */
static int write_fixture(const hn__migrate_opts *o, const char *path, const cJSON *doc,
                         char *err, size_t errlen)
{
    if (same_as_file(path, doc)) {
        fprintf(o->out, "  unchanged %s\n", path);
        return 0;
    }
    hn_fixture_error fe;
    hn_fixture *fx = hn_fixture_from_json(doc, path, &fe);
    int rc = fx ? hn_fixture_write(fx, path, &fe) : -1;
    hn_fixture_free(fx);
    if (rc != 0) {
        char buf[2300];
        snprintf(err, errlen, "%s", hn_fixture_error_format(&fe, buf, sizeof buf));
        return -1;
    }
    fprintf(o->out, "  wrote %s\n", path);
    return 0;
}

static const hn__migrate_endpoint *endpoint_of(const hn__migrate_opts *o, const char *fn)
{
    for (size_t i = 0; i < o->nendpoints; i++)
        if (fn && !strcmp(o->endpoints[i].fn, fn))
            return &o->endpoints[i];
    return NULL;
}

/* Migrates the canned JSON of one double: a fixture each, and an edit of
 * the place it was typed. */
static int migrate_double(const hn__migrate_opts *o, const hn__audit_double *d, size_t k,
                          hn__migrate_edits *edits, time_t now, char *err, size_t errlen)
{
    const hn__migrate_endpoint *e = endpoint_of(o, d->function);
    for (size_t i = 0; i < d->ncanned; i++) {
        const hn__audit_canned *c = &d->canned[i];
        if (!c->json)
            continue;
        k++;
        if (!e) {
            fprintf(o->out, "%s: canned JSON at %s; give --endpoint '%s=METHOD URL' to migrate "
                    "it\n", d->function, c->at ? c->at : "?", d->function);
            continue;
        }
        char *url = expand_url(e->url, c, d->function, err, errlen);
        if (!url)
            return -1;
        char file[4096];
        snprintf(file, sizeof file, "%s/%s_%zu.json", o->fixtures_dir, d->function, k);
        hn__redact *shown = hn__redact_new();
        char *url_shown = shown ? hn__redact_show(shown, url) : NULL;
        fprintf(o->out, "%s (%s at %s): %s %s\n", d->function, c->macro ? c->macro : "canned",
                c->at ? c->at : "?", e->method, url_shown ? url_shown : "(hidden)");
        free(url_shown);
        hn__redact_free(shown);
        cJSON *doc = fixture_doc(d->function, k, c, e, url, now);
        int rc = redact_doc(doc, file, err, errlen);
        if (rc == 0)
            rc = write_fixture(o, file, doc, err, errlen);
        cJSON_Delete(doc);
        free(url);
        if (rc == 0)
            rc = hn__migrate_edit_add(edits, c, d->function, file, o->out);
        if (rc != 0)
            return -1;
    }
    return 0;
}

int hn__migrate(const hn__audit *a, const hn__migrate_opts *o, char *err, size_t errlen)
{
    if (mkdir(o->fixtures_dir, 0777) != 0 && errno != EEXIST) {
        snprintf(err, errlen, "--fixtures %s: cannot create the directory: %s", o->fixtures_dir,
                 strerror(errno));
        return -1;
    }
    hn__migrate_edits edits;
    memset(&edits, 0, sizeof edits);
    time_t now = time(NULL);
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < a->ndoubles; i++) {
        /* Fixtures are numbered per function, over every double of it (an
         * fff fake and a cmocka stub of one function write no file twice). */
        size_t k = 0;
        for (size_t j = 0; j < i; j++)
            for (size_t c = 0; j < i && c < a->doubles[j].ncanned; c++)
                k += a->doubles[j].canned[c].json && a->doubles[j].function &&
                     a->doubles[i].function &&
                     !strcmp(a->doubles[j].function, a->doubles[i].function);
        rc = migrate_double(o, &a->doubles[i], k, &edits, now, err, errlen);
    }
    for (size_t i = 0; rc == 0 && i < o->nendpoints; i++) {
        int seen = 0;
        for (size_t k = 0; k < a->ndoubles && !seen; k++)
            seen = a->doubles[k].function && !strcmp(a->doubles[k].function, o->endpoints[i].fn);
        if (!seen)
            fprintf(o->out, "%s: no test used a double of it; --endpoint '%s=...' migrated "
                    "nothing\n", o->endpoints[i].fn, o->endpoints[i].fn);
    }
    size_t canned = 0;
    for (size_t i = 0; i < a->ndoubles; i++)
        for (size_t c = 0; c < a->doubles[i].ncanned; c++)
            canned += a->doubles[i].canned[c].json != 0;
    if (rc == 0 && !canned)
        fprintf(o->out, "nothing to migrate: no double answers with hand-written canned JSON "
                "(honest audit shows what each answers from)\n");
    if (rc == 0)
        rc = hn__migrate_edits_finish(&edits, o->apply, o->out, err, errlen);
    hn__migrate_edits_free(&edits);
    return rc;
}
