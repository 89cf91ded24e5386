/* SPDX-License-Identifier: MIT */
/* serve_set.c: the fixtures a server answers from: URLs bound to its base,
 * which fixture answers a request, the 404 for one none answers, and the
 * summary of what was used. */
#include "serve/serve_impl.h"
#include "base/mem.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Fixtures named in a 404 body. */
#define MAX_NAMED 12


/* The end of a ${NAME} that starts s, or NULL. */
static const char *placeholder_end(const char *s)
{
    if (s[0] != '$' || s[1] != '{' || !(isalpha((unsigned char)s[2]) || s[2] == '_'))
        return NULL;
    const char *q = s + 2;
    while (isalnum((unsigned char)*q) || *q == '_')
        q++;
    return *q == '}' ? q + 1 : NULL;
}

/* Binds url to the server's base: a leading ${NAME}, or an absolute URL's
 * scheme://host:port, becomes base; a path gets base in front. malloc'd. */
static char *bind_url(const char *base, const char *url)
{
    const char *rest = placeholder_end(url);
    if (!rest) {
        const char *sep = strstr(url, "://");
        const char *slash = strpbrk(url, "/?#");
        if (sep && slash == sep + 1)
            rest = sep + 3 + strcspn(sep + 3, "/?#");
        else
            rest = url;
    }
    char *out;
    if (asprintf(&out, "%s%s%s", base, *rest && strchr("/?#", *rest) ? "" : "/", rest) < 0)
        hn__must(NULL);
    return out;
}

static void bind_entry(hn__serve *s, hn__serve_entry *e)
{
    char *url = bind_url(s->base, hn_fixture_url(e->fx));
    hn__http_pattern_free(e->url);
    e->url = hn__http_pattern_new(url);
    free(url);
}

void hn__serve_set_add(hn__serve *s, const hn_fixture *fx, hn_fixture *owned, int recorded,
                       unsigned uses)
{
    pthread_mutex_lock(&s->lock);
    hn__must_grow(&s->v, &s->cap, s->n + 1, sizeof *s->v);
    hn__serve_entry *e = &s->v[s->n++];
    *e = (hn__serve_entry){fx, owned, NULL, uses, recorded, 0};
    s->changes++;
    if (s->base[0])
        bind_entry(s, e);
    pthread_mutex_unlock(&s->lock);
}

void hn__serve_set_replace(hn__serve *s, const hn_fixture *old_fx, hn_fixture *new_fx)
{
    pthread_mutex_lock(&s->lock);
    for (size_t i = 0; i < s->n; i++) {
        hn__serve_entry *e = &s->v[i];
        if (e->fx != old_fx)
            continue;
        if (e->owned) {
            hn__must_grow(&s->retired, &s->retiredcap, s->nretired + 1, sizeof *s->retired);
            s->retired[s->nretired++] = e->owned;
        }
        e->fx = e->owned = new_fx;
        e->recorded = 1;
        s->changes++;
        bind_entry(s, e);
        break;
    }
    pthread_mutex_unlock(&s->lock);
}

int hn__serve_set_has_path(hn__serve *s, const char *path)
{
    int has = 0;
    pthread_mutex_lock(&s->lock);
    for (size_t i = 0; i < s->n && !has; i++) {
        const char *p = hn_fixture_path(s->v[i].fx);
        has = p && !strcmp(p, path);
    }
    pthread_mutex_unlock(&s->lock);
    return has;
}

unsigned long hn__serve_set_changes(hn__serve *s)
{
    pthread_mutex_lock(&s->lock);
    unsigned long n = s->changes;
    pthread_mutex_unlock(&s->lock);
    return n;
}

void hn__serve_set_bind(hn__serve *s)
{
    pthread_mutex_lock(&s->lock);
    for (size_t i = 0; i < s->n; i++)
        bind_entry(s, &s->v[i]);
    pthread_mutex_unlock(&s->lock);
}

const hn_fixture *hn__serve_choose(hn__serve *s, const hn__http_in *in, int answering)
{
    pthread_mutex_lock(&s->lock);
    size_t last = 0;
    int any = 0;
    for (size_t i = 0; i < s->n; i++) {
        if (!hn__http_in_matches(s->v[i].fx, s->v[i].url, in))
            continue;
        last = i;
        any = 1;
        if (s->v[i].uses == 0)
            break;
    }
    const hn_fixture *fx = NULL;
    if (any) {
        s->v[last].uses += answering >= 0;
        s->answered += answering > 0;
        fx = s->v[last].fx;
    }
    pthread_mutex_unlock(&s->lock);
    return fx;
}

