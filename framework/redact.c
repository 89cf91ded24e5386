/* SPDX-License-Identifier: MIT */
/* redact.c: keeping secrets out of recorded fixtures: sensitive headers,
 * fields and query parameters become ${NAME} placeholders, and every secret
 * value that was sent or received is scrubbed wherever else it appears. */
#include "redact.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "buf.h"

typedef struct secret {
    char *value;
    size_t len;
    char name[64]; /* the placeholder NAME that replaces it */
} secret;

struct hn__redact {
    char **names;
    size_t nnames;
    secret *secrets;
    size_t nsecrets;
    char **notes;
    size_t nnotes;
};

static const char *const default_names[] = {"Authorization", "Cookie", "Set-Cookie",
                                            "Proxy-Authorization", "X-Api-Key"};

/* Words that make a placeholder's NAME a secret wherever it is used. */
static const char *const secret_words[] = {"TOKEN", "KEY",     "SECRET",     "PASSWORD",
                                           "PASSWD", "AUTH",   "COOKIE",     "SESSION",
                                           "CREDENTIAL", "PRIVATE", "SIGNATURE"};

hn__redact *hn__redact_new(void)
{
    hn__redact *r = calloc(1, sizeof *r);
    for (size_t i = 0; r && i < sizeof default_names / sizeof *default_names; i++)
        if (hn__redact_add_name(r, default_names[i])) {
            hn__redact_free(r);
            return NULL;
        }
    return r;
}

void hn__redact_free(hn__redact *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->nnames; i++)
        free(r->names[i]);
    for (size_t i = 0; i < r->nsecrets; i++) {
        memset(r->secrets[i].value, 0, r->secrets[i].len);
        free(r->secrets[i].value);
    }
    for (size_t i = 0; i < r->nnotes; i++)
        free(r->notes[i]);
    free(r->names);
    free(r->secrets);
    free(r->notes);
    free(r);
}

/* Appends p to a malloc'd array of pointers; 0 or -1. */
static int push_ptr(char ***arr, size_t *n, char *p)
{
    char **a = p ? realloc(*arr, (*n + 1) * sizeof *a) : NULL;
    if (!a) {
        free(p);
        return -1;
    }
    a[(*n)++] = p;
    *arr = a;
    return 0;
}

int hn__redact_add_name(hn__redact *r, const char *name)
{
    if (hn__redact_is_sensitive(r, name))
        return 0;
    return push_ptr(&r->names, &r->nnames, strdup(name));
}

int hn__redact_is_sensitive(const hn__redact *r, const char *name)
{
    for (size_t i = 0; i < r->nnames; i++)
        if (!strcasecmp(r->names[i], name))
            return 1;
    return 0;
}

int hn__redact_load_file(hn__redact *r, const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        if (errno == ENOENT)
            return 0;
        snprintf(err, errlen, "%s: cannot read the redaction list: %s", path, strerror(errno));
        return -1;
    }
    char line[512];
    int rc = 1;
    while (rc == 1 && fgets(line, sizeof line, f)) {
        line[strcspn(line, "#\r\n")] = '\0';
        char *s = line, *e;
        while (*s == ' ' || *s == '\t')
            s++;
        e = s + strlen(s);
        while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
            *--e = '\0';
        if (*s && hn__redact_add_name(r, s)) {
            snprintf(err, errlen, "%s: out of memory", path);
            rc = -1;
        }
    }
    fclose(f);
    return rc;
}

int hn__redact_load_beside(hn__redact *r, const char *fixture_path, char *err, size_t errlen)
{
    char dir[4096];
    const char *slash = strrchr(fixture_path, '/');
    if (!slash)
        snprintf(dir, sizeof dir, ".");
    else
        snprintf(dir, sizeof dir, "%.*s", slash == fixture_path ? 1 : (int)(slash - fixture_path),
                 fixture_path);
    char abs[4096];
    if (!realpath(dir, abs))
        return 0; /* the directory does not exist yet: nothing beside it */
    for (;;) {
        char path[4200];
        struct stat st;
        snprintf(path, sizeof path, "%s/%s", strcmp(abs, "/") ? abs : "", HN__REDACT_FILE);
        if (hn__redact_load_file(r, path, err, errlen) < 0)
            return -1;
        snprintf(path, sizeof path, "%s/.git", strcmp(abs, "/") ? abs : "");
        if (!strcmp(abs, "/") || stat(path, &st) == 0)
            return 0;
        char *up = strrchr(abs, '/');
        if (up == abs)
            abs[1] = '\0';
        else
            *up = '\0';
    }
}