/* The differences http/ lists, one per line, as a JSON array. */
static cJSON *lines(const char *text)
{
    cJSON *a = hn__must(cJSON_CreateArray());
    while (*text) {
        size_t n = strcspn(text, "\n");
        size_t lead = strspn(text, " ");
        if (n > lead) {
            char *one = hn__must(strndup(text + lead, n - lead));
            cJSON_AddItemToArray(a, hn__must(cJSON_CreateString(one)));
            free(one);
        }
        text += n + (text[n] == '\n');
    }
    return a;
}

char *hn__serve_explain(hn__serve *s, const hn__http_in *in)
{
    size_t blen;
    const char *body = hn__http_in_body_get(in, &blen);
    cJSON *doc = hn__must(cJSON_CreateObject()), *req = hn__must(cJSON_CreateObject());
    cJSON_AddStringToObject(doc, "error", "no fixture matches the request");
    cJSON_AddItemToObject(doc, "request", req);
    cJSON_AddStringToObject(req, "method", hn__http_in_method(in));
    cJSON_AddStringToObject(req, "url", hn__http_in_url(in));
    hn__buf text = {0}, why = {0};
    hn__buf_printf(&text, "%s: no fixture matches the request\n  %s %s\n", s->cfg.name,
                   hn__http_in_method(in), hn__http_in_url(in));
    if (blen) {
        hn__buf ex = {0};
        hn__buf_add(&ex, body, blen > 200 ? 200 : blen);
        cJSON_AddStringToObject(req, "body_excerpt", hn__buf_str(&ex));
        hn__buf_free(&ex);
        hn__buf_puts(&text, "  body: \"");
        hn__buf_escape_c(&text, body, blen > 200 ? 200 : blen);
        hn__buf_puts(&text, blen > 200 ? "\"...\n" : "\"\n");
    }
    pthread_mutex_lock(&s->lock);
    s->unmatched++;
    size_t best = 0;
    unsigned best_score = (unsigned)-1;
    for (size_t i = 0; i < s->n; i++) {
        unsigned d = hn__http_in_distance(s->v[i].fx, s->v[i].url, in, NULL);
        if (d < best_score)
            best = i, best_score = d;
    }
    cJSON_AddNumberToObject(doc, "fixtures", (double)s->n);
    if (s->n) {
        const hn_fixture *fx = s->v[best].fx;
        s->v[best].nearest = 1;
        hn__http_in_distance(fx, s->v[best].url, in, &why);
        cJSON *near = hn__must(cJSON_CreateObject());
        cJSON_AddItemToObject(doc, "nearest", near);
        cJSON_AddStringToObject(near, "name", hn_fixture_name(fx));
        cJSON_AddStringToObject(near, "path", hn_fixture_path(fx));
        cJSON_AddItemToObject(near, "differences", lines(hn__buf_str(&why)));
        hn__buf_printf(&text, "nearest fixture: %s (%s), which differs in:\n%s",
                       hn_fixture_name(fx), hn_fixture_path(fx), hn__buf_str(&why));
        cJSON *names = hn__must(cJSON_CreateArray());
        for (size_t i = 0; i < s->n && i < MAX_NAMED; i++)
            cJSON_AddItemToArray(names, hn__must(cJSON_CreateString(hn_fixture_name(s->v[i].fx))));
        cJSON_AddItemToObject(doc, "loaded", names);
    } else {
        hn__buf_puts(&text, "no fixture is loaded\n");
    }
    pthread_mutex_unlock(&s->lock);
    char *hint;
    if (asprintf(&hint, "fix the request, or record a fixture for it (honest proxy "
                        "--upstream URL --fixtures DIR, or honest record --method %s --url URL "
                        "-o FILE)", hn__http_in_method(in)) < 0)
        hn__must(NULL);
    cJSON_AddStringToObject(doc, "hint", hint);
    hn__buf_printf(&text, "%s\n", hint);
    free(hint);
    if (s->cfg.log)
        fputs(hn__buf_str(&text), stderr);
    pthread_mutex_lock(&s->lock);
    if (s->cfg.keep_misses && s->nmisses < HN__SERVE_MAX_MISSES)
        s->misses[s->nmisses++] = hn__buf_take(&text);
    pthread_mutex_unlock(&s->lock);
    hn__buf_free(&text);
    hn__buf_free(&why);
    char *out = hn__must(cJSON_Print(doc));
    cJSON_Delete(doc);
    return out;
}

char *hn__serve_summary_json(hn__serve *s)
{
    cJSON *doc = hn__must(cJSON_CreateObject()), *all = hn__must(cJSON_CreateArray()),
          *unused = hn__must(cJSON_CreateArray());
    pthread_mutex_lock(&s->lock);
    cJSON_AddStringToObject(doc, "base", s->base);
    cJSON_AddNumberToObject(doc, "requests", (double)s->requests);
    cJSON_AddNumberToObject(doc, "answered", (double)s->answered);
    cJSON_AddNumberToObject(doc, "unmatched", (double)s->unmatched);
    cJSON_AddNumberToObject(doc, "forwarded", (double)s->forwarded);
    cJSON_AddNumberToObject(doc, "recorded", (double)s->recorded);
    cJSON_AddNumberToObject(doc, "failed", (double)s->failed);
    cJSON_AddNumberToObject(doc, "variants", (double)s->variants_served);
    size_t used = 0;
    for (size_t i = 0; i < s->n; i++) {
        const hn__serve_entry *e = &s->v[i];
        cJSON *one = hn__must(cJSON_CreateObject());
        cJSON_AddStringToObject(one, "name", hn_fixture_name(e->fx));
        cJSON_AddStringToObject(one, "path", hn_fixture_path(e->fx));
        cJSON_AddNumberToObject(one, "uses", e->uses);
        cJSON_AddBoolToObject(one, "recorded", e->recorded);
        cJSON_AddItemToArray(all, one);
        if (e->uses) {
            used++;
            continue;
        }
        cJSON *u = hn__must(cJSON_CreateObject());
        cJSON_AddStringToObject(u, "name", hn_fixture_name(e->fx));
        cJSON_AddStringToObject(u, "path", hn_fixture_path(e->fx));
        cJSON_AddItemToArray(unused, u);
    }
    pthread_mutex_unlock(&s->lock);
    cJSON_AddItemToObject(doc, "fixtures", all);
    cJSON_AddNumberToObject(doc, "used", (double)used);
    cJSON_AddItemToObject(doc, "unused", unused);
    char *out = hn__must(cJSON_Print(doc));
    cJSON_Delete(doc);
    return out;
}

void hn__serve_summary_text(hn__serve *s, hn__buf *b)
{
    pthread_mutex_lock(&s->lock);
    size_t used = 0;
    for (size_t i = 0; i < s->n; i++)
        used += s->v[i].uses != 0;
    hn__buf_printf(b, "%s: %lu requests, %lu answered from fixtures, %lu unmatched", s->cfg.name,
                   s->requests, s->answered, s->unmatched);
    if (s->cfg.upstream)
        hn__buf_printf(b, ", %lu forwarded, %lu recorded, %lu failed upstream", s->forwarded,
                       s->recorded, s->failed);
    if (s->vmask || s->variants_served)
        hn__buf_printf(b, ", %lu answered with a variant (seed %llu)", s->variants_served,
                       (unsigned long long)s->cfg.seed);
    hn__buf_printf(b, "\nfixtures used: %zu of %zu\n", used, s->n);
    for (size_t i = 0; i < s->n; i++)
        if (s->v[i].uses)
            hn__buf_printf(b, "  used %ux: %s (%s)\n", s->v[i].uses, hn_fixture_name(s->v[i].fx),
                           hn_fixture_path(s->v[i].fx));
    for (size_t i = 0; i < s->n; i++)
        if (!s->v[i].uses)
            hn__buf_printf(b, "  unused: %s (%s)\n", hn_fixture_name(s->v[i].fx),
                           hn_fixture_path(s->v[i].fx));
    pthread_mutex_unlock(&s->lock);
}

size_t hn__serve_miss_count(hn__serve *s)
{
    pthread_mutex_lock(&s->lock);
    size_t n = s->nmisses;
    pthread_mutex_unlock(&s->lock);
    return n;
}

const char *hn__serve_miss_at(hn__serve *s, size_t i)
{
    pthread_mutex_lock(&s->lock);
    const char *m = i < s->nmisses ? s->misses[i] : NULL;
    pthread_mutex_unlock(&s->lock);
    return m;
}

int hn__serve_fixture_at(hn__serve *s, size_t i, const hn_fixture **fx, unsigned *uses,
                         int *nearest)
{
    pthread_mutex_lock(&s->lock);
    int ok = i < s->n;
    if (ok) {
        *fx = s->v[i].fx;
        *uses = s->v[i].uses;
        *nearest = s->v[i].nearest;
    }
    pthread_mutex_unlock(&s->lock);
    return ok ? 0 : -1;
}