void hn__redact_placeholder(const char *name, char *buf, size_t cap)
{
    size_t o = 0;
    if (cap == 0)
        return;
    if (name[0] >= '0' && name[0] <= '9' && o + 1 < cap)
        buf[o++] = '_';
    for (const char *p = name; *p && o + 1 < cap; p++) {
        char ch = *p;
        if (ch >= 'a' && ch <= 'z')
            ch = (char)(ch - 'a' + 'A');
        else if (!((ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')))
            ch = '_';
        buf[o++] = ch;
    }
    buf[o] = '\0';
}

static int note(hn__redact *r, const char *fmt, const char *what)
{
    char *s = NULL;
    if (asprintf(&s, fmt, what) < 0)
        return -1;
    for (size_t i = 0; i < r->nnotes; i++)
        if (!strcmp(r->notes[i], s)) {
            free(s);
            return 0;
        }
    return push_ptr(&r->notes, &r->nnotes, s);
}

/* Remembers a secret value (n bytes) and the NAME that stands for it. */
static int add_secret(hn__redact *r, const char *value, size_t n, const char *name)
{
    if (n < HN__REDACT_MIN_SECRET)
        return 0;
    for (size_t i = 0; i < r->nsecrets; i++)
        if (r->secrets[i].len == n && !memcmp(r->secrets[i].value, value, n))
            return 0;
    secret *s = realloc(r->secrets, (r->nsecrets + 1) * sizeof *s);
    if (!s)
        return -1;
    r->secrets = s;
    s += r->nsecrets;
    if (!(s->value = strndup(value, n)))
        return -1;
    s->len = n;
    snprintf(s->name, sizeof s->name, "%s", name);
    /* Longest first, so that a secret inside a longer one does not split it. */
    for (size_t i = r->nsecrets++; i > 0 && r->secrets[i - 1].len < r->secrets[i].len; i--) {
        secret t = r->secrets[i];
        r->secrets[i] = r->secrets[i - 1];
        r->secrets[i - 1] = t;
    }
    return 0;
}

/* Length of a ${NAME} (or $${) at s, 0 when none starts there. */
static size_t placeholder_len(const char *s, size_t n)
{
    if (n >= 3 && s[0] == '$' && s[1] == '$' && s[2] == '{')
        return 3;
    if (n < 3 || s[0] != '$' || s[1] != '{')
        return 0;
    const char *end = memchr(s, '}', n);
    return end ? (size_t)(end - s) + 1 : 0;
}

/* Scrubs secrets from s[0..n) into out; returns the number replaced.
 * Placeholders already in s are copied untouched. */
static size_t scrub_into(const hn__redact *r, const char *s, size_t n, hn__buf *out)
{
    size_t hits = 0;
    for (size_t i = 0; i < n;) {
        size_t ph = placeholder_len(s + i, n - i);
        if (ph) {
            hn__buf_add(out, s + i, ph);
            i += ph;
            continue;
        }
        size_t k = 0;
        while (k < r->nsecrets && (r->secrets[k].len > n - i || r->secrets[k].value[0] != s[i] ||
                                   memcmp(r->secrets[k].value, s + i, r->secrets[k].len)))
            k++;
        if (k == r->nsecrets) {
            hn__buf_add(out, s + i, 1);
            i++;
            continue;
        }
        hn__buf_printf(out, "${%s}", r->secrets[k].name);
        i += r->secrets[k].len;
        hits++;
    }
    return hits;
}

int hn__redact_leaks(const hn__redact *r, const char *text, size_t len)
{
    for (size_t k = 0; k < r->nsecrets; k++)
        if (memmem(text, len, r->secrets[k].value, r->secrets[k].len))
            return 1;
    return 0;
}

/* Replaces the string of item (a cJSON string) with s. */
static int set_string(cJSON *parent, cJSON *item, const char *s)
{
    cJSON *fresh = cJSON_CreateString(s);
    if (!fresh)
        return -1;
    /* The member's key moves to the new item (ReplaceItemViaPointer does not
     * carry it over). */
    fresh->string = item->string;
    fresh->type |= item->type & cJSON_StringIsConst;
    item->string = NULL;
    if (!cJSON_ReplaceItemViaPointer(parent, item, fresh)) {
        item->string = fresh->string;
        fresh->string = NULL;
        cJSON_Delete(fresh);
        return -1;
    }
    return 0;
}

/* Scrubs every string under node (keys are left alone); counts hits. */
static int scrub_tree(const hn__redact *r, cJSON *node, size_t *hits)
{
    for (cJSON *c = node ? node->child : NULL, *next; c; c = next) {
        next = c->next;
        if (cJSON_IsString(c) && c->valuestring) {
            hn__buf b = {0};
            size_t h = scrub_into(r, c->valuestring, strlen(c->valuestring), &b);
            int rc = h ? set_string(node, c, hn__buf_str(&b)) : 0;
            hn__buf_free(&b);
            if (rc)
                return -1;
            *hits += h;
        } else if (scrub_tree(r, c, hits)) {
            return -1;
        }
    }
    return 0;
}

/* Looks up each ${NAME} in s and remembers its value as a secret when
 * `always` or NAME looks secret. */
static void secrets_of_placeholders(hn__redact *r, const char *s, int always,
                                    hn_fixture_lookup lookup, void *data)
{
    for (const char *p = s; (p = strstr(p, "${"));) {
        if (p > s && p[-1] == '$') {
            p += 2;
            continue;
        }
        const char *end = strchr(p, '}');
        if (!end)
            return;
        char name[64];
        snprintf(name, sizeof name, "%.*s", (int)(end - p - 2), p + 2);
        int secretish = always;
        for (size_t i = 0; !secretish && i < sizeof secret_words / sizeof *secret_words; i++)
            secretish = strcasestr(name, secret_words[i]) != NULL;
        const char *v = secretish ? (lookup ? lookup(name, data) : getenv(name)) : NULL;
        if (v)
            add_secret(r, v, strlen(v), name);
        p = end + 1;
    }
}

/* A sensitive value: remembers what it stands for and returns its written
 * form (malloc'd), or NULL (out of memory). `name` is the header or field. */
static char *redact_value(hn__redact *r, const char *name, const char *value, int scheme,
                          hn_fixture_lookup lookup, void *data)
{
    if (strstr(value, "${")) { /* the user chose a placeholder: keep it */
        secrets_of_placeholders(r, value, 1, lookup, data);
        return strdup(value);
    }
    char ph[64];
    hn__redact_placeholder(name, ph, sizeof ph);
    size_t word = scheme ? strspn(value, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-")
                         : 0;
    if (word && value[word] == ' ' && value[word + 1]) { /* "Bearer abc": keep "Bearer" */
        add_secret(r, value + word + 1, strlen(value + word + 1), ph);
        char *out = NULL;
        return asprintf(&out, "%.*s ${%s}", (int)word, value, ph) < 0 ? NULL : out;
    }
    add_secret(r, value, strlen(value), ph);
    char *out = NULL;
    return asprintf(&out, "${%s}", ph) < 0 ? NULL : out;
}

static int is_auth(const char *name)
{
    return !strcasecmp(name, "Authorization") || !strcasecmp(name, "Proxy-Authorization");
}

/* Redacts the sensitive members of a headers object (values a string or an
 * array of strings). where: "request" or "response". */
static int redact_headers(hn__redact *r, cJSON *headers, const char *where,
                          hn_fixture_lookup lookup, void *data)
{
    char fmt[64];
    snprintf(fmt, sizeof fmt, "%s header %%s", where);
    for (cJSON *h = headers ? headers->child : NULL, *hnext; h; h = hnext) {
        hnext = h->next; /* h itself may be replaced below */
        if (!h->string || !hn__redact_is_sensitive(r, h->string))
            continue;
        cJSON *list = cJSON_IsArray(h) ? h : NULL;
        for (cJSON *v = list ? list->child : h, *next; v; v = next) {
            next = list ? v->next : NULL;
            if (!cJSON_IsString(v) || !v->valuestring[0])
                continue;
            /* A cookie's value alone may be echoed elsewhere: remember it too. */
            const char *eq = strchr(v->valuestring, '=');
            char ph[64], name[256];
            snprintf(name, sizeof name, "%s", h->string);
            hn__redact_placeholder(name, ph, sizeof ph);
            if (eq && !strstr(v->valuestring, "${"))
                add_secret(r, eq + 1, strcspn(eq + 1, ";"), ph);
            char *w = redact_value(r, name, v->valuestring, is_auth(name), lookup, data);
            int rc = w ? set_string(list ? list : headers, v, w) : -1;
            free(w);
            if (rc || note(r, fmt, name))
                return -1;
        }
    }
    return 0;
}

/* Redacts sensitive name=value pairs of a query string or form body in s
 * (from `from`, up to '#' or the end). Returns a malloc'd copy or NULL. */
static char *redact_pairs(hn__redact *r, const char *s, size_t from, const char *what,
                          hn_fixture_lookup lookup, void *data)
{
    hn__buf b = {0};
    hn__buf_add(&b, s, from);
    size_t end = from + strcspn(s + from, "#");
    for (size_t i = from; i < end;) {
        size_t len = strcspn(s + i, "&#");
        if (i + len > end)
            len = end - i;
        const char *eq = memchr(s + i, '=', len);
        char key[128];
        size_t klen = eq ? (size_t)(eq - (s + i)) : len;
        snprintf(key, sizeof key, "%.*s", (int)klen, s + i);
        if (eq && len > klen + 1 && hn__redact_is_sensitive(r, key)) {
            char *value = strndup(eq + 1, len - klen - 1);
            char *w = value ? redact_value(r, key, value, 0, lookup, data) : NULL;
            free(value);
            if (!w || note(r, what, key)) {
                free(w);
                hn__buf_free(&b);
                return NULL;
            }
            hn__buf_printf(&b, "%s=%s", key, w);
            free(w);
        } else {
            hn__buf_add(&b, s + i, len);
        }
        i += len;
        if (i < end && s[i] == '&')
            hn__buf_add(&b, s + i++, 1);
    }
    hn__buf_puts(&b, s + end);
    return hn__buf_take(&b);
}

/* Redacts sensitive members (string values) of a JSON body, at any depth;
 * counts them in *changed. */
static int redact_fields(hn__redact *r, cJSON *node, const char *what,
                         hn_fixture_lookup lookup, void *data, size_t *changed)
{
    for (cJSON *c = node ? node->child : NULL, *next; c; c = next) {
        next = c->next;
        if (c->string && cJSON_IsString(c) && c->valuestring[0] &&
            hn__redact_is_sensitive(r, c->string)) {
            char *w = redact_value(r, c->string, c->valuestring, 0, lookup, data);
            int rc = note(r, what, c->string) || !w ? -1 : set_string(node, c, w);
            free(w);
            if (rc)
                return -1;
            ++*changed;
        } else if (redact_fields(r, c, what, lookup, data, changed)) {
            return -1;
        }
    }
    return 0;
}

/* Redacts the JSON body of msg (a tree, or raw JSON text as
 * hn_fixture_json_set_body makes it): sensitive fields, then every secret.
 * A raw body that changed is replaced by its tree. Adds the secrets
 * scrubbed to *hits. */
static int redact_body(hn__redact *r, cJSON *msg, const char *what, hn_fixture_lookup lookup,
                       void *data, size_t *hits)
{
    cJSON *body = cJSON_GetObjectItemCaseSensitive(msg, "body");
    cJSON *tree = cJSON_IsRaw(body) ? cJSON_Parse(body->valuestring) : body;
    size_t changed = 0, before = *hits;
    if (!body || (cJSON_IsRaw(body) && !tree))
        return 0; /* no JSON body (raw text that is not JSON stays as it is) */
    int rc = redact_fields(r, tree, what, lookup, data, &changed) ||
                     scrub_tree(r, tree, hits)
                 ? -1
                 : 0;
    if (tree == body)
        return rc;
    if (rc == 0 && (changed || *hits > before)) {
        if (!cJSON_ReplaceItemInObjectCaseSensitive(msg, "body", tree)) {
            cJSON_Delete(tree);
            return -1;
        }
        return 0;
    }
    cJSON_Delete(tree);
    return rc;
}

static int is_form(const cJSON *headers)
{
    for (const cJSON *h = headers ? headers->child : NULL; h; h = h->next)
        if (h->string && !strcasecmp(h->string, "Content-Type") && cJSON_IsString(h))
            return !strncasecmp(h->valuestring, "application/x-www-form-urlencoded", 33);
    return 0;
}

/* Scrubs the string member `field` of obj; adds the hits. */
static int scrub_member(const hn__redact *r, cJSON *obj, const char *field, size_t *hits)
{
    cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, field);
    if (!cJSON_IsString(item))
        return 0;
    hn__buf b = {0};
    size_t h = scrub_into(r, item->valuestring, strlen(item->valuestring), &b);
    int rc = h ? set_string(obj, item, hn__buf_str(&b)) : 0;
    hn__buf_free(&b);
    *hits += h;
    return rc;
}

/* Replaces member `field` of obj (a string) with a redacted copy. */
static int rewrite_pairs(hn__redact *r, cJSON *obj, const char *field, const char *what,
                         hn_fixture_lookup lookup, void *data)
{
    cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, field);
    if (!cJSON_IsString(item))
        return 0;
    const char *s = item->valuestring;
    const char *q = strcmp(field, "url") ? s : strchr(s, '?');
    if (!q)
        return 0;
    char *w = redact_pairs(r, s, (size_t)(q - s) + (q != s), what, lookup, data);
    int rc = w ? set_string(obj, item, w) : -1;
    free(w);
    return rc;
}

static void walk_placeholders(hn__redact *r, const cJSON *node, hn_fixture_lookup lookup,
                              void *data)
{
    for (const cJSON *c = node ? node->child : NULL; c; c = c->next) {
        if (cJSON_IsString(c) || cJSON_IsRaw(c))
            secrets_of_placeholders(r, c->valuestring, 0, lookup, data);
        walk_placeholders(r, c, lookup, data);
    }
}

int hn__redact_request(hn__redact *r, cJSON *request, hn_fixture_lookup lookup, void *data)
{
    cJSON *headers = cJSON_GetObjectItemCaseSensitive(request, "headers");
    size_t hits = 0, fields = 0;
    /* First the sensitive places (learning secrets), then the secrets
     * anywhere else: the body is gone over twice. */
    if (redact_headers(r, headers, "request", lookup, data) ||
        rewrite_pairs(r, request, "url", "query parameter %s", lookup, data) ||
        redact_body(r, request, "request field %s", lookup, data, &fields) ||
        (is_form(headers) &&
         rewrite_pairs(r, request, "body_text", "request field %s", lookup, data)))
        return -1;
    walk_placeholders(r, request, lookup, data);
    if (scrub_member(r, request, "url", &hits) || scrub_tree(r, headers, &hits) ||
        scrub_member(r, request, "body_text", &hits) ||
        redact_body(r, request, "request field %s", lookup, data, &hits))
        return -1;
    if (hits && note(r, "%s", "secret values elsewhere in the request"))
        return -1;
    return 0;
}

int hn__redact_response_headers(hn__redact *r, cJSON *response)
{
    return redact_headers(r, cJSON_GetObjectItemCaseSensitive(response, "headers"),
                          "response", NULL, NULL);
}

int hn__redact_bytes(hn__redact *r, char **body, size_t *len)
{
    hn__buf b = {0};
    size_t hits = scrub_into(r, *body, *len, &b);
    if (!hits) {
        hn__buf_free(&b);
        return 0;
    }
    free(*body);
    *len = b.len;
    *body = hn__buf_take(&b);
    return note(r, "%s", "secret values in the response body");
}

int hn__redact_response_body(hn__redact *r, cJSON *response)
{
    size_t hits = 0, hhits = 0;
    if (redact_body(r, response, "response field %s", NULL, NULL, &hits) ||
        scrub_member(r, response, "body_text", &hits) ||
        scrub_tree(r, cJSON_GetObjectItemCaseSensitive(response, "headers"), &hhits))
        return -1;
    if (hits && note(r, "%s", "secret values in the response body"))
        return -1;
    if (hhits && note(r, "%s", "secret values in response headers"))
        return -1;
    return 0;
}

size_t hn__redact_note_count(const hn__redact *r)
{
    return r->nnotes;
}

const char *hn__redact_note_at(const hn__redact *r, size_t i)
{
    return i < r->nnotes ? r->notes[i] : NULL;
}
